package entity

import (
	"sort"
	"strings"
	"testing"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/eval"
	"github.com/warta-dev/warta/internal/goldtest"
)

// TestGoldRecall reports entity recall and forbidden hits on the gold set
// (GOLD.md). It logs figures and never fails on a low score: the target is
// met with the NER tagger plugged in, not by tuning rules to these files.
func TestGoldRecall(t *testing.T) {
	s, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	var hit, total, forbidden int
	byType := map[string][2]int{}
	var misses []string
	run := func(a *article.Article) {
		if err := s.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, a)
	}
	goldtest.Score(t, run, func(g *eval.Gold, a *article.Article, res eval.Result) {
		hit += res.EntityRecall.Hit
		total += res.EntityRecall.Total
		forbidden += res.Forbidden
		missed := map[string]bool{}
		for _, m := range res.Misses {
			if strings.HasPrefix(m, "entity missed: ") || strings.HasPrefix(m, "forbidden") {
				misses = append(misses, g.File+": "+m)
				missed[strings.TrimPrefix(m, "entity missed: ")] = true
			}
		}
		for _, req := range g.EntitiesRequired {
			c := byType[req[0]]
			c[1]++
			if !missed[req[0]+" "+req[1]] {
				c[0]++
			}
			byType[req[0]] = c
		}
	})
	types := make([]string, 0, len(byType))
	for k := range byType {
		types = append(types, k)
	}
	sort.Strings(types)
	for _, k := range types {
		c := byType[k]
		t.Logf("%-8s %3d/%3d = %.3f", k, c[0], c[1], float64(c[0])/float64(c[1]))
	}
	t.Logf("entity recall %d/%d = %.3f, forbidden %d (rules and gazetteers only)", hit, total, float64(hit)/float64(total), forbidden)
	for _, m := range misses {
		t.Log(m)
	}
}

// checkOffsets fails when a mention's span does not hold its text.
func checkOffsets(t *testing.T, a *article.Article) {
	t.Helper()
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > len(a.Doc.Text) || m.Start >= m.End || a.Doc.Text[m.Start:m.End] != m.Text {
				t.Errorf("%s: mention %q at [%d,%d) does not match the text", e.ID, m.Text, m.Start, m.End)
			}
		}
	}
}
