// Package eval scores extraction records against hand-made gold files, as
// ../shared/spec/GOLD.md defines: events (precision and recall of distinct
// source–target–root triples), entities (recall, forbidden names), facts
// (recall) and publication dates.
package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"unicode"

	"github.com/warta-dev/warta/internal/article"
)

// Gold is one annotation file (cNN.gold.json).
type Gold struct {
	File              string      `json:"file"`
	Language          string      `json:"language"`
	Published         []string    `json:"published"`
	Author            *string     `json:"author"`
	EntitiesRequired  [][2]string `json:"entities_required"`
	EntitiesForbidden []string    `json:"entities_forbidden"`
	Events            []GoldEvent `json:"events"`
	Facts             []GoldFact  `json:"facts"`
}

// GoldEvent is an annotated event: an actor pair and the roots that code it.
type GoldEvent struct {
	Pair      [2]string `json:"pair"`
	Roots     []string  `json:"roots"`
	Required  bool      `json:"required"`
	Symmetric bool      `json:"symmetric"`
	Note      string    `json:"note"`
}

// GoldFact is an annotated number.
type GoldFact struct {
	Value float64 `json:"value"`
	Unit  *string `json:"unit"`
	Note  string  `json:"note"`
}

// Counts is a numerator over a denominator.
type Counts struct{ Hit, Total int }

// Ratio is Hit/Total, or 0 when Total is 0.
func (c Counts) Ratio() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Hit) / float64(c.Total)
}

func (c Counts) String() string { return fmt.Sprintf("%d/%d", c.Hit, c.Total) }

func (c *Counts) add(o Counts) { c.Hit += o.Hit; c.Total += o.Total }

// Result is the score of one article, or (summed) of a corpus.
type Result struct {
	File           string   `json:"file"`
	EventPrecision Counts   `json:"event_precision"`
	EventRecall    Counts   `json:"event_recall"`
	EntityRecall   Counts   `json:"entity_recall"`
	Forbidden      int      `json:"forbidden"`
	FactRecall     Counts   `json:"fact_recall"`
	Dates          Counts   `json:"dates"`
	Misses         []string `json:"misses"`
}

// Process turns an article file into its record.
type Process func(ctx context.Context, path string) (*article.Article, error)

// Run scores every *.gold.json in dir. It fails only on a malformed gold
// file or a missing article file, never on a low score.
func Run(ctx context.Context, dir string, process Process) ([]Result, Result, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.gold.json"))
	if err != nil {
		return nil, Result{}, fmt.Errorf("list gold files in %s: %w", dir, err)
	}
	if len(paths) == 0 {
		return nil, Result{}, fmt.Errorf("no *.gold.json files in %s", dir)
	}
	sort.Strings(paths)
	var results []Result
	total := Result{File: "total"}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, Result{}, err
		}
		g, err := LoadGold(p)
		if err != nil {
			return nil, Result{}, err
		}
		a, err := process(ctx, filepath.Join(dir, g.File))
		if err != nil {
			return nil, Result{}, fmt.Errorf("%s: process %s: %w", p, g.File, err)
		}
		r := Score(g, a)
		results = append(results, r)
		total.EventPrecision.add(r.EventPrecision)
		total.EventRecall.add(r.EventRecall)
		total.EntityRecall.add(r.EntityRecall)
		total.Forbidden += r.Forbidden
		total.FactRecall.add(r.FactRecall)
		total.Dates.add(r.Dates)
	}
	return results, total, nil
}

// LoadGold reads and checks one gold file.
func LoadGold(path string) (*Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read gold file: %w", err)
	}
	var g Gold
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("gold file %s is malformed: %w", path, err)
	}
	if g.File == "" {
		return nil, fmt.Errorf("gold file %s is malformed: no \"file\" field", path)
	}
	for i, ev := range g.Events {
		if ev.Pair[0] == "" || ev.Pair[1] == "" || len(ev.Roots) == 0 {
			return nil, fmt.Errorf("gold file %s is malformed: event %d needs a pair and roots", path, i)
		}
	}
	return &g, nil
}

// ActorKey is an actor's scoring key: its ISO3 country, else its IGO code,
// else WST, else its upper-case code. "" means unknown.
func ActorKey(a article.Actor) string {
	switch {
	case a.Country != nil && *a.Country != "":
		return *a.Country
	case a.Org != nil && *a.Org != "":
		return *a.Org
	case a.Code == "WST":
		return "WST"
	}
	return strings.ToUpper(a.Code)
}

