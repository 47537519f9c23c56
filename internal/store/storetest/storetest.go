// Package storetest is the conformance suite every store.Store backend runs:
// a backend's test calls Run with a function that opens a fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// Run runs the conformance suite. open must return a new, empty store each
// time it is called and arrange (with t.Cleanup) for it to be closed.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open(t)) })
	t.Run("PutIdempotent", func(t *testing.T) { testPutIdempotent(t, open(t)) })
	t.Run("DuplicatesInBatch", func(t *testing.T) { testDuplicatesInBatch(t, open(t)) })
	t.Run("EmptyBatch", func(t *testing.T) { testEmptyBatch(t, open(t)) })
	t.Run("Missing", func(t *testing.T) { testMissing(t, open(t)) })
	t.Run("Search", func(t *testing.T) { testSearch(t, open(t)) })
	t.Run("EntityDocuments", func(t *testing.T) { testEntityDocuments(t, open(t)) })
	t.Run("Stats", func(t *testing.T) { testStats(t, open(t)) })
	t.Run("ConcurrentReadersWhileWriting", func(t *testing.T) { testConcurrent(t, open(t)) })
	t.Run("ContextCanceled", func(t *testing.T) { testContextCanceled(t, open(t)) })
	runQuery(t, open)
	runStory(t, open)
}

func ptr(s string) *string { return &s }

// wib returns Western Indonesian Time as a parsed RFC 3339 time carries it.
func wib() *time.Location { return time.FixedZone("", 7*60*60) }

// Full returns an article with every field and list filled in, its ID the
// hash of its text. It is exported so that backends' benchmarks and tests
// can build realistic records.
func Full(text string, published article.Published) *article.Article {
	a := article.New()
	a.Doc = article.Doc{
		ID:        article.HashText(text),
		Source:    "testdata/" + article.HashText(text)[:8] + ".txt",
		Title:     "Putin siap bantu Kazakhstan bangun PLTN",
		Published: published,
		Author:    "Rina <Redaksi> & \"Tim\"",
		Outlet:    "Antara",
		URL:       "https://example.com/berita?id=1&x=\u00e9",
		Language:  "id",
		Dateline:  "Astana",
		Text:      text,
		Warnings:  []string{"encoding repaired", "title guessed"},
	}
	a.Sentences = []article.Sentence{{Start: 0, End: 10}, {Start: 11, End: len(text)}}
	a.Entities = []article.Entity{
		{
			ID: "person:vladimir-putin", Name: "Vladimir Putin", Type: "PERSON",
			Country: ptr("RUS"), Role: ptr("head of state"),
			Aliases: []string{"Putin", "Presiden Putin"},
			Mentions: []article.Mention{
				{Text: "Presiden Rusia Vladimir Putin", Start: 0, End: 29},
				{Text: "Putin", Start: 40, End: 45},
			},
		},
		{
			ID: "country:KAZ", Name: "Kazakhstan", Type: "COUNTRY", Country: ptr("KAZ"),
			Aliases:  []string{},
			Mentions: []article.Mention{{Text: "Kazakhstan", Start: 50, End: 60}},
		},
		{
			ID: "org:csto", Name: "Organisasi Perjanjian Keamanan Kolektif", Type: "ORG",
			Org: ptr("CSTO"), Aliases: nil, Mentions: nil,
		},
		{
			ID: "place:astana", Name: "Astana", Type: "PLACE",
			Aliases: []string{"Nur-Sultan"}, Mentions: []article.Mention{},
		},
	}
	a.Events = []article.Event{
		{
			Date:   "2024-11-27",
			Source: article.Actor{Name: "Vladimir Putin", Code: "RUSGOV", Country: ptr("RUS"), Entity: "person:vladimir-putin"},
			Target: article.Actor{Name: "Kazakhstan", Code: "KAZ", Country: ptr("KAZ"), Entity: "country:KAZ"},
			CAMEO:  "036", Root: "03", QuadClass: 1, Goldstein: 4.0, PLOVER: "COOPERATE",
			Modality: "planned", Sectors: []string{"nuclear", "energy"}, Trigger: "siap untuk proyek",
			Sentence: "Putin siap untuk proyek PLTN.", Start: 120, End: 260, Confidence: 0.8,
		},
		{
			Date:   "",
			Source: article.Actor{Name: "the West", Code: "WST"},
			Target: article.Actor{Name: "CSTO", Code: "IGOCSTO", Org: ptr("CSTO"), Entity: "org:csto"},
			CAMEO:  "111", Root: "11", QuadClass: 3, Goldstein: -2.0, PLOVER: "DISAPPROVE",
			Modality: "negated", Sectors: nil, Sentence: "…", Confidence: 0.1234567890123,
		},
	}
	a.Facts = []article.Fact{
		{Value: 28e9, Unit: ptr("USD"), Text: "28 miliar dolar AS", Measure: "trade turnover",
			Period: "2023", Qualifier: "lebih dari", Actors: []string{"RUS", "KAZ"}, Sentence: "Perdagangan 28 miliar dolar AS.", Start: 5, End: 23},
		{Value: 3, Unit: nil, Text: "tiga reaktor", Measure: "reactors", Actors: nil},
		{Value: -0.5, Unit: ptr("%"), Text: "minus 0,5 persen", Actors: []string{}},
	}
	a.Quotes = []article.Quote{
		{Speaker: "person:vladimir-putin", Text: "Kami \"siap\" membantu.", Start: 70, End: 92},
	}
	a.Sectors = []article.Sector{{Name: "energy", Weight: 0.4}, {Name: "nuclear", Weight: 0.35}}
	return a
}

