package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/warta-dev/warta/internal/store"
)

// quadColumns count events per quad class and average their Goldstein
// scores.
const quadColumns = `count(*),
	count(*) FILTER (WHERE e.quad_class = 1), count(*) FILTER (WHERE e.quad_class = 2),
	count(*) FILTER (WHERE e.quad_class = 3), count(*) FILTER (WHERE e.quad_class = 4),
	coalesce(avg(e.goldstein), 0)`

func limitOrMax(limit int) (int, error) {
	switch {
	case limit <= 0:
		return store.MaxLimit, nil
	case limit > store.MaxLimit:
		return 0, fmt.Errorf("%w: limit %d: want at most %d", store.ErrInvalid, limit, store.MaxLimit)
	}
	return limit, nil
}

// Pairs aggregates matching events by unordered pair of actor keys.
func (db *DB) Pairs(ctx context.Context, f store.Filter, limit int) ([]store.PairStat, error) {
	limit, err := limitOrMax(limit)
	if err == nil {
		err = f.Validate()
	}
	if err != nil {
		return nil, fmt.Errorf("aggregate pairs: %w", err)
	}
	var w where
	eventConds(&w, &f)
	w.add(sourceKey + ` <> ` + targetKey)
	rows, err := db.pool.Query(ctx, `SELECT least(`+sourceKey+`, `+targetKey+`) AS a, greatest(`+sourceKey+`, `+targetKey+`) AS b,
	`+quadColumns+`, coalesce(min(nullif(e.date, '')), ''), coalesce(max(e.date), '')
FROM events e
WHERE `+w.sql()+`
GROUP BY a, b
ORDER BY count(*) DESC, a, b
LIMIT `+w.arg(limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("aggregate pairs: %w", err)
	}
	pairs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.PairStat, error) {
		var p store.PairStat
		err := row.Scan(&p.A, &p.B, &p.Events, &p.Quad[0], &p.Quad[1], &p.Quad[2], &p.Quad[3],
			&p.Goldstein, &p.First, &p.Last)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("aggregate pairs: %w", err)
	}
	keys := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		keys = append(keys, p.A, p.B)
	}
	names, err := db.actorNames(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("aggregate pairs: %w", err)
	}
	out := make([]store.PairStat, len(pairs)) // never nil
	for i, p := range pairs {
		p.NameA, p.NameB = names[p.A], names[p.B]
		out[i] = p
	}
	return out, nil
}

// Actors aggregates matching events by actor key, each event counting for
// both its sides.
func (db *DB) Actors(ctx context.Context, f store.Filter, limit int) ([]store.ActorStat, error) {
	limit, err := limitOrMax(limit)
	if err == nil {
		err = f.Validate()
	}
	if err != nil {
		return nil, fmt.Errorf("aggregate actors: %w", err)
	}
	var w where
	eventConds(&w, &f)
	// One scan of the events; each side becomes a row of the lateral join.
	rows, err := db.pool.Query(ctx, `SELECT s.k, min(s.kind), count(*),
	count(*) FILTER (WHERE e.quad_class = 1), count(*) FILTER (WHERE e.quad_class = 2),
	count(*) FILTER (WHERE e.quad_class = 3), count(*) FILTER (WHERE e.quad_class = 4),
	coalesce(avg(e.goldstein), 0)
FROM events e, LATERAL (VALUES
	(`+sourceKey+`, CASE WHEN e.source_country IS NOT NULL THEN 'country' WHEN e.source_org IS NOT NULL THEN 'org' ELSE 'other' END),
	(`+targetKey+`, CASE WHEN e.target_country IS NOT NULL THEN 'country' WHEN e.target_org IS NOT NULL THEN 'org' ELSE 'other' END)
) AS s(k, kind)
WHERE `+w.sql()+`
GROUP BY s.k
ORDER BY count(*) DESC, s.k
LIMIT `+w.arg(limit), w.args...)
	if err != nil {
		return nil, fmt.Errorf("aggregate actors: %w", err)
	}
	actors, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.ActorStat, error) {
		var a store.ActorStat
		err := row.Scan(&a.Key, &a.Kind, &a.Events, &a.Quad[0], &a.Quad[1], &a.Quad[2], &a.Quad[3], &a.Goldstein)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("aggregate actors: %w", err)
	}
	keys := make([]string, len(actors))
	for i, a := range actors {
		keys[i] = a.Key
	}
	names, err := db.actorNames(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("aggregate actors: %w", err)
	}
	out := make([]store.ActorStat, len(actors)) // never nil
	for i, a := range actors {
		a.Name = names[a.Key]
		out[i] = a
	}
	return out, nil
}

