package server

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/warta-dev/warta/internal/store"
)

// aggCache keeps the results of aggregate queries (pairs, actors, series,
// sectors, stats) under the store's version (store.Versioner): an aggregate over a million
// events takes seconds to compute and changes only when an ingest stores
// something. An entry is good while the version it was computed under is
// current; the cache forgets everything when the version moves.
type aggCache struct {
	mu      sync.Mutex
	version string
	entries map[string]any
	max     int
	// inflight lets concurrent requests for the same missing entry wait
	// for one computation instead of each running it.
	inflight map[string]*sync.WaitGroup
}

func newAggCache(max int) *aggCache {
	return &aggCache{entries: map[string]any{}, inflight: map[string]*sync.WaitGroup{}, max: max}
}

// cached returns the value of key under the store's current version,
// computing it with compute when it is not cached.
func cached[T any](ctx context.Context, s *Server, key string, compute func() (T, error)) (T, error) {
	var zero T
	version, err := s.version(ctx)
	if err != nil {
		return zero, err
	}
	c := s.cache
	var wg *sync.WaitGroup
	for {
		c.mu.Lock()
		if c.version != version {
			c.version, c.entries = version, map[string]any{}
		}
		if v, ok := c.entries[key]; ok {
			c.mu.Unlock()
			return v.(T), nil
		}
		other, busy := c.inflight[key]
		if !busy {
			wg = &sync.WaitGroup{}
			wg.Add(1)
			c.inflight[key] = wg
			c.mu.Unlock()
			break
		}
		c.mu.Unlock()
		other.Wait() // then look again: the other request stored it, or failed
		if err := ctx.Err(); err != nil {
			return zero, err
		}
	}

	v, err := compute()
	c.mu.Lock()
	delete(c.inflight, key)
	if err == nil && c.version == version {
		if len(c.entries) >= c.max {
			c.entries = map[string]any{} // crude, but bounded
		}
		c.entries[key] = v
	}
	c.mu.Unlock()
	wg.Done() // after the entry is stored, so that waiters find it
	return v, err
}

// version is the store's Version when it has one; otherwise the current
// ten-second window, so that a store without one is cached briefly.
func (s *Server) version(ctx context.Context) (string, error) {
	if v, ok := s.st.(store.Versioner); ok {
		return v.Version(ctx)
	}
	return "t" + strconv.FormatInt(time.Now().Unix()/10, 10), nil
}

// cacheKey names an aggregate query.
func cacheKey(what string, f store.Filter, n any) string {
	return fmt.Sprintf("%s|%s|%v", what, filterValues(f).Encode(), n)
}

// pairs, actors, series, sectors and stats are the store's aggregates
// through the cache.
func (s *Server) pairs(ctx context.Context, f store.Filter, limit int) ([]store.PairStat, error) {
	return cached(ctx, s, cacheKey("pairs", f, limit), func() ([]store.PairStat, error) { return s.st.Pairs(ctx, f, limit) })
}

func (s *Server) actors(ctx context.Context, f store.Filter, limit int) ([]store.ActorStat, error) {
	return cached(ctx, s, cacheKey("actors", f, limit), func() ([]store.ActorStat, error) { return s.st.Actors(ctx, f, limit) })
}

func (s *Server) series(ctx context.Context, f store.Filter, by store.Interval) ([]store.Bucket, error) {
	return cached(ctx, s, cacheKey("series", f, by), func() ([]store.Bucket, error) { return s.st.Series(ctx, f, by) })
}

func (s *Server) sectors(ctx context.Context, f store.Filter, limit int) ([]store.SectorStat, error) {
	return cached(ctx, s, cacheKey("sectors", f, limit), func() ([]store.SectorStat, error) { return s.st.Sectors(ctx, f, limit) })
}

func (s *Server) stats(ctx context.Context) (store.Stats, error) {
	return cached(ctx, s, "stats", func() (store.Stats, error) { return s.st.Stats(ctx) })
}

// warm computes the default views' aggregates (the overview's and the
// network's, unfiltered) whenever the store's version moves, checking every
// interval until ctx ends, so that the first visitor after an ingest does
// not wait for them.
func (s *Server) warm(ctx context.Context, interval time.Duration) {
	last := ""
	for {
		if v, err := s.version(ctx); err == nil && v != last {
			var none store.Filter
			_, err1 := s.stats(ctx)
			_, err2 := s.pairs(ctx, none, overviewRows)
			_, err3 := s.actors(ctx, none, overviewRows)
			_, err4 := s.sectors(ctx, none, sectorRows)
			_, err5 := s.series(ctx, none, store.Month)
			_, err6 := s.network(ctx, none, s.opts.NetworkNodes)
			if err := errors.Join(err1, err2, err3, err4, err5, err6); err != nil {
				if ctx.Err() != nil {
					return
				}
				s.log.WarnContext(ctx, "warming the cache", "err", err)
			} else {
				last = v
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
