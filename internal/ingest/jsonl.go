package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// jsonl reads one article record per line. A bad line is one failure; the
// lines after it still arrive. A stream that breaks mid-line (truncated
// gzip) fails at the line it reached, after every complete line before it.
func (w *walker) jsonl(ctx context.Context, d doc, br *bufio.Reader) error {
	limit := w.r.opts.MaxLine
	var buf []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := readLine(br, limit, buf[:0])
		if cap(line) > cap(buf) && cap(line) <= 1<<20 {
			buf = line // keep a grown buffer, but not a huge one
		}
		if err != nil && err != io.EOF {
			w.fail(d.at(n), w.readErr(d, err))
			return nil
		}
		if tooLong {
			w.fail(d.at(n), fmt.Errorf("%w: line over the %s limit", ErrTooLarge, formatSize(int64(limit))))
		} else if err := w.jsonRecord(ctx, d, n, line); err != nil {
			return err
		}
		d.tick()
		if err == io.EOF {
			return nil
		}
	}
}

// jsonRecord emits the record in one JSONL line, skipping blank lines.
func (w *walker) jsonRecord(ctx context.Context, d doc, n int, line []byte) error {
	if n == 1 {
		line = trimBOM(line)
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil
	}
	raw, err := parseRecord(line, d.src, n)
	if err != nil {
		w.fail(d.at(n), err)
		return nil
	}
	if raw.URL == "" {
		raw.URL = d.url
	}
	return w.emit(ctx, raw)
}

// readLine reads one line without its newline into buf. A line longer than
// limit is skipped up to its end and reported with tooLong. err is io.EOF on
// the last line (which may then be empty) and any other read error when the
// stream breaks, in which case line is incomplete.
func readLine(br *bufio.Reader, limit int, buf []byte) (line []byte, tooLong bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(frag) > limit+1 { // +1 for the newline
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, frag...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(buf, []byte("\n")), tooLong, err
	}
}

// json reads a .json file: one record object, an array of records, or a
// stream of objects. Records in an array or stream carry their line.
func (w *walker) json(ctx context.Context, d doc, br *bufio.Reader) error {
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		_, _ = br.Discard(3)
	}
	first, newlines, err := nextByte(br)
	if err != nil {
		w.fail(d.src, ErrEmpty)
		return nil
	}
	limit := &capReader{r: br, limit: int64(w.r.opts.MaxLine), what: "json value"}
	lt := &lineTracker{r: limit, lines: newlines}
	dec := json.NewDecoder(lt)
	array := first == '['
	if array {
		if _, err := dec.Token(); err != nil {
			w.fail(d.src, fmt.Errorf("malformed json: %w", err))
			return nil
		}
	} else if first != '{' {
		w.fail(d.src, errors.New("not a json object or array of objects"))
		return nil
	}
	for i := 0; dec.More(); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := lt.lineAt(dec.InputOffset())
		limit.mark = dec.InputOffset()
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			switch {
			case errors.Is(err, ErrTooLarge):
			case errors.Is(err, io.ErrUnexpectedEOF) && d.gz:
				err = w.readErr(d, err)
			default:
				err = fmt.Errorf("malformed json: %w", err)
			}
			w.fail(d.at(line), err) // cannot resynchronise
			return nil
		}
		if i == 0 && !array && !dec.More() {
			line = 0 // a file holding a single record
		}
		raw, err := parseRecord(v, d.src, line)
		if err != nil {
			w.fail(d.at(line), err)
		} else {
			if raw.URL == "" {
				raw.URL = d.url
			}
			if err := w.emit(ctx, raw); err != nil {
				return err
			}
		}
		d.tick()
	}
	if array {
		if _, err := dec.Token(); err != nil {
			w.fail(d.src, fmt.Errorf("malformed json at end of array: %w", err))
		}
	}
	return nil
}

// nextByte skips white space and peeks the byte after it, counting the
// newlines skipped.
func nextByte(br *bufio.Reader) (c byte, newlines int, err error) {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0, newlines, err
		}
		switch c {
		case '\n':
			newlines++
			continue
		case ' ', '\t', '\r':
			continue
		}
		return c, newlines, br.UnreadByte()
	}
}

// lineTracker passes reads through and maps the offsets a json.Decoder
// reports back to line numbers. It keeps only the bytes between the last
// offset asked about and the read position, so memory stays bounded by the
// decoder's own buffer.
type lineTracker struct {
	r       io.Reader
	pending []byte // bytes read from base on
	base    int64
	lines   int // newlines before base
}

func (t *lineTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.pending = append(t.pending, p[:n]...)
	return n, err
}

// lineAt returns the 1-based line of the first byte at or after off that is
// not white space or a comma: the start of the next value. Offsets must not
// decrease between calls.
func (t *lineTracker) lineAt(off int64) int {
	k := min(max(int(off-t.base), 0), len(t.pending))
	t.lines += bytes.Count(t.pending[:k], []byte("\n"))
	t.pending = t.pending[k:]
	t.base += int64(k)
	extra := 0
	for _, c := range t.pending {
		switch c {
		case '\n':
			extra++
		case ' ', '\t', '\r', ',':
		default:
			return t.lines + extra + 1
		}
	}
	return t.lines + extra + 1
}

// capReader fails once more than limit bytes have been read past mark. It
// bounds the memory that one JSON value or CSV record can take, since
// neither decoder has a limit of its own.
type capReader struct {
	r     io.Reader
	n     int64
	mark  int64
	limit int64
	what  string // "json value", "csv record"
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n-c.mark > c.limit {
		return 0, fmt.Errorf("%w: %s over the %s limit", ErrTooLarge, c.what, formatSize(c.limit))
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