// Score compares one article's record with its gold annotation.
func Score(g *Gold, a *article.Article) Result {
	r := Result{File: g.File, Misses: []string{}}

	// Events: distinct (source, target, root) triples.
	type triple struct{ s, t, root string }
	seen := map[triple]bool{}
	for _, ev := range a.Events {
		s, t := ActorKey(ev.Source), ActorKey(ev.Target)
		if s == "" || t == "" || s == t {
			continue
		}
		seen[triple{s, t, ev.Root}] = true
	}
	matches := func(tr triple, ge GoldEvent) bool {
		pairOK := tr.s == ge.Pair[0] && tr.t == ge.Pair[1] ||
			ge.Symmetric && tr.s == ge.Pair[1] && tr.t == ge.Pair[0]
		if !pairOK {
			return false
		}
		for _, root := range ge.Roots {
			if root == tr.root {
				return true
			}
		}
		return false
	}
	claimed := make([]triple, 0, len(seen))
	for tr := range seen {
		claimed = append(claimed, tr)
	}
	sort.Slice(claimed, func(i, j int) bool {
		return claimed[i].s+claimed[i].t+claimed[i].root < claimed[j].s+claimed[j].t+claimed[j].root
	})
	for _, tr := range claimed {
		r.EventPrecision.Total++
		ok := false
		for _, ge := range g.Events {
			if matches(tr, ge) {
				ok = true
				break
			}
		}
		if ok {
			r.EventPrecision.Hit++
		} else {
			r.Misses = append(r.Misses, fmt.Sprintf("event claimed, not in gold: %s→%s root %s", tr.s, tr.t, tr.root))
		}
	}
	for _, ge := range g.Events {
		if !ge.Required {
			continue
		}
		r.EventRecall.Total++
		found := false
		for _, tr := range claimed {
			if matches(tr, ge) {
				found = true
				break
			}
		}
		if found {
			r.EventRecall.Hit++
		} else {
			r.Misses = append(r.Misses, fmt.Sprintf("event missed: %s→%s roots %s (%s)",
				ge.Pair[0], ge.Pair[1], strings.Join(ge.Roots, ","), ge.Note))
		}
	}

	// Entities.
	for _, req := range g.EntitiesRequired {
		r.EntityRecall.Total++
		if hasEntity(a.Entities, req[0], req[1]) {
			r.EntityRecall.Hit++
		} else {
			r.Misses = append(r.Misses, fmt.Sprintf("entity missed: %s %s", req[0], req[1]))
		}
	}
	for _, name := range g.EntitiesForbidden {
		if hasName(a.Entities, name) {
			r.Forbidden++
			r.Misses = append(r.Misses, fmt.Sprintf("forbidden entity found: %s", name))
		}
	}

	// Facts.
	for _, gf := range g.Facts {
		r.FactRecall.Total++
		if hasFact(a.Facts, gf) {
			r.FactRecall.Hit++
		} else {
			unit := "no unit"
			if gf.Unit != nil {
				unit = *gf.Unit
			}
			r.Misses = append(r.Misses, fmt.Sprintf("fact missed: %g %s (%s)", gf.Value, unit, gf.Note))
		}
	}

	// Dates.
	if len(g.Published) > 0 {
		r.Dates.Total = 1
		got := a.Doc.Published.Date()
		for _, d := range g.Published {
			if len(d) >= 10 && got == d[:10] {
				r.Dates.Hit = 1
			}
		}
		if r.Dates.Hit == 0 {
			if got == "" {
				got = "none"
			}
			r.Misses = append(r.Misses, fmt.Sprintf("date: got %s, want one of %s", got, strings.Join(g.Published, ", ")))
		}
	}
	return r
}

func hasEntity(ents []article.Entity, typ, name string) bool {
	if typ == "COUNTRY" {
		for _, e := range ents {
			if e.Type == "COUNTRY" && e.Country != nil && strings.EqualFold(*e.Country, name) {
				return true
			}
		}
		return false
	}
	want := fold(name)
	for _, e := range ents {
		if e.Type != typ {
			continue
		}
		if entityHasName(e, want) {
			return true
		}
	}
	return false
}

func hasName(ents []article.Entity, name string) bool {
	want := fold(name)
	for _, e := range ents {
		if entityHasName(e, want) {
			return true
		}
	}
	return false
}

func entityHasName(e article.Entity, folded string) bool {
	if fold(e.Name) == folded {
		return true
	}
	for _, al := range e.Aliases {
		if fold(al) == folded {
			return true
		}
	}
	for _, m := range e.Mentions {
		if fold(m.Text) == folded {
			return true
		}
	}
	return false
}

// fold lower-cases s and strips its accents, for accent- and
// case-insensitive name matching.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(strings.Join(strings.Fields(out), " "))
}

func hasFact(facts []article.Fact, gf GoldFact) bool {
	for _, f := range facts {
		if (f.Unit == nil) != (gf.Unit == nil) {
			continue
		}
		if f.Unit != nil && *f.Unit != *gf.Unit {
			continue
		}
		if closeTo(f.Value, gf.Value) {
			return true
		}
	}
	return false
}

func closeTo(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-6*math.Max(math.Abs(a), math.Abs(b))
}
