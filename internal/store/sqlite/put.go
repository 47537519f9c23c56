package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// The write statements, prepared once per batch and reused for every row.
const (
	insertDocumentSQL = `INSERT INTO documents (id, source, title, published, published_date,
	author, outlet, url, language, dateline, text, warnings, sentences, sectors, nil_lists, ingested_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO NOTHING
RETURNING seq`

	// A later article may know more about an entity than an earlier one:
	// name and type follow the latest, country, org and role keep what is
	// known. The WHERE clause skips rewriting a row that would not change.
	upsertEntitySQL = `INSERT INTO entities (id, name, type, country, org, role)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
	name = excluded.name,
	type = excluded.type,
	country = coalesce(excluded.country, country),
	org = coalesce(excluded.org, org),
	role = coalesce(excluded.role, role)
WHERE name IS NOT excluded.name OR type IS NOT excluded.type
	OR coalesce(excluded.country, country) IS NOT country
	OR coalesce(excluded.org, org) IS NOT org
	OR coalesce(excluded.role, role) IS NOT role`

	insertDocEntitySQL = `INSERT INTO doc_entities (doc_seq, ord, entity_id, name, type, country, org, role, aliases, mentions_nil, mentions)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

	// indexBatchSQL adds a batch's new documents (a JSON array of seq) to
	// the full-text index, in one statement (see migration 00005).
	indexBatchSQL = `INSERT INTO documents_fts (rowid, title, text)
SELECT seq, title, text FROM documents WHERE seq IN (SELECT value FROM json_each(?))`

	docEntityCols  = 11 // columns of insertDocEntitySQL
	docEntityChunk = 8  // rows of insertDocEntitiesSQL

	insertEventSQL = `INSERT INTO events (doc_seq, ord, date,
	source_name, source_code, source_country, source_org, source_entity,
	target_name, target_code, target_country, target_org, target_entity,
	cameo, root, quad_class, goldstein, plover, modality, sectors, "trigger", sentence, "start", "end", confidence)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

	insertFactSQL = `INSERT INTO facts (doc_seq, ord, value, unit, text, measure, period, qualifier, actors, sentence, "start", "end")
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

	insertQuoteSQL = `INSERT INTO quotes (doc_seq, ord, speaker, text, "start", "end")
VALUES (?, ?, ?, ?, ?, ?)`
)

// insertDocEntitiesSQL inserts docEntityChunk doc_entities rows.
func insertDocEntitiesSQL() string {
	return `INSERT INTO doc_entities (doc_seq, ord, entity_id, name, type, country, org, role, aliases, mentions_nil, mentions) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", docEntityChunk), ", ")
}

