package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/warta-dev/warta/internal/store"
)

// titleWeight is how much more a match in the title counts than one in the
// text when ranking search results.
const titleWeight = 4.0

// Search returns the IDs of documents whose title or text contain every word
// of query, best first by BM25 (title matches weigh more), at most limit of
// them; limit <= 0 means no limit.
//
// The query is read as plain words, never as FTS5 syntax: each word is
// quoted, so punctuation and operators in it cannot cause a syntax error.
// A word ending in * matches as a prefix ("diplomat*"). The operator words
// AND, OR, NOT and NEAR are ignored. A query with no words finds nothing.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]string, error) {
	match := ftsQuery(query)
	if match == "" {
		return []string{}, nil
	}
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := db.r.QueryContext(ctx, `SELECT d.id
FROM documents_fts f JOIN documents d ON d.seq = f.rowid
WHERE documents_fts MATCH ?
ORDER BY bm25(documents_fts, ?, 1.0), d.seq
LIMIT ?`, match, titleWeight, limit)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return ids, nil
}

// ftsQuery turns what a user typed into an FTS5 query that is always valid:
// the words, each a quoted string, all required.
func ftsQuery(q string) string {
	var terms []string
	for _, w := range strings.Fields(q) {
		switch w {
		case "AND", "OR", "NOT", "NEAR":
			continue
		}
		prefix := strings.HasSuffix(w, "*")
		w = strings.TrimRight(w, "*")
		// A word with no letter or digit gives the tokenizer nothing, and an
		// empty phrase would match nothing at all.
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) < 0 {
			continue
		}
		// Inside an FTS5 string only the double quote is special; doubling it
		// escapes it.
		t := `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		if prefix {
			t += "*"
		}
		terms = append(terms, t)
	}
	return strings.Join(terms, " ")
}

// EntityDocuments lists the IDs of documents that name an entity, newest
// first (documents with no publication date last). An unknown entity has no
// documents: the result is empty, not an error.
func (db *DB) EntityDocuments(ctx context.Context, entityID string) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT d.id FROM documents d
WHERE d.seq IN (SELECT doc_seq FROM doc_entities WHERE entity_id = ?)
ORDER BY d.published_date DESC NULLS LAST, d.seq DESC`, entityID)
	if err != nil {
		return nil, fmt.Errorf("documents of entity %s: %w", entityID, err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("documents of entity %s: %w", entityID, err)
	}
	return ids, nil
}

// scanIDs reads and closes a one-column result of IDs. The result is never
// nil, so that it prints as [] in JSON.
func scanIDs(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return ids, nil
}

// Stats counts what is stored. Entities counts distinct entities across all
// documents. First and Last are midnight UTC of the earliest and latest
// publication dates.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var (
		s           store.Stats
		first, last sql.NullString
	)
	err := db.r.QueryRowContext(ctx, `SELECT
	(SELECT count(*) FROM documents),
	(SELECT count(*) FROM entities),
	(SELECT coalesce(sum(json_array_length(mentions)), 0) FROM doc_entities),
	(SELECT count(*) FROM events),
	(SELECT count(*) FROM facts),
	(SELECT count(*) FROM quotes),
	(SELECT min(published_date) FROM documents),
	(SELECT max(published_date) FROM documents)`).Scan(
		&s.Documents, &s.Entities, &s.Mentions, &s.Events, &s.Facts, &s.Quotes, &first, &last)
	if err != nil {
		return store.Stats{}, fmt.Errorf("count stored records: %w", err)
	}
	for _, v := range []struct {
		src sql.NullString
		dst *time.Time
	}{{first, &s.First}, {last, &s.Last}} {
		if !v.src.Valid {
			continue
		}
		t, err := time.Parse(time.DateOnly, v.src.String)
		if err != nil {
			return store.Stats{}, fmt.Errorf("count stored records: publication date: %w", err)
		}
		*v.dst = t
	}
	return s, nil
}
