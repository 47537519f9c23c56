package merge

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/eval"
)

func ptr(s string) *string { return &s }

func country(iso, code, name string) article.Actor {
	return article.Actor{Name: name, Code: code, Country: ptr(iso), Entity: "country:" + iso}
}

var (
	idn = country("IDN", "IDNGOV", "Indonesia")
	vnm = country("VNM", "VNMGOV", "Vietnam")
	rus = country("RUS", "RUSGOV", "Rusia")
	ukr = country("UKR", "UKRMIL", "Ukraina")
)

// mention builds a fixture mention; pub "" means unknown publication.
func mention(doc, outlet, pub, date string, src, tgt article.Actor, code string, start int) Mention {
	m := Mention{Doc: doc, Outlet: outlet, URL: "https://" + outlet + "/" + doc,
		Event: article.Event{Date: date, Source: src, Target: tgt, CAMEO: code, Root: code[:2],
			QuadClass: 1, Goldstein: 1.0, Start: start, End: start + 50, Confidence: 0.8}}
	if outlet == "" {
		m.URL = ""
	}
	if pub != "" {
		p, err := article.ParsePublished(pub)
		if err != nil {
			panic(err)
		}
		m.Published = p
	}
	return m
}

// summary is what the table tests compare: each event's code, dates and
// counts, keyed by the sorted mention docs.
type summary struct {
	Code, Date, EndDate         string
	Mentions, Articles, Sources int
	Src, Tgt                    string
	FirstSeen, LastSeen         string
	IsRoot                      bool
	SourceURL                   string
}

