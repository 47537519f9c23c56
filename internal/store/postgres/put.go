package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// insertDocumentsSQL writes a batch's documents in one statement. A document
// already stored, by this batch's transaction or by another that committed
// or is about to, yields no row: RETURNING names only the new ones.
const insertDocumentsSQL = `INSERT INTO documents (id, source, title, published, published_date,
	author, outlet, url, language, dateline, text, text_exact, warnings, sentences, sectors, nil_lists, ingested_at)
SELECT id, source, title, published, published_date,
	author, outlet, url, language, dateline, text, text_exact, warnings::jsonb, sentences::jsonb, sectors::jsonb, nil_lists, $17
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[],
	$6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[],
	$13::text[], $14::text[], $15::text[], $16::int2[])
	AS t(id, source, title, published, published_date,
	author, outlet, url, language, dateline, text, text_exact, warnings, sentences, sectors, nil_lists)
ON CONFLICT (id) DO NOTHING
RETURNING id, seq`

// insertEntitiesSQL adds entities new to the catalogue. It leaves present
// rows alone, and so does not lock them: most batches name the same few
// countries, and concurrent writers must not queue on them.
const insertEntitiesSQL = `INSERT INTO entities (id, name, type, country, org, role)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
ON CONFLICT (id) DO NOTHING`

// updateEntitiesSQL brings present entities up to date as the SQLite store
// does: name and type follow the latest article, country, org and role keep
// what is known. Only rows that change are touched (and locked).
const updateEntitiesSQL = `UPDATE entities e SET
	name = v.name,
	type = v.type,
	country = coalesce(v.country, e.country),
	org = coalesce(v.org, e.org),
	role = coalesce(v.role, e.role)
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
	AS v(id, name, type, country, org, role)
WHERE e.id = v.id AND (e.name IS DISTINCT FROM v.name OR e.type IS DISTINCT FROM v.type
	OR coalesce(v.country, e.country) IS DISTINCT FROM e.country
	OR coalesce(v.org, e.org) IS DISTINCT FROM e.org
	OR coalesce(v.role, e.role) IS DISTINCT FROM e.role)`

// Put stores a batch of articles in one transaction: either the whole batch
// is stored or, on any error, none of it. Articles whose ID is already
// stored, or that repeat an earlier article of the same batch, are skipped
// and counted as Present; the first one stored wins. Another process
// storing the same article at the same time is safe: one of the two stores
// it and the other counts it as present.
func (db *DB) Put(ctx context.Context, articles []*article.Article) (store.PutResult, error) {
	if len(articles) == 0 {
		return store.PutResult{}, nil
	}
	if err := ctxErr(ctx, "store batch"); err != nil {
		return store.PutResult{}, err
	}
	began := time.Now()
	var res store.PutResult
	unique := make([]*article.Article, 0, len(articles))
	seen := make(map[string]bool, len(articles))
	for i, a := range articles {
		if err := validate(a); err != nil {
			if a == nil {
				return store.PutResult{}, fmt.Errorf("store batch: article %d: %w", i, err)
			}
			return store.PutResult{}, fmt.Errorf("store document %s: %w", shortID(a.Doc.ID), err)
		}
		if seen[a.Doc.ID] {
			res.Present++
			continue
		}
		seen[a.Doc.ID] = true
		unique = append(unique, a)
	}
	// Rows are written in ID order so that two batches sharing documents
	// lock them in the same order and cannot deadlock.
	slices.SortFunc(unique, func(a, b *article.Article) int { return strings.Compare(a.Doc.ID, b.Doc.ID) })

	days := eventDays(unique)
	if err := db.ensurePartitions(ctx, days); err != nil {
		return store.PutResult{}, fmt.Errorf("store batch: %w", err)
	}

	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return store.PutResult{}, fmt.Errorf("store batch: begin: %w", err)
	}
	// Rollback after a successful Commit is a harmless no-op.
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	stored, err := insertDocuments(ctx, tx, unique)
	if err != nil {
		return store.PutResult{}, fmt.Errorf("store batch: %w", err)
	}
	if err := insertChildren(ctx, tx, stored, days); err != nil {
		return store.PutResult{}, fmt.Errorf("store batch: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return store.PutResult{}, fmt.Errorf("store batch: commit: %w", err)
	}
	res.Stored = len(stored)
	res.Present += len(unique) - len(stored)
	db.logger.LogAttrs(ctx, slog.LevelDebug, "stored batch",
		slog.Int("stored", res.Stored),
		slog.Int("present", res.Present),
		slog.Duration("took", time.Since(began)))
	return res, nil
}

