package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
	"github.com/warta-dev/warta/internal/store/sqlq"
)

// consolidateLockKey is the transaction advisory lock that consolidations
// take, so that two processes rebuilding at once take turns rather than
// collide on the canonical events' keys. Unique within warta.
const consolidateLockKey = 0x77617274_61737479 // "wartasty"

// Consolidate rebuilds stories and canonical events in one transaction,
// holding an advisory lock: it reads every document and event, signs the
// documents not yet signed, and writes the signatures, the stories that
// changed and the canonical events that changed (by digest). See
// store.Consolidator.
func (db *DB) Consolidate(ctx context.Context, o store.ConsolidateOptions) (store.ConsolidateResult, error) {
	if err := ctxErr(ctx, "consolidate"); err != nil {
		return store.ConsolidateResult{}, err
	}
	began := time.Now()
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return store.ConsolidateResult{}, fmt.Errorf("consolidate: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(consolidateLockKey)); err != nil {
		return store.ConsolidateResult{}, fmt.Errorf("consolidate: lock: %w", err)
	}

	if !o.Force {
		var pending bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents d
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
	if err := tx.Commit(ctx); err != nil {
		return store.ConsolidateResult{}, fmt.Errorf("consolidate: commit: %w", err)
	}
	c.Result.Took = time.Since(began)
	db.logger.LogAttrs(ctx, slog.LevelDebug, "consolidated",
		slog.Int("documents", c.Result.Documents), slog.Int("events", c.Result.Events),
		slog.Duration("took", c.Result.Took))
	return c.Result, nil
}

// loadStoryDocs reads every document with its last signature; the text
// (its exact bytes, which lede offsets count) only of those that need
// signing.
func loadStoryDocs(ctx context.Context, tx pgx.Tx, o store.ConsolidateOptions) ([]store.ConsolidationDoc, error) {
	rows, err := tx.Query(ctx, `SELECT d.seq, d.id, d.outlet, d.url, d.published,
	s.signature, s.lede_end, s.story,
	CASE WHEN s.signature IS NULL THEN d.text END, CASE WHEN s.signature IS NULL THEN d.text_exact END
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
			d                      store.ConsolidationDoc
			published, story, text *string
			sig, exact             []byte
			lede                   *int32
		)
		if err := rows.Scan(&d.Seq, &d.ID, &d.Outlet, &d.URL, &published, &sig, &lede, &story, &text, &exact); err != nil {
			return nil, fmt.Errorf("read documents: %w", err)
		}
		if published != nil {
			if d.Published, err = article.ParsePublished(*published); err != nil {
				return nil, fmt.Errorf("document %s: %w", shortID(d.ID), err)
			}
		}
		d.Signature = store.DecodeSignature(sig, o.Dedup)
		if lede != nil {
			d.LedeEnd = int(*lede)
		}
		if story != nil {
			d.Story = *story
		}
		switch {
		case exact != nil:
			d.Text = string(exact)
		case text != nil:
			d.Text = *text
		}
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
		var exact []byte
		if err := tx.QueryRow(ctx, `SELECT text, text_exact FROM documents WHERE seq = $1`, docs[i].Seq).Scan(&docs[i].Text, &exact); err != nil {
			return nil, fmt.Errorf("read document %s: %w", shortID(docs[i].ID), err)
		}
		if exact != nil {
			docs[i].Text = string(exact)
		}
	}
	return docs, nil
}

// loadStoryEvents reads every stored event with what merging needs.
func loadStoryEvents(ctx context.Context, tx pgx.Tx, docs []store.ConsolidationDoc) ([]store.ConsolidationEvent, error) {
	index := make(map[int64]int, len(docs))
	for i := range docs {
		index[docs[i].Seq] = i
	}
	rows, err := tx.Query(ctx, `SELECT doc_seq, ord, date,
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
			ce       store.ConsolidationEvent
			seq      int64
			e        = &ce.Event
			src, tgt = &e.Source, &e.Target
		)
		if err := rows.Scan(&seq, &ce.Ord, &e.Date,
			&src.Name, &src.Code, &src.Country, &src.Org, &tgt.Name, &tgt.Code, &tgt.Country, &tgt.Org,
			&e.CAMEO, &e.Root, &e.QuadClass, &e.Goldstein, &e.Start, &e.End, &e.Confidence, &e.Sentence, &e.Modality, &e.Trigger); err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
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

// writeStories stores new signatures (with COPY) and changed story IDs.
func writeStories(ctx context.Context, tx pgx.Tx, docs []store.ConsolidationDoc, c store.Consolidation) error {
	signed := make([]bool, len(docs))
	seqs := make([]int64, 0, len(c.Signed))
	rows := make([][]any, 0, len(c.Signed))
	for _, i := range c.Signed {
		signed[i] = true
		d := &docs[i]
		sig, err := d.Signature.MarshalBinary()
		if err != nil {
			return fmt.Errorf("document %s: %w", shortID(d.ID), err)
		}
		seqs = append(seqs, d.Seq)
		rows = append(rows, []any{d.Seq, sig, int32(min(d.LedeEnd, store.NoLedeEnd)), c.Stories[i]})
	}
	// A document signed again (another configuration) has a row already.
	if _, err := tx.Exec(ctx, `DELETE FROM doc_stories WHERE doc_seq = ANY($1)`, seqs); err != nil {
		return fmt.Errorf("clear signatures: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"doc_stories"}, []string{"doc_seq", "signature", "lede_end", "story"},
		pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("store signatures: %w", err)
	}
	var useqs []int64
	var ustories []string
	for i := range docs {
		if !signed[i] && docs[i].Story != c.Stories[i] {
			useqs = append(useqs, docs[i].Seq)
			ustories = append(ustories, c.Stories[i])
		}
	}
	if len(useqs) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE doc_stories s SET story = u.story
FROM unnest($1::bigint[], $2::text[]) AS u(seq, story) WHERE s.doc_seq = u.seq`, useqs, ustories); err != nil {
			return fmt.Errorf("store stories: %w", err)
		}
	}
	return nil
}

// writeCanonical replaces the canonical events whose digest changed and
// deletes those that no longer exist.
func writeCanonical(ctx context.Context, tx pgx.Tx, docs []store.ConsolidationDoc, c store.Consolidation) error {
	old := map[string]string{}
	rows, err := tx.Query(ctx, `SELECT id, digest FROM canonical_events`)
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

	var gone []string
	var evRows, linkRows [][]any
	keep := make(map[string]bool, len(c.Events))
	for i := range c.Events {
		ev := &c.Events[i]
		keep[ev.ID] = true
		dg, present := old[ev.ID]
		if present && dg == c.Digests[i] {
			continue
		}
		if present {
			gone = append(gone, ev.ID)
		}
		s, t := &ev.Source, &ev.Target
		evRows = append(evRows, []any{ev.ID, ev.Date, ev.EndDate,
			s.Key, s.Code, s.Name, s.Country, s.Org, t.Key, t.Code, t.Name, t.Country, t.Org,
			ev.Code, ev.Root, int32(ev.QuadClass), ev.Goldstein, ev.FirstSeen, ev.LastSeen,
			int32(ev.NumMentions), int32(ev.NumArticles), int32(ev.NumSources), ev.IsRoot, ev.SourceURL, c.Digests[i]})
		for j, m := range ev.Mentions {
			l := c.Links[i][j]
			linkRows = append(linkRows, []any{ev.ID, int32(j), docs[l.Doc].Seq, int32(l.Ord), m.ID, m.Date, m.Outlet, m.Lede})
		}
	}
	for id := range old {
		if !keep[id] {
			gone = append(gone, id)
		}
	}
	if len(gone) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM canonical_events WHERE id = ANY($1)`, gone); err != nil {
			return fmt.Errorf("delete canonical events: %w", err)
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"canonical_events"}, []string{"id", "date", "end_date",
		"source_key", "source_code", "source_name", "source_country", "source_org",
		"target_key", "target_code", "target_name", "target_country", "target_org",
		"cameo", "root", "quad_class", "goldstein", "first_seen", "last_seen",
		"num_mentions", "num_articles", "num_sources", "is_root", "source_url", "digest"},
		pgx.CopyFromRows(evRows)); err != nil {
		return fmt.Errorf("insert canonical events: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"canonical_mentions"},
		[]string{"event_id", "pos", "doc_seq", "ord", "mention_id", "date", "outlet", "lede"},
		pgx.CopyFromRows(linkRows)); err != nil {
		return fmt.Errorf("link canonical events: %w", err)
	}
	return nil
}

// Copies returns the documents of docID's story, sorted by ID.
func (db *DB) Copies(ctx context.Context, docID string) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT d2.id
FROM documents d
JOIN doc_stories s ON s.doc_seq = d.seq
JOIN doc_stories s2 ON s2.story = s.story
JOIN documents d2 ON d2.seq = s2.doc_seq
WHERE d.id = $1
ORDER BY d2.id`, docID)
	if err != nil {
		return nil, fmt.Errorf("copies of %s: %w", shortID(docID), err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
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
	return sqlq.CanonicalEvents(ctx, sqlq.Dollar, db.canonical, f, fn)
}

// CanonicalEvent returns one canonical event with its mentions.
func (db *DB) CanonicalEvent(ctx context.Context, id string) (*store.CanonicalEvent, error) {
	return sqlq.CanonicalEvent(ctx, sqlq.Dollar, db.canonical, id)
}

// canonical runs one query over canonical events, with their mentions
// joined when asked (one row per mention, grouped back into events).
func (db *DB) canonical(ctx context.Context, cond string, args []any, mentions bool, fn func(*store.CanonicalEvent) error) error {
	if err := ctxErr(ctx, "query"); err != nil {
		return err
	}
	q := sqlq.CanonicalQuery(cond, mentions)
	// One statement reads one snapshot.
	rows, err := db.pool.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return store.GroupCanonical(rows, mentions, func(ev *store.CanonicalEvent, m *store.MentionRow) error {
		return scanCanonical(rows, ev, mentions, m)
	}, fn)
}

func scanCanonical(rows pgx.Rows, ev *store.CanonicalEvent, mentions bool, m *store.MentionRow) error {
	s, t := &ev.Source, &ev.Target
	var quad, nm, na, ns int32
	dst := []any{&ev.ID, &ev.Date, &ev.EndDate,
		&s.Key, &s.Code, &s.Name, &s.Country, &s.Org, &t.Key, &t.Code, &t.Name, &t.Country, &t.Org,
		&ev.Code, &ev.Root, &quad, &ev.Goldstein, &ev.FirstSeen, &ev.LastSeen,
		&nm, &na, &ns, &ev.IsRoot, &ev.SourceURL}
	if mentions {
		dst = append(dst, m.Dest()...)
	}
	if err := rows.Scan(dst...); err != nil {
		return err
	}
	ev.QuadClass, ev.NumMentions, ev.NumArticles, ev.NumSources = int(quad), int(nm), int(na), int(ns)
	ev.FirstSeen, ev.LastSeen = ev.FirstSeen.UTC(), ev.LastSeen.UTC()
	return nil
}
