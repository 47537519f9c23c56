package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/warta-dev/warta/internal/store"
)

// docOrder is the order of documents in every list drawn from them: newest
// publication date first, undated last, then latest stored first. The
// cursor compares the same key, with undated as the empty string.
const docOrder = `coalesce(d.published_date, '') DESC, d.seq DESC`

// Articles lists matching documents, newest first.
func (db *DB) Articles(ctx context.Context, q store.Query) (store.Page[store.ArticleSummary], error) {
	var page store.Page[store.ArticleSummary]
	if err := q.Validate(); err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	var w where
	docConds(&w, &q.Filter, docOpts{actorMentioned: true})
	if q.Cursor != "" {
		date, n, err := store.DecodeCursorInts(q.Cursor, 2)
		if err != nil {
			return page, fmt.Errorf("list articles: %w", err)
		}
		w.add(`(coalesce(d.published_date, ''), d.seq) < (?, ?)`, date, n[0])
	}
	query := `SELECT d.seq, d.id, d.title, d.published_date, d.outlet, d.url, d.source,
	(SELECT count(*) FROM events WHERE doc_seq = d.seq),
	(SELECT count(*) FROM doc_entities WHERE doc_seq = d.seq),
	(SELECT count(*) FROM facts WHERE doc_seq = d.seq),
	(SELECT count(*) FROM quotes WHERE doc_seq = d.seq)
FROM documents d
WHERE ` + w.sql() + `
ORDER BY ` + docOrder + `
LIMIT ?`
	rows, err := db.r.QueryContext(ctx, query, append(w.args, q.Limit+1)...)
	if err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	page.Items = []store.ArticleSummary{}
	var lastSeq int64
	for rows.Next() {
		var (
			a         store.ArticleSummary
			published sql.NullString
			seq       int64
		)
		if err := rows.Scan(&seq, &a.ID, &a.Title, &published, &a.Outlet, &a.URL, &a.Source,
			&a.Events, &a.Entities, &a.Facts, &a.Quotes); err != nil {
			return page, fmt.Errorf("list articles: %w", err)
		}
		if len(page.Items) == q.Limit {
			page.Next = store.EncodeCursor(page.Items[len(page.Items)-1].Published, strconv.FormatInt(lastSeq, 10))
			break
		}
		a.Published = published.String
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
		w.add(`en.id = ?`, q.Actor)
	}
	if q.Country != "" {
		w.add(`(en.country = ? OR en.org = ?)`, q.Country, q.Country)
	}
	if q.EntityType != "" {
		w.add(`en.type = ?`, q.EntityType)
	}
	if q.Text != "" {
		w.add(`instr(lower(en.name), lower(?)) > 0`, q.Text)
	}
	if q.Cursor != "" {
		f, err := store.DecodeCursor(q.Cursor, 1)
		if err != nil {
			return page, fmt.Errorf("list entities: %w", err)
		}
		w.add(`en.id > ?`, f[0])
	}
	rows, err := db.r.QueryContext(ctx, `SELECT en.id, en.name, en.type, en.country, en.org, en.role,
	(SELECT count(DISTINCT doc_seq) FROM doc_entities WHERE entity_id = en.id)
FROM entities en
WHERE `+w.sql()+`
ORDER BY en.id
LIMIT ?`, append(w.args, q.Limit+1)...)
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
	w.add(`(coalesce(d.published_date, '') < ?
	OR (coalesce(d.published_date, '') = ? AND (c.doc_seq < ? OR (c.doc_seq = ? AND c.ord > ?))))`,
		date, date, n[0], n[0], n[1])
	return nil
}

// Facts lists facts of matching documents.
func (db *DB) Facts(ctx context.Context, q store.Query) (store.Page[store.FactRecord], error) {
	var page store.Page[store.FactRecord]
	if err := q.Validate(); err != nil {
		return page, fmt.Errorf("list facts: %w", err)
	}
	var w where
	docConds(&w, &q.Filter, docOpts{actorMentioned: true, perRow: true})
	if err := childCursor(&w, q.Cursor); err != nil {
		return page, fmt.Errorf("list facts: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT d.id, d.title, d.published_date, c.doc_seq, c.ord,
	c.value, c.unit, c.text, c.measure, c.period, c.qualifier, c.actors, c.sentence, c."start", c."end"
FROM facts c JOIN documents d ON d.seq = c.doc_seq
WHERE `+w.sql()+`
ORDER BY `+docOrder+`, c.ord
LIMIT ?`, append(w.args, q.Limit+1)...)
	if err != nil {
		return page, fmt.Errorf("list facts: %w", err)
	}
	defer rows.Close()
	page.Items = []store.FactRecord{}
	var lastSeq int64
	for rows.Next() {
		var (
			r         store.FactRecord
			published sql.NullString
			seq       int64
			actors    []byte
		)
		if err := rows.Scan(&r.Doc.ID, &r.Doc.Title, &published, &seq, &r.Ord,
			&r.Value, &r.Unit, &r.Text, &r.Measure, &r.Period, &r.Qualifier, &actors, &r.Sentence, &r.Start, &r.End); err != nil {
			return page, fmt.Errorf("list facts: %w", err)
		}
		if len(page.Items) == q.Limit {
			last := page.Items[len(page.Items)-1]
			page.Next = store.EncodeCursor(last.Doc.Published, strconv.FormatInt(lastSeq, 10), strconv.Itoa(last.Ord))
			break
		}
		if err := decodeJSON(actors, &r.Actors, "fact actors"); err != nil {
			return page, fmt.Errorf("list facts: %w", err)
		}
		r.Doc.Published = published.String
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
	docConds(&w, &q.Filter, docOpts{perRow: true})
	if q.Actor != "" {
		w.add(`c.speaker = ?`, q.Actor)
	}
	if err := childCursor(&w, q.Cursor); err != nil {
		return page, fmt.Errorf("list quotes: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT d.id, d.title, d.published_date, c.doc_seq, c.ord,
	c.speaker, coalesce((SELECT name FROM entities WHERE id = c.speaker), ''), c.text, c."start", c."end"
FROM quotes c JOIN documents d ON d.seq = c.doc_seq
WHERE `+w.sql()+`
ORDER BY `+docOrder+`, c.ord
LIMIT ?`, append(w.args, q.Limit+1)...)
	if err != nil {
		return page, fmt.Errorf("list quotes: %w", err)
	}
	defer rows.Close()
	page.Items = []store.QuoteRecord{}
	var lastSeq int64
	for rows.Next() {
		var (
			r         store.QuoteRecord
			published sql.NullString
			seq       int64
		)
		if err := rows.Scan(&r.Doc.ID, &r.Doc.Title, &published, &seq, &r.Ord,
			&r.Speaker, &r.SpeakerName, &r.Text, &r.Start, &r.End); err != nil {
			return page, fmt.Errorf("list quotes: %w", err)
		}
		if len(page.Items) == q.Limit {
			last := page.Items[len(page.Items)-1]
			page.Next = store.EncodeCursor(last.Doc.Published, strconv.FormatInt(lastSeq, 10), strconv.Itoa(last.Ord))
			break
		}
		r.Doc.Published = published.String
		page.Items = append(page.Items, r)
		lastSeq = seq
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list quotes: %w", err)
	}
	return page, nil
}
