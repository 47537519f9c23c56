package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/eval"
	"github.com/warta-dev/warta/internal/ingest"
	"github.com/warta-dev/warta/internal/pipeline"
)

func (e *env) evalCmd() *cobra.Command {
	var gold string
	var asJSON, quiet bool
	cmd := &cobra.Command{
		Use:   "eval --gold DIR",
		Short: "Score extraction against gold annotations (GOLD.md)",
		Long: `Score warta's extraction of every article in DIR against its *.gold.json
annotation: events (precision and recall of source-target-root triples),
entities (recall, forbidden names), facts (recall) and publication dates.
Per-article misses are printed, then a summary line. The exit status is
non-zero only for a malformed gold file, never for a low score.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if gold == "" {
				return usageError{"eval needs --gold DIR (e.g. ../shared/gold/dev/id)"}
			}
			return e.eval(cmd.Context(), gold, asJSON, quiet)
		},
	}
	cmd.Flags().StringVar(&gold, "gold", "", "folder of article records and their .gold.json annotations")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print per-article results and the total as JSON")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only the summary line")
	return cmd
}

// collect is an ingest.Sink that keeps the articles of one file.
type collect struct {
	pipe *pipeline.Pipeline
	arts []*article.Article
	errs []error
}

func (c *collect) Article(ctx context.Context, raw *article.Raw) error {
	a, err := c.pipe.Process(ctx, raw)
	if err != nil {
		c.errs = append(c.errs, fmt.Errorf("%s: %w", raw.Where(), err))
		return nil
	}
	c.arts = append(c.arts, a)
	return nil
}

func (c *collect) Fail(where string, err error) {
	c.errs = append(c.errs, fmt.Errorf("%s: %w", where, err))
}

func (e *env) eval(ctx context.Context, dir string, asJSON, quiet bool) error {
	pipe, err := pipeline.Default(pipeline.Options{})
	if err != nil {
		return fmt.Errorf("build pipeline: %w", err)
	}
	reader := ingest.New(ingest.DefaultOptions())
	process := func(ctx context.Context, path string) (*article.Article, error) {
		c := &collect{pipe: pipe}
		if err := reader.Walk(ctx, []string{path}, c); err != nil {
			return nil, err
		}
		if len(c.errs) > 0 {
			return nil, errors.Join(c.errs...)
		}
		if len(c.arts) != 1 {
			return nil, fmt.Errorf("%s holds %d articles, want 1", path, len(c.arts))
		}
		return c.arts[0], nil
	}
	results, total, err := eval.Run(ctx, dir, process)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"articles": results, "total": total}); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
		return nil
	}
	if !quiet {
		for _, r := range results {
			for _, m := range r.Misses {
				fmt.Fprintf(e.stdout, "%s: %s\n", r.File, m)
			}
		}
	}
	fmt.Fprintf(e.stdout, "articles=%d events: precision=%.3f (%s) recall=%.3f (%s)  entities: recall=%.3f (%s) forbidden=%d  facts: recall=%.3f (%s)  dates=%s\n",
		len(results),
		total.EventPrecision.Ratio(), total.EventPrecision, total.EventRecall.Ratio(), total.EventRecall,
		total.EntityRecall.Ratio(), total.EntityRecall, total.Forbidden,
		total.FactRecall.Ratio(), total.FactRecall, total.Dates)
	return nil
}
