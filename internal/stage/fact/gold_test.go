package fact

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/eval"
	"github.com/warta-dev/warta/internal/goldtest"
	"github.com/warta-dev/warta/internal/stage/sentence"
)

// TestGoldRecall reports fact recall on the gold set (GOLD.md) and lists
// the misses. It never fails on a low score; the figure is for the issue's
// acceptance note. With -dump it writes every emitted fact to
// $TMPDIR/warta_dev_facts.txt, for review by hand (news text stays
// out of the repository).
func TestGoldRecall(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var hit, total, emitted int
	var dump strings.Builder
	run := func(a *article.Article) {
		if err := s.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, a)
	}
	goldtest.Score(t, run, func(g *eval.Gold, a *article.Article, res eval.Result) {
		hit += res.FactRecall.Hit
		total += res.FactRecall.Total
		emitted += len(a.Facts)
		for _, m := range res.Misses {
			if strings.HasPrefix(m, "fact missed") {
				t.Logf("%s: %s", g.File, m)
			}
		}
		for _, fa := range a.Facts {
			unit := "-"
			if fa.Unit != nil {
				unit = *fa.Unit
			}
			ctx := a.Doc.Title
			if fa.End > 0 {
				ctx = a.Doc.Text[max(0, fa.Start-60):fa.Start] + "[[" + fa.Text + "]]" + a.Doc.Text[fa.End:min(len(a.Doc.Text), fa.End+40)]
			}
			fmt.Fprintf(&dump, "%s\t%g\t%s\t%q\t%s\t%s\t%s\t%v\t%q\n", g.File, fa.Value, unit, fa.Text, fa.Measure, fa.Period, fa.Qualifier, fa.Actors, ctx)
		}
	})
	t.Logf("fact recall %d/%d = %.3f; %d facts emitted", hit, total, float64(hit)/float64(total), emitted)
	if *dumpFlag {
		if err := os.WriteFile(filepath.Join(os.TempDir(), "warta_dev_facts.txt"), []byte(dump.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkOffsets fails when a fact's span does not hold its text.
func checkOffsets(t *testing.T, a *article.Article) {
	t.Helper()
	for _, f := range a.Facts {
		if f.Start == 0 && f.End == 0 {
			continue
		}
		if f.Start < 0 || f.End > len(a.Doc.Text) || f.Start >= f.End || a.Doc.Text[f.Start:f.End] != f.Text {
			t.Errorf("fact %q at [%d,%d) does not match the text", f.Text, f.Start, f.End)
		}
	}
}

// BenchmarkFactDev measures the stage per article of the shared dev set.
func BenchmarkFactDev(b *testing.B) {
	files := goldtest.Records()
	if len(files) == 0 {
		b.Skipf("no gold set at %s", goldtest.Dir)
	}
	s := newStage(b)
	split, err := sentence.New()
	if err != nil {
		b.Fatal(err)
	}
	var arts []*article.Article
	for _, f := range files {
		a, err := goldtest.Load(f, split)
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, a)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range arts {
			if err := s.Run(b.Context(), a); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(arts))/1e3, "µs/article")
}
