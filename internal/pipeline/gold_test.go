package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/eval"
	"github.com/warta-dev/warta/internal/ingest"
)

// goldDir is the Indonesian dev gold set of ../shared, when present.
const goldDir = "../../../shared/gold/dev/id"

// one collects the articles of one input.
type one struct {
	p    *Pipeline
	arts []*article.Article
	errs []error
}

func (o *one) Article(ctx context.Context, raw *article.Raw) error {
	a, err := o.p.Process(ctx, raw)
	if err != nil {
		o.errs = append(o.errs, err)
		return nil
	}
	o.arts = append(o.arts, a)
	return nil
}

func (o *one) Fail(where string, err error) {
	o.errs = append(o.errs, fmt.Errorf("%s: %w", where, err))
}

// TestGoldDev runs the whole pipeline over the gold dev set and logs the
// GOLD.md scores; it fails only where issue acceptance is already met and
// must not regress (dates).
func TestGoldDev(t *testing.T) {
	if _, err := os.Stat(goldDir); err != nil {
		t.Skip("../shared/gold/dev/id not present")
	}
	p, err := Default(Options{})
	if err != nil {
		t.Fatal(err)
	}
	reader := ingest.New(ingest.DefaultOptions())
	process := func(ctx context.Context, path string) (*article.Article, error) {
		o := &one{p: p}
		if err := reader.Walk(ctx, []string{path}, o); err != nil {
			return nil, err
		}
		if len(o.errs) > 0 || len(o.arts) != 1 {
			return nil, fmt.Errorf("%s: %d articles, errors %w", path, len(o.arts), errors.Join(o.errs...))
		}
		return o.arts[0], nil
	}
	results, total, err := eval.Run(context.Background(), goldDir, process)
	if err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		for _, r := range results {
			for _, m := range r.Misses {
				t.Logf("%s: %s", r.File, m)
			}
		}
	}
	t.Logf("events P=%.3f (%s) R=%.3f (%s); entities R=%.3f (%s) forbidden=%d; facts R=%.3f (%s); dates %s",
		total.EventPrecision.Ratio(), total.EventPrecision, total.EventRecall.Ratio(), total.EventRecall,
		total.EntityRecall.Ratio(), total.EntityRecall, total.Forbidden,
		total.FactRecall.Ratio(), total.FactRecall, total.Dates)
	if total.Dates.Hit != total.Dates.Total {
		t.Errorf("dates = %s, want all", total.Dates)
	}
}
