// Package pipeline runs warta's stages over one raw article, in an order
// that can be read in one function: Process.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/warta-dev/warta/internal/article"
)

// ErrEmpty is returned when an input has no article text left after cleaning.
var ErrEmpty = errors.New("no article text after cleaning")

// ErrSeen is returned, with the partly processed article, when Options.Seen
// reports that the article's ID is already stored: the extraction stages are
// then skipped.
var ErrSeen = errors.New("already present")

// RawStage is a stage that reads the raw input: cleaning and metadata.
type RawStage interface {
	Run(ctx context.Context, a *article.Article, raw *article.Raw) error
}

// Stage reads and enriches an article.
type Stage interface {
	Run(ctx context.Context, a *article.Article) error
}

// Stages are the stages of a pipeline by name. Entities, events, facts,
// quotes and sectors join Extract as their stages are built.
type Stages struct {
	Clean     RawStage
	Meta      RawStage
	Lang      Stage
	Sentences Stage
	Extract   []Named // entities, events, facts, quotes, sectors, in order
}

// Named is a stage with the name it is timed and reported under.
type Named struct {
	Name  string
	Stage Stage
}

// Options tune a pipeline.
type Options struct {
	// Seen, when set, is asked whether an article's ID is already stored,
	// so that a re-ingest skips the costly stages.
	Seen func(ctx context.Context, id string) (bool, error)
	// Timings, when set, receives each stage's duration per article.
	Timings func(stage string, d time.Duration)
}

// Pipeline turns raw inputs into extraction records. It is safe for
// concurrent use when its stages are.
type Pipeline struct {
	st   Stages
	opts Options
}

// New returns a pipeline over the given stages.
func New(st Stages, opts Options) *Pipeline { return &Pipeline{st: st, opts: opts} }

// Process runs every stage over raw and returns its record.
func (p *Pipeline) Process(ctx context.Context, raw *article.Raw) (*article.Article, error) {
	a := article.New()

	// 1. The text: the article alone, without its page, and what the page
	// says about it (title, date, author, outlet, dateline).
	if err := p.runRaw(ctx, "clean", p.st.Clean, a, raw); err != nil {
		return nil, err
	}
	if err := p.runRaw(ctx, "meta", p.st.Meta, a, raw); err != nil {
		return nil, err
	}
	if strings.TrimSpace(a.Doc.Text) == "" {
		return nil, ErrEmpty
	}
	a.Doc.ID = article.HashText(a.Doc.Text)
	if p.opts.Seen != nil {
		seen, err := p.opts.Seen(ctx, a.Doc.ID)
		if err != nil {
			return nil, fmt.Errorf("check stored: %w", err)
		}
		if seen {
			return a, ErrSeen
		}
	}

	// 2. Its language and sentences.
	if err := p.run(ctx, "lang", p.st.Lang, a); err != nil {
		return nil, err
	}
	if err := p.run(ctx, "sentences", p.st.Sentences, a); err != nil {
		return nil, err
	}

	// 3. What it records: entities, events, facts, quotes, sectors.
	for _, s := range p.st.Extract {
		if err := p.run(ctx, s.Name, s.Stage, a); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (p *Pipeline) runRaw(ctx context.Context, name string, s RawStage, a *article.Article, raw *article.Raw) error {
	if s == nil {
		return nil
	}
	start := time.Now()
	if err := s.Run(ctx, a, raw); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	p.time(name, start)
	return nil
}

func (p *Pipeline) run(ctx context.Context, name string, s Stage, a *article.Article) error {
	if s == nil {
		return nil
	}
	start := time.Now()
	if err := s.Run(ctx, a); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	p.time(name, start)
	return nil
}

func (p *Pipeline) time(name string, start time.Time) {
	if p.opts.Timings != nil {
		p.opts.Timings(name, time.Since(start))
	}
}