// Put stores a batch of articles in one transaction: either the whole batch
// is stored or, on any error, none of it. Articles whose ID is already
// stored, or that repeat an earlier article of the same batch, are skipped
// and counted as Present; the first one stored wins.
func (db *DB) Put(ctx context.Context, articles []*article.Article) (store.PutResult, error) {
	if len(articles) == 0 {
		return store.PutResult{}, nil
	}
	began := time.Now()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return store.PutResult{}, fmt.Errorf("store batch: begin: %w", err)
	}
	// Rollback after a successful Commit is a harmless no-op.
	defer func() { _ = tx.Rollback() }()

	b, err := newBatch(ctx, tx)
	if err != nil {
		return store.PutResult{}, fmt.Errorf("store batch: %w", err)
	}
	defer b.close()

	var res store.PutResult
	for i, a := range articles {
		if err := ctx.Err(); err != nil {
			return store.PutResult{}, fmt.Errorf("store batch: %w", err)
		}
		if a == nil {
			return store.PutResult{}, fmt.Errorf("store batch: article %d is nil", i)
		}
		stored, err := b.put(ctx, a)
		if err != nil {
			return store.PutResult{}, fmt.Errorf("store document %s: %w", shortID(a.Doc.ID), err)
		}
		if stored {
			res.Stored++
		} else {
			res.Present++
		}
	}
	if len(b.newSeqs) > 0 {
		seqs, err := json.Marshal(b.newSeqs)
		if err != nil {
			return store.PutResult{}, fmt.Errorf("store batch: %w", err)
		}
		if _, err := tx.ExecContext(ctx, indexBatchSQL, string(seqs)); err != nil {
			return store.PutResult{}, fmt.Errorf("store batch: full-text index: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return store.PutResult{}, fmt.Errorf("store batch: commit: %w", err)
	}
	db.logger.LogAttrs(ctx, slog.LevelDebug, "stored batch",
		slog.Int("stored", res.Stored),
		slog.Int("present", res.Present),
		slog.Duration("took", time.Since(began)))
	return res, nil
}

// batch is one Put's transaction with its prepared statements.
type batch struct {
	doc, entity, docEntity, event, fact, quote *sql.Stmt
	newSeqs                                    []int64 // documents stored by this batch, for the full-text index
	// docEntities writes docEntityChunk doc_entities rows in one statement.
	docEntities *sql.Stmt
	pendingEnt  []any // argument rows of the current document's entities

	now string // ingested_at for every document of the batch
	// entities already upserted in this batch, with the values they were
	// given: most articles name the same few countries.
	seen map[entityKey]struct{}
}

// entityKey is an entity's catalogue row, for skipping repeated upserts.
type entityKey struct {
	id, name, typ               string
	country, org, role          string
	hasCountry, hasOrg, hasRole bool
}

func newBatch(ctx context.Context, tx *sql.Tx) (*batch, error) {
	b := &batch{
		now:  time.Now().UTC().Format(time.RFC3339),
		seen: make(map[entityKey]struct{}),
	}
	stmts := []struct {
		dst   **sql.Stmt
		query string
	}{
		{&b.doc, insertDocumentSQL},
		{&b.entity, upsertEntitySQL},
		{&b.docEntity, insertDocEntitySQL},
		{&b.event, insertEventSQL},
		{&b.fact, insertFactSQL},
		{&b.quote, insertQuoteSQL},
		{&b.docEntities, insertDocEntitiesSQL()},
	}
	for _, s := range stmts {
		st, err := tx.PrepareContext(ctx, s.query)
		if err != nil {
			b.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*s.dst = st
	}
	return b, nil
}

func (b *batch) close() {
	for _, st := range []*sql.Stmt{b.doc, b.entity, b.docEntity, b.event, b.fact, b.quote, b.docEntities} {
		if st != nil {
			_ = st.Close()
		}
	}
}

// put writes one article and reports whether it was new. A present article's
// children are not touched.
func (b *batch) put(ctx context.Context, a *article.Article) (bool, error) {
	d := &a.Doc
	if d.ID == "" {
		return false, errors.New("empty document ID")
	}
	warnings, err := json.Marshal(d.Warnings)
	if err != nil {
		return false, fmt.Errorf("encode warnings: %w", err)
	}
	sentences, err := json.Marshal(a.Sentences)
	if err != nil {
		return false, fmt.Errorf("encode sentences: %w", err)
	}
	sectors, err := json.Marshal(a.Sectors)
	if err != nil {
		return false, fmt.Errorf("encode sectors: %w", err)
	}
	var published, publishedDate any
	if d.Published.Known() {
		published, publishedDate = store.PublishedRecord(d.Published), d.Published.Date()
	}
	// RETURNING gives no row when the ID is already stored.
	var seq int64
	err = b.doc.QueryRowContext(ctx, d.ID, d.Source, d.Title, published, publishedDate,
		d.Author, d.Outlet, d.URL, d.Language, d.Dateline, d.Text,
		string(warnings), string(sentences), string(sectors), store.NilLists(a), b.now).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("insert document: %w", err)
	}
	b.newSeqs = append(b.newSeqs, seq)

	for i := range a.Entities {
		if err := b.putEntity(ctx, seq, i, &a.Entities[i], d.Text); err != nil {
			return false, err
		}
	}
	if err := b.flushDocEntities(ctx); err != nil {
		return false, err
	}
	for i := range a.Events {
		if err := b.putEvent(ctx, seq, i, &a.Events[i]); err != nil {
			return false, err
		}
	}
	for i := range a.Facts {
		f := &a.Facts[i]
		actors, err := json.Marshal(f.Actors)
		if err != nil {
			return false, fmt.Errorf("encode fact %d actors: %w", i, err)
		}
		if _, err := b.fact.ExecContext(ctx, seq, i, f.Value, nullable(f.Unit), f.Text,
			f.Measure, f.Period, f.Qualifier, string(actors), f.Sentence, f.Start, f.End); err != nil {
			return false, fmt.Errorf("insert fact %d: %w", i, err)
		}
	}
	for i := range a.Quotes {
		q := &a.Quotes[i]
		if _, err := b.quote.ExecContext(ctx, seq, i, q.Speaker, q.Text, q.Start, q.End); err != nil {
			return false, fmt.Errorf("insert quote %d: %w", i, err)
		}
	}
	return true, nil
}

// putEntity upserts an entity into the catalogue and records this document's
// view of it with its mentions.
func (b *batch) putEntity(ctx context.Context, seq int64, ord int, e *article.Entity, text string) error {
	if e.ID == "" {
		return fmt.Errorf("entity %d: empty ID", ord)
	}
	k := entityKey{id: e.ID, name: e.Name, typ: e.Type}
	k.country, k.hasCountry = deref(e.Country)
	k.org, k.hasOrg = deref(e.Org)
	k.role, k.hasRole = deref(e.Role)
	if _, ok := b.seen[k]; !ok {
		if _, err := b.entity.ExecContext(ctx, e.ID, e.Name, e.Type,
			nullable(e.Country), nullable(e.Org), nullable(e.Role)); err != nil {
			return fmt.Errorf("upsert entity %s: %w", e.ID, err)
		}
		b.seen[k] = struct{}{}
	}
	aliases, err := json.Marshal(e.Aliases)
	if err != nil {
		return fmt.Errorf("encode entity %s aliases: %w", e.ID, err)
	}
	b.pendingEnt = append(b.pendingEnt, seq, ord, e.ID, e.Name, e.Type,
		nullable(e.Country), nullable(e.Org), nullable(e.Role), string(aliases), e.Mentions == nil,
		string(appendMentions(nil, text, e.Mentions)))
	return nil
}

// flushDocEntities writes the pending doc_entities rows: whole chunks in one
// statement each, the rest one by one.
func (b *batch) flushDocEntities(ctx context.Context) error {
	rows := b.pendingEnt
	defer func() { clear(b.pendingEnt); b.pendingEnt = b.pendingEnt[:0] }()
	for len(rows) >= docEntityChunk*docEntityCols {
		if _, err := b.docEntities.ExecContext(ctx, rows[:docEntityChunk*docEntityCols]...); err != nil {
			return fmt.Errorf("insert entities: %w", err)
		}
		rows = rows[docEntityChunk*docEntityCols:]
	}
	for ; len(rows) > 0; rows = rows[docEntityCols:] {
		if _, err := b.docEntity.ExecContext(ctx, rows[:docEntityCols]...); err != nil {
			return fmt.Errorf("insert entity %s: %w", rows[2], err)
		}
	}
	return nil
}

func (b *batch) putEvent(ctx context.Context, seq int64, ord int, ev *article.Event) error {
	sectors, err := json.Marshal(ev.Sectors)
	if err != nil {
		return fmt.Errorf("encode event %d sectors: %w", ord, err)
	}
	s, t := &ev.Source, &ev.Target
	if _, err := b.event.ExecContext(ctx, seq, ord, ev.Date,
		s.Name, s.Code, nullable(s.Country), nullable(s.Org), s.Entity,
		t.Name, t.Code, nullable(t.Country), nullable(t.Org), t.Entity,
		ev.CAMEO, ev.Root, ev.QuadClass, ev.Goldstein, ev.PLOVER, ev.Modality,
		string(sectors), ev.Trigger, ev.Sentence, ev.Start, ev.End, ev.Confidence); err != nil {
		return fmt.Errorf("insert event %d: %w", ord, err)
	}
	return nil
}

// nullable turns an optional string into a query argument: NULL or the string.
func nullable(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func deref(s *string) (string, bool) {
	if s == nil {
		return "", false
	}
	return *s, true
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
