package pipeline

import (
	"fmt"

	"github.com/warta-dev/warta/internal/ner"
	"github.com/warta-dev/warta/internal/stage/clean"
	"github.com/warta-dev/warta/internal/stage/entity"
	"github.com/warta-dev/warta/internal/stage/event"
	"github.com/warta-dev/warta/internal/stage/fact"
	"github.com/warta-dev/warta/internal/stage/lang"
	"github.com/warta-dev/warta/internal/stage/meta"
	"github.com/warta-dev/warta/internal/stage/quote"
	"github.com/warta-dev/warta/internal/stage/sector"
	"github.com/warta-dev/warta/internal/stage/sentence"
)

// DefaultStages builds warta's stages from their embedded data.
func DefaultStages() (Stages, error) {
	c, err := clean.New()
	if err != nil {
		return Stages{}, fmt.Errorf("clean stage: %w", err)
	}
	m, err := meta.New()
	if err != nil {
		return Stages{}, fmt.Errorf("meta stage: %w", err)
	}
	l, err := lang.New()
	if err != nil {
		return Stages{}, fmt.Errorf("lang stage: %w", err)
	}
	s, err := sentence.New()
	if err != nil {
		return Stages{}, fmt.Errorf("sentence stage: %w", err)
	}
	model, err := ner.Default()
	if err != nil {
		return Stages{}, fmt.Errorf("entity stage: %w", err)
	}
	ent, err := entity.New(nerTagger{model})
	if err != nil {
		return Stages{}, fmt.Errorf("entity stage: %w", err)
	}
	ev, err := event.New()
	if err != nil {
		return Stages{}, fmt.Errorf("event stage: %w", err)
	}
	fa, err := fact.New()
	if err != nil {
		return Stages{}, fmt.Errorf("fact stage: %w", err)
	}
	qu, err := quote.New()
	if err != nil {
		return Stages{}, fmt.Errorf("quote stage: %w", err)
	}
	se, err := sector.New()
	if err != nil {
		return Stages{}, fmt.Errorf("sector stage: %w", err)
	}
	return Stages{
		Clean:     c,
		Meta:      m,
		Lang:      l,
		Sentences: s,
		Extract: []Named{
			{"entities", ent},
			{"events", ev},
			{"facts", fa},
			{"quotes", qu},
			{"sectors", se},
		},
	}, nil
}

// nerTagger adapts the trained NER model to the entity stage's Tagger.
type nerTagger struct{ m *ner.Model }

// Spans tags one sentence.
func (t nerTagger) Spans(text string) []entity.Span {
	found := t.m.Spans(ner.Tokenize(text))
	out := make([]entity.Span, len(found))
	for i, sp := range found {
		out[i] = entity.Span{Type: sp.Type, Start: sp.Start, End: sp.End}
	}
	return out
}

// Default returns a pipeline over DefaultStages.
func Default(opts Options) (*Pipeline, error) {
	st, err := DefaultStages()
	if err != nil {
		return nil, err
	}
	return New(st, opts), nil
}
