package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/ingest"
	"github.com/warta-dev/warta/internal/pipeline"
)

func (e *env) extractCmd() *cobra.Command {
	var allowPrivate bool
	cmd := &cobra.Command{
		Use:   "extract FILE...",
		Short: "Print the extraction record of each article as JSON",
		Long: `Print the extraction record (see OUTPUT.md) of each article in FILE, which
may be any input warta ingest accepts. One article prints as one indented JSON
object; several articles, or any .jsonl input, print as JSON Lines. Nothing is
stored. Errors go to stderr; stdout carries only the records.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.extract(cmd.Context(), args, allowPrivate)
		},
	}
	cmd.Flags().BoolVar(&allowPrivate, "allow-private", false, "allow fetching URLs on loopback and private networks")
	return cmd
}

// extractSink runs the pipeline on each article as it arrives and prints it.
type extractSink struct {
	e       *env
	pipe    *pipeline.Pipeline
	lines   bool // print JSON Lines from the start
	first   *article.Article
	printed int
	failed  atomic.Int64
}

func (s *extractSink) Article(ctx context.Context, raw *article.Raw) error {
	a, err := s.pipe.Process(ctx, raw)
	if err != nil {
		s.Fail(raw.Where(), err)
		return nil
	}
	if !s.lines && s.first == nil && s.printed == 0 {
		s.first = a // one article so far: wait to see whether more follow
		return nil
	}
	if s.first != nil {
		if err := s.print(s.first, false); err != nil {
			return err
		}
		s.first = nil
	}
	return s.print(a, false)
}

func (s *extractSink) Fail(where string, err error) {
	s.failed.Add(1)
	fmt.Fprintf(s.e.stderr, "warta: %s: %v\n", where, err)
}

func (s *extractSink) print(a *article.Article, indent bool) error {
	var b []byte
	var err error
	if indent {
		b, err = json.MarshalIndent(a, "", "  ")
	} else {
		b, err = json.Marshal(a)
	}
	if err != nil {
		return fmt.Errorf("encode record %s: %w", a.Doc.Source, err)
	}
	b = append(b, '\n')
	if _, err := s.e.stdout.Write(b); err != nil {
		return fmt.Errorf("write record: %w", err)
	}
	s.printed++
	return nil
}

func (e *env) extract(ctx context.Context, inputs []string, allowPrivate bool) error {
	pipe, err := pipeline.Default(pipeline.Options{})
	if err != nil {
		return fmt.Errorf("build pipeline: %w", err)
	}
	ropts := ingest.DefaultOptions()
	ropts.AllowPrivate = allowPrivate
	ropts.Logger = e.log
	s := &extractSink{e: e, pipe: pipe}
	for _, in := range inputs {
		l := strings.ToLower(in)
		if strings.HasSuffix(l, ".jsonl") || strings.HasSuffix(l, ".jsonl.gz") || strings.HasSuffix(l, ".ndjson") {
			s.lines = true
		}
	}
	if err := ingest.New(ropts).Walk(ctx, inputs, s); err != nil {
		return fmt.Errorf("read inputs: %w", err)
	}
	if s.first != nil {
		if err := s.print(s.first, true); err != nil {
			return err
		}
	}
	if n := s.failed.Load(); n > 0 {
		return fmt.Errorf("%d input(s) failed (see above)", n)
	}
	return nil
}
