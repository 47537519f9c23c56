package ingest

import (
	"bytes"
	"encoding/json"
	"mime"
	"path/filepath"
	"strings"
)

// format is how an input stream is parsed.
type format int

const (
	formatUnknown format = iota // sniff the content
	formatText
	formatHTML
	formatJSON  // one record object, an array of them, or a stream of them
	formatJSONL // one record per line
	formatCSV
	formatTSV
	formatFeed // RSS, Atom or JSON Feed
	formatWARC
	formatBinary // sniffed: not text
)

// formatByName picks a format from a file name's extension, ignoring case
// and a trailing ".gz" (compression is detected from the content).
func formatByName(name string) format {
	n := strings.TrimSuffix(strings.ToLower(filepath.Base(name)), ".gz")
	switch filepath.Ext(n) {
	case ".txt", ".text":
		return formatText
	case ".html", ".htm", ".xhtml":
		return formatHTML
	case ".json":
		return formatJSON
	case ".jsonl", ".ndjson":
		return formatJSONL
	case ".csv":
		return formatCSV
	case ".tsv":
		return formatTSV
	case ".xml", ".rss", ".atom":
		return formatFeed
	case ".warc":
		return formatWARC
	}
	return formatUnknown
}

// formatByType picks a format for a fetched body from its Content-Type,
// with the body's start to catch feeds served as text/html or text/plain.
// It returns formatUnknown when the content must be sniffed.
func formatByType(contentType string, head []byte) format {
	if isFeed(head) {
		return formatFeed
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "text/html", "application/xhtml+xml":
		return formatHTML
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml",
		"application/xml", "text/xml", "application/feed+json":
		return formatFeed
	case "text/plain":
		return formatText
	case "application/json":
		return formatJSON
	case "application/x-ndjson", "application/jsonl", "application/x-jsonlines":
		return formatJSONL
	case "text/csv":
		return formatCSV
	case "text/tab-separated-values":
		return formatTSV
	case "application/warc":
		return formatWARC
	}
	return formatUnknown
}

// sniff tells the format of a stream from its first bytes.
func sniff(head []byte) format {
	b := bytes.TrimLeft(trimBOM(head), " \t\r\n")
	if bytes.HasPrefix(b, []byte("WARC/")) {
		return formatWARC
	}
	if isBinary(head) {
		return formatBinary
	}
	if isFeed(b) {
		return formatFeed
	}
	if len(b) > 0 && b[0] == '[' {
		return formatJSON
	}
	if len(b) > 0 && b[0] == '{' {
		// Several lines that each hold one object are JSON Lines; the JSON
		// reader copes with both, but JSONL survives a bad line.
		if i := bytes.IndexByte(b, '\n'); i > 0 && json.Valid(b[:i]) {
			if rest := bytes.TrimLeft(b[i:], " \t\r\n"); len(rest) > 0 && rest[0] == '{' {
				return formatJSONL
			}
		}
		return formatJSON
	}
	if looksHTML(string(b)) {
		return formatHTML
	}
	return formatText
}

// isFeed reports whether a document starts like an RSS, RDF or Atom feed,
// after any XML declaration, processing instructions, comments and doctype.
func isFeed(head []byte) bool {
	b := bytes.TrimLeft(trimBOM(head), " \t\r\n")
	for len(b) > 0 && b[0] == '<' {
		var end []byte
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(b, []byte("<!")):
			end = []byte(">")
		default:
			l := bytes.ToLower(b[:min(len(b), 10)])
			return bytes.HasPrefix(l, []byte("<rss")) || bytes.HasPrefix(l, []byte("<feed")) ||
				bytes.HasPrefix(l, []byte("<rdf:rdf"))
		}
		i := bytes.Index(b, end)
		if i < 0 {
			return false
		}
		b = bytes.TrimLeft(b[i+len(end):], " \t\r\n")
	}
	return false
}

// htmlMarkers are tags whose presence makes a document that starts with "<"
// an HTML page or fragment rather than text.
var htmlMarkers = [...]string{
	"<html", "<!doctype html", "<head", "<body", "<p>", "<p ", "<div", "<br",
	"<article", "<title", "<meta", "<span", "<h1", "<h2", "<section",
}

// looksHTML reports whether text starts with "<" and holds HTML tags.
func looksHTML(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n\ufeff")
	if !strings.HasPrefix(s, "<") {
		return false
	}
	l := strings.ToLower(s[:min(len(s), 64<<10)])
	for _, m := range htmlMarkers {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// isBinary reports whether a sample is not text: it holds a NUL byte, or
// more than a tenth of it is control characters. Bytes above 0x7f do not
// count: Latin-1 and broken UTF-8 are text to be repaired later.
func isBinary(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f {
			ctrl++
		}
	}
	return ctrl*10 > len(b)
}

func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\ufeff")) }
