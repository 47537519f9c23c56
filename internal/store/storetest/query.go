package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// runQuery runs the conformance tests of store.Querier.
func runQuery(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("QueryEvents", func(t *testing.T) { testQueryEvents(t, open(t)) })
	t.Run("QueryArticles", func(t *testing.T) { testQueryArticles(t, open(t)) })
	t.Run("QueryEntities", func(t *testing.T) { testQueryEntities(t, open(t)) })
	t.Run("QueryFactsQuotes", func(t *testing.T) { testQueryFactsQuotes(t, open(t)) })
	t.Run("QueryAggregates", func(t *testing.T) { testQueryAggregates(t, open(t)) })
	t.Run("QueryInvalid", func(t *testing.T) { testQueryInvalid(t, open(t)) })
	t.Run("QueryEmpty", func(t *testing.T) { testQueryEmpty(t, open(t)) })
	t.Run("Version", func(t *testing.T) { testVersion(t, open(t)) })
}

// Side returns an event side for an actor key: a country when the key has
// three letters, an organisation otherwise.
func Side(key, name string) article.Actor {
	a := article.Actor{Name: name, Code: key}
	switch {
	case len(key) == 3:
		a.Country = ptr(key)
		a.Entity = "country:" + key
	default:
		a.Org = ptr(key)
		a.Code = "IGO" + key
		a.Entity = "org:" + key
	}
	return a
}

// Ev returns a coded event between two sides.
func Ev(date string, src, tgt article.Actor, cameo string, quad int, goldstein float64, modality string, sectors ...string) article.Event {
	plover := map[int]string{1: "CONSULT", 2: "COOPERATE", 3: "DISAPPROVE", 4: "ASSAULT"}[quad]
	return article.Event{
		Date: date, Source: src, Target: tgt, CAMEO: cameo, Root: cameo[:2], QuadClass: quad,
		Goldstein: goldstein, PLOVER: plover, Modality: modality, Sectors: sectors,
		Trigger: "bertemu", Sentence: src.Name + " dan " + tgt.Name + " bertemu.", Confidence: 0.9,
	}
}

// Corpus is a small fixed record for the query tests: five documents
// between Russia, Kazakhstan, Indonesia and the CSTO.
type Corpus struct {
	Docs []*article.Article // in the order stored
}