// Minimal returns an article with only an ID and a text, and empty lists.
func Minimal(text string) *article.Article {
	a := article.New()
	a.Doc.ID = article.HashText(text)
	a.Doc.Text = text
	return a
}

func put(t *testing.T, s store.Store, articles ...*article.Article) store.PutResult {
	t.Helper()
	res, err := s.Put(context.Background(), articles)
	if err != nil {
		t.Fatalf("Put(%d articles) error: %v", len(articles), err)
	}
	return res
}

func testRoundTrip(t *testing.T, s store.Store) {
	ctx := context.Background()
	withClock := article.Published{Time: time.Date(2024, 11, 28, 13, 5, 0, 0, wib()), HasClock: true}
	withNanos := article.Published{Time: time.Date(2024, 11, 28, 13, 5, 7, 123456789, time.UTC), HasClock: true}
	dateOnly := article.Published{Time: time.Date(2019, 9, 17, 0, 0, 0, 0, time.UTC)}

	// Another article names Putin with a different role and no aliases: each
	// document must keep its own view of an entity.
	other := Full("Vladimir Putin sebagai perdana menteri, 2010.", dateOnly)
	other.Entities[0].Role = ptr("prime minister")
	other.Entities[0].Aliases = nil
	other.Entities[0].Country = nil

	nilLists := &article.Article{Doc: article.Doc{ID: article.HashText("nil lists"), Text: "nil lists"}}

	tests := []struct {
		name string
		a    *article.Article
	}{
		{"full with clock", Full("Presiden Rusia Vladimir Putin mengatakan, Kazakhstan siap.", withClock)},
		{"full with nanoseconds", Full("Teks dengan waktu nanodetik.", withNanos)},
		{"full date only", Full("Teks dengan tanggal saja.", dateOnly)},
		{"full unknown date", Full("Teks tanpa tanggal.", article.Published{})},
		{"entity seen differently", other},
		{"minimal with empty lists", Minimal("Hanya teks.")},
		{"nil lists", nilLists},
		{"unicode and quotes", Full("Kutipan \u201cbaik\u201d 'ya' \"tidak\" <b>&amp;</b>\n\tbaris baru \U0001F600 \u00e9\u0301 \x00nul", withClock)},
	}
	var batch []*article.Article
	for _, tt := range tests {
		batch = append(batch, tt.a)
	}
	res := put(t, s, batch...)
	if want := (store.PutResult{Stored: len(batch)}); res != want {
		t.Errorf("Put() = %+v, want %+v", res, want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Get(ctx, tt.a.Doc.ID)
			if err != nil {
				t.Fatalf("Get(%s) error: %v", tt.a.Doc.ID, err)
			}
			if diff := cmp.Diff(tt.a, got); diff != "" {
				t.Errorf("Get(%s) mismatch (-want +got):\n%s", tt.a.Doc.ID, diff)
			}
			if ok, err := s.Has(ctx, tt.a.Doc.ID); err != nil || !ok {
				t.Errorf("Has(%s) = %v, %v, want true, nil", tt.a.Doc.ID, ok, err)
			}
		})
	}
}

