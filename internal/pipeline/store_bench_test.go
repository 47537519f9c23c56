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

// processCorpus reads and processes the first n corpus articles with every
// stage, skipping the benchmark when the corpus is absent.
func processCorpus(b *testing.B, n int) []*article.Article {
	b.Helper()
	if _, err := os.Stat(corpusFile); err != nil {
		b.Skipf("corpus not present: %v", err)
	}
	ctx := context.Background()
	c := &collect{n: n}
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
	return arts
}

// BenchmarkEntityStage runs the entity stage as ingest runs it (rules,
// gazetteers and the embedded NER model) over real news articles and
// reports sentences/s; run it with -cpu 1 for the per-core figure.
func BenchmarkEntityStage(b *testing.B) {
	arts := processCorpus(b, 1000)
	st, err := pipeline.DefaultStages()
	if err != nil {
		b.Fatal(err)
	}
	ent := st.Extract[0]
	if ent.Name != "entities" {
		b.Fatalf("first extract stage is %q, want entities", ent.Name)
	}
	sents := 0
	for _, a := range arts {
		sents += len(a.Sentences)
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		for _, a := range arts {
			fresh := article.New()
			fresh.Doc, fresh.Sentences = a.Doc, a.Sentences
			if err := ent.Stage.Run(ctx, fresh); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(sents)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkPutCorpus stores the full records of real news articles (every
// stage run once, outside the timer) into a fresh SQLite file in batches of
// 256, as warta ingest does, and reports articles/s: the store's share of an
// ingest on real entity, mention, fact and quote counts.
func BenchmarkPutCorpus(b *testing.B) {
	ctx := context.Background()
	arts := processCorpus(b, benchArticles)
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
