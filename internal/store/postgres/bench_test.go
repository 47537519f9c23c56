package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
	"github.com/warta-dev/warta/internal/store/storetest"
)

// BenchmarkPut stores batches of 256 articles, as the SQLite store's
// benchmark does, and reports articles/s.
func BenchmarkPut(b *testing.B) {
	storetest.BenchPut(b, func(b *testing.B) store.Store {
		db, err := Open(context.Background(), testDSN(b), nil)
		if err != nil {
			b.Fatalf("Open() error: %v", err)
		}
		b.Cleanup(func() { _ = db.Close() })
		return db
	})
}

// BenchmarkPutWriters stores batches of 256 articles from 1, 2 and 3
// goroutines at once, as that many ingest workers would, and reports the
// total articles/s.
func BenchmarkPutWriters(b *testing.B) {
	const batchSize = storetest.BenchBatch
	for _, writers := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			ctx := context.Background()
			db, err := Open(ctx, testDSN(b), nil)
			if err != nil {
				b.Fatalf("Open() error: %v", err)
			}
			b.Cleanup(func() { _ = db.Close() })
			// Every writer gets b.N batches of its own, built beforehand.
			batches := make([][][]*article.Article, writers)
			for w := range batches {
				batches[w] = make([][]*article.Article, b.N)
				for i := range b.N {
					batch := make([]*article.Article, batchSize)
					for j := range batch {
						batch[j] = storetest.BenchArticle(((w*b.N)+i)*batchSize + j)
					}
					batches[w][i] = batch
				}
			}
			b.ResetTimer()
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					for _, batch := range batches[w] {
						if _, err := db.Put(ctx, batch); err != nil {
							b.Errorf("Put() error: %v", err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(writers*b.N*batchSize)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
