package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// The actor key of an event's side (see store.Querier): the generated,
// indexed columns of migration 00002.
const (
	sourceKey = `e.skey`
	targetKey = `e.tkey`
)

// eventColumns are the columns of article.Event, in scanEvent's order.
const eventColumns = `e.date,
	e.source_name, e.source_code, e.source_country, e.source_org, e.source_entity,
	e.target_name, e.target_code, e.target_country, e.target_org, e.target_entity,
	e.cameo, e.root, e.quad_class, e.goldstein, e.plover, e.modality, e.sectors,
	e."trigger", e.sentence, e."start", e."end", e.confidence`

// where collects the conditions and arguments of a WHERE clause. Every
// value goes in as an argument: no caller text is ever spliced into SQL.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// sql returns the clause, "1" when there are no conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "1"
	}
	return strings.Join(w.conds, "\n\tAND ")
}

// textCond adds the full-text condition on a document sequence column.
func (w *where) textCond(seqCol, text string) {
	if text == "" {
		return
	}
	match := ftsQuery(text)
	if match == "" {
		w.add("0") // a query with no words finds nothing, as in Search
		return
	}
	w.add(seqCol+` IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)`, match)
}

// eventConds adds the conditions of f on the events aliased e. With
// withDoc false, the document-level filters (Text) are left to the caller.
func eventConds(w *where, f *store.Filter, withDoc bool) {
	if f.From != "" {
		w.add(`e.date >= ?`, f.From)
	}
	if f.To != "" {
		w.add(`e.date <> '' AND e.date <= ?`, f.To+"\uffff") // a date with a clock still counts
	}
	eventKindConds(w, f)
	if f.Actor != "" {
		w.add(`(e.source_entity = ? OR e.target_entity = ?)`, f.Actor, f.Actor)
	}
	if f.Sector != "" {
		w.add(`EXISTS (SELECT 1 FROM json_each(e.sectors) j WHERE j.type = 'text' AND j.value = ?)`, f.Sector)
	}
	if withDoc {
		w.textCond("e.doc_seq", f.Text)
	}
}

// eventKindConds adds the filters that say which events count for a
// document: actor keys, root, PLOVER type, modality.
func eventKindConds(w *where, f *store.Filter) {
	switch {
	case f.Country != "" && f.Partner != "":
		w.add(`((`+sourceKey+` = ? AND `+targetKey+` = ?) OR (`+sourceKey+` = ? AND `+targetKey+` = ?))`,
			f.Country, f.Partner, f.Partner, f.Country)
	case f.Country != "":
		w.add(`(`+sourceKey+` = ? OR `+targetKey+` = ?)`, f.Country, f.Country)
	}
	if f.Root != "" {
		w.add(`e.root = ?`, f.Root)
	}
	if f.PLOVER != "" {
		w.add(`e.plover = ?`, f.PLOVER)
	}
	if f.Modality != "" {
		w.add(`e.modality = ?`, f.Modality)
	}
}

// docOpts say how docConds applies a filter.
type docOpts struct {
	// actorMentioned reads Actor as an entity the document names; false
	// leaves Actor to the caller (Quotes: the speaker).
	actorMentioned bool
	// perRow tests the event filter per document with a correlated EXISTS,
	// for queries driven by a small child table (facts, quotes), instead of
	// collecting every matching event's document first.
	perRow bool
}

// docConds adds the conditions of f on the documents aliased d.
func docConds(w *where, f *store.Filter, o docOpts) {
	w.textCond("d.seq", f.Text)
	if f.From != "" {
		w.add(`d.published_date >= ?`, f.From)
	}
	if f.To != "" {
		w.add(`d.published_date <= ?`, f.To)
	}
	if o.actorMentioned && f.Actor != "" {
		w.add(`d.seq IN (SELECT doc_seq FROM doc_entities WHERE entity_id = ?)`, f.Actor)
	}
	if f.Sector != "" {
		w.add(`(EXISTS (SELECT 1 FROM json_each(d.sectors) j WHERE j.type = 'object' AND json_extract(j.value, '$.name') = ?)
	OR EXISTS (SELECT 1 FROM events e, json_each(e.sectors) j WHERE e.doc_seq = d.seq AND j.type = 'text' AND j.value = ?))`,
			f.Sector, f.Sector)
	}
	if f.HasEventFilter() {
		var ew where
		eventKindConds(&ew, f)
		if o.perRow {
			w.add(`EXISTS (SELECT 1 FROM events e WHERE e.doc_seq = d.seq AND `+ew.sql()+`)`, ew.args...)
		} else {
			// The matching events are found once through their indexes,
			// not looked up per document.
			w.add(`d.seq IN (SELECT e.doc_seq FROM events e WHERE `+ew.sql()+`)`, ew.args...)
		}
	}
}