// NewCorpus builds the query fixture.
func NewCorpus() Corpus {
	rus, kaz, idn, csto := Side("RUS", "Rusia"), Side("KAZ", "Kazakhstan"), Side("IDN", "Indonesia"), Side("CSTO", "CSTO")
	putin := rus
	putin.Name, putin.Code, putin.Entity = "Vladimir Putin", "RUSGOV", "person:vladimir-putin"
	date := func(s string) article.Published {
		t, _ := time.Parse(time.DateOnly, s)
		return article.Published{Time: t}
	}
	doc := func(title, text string, published article.Published, events ...article.Event) *article.Article {
		a := article.New()
		a.Doc.ID = article.HashText(text)
		a.Doc.Title, a.Doc.Text, a.Doc.Published = title, text, published
		a.Doc.Outlet, a.Doc.Language = "Kabar Fiktif", "id"
		a.Events = events
		return a
	}
	country := func(key, name string) article.Entity {
		return article.Entity{ID: "country:" + key, Name: name, Type: "COUNTRY", Country: ptr(key),
			Mentions: []article.Mention{{Text: name, Start: 0, End: len(name)}}}
	}
	putinEnt := article.Entity{ID: "person:vladimir-putin", Name: "Vladimir Putin", Type: "PERSON",
		Country: ptr("RUS"), Role: ptr("head of state"), Mentions: []article.Mention{}}
	cstoEnt := article.Entity{ID: "org:CSTO", Name: "Organisasi Perjanjian Keamanan Kolektif", Type: "ORG", Org: ptr("CSTO")}

	a := doc("Putin dan Tokayev bahas reaktor nuklir", "Presiden Putin bertemu Presiden Tokayev membahas reaktor nuklir di Astana.",
		date("2024-11-27"),
		Ev("2024-11-27", putin, kaz, "036", 1, 4, "planned", "nuclear", "energy"),
		Ev("2024-11-27", kaz, rus, "057", 2, 8, "asserted", "energy"))
	a.Entities = []article.Entity{putinEnt, country("KAZ", "Kazakhstan")}
	a.Facts = []article.Fact{{Value: 28e9, Unit: ptr("USD"), Text: "28 miliar dolar AS", Measure: "trade turnover",
		Period: "2023", Qualifier: "lebih dari", Actors: []string{"RUS", "KAZ"}, Start: 0, End: 10}}
	a.Quotes = []article.Quote{{Speaker: "person:vladimir-putin", Text: "Kami siap membantu.", Start: 10, End: 20}}
	a.Sectors = []article.Sector{{Name: "energy", Weight: 0.7}}

	b := doc("Indonesia kecam latihan militer", "Indonesia mengecam latihan militer CSTO di perbatasan.",
		date("2024-10-03"),
		Ev("2024-10-03", idn, csto, "111", 3, -2, "asserted", "defence"))
	b.Entities = []article.Entity{country("IDN", "Indonesia"), cstoEnt}

	c := doc("Rusia dan Kazakhstan sepakati gandum", "Rusia dan Kazakhstan menyepakati ekspor gandum tahun depan.",
		date("2024-10-20"),
		Ev("2024-10-20", rus, kaz, "0311", 1, 5.2, "planned", "agriculture"),
		Ev("2024-10-21", kaz, rus, "163", 4, -4, "negated"))
	c.Entities = []article.Entity{country("RUS", "Rusia"), country("KAZ", "Kazakhstan")}
	c.Facts = []article.Fact{
		{Value: 1.5e6, Unit: ptr("t"), Text: "1,5 juta ton", Measure: "wheat exports", Period: "2025", Actors: []string{"KAZ"}},
		{Value: 3, Text: "tiga pelabuhan", Measure: "ports"},
	}
	c.Quotes = []article.Quote{{Speaker: "country:KAZ", Text: "Gandum akan dikirim.", Start: 0, End: 5}}

	d := doc("Catatan tanpa tanggal", "Catatan redaksi tanpa tanggal tentang Indonesia dan Rusia.", article.Published{},
		Ev("", idn, rus, "042", 1, 1.9, "asserted"))
	d.Entities = []article.Entity{country("IDN", "Indonesia"), country("RUS", "Rusia")}

	e := doc("Indonesia dan Kazakhstan", "Indonesia dan Kazakhstan membuka kantor dagang di Jakarta.", date("2025-01-15"),
		Ev("2025-01-15", idn, kaz, "046", 1, 7, "asserted", "trade"))
	e.Entities = []article.Entity{country("IDN", "Indonesia"), country("KAZ", "Kazakhstan")}
	e.Sectors = []article.Sector{{Name: "trade", Weight: 0.9}}

	return Corpus{Docs: []*article.Article{a, b, c, d, e}}
}

// eventKey names an event by document title and ordinal, for readable diffs.
func eventKey(c Corpus, docID string, ord int) string {
	for _, d := range c.Docs {
		if d.Doc.ID == docID {
			return fmt.Sprintf("%s#%d", d.Doc.Title, ord)
		}
	}
	return docID + "#?"
}

// allPages follows cursors to the end, limit rows at a time.
func allPages[T any](t *testing.T, limit int, list func(q store.Query) (store.Page[T], error), f store.Filter) []T {
	t.Helper()
	var out []T
	q := store.Query{Filter: f, Limit: limit}
	for range 100 {
		p, err := list(q)
		if err != nil {
			t.Fatalf("page after %q: %v", q.Cursor, err)
		}
		if len(p.Items) > limit {
			t.Fatalf("page has %d items, limit %d", len(p.Items), limit)
		}
		out = append(out, p.Items...)
		if p.Next == "" {
			return out
		}
		q.Cursor = p.Next
	}
	t.Fatal("more than 100 pages")
	return nil
}

