package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/warta-dev/warta/internal/article"
)

// This file holds a small WARC reader (ISO 28500, WARC/1.0 and WARC/1.1)
// and the walk over it. A WARC file is a sequence of records, each a version
// line, named header fields, a blank line, Content-Length bytes of content
// block and two CRLFs. A .warc.gz file compresses each record as its own
// gzip member; gzip.Reader reads the members as one stream.

// warcRecord is one WARC record.
type warcRecord struct {
	Offset  int64  // of the version line in the uncompressed stream
	Version string // "WARC/1.1"
	Header  textproto.MIMEHeader
	Length  int64     // of the content block
	Block   io.Reader // the content block; valid until the next call to Next
}

// Type returns the record type, lowercased: "response", "request",
// "resource", "metadata", "warcinfo", "conversion", "revisit", ...
func (r *warcRecord) Type() string {
	return strings.ToLower(strings.TrimSpace(r.Header.Get("WARC-Type")))
}

// TargetURI returns WARC-Target-URI, without the angle brackets that some
// WARC/1.0 writers put around it.
func (r *warcRecord) TargetURI() string {
	u := strings.TrimSpace(r.Header.Get("WARC-Target-URI"))
	return strings.TrimSuffix(strings.TrimPrefix(u, "<"), ">")
}

// warcError is a record that cannot be read, with where it starts.
type warcError struct {
	Offset int64
	Msg    string
	Err    error // may be nil
}

func (e *warcError) Error() string {
	s := "warc record at offset " + strconv.FormatInt(e.Offset, 10) + ": " + e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *warcError) Unwrap() error { return e.Err }

// warcReader reads WARC records one after another.
type warcReader struct {
	count  *meter // counts the bytes pulled into br
	br     *bufio.Reader
	tp     *textproto.Reader
	cur    *io.LimitedReader // the current record's block
	curOff int64
}

func newWARCReader(r io.Reader) *warcReader {
	m := &meter{r: r}
	br := bufio.NewReaderSize(m, 64<<10)
	return &warcReader{count: m, br: br, tp: textproto.NewReader(br)}
}

// offset is the position of the next unread byte.
func (wr *warcReader) offset() int64 { return wr.count.n - int64(wr.br.Buffered()) }

// Next returns the next record, io.EOF at a clean end, or a *warcError
// after which the stream cannot be read on.
func (wr *warcReader) Next() (*warcRecord, error) {
	if err := wr.complete(); err != nil {
		return nil, err
	}
	var off int64
	var version string
	for version == "" { // skip the blank lines that end the previous record
		off = wr.offset()
		line, err := wr.tp.ReadLine()
		if err == io.EOF && line == "" {
			return nil, io.EOF
		}
		if err != nil {
			return nil, &warcError{Offset: off, Msg: "truncated", Err: unexpected(err)}
		}
		version = strings.TrimSpace(line)
	}
	if !strings.HasPrefix(version, "WARC/") {
		return nil, &warcError{Offset: off, Msg: fmt.Sprintf("not a warc record: starts with %q", clip(version, 40))}
	}
	hdr, err := wr.tp.ReadMIMEHeader()
	if err != nil {
		// A header cut short ends in a partial line, which textproto
		// reports as malformed: look at whether the input ran out.
		if _, perr := wr.br.Peek(1); perr != nil {
			return nil, &warcError{Offset: off, Msg: "truncated", Err: unexpected(perr)}
		}
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, &warcError{Offset: off, Msg: "truncated", Err: unexpected(err)}
		}
		return nil, &warcError{Offset: off, Msg: "bad header", Err: err}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(hdr.Get("Content-Length")), 10, 64)
	if err != nil || n < 0 {
		return nil, &warcError{Offset: off, Msg: fmt.Sprintf("bad content-length %q", clip(hdr.Get("Content-Length"), 40))}
	}
	wr.cur, wr.curOff = &io.LimitedReader{R: wr.br, N: n}, off
	return &warcRecord{Offset: off, Version: version, Header: hdr, Length: n, Block: wr.cur}, nil
}

// complete reads what is left of the current record's block and reports a
// record cut short.
func (wr *warcReader) complete() error {
	if wr.cur == nil {
		return nil
	}
	_, err := io.Copy(io.Discard, wr.cur)
	short := wr.cur.N > 0
	wr.cur = nil
	if err != nil || short {
		return &warcError{Offset: wr.curOff, Msg: "truncated", Err: unexpected(err)}
	}
	return nil
}