func testPutIdempotent(t *testing.T, s store.Store) {
	batch := []*article.Article{Full("satu", article.Published{}), Full("dua", article.Published{}), Minimal("tiga")}
	if got, want := put(t, s, batch...), (store.PutResult{Stored: 3}); got != want {
		t.Errorf("first Put() = %+v, want %+v", got, want)
	}
	if got, want := put(t, s, batch...), (store.PutResult{Present: 3}); got != want {
		t.Errorf("second Put() = %+v, want %+v", got, want)
	}
	// A batch mixing new and present articles stores only the new ones.
	if got, want := put(t, s, batch[0], Minimal("empat")), (store.PutResult{Stored: 1, Present: 1}); got != want {
		t.Errorf("mixed Put() = %+v, want %+v", got, want)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats() error: %v", err)
	}
	if st.Documents != 4 {
		t.Errorf("Stats().Documents = %d, want 4", st.Documents)
	}
	// The present article's children were not written twice.
	if want := 2 * len(batch[0].Events); st.Events != want {
		t.Errorf("Stats().Events = %d, want %d", st.Events, want)
	}
}

func testDuplicatesInBatch(t *testing.T, s store.Store) {
	a := Full("sama", article.Published{})
	// Same ID, different record: the first one of the batch wins.
	changed := Full("sama", article.Published{})
	changed.Doc.Title = "Judul lain"
	changed.Events = nil
	b := Minimal("beda")

	got := put(t, s, a, a, changed, b)
	if want := (store.PutResult{Stored: 2, Present: 2}); got != want {
		t.Errorf("Put(a, a, a', b) = %+v, want %+v", got, want)
	}
	stored, err := s.Get(context.Background(), a.Doc.ID)
	if err != nil {
		t.Fatalf("Get() error: %v", err)
	}
	if diff := cmp.Diff(a, stored); diff != "" {
		t.Errorf("Get() after duplicates mismatch (-want +got):\n%s", diff)
	}
}

func testEmptyBatch(t *testing.T, s store.Store) {
	for _, batch := range [][]*article.Article{nil, {}} {
		res, err := s.Put(context.Background(), batch)
		if err != nil || res != (store.PutResult{}) {
			t.Errorf("Put(%#v) = %+v, %v, want zero result, nil", batch, res, err)
		}
	}
}

func testMissing(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, Minimal("ada"))
	for _, id := range []string{article.HashText("tidak ada"), "", "'; DROP TABLE documents; --"} {
		got, err := s.Get(ctx, id)
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(%q) error = %v, want ErrNotFound", id, err)
		}
		if got != nil {
			t.Errorf("Get(%q) = %v, want nil", id, got)
		}
		if ok, err := s.Has(ctx, id); ok || err != nil {
			t.Errorf("Has(%q) = %v, %v, want false, nil", id, ok, err)
		}
	}
}

