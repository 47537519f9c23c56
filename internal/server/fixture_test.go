package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/pipeline"
	"github.com/warta-dev/warta/internal/stage/clean"
	"github.com/warta-dev/warta/internal/stage/lang"
	"github.com/warta-dev/warta/internal/stage/meta"
	"github.com/warta-dev/warta/internal/stage/sentence"
	"github.com/warta-dev/warta/internal/store"
	"github.com/warta-dev/warta/internal/store/sqlite"
)

// The fixture: a real SQLite database holding the testdata articles run
// through the real pipeline, and hand-made articles with entities, events,
// facts and quotes so that every page has something to show. All of it is
// fictional.

// xssTitle and xssBody are injected through an article and must come out
// escaped everywhere.
const (
	xssTitle = `<script>alert("xss-title")</script> Uji keamanan`
	xssBody  = `<script>alert('xss-body')</script>`
	xssName  = `<img src=x onerror=alert("xss-name")>`
)

// fixture is the database tests run against, with handles on its articles.
type fixture struct {
	st      store.Store
	path    string
	pltn    *article.Article // Rusia–Kazakhstan, with quote and fact
	xss     *article.Article
	docs    int
	ingests int // articles stored through the pipeline
}

// builder makes an article whose offsets are found in its text.
type builder struct {
	a *article.Article
}

func newDoc(title, published, text string) *builder {
	a := article.New()
	a.Doc.Text = text
	a.Doc.ID = article.HashText(text)
	a.Doc.Title = title
	a.Doc.Source = "fixture/" + a.Doc.ID[:8] + ".txt"
	a.Doc.Outlet = "Kabar Fiktif"
	a.Doc.URL = "https://example.org/berita/" + a.Doc.ID[:8]
	a.Doc.Language = "id"
	if published != "" {
		t, err := time.Parse(time.DateOnly, published)
		if err != nil {
			panic(err)
		}
		a.Doc.Published = article.Published{Time: t}
	}
	return &builder{a: a}
}

// span finds s in the text: its byte offsets.
func (b *builder) span(s string) (int, int) {
	i := strings.Index(b.a.Doc.Text, s)
	if i < 0 {
		panic(fmt.Sprintf("fixture: %q not in text", s))
	}
	return i, i + len(s)
}

func ptr(s string) *string { return &s }

// entity adds an entity with a mention of each of the given strings.
func (b *builder) entity(id, name, typ, country, org string, mentions ...string) *builder {
	e := article.Entity{ID: id, Name: name, Type: typ, Aliases: []string{}, Mentions: []article.Mention{}}
	if country != "" {
		e.Country = ptr(country)
	}
	if org != "" {
		e.Org = ptr(org)
	}
	for _, m := range mentions {
		s, end := b.span(m)
		e.Mentions = append(e.Mentions, article.Mention{Text: m, Start: s, End: end})
	}
	b.a.Entities = append(b.a.Entities, e)
	return b
}

// side is an event side for an actor key; people get their own entity.
func side(key, name, entity string) article.Actor {
	a := article.Actor{Name: name, Code: key, Entity: entity}
	if len(key) == 3 {
		a.Country = ptr(key)
		if entity == "" {
			a.Entity = "country:" + key
		}
	} else {
		a.Org = ptr(key)
		a.Code = "IGO" + key
		if entity == "" {
			a.Entity = "org:" + strings.ToLower(key)
		}
	}
	return a
}

// event adds an event coded on the sentence containing sentence.
func (b *builder) event(date string, src, tgt article.Actor, cameo string, quad int, g float64, modality, sentence string, sectors ...string) *builder {
	s, e := b.span(sentence)
	plover := map[int]string{1: "CONSULT", 2: "COOPERATE", 3: "DISAPPROVE", 4: "COERCE"}[quad]
	b.a.Events = append(b.a.Events, article.Event{Date: date, Source: src, Target: tgt, CAMEO: cameo, Root: cameo[:2],
		QuadClass: quad, Goldstein: g, PLOVER: plover, Modality: modality, Sectors: sectors,
		Trigger: strings.Fields(sentence)[1], Sentence: sentence, Start: s, End: e, Confidence: 0.8})
	return b
}

func (b *builder) fact(value float64, unit, text, measure, period string, actors ...string) *builder {
	s, e := b.span(text)
	f := article.Fact{Value: value, Text: text, Measure: measure, Period: period, Actors: actors, Start: s, End: e}
	if unit != "" {
		f.Unit = ptr(unit)
	}
	b.a.Facts = append(b.a.Facts, f)
	return b
}

func (b *builder) quote(speaker, text string) *builder {
	s, e := b.span(text)
	b.a.Quotes = append(b.a.Quotes, article.Quote{Speaker: speaker, Text: text, Start: s, End: e})
	return b
}

func (b *builder) sector(name string, w float64) *builder {
	b.a.Sectors = append(b.a.Sectors, article.Sector{Name: name, Weight: w})
	return b
}