// validate rejects what cannot be stored, before anything is written.
func validate(a *article.Article) error {
	if a == nil {
		return errors.New("nil article")
	}
	if a.Doc.ID == "" {
		return errors.New("empty document ID")
	}
	for i := range a.Entities {
		if a.Entities[i].ID == "" {
			return fmt.Errorf("entity %d: empty ID", i)
		}
	}
	// Offsets are stored as integer: a text of 2 GiB is not an article.
	var spans [][2]int
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			spans = append(spans, [2]int{m.Start, m.End})
		}
	}
	for _, ev := range a.Events {
		spans = append(spans, [2]int{ev.Start, ev.End})
	}
	for _, f := range a.Facts {
		spans = append(spans, [2]int{f.Start, f.End})
	}
	for _, q := range a.Quotes {
		spans = append(spans, [2]int{q.Start, q.End})
	}
	for _, sp := range spans {
		for _, v := range sp {
			if v < math.MinInt32 || v > math.MaxInt32 {
				return fmt.Errorf("offset %d out of range", v)
			}
		}
	}
	return nil
}

// storedDoc is a document this batch wrote, with its new key.
type storedDoc struct {
	seq int64
	a   *article.Article
}

// insertDocuments writes the documents and returns those that were new, in
// the order given.
func insertDocuments(ctx context.Context, tx pgx.Tx, articles []*article.Article) ([]storedDoc, error) {
	n := len(articles)
	var (
		ids, sources, titles, authors, outlets = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		urls, languages, datelines, texts      = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		warnings, sentences, sectors           = make([]string, n), make([]string, n), make([]string, n)
		published                              = make([]*string, n)
		publishedDates                         = make([]pgtype.Date, n)
		exact                                  = make([][]byte, n)
		nils                                   = make([]int16, n)
	)
	for i, a := range articles {
		d := &a.Doc
		ids[i], sources[i], titles[i] = clean(d.ID), clean(d.Source), clean(d.Title)
		authors[i], outlets[i], urls[i] = clean(d.Author), clean(d.Outlet), clean(d.URL)
		languages[i], datelines[i] = clean(d.Language), clean(d.Dateline)
		texts[i] = clean(d.Text)
		if texts[i] != d.Text {
			exact[i] = []byte(d.Text)
		}
		if d.Published.Known() {
			p := store.PublishedRecord(d.Published)
			published[i] = &p
			t, err := time.Parse(time.DateOnly, d.Published.Date())
			if err != nil {
				return nil, fmt.Errorf("document %s: publication date: %w", shortID(d.ID), err)
			}
			publishedDates[i] = pgtype.Date{Time: t, Valid: true}
		}
		var err error
		if warnings[i], err = jsonText(d.Warnings); err != nil {
			return nil, fmt.Errorf("document %s: encode warnings: %w", shortID(d.ID), err)
		}
		if sentences[i], err = jsonText(a.Sentences); err != nil {
			return nil, fmt.Errorf("document %s: encode sentences: %w", shortID(d.ID), err)
		}
		if sectors[i], err = jsonText(a.Sectors); err != nil {
			return nil, fmt.Errorf("document %s: encode sectors: %w", shortID(d.ID), err)
		}
		nils[i] = int16(store.NilLists(a))
	}
	rows, err := tx.Query(ctx, insertDocumentsSQL, ids, sources, titles, published, publishedDates,
		authors, outlets, urls, languages, datelines, texts, exact,
		warnings, sentences, sectors, nils, time.Now().UTC())
	if err != nil {
		return nil, fmt.Errorf("insert documents: %w", err)
	}
	seqs := make(map[string]int64, n)
	var (
		id  string
		seq int64
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &seq}, func() error {
		seqs[id] = seq
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("insert documents: %w", err)
	}
	stored := make([]storedDoc, 0, len(seqs))
	for i, a := range articles {
		if seq, ok := seqs[ids[i]]; ok {
			stored = append(stored, storedDoc{seq: seq, a: a})
		}
	}
	return stored, nil
}

