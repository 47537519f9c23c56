package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// Has reports whether a document with this ID is stored.
func (db *DB) Has(ctx context.Context, id string) (bool, error) {
	if err := ctxErr(ctx, "look up document "+shortID(id)); err != nil {
		return false, err
	}
	var ok bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1)`, clean(id)).Scan(&ok); err != nil {
		return false, fmt.Errorf("look up document %s: %w", shortID(id), err)
	}
	return ok, nil
}

// The reads of Get, sent together in one round trip. Each child list is
// found through the document's ID, so none waits for the first's answer.
const (
	getDocumentSQL = `SELECT seq, id, source, title, published, author, outlet, url,
	language, dateline, text, text_exact, warnings, sentences, sectors, nil_lists
FROM documents WHERE id = $1`
	getEntitiesSQL = `SELECT entity_id, name, type, country, org, role, aliases, mentions_nil
FROM doc_entities WHERE doc_seq = (SELECT seq FROM documents WHERE id = $1) ORDER BY ord`
	getMentionsSQL = `SELECT ent_ord, text, "start", "end"
FROM mentions WHERE doc_seq = (SELECT seq FROM documents WHERE id = $1) ORDER BY ent_ord, ord`
	getEventsSQL = `SELECT date,
	source_name, source_code, source_country, source_org, source_entity,
	target_name, target_code, target_country, target_org, target_entity,
	cameo, root, quad_class, goldstein, plover, modality, sectors, "trigger", sentence, "start", "end", confidence
FROM events WHERE doc_seq = (SELECT seq FROM documents WHERE id = $1) ORDER BY ord`
	getFactsSQL = `SELECT value, unit, text, measure, period, qualifier, actors, sentence, "start", "end"
FROM facts WHERE doc_seq = (SELECT seq FROM documents WHERE id = $1) ORDER BY ord`
	getQuotesSQL = `SELECT speaker, text, "start", "end"
FROM quotes WHERE doc_seq = (SELECT seq FROM documents WHERE id = $1) ORDER BY ord`
)

// Get returns the stored record of one document exactly as it was put, or an
// error wrapping store.ErrNotFound. A date-only publication time comes back
// as midnight UTC of that date.
func (db *DB) Get(ctx context.Context, id string) (*article.Article, error) {
	if err := ctxErr(ctx, "get document "+shortID(id)); err != nil {
		return nil, err
	}
	var a *article.Article
	// One snapshot for every list: a repeatable-read, read-only transaction.
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error {
			var err error
			a, err = getArticle(ctx, tx, clean(id))
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("get document %s: %w", shortID(id), err)
	}
	return a, nil
}

func getArticle(ctx context.Context, tx pgx.Tx, id string) (*article.Article, error) {
	b := &pgx.Batch{}
	for _, q := range []string{getDocumentSQL, getEntitiesSQL, getMentionsSQL, getEventsSQL, getFactsSQL, getQuotesSQL} {
		b.Queue(q, id)
	}
	br := tx.SendBatch(ctx, b)
	defer func() { _ = br.Close() }()

	a := &article.Article{}
	d := &a.Doc
	var (
		published                    *string
		exact                        []byte
		warnings, sentences, sectors []byte
		nils                         int16
		seq                          int64
	)
	err := br.QueryRow().Scan(&seq, &d.ID, &d.Source, &d.Title, &published,
		&d.Author, &d.Outlet, &d.URL, &d.Language, &d.Dateline, &d.Text, &exact,
		&warnings, &sentences, &sectors, &nils)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read document: %w", err)
	}
	if exact != nil {
		d.Text = string(exact)
	}
	if published != nil {
		if d.Published, err = article.ParsePublished(*published); err != nil {
			return nil, fmt.Errorf("read document: %w", err)
		}
	}
	if err := decodeJSON(warnings, &d.Warnings, "warnings"); err != nil {
		return nil, err
	}
	if err := decodeJSON(sentences, &a.Sentences, "sentences"); err != nil {
		return nil, err
	}
	if err := decodeJSON(sectors, &a.Sectors, "sectors"); err != nil {
		return nil, err
	}

	if a.Entities, err = readList(br, nils&store.NilEntities != 0, "entities", func(row pgx.CollectableRow) (article.Entity, error) {
		var (
			e           article.Entity
			mentionsNil bool
		)
		err := row.Scan(&e.ID, &e.Name, &e.Type, &e.Country, &e.Org, &e.Role, &e.Aliases, &mentionsNil)
		if !mentionsNil {
			e.Mentions = []article.Mention{}
		}
		return e, err
	}); err != nil {
		return nil, err
	}
	if err := readMentions(br, a.Entities); err != nil {
		return nil, err
	}
	if a.Events, err = readList(br, nils&store.NilEvents != 0, "events", func(row pgx.CollectableRow) (article.Event, error) {
		var ev article.Event
		s, t := &ev.Source, &ev.Target
		err := row.Scan(&ev.Date,
			&s.Name, &s.Code, &s.Country, &s.Org, &s.Entity,
			&t.Name, &t.Code, &t.Country, &t.Org, &t.Entity,
			&ev.CAMEO, &ev.Root, &ev.QuadClass, &ev.Goldstein, &ev.PLOVER, &ev.Modality,
			&ev.Sectors, &ev.Trigger, &ev.Sentence, &ev.Start, &ev.End, &ev.Confidence)
		return ev, err
	}); err != nil {
		return nil, err
	}
	if a.Facts, err = readList(br, nils&store.NilFacts != 0, "facts", func(row pgx.CollectableRow) (article.Fact, error) {
		var f article.Fact
		err := row.Scan(&f.Value, &f.Unit, &f.Text, &f.Measure, &f.Period, &f.Qualifier, &f.Actors, &f.Sentence, &f.Start, &f.End)
		return f, err
	}); err != nil {
		return nil, err
	}
	if a.Quotes, err = readList(br, nils&store.NilQuotes != 0, "quotes", func(row pgx.CollectableRow) (article.Quote, error) {
		var q article.Quote
		err := row.Scan(&q.Speaker, &q.Text, &q.Start, &q.End)
		return q, err
	}); err != nil {
		return nil, err
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("read document: %w", err)
	}
	return a, nil
}

// readList reads the next result of the batch as one list. It returns nil
// when the list was stored as nil, and a non-nil slice otherwise, even when
// empty.
func readList[T any](br pgx.BatchResults, isNil bool, what string, scan pgx.RowToFunc[T]) ([]T, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	var list []T
	if !isNil {
		list = []T{}
	}
	list, err = pgx.AppendRows(list, rows, scan)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return list, nil
}

// readMentions reads the next result of the batch, the mentions, into
// their entities.
func readMentions(br pgx.BatchResults, ents []article.Entity) error {
	rows, err := br.Query()
	if err != nil {
		return fmt.Errorf("read mentions: %w", err)
	}
	var (
		ord int
		m   article.Mention
	)
	_, err = pgx.ForEachRow(rows, []any{&ord, &m.Text, &m.Start, &m.End}, func() error {
		if ord < 0 || ord >= len(ents) {
			return fmt.Errorf("entity %d of %d", ord, len(ents))
		}
		ents[ord].Mentions = append(ents[ord].Mentions, m)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read mentions: %w", err)
	}
	return nil
}

func decodeJSON(b []byte, v any, what string) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", what, err)
	}
	return nil
}
