package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/ingest"
	"github.com/warta-dev/warta/internal/pipeline"
	"github.com/warta-dev/warta/internal/store/sqlite"
)

// corpusFile is a real news corpus of ../shared, when present.
const corpusFile = "../../../shared/corpus/id_news_clickid/articles.jsonl"

// benchArticles is how many corpus articles the store benchmark writes.
const benchArticles = 2048

// collect keeps the first n raw articles of a walk.
type collect struct {
	raws []*article.Raw
	n    int
}

var errEnough = errors.New("enough articles")

func (c *collect) Article(_ context.Context, raw *article.Raw) error {
	c.raws = append(c.raws, raw)
	if len(c.raws) >= c.n {
		return errEnough
	}
	return nil
}

func (c *collect) Fail(string, error) {}

// BenchmarkPutCorpus stores the full records of real news articles (every
// stage run once, outside the timer) into a fresh SQLite file in batches of
// 256, as warta ingest does, and reports articles/s: the store's share of an
// ingest on real entity, mention, fact and quote counts.
func BenchmarkPutCorpus(b *testing.B) {
	if _, err := os.Stat(corpusFile); err != nil {
		b.Skipf("corpus not present: %v", err)
	}
	ctx := context.Background()
	c := &collect{n: benchArticles}
	if err := ingest.New(ingest.DefaultOptions()).Walk(ctx, []string{corpusFile}, c); err != nil && !errors.Is(err, errEnough) {
		b.Fatalf("read corpus: %v", err)
	}
	p, err := pipeline.Default(pipeline.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var arts []*article.Article
	for _, raw := range c.raws {
		if a, err := p.Process(ctx, raw); err == nil {
			arts = append(arts, a)
		}
	}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "warta.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for j := 0; j < len(arts); j += 256 {
			res, err := db.Put(ctx, arts[j:min(j+256, len(arts))])
			if err != nil {
				b.Fatalf("Put: %v", err)
			}
			if res.Present != 0 && i == 0 {
				b.Logf("batch at %d: %d already present", j, res.Present)
			}
		}
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*len(arts))/b.Elapsed().Seconds(), "articles/s")
}
