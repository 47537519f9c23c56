package sector

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
)

func newStage(t testing.TB) *Stage {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWeigh covers evidence thresholds, the headline weight, prefixes and
// phrases of several words.
func TestWeigh(t *testing.T) {
	s := newStage(t)
	tests := []struct {
		name, title, text string
		want              []string
	}{
		{"none", "Pertemuan dua pemimpin", "Kedua pemimpin bertemu di Astana.", []string{}},
		{"one mention is not enough", "", "Mereka membahas energi.", []string{}},
		{"title counts", "Kerja sama nuklir", "Kedua pemimpin bertemu.", []string{"nuclear"}},
		{"repeated", "", "Perdagangan naik. Ekspor naik. Impor juga naik.", []string{"trade & finance"}},
		{"prefix and phrase", "", "Rosatom membangun reaktor nuklir. PLTN itu dan pengayaan uranium dibahas.", []string{"nuclear"}},
		{"two sectors", "Energi dan militer", "Latihan militer dan pasokan gas dibahas. Minyak dan pasukan.", []string{"security & military", "energy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Weigh(tt.title, tt.text)
			names := []string{}
			sum := 0.0
			for _, g := range got {
				names = append(names, g.Name)
				sum += g.Weight
			}
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("Weigh(%q, %q) mismatch (-want +got):\n%s", tt.title, tt.text, diff)
			}
			if len(got) > 0 && math.Abs(sum-1) > 0.002 {
				t.Errorf("Weigh(%q, %q) weights sum to %g, want 1", tt.title, tt.text, sum)
			}
		})
	}
}

func testArticle(t testing.TB) *article.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "fact", "testdata", "article_id.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a := article.New()
	a.Doc.Text, a.Doc.Title = string(b), "Perdagangan Rusia-Kazakhstan Capai USD28 Miliar"
	return a
}

// TestArticle checks the sectors of the fact stage's test article.
func TestArticle(t *testing.T) {
	s := newStage(t)
	a := testArticle(t)
	if err := s.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if len(a.Sectors) == 0 || a.Sectors[0].Name != "trade & finance" {
		t.Errorf("Run(article_id.txt) sectors = %v, want trade & finance first", a.Sectors)
	}
}

// BenchmarkSector measures the stage on the ~3 KB test article.
func BenchmarkSector(b *testing.B) {
	s := newStage(b)
	a := testArticle(b)
	b.SetBytes(int64(len(a.Doc.Text)))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Run(b.Context(), a); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzSector checks that the stage never panics and that weights sum to 1.
func FuzzSector(f *testing.F) {
	f.Add("Kerja sama nuklir", "Rosatom membangun reaktor. S-400 dan COVID-19.")
	s := newStage(f)
	f.Fuzz(func(t *testing.T, title, text string) {
		got := s.Weigh(title, text)
		sum := 0.0
		for _, g := range got {
			sum += g.Weight
		}
		if len(got) > 0 && math.Abs(sum-1) > 0.01 {
			t.Fatalf("weights sum to %g", sum)
		}
	})
}
