package eval

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/warta-dev/warta/internal/article"
)

func ptr(s string) *string { return &s }

func record() *article.Article {
	a := article.New()
	p, _ := article.ParsePublished("2019-09-16")
	a.Doc.Published = p
	a.Entities = []article.Entity{
		{ID: "country:USA", Name: "Amerika Serikat", Type: "COUNTRY", Country: ptr("USA")},
		{ID: "person:donald-trump", Name: "Donald Trump", Type: "PERSON", Country: ptr("USA"),
			Aliases: []string{"Trump"}, Mentions: []article.Mention{{Text: "Presiden Trump"}}},
		{ID: "place:sao-paulo", Name: "São Paulo", Type: "PLACE"},
	}
	a.Events = []article.Event{
		{Source: article.Actor{Code: "USAGOV", Country: ptr("USA")}, Target: article.Actor{Code: "IRNGOV", Country: ptr("IRN")}, Root: "11"},
		{Source: article.Actor{Code: "USAGOV", Country: ptr("USA")}, Target: article.Actor{Code: "IRNGOV", Country: ptr("IRN")}, Root: "11"}, // duplicate triple
		{Source: article.Actor{Code: "IRNGOV", Country: ptr("IRN")}, Target: article.Actor{Code: "UNO", Org: ptr("UN")}, Root: "04"},
		{Source: article.Actor{Code: "USAGOV", Country: ptr("USA")}, Target: article.Actor{Code: ""}, Root: "01"},                            // unknown side
		{Source: article.Actor{Code: "USAGOV", Country: ptr("USA")}, Target: article.Actor{Code: "USAMIL", Country: ptr("USA")}, Root: "01"}, // same key
	}
	a.Facts = []article.Fact{{Value: 2000}, {Value: 2.8e10, Unit: ptr("USD")}}
	return a
}

func TestScore(t *testing.T) {
	g := &Gold{
		File:              "x.json",
		Published:         []string{"2019-09-15", "2019-09-16"},
		EntitiesRequired:  [][2]string{{"COUNTRY", "USA"}, {"PERSON", "trump"}, {"PLACE", "Sao Paulo"}, {"ORG", "UN"}},
		EntitiesForbidden: []string{"Donald Trump", "Kompas"},
		Events: []GoldEvent{
			{Pair: [2]string{"USA", "IRN"}, Roots: []string{"11", "12"}, Required: true},
			{Pair: [2]string{"UN", "IRN"}, Roots: []string{"04"}, Symmetric: true},
			{Pair: [2]string{"USA", "IRN"}, Roots: []string{"17"}, Required: true},
		},
		Facts: []GoldFact{{Value: 2000}, {Value: 2.8e10 * (1 + 1e-9), Unit: ptr("USD")}, {Value: 2000, Unit: ptr("%")}},
	}
	got := Score(g, record())
	want := Result{
		File:           "x.json",
		EventPrecision: Counts{2, 2},
		EventRecall:    Counts{1, 2},
		EntityRecall:   Counts{3, 4},
		Forbidden:      1,
		FactRecall:     Counts{2, 3},
		Dates:          Counts{1, 1},
		Misses: []string{
			"event missed: USA→IRN roots 17 ()",
			"entity missed: ORG UN",
			"forbidden entity found: Donald Trump",
			"fact missed: 2000 % ()",
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Score mismatch (-want +got):\n%s", diff)
	}
}

func TestScoreDateMiss(t *testing.T) {
	g := &Gold{File: "x.json", Published: []string{"2019-01-01"}}
	got := Score(g, article.New())
	if got.Dates != (Counts{0, 1}) || len(got.Misses) != 1 {
		t.Errorf("Score of undated article = %+v, want a date miss", got)
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.json", map[string]string{"text": "x"})
	write("a.gold.json", Gold{File: "a.json", Published: []string{"2019-09-16"}, Facts: []GoldFact{{Value: 2000}}})
	process := func(_ context.Context, path string) (*article.Article, error) {
		if filepath.Base(path) != "a.json" {
			t.Errorf("process(%s), want a.json", path)
		}
		return record(), nil
	}
	_, total, err := Run(context.Background(), dir, process)
	if err != nil {
		t.Fatal(err)
	}
	if total.Dates != (Counts{1, 1}) || total.FactRecall != (Counts{1, 1}) {
		t.Errorf("Run total = %+v", total)
	}

	if err := os.WriteFile(filepath.Join(dir, "b.gold.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Run(context.Background(), dir, process); err == nil {
		t.Error("Run with a malformed gold file: no error")
	}
}

func FuzzLoadGold(f *testing.F) {
	f.Add([]byte(`{"file": "c.json", "published": ["2019-09-16"], "events": [{"pair": ["USA", "IRN"], "roots": ["04"]}]}`))
	f.Add([]byte(`{"file": ""}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "x.gold.json")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		g, err := LoadGold(p)
		if err != nil {
			return
		}
		Score(g, record()) // must not panic on any well-formed gold file
	})
}
