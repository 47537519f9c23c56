package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/warta-dev/warta/internal/store"
)

func limitOrMax(limit int) (int, error) {
	switch {
	case limit <= 0:
		return store.MaxLimit, nil
	case limit > store.MaxLimit:
		return 0, fmt.Errorf("%w: limit %d: want at most %d", store.ErrInvalid, limit, store.MaxLimit)
	}
	return limit, nil
}

// directed is the aggregate of the events from one actor key to another.
type directed struct {
	s, t        string
	n           int
	quad        [4]int
	gsum        float64
	first, last string
}

// directedPairs aggregates matching events by (source key, target key).
// Grouping by the indexed key expressions lets SQLite stream the groups
// from events_pair_key, with no sort; Pairs and Actors fold the result.
func (db *DB) directedPairs(ctx context.Context, f *store.Filter) ([]directed, error) {
	var w where
	eventConds(&w, f, true)
	rows, err := db.r.QueryContext(ctx, `SELECT `+sourceKey+`, `+targetKey+`, count(*),
	sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4),
	coalesce(sum(e.goldstein), 0), coalesce(min(nullif(e.date, '')), ''), coalesce(max(e.date), '')
FROM events e
WHERE `+w.sql()+`
GROUP BY 1, 2`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directed
	for rows.Next() {
		var d directed
		if err := rows.Scan(&d.s, &d.t, &d.n, &d.quad[0], &d.quad[1], &d.quad[2], &d.quad[3], &d.gsum, &d.first, &d.last); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
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
	dirs, err := db.directedPairs(ctx, &f)
	if err != nil {
		return nil, fmt.Errorf("aggregate pairs: %w", err)
	}
	type key struct{ a, b string }
	sums := map[key]*store.PairStat{}
	gsum := map[key]float64{}
	for _, d := range dirs {
		if d.s == d.t {
			continue
		}
		k := key{min(d.s, d.t), max(d.s, d.t)}
		p := sums[k]
		if p == nil {
			p = &store.PairStat{A: k.a, B: k.b, First: d.first, Last: d.last}
			sums[k] = p
		}
		p.Events += d.n
		for i := range p.Quad {
			p.Quad[i] += d.quad[i]
		}
		gsum[k] += d.gsum
		if d.first != "" && (p.First == "" || d.first < p.First) {
			p.First = d.first
		}
		p.Last = max(p.Last, d.last)
	}
	pairs := make([]store.PairStat, 0, len(sums))
	for k, p := range sums {
		p.Goldstein = gsum[k] / float64(p.Events)
		pairs = append(pairs, *p)
	}
	slices.SortFunc(pairs, func(x, y store.PairStat) int {
		return cmp.Or(cmp.Compare(y.Events, x.Events), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	pairs = pairs[:min(len(pairs), limit)]
	keys := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		keys = append(keys, p.A, p.B)
	}
	names, _, err := db.actorNames(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("aggregate pairs: %w", err)
	}
	for i := range pairs {
		pairs[i].NameA, pairs[i].NameB = names[pairs[i].A], names[pairs[i].B]
	}
	return pairs, nil
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
	dirs, err := db.directedPairs(ctx, &f)
	if err != nil {
		return nil, fmt.Errorf("aggregate actors: %w", err)
	}
	sums := map[string]*store.ActorStat{}
	gsum := map[string]float64{}
	for _, d := range dirs {
		for _, k := range []string{d.s, d.t} {
			a := sums[k]
			if a == nil {
				a = &store.ActorStat{Key: k}
				sums[k] = a
			}
			a.Events += d.n
			for i := range a.Quad {
				a.Quad[i] += d.quad[i]
			}
			gsum[k] += d.gsum
		}
	}
	actors := make([]store.ActorStat, 0, len(sums))
	for k, a := range sums {
		a.Goldstein = gsum[k] / float64(a.Events)
		actors = append(actors, *a)
	}
	slices.SortFunc(actors, func(x, y store.ActorStat) int {
		return cmp.Or(cmp.Compare(y.Events, x.Events), cmp.Compare(x.Key, y.Key))
	})
	actors = actors[:min(len(actors), limit)]
	keys := make([]string, len(actors))
	for i, a := range actors {
		keys[i] = a.Key
	}
	names, kinds, err := db.actorNames(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("aggregate actors: %w", err)
	}
	for i := range actors {
		actors[i].Name, actors[i].Kind = names[actors[i].Key], kinds[actors[i].Key]
	}
	return actors, nil
}

// actorNames names actor keys from the entity catalogue, and tells their
// kind: the country entity country:KEY makes KEY a country, else an
// organisation whose code is KEY makes it an org. A key with neither is
// named by itself, of kind "other".
func (db *DB) actorNames(ctx context.Context, keys []string) (names, kinds map[string]string, err error) {
	names = make(map[string]string, len(keys))
	kinds = make(map[string]string, len(keys))
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	// SQLite allows 32766 parameters; a chunk of 400 keys uses 800.
	for chunk := range slices.Chunk(keys, 400) {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		args := make([]any, 0, 2*len(chunk))
		for _, k := range chunk {
			args = append(args, "country:"+k)
		}
		for _, k := range chunk {
			args = append(args, k)
		}
		rows, err := db.r.QueryContext(ctx, `SELECT substr(id, 9), name, 0 FROM entities WHERE id IN (`+ph+`)
UNION ALL
SELECT org, min(name), 1 FROM entities WHERE type = 'ORG' AND org IN (`+ph+`) GROUP BY org
ORDER BY 3 DESC`, args...)
		if err != nil {
			return nil, nil, fmt.Errorf("name actors: %w", err)
		}
		// Country rows come last, so they win over an organisation with
		// the same code.
		for rows.Next() {
			var key, name string
			var prio int
			if err := rows.Scan(&key, &name, &prio); err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("name actors: %w", err)
			}
			names[key] = name
			kinds[key] = map[int]string{0: "country", 1: "org"}[prio]
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("name actors: %w", err)
		}
	}
	for _, k := range keys {
		if names[k] == "" {
			names[k] = k
		}
		if kinds[k] == "" {
			kinds[k] = "other"
		}
	}
	return names, kinds, nil
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

	// Grouping by the date itself streams the groups from an index in date
	// order; the days are then summed into periods here.
	var w where
	eventConds(&w, &f, true)
	w.add(`e.date >= '0000-00-00'`)
	rows, err := db.r.QueryContext(ctx, `SELECT e.date, count(*),
	sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4),
	coalesce(sum(e.goldstein), 0)
FROM events e
WHERE `+w.sql()+`
GROUP BY e.date`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("series of events: %w", err)
	}
	defer rows.Close()
	gsum := map[string]float64{}
	for rows.Next() {
		var (
			date string
			b    store.Bucket
			g    float64
		)
		if err := rows.Scan(&date, &b.Events, &b.Quad[0], &b.Quad[1], &b.Quad[2], &b.Quad[3], &g); err != nil {
			return nil, fmt.Errorf("series of events: %w", err)
		}
		if len(date) < n {
			continue
		}
		dst := bucket(date[:n])
		dst.Events += b.Events
		for i := range dst.Quad {
			dst.Quad[i] += b.Quad[i]
		}
		gsum[date[:n]] += g
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("series of events: %w", err)
	}
	for p, g := range gsum {
		buckets[p].Goldstein = g / float64(buckets[p].Events)
	}

	var dw where
	docConds(&dw, &f, docOpts{actorMentioned: true})
	dw.add(`d.published_date IS NOT NULL`)
	drows, err := db.r.QueryContext(ctx, `SELECT substr(d.published_date, 1, ?) AS p, count(*)
FROM documents d
WHERE `+dw.sql()+`
GROUP BY p`, append([]any{n}, dw.args...)...)
	if err != nil {
		return nil, fmt.Errorf("series of articles: %w", err)
	}
	defer drows.Close()
	for drows.Next() {
		var (
			p     string
			count int
		)
		if err := drows.Scan(&p, &count); err != nil {
			return nil, fmt.Errorf("series of articles: %w", err)
		}
		bucket(p).Articles = count
	}
	if err := drows.Err(); err != nil {
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
		rows, err := db.r.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				name sql.NullString
				n    int
			)
			if err := rows.Scan(&name, &n); err != nil {
				return err
			}
			if !name.Valid || name.String == "" {
				continue
			}
			s := counts[name.String]
			if s == nil {
				s = &store.SectorStat{Name: name.String}
				counts[name.String] = s
			}
			set(s, n)
		}
		return rows.Err()
	}

	var w where
	eventConds(&w, &f, true)
	// Most events name no sector: skipping their empty lists before
	// json_each is the cheap part of this scan.
	if err := add(`SELECT j.value, count(*) FROM events e, json_each(e.sectors) j
WHERE e.sectors NOT IN ('null', '[]') AND j.type = 'text' AND `+w.sql()+` GROUP BY j.value`, w.args,
		func(s *store.SectorStat, n int) { s.Events = n }); err != nil {
		return nil, fmt.Errorf("count sectors of events: %w", err)
	}
	var dw where
	docConds(&dw, &f, docOpts{actorMentioned: true})
	if err := add(`SELECT json_extract(j.value, '$.name') AS name, count(DISTINCT d.seq) FROM documents d, json_each(d.sectors) j
WHERE j.type = 'object' AND `+dw.sql()+` GROUP BY name`, dw.args,
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

// Version is the highest document sequence number: documents are only ever
// added, each in a new row with a higher seq, so it changes with every Put
// that stores anything. It is one lookup at the end of the primary key.
func (db *DB) Version(ctx context.Context) (string, error) {
	var seq int64
	if err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM documents`).Scan(&seq); err != nil {
		return "", fmt.Errorf("store version: %w", err)
	}
	return "s" + strconv.FormatInt(seq, 10), nil
}