// handMade returns the hand-made articles: a few written out, the rest
// generated over two years between a dozen actors.
func handMade() (pltn, xss *article.Article, all []*article.Article) {
	text := "Presiden Rusia Vladimir Putin menyatakan siap membantu Kazakhstan membangun pembangkit listrik tenaga nuklir pertama. " +
		"Putin bertemu Presiden Kazakhstan Kassym-Jomart Tokayev di Astana pada Rabu. " +
		"\"Kami siap bekerja sama dalam proyek energi jangka panjang,\" kata Putin. " +
		"Perdagangan kedua negara mencapai 28 miliar dolar AS pada 2023. " +
		"Kazakhstan menolak usulan Rusia soal bea transit gas."
	p := newDoc("Putin siap bantu Kazakhstan bangun PLTN", "2024-11-27", text).
		entity("person:vladimir-putin", "Vladimir Putin", "PERSON", "RUS", "", "Presiden Rusia Vladimir Putin", "Putin bertemu").
		entity("country:KAZ", "Kazakhstan", "COUNTRY", "KAZ", "", "Kazakhstan membangun").
		entity("person:kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "PERSON", "KAZ", "", "Kassym-Jomart Tokayev").
		entity("country:RUS", "Rusia", "COUNTRY", "RUS", "", "usulan Rusia").
		event("2024-11-27", side("RUS", "Vladimir Putin", "person:vladimir-putin"), side("KAZ", "Kazakhstan", ""), "036", 1, 4, "planned",
			"Presiden Rusia Vladimir Putin menyatakan siap membantu Kazakhstan membangun pembangkit listrik tenaga nuklir pertama.", "nuclear", "energy").
		event("2024-11-27", side("RUS", "Vladimir Putin", "person:vladimir-putin"), side("KAZ", "Kassym-Jomart Tokayev", "person:kassym-jomart-tokayev"), "040", 1, 1, "asserted",
			"Putin bertemu Presiden Kazakhstan Kassym-Jomart Tokayev di Astana pada Rabu.").
		event("2024-11-27", side("KAZ", "Kazakhstan", ""), side("RUS", "Rusia", ""), "125", 3, -5, "asserted",
			"Kazakhstan menolak usulan Rusia soal bea transit gas.", "energy").
		fact(28e9, "USD", "28 miliar dolar AS", "trade turnover", "2023", "RUS", "KAZ").
		quote("person:vladimir-putin", "Kami siap bekerja sama dalam proyek energi jangka panjang,").
		sector("energy", 0.6).sector("nuclear", 0.3)
	pltn = p.a

	xtext := "Ini artikel uji. " + xssBody + " Indonesia mengecam serangan siber terhadap situs kementerian. " +
		"Juru bicara berkata \"" + xssBody + " tidak akan dibiarkan\" kepada wartawan."
	x := newDoc(xssTitle, "2024-08-15", xtext).
		entity("person:"+"uji-xss", xssName, "PERSON", "IDN", "", "Juru bicara").
		entity("country:IDN", "Indonesia", "COUNTRY", "IDN", "", "Indonesia mengecam").
		event("2024-08-15", side("IDN", "Indonesia", ""), side("AUS", "Australia", ""), "111", 3, -2, "asserted",
			"Indonesia mengecam serangan siber terhadap situs kementerian.", "cyber").
		quote("person:uji-xss", xssBody+" tidak akan dibiarkan").
		fact(1, "", "artikel uji", "<b>ukuran</b>", "2024")
	x.a.Doc.Author = `<script>alert("xss-author")</script>`
	x.a.Doc.URL = `javascript:alert("xss-url")`
	xss = x.a

	all = append(all, pltn, xss)
	all = append(all, generated()...)
	return pltn, xss, all
}

// generated returns articles with events spread over 2023 and 2024, so
// that charts have a shape and the network a structure.
func generated() []*article.Article {
	type actor struct{ key, name string }
	actors := []actor{{"RUS", "Rusia"}, {"KAZ", "Kazakhstan"}, {"IDN", "Indonesia"}, {"AUS", "Australia"},
		{"CHN", "Tiongkok"}, {"PHL", "Filipina"}, {"USA", "Amerika Serikat"}, {"JPN", "Jepang"},
		{"ASEAN", "ASEAN"}, {"MMR", "Myanmar"}, {"MYS", "Malaysia"}, {"IND", "India"}}
	// Pairs that often meet, with how friendly they are.
	pairs := []struct {
		a, b int
		coop bool
	}{{0, 1, true}, {2, 3, true}, {4, 5, false}, {6, 4, false}, {7, 5, true}, {8, 9, false},
		{2, 10, true}, {2, 4, true}, {6, 5, true}, {0, 6, false}, {11, 2, true}, {8, 2, true}, {4, 11, false}}
	type code struct {
		cameo, verb, sector string
		quad                int
		g                   float64
	}
	coop := []code{{"036", "siap bekerja sama dengan", "trade", 1, 4}, {"057", "menandatangani perjanjian dengan", "energy", 2, 8},
		{"042", "mengunjungi", "", 1, 1.9}, {"061", "memperluas kerja sama ekonomi dengan", "trade", 2, 6.4}}
	conf := []code{{"111", "mengkritik", "defence", 3, -2}, {"130", "mengancam", "defence", 3, -4.4},
		{"163", "menjatuhkan sanksi terhadap", "trade", 4, -8}, {"125", "menolak usulan", "", 3, -5}}
	var out []*article.Article
	for i := range 72 {
		p := pairs[i%len(pairs)]
		month := time.Date(2023, time.Month(1+(i*7)%24), 1+(i*5)%27, 0, 0, 0, 0, time.UTC)
		date := month.Format(time.DateOnly)
		codes := coop
		if !p.coop && i%4 != 0 || p.coop && i%5 == 0 {
			codes = conf
		}
		c := codes[i%len(codes)]
		a, b := actors[p.a], actors[p.b]
		if i%2 == 1 {
			a, b = b, a
		}
		s1 := fmt.Sprintf("Pemerintah %s %s %s dalam pertemuan ke-%d.", a.name, c.verb, b.name, i+1)
		s2 := fmt.Sprintf("Pejabat %s menyebut langkah itu berdampak pada sektor %s.", b.name, cmp.Or(c.sector, "umum"))
		if i%6 == 0 {
			s2 = fmt.Sprintf("Pejabat %s menyebut nilai kesepakatan mencapai %d juta dolar AS.", b.name, 100+i)
		}
		title := fmt.Sprintf("%s %s %s", a.name, c.verb, b.name)
		bd := newDoc(strings.ToUpper(title[:1])+title[1:], date, s1+" "+s2)
		typ := func(k string) string {
			if len(k) == 3 {
				return "COUNTRY"
			}
			return "ORG"
		}
		ent := func(x actor) string {
			if len(x.key) == 3 {
				return "country:" + x.key
			}
			return "org:" + strings.ToLower(x.key)
		}
		cty := func(x actor) (string, string) {
			if len(x.key) == 3 {
				return x.key, ""
			}
			return "", x.key
		}
		ca, oa := cty(a)
		cb, ob := cty(b)
		bd.entity(ent(a), a.name, typ(a.key), ca, oa, "Pemerintah "+a.name)
		bd.entity(ent(b), b.name, typ(b.key), cb, ob, "Pejabat "+b.name)
		var sectors []string
		if c.sector != "" {
			sectors = []string{c.sector}
			bd.sector(c.sector, 0.5)
		}
		modality := []string{"asserted", "asserted", "planned", "negated"}[i%4]
		bd.event(date, side(a.key, a.name, ""), side(b.key, b.name, ""), c.cameo, c.quad, c.g, modality, s1, sectors...)
		if i%5 == 0 && i%6 != 0 {
			bd.quote(ent(b), fmt.Sprintf("menyebut langkah itu berdampak pada sektor %s", cmp.Or(c.sector, "umum")))
		}
		if i%6 == 0 {
			bd.fact(float64(100+i)*1e6, "USD", fmt.Sprintf("%d juta dolar AS", 100+i), "trade turnover", date[:4], a.key, b.key)
		}
		out = append(out, bd.a)
	}
	return out
}

// textPipeline is the pipeline without its extraction stages.
func textPipeline(st store.Store) (*pipeline.Pipeline, error) {
	c, err := clean.New()
	if err != nil {
		return nil, err
	}
	m, err := meta.New()
	if err != nil {
		return nil, err
	}
	l, err := lang.New()
	if err != nil {
		return nil, err
	}
	s, err := sentence.New()
	if err != nil {
		return nil, err
	}
	return pipeline.New(pipeline.Stages{Clean: c, Meta: m, Lang: l, Sentences: s}, pipeline.Options{Seen: st.Has}), nil
}

// newFixture builds the database in a temporary directory.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "warta.db")
	st, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })

	f := &fixture{st: st, path: path}
	// Through the real pipeline.
	pipe, err := pipeline.Default(pipeline.Options{Seen: st.Has})
	if err != nil {
		// The extraction stages are being built by others and may be
		// broken for a while; the server's tests need the text stages.
		t.Logf("pipeline.Default: %v; ingesting with the text stages only", err)
		if pipe, err = textPipeline(st); err != nil {
			t.Fatalf("pipeline: %v", err)
		}
	}
	files, err := filepath.Glob("testdata/articles/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("fixture articles: %v (%d files)", err, len(files))
	}
	var ingested []*article.Article
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := pipe.Process(ctx, &article.Raw{Source: name, Kind: article.KindText, Content: string(b)})
		if err != nil && !errors.Is(err, pipeline.ErrSeen) {
			t.Fatalf("pipeline %s: %v", name, err)
		}
		ingested = append(ingested, a)
	}
	if _, err := st.Put(ctx, ingested); err != nil {
		t.Fatalf("put ingested: %v", err)
	}
	f.ingests = len(ingested)

	var all []*article.Article
	f.pltn, f.xss, all = handMade()
	if _, err := st.Put(ctx, all); err != nil {
		t.Fatalf("put hand-made: %v", err)
	}
	f.docs = f.ingests + len(all)
	return f
}
