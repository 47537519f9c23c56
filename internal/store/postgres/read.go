package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// The read side (store.Querier) follows the SQLite store's queries clause
// for clause, so that both give the same answers; see store.Querier for
// what each filter means.

// The actor key of an event's side (see store.Querier). These exact
// expressions are indexed (events_pair_key, events_target_key), so they
// must not change without a migration.
const (
	sourceKey = `coalesce(e.source_country, e.source_org, e.source_code)`
	targetKey = `coalesce(e.target_country, e.target_org, e.target_code)`
)

// eventColumns are the columns of article.Event, in scanEvent's order.
const eventColumns = `e.date,
	e.source_name, e.source_code, e.source_country, e.source_org, e.source_entity,
	e.target_name, e.target_code, e.target_country, e.target_org, e.target_entity,
	e.cameo, e.root, e.quad_class, e.goldstein, e.plover, e.modality, e.sectors,
	e."trigger", e.sentence, e."start", e."end", e.confidence`

// publishedText is a document's publication date as DocRef wants it, the
// same whatever the session's DateStyle.
const publishedText = `coalesce(to_char(d.published_date, 'YYYY-MM-DD'), '')`

// where collects the conditions and arguments of a WHERE clause. Every
// value goes in as an argument: no caller text is ever spliced into SQL.
type where struct {
	conds []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// add adds a condition; it writes its placeholders with arg.
func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

// sql returns the clause, TRUE when there are no conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "TRUE"
	}
	return strings.Join(w.conds, "\n\tAND ")
}

// textCond adds the full-text condition on a document key column, with the
// semantics of Search.
func (w *where) textCond(seqCol, text string) {
	if text == "" {
		return
	}
	terms, prefix := searchTerms(text)
	if len(terms) == 0 {
		w.add("FALSE") // a query with no words finds nothing, as in Search
		return
	}
	w.add(seqCol + ` IN (SELECT d.seq FROM documents d, (` + searchQueries(w.arg(terms), w.arg(prefix)) + `) q
		WHERE ` + searchMatch + `)`)
}

// eventConds adds the conditions of f on the events aliased e. The date
// bounds are also set on day, the partition key, so that only the months
// asked for are read (see migrations/00001_init.sql).
func eventConds(w *where, f *store.Filter) {
	if f.From != "" {
		from := w.arg(f.From)
		w.add(`e.date >= ` + from + `::text AND (e.day >= ` + from + `::date OR e.day IS NULL)`)
	}
	if f.To != "" {
		to := w.arg(f.To)
		// A date with a clock after it still counts.
		w.add(`e.date <> '' AND e.date <= ` + to + `::text || U&'\FFFF' AND (e.day <= ` + to + `::date OR e.day IS NULL)`)
	}
	eventKindConds(w, f)
	if f.Actor != "" {
		a := w.arg(f.Actor)
		w.add(`(e.source_entity = ` + a + ` OR e.target_entity = ` + a + `)`)
	}
	if f.Sector != "" {
		w.add(w.arg(f.Sector) + ` = ANY (e.sectors)`)
	}
	w.textCond("e.doc_seq", f.Text)
}

// eventKindConds adds the filters that say which events count for a
// document: actor keys, root, PLOVER type, modality.
func eventKindConds(w *where, f *store.Filter) {
	switch {
	case f.Country != "" && f.Partner != "":
		c, p := w.arg(f.Country), w.arg(f.Partner)
		w.add(`((` + sourceKey + ` = ` + c + ` AND ` + targetKey + ` = ` + p + `) OR (` +
			sourceKey + ` = ` + p + ` AND ` + targetKey + ` = ` + c + `))`)
	case f.Country != "":
		c := w.arg(f.Country)
		w.add(`(` + sourceKey + ` = ` + c + ` OR ` + targetKey + ` = ` + c + `)`)
	}
	if f.Root != "" {
		w.add(`e.root = ` + w.arg(f.Root))
	}
	if f.PLOVER != "" {
		w.add(`e.plover = ` + w.arg(f.PLOVER))
	}
	if f.Modality != "" {
		w.add(`e.modality = ` + w.arg(f.Modality))
	}
}