func testSearch(t *testing.T, s store.Store) {
	ctx := context.Background()
	energy := Full("Rusia dan Kazakhstan sepakat membangun pembangkit listrik tenaga nuklir.", article.Published{})
	energy.Doc.Title = "Kerja sama nuklir"
	trade := Full("Perdagangan bilateral mencapai 28 miliar dolar AS; ekspor gandum naik.", article.Published{})
	trade.Doc.Title = "Neraca dagang kuartal ketiga"
	accents := Full("Le président Macron a rencontré le Premier ministre à Jakarta.", article.Published{})
	accents.Doc.Title = "Diplomasi"
	put(t, s, energy, trade, accents)

	tests := []struct {
		name  string
		query string
		want  []string // IDs in any order; nil means no results
	}{
		{"title word", "dagang", []string{trade.Doc.ID}},
		{"body word", "gandum", []string{trade.Doc.ID}},
		{"word in both title and body", "nuklir", []string{energy.Doc.ID}},
		{"case insensitive", "KAZAKHSTAN", []string{energy.Doc.ID}},
		{"all words required", "nuklir gandum", nil},
		{"two words", "ekspor gandum", []string{trade.Doc.ID}},
		{"diacritics folded", "president", []string{accents.Doc.ID}},
		{"prefix", "pembangk*", []string{energy.Doc.ID}},
		{"number", "28", []string{trade.Doc.ID}},
		{"absent word", "semangka", nil},
		{"empty", "", nil},
		{"blank", "   ", nil},
		{"syntax: unbalanced", `"foo AND (`, nil},
		{"syntax: minus", "-", nil},
		{"syntax: star", "*", nil},
		{"syntax: quotes", `""`, nil},
		{"syntax: column filter", "title:nuklir", nil},
		{"syntax: near", "NEAR(nuklir gandum)", nil},
		{"syntax: caret", "^nuklir", []string{energy.Doc.ID}},
		{"syntax: apostrophe", "'nuklir'", []string{energy.Doc.ID}},
		{"syntax: operators dropped", "nuklir AND Kazakhstan", []string{energy.Doc.ID}},
		{"syntax: parenthesis word", "(gandum)", []string{trade.Doc.ID}},
		{"syntax: semicolon", "AS;", []string{trade.Doc.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Search(ctx, tt.query, 10)
			if err != nil {
				t.Fatalf("Search(%q) error: %v", tt.query, err)
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if len(got) == 0 && len(want) == 0 {
				return
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Search(%q) mismatch (-want +got):\n%s", tt.query, diff)
			}
		})
	}

	t.Run("limit", func(t *testing.T) {
		common := []*article.Article{Minimal("kata umum satu"), Minimal("kata umum dua"), Minimal("kata umum tiga")}
		put(t, s, common...)
		got, err := s.Search(ctx, "umum", 2)
		if err != nil {
			t.Fatalf("Search(umum, 2) error: %v", err)
		}
		if len(got) != 2 {
			t.Errorf("Search(umum, 2) = %d results, want 2", len(got))
		}
	})

	t.Run("title ranks first", func(t *testing.T) {
		inTitle := Minimal("teks tentang hal lain sama sekali, menyebut rempah sekali")
		inTitle.Doc.Title = "Rempah"
		inText := Minimal("teks tentang rempah")
		put(t, s, inText, inTitle)
		got, err := s.Search(ctx, "rempah", 10)
		if err != nil {
			t.Fatalf("Search(rempah) error: %v", err)
		}
		if want := []string{inTitle.Doc.ID, inText.Doc.ID}; !cmp.Equal(got, want) {
			t.Errorf("Search(rempah) = %v, want %v", got, want)
		}
	})
}

func testEntityDocuments(t *testing.T, s store.Store) {
	ctx := context.Background()
	old := Full("dokumen lama", article.Published{Time: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)})
	recent := Full("dokumen baru", article.Published{Time: time.Date(2024, 5, 6, 9, 0, 0, 0, wib()), HasClock: true})
	undated := Full("dokumen tanpa tanggal", article.Published{})
	none := Minimal("dokumen tanpa entitas")
	put(t, s, old, none, undated, recent)

	tests := []struct {
		name   string
		entity string
		want   []string
	}{
		// Newest first, undated last.
		{"with mentions", "person:vladimir-putin", []string{recent.Doc.ID, old.Doc.ID, undated.Doc.ID}},
		{"without mentions", "org:csto", []string{recent.Doc.ID, old.Doc.ID, undated.Doc.ID}},
		{"unknown entity", "person:nobody", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.EntityDocuments(ctx, tt.entity)
			if err != nil {
				t.Fatalf("EntityDocuments(%q) error: %v", tt.entity, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("EntityDocuments(%q) mismatch (-want +got):\n%s", tt.entity, diff)
			}
		})
	}
}

func testStats(t *testing.T, s store.Store) {
	ctx := context.Background()
	got, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats() on empty store error: %v", err)
	}
	if diff := cmp.Diff(store.Stats{}, got); diff != "" {
		t.Errorf("Stats() on empty store mismatch (-want +got):\n%s", diff)
	}

	a := Full("statistik satu", article.Published{Time: time.Date(2019, 9, 17, 0, 0, 0, 0, time.UTC)})
	// 23:30 in Jakarta is already the 3rd in UTC: the date is the article's own.
	b := Full("statistik dua", article.Published{Time: time.Date(2024, 11, 2, 23, 30, 0, 0, wib()), HasClock: true})
	c := Full("statistik tiga", article.Published{})
	put(t, s, a, b, c, Minimal("statistik empat"))

	mentions := 0
	for _, e := range a.Entities {
		mentions += len(e.Mentions)
	}
	want := store.Stats{
		Documents: 4,
		Entities:  len(a.Entities), // the same entities in a, b and c
		Mentions:  3 * mentions,
		Events:    3 * len(a.Events),
		Facts:     3 * len(a.Facts),
		Quotes:    3 * len(a.Quotes),
		First:     time.Date(2019, 9, 17, 0, 0, 0, 0, time.UTC),
		Last:      time.Date(2024, 11, 2, 0, 0, 0, 0, time.UTC),
	}
	got, err = s.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats() error: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats() mismatch (-want +got):\n%s", diff)
	}
}

