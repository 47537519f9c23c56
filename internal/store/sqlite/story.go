package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
	"github.com/warta-dev/warta/internal/store/sqlq"
)

// Consolidate rebuilds stories and canonical events in one write
// transaction: it reads every document and event, signs the documents not
// yet signed, and writes the signatures, the stories that changed and the
// canonical events that changed (by digest). See store.Consolidator.
func (db *DB) Consolidate(ctx context.Context, o store.ConsolidateOptions) (store.ConsolidateResult, error) {
	began := time.Now()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return store.ConsolidateResult{}, fmt.Errorf("consolidate: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()

	if !o.Force {
		var pending bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents d
WHERE NOT EXISTS (SELECT 1 FROM doc_stories s WHERE s.doc_seq = d.seq))`).Scan(&pending); err != nil {
			return store.ConsolidateResult{}, fmt.Errorf("consolidate: %w", err)
		}
		if !pending {
			return store.ConsolidateResult{Skipped: true, Took: time.Since(began)}, nil
		}
	}
	docs, err := loadStoryDocs(ctx, tx, o)
	if err != nil {
		return store.ConsolidateResult{}, fmt.Errorf("consolidate: %w", err)
	}
	events, err := loadStoryEvents(ctx, tx, docs)
	if err != nil {
		return store.ConsolidateResult{}, fmt.Errorf("consolidate: %w", err)
	}
	c, err := store.Consolidate(ctx, o, docs, events)
	if err != nil {
		return store.ConsolidateResult{}, err
	}
	if err := writeStories(ctx, tx, docs, c); err != nil {
		return store.ConsolidateResult{}, fmt.Errorf("consolidate: %w", err)
	}
	if err := writeCanonical(ctx, tx, docs, c); err != nil {
		return store.ConsolidateResult{}, fmt.Errorf("consolidate: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return store.ConsolidateResult{}, fmt.Errorf("consolidate: commit: %w", err)
	}
	c.Result.Took = time.Since(began)
	db.logger.LogAttrs(ctx, slog.LevelDebug, "consolidated",
		slog.Int("documents", c.Result.Documents), slog.Int("events", c.Result.Events),
		slog.Duration("took", c.Result.Took))
	return c.Result, nil
}

// loadStoryDocs reads every document with its last signature; the text
// only of those that need signing.
func loadStoryDocs(ctx context.Context, tx *sql.Tx, o store.ConsolidateOptions) ([]store.ConsolidationDoc, error) {
	rows, err := tx.QueryContext(ctx, `SELECT d.seq, d.id, d.outlet, d.url, d.published,
	s.signature, s.lede_end, s.story, CASE WHEN s.signature IS NULL THEN d.text END
FROM documents d LEFT JOIN doc_stories s ON s.doc_seq = d.seq
ORDER BY d.seq`)
	if err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	defer rows.Close()
	var docs []store.ConsolidationDoc
	var resign []int
	for rows.Next() {
		var (
			d         store.ConsolidationDoc
			published sql.NullString
			sig       []byte
			lede      sql.NullInt64
			story     sql.NullString
			text      sql.NullString
		)
		if err := rows.Scan(&d.Seq, &d.ID, &d.Outlet, &d.URL, &published, &sig, &lede, &story, &text); err != nil {
			return nil, fmt.Errorf("read documents: %w", err)
		}
		if published.Valid {
			if d.Published, err = article.ParsePublished(published.String); err != nil {
				return nil, fmt.Errorf("document %s: %w", shortID(d.ID), err)
			}
		}
		d.Signature = store.DecodeSignature(sig, o.Dedup)
		d.LedeEnd, d.Story, d.Text = int(lede.Int64), story.String, text.String
		if d.Signature == nil && sig != nil {
			resign = append(resign, len(docs))
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	// Signatures made with another configuration: read those texts too.
	for _, i := range resign {
		if err := tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE seq = ?`, docs[i].Seq).Scan(&docs[i].Text); err != nil {
			return nil, fmt.Errorf("read document %s: %w", shortID(docs[i].ID), err)
		}
	}
	return docs, nil
}

