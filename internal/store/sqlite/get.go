package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// Has reports whether a document with this ID is stored.
func (db *DB) Has(ctx context.Context, id string) (bool, error) {
	var one int
	err := db.has.QueryRowContext(ctx, id).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("look up document %s: %w", shortID(id), err)
	}
	return true, nil
}

// Get returns the stored record of one document exactly as it was put, or an
// error wrapping store.ErrNotFound. A date-only publication time comes back
// as midnight UTC of that date.
func (db *DB) Get(ctx context.Context, id string) (*article.Article, error) {
	// One read transaction, so that every list comes from the same snapshot.
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("get document %s: begin: %w", shortID(id), err)
	}
	defer func() { _ = tx.Rollback() }()

	a, err := getArticle(ctx, tx, id)
	if err != nil {
		return nil, fmt.Errorf("get document %s: %w", shortID(id), err)
	}
	return a, nil
}

func getArticle(ctx context.Context, tx *sql.Tx, id string) (*article.Article, error) {
	a := &article.Article{}
	d := &a.Doc
	var (
		published                    sql.NullString
		warnings, sentences, sectors []byte
		nils                         int
		seq                          int64
	)
	err := tx.QueryRowContext(ctx, `SELECT seq, id, source, title, published, author, outlet, url,
	language, dateline, text, warnings, sentences, sectors, nil_lists
FROM documents WHERE id = ?`, id).Scan(&seq, &d.ID, &d.Source, &d.Title, &published,
		&d.Author, &d.Outlet, &d.URL, &d.Language, &d.Dateline, &d.Text,
		&warnings, &sentences, &sectors, &nils)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read document: %w", err)
	}
	if published.Valid {
		if d.Published, err = article.ParsePublished(published.String); err != nil {
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

	if a.Entities, err = getEntities(ctx, tx, seq, nils&store.NilEntities != 0, d.Text); err != nil {
		return nil, err
	}
	if a.Events, err = getEvents(ctx, tx, seq, nils&store.NilEvents != 0); err != nil {
		return nil, err
	}
	if a.Facts, err = getFacts(ctx, tx, seq, nils&store.NilFacts != 0); err != nil {
		return nil, err
	}
	if a.Quotes, err = getQuotes(ctx, tx, seq, nils&store.NilQuotes != 0); err != nil {
		return nil, err
	}
	return a, nil
}

func getEntities(ctx context.Context, tx *sql.Tx, seq int64, isNil bool, text string) ([]article.Entity, error) {
	return queryList(ctx, tx, isNil, "entities", `SELECT entity_id, name, type, country, org, role, aliases, mentions_nil, mentions
FROM doc_entities WHERE doc_seq = ? ORDER BY ord`, seq,
		func(rows *sql.Rows) (article.Entity, error) {
			var (
				e                 article.Entity
				aliases, mentions []byte
				mentionsNil       bool
			)
			if err := rows.Scan(&e.ID, &e.Name, &e.Type, &e.Country, &e.Org, &e.Role, &aliases, &mentionsNil, &mentions); err != nil {
				return e, err
			}
			if err := decodeJSON(aliases, &e.Aliases, "aliases"); err != nil {
				return e, err
			}
			if mentionsNil {
				return e, nil
			}
			var err error
			e.Mentions, err = decodeMentions(mentions, text)
			return e, err
		})
}

func getEvents(ctx context.Context, tx *sql.Tx, seq int64, isNil bool) ([]article.Event, error) {
	return queryList(ctx, tx, isNil, "events", `SELECT date,
	source_name, source_code, source_country, source_org, source_entity,
	target_name, target_code, target_country, target_org, target_entity,
	cameo, root, quad_class, goldstein, plover, modality, sectors, "trigger", sentence, "start", "end", confidence
FROM events WHERE doc_seq = ? ORDER BY ord`, seq,
		func(rows *sql.Rows) (article.Event, error) {
			var (
				ev      article.Event
				sectors []byte
			)
			s, t := &ev.Source, &ev.Target
			if err := rows.Scan(&ev.Date,
				&s.Name, &s.Code, &s.Country, &s.Org, &s.Entity,
				&t.Name, &t.Code, &t.Country, &t.Org, &t.Entity,
				&ev.CAMEO, &ev.Root, &ev.QuadClass, &ev.Goldstein, &ev.PLOVER, &ev.Modality,
				&sectors, &ev.Trigger, &ev.Sentence, &ev.Start, &ev.End, &ev.Confidence); err != nil {
				return ev, err
			}
			return ev, decodeJSON(sectors, &ev.Sectors, "event sectors")
		})
}

func getFacts(ctx context.Context, tx *sql.Tx, seq int64, isNil bool) ([]article.Fact, error) {
	return queryList(ctx, tx, isNil, "facts", `SELECT value, unit, text, measure, period, qualifier, actors, sentence, "start", "end"
FROM facts WHERE doc_seq = ? ORDER BY ord`, seq,
		func(rows *sql.Rows) (article.Fact, error) {
			var (
				f      article.Fact
				actors []byte
			)
			if err := rows.Scan(&f.Value, &f.Unit, &f.Text, &f.Measure, &f.Period, &f.Qualifier, &actors,
				&f.Sentence, &f.Start, &f.End); err != nil {
				return f, err
			}
			return f, decodeJSON(actors, &f.Actors, "fact actors")
		})
}

func getQuotes(ctx context.Context, tx *sql.Tx, seq int64, isNil bool) ([]article.Quote, error) {
	return queryList(ctx, tx, isNil, "quotes", `SELECT speaker, text, "start", "end"
FROM quotes WHERE doc_seq = ? ORDER BY ord`, seq,
		func(rows *sql.Rows) (article.Quote, error) {
			var q article.Quote
			err := rows.Scan(&q.Speaker, &q.Text, &q.Start, &q.End)
			return q, err
		})
}

// queryList reads the rows of one list. It returns nil when the list was
// stored as nil, and a non-nil slice otherwise, even when empty.
func queryList[T any](ctx context.Context, tx *sql.Tx, isNil bool, what, query string, seq int64,
	scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, seq)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	var list []T
	if !isNil {
		list = []T{}
	}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return list, nil
}

func decodeJSON(b []byte, v any, what string) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode %s: %w", what, err)
	}
	return nil
}