// actorNames names actor keys from the entity catalogue: the country
// entity country:KEY, else an organisation whose code is KEY. A key with
// neither is named by itself.
func (db *DB) actorNames(ctx context.Context, keys []string) (map[string]string, error) {
	names := make(map[string]string, len(keys))
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	if len(keys) > 0 {
		// Country rows come last, so they win over an organisation with the
		// same code.
		rows, err := db.pool.Query(ctx, `SELECT substr(id, 9), name, 0 FROM entities
WHERE id = ANY (SELECT 'country:' || k FROM unnest($1::text[]) AS k)
UNION ALL
SELECT org, min(name), 1 FROM entities WHERE type = 'ORG' AND org = ANY ($1::text[]) GROUP BY org
ORDER BY 3 DESC`, keys)
		if err != nil {
			return nil, fmt.Errorf("name actors: %w", err)
		}
		var (
			key, name string
			prio      int
		)
		if _, err := pgx.ForEachRow(rows, []any{&key, &name, &prio}, func() error {
			names[key] = name
			return nil
		}); err != nil {
			return nil, fmt.Errorf("name actors: %w", err)
		}
	}
	for _, k := range keys {
		if names[k] == "" {
			names[k] = k
		}
	}
	return names, nil
}

// Series buckets matching events and documents by period.
func (db *DB) Series(ctx context.Context, f store.Filter, by store.Interval) ([]store.Bucket, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("series: %w", err)
	}
	var n int
	switch by {
	case store.Day:
		n = 10
	case store.Month:
		n = 7
	case store.Year:
		n = 4
	default:
		return nil, fmt.Errorf("series: %w: interval %q: want day, month or year", store.ErrInvalid, by)
	}
	buckets := map[string]*store.Bucket{}
	bucket := func(p string) *store.Bucket {
		b := buckets[p]
		if b == nil {
			b = &store.Bucket{Period: p}
			buckets[p] = b
		}
		return b
	}

	var w where
	eventConds(&w, &f)
	w.add(`length(e.date) >= 10`)
	rows, err := db.pool.Query(ctx, `SELECT substr(e.date, 1, `+w.arg(n)+`) AS p, `+quadColumns+`
FROM events e
WHERE `+w.sql()+`
GROUP BY p`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("series of events: %w", err)
	}
	var (
		p string
		b store.Bucket
	)
	if _, err := pgx.ForEachRow(rows, []any{&p, &b.Events, &b.Quad[0], &b.Quad[1], &b.Quad[2], &b.Quad[3], &b.Goldstein}, func() error {
		dst := bucket(p)
		dst.Events, dst.Quad, dst.Goldstein = b.Events, b.Quad, b.Goldstein
		return nil
	}); err != nil {
		return nil, fmt.Errorf("series of events: %w", err)
	}

	var dw where
	docConds(&dw, &f, true)
	dw.add(`d.published_date IS NOT NULL`)
	drows, err := db.pool.Query(ctx, `SELECT substr(to_char(d.published_date, 'YYYY-MM-DD'), 1, `+dw.arg(n)+`) AS p, count(*)
FROM documents d
WHERE `+dw.sql()+`
GROUP BY p`, dw.args...)
	if err != nil {
		return nil, fmt.Errorf("series of articles: %w", err)
	}
	var count int
	if _, err := pgx.ForEachRow(drows, []any{&p, &count}, func() error {
		bucket(p).Articles = count
		return nil
	}); err != nil {
		return nil, fmt.Errorf("series of articles: %w", err)
	}

	out := make([]store.Bucket, 0, len(buckets))
	for _, b := range buckets {
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b store.Bucket) int { return cmp.Compare(a.Period, b.Period) })
	return out, nil
}

// Sectors counts sectors over matching events and documents.
func (db *DB) Sectors(ctx context.Context, f store.Filter, limit int) ([]store.SectorStat, error) {
	limit, err := limitOrMax(limit)
	if err == nil {
		err = f.Validate()
	}
	if err != nil {
		return nil, fmt.Errorf("count sectors: %w", err)
	}
	counts := map[string]*store.SectorStat{}
	add := func(query string, args []any, set func(*store.SectorStat, int)) error {
		rows, err := db.pool.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		var (
			name *string
			n    int
		)
		_, err = pgx.ForEachRow(rows, []any{&name, &n}, func() error {
			if name == nil || *name == "" {
				return nil
			}
			s := counts[*name]
			if s == nil {
				s = &store.SectorStat{Name: *name}
				counts[*name] = s
			}
			set(s, n)
			return nil
		})
		return err
	}

	var w where
	eventConds(&w, &f)
	if err := add(`SELECT j.name, count(*) FROM events e, unnest(e.sectors) AS j(name)
WHERE `+w.sql()+` GROUP BY j.name`, w.args,
		func(s *store.SectorStat, n int) { s.Events = n }); err != nil {
		return nil, fmt.Errorf("count sectors of events: %w", err)
	}
	var dw where
	docConds(&dw, &f, true)
	if err := add(`SELECT j.value->>'name' AS name, count(DISTINCT d.seq)
FROM documents d, jsonb_array_elements(CASE jsonb_typeof(d.sectors) WHEN 'array' THEN d.sectors ELSE '[]' END) AS j(value)
WHERE jsonb_typeof(j.value) = 'object' AND `+dw.sql()+` GROUP BY name`, dw.args,
		func(s *store.SectorStat, n int) { s.Articles = n }); err != nil {
		return nil, fmt.Errorf("count sectors of articles: %w", err)
	}

	out := make([]store.SectorStat, 0, len(counts))
	for _, s := range counts {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b store.SectorStat) int {
		return cmp.Or(cmp.Compare(b.Events, a.Events), cmp.Compare(b.Articles, a.Articles), cmp.Compare(a.Name, b.Name))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
