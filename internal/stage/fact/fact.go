// Package fact is the fact stage: it finds the figures of an article (a
// number with what it counts, CODEBOOK.md §7) with their unit, qualifier,
// measure, period, actors, sentence and byte offsets.
//
// It reads Indonesian and English numerals: digits with language-dependent
// separators ("7.200" is 7200 and "1,5" is 1.5 in Indonesian, "1,732,842"
// and "1.5" in English), number words ("enam ribu", "dua pertiga",
// "twenty-five") and multipliers (ribu, juta, miliar, triliun, thousand,
// million, ...). A figure's unit is an ISO 4217 code for money ("USD200
// miliar", "28 miliar dolar AS", "Rp75 miliar", "S$ 1,2 juta"), "%" for a
// percentage or a share written as a fraction ("sepertiga" is 33.3 %, and
// "satu dari empat", "one in four" is 25 %), an SI symbol for a measure
// ("km", "t", "MW"), "year" for a span or an age in years ("tujuh dekade"
// is 70 years), and nil for a plain count ("15 dari 19 teroris" is two
// counts).
//
// A span of time from or up to the article's date ("dalam 10 tahun
// mendatang", "over the past two decades") is the period of the other
// figures of its sentence ("2019/2029"); its own number stays a duration.
//
// Not facts: dates and clock times, years alone, ordinals ("ke-16", "16th"),
// labels ("Pasal 5", "No. 10"), the size of a ranking ("masuk 10 besar",
// "100 universitas terbaik", "top 10"), codes and phone numbers, numbers glued to
// words ("G20", "COVID-19") or slashes ("9/11", "2020/2021").
//
// Every word list is data in internal/lexicon ({id,en}/numerals.tsv,
// units.tsv, qualifiers.tsv, measures.tsv, periods.tsv, months.tsv,
// number_labels.txt, number_idioms.txt, number_ranks.tsv); both languages' lists are read together, because
// Indonesian articles quote English figures and the other way round.
//
// The headline is read too: a figure found only there is kept with
// Start = End = 0 and the headline as its sentence; one that the body also
// gives (same value and unit) is dropped.
package fact

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/warta-dev/warta/internal/article"
)

// Stage is the fact stage. It is safe for concurrent use.
type Stage struct {
	t *tables
}

// New builds the fact stage from the embedded lexicon.
func New() (*Stage, error) {
	t, err := loadTables()
	if err != nil {
		return nil, fmt.Errorf("fact: %w", err)
	}
	return &Stage{t: t}, nil
}

// Run sets a.Facts from a.Doc.Text and a.Doc.Title. It reads a.Sentences,
// a.Entities (for actors), a.Doc.Language and a.Doc.Published.
func (s *Stage) Run(ctx context.Context, a *article.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.Facts = s.Extract(a)
	return nil
}

// Extract returns the facts of an article without changing it, in text
// order (headline-only facts first).
func (s *Stage) Extract(a *article.Article) []article.Fact {
	text := a.Doc.Text
	out := []article.Fact{}
	lower := asciiLower(text)
	sents := a.Sentences
	if len(sents) == 0 && text != "" {
		sents = []article.Sentence{{Start: 0, End: len(text)}}
	}
	actors := newActorIndex(a.Entities)
	toks := make([]token, 0, 128)
	for _, sent := range sents {
		if sent.Start < 0 || sent.End > len(text) || sent.Start >= sent.End {
			continue
		}
		if !s.t.mayHoldFigure(lower[sent.Start:sent.End]) {
			continue // most sentences: no digit and no number word
		}
		toks = tokenize(text, lower, sent.Start, sent.End, s.t.known, toks[:0])
		sc := scan{t: s.t, text: text, toks: toks, lang: a.Doc.Language, pub: a.Doc.Published}
		for _, f := range sc.figures() {
			out = append(out, s.fact(&sc, f, text[sent.Start:sent.End], actors.inSpan(sent.Start, sent.End)))
		}
	}
	if title := a.Doc.Title; title != "" {
		ttoks := tokenize(title, asciiLower(title), 0, len(title), s.t.known, nil)
		sc := scan{t: s.t, text: title, toks: ttoks, lang: a.Doc.Language, pub: a.Doc.Published, title: true}
		var head []article.Fact
		for _, f := range sc.figures() {
			if inBody(out, f) {
				continue
			}
			fa := s.fact(&sc, f, title, actors.inTitle(title))
			fa.Start, fa.End = 0, 0
			head = append(head, fa)
		}
		out = append(head, out...)
	}
	return out
}

// inBody reports whether the body gave a figure of that value and unit.
func inBody(facts []article.Fact, f figure) bool {
	for _, b := range facts {
		bu := ""
		if b.Unit != nil {
			bu = *b.Unit
		}
		if bu == f.unit && math.Abs(b.Value-f.value) <= 1e-9*math.Max(1, math.Abs(f.value)) {
			return true
		}
	}
	return false
}

// fact completes a figure with its measure, period and actors.
func (s *Stage) fact(sc *scan, f figure, sentence string, actors []string) article.Fact {
	fa := article.Fact{
		Value:     f.value,
		Text:      sc.text[f.s:f.e],
		Measure:   sc.measure(f),
		Period:    sc.period(f),
		Qualifier: f.qualifier,
		Actors:    actors,
		Sentence:  sentence,
		Start:     f.s,
		End:       f.e,
	}
	if fa.Actors == nil {
		fa.Actors = []string{}
	}
	if f.unit != "" {
		u := f.unit
		fa.Unit = &u
	}
	return fa
}

// actorIndex lists the state and organisation codes of entity mentions by
// position, for the actors of a sentence.
type actorIndex struct {
	at    []actorAt
	title []titleActor
}

type actorAt struct {
	start int
	code  string
}

type titleActor struct {
	code  string
	names []string
}

func newActorIndex(ents []article.Entity) actorIndex {
	var ix actorIndex
	for _, e := range ents {
		code := ""
		switch {
		case e.Org != nil && *e.Org != "":
			code = *e.Org
		case e.Country != nil && *e.Country != "":
			code = *e.Country
		}
		if code == "" {
			continue
		}
		for _, m := range e.Mentions {
			ix.at = append(ix.at, actorAt{start: m.Start, code: code})
		}
		names := append([]string{e.Name}, e.Aliases...)
		for _, m := range e.Mentions {
			names = append(names, m.Text)
		}
		ix.title = append(ix.title, titleActor{code: code, names: names})
	}
	sort.Slice(ix.at, func(i, j int) bool { return ix.at[i].start < ix.at[j].start })
	return ix
}

// inSpan returns the codes of the mentions that start in [from, to), each
// once, in text order.
func (ix actorIndex) inSpan(from, to int) []string {
	i := sort.Search(len(ix.at), func(i int) bool { return ix.at[i].start >= from })
	var out []string
	for ; i < len(ix.at) && ix.at[i].start < to; i++ {
		if !contains(out, ix.at[i].code) {
			out = append(out, ix.at[i].code)
		}
	}
	return out
}

// inTitle returns the codes of the entities whose name, alias or mention
// text occurs in the headline as a whole word.
func (ix actorIndex) inTitle(title string) []string {
	var out []string
	for _, e := range ix.title {
		for _, n := range e.names {
			if n != "" && hasWord(title, n) {
				if !contains(out, e.code) {
					out = append(out, e.code)
				}
				break
			}
		}
	}
	return out
}

func hasWord(s, w string) bool {
	for from := 0; from <= len(s)-len(w); {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(w)
		if (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		from = i + 1
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