func testConcurrent(t *testing.T, s store.Store) {
	ctx := context.Background()
	const batches, perBatch, readers = 20, 10, 4
	seed := Full("benih pembaca", article.Published{})
	put(t, s, seed)

	var (
		wg   sync.WaitGroup
		done = make(chan struct{})
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for i := range batches {
			batch := make([]*article.Article, perBatch)
			for j := range batch {
				batch[j] = Full(fmt.Sprintf("artikel serentak %d-%d tentang nuklir", i, j), article.Published{})
			}
			res, err := s.Put(ctx, batch)
			if err != nil {
				t.Errorf("Put(batch %d) error: %v", i, err)
				return
			}
			if res.Stored != perBatch {
				t.Errorf("Put(batch %d) = %+v, want %d stored", i, res, perBatch)
			}
		}
	}()
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-done:
					if n > 0 {
						return
					}
				default:
				}
				if got, err := s.Get(ctx, seed.Doc.ID); err != nil {
					t.Errorf("Get() while writing error: %v", err)
					return
				} else if diff := cmp.Diff(seed, got); diff != "" {
					t.Errorf("Get() while writing mismatch (-want +got):\n%s", diff)
					return
				}
				if _, err := s.Search(ctx, "nuklir", 5); err != nil {
					t.Errorf("Search() while writing error: %v", err)
					return
				}
				if _, err := s.Stats(ctx); err != nil {
					t.Errorf("Stats() while writing error: %v", err)
					return
				}
				if _, err := s.EntityDocuments(ctx, "country:KAZ"); err != nil {
					t.Errorf("EntityDocuments() while writing error: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()

	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats() error: %v", err)
	}
	if want := 1 + batches*perBatch; st.Documents != want {
		t.Errorf("Stats().Documents = %d, want %d", st.Documents, want)
	}
}

func testContextCanceled(t *testing.T, s store.Store) {
	stored := Minimal("sudah tersimpan")
	put(t, s, stored)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	fresh := Full("dibatalkan", article.Published{})
	tests := []struct {
		name string
		call func() error
	}{
		{"Put", func() error { _, err := s.Put(ctx, []*article.Article{fresh}); return err }},
		{"Has", func() error { _, err := s.Has(ctx, stored.Doc.ID); return err }},
		{"Get", func() error { _, err := s.Get(ctx, stored.Doc.ID); return err }},
		{"Search", func() error { _, err := s.Search(ctx, "tersimpan", 10); return err }},
		{"EntityDocuments", func() error { _, err := s.EntityDocuments(ctx, "country:KAZ"); return err }},
		{"Stats", func() error { _, err := s.Stats(ctx); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, context.Canceled) {
				t.Errorf("%s(canceled ctx) error = %v, want context.Canceled", tt.name, err)
			}
		})
	}
	if ok, err := s.Has(context.Background(), fresh.Doc.ID); err != nil || ok {
		t.Errorf("Has(article put with canceled ctx) = %v, %v, want false, nil", ok, err)
	}
}

// BadBatch is a batch that Put must reject whole.
type BadBatch struct {
	Name  string
	Batch []*article.Article
}

// BatchAtomic checks that Put rejects each batch whole, the ones every
// backend must reject and then extra (a backend's own limits): an error, a
// zero result, and nothing stored. s must be empty.
func BatchAtomic(t *testing.T, s store.Store, extra ...BadBatch) {
	ctx := context.Background()
	good := Full("artikel baik", article.Published{})
	noID := Minimal("tanpa ID")
	noID.Doc.ID = ""
	badEntity := Full("entitas tanpa ID", article.Published{})
	badEntity.Entities[1].ID = ""
	tests := []BadBatch{
		{"nil article", []*article.Article{good, nil}},
		{"empty ID", []*article.Article{good, noID}},
		{"entity without ID", []*article.Article{good, badEntity}},
	}
	for _, tt := range append(tests, extra...) {
		t.Run(tt.Name, func(t *testing.T) {
			res, err := s.Put(ctx, tt.Batch)
			if err == nil {
				t.Fatalf("Put() = %+v, nil, want an error", res)
			}
			if res != (store.PutResult{}) {
				t.Errorf("Put() result = %+v on error, want zero", res)
			}
			st, err := s.Stats(ctx)
			if err != nil {
				t.Fatalf("Stats() error: %v", err)
			}
			if diff := cmp.Diff(store.Stats{}, st); diff != "" {
				t.Errorf("Stats() after failed batch (-want +got):\n%s", diff)
			}
		})
	}
}