func testQueryEvents(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := NewCorpus()
	put(t, s, c.Docs...)
	a, b, cc, d, e := c.Docs[0].Doc.Title, c.Docs[1].Doc.Title, c.Docs[2].Doc.Title, c.Docs[3].Doc.Title, c.Docs[4].Doc.Title
	tests := []struct {
		name string
		f    store.Filter
		want []string
	}{
		{"all, newest first, undated last", store.Filter{}, []string{e + "#0", a + "#1", a + "#0", cc + "#1", cc + "#0", b + "#0", d + "#0"}},
		{"country either side", store.Filter{Country: "IDN"}, []string{e + "#0", b + "#0", d + "#0"}},
		{"organisation key", store.Filter{Country: "CSTO"}, []string{b + "#0"}},
		{"pair both directions", store.Filter{Country: "KAZ", Partner: "RUS"}, []string{a + "#1", a + "#0", cc + "#1", cc + "#0"}},
		{"actor entity", store.Filter{Actor: "person:vladimir-putin"}, []string{a + "#0"}},
		{"root", store.Filter{Root: "03"}, []string{a + "#0", cc + "#0"}},
		{"plover", store.Filter{PLOVER: "DISAPPROVE"}, []string{b + "#0"}},
		{"modality", store.Filter{Modality: "planned"}, []string{a + "#0", cc + "#0"}},
		{"sector", store.Filter{Sector: "energy"}, []string{a + "#1", a + "#0"}},
		{"date range", store.Filter{From: "2024-10-04", To: "2024-11-27"}, []string{a + "#1", a + "#0", cc + "#1", cc + "#0"}},
		{"to excludes undated", store.Filter{To: "2024-10-03"}, []string{b + "#0"}},
		{"text", store.Filter{Text: "gandum"}, []string{cc + "#1", cc + "#0"}},
		{"text without words", store.Filter{Text: "***"}, nil},
		{"no match", store.Filter{Country: "USA"}, nil},
		{"combined", store.Filter{Country: "RUS", Root: "16", Modality: "negated"}, []string{cc + "#1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, limit := range []int{1, 2, 1000} {
				items := allPages(t, limit, func(q store.Query) (store.Page[store.EventRecord], error) { return s.Events(ctx, q) }, tt.f)
				var got []string
				for _, r := range items {
					got = append(got, eventKey(c, r.Doc.ID, r.Ord))
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Events(%+v, limit %d) mismatch (-want +got):\n%s", tt.f, limit, diff)
				}
			}
		})
	}

	t.Run("record", func(t *testing.T) {
		p, err := s.Events(ctx, store.Query{Filter: store.Filter{Actor: "person:vladimir-putin"}, Limit: 10})
		if err != nil {
			t.Fatalf("Events() error: %v", err)
		}
		want := store.EventRecord{
			Doc:   store.DocRef{ID: c.Docs[0].Doc.ID, Title: c.Docs[0].Doc.Title, Published: "2024-11-27"},
			Ord:   0,
			Event: c.Docs[0].Events[0],
		}
		if diff := cmp.Diff([]store.EventRecord{want}, p.Items); diff != "" {
			t.Errorf("Events(putin) mismatch (-want +got):\n%s", diff)
		}
		if p.Next != "" {
			t.Errorf("Events(putin).Next = %q, want empty on the last page", p.Next)
		}
	})
}