// unexpected turns an early end of input into io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == nil || err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// warc emits the pages of a WARC file: response records holding an HTTP 200
// HTML page, and resource or conversion records holding HTML or plain text.
// A record cut short ends the file with one failure; the records before it
// have been emitted.
func (w *walker) warc(ctx context.Context, d doc, r io.Reader) error {
	wr := newWARCReader(r)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := wr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			w.fail(d.src, err)
			return nil
		}
		raw, perr := w.warcPage(rec)
		if err := wr.complete(); err != nil {
			w.fail(d.src, err) // the payload may be cut too: emit nothing
			return nil
		}
		switch {
		case perr != nil:
			w.fail(d.src, &warcError{Offset: rec.Offset, Msg: showURL(rec.TargetURI()), Err: perr})
		case raw != nil:
			raw.Source = d.src
			if err := w.emit(ctx, raw); err != nil {
				return err
			}
		}
		d.tick()
	}
}

// warcPage returns the page in a record, or nil for records that hold none.
func (w *walker) warcPage(rec *warcRecord) (*article.Raw, error) {
	limit := w.r.opts.MaxBytes
	blockType, _, _ := mime.ParseMediaType(rec.Header.Get("Content-Type"))
	var (
		kind article.Kind
		body io.Reader
	)
	switch rec.Type() {
	case "response":
		if blockType != "application/http" && (blockType != "" || !isURL(rec.TargetURI())) {
			return nil, nil // dns: and other non-HTTP responses
		}
		resp, err := readHTTPResponse(rec.Block)
		if err != nil {
			return nil, fmt.Errorf("bad http response: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, nil
		}
		mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		if mt != "" && mt != "text/html" && mt != "application/xhtml+xml" {
			return nil, nil
		}
		body, err = decodeContent(resp.Body, resp.Header.Get("Content-Encoding"))
		if err != nil {
			return nil, err
		}
		kind = article.KindHTML
	case "resource", "conversion":
		switch blockType {
		case "text/html", "application/xhtml+xml":
			kind = article.KindHTML
		case "text/plain":
			kind = article.KindText
		default:
			return nil, nil
		}
		body = rec.Block
	default:
		return nil, nil // request, metadata, warcinfo, revisit
	}
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	// A short body with a complete record means the stored HTTP headers
	// overstate the length (common after re-encoding): keep what is there.
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: payload over the %s limit", ErrTooLarge, formatSize(limit))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	if isBinary(data[:min(len(data), sniffLen)]) {
		return nil, ErrBinary
	}
	return &article.Raw{Kind: kind, Content: string(data), URL: rec.TargetURI()}, nil
}

// readHTTPResponse parses a stored HTTP response. Crawlers record HTTP/2
// and HTTP/3 exchanges with a status line net/http does not parse, so that
// line is rewritten as HTTP/1.1.
func readHTTPResponse(block io.Reader) (*http.Response, error) {
	br := bufio.NewReader(block)
	status, err := br.ReadString('\n')
	if err != nil && status == "" {
		return nil, unexpected(err)
	}
	for _, p := range []string{"HTTP/2.0 ", "HTTP/2 ", "HTTP/3.0 ", "HTTP/3 "} {
		if strings.HasPrefix(status, p) {
			status = "HTTP/1.1 " + status[len(p):]
			break
		}
	}
	return http.ReadResponse(bufio.NewReader(io.MultiReader(strings.NewReader(status), br)), nil)
}

// decodeContent undoes a stored response's Content-Encoding.
func decodeContent(r io.Reader, encoding string) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return r, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("content-encoding gzip: %w", err)
		}
		return zr, nil
	case "deflate":
		// "deflate" is zlib by the RFC, raw deflate by some servers.
		br := bufio.NewReader(r)
		if head, _ := br.Peek(2); len(head) == 2 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 && head[0]&0x0f == 8 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("content-encoding deflate: %w", err)
			}
			return zr, nil
		}
		return flate.NewReader(br), nil
	}
	return nil, fmt.Errorf("unsupported content-encoding %q", clip(encoding, 40))
}
