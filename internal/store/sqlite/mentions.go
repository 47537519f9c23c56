package sqlite

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/warta-dev/warta/internal/article"
)

// An entity's mentions in one document are stored with the document's
// entity row (doc_entities.mentions, migration 00007) rather than one row
// each: an article has dozens, and a row per mention was the largest part
// of storing a batch. The column is a JSON array of [start, end] byte
// offsets into documents.text, or [start, end, "text"] where the mention's
// text is not that slice of the document.

// appendMentions appends the JSON form of ms, for a document whose text is
// text, to dst.
func appendMentions(dst []byte, text string, ms []article.Mention) []byte {
	dst = append(dst, '[')
	for i, m := range ms {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '[')
		dst = strconv.AppendInt(dst, int64(m.Start), 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(m.End), 10)
		if m.Start < 0 || m.End > len(text) || m.Start > m.End || text[m.Start:m.End] != m.Text {
			q, _ := json.Marshal(m.Text) // a string always encodes
			dst = append(dst, ',')
			dst = append(dst, q...)
		}
		dst = append(dst, ']')
	}
	return append(dst, ']')
}

// decodeMentions reads what appendMentions wrote for a document whose text
// is text.
func decodeMentions(b []byte, text string) ([]article.Mention, error) {
	var rows [][]json.RawMessage
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("decode mentions: %w", err)
	}
	out := make([]article.Mention, 0, len(rows))
	for i, r := range rows {
		if len(r) != 2 && len(r) != 3 {
			return nil, fmt.Errorf("decode mention %d: %d fields, want 2 or 3", i, len(r))
		}
		var m article.Mention
		if err := json.Unmarshal(r[0], &m.Start); err != nil {
			return nil, fmt.Errorf("decode mention %d start: %w", i, err)
		}
		if err := json.Unmarshal(r[1], &m.End); err != nil {
			return nil, fmt.Errorf("decode mention %d end: %w", i, err)
		}
		switch {
		case len(r) == 3:
			if err := json.Unmarshal(r[2], &m.Text); err != nil {
				return nil, fmt.Errorf("decode mention %d text: %w", i, err)
			}
		case m.Start < 0 || m.End > len(text) || m.Start > m.End:
			return nil, fmt.Errorf("decode mention %d: offsets %d-%d outside a text of %d bytes", i, m.Start, m.End, len(text))
		default:
			m.Text = text[m.Start:m.End]
		}
		out = append(out, m)
	}
	return out, nil
}
