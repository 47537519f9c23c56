package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/warta-dev/warta/internal/store"
)

// docOrder is the order of documents in every list drawn from them: newest
// publication date first, undated last, then latest stored first. The
// index documents_published_date holds it.
const docOrder = `d.published_date DESC NULLS LAST, d.seq DESC`

// docCursor adds the condition for documents after a cursor's (date, seq)
// in docOrder; an empty date is an undated document.
func docCursor(w *where, date string, seq int64) error {
	if date == "" {
		w.add(`(d.published_date IS NULL AND d.seq < ` + w.arg(seq) + `)`)
		return nil
	}
	if !validDate(date) {
		return fmt.Errorf("%w: cursor is not one this server gave", store.ErrInvalid)
	}
	p := w.arg(date)
	w.add(`(d.published_date < ` + p + `::date OR d.published_date IS NULL
	OR (d.published_date = ` + p + `::date AND d.seq < ` + w.arg(seq) + `))`)
	return nil
}

// Articles lists matching documents, newest first.
func (db *DB) Articles(ctx context.Context, q store.Query) (store.Page[store.ArticleSummary], error) {
	var page store.Page[store.ArticleSummary]
	if err := q.Validate(); err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	var w where
	docConds(&w, &q.Filter, true)
	if q.Cursor != "" {
		date, n, err := store.DecodeCursorInts(q.Cursor, 2)
		if err == nil {
			err = docCursor(&w, date, n[0])
		}
		if err != nil {
			return page, fmt.Errorf("list articles: %w", err)
		}
	}
	query := `SELECT d.seq, d.id, d.title, ` + publishedText + `, d.outlet, d.url, d.source,
	(SELECT count(*) FROM events WHERE doc_seq = d.seq),
	(SELECT count(*) FROM doc_entities WHERE doc_seq = d.seq),
	(SELECT count(*) FROM facts WHERE doc_seq = d.seq),
	(SELECT count(*) FROM quotes WHERE doc_seq = d.seq)
FROM documents d
WHERE ` + w.sql() + `
ORDER BY ` + docOrder + `
LIMIT ` + w.arg(q.Limit+1)
	rows, err := db.pool.Query(ctx, query, w.args...)
	if err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	page.Items = []store.ArticleSummary{}
	var lastSeq int64
	for rows.Next() {
		var (
			a   store.ArticleSummary
			seq int64
		)
		if err := rows.Scan(&seq, &a.ID, &a.Title, &a.Published, &a.Outlet, &a.URL, &a.Source,
			&a.Events, &a.Entities, &a.Facts, &a.Quotes); err != nil {
			return page, fmt.Errorf("list articles: %w", err)
		}
		if len(page.Items) == q.Limit {
			page.Next = store.EncodeCursor(page.Items[len(page.Items)-1].Published, strconv.FormatInt(lastSeq, 10))
			break
		}
		page.Items = append(page.Items, a)
		lastSeq = seq
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	return page, nil
}

// Entities lists the entity catalogue in ID order.
func (db *DB) Entities(ctx context.Context, q store.Query) (store.Page[store.EntityRecord], error) {
	var page store.Page[store.EntityRecord]
	if err := q.Validate(); err != nil {
		return page, fmt.Errorf("list entities: %w", err)
	}
	var w where
	if q.Actor != "" {
		w.add(`en.id = ` + w.arg(q.Actor))
	}
	if q.Country != "" {
		c := w.arg(q.Country)
		w.add(`(en.country = ` + c + ` OR en.org = ` + c + `)`)
	}
	if q.EntityType != "" {
		w.add(`en.type = ` + w.arg(q.EntityType))
	}
	if q.Text != "" {
		// strpos, not LIKE: the text's % and _ are data.
		w.add(`strpos(lower(en.name), lower(` + w.arg(clean(q.Text)) + `)) > 0`)
	}
	if q.Cursor != "" {
		f, err := store.DecodeCursor(q.Cursor, 1)
		if err != nil {
			return page, fmt.Errorf("list entities: %w", err)
		}
		w.add(`en.id > ` + w.arg(clean(f[0])))
	}
	rows, err := db.pool.Query(ctx, `SELECT en.id, en.name, en.type, en.country, en.org, en.role,
	(SELECT count(DISTINCT doc_seq) FROM doc_entities WHERE entity_id = en.id)
FROM entities en
WHERE `+w.sql()+`
ORDER BY en.id
LIMIT `+w.arg(q.Limit+1), w.args...)
	if err != nil {
		return page, fmt.Errorf("list entities: %w", err)
	}
	defer rows.Close()
	page.Items = []store.EntityRecord{}
	for rows.Next() {
		var e store.EntityRecord
		if err := rows.Scan(&e.ID, &e.Name, &e.Type, &e.Country, &e.Org, &e.Role, &e.Documents); err != nil {
			return page, fmt.Errorf("list entities: %w", err)
		}
		if len(page.Items) == q.Limit {
			page.Next = store.EncodeCursor(page.Items[len(page.Items)-1].ID)
			break
		}
		page.Items = append(page.Items, e)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list entities: %w", err)
	}
	return page, nil
}

// childCursor adds the condition for rows after a cursor in docOrder, then
// ord ascending, on the child table aliased c.
func childCursor(w *where, cursor string) error {
	if cursor == "" {
		return nil
	}
	date, n, err := store.DecodeCursorInts(cursor, 3)
	if err != nil {
		return err
	}
	// Later in the same document, or in a document after this one.
	var after where
	after.args = w.args
	if err := docCursor(&after, date, n[0]); err != nil {
		return err
	}
	seq, ord := after.arg(n[0]), after.arg(n[1])
	w.args = after.args
	w.add(`((c.doc_seq = ` + seq + ` AND c.ord > ` + ord + `) OR ` + after.sql() + `)`)
	return nil
}

// Facts lists facts of matching documents.
func (db *DB) Facts(ctx context.Context, q store.Query) (store.Page[store.FactRecord], error) {
	var page store.Page[store.FactRecord]
	if err := q.Validate(); err != nil {
		return page, fmt.Errorf("list facts: %w", err)
	}
	var w where
	docConds(&w, &q.Filter, true)
	if err := childCursor(&w, q.Cursor); err != nil {
		return page, fmt.Errorf("list facts: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT d.id, d.title, `+publishedText+`, c.doc_seq, c.ord,
	c.value, c.unit, c.text, c.measure, c.period, c.qualifier, c.actors, c.sentence, c."start", c."end"
FROM facts c JOIN documents d ON d.seq = c.doc_seq
WHERE `+w.sql()+`
ORDER BY `+docOrder+`, c.ord
LIMIT `+w.arg(q.Limit+1), w.args...)
	if err != nil {
		return page, fmt.Errorf("list facts: %w", err)
	}
	defer rows.Close()
	page.Items = []store.FactRecord{}
	var lastSeq int64
	for rows.Next() {
		var (
			r   store.FactRecord
			seq int64
		)
		if err := rows.Scan(&r.Doc.ID, &r.Doc.Title, &r.Doc.Published, &seq, &r.Ord,
			&r.Value, &r.Unit, &r.Text, &r.Measure, &r.Period, &r.Qualifier, &r.Actors, &r.Sentence, &r.Start, &r.End); err != nil {
			return page, fmt.Errorf("list facts: %w", err)
		}
		if len(page.Items) == q.Limit {
			last := page.Items[len(page.Items)-1]
			page.Next = store.EncodeCursor(last.Doc.Published, strconv.FormatInt(lastSeq, 10), strconv.Itoa(last.Ord))
			break
		}
		page.Items = append(page.Items, r)
		lastSeq = seq
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list facts: %w", err)
	}
	return page, nil
}

// Quotes lists quotes of matching documents; Actor is the speaker.
func (db *DB) Quotes(ctx context.Context, q store.Query) (store.Page[store.QuoteRecord], error) {
	var page store.Page[store.QuoteRecord]
	if err := q.Validate(); err != nil {
		return page, fmt.Errorf("list quotes: %w", err)
	}
	var w where
	docConds(&w, &q.Filter, false)
	if q.Actor != "" {
		w.add(`c.speaker = ` + w.arg(q.Actor))
	}
	if err := childCursor(&w, q.Cursor); err != nil {
		return page, fmt.Errorf("list quotes: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT d.id, d.title, `+publishedText+`, c.doc_seq, c.ord,
	c.speaker, coalesce((SELECT name FROM entities WHERE id = c.speaker), ''), c.text, c."start", c."end"
FROM quotes c JOIN documents d ON d.seq = c.doc_seq
WHERE `+w.sql()+`
ORDER BY `+docOrder+`, c.ord
LIMIT `+w.arg(q.Limit+1), w.args...)
	if err != nil {
		return page, fmt.Errorf("list quotes: %w", err)
	}
	defer rows.Close()
	page.Items = []store.QuoteRecord{}
	var lastSeq int64
	for rows.Next() {
		var (
			r   store.QuoteRecord
			seq int64
		)
		if err := rows.Scan(&r.Doc.ID, &r.Doc.Title, &r.Doc.Published, &seq, &r.Ord,
			&r.Speaker, &r.SpeakerName, &r.Text, &r.Start, &r.End); err != nil {
			return page, fmt.Errorf("list quotes: %w", err)
		}
		if len(page.Items) == q.Limit {
			last := page.Items[len(page.Items)-1]
			page.Next = store.EncodeCursor(last.Doc.Published, strconv.FormatInt(lastSeq, 10), strconv.Itoa(last.Ord))
			break
		}
		page.Items = append(page.Items, r)
		lastSeq = seq
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list quotes: %w", err)
	}
	return page, nil
}

// validDate reports whether s is a date YYYY-MM-DD.
func validDate(s string) bool {
	_, ok := eventDate(s)
	return ok && len(s) == len("2006-01-02")
}
