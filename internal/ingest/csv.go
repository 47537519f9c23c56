package ingest

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxHeaderList caps how many column names a "no text column" error lists.
const maxHeaderList = 20

// csv reads a table whose header names a text column (text, content,
// isi_berita or body) and maps the other columns like record keys. Quoted
// fields may span lines; Raw.Line is the line a record starts on.
func (w *walker) csv(ctx context.Context, d doc, r io.Reader, comma rune) error {
	limit := &capReader{r: r, limit: int64(w.r.opts.MaxLine), what: "csv record"}
	cr := csv.NewReader(limit)
	cr.Comma = comma
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			err = ErrEmpty
		} else if !isCSVSyntax(err) && !errors.Is(err, ErrTooLarge) {
			err = w.readErr(d, err)
		}
		w.fail(d.src, fmt.Errorf("header: %w", err))
		return nil
	}
	type column struct {
		field field
		rank  int
		key   string
	}
	cols := make([]column, len(header))
	names := make([]string, len(header))
	textCol, textRank := "", -1
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		names[i] = h
		key := strings.ToLower(strings.TrimSpace(h))
		f, rank, ok := fieldOf(key)
		if !ok {
			cols[i].field = numFields // unused column
			continue
		}
		cols[i] = column{field: f, rank: rank, key: key}
		if f == fieldText && (textRank < 0 || rank < textRank) {
			textCol, textRank = key, rank
		}
	}
	if textRank < 0 {
		w.fail(d.src, fmt.Errorf("%w column (%s); header is %s", ErrNoText, wantText, headerList(names)))
		return nil
	}
	d.tick()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		limit.mark = cr.InputOffset()
		fields, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && isCSVSyntax(err) {
				w.fail(d.at(pe.StartLine), pe.Err)
				continue
			}
			line := 0
			if len(fields) > 0 {
				line, _ = cr.FieldPos(0)
			}
			if !errors.Is(err, ErrTooLarge) {
				err = w.readErr(d, err)
			}
			w.fail(d.at(line), err)
			return nil
		}
		line, _ := cr.FieldPos(0)
		rec := record{textKey: textCol, keyRank: textRank}
		rec.seen[fieldText] = true // the column exists, even if this row is short
		for i, v := range fields {
			if i < len(cols) && cols[i].field != numFields {
				rec.set(cols[i].key, cols[i].field, cols[i].rank, v)
			}
		}
		raw, err := rec.raw(d.src, line)
		if err != nil {
			w.fail(d.at(line), err)
		} else if err := w.emit(ctx, raw); err != nil {
			return err
		}
		d.tick()
	}
}

// isCSVSyntax reports whether err is a malformed record, after which the
// reader can go on, rather than a broken stream.
func isCSVSyntax(err error) bool {
	return errors.Is(err, csv.ErrQuote) || errors.Is(err, csv.ErrBareQuote) ||
		errors.Is(err, csv.ErrFieldCount)
}

// headerList quotes a header's column names for an error message.
func headerList(names []string) string {
	if len(names) == 0 {
		return "empty"
	}
	q := make([]string, 0, min(len(names), maxHeaderList))
	for _, n := range names[:min(len(names), maxHeaderList)] {
		if len(n) > 40 {
			n = n[:40] + "..."
		}
		q = append(q, strconv.Quote(n))
	}
	s := strings.Join(q, ", ")
	if len(names) > maxHeaderList {
		s += fmt.Sprintf(" and %d more", len(names)-maxHeaderList)
	}
	return s
}