// Events lists matching events, newest first.
func (db *DB) Events(ctx context.Context, q store.Query) (store.Page[store.EventRecord], error) {
	var page store.Page[store.EventRecord]
	if err := q.Validate(); err != nil {
		return page, fmt.Errorf("list events: %w", err)
	}
	var cursor where
	if q.Cursor != "" {
		date, n, err := store.DecodeCursorInts(q.Cursor, 3)
		if err != nil {
			return page, fmt.Errorf("list events: %w", err)
		}
		cursor.add(`(e.date, e.doc_seq, e.ord) < (?, ?, ?)`, date, n[0], n[1])
	}
	query, args := eventsQuery(&q.Filter, &cursor, q.Limit+1)
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return page, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	page.Items = []store.EventRecord{}
	var lastSeq int64 // doc_seq of the last row kept
	for rows.Next() {
		var (
			r         store.EventRecord
			published sql.NullString
			seq       int64
		)
		sectors, err := scanEvent(rows, &r.Event, []any{&r.Doc.ID, &r.Doc.Title, &published, &seq, &r.Ord})
		if err != nil {
			return page, fmt.Errorf("list events: %w", err)
		}
		if len(page.Items) == q.Limit {
			last := page.Items[len(page.Items)-1]
			page.Next = store.EncodeCursor(last.Date, strconv.FormatInt(lastSeq, 10), strconv.Itoa(last.Ord))
			break
		}
		if err := decodeJSON(sectors, &r.Sectors, "event sectors"); err != nil {
			return page, fmt.Errorf("list events: %w", err)
		}
		r.Doc.Published = published.String
		page.Items = append(page.Items, r)
		lastSeq = seq
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list events: %w", err)
	}
	return page, nil
}

// eventOrder is the order of the event list, newest first.
const eventOrder = `e.date DESC, e.doc_seq DESC, e.ord DESC`

// eventsQuery returns the query of one page of events and its arguments.
//
// A country on either side is two ordered index ranges, (skey, date...)
// and (tkey, date...), and a pair is two ranges of (skey, tkey, date...):
// SQLite would answer the OR by collecting every event of the country and
// sorting them, which for a busy country is a hundred thousand rows for a
// page of fifty. So each range is read in order up to the page size, and the
// two short lists are merged. (Validate rejects Country = Partner, which
// would read the same range twice.)
func eventsQuery(f *store.Filter, cursor *where, limit int) (string, []any) {
	head := `SELECT d.id, d.title, d.published_date, e.doc_seq, e.ord, ` + eventColumns + `
FROM events e JOIN documents d ON d.seq = e.doc_seq
WHERE `
	if f.Country == "" {
		var w where
		eventConds(&w, f, true)
		w.conds = append(w.conds, cursor.conds...)
		w.args = append(w.args, cursor.args...)
		return head + w.sql() + `
ORDER BY ` + eventOrder + `
LIMIT ?`, append(w.args, limit)
	}
	rest := *f
	rest.Country, rest.Partner = "", ""
	side := func(cond string, args ...any) (string, []any) {
		var w where
		eventConds(&w, &rest, true)
		w.add(cond, args...)
		w.conds = append(w.conds, cursor.conds...)
		w.args = append(w.args, cursor.args...)
		return `SELECT rid FROM (SELECT e.rowid AS rid FROM events e WHERE ` + w.sql() + `
	ORDER BY ` + eventOrder + ` LIMIT ?)`, append(w.args, limit)
	}
	var src, tgt string
	var srcArgs, tgtArgs []any
	if f.Partner != "" {
		src, srcArgs = side(`e.skey = ? AND e.tkey = ?`, f.Country, f.Partner)
		tgt, tgtArgs = side(`e.skey = ? AND e.tkey = ?`, f.Partner, f.Country)
	} else {
		src, srcArgs = side(`e.skey = ?`, f.Country)
		// An event with the country on both sides is the source side's.
		tgt, tgtArgs = side(`e.tkey = ? AND e.skey IS NOT ?`, f.Country, f.Country)
	}
	return head + `e.rowid IN (` + src + `
	UNION ALL ` + tgt + `)
ORDER BY ` + eventOrder + `
LIMIT ?`, append(append(srcArgs, tgtArgs...), limit)
}

// scanEvent scans the leading columns into dest and then eventColumns into
// ev, returning the raw sectors JSON.
func scanEvent(rows *sql.Rows, ev *article.Event, dest []any) ([]byte, error) {
	var sectors []byte
	s, t := &ev.Source, &ev.Target
	dest = append(dest, &ev.Date,
		&s.Name, &s.Code, &s.Country, &s.Org, &s.Entity,
		&t.Name, &t.Code, &t.Country, &t.Org, &t.Entity,
		&ev.CAMEO, &ev.Root, &ev.QuadClass, &ev.Goldstein, &ev.PLOVER, &ev.Modality, &sectors,
		&ev.Trigger, &ev.Sentence, &ev.Start, &ev.End, &ev.Confidence)
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	return sectors, nil
}
