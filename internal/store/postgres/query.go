package postgres

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/warta-dev/warta/internal/store"
)

// searchQueries returns a query of one row: the tsqueries qid, qen and qs
// that match a document in Indonesian, in English or in another language.
// terms and prefix are the placeholders of searchTerms' results: tsquery
// text of plain alphanumeric tokens, and which words are prefixes. Each word
// becomes "its stem or the word itself" (the vector holds both), a prefix
// only the latter, since a stemmer cannot stem the start of a word.
func searchQueries(terms, prefix string) string {
	return `SELECT
		warta_and(CASE WHEN p THEN to_tsquery('warta_simple', t)
			ELSE to_tsquery('warta_id', t) || to_tsquery('warta_simple', t) END) AS qid,
		warta_and(CASE WHEN p THEN to_tsquery('warta_simple', t)
			ELSE to_tsquery('warta_en', t) || to_tsquery('warta_simple', t) END) AS qen,
		warta_and(to_tsquery('warta_simple', t)) AS qs
	FROM unnest(` + terms + `::text[], ` + prefix + `::bool[]) AS w(t, p)`
}

// searchMatch matches the documents d against the queries q of
// searchQueries, each in its language, through the GIN index on tsv.
const searchMatch = `((d.language = 'id' AND d.tsv @@ q.qid)
	OR (d.language = 'en' AND d.tsv @@ q.qen)
	OR (d.language NOT IN ('id', 'en') AND d.tsv @@ q.qs))`

// Search returns the IDs of documents whose title or text contain every word
// of query, best first (title matches weigh more), at most limit of them;
// limit <= 0 means no limit. A word matches in the document's language, so
// "membangun" finds "bangun", and accents are folded, so "president" finds
// "président".
//
// The query is read as plain words, never as tsquery syntax: only the
// letters and digits of each word are kept, so no input can cause a syntax
// error. A word ending in * matches as a prefix ("diplomat*"). The operator
// words AND, OR, NOT and NEAR are ignored. A query with no words finds
// nothing.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]string, error) {
	if err := ctxErr(ctx, fmt.Sprintf("search %q", query)); err != nil {
		return nil, err
	}
	terms, prefix := searchTerms(query)
	if len(terms) == 0 {
		return []string{}, nil
	}
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	// Title matches (weight A) rank above text ones (D), then storing order.
	rows, err := db.pool.Query(ctx, `WITH q AS MATERIALIZED (`+searchQueries("$1", "$2")+`)
SELECT d.id FROM documents d, q
WHERE `+searchMatch+`
ORDER BY ts_rank(d.tsv, CASE d.language WHEN 'id' THEN q.qid WHEN 'en' THEN q.qen ELSE q.qs END) DESC, d.seq
LIMIT $3`, terms, prefix, lim)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	ids, err := collectIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return ids, nil
}

// searchTerms turns what a user typed into tsquery text, one per word, made
// only of alphanumeric tokens and the operators <-> and :*, so that it is
// always valid. A word with punctuation inside ("AS;", "Rusia–Kazakhstan")
// becomes the phrase of its parts, which is how the parser reads the text.
func searchTerms(q string) (terms []string, prefix []bool) {
	wordChar := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }
	for _, w := range strings.Fields(q) {
		switch w {
		case "AND", "OR", "NOT", "NEAR":
			continue
		}
		isPrefix := strings.HasSuffix(w, "*")
		parts := strings.FieldsFunc(w, func(r rune) bool { return !wordChar(r) })
		if len(parts) == 0 {
			continue
		}
		t := strings.Join(parts, " <-> ")
		if isPrefix {
			t += ":*"
		}
		terms = append(terms, t)
		prefix = append(prefix, isPrefix)
	}
	return terms, prefix
}

// EntityDocuments lists the IDs of documents that name an entity, newest
// first (documents with no publication date last). An unknown entity has no
// documents: the result is empty, not an error.
func (db *DB) EntityDocuments(ctx context.Context, entityID string) ([]string, error) {
	if err := ctxErr(ctx, "documents of entity "+entityID); err != nil {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT d.id FROM documents d
WHERE d.seq IN (SELECT doc_seq FROM doc_entities WHERE entity_id = $1)
ORDER BY d.published_date DESC NULLS LAST, d.seq DESC`, clean(entityID))
	if err != nil {
		return nil, fmt.Errorf("documents of entity %s: %w", entityID, err)
	}
	ids, err := collectIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("documents of entity %s: %w", entityID, err)
	}
	return ids, nil
}

// collectIDs reads a one-column result of IDs. The result is never nil, so
// that it prints as [] in JSON.
func collectIDs(rows pgx.Rows) ([]string, error) {
	return pgx.AppendRows([]string{}, rows, pgx.RowTo[string])
}

// Stats counts what is stored. Entities counts distinct entities across all
// documents. First and Last are midnight UTC of the earliest and latest
// publication dates. The counts are exact, so on a large database Stats
// reads every table's index or heap: it is not for a hot path.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	if err := ctxErr(ctx, "count stored records"); err != nil {
		return store.Stats{}, err
	}
	var (
		s           store.Stats
		first, last pgtype.Date
	)
	err := db.pool.QueryRow(ctx, `SELECT
	(SELECT count(*) FROM documents),
	(SELECT count(*) FROM entities),
	(SELECT count(*) FROM mentions),
	(SELECT count(*) FROM events),
	(SELECT count(*) FROM facts),
	(SELECT count(*) FROM quotes),
	(SELECT min(published_date) FROM documents),
	(SELECT max(published_date) FROM documents)`).Scan(
		&s.Documents, &s.Entities, &s.Mentions, &s.Events, &s.Facts, &s.Quotes, &first, &last)
	if err != nil {
		return store.Stats{}, fmt.Errorf("count stored records: %w", err)
	}
	if first.Valid {
		s.First = first.Time
	}
	if last.Valid {
		s.Last = last.Time
	}
	return s, nil
}