// insertChildren writes the stored documents' entities, mentions, events,
// facts and quotes.
func insertChildren(ctx context.Context, tx pgx.Tx, docs []storedDoc, days map[*article.Event]pgtype.Date) error {
	if len(docs) == 0 {
		return nil
	}
	var docEnts, mentions, events, facts, quotes [][]any
	for _, sd := range docs {
		a, seq := sd.a, sd.seq
		for i := range a.Entities {
			e := &a.Entities[i]
			docEnts = append(docEnts, []any{seq, int32(i), clean(e.ID), clean(e.Name), clean(e.Type),
				cleanPtr(e.Country), cleanPtr(e.Org), cleanPtr(e.Role), cleanAll(e.Aliases), e.Mentions == nil})
			for j := range e.Mentions {
				m := &e.Mentions[j]
				mentions = append(mentions, []any{seq, int32(i), int32(j), clean(e.ID), clean(m.Text), int32(m.Start), int32(m.End)})
			}
		}
		for i := range a.Events {
			ev := &a.Events[i]
			s, t := &ev.Source, &ev.Target
			events = append(events, []any{seq, int32(i), days[ev], clean(ev.Date),
				clean(s.Name), clean(s.Code), cleanPtr(s.Country), cleanPtr(s.Org), clean(s.Entity),
				clean(t.Name), clean(t.Code), cleanPtr(t.Country), cleanPtr(t.Org), clean(t.Entity),
				clean(ev.CAMEO), clean(ev.Root), int32(ev.QuadClass), ev.Goldstein, clean(ev.PLOVER), clean(ev.Modality),
				cleanAll(ev.Sectors), clean(ev.Trigger), clean(ev.Sentence), int32(ev.Start), int32(ev.End), ev.Confidence})
		}
		for i := range a.Facts {
			f := &a.Facts[i]
			facts = append(facts, []any{seq, int32(i), f.Value, cleanPtr(f.Unit), clean(f.Text), clean(f.Measure),
				clean(f.Period), clean(f.Qualifier), cleanAll(f.Actors), clean(f.Sentence), int32(f.Start), int32(f.End)})
		}
		for i := range a.Quotes {
			q := &a.Quotes[i]
			quotes = append(quotes, []any{seq, int32(i), clean(q.Speaker), clean(q.Text), int32(q.Start), int32(q.End)})
		}
	}
	// The catalogue first: doc_entities and mentions refer to it.
	if err := upsertEntities(ctx, tx, docs); err != nil {
		return err
	}
	// The columns are in the order the rows above were built.
	for _, c := range []struct {
		table   string
		columns []string
		rows    [][]any
	}{
		{"doc_entities", []string{"doc_seq", "ord", "entity_id", "name", "type", "country", "org", "role", "aliases", "mentions_nil"}, docEnts},
		{"mentions", []string{"doc_seq", "ent_ord", "ord", "entity_id", "text", "start", "end"}, mentions},
		{"events", []string{"doc_seq", "ord", "day", "date",
			"source_name", "source_code", "source_country", "source_org", "source_entity",
			"target_name", "target_code", "target_country", "target_org", "target_entity",
			"cameo", "root", "quad_class", "goldstein", "plover", "modality", "sectors", "trigger", "sentence", "start", "end", "confidence"}, events},
		{"facts", []string{"doc_seq", "ord", "value", "unit", "text", "measure", "period", "qualifier", "actors", "sentence", "start", "end"}, facts},
		{"quotes", []string{"doc_seq", "ord", "speaker", "text", "start", "end"}, quotes},
	} {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.columns, pgx.CopyFromRows(c.rows)); err != nil {
			return fmt.Errorf("copy %d rows into %s: %w", len(c.rows), c.table, err)
		}
	}
	return nil
}

// catalogEntity is an entity's row in the shared catalogue.
type catalogEntity struct {
	id, name, typ      string
	country, org, role *string
}

// upsertEntities merges the batch's entities in batch order, as the SQLite
// store would upsert them one by one, then writes each once.
func upsertEntities(ctx context.Context, tx pgx.Tx, docs []storedDoc) error {
	merged := make(map[string]*catalogEntity)
	var order []string
	for _, sd := range docs {
		for i := range sd.a.Entities {
			e := &sd.a.Entities[i]
			c, ok := merged[e.ID]
			if !ok {
				c = &catalogEntity{id: clean(e.ID)}
				merged[e.ID] = c
				order = append(order, e.ID)
			}
			c.name, c.typ = clean(e.Name), clean(e.Type)
			c.country = cmp.Or(cleanPtr(e.Country), c.country)
			c.org = cmp.Or(cleanPtr(e.Org), c.org)
			c.role = cmp.Or(cleanPtr(e.Role), c.role)
		}
	}
	if len(order) == 0 {
		return nil
	}
	// ID order, for the same reason as the documents'.
	slices.Sort(order)
	n := len(order)
	ids, names, types := make([]string, n), make([]string, n), make([]string, n)
	countries, orgs, roles := make([]*string, n), make([]*string, n), make([]*string, n)
	for i, id := range order {
		c := merged[id]
		ids[i], names[i], types[i], countries[i], orgs[i], roles[i] = c.id, c.name, c.typ, c.country, c.org, c.role
	}
	if _, err := tx.Exec(ctx, insertEntitiesSQL, ids, names, types, countries, orgs, roles); err != nil {
		return fmt.Errorf("insert %d entities: %w", n, err)
	}
	if _, err := tx.Exec(ctx, updateEntitiesSQL, ids, names, types, countries, orgs, roles); err != nil {
		return fmt.Errorf("update %d entities: %w", n, err)
	}
	return nil
}

// jsonText encodes v as JSON text; a nil slice becomes null.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// clean makes a string storable as PostgreSQL text, which holds neither NUL
// bytes nor invalid UTF-8: each NUL, and each run of invalid bytes, becomes
// U+FFFD. Strings that need nothing (all but pathological ones) are
// returned as they are.
func clean(s string) string {
	if strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

func cleanPtr(s *string) *string {
	if s == nil {
		return nil
	}
	c := clean(*s)
	return &c
}

// cleanAll cleans a list of strings, keeping nil apart from empty.
func cleanAll(list []string) []string {
	for i, s := range list {
		if c := clean(s); c != s {
			out := slices.Clone(list)
			for j := i; j < len(out); j++ {
				out[j] = clean(out[j])
			}
			return out
		}
	}
	return list
}

// shortID shortens a document ID for error messages.
func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	if id == "" {
		return `""`
	}
	return id
}
