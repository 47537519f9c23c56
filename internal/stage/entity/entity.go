// Package entity is the entity stage: it finds the countries, organisations,
// places and people an article names, with every mention's byte span in
// Doc.Text, as CODEBOOK.md §3 and OUTPUT.md define them.
//
// It works in passes over tokens, each reading embedded data of
// internal/lexicon:
//
//  1. gazetteer: the longest alias of a country, organisation, place or
//     known person (a token trie built once in New);
//  2. titles: "Presiden Rusia Vladimir Putin", "Russian President X",
//     "Juru Bicara Kremlin X" give a person a state and a role, whether the
//     person is known or not; "Presiden Indonesia" with no name is the
//     office holder on the article's date;
//  3. heads and tails: "Kementerian Kehakiman AS", "Pulau Besar",
//     "Labour Party" are ORG or PLACE;
//  4. an optional statistical tagger (Tagger) adds PERSON, ORG and PLACE
//     spans that no rule found;
//  5. coreference: a bare surname joins the one person of that name, a bare
//     title ("Presiden", "sang presiden") the one person of that role, and
//     "kedua negara" the two countries just named.
//
// Mentions in the headline are not recorded (their offsets would not point
// into Doc.Text), but an entity named only in the headline is listed, with
// no mentions and its surface form among its aliases.
package entity

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/lexicon"
)

// Entity types.
const (
	Person  = "PERSON"
	Country = "COUNTRY"
	Org     = "ORG"
	Place   = "PLACE"
)

// Span is a typed span of a tagger: Type is PERSON, ORG or PLACE, and Start
// and End are byte offsets into the text given to Spans, end exclusive.
type Span struct {
	Type       string
	Start, End int
}

// Tagger finds named-entity spans in a text (one sentence at a time). It is
// how a statistical NER model plugs into the stage; it must be safe for
// concurrent use when the stage is.
type Tagger interface {
	Spans(text string) []Span
}

// Stage is the entity stage. It is safe for concurrent use.
type Stage struct {
	statics []static
	people  map[string][]lexicon.Term // slug -> terms
	holders []lexicon.Term            // every term, for "who was president then"
	langs   map[string]*langData      // "id", "en", and "" for both
	surname map[string][]int          // folded last name word -> statics of known people
	tagger  Tagger
}

// static is an entity known from the data.
type static struct {
	id, name, typ, country, org, role string
	person                            string // slug when a PERSON of geo/people.tsv
	// territory is the ISO3 code of a territory coded as a place of its
	// state (Hong Kong: HKG, a place of CHN): a person or body titled by
	// the territory ("aktivis Hong Kong X") is coded with it.
	territory string
	// stateBody marks a body named without its state ("Kementerian
	// Sains"): it may take the state that dominates the article.
	stateBody bool
}

// New builds the stage from the embedded lexicon. tagger may be nil: then
// only rules and gazetteers find entities.
func New(tagger Tagger) (*Stage, error) {
	s := &Stage{people: map[string][]lexicon.Term{}, langs: map[string]*langData{}, surname: map[string][]int{}, tagger: tagger}
	b := &builder{s: s, byID: map[string]int{}}
	if err := b.load(); err != nil {
		return nil, fmt.Errorf("entity: %w", err)
	}
	for _, set := range [][]string{{"id"}, {"en"}, {"id", "en"}} {
		ld, err := b.lang(set)
		if err != nil {
			return nil, fmt.Errorf("entity: %w", err)
		}
		key := set[0]
		if len(set) > 1 {
			key = ""
		}
		s.langs[key] = ld
	}
	return s, nil
}

// Run sets a.Entities from a.Doc.Text and a.Doc.Title.
func (s *Stage) Run(ctx context.Context, a *article.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.Entities = s.Extract(a)
	return nil
}

// Extract returns the entities of an article without changing it.
func (s *Stage) Extract(a *article.Article) []article.Entity {
	ld := s.lang(a.Doc.Language)
	reg := newRegistry(s, a.Doc.Published.Time)
	body := s.scan(ld, a.Doc.Text, false)
	head := s.scan(ld, a.Doc.Title, true)
	reg.addMatches(body)
	reg.addMatches(head)
	if s.tagger != nil {
		s.tag(ld, body, a.Sentences, reg)
		s.tag(ld, head, nil, reg)
	}
	s.corefNames(ld, body, reg)
	s.corefNames(ld, head, reg)
	s.contextStates(ld, body, reg, homeState(a.Doc.Language))
	s.resolveTitles(body, reg)
	s.resolvePairs(body, a.Sentences, reg)
	return reg.entities()
}

// lang returns the data for a document language: Indonesian unless the
// article is English; both when it is unknown.
func (s *Stage) lang(code string) *langData {
	switch strings.ToLower(code) {
	case "en":
		return s.langs["en"]
	case "":
		return s.langs[""]
	}
	return s.langs["id"]
}

// holder returns the slug of the person who held role for a country (or an
// organisation) on date; with a zero date, the latest holder.
func (s *Stage) holder(country, org, role string, date time.Time) string {
	best, bestFrom := "", time.Time{}
	for _, t := range s.holders {
		if t.Role != role || t.Country != country || t.Org != org {
			continue
		}
		if !date.IsZero() && !inTerm(t, date) {
			continue
		}
		if best == "" || t.From.After(bestFrom) {
			best, bestFrom = t.Slug, t.From
		}
	}
	return best
}

// bySurname returns the static of the one known person whose name ends in
// the folded word w and who held an office for the state of static state
// (any state when state < 0), or -1.
func (s *Stage) bySurname(w string, state int) int {
	found := -1
	for _, idx := range s.surname[w] {
		if state >= 0 {
			country, ok := s.statics[state].country, false
			for _, t := range s.people[s.statics[idx].person] {
				ok = ok || t.Country == country
			}
			if !ok {
				continue
			}
		}
		if found >= 0 {
			return -1
		}
		found = idx
	}
	return found
}

func inTerm(t lexicon.Term, d time.Time) bool {
	return !d.Before(t.From) && (t.To.IsZero() || d.Before(t.To))
}

// term returns the term of a known person that applies on date: the one in
// force, else (zero date) the latest. ok is false when the date falls
// outside every term; then the latest term before the date (or the first)
// still gives the person's state.
func (s *Stage) term(slug string, date time.Time) (t lexicon.Term, ok bool) {
	terms := s.people[slug]
	if len(terms) == 0 {
		return lexicon.Term{}, false
	}
	latest := terms[0]
	for _, x := range terms[1:] {
		if x.From.After(latest.From) {
			latest = x
		}
	}
	if date.IsZero() {
		return latest, true
	}
	var in, before *lexicon.Term
	for i := range terms {
		x := &terms[i]
		if inTerm(*x, date) && (in == nil || x.From.After(in.From)) {
			in = x
		}
		if !x.From.After(date) && (before == nil || x.From.After(before.From)) {
			before = x
		}
	}
	switch {
	case in != nil:
		return *in, true
	case before != nil:
		return *before, false
	}
	return terms[0], false
}

// sortMentions orders mentions by position and drops duplicates.
func sortMentions(ms []article.Mention) []article.Mention {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End > ms[j].End
	})
	out := ms[:0]
	for _, m := range ms {
		if n := len(out); n > 0 && m.Start == out[n-1].Start && m.End == out[n-1].End {
			continue
		}
		out = append(out, m)
	}
	return out
}
