package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
)

// field is an article.Raw field that a record key or CSV column fills.
type field int

const (
	fieldText field = iota
	fieldTitle
	fieldPublished
	fieldTime // a clock time kept apart from the date ("21:48 WIB")
	fieldURL
	fieldOutlet
	fieldAuthor
	fieldLanguage
	numFields
)

// fieldOf maps a record key or column name, lowercased, to the field it
// fills and its rank: when several keys fill one field, the lowest rank with
// a non-empty value wins.
func fieldOf(key string) (f field, rank int, ok bool) {
	switch key {
	case "text":
		return fieldText, 0, true
	case "content":
		return fieldText, 1, true
	case "isi_berita": // Indonesian datasets: "news body"
		return fieldText, 2, true
	case "body":
		return fieldText, 3, true
	case "article":
		return fieldText, 4, true
	case "title":
		return fieldTitle, 0, true
	case "judul":
		return fieldTitle, 1, true
	case "headline":
		return fieldTitle, 2, true
	case "published":
		return fieldPublished, 0, true
	case "date":
		return fieldPublished, 1, true
	case "tanggal":
		return fieldPublished, 2, true
	case "pubdate":
		return fieldPublished, 3, true
	case "datepublished": // schema.org
		return fieldPublished, 4, true
	case "time":
		return fieldTime, 0, true
	case "url":
		return fieldURL, 0, true
	case "tautan":
		return fieldURL, 1, true
	case "link":
		return fieldURL, 2, true
	case "outlet":
		return fieldOutlet, 0, true
	case "source_name":
		return fieldOutlet, 1, true
	case "site":
		return fieldOutlet, 2, true
	case "author":
		return fieldAuthor, 0, true
	case "language":
		return fieldLanguage, 0, true
	case "lang":
		return fieldLanguage, 1, true
	}
	return 0, 0, false
}

// wantText lists the text keys for error messages.
const wantText = "want text, content, isi_berita or body"

// record gathers the fields of one article record.
type record struct {
	val     [numFields]string
	rank    [numFields]int
	has     [numFields]bool // a non-empty value was set
	seen    [numFields]bool // the key was present, maybe empty
	textKey string          // the key the text came from, for messages
	keyRank int             // rank of textKey while the text is empty
}

func (r *record) set(key string, f field, rank int, v string) {
	r.seen[f] = true
	if strings.TrimSpace(v) == "" {
		if f == fieldText && !r.has[fieldText] && (r.textKey == "" || rank < r.keyRank) {
			r.textKey, r.keyRank = key, rank
		}
		return
	}
	if r.has[f] && r.rank[f] <= rank {
		return
	}
	r.val[f], r.rank[f], r.has[f] = v, rank, true
	if f == fieldText {
		r.textKey = key
	}
}

// raw makes the article.Raw of a record, or says why it has no text.
func (r *record) raw(src string, line int) (*article.Raw, error) {
	if !r.seen[fieldText] {
		return nil, fmt.Errorf("record has %w field (%s)", ErrNoText, wantText)
	}
	if !r.has[fieldText] {
		return nil, fmt.Errorf("%w: record field %q is empty", ErrNoText, r.textKey)
	}
	meta := func(f field) string { return strings.TrimSpace(r.val[f]) }
	published := meta(fieldPublished)
	if t := meta(fieldTime); published != "" && t != "" {
		published += " " + t
	}
	text := r.val[fieldText]
	kind := article.KindText
	if looksHTML(text) {
		kind = article.KindHTML
	}
	return &article.Raw{
		Source:    src,
		Line:      line,
		Kind:      kind,
		Content:   text,
		Title:     meta(fieldTitle),
		Published: published,
		URL:       meta(fieldURL),
		Outlet:    meta(fieldOutlet),
		Author:    meta(fieldAuthor),
		Language:  meta(fieldLanguage),
	}, nil
}

// errNotObject is reported for a JSON record that is not an object.
var errNotObject = errors.New("record is not a json object")

// parseRecord reads one JSON article record.
func parseRecord(data []byte, src string, line int) (*article.Raw, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, errNotObject
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("malformed json: %w", err)
	}
	var rec record
	for k, v := range m {
		key := strings.ToLower(k)
		f, rank, ok := fieldOf(key)
		if !ok {
			continue
		}
		rec.set(key, f, rank, jsonText(v))
	}
	return rec.raw(src, line)
}

// jsonText turns a record value into text: strings as they are, numbers as
// written, arrays joined with ", " (several authors), objects by their
// "name" (schema.org Person), anything else as "".
func jsonText(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return ""
	}
	switch v[0] {
	case '"':
		s, _ := jsonUnquote(v)
		return s
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(v, &items) != nil {
			return ""
		}
		var parts []string
		for _, it := range items {
			if s := strings.TrimSpace(jsonText(it)); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(v, &obj) != nil {
			return ""
		}
		for k, x := range obj {
			if strings.EqualFold(k, "name") {
				return jsonText(x)
			}
		}
		return ""
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return string(v)
	}
	return "" // null, true, false
}

// jsonUnquote decodes a JSON string literal. Unlike encoding/json it keeps
// bytes that are not valid UTF-8 as they are, instead of turning them into
// U+FFFD: the clean stage needs them to repair Latin-1 and mojibake.
func jsonUnquote(s []byte) (string, bool) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", false
	}
	s = s[1 : len(s)-1]
	i := bytes.IndexByte(s, '\\')
	if i < 0 {
		return string(s), true
	}
	b := make([]byte, 0, len(s))
	for {
		b = append(b, s[:i]...)
		s = s[i:]
		if len(s) < 2 {
			return "", false
		}
		switch c := s[1]; c {
		case '"', '\\', '/':
			b = append(b, c)
			s = s[2:]
		case 'b':
			b, s = append(b, '\b'), s[2:]
		case 'f':
			b, s = append(b, '\f'), s[2:]
		case 'n':
			b, s = append(b, '\n'), s[2:]
		case 'r':
			b, s = append(b, '\r'), s[2:]
		case 't':
			b, s = append(b, '\t'), s[2:]
		case 'u':
			r, ok := hex4(s[2:])
			if !ok {
				return "", false
			}
			s = s[6:]
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					r2, ok = hex4(s[2:])
				}
				if d := utf16.DecodeRune(r, r2); ok && d != utf8.RuneError {
					r, s = d, s[6:]
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", false
		}
		i = bytes.IndexByte(s, '\\')
		if i < 0 {
			b = append(b, s...)
			return string(b), true
		}
	}
}

// hex4 reads the four hex digits of a \u escape.
func hex4(s []byte) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