func testQueryArticles(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := NewCorpus()
	put(t, s, c.Docs...)
	title := func(i int) string { return c.Docs[i].Doc.Title }
	tests := []struct {
		name string
		f    store.Filter
		want []string
	}{
		{"all, newest first", store.Filter{}, []string{title(4), title(0), title(2), title(1), title(3)}},
		{"text", store.Filter{Text: "gandum"}, []string{title(2)}},
		{"dates", store.Filter{From: "2024-10-01", To: "2024-10-31"}, []string{title(2), title(1)}},
		{"actor named", store.Filter{Actor: "country:IDN"}, []string{title(4), title(1), title(3)}},
		{"country in an event", store.Filter{Country: "CSTO"}, []string{title(1)}},
		{"pair", store.Filter{Country: "RUS", Partner: "IDN"}, []string{title(3)}},
		{"root", store.Filter{Root: "16"}, []string{title(2)}},
		{"article sector", store.Filter{Sector: "trade"}, []string{title(4)}},
		{"event sector", store.Filter{Sector: "agriculture"}, []string{title(2)}},
		{"modality and text", store.Filter{Modality: "planned", Text: "nuklir"}, []string{title(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, limit := range []int{1, 2, 1000} {
				items := allPages(t, limit, func(q store.Query) (store.Page[store.ArticleSummary], error) { return s.Articles(ctx, q) }, tt.f)
				var got []string
				for _, r := range items {
					got = append(got, r.Title)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Articles(%+v, limit %d) mismatch (-want +got):\n%s", tt.f, limit, diff)
				}
			}
		})
	}
	t.Run("summary", func(t *testing.T) {
		p, err := s.Articles(ctx, store.Query{Filter: store.Filter{Text: "nuklir"}, Limit: 5})
		if err != nil {
			t.Fatalf("Articles() error: %v", err)
		}
		d := c.Docs[0]
		want := []store.ArticleSummary{{ID: d.Doc.ID, Title: d.Doc.Title, Published: "2024-11-27", Outlet: "Kabar Fiktif",
			Events: 2, Entities: 2, Facts: 1, Quotes: 1}}
		if diff := cmp.Diff(want, p.Items); diff != "" {
			t.Errorf("Articles(nuklir) mismatch (-want +got):\n%s", diff)
		}
	})
}

func testQueryEntities(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := NewCorpus()
	put(t, s, c.Docs...)
	tests := []struct {
		name string
		f    store.Filter
		want []string
	}{
		{"all in ID order", store.Filter{}, []string{"country:IDN", "country:KAZ", "country:RUS", "org:CSTO", "person:vladimir-putin"}},
		{"type", store.Filter{EntityType: "COUNTRY"}, []string{"country:IDN", "country:KAZ", "country:RUS"}},
		{"country", store.Filter{Country: "RUS"}, []string{"country:RUS", "person:vladimir-putin"}},
		{"organisation code", store.Filter{Country: "CSTO"}, []string{"org:CSTO"}},
		{"one ID", store.Filter{Actor: "person:vladimir-putin"}, []string{"person:vladimir-putin"}},
		{"name substring, any case", store.Filter{Text: "PUTIN"}, []string{"person:vladimir-putin"}},
		{"unknown", store.Filter{Actor: "person:nobody"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, limit := range []int{1, 3, 1000} {
				items := allPages(t, limit, func(q store.Query) (store.Page[store.EntityRecord], error) { return s.Entities(ctx, q) }, tt.f)
				var got []string
				for _, r := range items {
					got = append(got, r.ID)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Entities(%+v, limit %d) mismatch (-want +got):\n%s", tt.f, limit, diff)
				}
			}
		})
	}
	p, err := s.Entities(ctx, store.Query{Filter: store.Filter{Actor: "country:KAZ"}, Limit: 1})
	if err != nil {
		t.Fatalf("Entities(country:KAZ) error: %v", err)
	}
	want := []store.EntityRecord{{ID: "country:KAZ", Name: "Kazakhstan", Type: "COUNTRY", Country: ptr("KAZ"), Documents: 3}}
	if diff := cmp.Diff(want, p.Items); diff != "" {
		t.Errorf("Entities(country:KAZ) mismatch (-want +got):\n%s", diff)
	}
}

func testQueryFactsQuotes(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := NewCorpus()
	put(t, s, c.Docs...)
	facts := func(f store.Filter, limit int) []string {
		items := allPages(t, limit, func(q store.Query) (store.Page[store.FactRecord], error) { return s.Facts(ctx, q) }, f)
		var got []string
		for _, r := range items {
			got = append(got, r.Text)
		}
		return got
	}
	for _, limit := range []int{1, 2, 100} {
		if diff := cmp.Diff([]string{"28 miliar dolar AS", "1,5 juta ton", "tiga pelabuhan"}, facts(store.Filter{}, limit)); diff != "" {
			t.Errorf("Facts(all, limit %d) mismatch (-want +got):\n%s", limit, diff)
		}
	}
	if diff := cmp.Diff([]string{"1,5 juta ton", "tiga pelabuhan"}, facts(store.Filter{Text: "gandum"}, 1)); diff != "" {
		t.Errorf("Facts(gandum) mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"28 miliar dolar AS"}, facts(store.Filter{Country: "RUS", Partner: "KAZ", Sector: "nuclear"}, 5)); diff != "" {
		t.Errorf("Facts(RUS-KAZ nuclear) mismatch (-want +got):\n%s", diff)
	}

	p, err := s.Facts(ctx, store.Query{Filter: store.Filter{Text: "nuklir"}, Limit: 5})
	if err != nil {
		t.Fatalf("Facts(nuklir) error: %v", err)
	}
	want := []store.FactRecord{{Doc: store.DocRef{ID: c.Docs[0].Doc.ID, Title: c.Docs[0].Doc.Title, Published: "2024-11-27"}, Fact: c.Docs[0].Facts[0]}}
	if diff := cmp.Diff(want, p.Items); diff != "" {
		t.Errorf("Facts(nuklir) record mismatch (-want +got):\n%s", diff)
	}

	quotes := func(f store.Filter) []store.QuoteRecord {
		return allPages(t, 1, func(q store.Query) (store.Page[store.QuoteRecord], error) { return s.Quotes(ctx, q) }, f)
	}
	got := quotes(store.Filter{})
	if len(got) != 2 || got[0].Text != "Kami siap membantu." || got[1].Text != "Gandum akan dikirim." {
		t.Errorf("Quotes(all) = %+v, want Putin's then Kazakhstan's", got)
	}
	got = quotes(store.Filter{Actor: "person:vladimir-putin"})
	wantQ := []store.QuoteRecord{{Doc: store.DocRef{ID: c.Docs[0].Doc.ID, Title: c.Docs[0].Doc.Title, Published: "2024-11-27"},
		SpeakerName: "Vladimir Putin", Quote: c.Docs[0].Quotes[0]}}
	if diff := cmp.Diff(wantQ, got); diff != "" {
		t.Errorf("Quotes(speaker putin) mismatch (-want +got):\n%s", diff)
	}
	if got := quotes(store.Filter{Country: "IDN"}); len(got) != 0 {
		t.Errorf("Quotes(IDN) = %+v, want none", got)
	}
}

func testQueryAggregates(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := NewCorpus()
	put(t, s, c.Docs...)

	pairs, err := s.Pairs(ctx, store.Filter{}, 0)
	if err != nil {
		t.Fatalf("Pairs() error: %v", err)
	}
	wantPairs := []store.PairStat{
		{A: "KAZ", B: "RUS", NameA: "Kazakhstan", NameB: "Rusia", Events: 4, Quad: [4]int{2, 1, 0, 1},
			Goldstein: (4 + 8 + 5.2 - 4) / 4.0, First: "2024-10-20", Last: "2024-11-27"},
		{A: "CSTO", B: "IDN", NameA: "Organisasi Perjanjian Keamanan Kolektif", NameB: "Indonesia", Events: 1,
			Quad: [4]int{0, 0, 1, 0}, Goldstein: -2, First: "2024-10-03", Last: "2024-10-03"},
		{A: "IDN", B: "KAZ", NameA: "Indonesia", NameB: "Kazakhstan", Events: 1, Quad: [4]int{1, 0, 0, 0},
			Goldstein: 7, First: "2025-01-15", Last: "2025-01-15"},
		{A: "IDN", B: "RUS", NameA: "Indonesia", NameB: "Rusia", Events: 1, Quad: [4]int{1, 0, 0, 0}, Goldstein: 1.9},
	}
	approx := cmp.Comparer(func(x, y float64) bool { return x-y < 1e-9 && y-x < 1e-9 })
	if diff := cmp.Diff(wantPairs, pairs, approx); diff != "" {
		t.Errorf("Pairs() mismatch (-want +got):\n%s", diff)
	}
	if pairs, err := s.Pairs(ctx, store.Filter{Root: "11"}, 1); err != nil || len(pairs) != 1 || pairs[0].A != "CSTO" {
		t.Errorf("Pairs(root 11) = %+v, %v, want CSTO–IDN", pairs, err)
	}
	if pairs, err := s.Pairs(ctx, store.Filter{}, 2); err != nil || len(pairs) != 2 {
		t.Errorf("Pairs(limit 2) = %d pairs, %v, want 2", len(pairs), err)
	}

	actors, err := s.Actors(ctx, store.Filter{}, 0)
	if err != nil {
		t.Fatalf("Actors() error: %v", err)
	}
	var got []string
	for _, a := range actors {
		got = append(got, fmt.Sprintf("%s %s %s %d", a.Key, a.Name, a.Kind, a.Events))
	}
	want := []string{"KAZ Kazakhstan country 5", "RUS Rusia country 5", "IDN Indonesia country 3",
		"CSTO Organisasi Perjanjian Keamanan Kolektif org 1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Actors() mismatch (-want +got):\n%s", diff)
	}

	series, err := s.Series(ctx, store.Filter{}, store.Month)
	if err != nil {
		t.Fatalf("Series() error: %v", err)
	}
	wantSeries := []store.Bucket{
		{Period: "2024-10", Articles: 2, Events: 3, Quad: [4]int{1, 0, 1, 1}, Goldstein: (5.2 - 4 - 2) / 3.0},
		{Period: "2024-11", Articles: 1, Events: 2, Quad: [4]int{1, 1, 0, 0}, Goldstein: 6},
		{Period: "2025-01", Articles: 1, Events: 1, Quad: [4]int{1, 0, 0, 0}, Goldstein: 7},
	}
	if diff := cmp.Diff(wantSeries, series, approx); diff != "" {
		t.Errorf("Series(month) mismatch (-want +got):\n%s", diff)
	}
	series, err = s.Series(ctx, store.Filter{Country: "KAZ", Partner: "RUS"}, store.Year)
	if err != nil {
		t.Fatalf("Series(pair, year) error: %v", err)
	}
	if want := []store.Bucket{{Period: "2024", Articles: 2, Events: 4, Quad: [4]int{2, 1, 0, 1}, Goldstein: 13.2 / 4}}; !cmp.Equal(want, series, approx) {
		t.Errorf("Series(pair, year) = %+v, want %+v", series, want)
	}

	sectors, err := s.Sectors(ctx, store.Filter{}, 0)
	if err != nil {
		t.Fatalf("Sectors() error: %v", err)
	}
	wantSectors := []store.SectorStat{
		{Name: "energy", Events: 2, Articles: 1}, {Name: "trade", Events: 1, Articles: 1},
		{Name: "agriculture", Events: 1}, {Name: "defence", Events: 1}, {Name: "nuclear", Events: 1},
	}
	if diff := cmp.Diff(wantSectors, sectors); diff != "" {
		t.Errorf("Sectors() mismatch (-want +got):\n%s", diff)
	}
	if sectors, err := s.Sectors(ctx, store.Filter{Country: "IDN"}, 1); err != nil || len(sectors) != 1 {
		t.Errorf("Sectors(IDN, 1) = %+v, %v, want one sector", sectors, err)
	}
}

func testQueryInvalid(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, NewCorpus().Docs...)
	bad := []struct {
		name string
		q    store.Query
	}{
		{"zero limit", store.Query{}},
		{"huge limit", store.Query{Limit: store.MaxLimit + 1}},
		{"bad date", store.Query{Limit: 1, Filter: store.Filter{From: "2024-13-01"}}},
		{"reversed range", store.Query{Limit: 1, Filter: store.Filter{From: "2025-01-01", To: "2024-01-01"}}},
		{"bad key", store.Query{Limit: 1, Filter: store.Filter{Country: "rus'--"}}},
		{"partner alone", store.Query{Limit: 1, Filter: store.Filter{Partner: "RUS"}}},
		{"pair with itself", store.Query{Limit: 1, Filter: store.Filter{Country: "RUS", Partner: "RUS"}}},
		{"bad root", store.Query{Limit: 1, Filter: store.Filter{Root: "3"}}},
		{"bad actor", store.Query{Limit: 1, Filter: store.Filter{Actor: "Vladimir Putin"}}},
		{"garbage cursor", store.Query{Limit: 1, Cursor: "!!not base64!!"}},
		{"foreign cursor", store.Query{Limit: 1, Cursor: "eyJpZCI6MX0"}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			calls := map[string]func() error{
				"Events":   func() error { _, err := s.Events(ctx, tt.q); return err },
				"Articles": func() error { _, err := s.Articles(ctx, tt.q); return err },
				"Entities": func() error { _, err := s.Entities(ctx, tt.q); return err },
				"Facts":    func() error { _, err := s.Facts(ctx, tt.q); return err },
				"Quotes":   func() error { _, err := s.Quotes(ctx, tt.q); return err },
			}
			for _, name := range slices.Sorted(maps.Keys(calls)) {
				if tt.name == "bad actor" && name == "Entities" {
					continue
				}
				if err := calls[name](); !errors.Is(err, store.ErrInvalid) {
					t.Errorf("%s(%+v) error = %v, want ErrInvalid", name, tt.q, err)
				}
			}
		})
	}
	if _, err := s.Series(ctx, store.Filter{}, "week"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Series(week) error = %v, want ErrInvalid", err)
	}
	if _, err := s.Pairs(ctx, store.Filter{Root: "x"}, 10); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Pairs(root x) error = %v, want ErrInvalid", err)
	}
	if _, err := s.Actors(ctx, store.Filter{}, store.MaxLimit+1); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Actors(huge limit) error = %v, want ErrInvalid", err)
	}
	// Hostile text is data, never SQL or FTS syntax.
	for _, q := range []string{`'; DROP TABLE events; --`, `"unbalanced`, `NEAR(a b)`, `title:x`} {
		if _, err := s.Articles(ctx, store.Query{Limit: 5, Filter: store.Filter{Text: q}}); err != nil {
			t.Errorf("Articles(text %q) error: %v", q, err)
		}
		if _, err := s.Entities(ctx, store.Query{Limit: 5, Filter: store.Filter{Text: q}}); err != nil {
			t.Errorf("Entities(text %q) error: %v", q, err)
		}
	}
	if _, err := s.Events(ctx, store.Query{Limit: 5, Filter: store.Filter{Sector: `x') OR 1=1 --`}}); err != nil {
		t.Errorf("Events(hostile sector) error: %v", err)
	}
}