// loadStoryEvents reads every stored event with what merging needs.
func loadStoryEvents(ctx context.Context, tx *sql.Tx, docs []store.ConsolidationDoc) ([]store.ConsolidationEvent, error) {
	index := make(map[int64]int, len(docs))
	for i := range docs {
		index[docs[i].Seq] = i
	}
	rows, err := tx.QueryContext(ctx, `SELECT doc_seq, ord, date,
	source_name, source_code, source_country, source_org,
	target_name, target_code, target_country, target_org,
	cameo, root, quad_class, goldstein, "start", "end", confidence, sentence, modality, "trigger"
FROM events`)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	var out []store.ConsolidationEvent
	for rows.Next() {
		var (
			ce             store.ConsolidationEvent
			seq            int64
			sc, so, tc, to sql.NullString
			e              = &ce.Event
			src, tgt       = &e.Source, &e.Target
		)
		if err := rows.Scan(&seq, &ce.Ord, &e.Date,
			&src.Name, &src.Code, &sc, &so, &tgt.Name, &tgt.Code, &tc, &to,
			&e.CAMEO, &e.Root, &e.QuadClass, &e.Goldstein, &e.Start, &e.End, &e.Confidence, &e.Sentence, &e.Modality, &e.Trigger); err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
		src.Country, src.Org, tgt.Country, tgt.Org = optional(sc), optional(so), optional(tc), optional(to)
		i, ok := index[seq]
		if !ok {
			return nil, fmt.Errorf("read events: event of unknown document %d", seq)
		}
		ce.Doc = i
		out = append(out, ce)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return out, nil
}

func optional(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

// writeStories stores new signatures and changed story IDs.
func writeStories(ctx context.Context, tx *sql.Tx, docs []store.ConsolidationDoc, c store.Consolidation) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO doc_stories (doc_seq, signature, lede_end, story) VALUES (?, ?, ?, ?)
ON CONFLICT (doc_seq) DO UPDATE SET signature = excluded.signature, lede_end = excluded.lede_end, story = excluded.story`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE doc_stories SET story = ? WHERE doc_seq = ?`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer upd.Close()
	signed := make([]bool, len(docs))
	for _, i := range c.Signed {
		signed[i] = true
		d := &docs[i]
		sig, err := d.Signature.MarshalBinary()
		if err != nil {
			return fmt.Errorf("document %s: %w", shortID(d.ID), err)
		}
		if _, err := ins.ExecContext(ctx, d.Seq, sig, d.LedeEnd, c.Stories[i]); err != nil {
			return fmt.Errorf("store signature of %s: %w", shortID(d.ID), err)
		}
	}
	for i := range docs {
		if signed[i] || docs[i].Story == c.Stories[i] {
			continue
		}
		if _, err := upd.ExecContext(ctx, c.Stories[i], docs[i].Seq); err != nil {
			return fmt.Errorf("store story of %s: %w", shortID(docs[i].ID), err)
		}
	}
	return nil
}

// writeCanonical replaces the canonical events whose digest changed and
// deletes those that no longer exist.
func writeCanonical(ctx context.Context, tx *sql.Tx, docs []store.ConsolidationDoc, c store.Consolidation) error {
	old := map[string]string{}
	rows, err := tx.QueryContext(ctx, `SELECT id, digest FROM canonical_events`)
	if err != nil {
		return fmt.Errorf("read canonical events: %w", err)
	}
	for rows.Next() {
		var id, dg string
		if err := rows.Scan(&id, &dg); err != nil {
			rows.Close()
			return fmt.Errorf("read canonical events: %w", err)
		}
		old[id] = dg
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read canonical events: %w", err)
	}

	del, err := tx.PrepareContext(ctx, `DELETE FROM canonical_events WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer del.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO canonical_events (id, date, end_date,
	source_key, source_code, source_name, source_country, source_org,
	target_key, target_code, target_name, target_country, target_org,
	cameo, root, quad_class, goldstein, first_seen, last_seen,
	num_mentions, num_articles, num_sources, is_root, source_url, digest)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer ins.Close()
	link, err := tx.PrepareContext(ctx, `INSERT INTO canonical_mentions (event_id, pos, doc_seq, ord, mention_id, date, outlet, lede)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer link.Close()

	keep := make(map[string]bool, len(c.Events))
	for i := range c.Events {
		ev := &c.Events[i]
		keep[ev.ID] = true
		dg, present := old[ev.ID]
		if present && dg == c.Digests[i] {
			continue
		}
		if present {
			if _, err := del.ExecContext(ctx, ev.ID); err != nil {
				return fmt.Errorf("delete canonical event %s: %w", ev.ID, err)
			}
		}
		s, t := &ev.Source, &ev.Target
		if _, err := ins.ExecContext(ctx, ev.ID, ev.Date, ev.EndDate,
			s.Key, s.Code, s.Name, s.Country, s.Org, t.Key, t.Code, t.Name, t.Country, t.Org,
			ev.Code, ev.Root, ev.QuadClass, ev.Goldstein, timeText(ev.FirstSeen), timeText(ev.LastSeen),
			ev.NumMentions, ev.NumArticles, ev.NumSources, ev.IsRoot, ev.SourceURL, c.Digests[i]); err != nil {
			return fmt.Errorf("insert canonical event %s: %w", ev.ID, err)
		}
		for j, m := range ev.Mentions {
			l := c.Links[i][j]
			if _, err := link.ExecContext(ctx, ev.ID, j, docs[l.Doc].Seq, l.Ord, m.ID, m.Date, m.Outlet, m.Lede); err != nil {
				return fmt.Errorf("link canonical event %s: %w", ev.ID, err)
			}
		}
	}
	for id := range old {
		if keep[id] {
			continue
		}
		if _, err := del.ExecContext(ctx, id); err != nil {
			return fmt.Errorf("delete canonical event %s: %w", id, err)
		}
	}
	return nil
}

func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Copies returns the documents of docID's story, sorted by ID.
func (db *DB) Copies(ctx context.Context, docID string) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT d2.id
FROM documents d
JOIN doc_stories s ON s.doc_seq = d.seq
JOIN doc_stories s2 ON s2.story = s.story
JOIN documents d2 ON d2.seq = s2.doc_seq
WHERE d.id = ?
ORDER BY d2.id`, docID)
	if err != nil {
		return nil, fmt.Errorf("copies of %s: %w", shortID(docID), err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("copies of %s: %w", shortID(docID), err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("copies of %s: %w", shortID(docID), err)
	}
	if len(out) > 0 {
		return out, nil
	}
	ok, err := db.Has(ctx, docID)
	switch {
	case err != nil:
		return nil, fmt.Errorf("copies of %s: %w", shortID(docID), err)
	case !ok:
		return nil, fmt.Errorf("copies of %s: %w", shortID(docID), store.ErrNotFound)
	}
	return []string{docID}, nil
}

// CanonicalEvents streams the canonical events matching f to fn.
func (db *DB) CanonicalEvents(ctx context.Context, f store.CanonicalFilter, fn func(*store.CanonicalEvent) error) error {
	return sqlq.CanonicalEvents(ctx, sqlq.Question, db.canonical, f, fn)
}

// CanonicalEvent returns one canonical event with its mentions.
func (db *DB) CanonicalEvent(ctx context.Context, id string) (*store.CanonicalEvent, error) {
	return sqlq.CanonicalEvent(ctx, sqlq.Question, db.canonical, id)
}

// canonical runs one query over canonical events, with their mentions
// joined when asked (one row per mention, grouped back into events).
func (db *DB) canonical(ctx context.Context, cond string, args []any, mentions bool, fn func(*store.CanonicalEvent) error) error {
	q := sqlq.CanonicalQuery(cond, mentions)
	// One read transaction, so that a long export sees one snapshot.
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return store.GroupCanonical(rows, mentions, func(ev *store.CanonicalEvent, m *store.MentionRow) error {
		return scanCanonical(rows, ev, mentions, m)
	}, fn)
}

func scanCanonical(rows *sql.Rows, ev *store.CanonicalEvent, mentions bool, m *store.MentionRow) error {
	var first, last string
	s, t := &ev.Source, &ev.Target
	dst := []any{&ev.ID, &ev.Date, &ev.EndDate,
		&s.Key, &s.Code, &s.Name, &s.Country, &s.Org, &t.Key, &t.Code, &t.Name, &t.Country, &t.Org,
		&ev.Code, &ev.Root, &ev.QuadClass, &ev.Goldstein, &first, &last,
		&ev.NumMentions, &ev.NumArticles, &ev.NumSources, &ev.IsRoot, &ev.SourceURL}
	if mentions {
		dst = append(dst, m.Dest()...)
	}
	if err := rows.Scan(dst...); err != nil {
		return err
	}
	var err1, err2 error
	ev.FirstSeen, err1 = time.Parse(time.RFC3339Nano, first)
	ev.LastSeen, err2 = time.Parse(time.RFC3339Nano, last)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("event %s: %w", ev.ID, err)
	}
	return nil
}