func summarise(evs []Event) []summary {
	out := make([]summary, len(evs))
	for i, ev := range evs {
		out[i] = summary{ev.Code, ev.Date, ev.EndDate, ev.NumMentions, ev.NumArticles, ev.NumSources,
			ev.Source.Code, ev.Target.Code, ev.FirstSeen.Format(time.DateOnly), ev.LastSeen.Format(time.DateOnly), ev.IsRoot, ev.SourceURL}
	}
	// Events come by date and ID; IDs are hashes, so order ties readably.
	slices.SortStableFunc(out, func(a, b summary) int {
		for _, c := range []int{strings.Compare(a.Date, b.Date), strings.Compare(a.Code, b.Code),
			strings.Compare(a.Src, b.Src), strings.Compare(a.SourceURL, b.SourceURL)} {
			if c != 0 {
				return c
			}
		}
		return 0
	})
	return out
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name string
		in   []Mention
		want []summary
	}{
		{
			name: "visit reported by three outlets over four days",
			in: []Mention{
				mention("d1", "kompas.com", "2024-05-12", "2024-05-12", idn, vnm, "040", 0),
				mention("d1", "kompas.com", "2024-05-12", "2024-05-12", idn, vnm, "042", 100),
				mention("d2", "tempo.co", "2024-05-13", "2024-05-13", idn, vnm, "042", 0),
				mention("d3", "antaranews.com", "2024-05-16T10:00:00+07:00", "2024-05-16", idn, vnm, "043", 0),
				mention("d4", "tempo.co", "2024-05-14", "2024-05-14", idn, vnm, "042", 0),
			},
			want: []summary{{"042", "2024-05-12", "2024-05-16", 5, 4, 3, "IDNGOV", "VNMGOV", "2024-05-12", "2024-05-16", false, "https://kompas.com/d1"}},
		},
		{
			name: "visits ten days apart stay apart",
			in: []Mention{
				mention("d1", "kompas.com", "2024-05-01", "2024-05-01", idn, vnm, "042", 0),
				mention("d2", "kompas.com", "2024-05-11", "2024-05-11", idn, vnm, "042", 0),
			},
			want: []summary{
				{"042", "2024-05-01", "2024-05-01", 1, 1, 1, "IDNGOV", "VNMGOV", "2024-05-01", "2024-05-01", false, "https://kompas.com/d1"},
				{"042", "2024-05-11", "2024-05-11", 1, 1, 1, "IDNGOV", "VNMGOV", "2024-05-11", "2024-05-11", false, "https://kompas.com/d2"},
			},
		},
		{
			name: "a run of daily statements splits into two-day events",
			in: []Mention{
				mention("d1", "a.id", "2024-01-01", "2024-01-01", rus, ukr, "010", 0),
				mention("d2", "a.id", "2024-01-02", "2024-01-02", rus, ukr, "010", 0),
				mention("d3", "a.id", "2024-01-03", "2024-01-03", rus, ukr, "010", 0),
				mention("d4", "a.id", "2024-01-04", "2024-01-04", rus, ukr, "010", 0),
				mention("d5", "a.id", "2024-01-05", "2024-01-05", rus, ukr, "010", 0),
			},
			want: []summary{
				{"010", "2024-01-01", "2024-01-02", 2, 2, 1, "RUSGOV", "UKRMIL", "2024-01-01", "2024-01-02", false, "https://a.id/d1"},
				{"010", "2024-01-03", "2024-01-04", 2, 2, 1, "RUSGOV", "UKRMIL", "2024-01-03", "2024-01-04", false, "https://a.id/d3"},
				{"010", "2024-01-05", "2024-01-05", 1, 1, 1, "RUSGOV", "UKRMIL", "2024-01-05", "2024-01-05", false, "https://a.id/d5"},
			},
		},
		{
			// 190, 183 and 195 once each: 183 and 195 are equally specific
			// and 183 is the smaller.
			name: "assault and fight codes of one strike merge; the reverse direction does not",
			in: []Mention{
				mention("d1", "a.id", "2024-02-10", "2024-02-10", rus, ukr, "190", 0),
				mention("d2", "b.id", "2024-02-11", "2024-02-10", rus, ukr, "183", 0),
				mention("d3", "c.id", "2024-02-11", "2024-02-11", rus, ukr, "195", 0),
				mention("d3", "c.id", "2024-02-11", "2024-02-11", ukr, rus, "190", 300),
			},
			want: []summary{
				{"183", "2024-02-10", "2024-02-11", 3, 3, 3, "RUSGOV", "UKRMIL", "2024-02-10", "2024-02-11", false, "https://a.id/d1"},
				{"190", "2024-02-11", "2024-02-11", 1, 1, 1, "UKRMIL", "RUSGOV", "2024-02-11", "2024-02-11", false, "https://c.id/d3"},
			},
		},
		{
			name: "different roots on one day stay apart",
			in: []Mention{
				mention("d1", "a.id", "2024-03-01", "2024-03-01", idn, vnm, "042", 0),
				mention("d1", "a.id", "2024-03-01", "2024-03-01", idn, vnm, "057", 0),
			},
			want: []summary{
				{"042", "2024-03-01", "2024-03-01", 1, 1, 1, "IDNGOV", "VNMGOV", "2024-03-01", "2024-03-01", false, "https://a.id/d1"},
				{"057", "2024-03-01", "2024-03-01", 1, 1, 1, "IDNGOV", "VNMGOV", "2024-03-01", "2024-03-01", false, "https://a.id/d1"},
			},
		},
		{
			name: "most frequent code wins over a more specific one",
			in: []Mention{
				mention("d1", "a.id", "2024-03-01", "2024-03-01", idn, vnm, "040", 0),
				mention("d2", "b.id", "2024-03-01", "2024-03-01", idn, vnm, "040", 0),
				mention("d3", "c.id", "2024-03-01", "2024-03-01", idn, vnm, "042", 0),
			},
			want: []summary{{"040", "2024-03-01", "2024-03-01", 3, 3, 3, "IDNGOV", "VNMGOV", "2024-03-01", "2024-03-01", false, "https://a.id/d1"}},
		},
		{
			name: "undated mentions stay single; the publication date stands in for a missing event date",
			in: []Mention{
				mention("d1", "a.id", "", "", idn, vnm, "042", 0),
				mention("d2", "b.id", "", "", idn, vnm, "042", 0),
				mention("d3", "c.id", "2024-03-01", "", idn, vnm, "042", 0),
				mention("d4", "d.id", "2024-03-02", "2024-03-01", idn, vnm, "042", 0),
			},
			want: []summary{
				{"042", "", "", 1, 1, 1, "IDNGOV", "VNMGOV", "0001-01-01", "0001-01-01", false, "https://a.id/d1"},
				{"042", "", "", 1, 1, 1, "IDNGOV", "VNMGOV", "0001-01-01", "0001-01-01", false, "https://b.id/d2"},
				{"042", "2024-03-01", "2024-03-01", 2, 2, 2, "IDNGOV", "VNMGOV", "2024-03-01", "2024-03-02", false, "https://c.id/d3"},
			},
		},
		{
			name: "outlet falls back to the URL host; a repeated mention counts once",
			in: func() []Mention {
				a := mention("d1", "", "2024-03-01", "2024-03-01", idn, vnm, "042", 0)
				a.URL = "https://www.kompas.com/x"
				b := mention("d2", "Kompas.com", "2024-03-01", "2024-03-01", idn, vnm, "042", 0)
				c := mention("d3", "", "2024-03-01", "2024-03-01", idn, vnm, "042", 0)
				c.Lede = true
				return []Mention{a, b, c, c}
			}(),
			want: []summary{{"042", "2024-03-01", "2024-03-01", 3, 3, 2, "IDNGOV", "VNMGOV", "2024-03-01", "2024-03-01", true, "https://www.kompas.com/x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Merge(DefaultConfig(), tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarise(got)); diff != "" {
				t.Errorf("Merge (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAddReanchors(t *testing.T) {
	m, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	d1, err := m.Add(mention("d2", "a.id", "2024-05-13", "2024-05-13", idn, vnm, "042", 0))
	if err != nil || len(d1.Upserted) != 1 || len(d1.Removed) != 0 {
		t.Fatalf("first Add = %+v, %v", d1, err)
	}
	old := d1.Upserted[0].ID
	// An earlier report of the same visit moves the event's first date,
	// and so its ID.
	d2, err := m.Add(mention("d1", "b.id", "2024-05-11", "2024-05-11", idn, vnm, "042", 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(d2.Upserted) != 1 || d2.Upserted[0].NumArticles != 2 || !cmp.Equal(d2.Removed, []string{old}) {
		t.Errorf("second Add = %+v, want one event of 2 articles replacing %s", d2, old)
	}
	// A later report joins without changing the ID.
	d3, err := m.Add(mention("d3", "c.id", "2024-05-14", "2024-05-14", idn, vnm, "042", 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(d3.Upserted) != 1 || d3.Upserted[0].ID != d2.Upserted[0].ID || len(d3.Removed) != 0 {
		t.Errorf("third Add = %+v, want an update of %s", d3, d2.Upserted[0].ID)
	}
	// Re-adding is a no-op.
	d4, err := m.Add(mention("d3", "c.id", "2024-05-14", "2024-05-14", idn, vnm, "042", 0))
	if err != nil || len(d4.Upserted)+len(d4.Removed) != 0 {
		t.Errorf("repeated Add = %+v, %v; want no change", d4, err)
	}
}

func TestAddInvalid(t *testing.T) {
	m, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	good := mention("d1", "a.id", "2024-05-13", "2024-05-13", idn, vnm, "042", 0)
	noDoc := good
	noDoc.Doc = ""
	badCode := good
	badCode.Event.CAMEO = "4a"
	for _, bad := range []Mention{noDoc, badCode} {
		if _, err := m.Add(good, bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("Add(good, %+v) = %v, want ErrInvalid", bad.Event.CAMEO, err)
		}
	}
	if m.Len() != 0 {
		t.Errorf("after failed Adds Len = %d, want 0", m.Len())
	}
}

func TestConfigInvalid(t *testing.T) {
	c := DefaultConfig()
	c.Families = [][]string{{"18", "19"}, {"19", "20"}}
	if _, err := New(c); err == nil {
		t.Error("New with overlapping families = nil error, want one")
	}
	c = DefaultConfig()
	c.Windows["04"] = -1
	if _, err := New(c); err == nil {
		t.Error("New with a negative window = nil error, want one")
	}
}

func TestActorKeyMatchesEval(t *testing.T) {
	for _, a := range []article.Actor{
		idn, {Code: "WST"}, {Code: "igoNAT", Org: ptr("NATO")}, {Code: "reb"}, {},
		{Code: "USAGOV", Country: ptr("")},
	} {
		if got, want := ActorKey(a), eval.ActorKey(a); got != want {
			t.Errorf("ActorKey(%+v) = %q, want %q (eval.ActorKey)", a, got, want)
		}
	}
}

func TestSpecificity(t *testing.T) {
	for code, want := range map[string]int{"04": 2, "040": 2, "042": 3, "0421": 4, "190": 2, "195": 3} {
		if got := Specificity(code); got != want {
			t.Errorf("Specificity(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestInLede(t *testing.T) {
	text := "\n  JAKARTA - Dua menteri bertemu.\nParagraf kedua."
	for _, tt := range []struct {
		start int
		want  bool
	}{{3, true}, {20, true}, {34, false}, {40, false}} {
		if got := InLede(text, tt.start); got != tt.want {
			t.Errorf("InLede(text, %d) = %v, want %v", tt.start, got, tt.want)
		}
	}
	if !InLede("one paragraph only", 10) {
		t.Error("InLede of a single paragraph = false, want true")
	}
}

var sentences = []string{
	"", "Kedua menteri bertemu di Hanoi.", "Rusia telah menyerang kota itu.",
	"Sebelumnya, Indonesia mengecam serangan tersebut.", "Pada 2016 kedua negara berselisih.",
	"Pertemuan digelar Senin (3/6).", "Pada bulan Januari, NATO menolak usulan itu.",
}

// randomMentions makes mentions over a few actor pairs, roots and a month,
// dense enough that windows overlap and groups re-anchor.
func randomMentions(rng *rand.Rand, n int, dense bool) []Mention {
	actors := []article.Actor{idn, vnm, rus, ukr, {Name: "NATO", Code: "IGONAT", Org: ptr("NATO")}}
	codes := []string{"010", "020", "036", "040", "042", "043", "057", "061", "112", "120", "163", "183", "190", "195", "202"}
	if dense {
		actors, codes = actors[:3], []string{"010", "040", "042", "183", "190"}
	}
	outlets := []string{"kompas.com", "tempo.co", "detik.com", "antaranews.com", ""}
	out := make([]Mention, n)
	for i := range out {
		s := actors[rng.IntN(len(actors))]
		t := actors[rng.IntN(len(actors))]
		// A document's outlet and publication date are its own; the
		// event date varies by mention.
		d := rng.IntN(n/3 + 1)
		doc := fmt.Sprintf("doc%03d", d)
		pubDay := d % 30
		pub := time.Date(2024, 6, 1+pubDay, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		if d%17 == 0 {
			pub = ""
		}
		date := time.Date(2024, 6, 1+pubDay-rng.IntN(3), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		if rng.IntN(20) == 0 {
			date = ""
		}
		start := rng.IntN(5) * 100
		out[i] = mention(doc, outlets[d%len(outlets)], pub, date, s, t, codes[rng.IntN(len(codes))], start)
		out[i].Lede = start == 0
		// The sentence follows from the document and the offset, as the
		// mention ID assumes; some read as background or as of an
		// earlier year, and publication dates are common, so that
		// background mentions join and found events.
		out[i].Event.Sentence = sentences[(d*7+start/100)%len(sentences)]
		if rng.IntN(3) == 0 {
			out[i].Event.Date = pub
		}
	}
	return out
}

// TestOrderIndependent is the property test: many shuffles and batchings
// of one set of mentions give the same canonical events as one batch, and
// applying each Add's Delta to a copy reproduces Events.
func TestOrderIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 20 {
		ms := randomMentions(rng, 300, round%2 == 0)
		// A mention repeated within the set must not matter either.
		ms = append(ms, ms[:10]...)
		want, err := Merge(DefaultConfig(), ms)
		if err != nil {
			t.Fatal(err)
		}
		if round < 2 {
			t.Logf("%d mentions → %d canonical events", len(ms), len(want))
		}
		for shuffle := range 25 {
			rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
			m, err := New(DefaultConfig())
			if err != nil {
				t.Fatal(err)
			}
			mirror := map[string]Event{}
			for rest := ms; len(rest) > 0; {
				k := min(len(rest), 1+rng.IntN(12))
				d, err := m.Add(rest[:k]...)
				if err != nil {
					t.Fatal(err)
				}
				for _, id := range d.Removed {
					delete(mirror, id)
				}
				for _, ev := range d.Upserted {
					mirror[ev.ID] = ev
				}
				rest = rest[k:]
			}
			got := m.Events()
			// reflect.DeepEqual first: cmp.Diff is slow and only needed
			// to explain a failure.
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("round %d shuffle %d: events differ from the batch merge (-batch +incremental):\n%s", round, shuffle, cmp.Diff(want, got))
			}
			checkDeltas(t, round, shuffle, got, mirror)
		}
	}
}

func checkDeltas(t *testing.T, round, shuffle int, got []Event, mirror map[string]Event) {
	t.Helper()
	fromDeltas := make([]Event, 0, len(mirror))
	for _, ev := range mirror {
		fromDeltas = append(fromDeltas, ev)
	}
	slices.SortFunc(fromDeltas, func(a, b Event) int { return strings.Compare(a.ID, b.ID) })
	byID := slices.Clone(got)
	slices.SortFunc(byID, func(a, b Event) int { return strings.Compare(a.ID, b.ID) })
	if !reflect.DeepEqual(byID, fromDeltas) {
		t.Fatalf("round %d shuffle %d: deltas do not add up to Events (-events +deltas):\n%s", round, shuffle, cmp.Diff(byID, fromDeltas))
	}
}

func benchMentions(n int, ordered bool) [][]Mention {
	rng := rand.New(rand.NewPCG(5, 6))
	actors := []article.Actor{idn, vnm, rus, ukr,
		country("USA", "USAGOV", "Amerika Serikat"), country("CHN", "CHNGOV", "Tiongkok"),
		country("JPN", "JPNGOV", "Jepang"), country("AUS", "AUSGOV", "Australia")}
	codes := []string{"010", "020", "036", "040", "042", "043", "057", "061", "112", "120", "163", "190"}
	var articles [][]Mention
	for doc := 0; len(articles)*8 < n; doc++ {
		day := rng.IntN(365)
		if ordered {
			day = doc * 365 / (n / 8)
		}
		pub := time.Date(2024, 1, 1+day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		var ms []Mention
		for j := range 8 {
			s, t := actors[rng.IntN(len(actors))], actors[rng.IntN(len(actors))]
			ms = append(ms, mention(fmt.Sprintf("doc%06d", doc), fmt.Sprintf("outlet%d.id", rng.IntN(20)), pub, pub, s, t, codes[rng.IntN(len(codes))], j*100))
		}
		articles = append(articles, ms)
	}
	return articles
}

// BenchmarkAdd merges 100,000 mentions, an article (8 mentions) per Add,
// in random date order and in publication order.
func BenchmarkAdd(b *testing.B) {
	for _, ordered := range []bool{false, true} {
		b.Run(fmt.Sprintf("ordered=%v", ordered), func(b *testing.B) {
			arts := benchMentions(100000, ordered)
			var events int
			for b.Loop() {
				m, _ := New(DefaultConfig())
				for _, ms := range arts {
					if _, err := m.Add(ms...); err != nil {
						b.Fatal(err)
					}
				}
				events = m.Len()
			}
			b.ReportMetric(float64(b.N*len(arts)*8)/b.Elapsed().Seconds(), "mentions/s")
			b.ReportMetric(float64(events), "events")
		})
	}
}

// said builds a fixture mention with its sentence.
func said(doc, outlet, pub, date string, src, tgt article.Actor, code string, start int, sentence string) Mention {
	m := mention(doc, outlet, pub, date, src, tgt, code, start)
	m.Event.Sentence = sentence
	return m
}

var (
	irn    = country("IRN", "IRNGOV", "Iran")
	usa    = country("USA", "USAGOV", "Amerika Serikat")
	houthi = article.Actor{Name: "Houthi", Code: "YEMREB"}
	sau    = country("SAU", "SAUGOV", "Arab Saudi")
	gbr    = country("GBR", "GBRGOV", "Inggris")
	eu     = article.Actor{Name: "Uni Eropa", Code: "IGOEU", Org: ptr("EU")}
)

func TestMergeRules(t *testing.T) {
	tests := []struct {
		name string
		in   []Mention
		want []summary
	}{
		{
			// Iran rejects the accusation (120) and refuses talks (125)
			// on one day: two statements, two events.
			name: "different codes of one root on one day stay apart",
			in: []Mention{
				said("d1", "a.id", "2024-09-16", "2024-09-16", irn, usa, "120", 0, "Iran menolak tuduhan AS soal rudal."),
				said("d2", "b.id", "2024-09-16", "2024-09-16", irn, usa, "120", 0, "Teheran menolak tuduhan Washington soal rudal."),
				said("d3", "c.id", "2024-09-16", "2024-09-16", irn, usa, "125", 0, "Iran tidak akan berunding dengan AS."),
			},
			want: []summary{
				{"120", "2024-09-16", "2024-09-16", 2, 2, 2, "IRNGOV", "USAGOV", "2024-09-16", "2024-09-16", false, "https://b.id/d2"},
				{"125", "2024-09-16", "2024-09-16", 1, 1, 1, "IRNGOV", "USAGOV", "2024-09-16", "2024-09-16", false, "https://c.id/d3"},
			},
		},
		{
			name: "four-digit codes merge on their three digits; the attack family on any code",
			in: []Mention{
				mention("d1", "a.id", "2024-09-10", "2024-09-10", irn, usa, "1121", 0),
				mention("d2", "b.id", "2024-09-10", "2024-09-10", irn, usa, "112", 0),
				mention("d3", "a.id", "2024-09-10", "2024-09-10", houthi, sau, "1823", 0),
				mention("d4", "b.id", "2024-09-10", "2024-09-10", houthi, sau, "195", 0),
			},
			want: []summary{
				{"1121", "2024-09-10", "2024-09-10", 2, 2, 2, "IRNGOV", "USAGOV", "2024-09-10", "2024-09-10", false, "https://a.id/d1"},
				{"1823", "2024-09-10", "2024-09-10", 2, 2, 2, "YEMREB", "SAUGOV", "2024-09-10", "2024-09-10", false, "https://b.id/d4"},
			},
		},
		{
			// The attack is dated in the first report; later articles
			// mention it in the background with only their own date.
			name: "background mentions join the earlier attack within the lookback",
			in: []Mention{
				said("d1", "a.id", "2024-09-14", "2024-09-14", houthi, sau, "190", 0, "Houthi menyerang kilang minyak Saudi pada Sabtu (14/9)."),
				said("d2", "b.id", "2024-09-17", "2024-09-17", houthi, sau, "190", 0, "Houthi telah mengklaim bertanggung jawab atas serangan itu."),
				said("d3", "c.id", "2024-09-25", "2024-09-25", houthi, sau, "195", 0, "Sebelumnya, Houthi menyerang fasilitas Aramco."),
				// Beyond the lookback: a background mention of its own.
				said("d4", "a.id", "2024-10-20", "2024-10-20", houthi, sau, "190", 0, "Houthi sudah menyerang Saudi."),
				// Not background: a new attack.
				said("d5", "b.id", "2024-09-20", "2024-09-20", houthi, sau, "190", 0, "Houthi menyerang bandara Abha."),
			},
			want: []summary{
				{"190", "2024-09-14", "2024-09-14", 2, 2, 2, "YEMREB", "SAUGOV", "2024-09-14", "2024-09-17", false, "https://a.id/d1"},
				// d3 joins the latest earlier attack; 190 and 195 once
				// each, 195 is the more specific.
				{"195", "2024-09-20", "2024-09-20", 2, 2, 2, "YEMREB", "SAUGOV", "2024-09-20", "2024-09-25", false, "https://b.id/d5"},
				{"190", "2024-10-20", "2024-10-20", 1, 1, 1, "YEMREB", "SAUGOV", "2024-10-20", "2024-10-20", false, "https://a.id/d4"},
			},
		},
		{
			name: "background mentions with no earlier event join each other over the lookback",
			in: []Mention{
				said("d1", "a.id", "2024-09-16", "2024-09-16", houthi, sau, "190", 0, "Houthi mengaku bertanggung jawab atas serangan tersebut."),
				said("d2", "b.id", "2024-09-19", "2024-09-19", houthi, sau, "190", 0, "Houthi telah menyerang kilang Aramco."),
			},
			want: []summary{
				{"190", "2024-09-16", "2024-09-19", 2, 2, 2, "YEMREB", "SAUGOV", "2024-09-16", "2024-09-19", false, "https://a.id/d1"},
			},
		},
		{
			name: "a statement's lookback is short",
			in: []Mention{
				said("d1", "a.id", "2024-09-10", "2024-09-10", irn, usa, "120", 0, "Iran menolak tuduhan AS soal rudal."),
				said("d2", "b.id", "2024-09-12", "2024-09-12", irn, usa, "120", 0, "Iran telah menolak tuduhan AS."),
				said("d3", "c.id", "2024-09-20", "2024-09-20", irn, usa, "120", 0, "Iran sebelumnya menolak tuduhan AS."),
			},
			want: []summary{
				{"120", "2024-09-10", "2024-09-10", 2, 2, 2, "IRNGOV", "USAGOV", "2024-09-10", "2024-09-12", false, "https://a.id/d1"},
				{"120", "2024-09-20", "2024-09-20", 1, 1, 1, "IRNGOV", "USAGOV", "2024-09-20", "2024-09-20", false, "https://c.id/d3"},
			},
		},
		{
			// Iran rejects the accusation over the attack, and on the
			// next day Iran rejects a US proposal for talks: one code and
			// nearby days, but other words.
			name: "statements merge only when their sentences are similar",
			in: []Mention{
				said("d1", "a.id", "2024-09-16", "2024-09-16", irn, usa, "120", 0, "Iran menolak tuduhan AS soal serangan kilang Aramco."),
				said("d2", "b.id", "2024-09-16", "2024-09-16", irn, usa, "120", 0, "Teheran menolak tuduhan Washington atas serangan kilang Aramco."),
				said("d3", "c.id", "2024-09-17", "2024-09-17", irn, usa, "120", 0, "Iran menolak proposal perundingan nuklir baru dari Washington."),
			},
			want: []summary{
				{"120", "2024-09-16", "2024-09-16", 2, 2, 2, "IRNGOV", "USAGOV", "2024-09-16", "2024-09-16", false, "https://b.id/d2"},
				{"120", "2024-09-17", "2024-09-17", 1, 1, 1, "IRNGOV", "USAGOV", "2024-09-17", "2024-09-17", false, "https://c.id/d3"},
			},
		},
		{
			// Two reports of one meeting on its day merge however they
			// word it; a meeting three days later in other words is
			// another, one in the same words the same.
			name: "meetings merge on one date or on similar sentences",
			in: []Mention{
				said("d1", "a.id", "2024-09-10", "2024-09-10", idn, vnm, "040", 0, "Jokowi bertemu Presiden Vietnam di Istana Bogor membahas perdagangan beras."),
				said("d2", "b.id", "2024-09-10", "2024-09-10", idn, vnm, "042", 0, "Kunjungan kenegaraan ke Indonesia berlangsung hangat."),
				said("d3", "c.id", "2024-09-13", "2024-09-13", idn, vnm, "040", 0, "Menlu Retno menerima Menlu Vietnam di Jakarta soal Laut China Selatan."),
				said("d4", "d.id", "2024-09-12", "2024-09-12", idn, vnm, "040", 0, "Pertemuan Jokowi dan Presiden Vietnam di Istana Bogor menyepakati perdagangan beras."),
			},
			want: []summary{
				{"040", "2024-09-10", "2024-09-12", 3, 3, 3, "IDNGOV", "VNMGOV", "2024-09-10", "2024-09-12", false, "https://b.id/d2"},
				{"040", "2024-09-13", "2024-09-13", 1, 1, 1, "IDNGOV", "VNMGOV", "2024-09-13", "2024-09-13", false, "https://c.id/d3"},
			},
		},
		{
			name: "a sentence on something else that the coder read as a meeting does not join on the date",
			in: []Mention{
				said("d1", "a.id", "2024-09-10", "2024-09-10", idn, vnm, "040", 0, "Jokowi bertemu Presiden Vietnam di Istana Bogor membahas perdagangan beras."),
				said("d2", "b.id", "2024-09-10", "2024-09-10", idn, vnm, "043", 0, "Mahasiswa Indonesia membuka lokakarya jamu tradisional di Hanoi."),
			},
			want: []summary{
				{"040", "2024-09-10", "2024-09-10", 1, 1, 1, "IDNGOV", "VNMGOV", "2024-09-10", "2024-09-10", false, "https://a.id/d1"},
				{"043", "2024-09-10", "2024-09-10", 1, 1, 1, "IDNGOV", "VNMGOV", "2024-09-10", "2024-09-10", false, "https://b.id/d2"},
			},
		},
		{
			// A match retold in the background of two articles of one
			// day: the stray background sentence of the second article
			// (another meeting) shares only that publication date with
			// the first background mention, no real date, and stays out.
			name: "a background mention does not join on another background mention's publication date",
			in: []Mention{
				said("d1", "a.id", "2024-09-05", "2024-09-05", idn, vnm, "043", 0, "Indonesia menjamu Vietnam di stadion pada Kamis (5/9)."),
				said("d2", "b.id", "2024-09-10", "2024-09-10", idn, vnm, "043", 0, "Seperti saat Indonesia menjamu Vietnam, yang saat itu stadion penuh."),
				said("d3", "c.id", "2024-09-10", "2024-09-10", idn, vnm, "040", 0, "Sebelumnya, pendiri perusahaan rintisan sudah bertemu menteri perhubungan Vietnam."),
			},
			want: []summary{
				{"043", "2024-09-05", "2024-09-05", 2, 2, 2, "IDNGOV", "VNMGOV", "2024-09-05", "2024-09-10", false, "https://a.id/d1"},
				{"040", "2024-09-10", "2024-09-10", 1, 1, 1, "IDNGOV", "VNMGOV", "2024-09-10", "2024-09-10", false, "https://c.id/d3"},
			},
		},
		{
			// A phone call coded 041 by one outlet and 040 by another;
			// occupying territory (192) is not an airstrike (190).
			name: "041 merges with consultations; 192 stays apart from strikes",
			in: []Mention{
				said("d1", "a.id", "2024-09-15", "2024-09-15", usa, sau, "041", 0, "Dalam percakapan telepon MBS siap dibantu Washington."),
				// "pasca" makes this one background: it still joins the
				// call of its date, however dissimilar.
				said("d2", "b.id", "2024-09-15", "2024-09-15", usa, sau, "040", 0, "Trump melakukan pembicaraan dengan Putra Mahkota pasca serangan kilang."),
				mention("d3", "a.id", "2024-09-15", "2024-09-15", houthi, sau, "190", 0),
				mention("d4", "b.id", "2024-09-15", "2024-09-15", houthi, sau, "192", 0),
			},
			want: []summary{
				{"041", "2024-09-15", "2024-09-15", 2, 2, 2, "USAGOV", "SAUGOV", "2024-09-15", "2024-09-15", false, "https://b.id/d2"},
				{"190", "2024-09-15", "2024-09-15", 1, 1, 1, "YEMREB", "SAUGOV", "2024-09-15", "2024-09-15", false, "https://a.id/d3"},
				{"192", "2024-09-15", "2024-09-15", 1, 1, 1, "YEMREB", "SAUGOV", "2024-09-15", "2024-09-15", false, "https://b.id/d4"},
			},
		},
		{
			// A later article retells the attack without "telah": dated
			// only by its publication, it reads as news of the day, but
			// its words are the first report's. A new attack in other
			// words stays apart.
			name: "a current mention very similar to an earlier event joins it within the lookback",
			in: []Mention{
				said("d1", "a.id", "2024-09-14", "2024-09-14", houthi, sau, "195", 0, "Drone Houthi menyerang kilang minyak Aramco di Abqaiq dan Khurais pada Sabtu (14/9)."),
				said("d2", "b.id", "2024-09-18", "2024-09-18", houthi, sau, "190", 0, "Houthi menyerang kilang minyak Aramco di Abqaiq dan Khurais dengan drone."),
				said("d3", "c.id", "2024-09-18", "2024-09-18", houthi, sau, "190", 0, "Houthi menembakkan rudal ke bandara Jizan."),
			},
			want: []summary{
				{"195", "2024-09-14", "2024-09-18", 2, 2, 2, "YEMREB", "SAUGOV", "2024-09-14", "2024-09-18", false, "https://a.id/d1"},
				{"190", "2024-09-18", "2024-09-18", 1, 1, 1, "YEMREB", "SAUGOV", "2024-09-18", "2024-09-18", false, "https://c.id/d3"},
			},
		},
		{
			// An article's headline and lede report one condemnation in
			// other words; another article in the lede's words takes the
			// headline along. A like-worded report beyond the lookback is
			// another event.
			name: "an article's mentions of one key and day move together",
			in: []Mention{
				said("d1", "a.id", "2019-09-10", "2019-09-10", irn, usa, "111", 0, "Canberra Kecam Pyongyang"),
				said("d1", "a.id", "2019-09-10", "2019-09-10", irn, usa, "111", 100, "Iran mengecam uji coba rudal balistik Amerika di Pasifik."),
				said("d2", "b.id", "2019-09-10", "2019-09-10", irn, usa, "111", 0, "Iran mengecam uji coba rudal balistik Amerika."),
				said("d3", "c.id", "2019-09-19", "2019-09-19", irn, usa, "111", 0, "Iran mengecam uji coba rudal balistik Amerika di Pasifik."),
			},
			want: []summary{
				{"111", "2019-09-10", "2019-09-10", 3, 2, 2, "IRNGOV", "USAGOV", "2019-09-10", "2019-09-10", false, "https://b.id/d2"},
				{"111", "2019-09-19", "2019-09-19", 1, 1, 1, "IRNGOV", "USAGOV", "2019-09-19", "2019-09-19", false, "https://c.id/d3"},
			},
		},
		{
			// A meeting retold in the same words within JoinDays joins it;
			// the same words 14 days on (within the visit lookback) are
			// a new meeting.
			name: "a like-worded current mention joins only within JoinDays",
			in: []Mention{
				said("d1", "a.id", "2019-10-07", "2019-10-07", idn, rus, "042", 0, "Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Rusia di Moskow"),
				said("d2", "b.id", "2019-10-12", "2019-10-12", idn, rus, "042", 0, "Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Rusia di Moskow"),
				said("d3", "c.id", "2019-10-21", "2019-10-21", idn, rus, "042", 0, "Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Rusia di Moskow"),
			},
			want: []summary{
				{"042", "2019-10-07", "2019-10-12", 2, 2, 2, "IDNGOV", "RUSGOV", "2019-10-07", "2019-10-12", false, "https://a.id/d1"},
				{"042", "2019-10-21", "2019-10-21", 1, 1, 1, "IDNGOV", "RUSGOV", "2019-10-21", "2019-10-21", false, "https://c.id/d3"},
			},
		},
		{
			// The 2016 referendum and a June shooting are not news of
			// the publication day: undated events of their own.
			name: "a sentence naming an earlier year or month stays undated",
			in: []Mention{
				said("d1", "a.id", "2019-09-16", "2019-09-16", gbr, eu, "166", 0, "Lewat referendum tahun 2016, rakyat Inggris memilih meninggalkan Uni Eropa."),
				said("d2", "b.id", "2019-09-16", "2019-09-16", gbr, eu, "166", 0, "Inggris keluar dari Uni Eropa tanpa kesepakatan."),
				said("d3", "c.id", "2019-09-16", "2019-10-31", gbr, eu, "166", 0, "Inggris akan keluar dari Uni Eropa pada 31 Oktober 2019."),
				said("d4", "a.id", "2019-09-15", "2019-09-15", irn, usa, "193", 0, "Pada bulan Juni, Iran menembak jatuh drone AS."),
				said("d5", "b.id", "2019-09-15", "2019-09-15", irn, usa, "190", 0, "Iran siap menyerang pangkalan AS."),
			},
			want: []summary{
				{"166", "", "", 1, 1, 1, "GBRGOV", "IGOEU", "2019-09-16", "2019-09-16", false, "https://a.id/d1"},
				{"193", "", "", 1, 1, 1, "IRNGOV", "USAGOV", "2019-09-15", "2019-09-15", false, "https://a.id/d4"},
				{"190", "2019-09-15", "2019-09-15", 1, 1, 1, "IRNGOV", "USAGOV", "2019-09-15", "2019-09-15", false, "https://b.id/d5"},
				{"166", "2019-09-16", "2019-09-16", 1, 1, 1, "GBRGOV", "IGOEU", "2019-09-16", "2019-09-16", false, "https://b.id/d2"},
				{"166", "2019-10-31", "2019-10-31", 1, 1, 1, "GBRGOV", "IGOEU", "2019-09-16", "2019-09-16", false, "https://c.id/d3"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Merge(DefaultConfig(), tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarise(got)); diff != "" {
				t.Errorf("Merge (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTimingOf(t *testing.T) {
	const pub = "2019-09-16"
	cues, err := compileCues(DefaultCues())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		sentence, date string
		want           timing
	}{
		{"", pub, dated},
		{"Houthi menyerang kilang minyak.", "2019-09-14", dated},
		{"Houthi menyerang kilang minyak pada Sabtu (14/9/2019).", pub, dated},
		{"Serangan terjadi Senin, 16 September.", pub, dated},
		{"Iran membantah tuduhan itu hari ini.", pub, dated},
		{"Houthi menyerang kilang minyak Saudi.", pub, current},
		{"Trump akan bertemu Rouhani di New York.", pub, current},
		{"Houthi telah mengklaim serangan itu.", pub, background},
		{"Sebelumnya diwartakan, Trump membuka kemungkinan melonggarkan sanksi.", pub, background},
		{"Draft itu disepakati di Doha beberapa waktu lalu.", pub, elsewhen},
		{"Hamza tewas dalam serangan udara beberapa bulan lalu.", pub, elsewhen},
		{"Kedua pemimpin bertemu di Hanoi tahun lalu.", pub, elsewhen},
		{"Kapal itu disita dua bulan silam.", pub, elsewhen},
		{"The deal was reached some time ago.", pub, elsewhen},
		{"Houthi menyerang kilang itu pekan lalu.", pub, ago},
		{"Netanyahu berjanji mencaplok Lembah Yordan yang diduduki Israel pada tahun 1967.", pub, current},
		{"Netanyahu berjanji mencaplok lembah yang diduduki pada 1967, kata Erekat pada 2018.", pub, elsewhen},
		{"Iran bertanggung jawab atas serangan ini.", pub, background},
		{"The strike had disrupted exports.", pub, background},
		{"Lalu Trump menelepon Netanyahu.", pub, current},
		{"Israel menduduki Tepi Barat dalam perang Timur Tengah 1967.", pub, elsewhen},
		{"Pada bulan Juni, Iran menembak jatuh drone AS.", pub, elsewhen},
		{"Pelantikan digelar pada Oktober 2019.", pub, current},
		{"Sanksi baru berlaku pada 2020.", pub, current},
		{"Presiden 73 tahun itu menolak.", pub, current},
	} {
		if got := timingOf(tt.sentence, tt.date, pub, cues); got != tt.want {
			t.Errorf("timingOf(%q, %s) = %d, want %d", tt.sentence, tt.date, got, tt.want)
		}
	}
}