// docConds adds the conditions of f on the documents aliased d. With
// actorMentioned false, Actor is left to the caller (Quotes: the speaker).
func docConds(w *where, f *store.Filter, actorMentioned bool) {
	w.textCond("d.seq", f.Text)
	if f.From != "" {
		w.add(`d.published_date >= ` + w.arg(f.From) + `::date`)
	}
	if f.To != "" {
		w.add(`d.published_date <= ` + w.arg(f.To) + `::date`)
	}
	if actorMentioned && f.Actor != "" {
		w.add(`d.seq IN (SELECT doc_seq FROM doc_entities WHERE entity_id = ` + w.arg(f.Actor) + `)`)
	}
	if f.Sector != "" {
		s := w.arg(f.Sector)
		w.add(`(d.sectors @> jsonb_build_array(jsonb_build_object('name', ` + s + `::text))
	OR EXISTS (SELECT 1 FROM events e WHERE e.doc_seq = d.seq AND ` + s + ` = ANY (e.sectors)))`)
	}
	if f.HasEventFilter() {
		// The event conditions share the document's argument list.
		ew := where{args: w.args}
		eventKindConds(&ew, f)
		w.args = ew.args
		w.add(`EXISTS (SELECT 1 FROM events e WHERE e.doc_seq = d.seq AND ` + ew.sql() + `)`)
	}
}

// Events lists matching events, newest first.
func (db *DB) Events(ctx context.Context, q store.Query) (store.Page[store.EventRecord], error) {
	var page store.Page[store.EventRecord]
	if err := q.Validate(); err != nil {
		return page, fmt.Errorf("list events: %w", err)
	}
	var w where
	eventConds(&w, &q.Filter)
	if q.Cursor != "" {
		date, n, err := store.DecodeCursorInts(q.Cursor, 3)
		if err != nil {
			return page, fmt.Errorf("list events: %w", err)
		}
		w.add(`(e.date, e.doc_seq, e.ord) < (` + w.arg(date) + `, ` + w.arg(n[0]) + `, ` + w.arg(n[1]) + `)`)
	}
	query := `SELECT d.id, d.title, ` + publishedText + `, e.doc_seq, e.ord, ` + eventColumns + `
FROM events e JOIN documents d ON d.seq = e.doc_seq
WHERE ` + w.sql() + `
ORDER BY e.date DESC, e.doc_seq DESC, e.ord DESC
LIMIT ` + w.arg(q.Limit+1)
	rows, err := db.pool.Query(ctx, query, w.args...)
	if err != nil {
		return page, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	page.Items = []store.EventRecord{}
	var lastSeq int64 // doc_seq of the last row kept
	for rows.Next() {
		var (
			r   store.EventRecord
			seq int64
		)
		if err := scanEvent(rows, &r.Event, []any{&r.Doc.ID, &r.Doc.Title, &r.Doc.Published, &seq, &r.Ord}); err != nil {
			return page, fmt.Errorf("list events: %w", err)
		}
		if len(page.Items) == q.Limit {
			last := page.Items[len(page.Items)-1]
			page.Next = store.EncodeCursor(last.Date, strconv.FormatInt(lastSeq, 10), strconv.Itoa(last.Ord))
			break
		}
		page.Items = append(page.Items, r)
		lastSeq = seq
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list events: %w", err)
	}
	return page, nil
}

// scanEvent scans the leading columns into dest and then eventColumns into
// ev.
func scanEvent(rows pgx.Rows, ev *article.Event, dest []any) error {
	s, t := &ev.Source, &ev.Target
	dest = append(dest, &ev.Date,
		&s.Name, &s.Code, &s.Country, &s.Org, &s.Entity,
		&t.Name, &t.Code, &t.Country, &t.Org, &t.Entity,
		&ev.CAMEO, &ev.Root, &ev.QuadClass, &ev.Goldstein, &ev.PLOVER, &ev.Modality, &ev.Sectors,
		&ev.Trigger, &ev.Sentence, &ev.Start, &ev.End, &ev.Confidence)
	return rows.Scan(dest...)
}