func testQueryEmpty(t *testing.T, s store.Store) {
	ctx := context.Background()
	ev, err := s.Events(ctx, store.Query{Limit: 10})
	if err != nil || ev.Items == nil || len(ev.Items) != 0 || ev.Next != "" {
		t.Errorf("Events(empty store) = %+v, %v, want an empty non-nil page", ev, err)
	}
	ar, err := s.Articles(ctx, store.Query{Limit: 10})
	if err != nil || ar.Items == nil || len(ar.Items) != 0 {
		t.Errorf("Articles(empty store) = %+v, %v, want an empty non-nil page", ar, err)
	}
	pairs, err := s.Pairs(ctx, store.Filter{}, 10)
	if err != nil || pairs == nil || len(pairs) != 0 {
		t.Errorf("Pairs(empty store) = %+v, %v, want empty non-nil", pairs, err)
	}
	series, err := s.Series(ctx, store.Filter{}, store.Day)
	if err != nil || series == nil || len(series) != 0 {
		t.Errorf("Series(empty store) = %+v, %v, want empty non-nil", series, err)
	}
	sectors, err := s.Sectors(ctx, store.Filter{}, 10)
	if err != nil || sectors == nil || len(sectors) != 0 {
		t.Errorf("Sectors(empty store) = %+v, %v, want empty non-nil", sectors, err)
	}
}

func testVersion(t *testing.T, st store.Store) {
	s, ok := st.(store.Versioner)
	if !ok {
		t.Skip("the store does not implement store.Versioner")
	}
	ctx := context.Background()
	v0, err := s.Version(ctx)
	if err != nil {
		t.Fatalf("Version() error: %v", err)
	}
	c := NewCorpus()
	put(t, st, c.Docs[0])
	v1, err := s.Version(ctx)
	if err != nil || v1 == v0 {
		t.Errorf("Version() after Put = %q, %v; want a change from %q", v1, err, v0)
	}
	if again, _ := s.Version(ctx); again != v1 {
		t.Errorf("Version() = %q then %q with no Put between", v1, again)
	}
	put(t, st, c.Docs[0]) // already present: nothing stored
	if same, _ := s.Version(ctx); same != v1 {
		t.Errorf("Version() after a Put that stored nothing = %q, want %q", same, v1)
	}
	put(t, st, c.Docs[1:]...)
	if v2, _ := s.Version(ctx); v2 == v1 {
		t.Errorf("Version() after a second Put = %q, unchanged", v2)
	}
}
