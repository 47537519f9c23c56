// Package event is the event stage: it codes who did what to whom, and when,
// in each sentence (and the headline) of an article, as CODEBOOK.md §4–§6
// define it. Each event has a source and a target actor from the entity
// layer, a CAMEO code with its root, quad class, Goldstein score and PLOVER
// type, a date, a modality, the sectors of its sentence and the sentence's
// offsets.
//
// One engine serves every language; what differs is data in
// internal/lexicon/<lang>:
//
//   - event_cues.tsv: cue patterns over word stems, each with its CAMEO code,
//     the code it takes when negated or refused, and flags (noun, sym, loc);
//   - event_grammar.tsv: function words by kind (planned, negation,
//     hypothetical, intent, refusal, reported speech, prepositions,
//     pronouns, clause boundaries, dates, agent nouns);
//   - sectors.tsv: sector cues (shared with the sector stage).
//
// A sentence is coded in passes: tokens (entity mentions collapse into
// actor tokens; Indonesian words get their candidate stems), cue matches
// (longest first), then for each cue its frame: an active verb takes its
// source on the left and its target on the right, a passive verb the
// other way round with the agent after "oleh"/"by", and a nominalised event
// ("kunjungan Putin ke Astana") its source right after the noun. Joint
// actors ("Rusia dan China") give one event per actor, and both
// directions when they act on each other. A first-person or missing
// subject in reported speech ("kata Khan") is the speaker.
//
// Precision comes first: an event is coded only when both actors are
// resolved and the cue governs them; a hypothetical is never coded, and a
// negated cue only where its negation is itself an event.
package event

import (
	"context"
	"fmt"
	"strings"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/lexicon"
)

// Modalities of an event.
const (
	Asserted = "asserted"
	Planned  = "planned"
	Negated  = "negated"
	// alleged marks, inside the coder, an attack only alleged or denied
	// ("AS menuding Iran di balik serangan itu"); such events are dropped
	// before the record.
	alleged = "alleged"
)

// Stage is the event stage. It is built once by New and is safe for
// concurrent use: Run keeps all per-article state on its stack.
type Stage struct {
	codes    map[string]lexicon.CAMEOCode
	langs    map[string]*grammar
	sectors  map[string]*lexicon.SectorMatcher
	orgCodes map[string]string // organisation key -> CAMEO actor code
}

// New builds the stage from the embedded lexicon: the CAMEO table, the cue
// and grammar files of each language, the sector cues and the CAMEO codes
// of organisations.
func New() (*Stage, error) {
	codes, err := lexicon.CAMEOCodes()
	if err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	s := &Stage{codes: codes, langs: map[string]*grammar{}, sectors: map[string]*lexicon.SectorMatcher{},
		orgCodes: map[string]string{}}
	for _, l := range lexicon.Languages() {
		g, err := loadGrammar(l, codes)
		if err != nil {
			return nil, fmt.Errorf("event: %w", err)
		}
		s.langs[l] = g
		m, err := lexicon.NewSectorMatcher(l)
		if err != nil {
			return nil, fmt.Errorf("event: %w", err)
		}
		s.sectors[l] = m
	}
	orgs, err := lexicon.Entries(lexicon.Shared, "orgs.tsv")
	if err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	for _, o := range orgs {
		if o.Org != "" && o.Country == "" {
			code := o.CAMEO
			if code == "" || code == "IGO" {
				code = o.Org
			}
			s.orgCodes[o.Org] = code
		}
	}
	return s, nil
}

// Run sets a.Events from the article's sentences, headline and entities.
func (s *Stage) Run(ctx context.Context, a *article.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.Events = s.Extract(ctx, a)
	return ctx.Err()
}

// newCoder sets up the coder of an article: its actors (the entities that
// can act, the people of places of states, the West) and, per entity, 1 +
// the actor of its place's people or 0.
func (s *Stage) newCoder(a *article.Article) (*coder, []int) {
	lang := "id"
	if strings.EqualFold(a.Doc.Language, "en") {
		lang = "en"
	}
	c := &coder{s: s, g: s.langs[lang], lang: lang, a: a, idx: make([]int, len(a.Entities)), lastGroup: -1,
		nounTarget: map[string][]int{}}
	for i, e := range a.Entities {
		act, ok := s.actorOf(e)
		if !ok {
			c.idx[i] = -1
			continue
		}
		c.idx[i] = len(c.actors)
		c.actors = append(c.actors, act)
	}
	// The people of a place of a state ("warga Papua Barat"): an actor of
	// that state, used only after a noun for people.
	people := make([]int, len(a.Entities))
	for i, e := range a.Entities {
		if c.idx[i] >= 0 || e.Type != "PLACE" || e.Country == nil || *e.Country == "" {
			continue
		}
		people[i] = len(c.actors) + 1
		c.actors = append(c.actors, article.Actor{Name: e.Name, Code: *e.Country, Country: ptr(*e.Country), Entity: e.ID})
	}
	c.west = len(c.actors)
	c.actors = append(c.actors, article.Actor{Name: "Barat", Code: "WST", Entity: "group:west"})
	if lang == "en" {
		c.actors[c.west].Name = "the West"
	}
	return c, people
}

// Extract returns the events of an article without changing it.
func (s *Stage) Extract(ctx context.Context, a *article.Article) []article.Event {
	c, people := s.newCoder(a)
	events := []article.Event{}
	if t := strings.TrimSpace(a.Doc.Title); t != "" {
		spans := titleSpans(a, c.idx, a.Doc.Title)
		events = append(events, c.sentence(a.Doc.Title, -1, spans)...)
	}
	for _, sn := range a.Sentences {
		if ctx.Err() != nil {
			break
		}
		if sn.Start < 0 || sn.End > len(a.Doc.Text) || sn.Start >= sn.End {
			continue
		}
		spans := actorSpans(a, c.idx, people, sn.Start, sn.End)
		events = append(events, c.sentence(a.Doc.Text[sn.Start:sn.End], sn.Start, spans)...)
	}
	return events
}
