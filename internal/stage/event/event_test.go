package event

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/golden"
	"github.com/warta-dev/warta/internal/goldtest"
	"github.com/warta-dev/warta/internal/stage/sentence"
)

// fixture is an entity of the hand-made test articles: its surface forms
// are found in the text to make its mentions, so that these tests do not
// depend on the entity stage.
type fixture struct {
	id, name, typ, country, org, role string
	forms                             []string
}

// fixtures are written for these tests (no news text).
var fixtures = []fixture{
	{"country:RUS", "Russia", "COUNTRY", "RUS", "", "", []string{"Rusia", "Russia"}},
	{"country:CHN", "China", "COUNTRY", "CHN", "", "", []string{"China", "Tiongkok"}},
	{"country:KAZ", "Kazakhstan", "COUNTRY", "KAZ", "", "", []string{"Kazakhstan"}},
	{"country:UKR", "Ukraine", "COUNTRY", "UKR", "", "", []string{"Ukraina", "Ukraine"}},
	{"country:IRN", "Iran", "COUNTRY", "IRN", "", "", []string{"Iran"}},
	{"country:USA", "United States", "COUNTRY", "USA", "", "", []string{"Amerika Serikat", "the United States", "United States", "AS"}},
	{"country:ISR", "Israel", "COUNTRY", "ISR", "", "", []string{"Israel", "Israeli"}},
	{"country:DEU", "Germany", "COUNTRY", "DEU", "", "", []string{"Jerman", "Germany"}},
	{"country:JPN", "Japan", "COUNTRY", "JPN", "", "", []string{"Jepang", "Japan"}},
	{"country:PSE", "Palestine", "COUNTRY", "PSE", "", "", []string{"Palestina", "Palestine"}},
	{"country:IDN", "Indonesia", "COUNTRY", "IDN", "", "", []string{"Indonesia"}},
	{"country:AUS", "Australia", "COUNTRY", "AUS", "", "", []string{"Australia"}},
	{"country:EGY", "Egypt", "COUNTRY", "EGY", "", "", []string{"Mesir", "Egypt"}},
	{"country:PRK", "North Korea", "COUNTRY", "PRK", "", "", []string{"Korea Utara", "North Korea"}},
	{"country:LBN", "Lebanon", "COUNTRY", "LBN", "", "", []string{"Lebanon"}},
	{"country:TUR", "Turkey", "COUNTRY", "TUR", "", "", []string{"Turki", "Turkey"}},
	{"country:KHM", "Cambodia", "COUNTRY", "KHM", "", "", []string{"Kamboja", "Cambodia"}},
	{"country:POL", "Poland", "COUNTRY", "POL", "", "", []string{"Polandia", "Poland"}},
	{"country:FRA", "France", "COUNTRY", "FRA", "", "", []string{"Prancis", "France"}},
	{"country:IND", "India", "COUNTRY", "IND", "", "", []string{"India"}},
	{"country:BRA", "Brazil", "COUNTRY", "BRA", "", "", []string{"Brazil"}},
	{"country:CHE", "Switzerland", "COUNTRY", "CHE", "", "", []string{"Switzerland"}},
	{"place:geneva", "Geneva", "PLACE", "CHE", "", "", []string{"Geneva"}},
	{"place:texas", "Texas", "PLACE", "USA", "", "region", []string{"Texas"}},
	{"place:astana", "Astana", "PLACE", "KAZ", "", "seat of government", []string{"Astana"}},
	{"place:moskow", "Moscow", "PLACE", "RUS", "", "seat of government", []string{"Moskow", "Moscow", "Kremlin"}},
	{"place:jakarta", "Jakarta", "PLACE", "IDN", "", "seat of government", []string{"Jakarta"}},
	{"place:bali", "Bali", "PLACE", "IDN", "", "", []string{"Bali"}},
	{"org:NATO", "NATO", "ORG", "", "NATO", "", []string{"NATO"}},
	{"org:EU", "European Union", "ORG", "", "EU", "", []string{"Uni Eropa", "the EU", "EU"}},
	{"org:HOUTHI", "Houthi", "ORG", "", "HOUTHI", "armed group", []string{"Houthi"}},
	{"org:TASS", "TASS", "ORG", "RUS", "", "state media", []string{"TASS"}},
	{"person:vladimir-putin", "Vladimir Putin", "PERSON", "RUS", "", "head of state", []string{"Presiden Rusia Vladimir Putin", "Vladimir Putin", "Putin"}},
	{"person:prabowo-subianto", "Prabowo Subianto", "PERSON", "IDN", "", "head of state", []string{"Prabowo"}},
	{"person:volodymyr-zelensky", "Volodymyr Zelensky", "PERSON", "UKR", "", "head of state", []string{"Presiden Ukraina Volodymyr Zelensky", "Zelensky"}},
	{"person:iran-president", "President of Iran", "PERSON", "IRN", "", "head of state", []string{"Presiden Iran"}},
}

// buildArticle makes an article of text with the fixture entities found in
// it and its sentences split as the pipeline does.
func buildArticle(t testing.TB, split *sentence.Splitter, lang, title, text string) *article.Article {
	t.Helper()
	a := article.New()
	a.Doc.Text, a.Doc.Title, a.Doc.Language = text, title, lang
	a.Doc.Published = article.Published{Time: time.Date(2024, 11, 28, 13, 5, 0, 0, time.FixedZone("WIB", 7*3600)), HasClock: true}
	a.Sentences = split.Split(text)
	a.Entities = findEntities(text)
	// As the entity stage does, an entity named only in the headline is
	// listed with no mentions.
	seen := map[string]bool{}
	for _, e := range a.Entities {
		seen[e.ID] = true
	}
	for _, e := range findEntities(title) {
		if !seen[e.ID] {
			e.Mentions = nil
			a.Entities = append(a.Entities, e)
		}
	}
	return a
}

// newStages returns the event stage and the sentence splitter that the
// tests code fixture articles with.
func newStages(t testing.TB) (*Stage, *sentence.Splitter) {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	split, err := sentence.New()
	if err != nil {
		t.Fatal(err)
	}
	return s, split
}

// findEntities finds the fixture entities in text, longest form first,
// without overlaps.
func findEntities(text string) []article.Entity {
	type hit struct {
		f          int
		start, end int
	}
	type form struct {
		f int
		s string
	}
	var forms []form
	for i, f := range fixtures {
		for _, s := range f.forms {
			forms = append(forms, form{i, s})
		}
	}
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i].s) > len(forms[j].s) })
	used := make([]bool, len(text))
	var hits []hit
	for _, fm := range forms {
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], fm.s)
			if i < 0 {
				break
			}
			i += from
			j := i + len(fm.s)
			from = i + 1
			if !edge(text, i, true) || !edge(text, j, false) {
				continue
			}
			free := true
			for k := i; k < j; k++ {
				if used[k] {
					free = false
					break
				}
			}
			if !free {
				continue
			}
			for k := i; k < j; k++ {
				used[k] = true
			}
			hits = append(hits, hit{fm.f, i, j})
		}
	}
	byFix := map[int]*article.Entity{}
	var order []int
	for _, h := range hits {
		e, ok := byFix[h.f]
		if !ok {
			f := fixtures[h.f]
			e = &article.Entity{ID: f.id, Name: f.name, Type: f.typ, Aliases: f.forms}
			if f.country != "" {
				e.Country = ptr(f.country)
			}
			if f.org != "" {
				e.Org = ptr(f.org)
			}
			if f.role != "" {
				e.Role = ptr(f.role)
			}
			byFix[h.f] = e
			order = append(order, h.f)
		}
		e.Mentions = append(e.Mentions, article.Mention{Text: text[h.start:h.end], Start: h.start, End: h.end})
	}
	sort.Ints(order)
	out := []article.Entity{}
	for _, f := range order {
		e := byFix[f]
		sort.Slice(e.Mentions, func(i, j int) bool { return e.Mentions[i].Start < e.Mentions[j].Start })
		out = append(out, *e)
	}
	return out
}

// cases are hand-made sentences, one article each, covering every root
// family in both languages, stemming, passives, nominalisations, reported
// speech, joint actors, modality, refusals, hypotheticals and dates. The
// articles are dated Thursday 28 November 2024.
var cases = []struct {
	name, lang, title, text string
}{
	{"id_01_empathy", "id", "", "Jepang mengucapkan belasungkawa kepada Turki atas gempa itu."},
	{"id_02_appeal", "id", "", "Indonesia mendesak Israel menghentikan operasi militernya."},
	{"id_03_intent_reported", "id", "", "\"Kami siap bertemu dengan Presiden Ukraina Volodymyr Zelensky,\" kata Putin."},
	{"id_03_promise_aid", "id", "", "China berjanji membantu Kamboja membangun pelabuhan."},
	{"id_04_nominal_visit", "id", "", "Kunjungan Putin ke Astana berlangsung hangat."},
	{"id_04_host_explicit_date", "id", "", "Pada 12 November 2024, Turki menerima kunjungan Presiden Iran di Ankara."},
	{"id_04_planned_next_week", "id", "", "Prabowo akan mengunjungi Moskow pekan depan."},
	{"id_05_joint_sign", "id", "", "Rusia dan China menandatangani perjanjian kerja sama energi."},
	{"id_05_nominal_between_yesterday", "id", "", "Penandatanganan nota kesepahaman antara Indonesia dan Rusia dilakukan kemarin."},
	{"id_05_passive_agents", "id", "", "Nota kesepahaman itu ditandatangani oleh Rusia dan Kazakhstan."},
	{"id_06_joint_exercise", "id", "", "Indonesia dan Australia menggelar latihan bersama di Bali."},
	{"id_07_aid_light_verb", "id", "", "Jepang memberikan bantuan kemanusiaan kepada Palestina."},
	{"id_11_criticise_west", "id", "", "Rusia mengkritik Barat karena sanksi baru."},
	{"id_11_raise_violations_people_of_place", "id", "", "Jepang mengangkat persoalan pelanggaran HAM terhadap warga Bali."},
	{"id_11_describe_like", "id", "", "Rusia menggambarkan Ukraina seperti monster."},
	{"id_04_place_is_no_actor", "id", "", "Wisatawan dari Bali mengunjungi Moskow."},
	{"id_11_accuse", "id", "", "Iran menuduh Amerika Serikat mendukung kelompok bersenjata."},
	{"id_12_negated_support", "id", "", "Jerman tidak mendukung rencana Israel."},
	{"id_12_refuse_meet", "id", "", "Iran menolak bertemu dengan Amerika Serikat."},
	{"id_12_will_not_meet", "id", "", "Iran tidak akan melakukan pembicaraan dengan AS."},
	{"id_13_threaten", "id", "", "Korea Utara mengancam Jepang dengan uji coba rudal."},
	{"id_16_sanctions", "id", "", "Uni Eropa menjatuhkan sanksi terhadap Rusia."},
	{"id_19_passive_weekday", "id", "", "Ukraina diserang oleh Rusia pada Rabu pagi."},
	{"id_19_group_attack", "id", "", "Houthi menyerang Israel dengan drone."},
	{"id_drop_negated", "id", "", "China tidak mengecam Rusia."},
	{"id_drop_hypothetical", "id", "", "Jika Rusia menyerang Polandia, NATO akan membalas."},
	{"id_headline", "id", "Prabowo Kunjungi Moskow", "Presiden tiba pagi ini."},
	{"id_pronoun", "id", "", "Putin tiba di Astana pada Senin. Dia kemudian bertemu dengan Kazakhstan."},
	{"id_11_apposition_coord", "id", "", "Amerika Serikat dan sekutunya Jerman menyalahkan Iran atas serangan itu."},
	{"id_19_dated_exact_passive", "id", "", "Houthi menyerang Israel. Kelompok itu sejak 2015 diperangi oleh Mesir."},
	{"id_02_date_in_subject_window", "id", "", "Presiden Rusia Vladimir Putin pada Rabu, 18 September 2019, mengundang Jepang ke Moskow."},
	{"id_02_appeal_agar", "id", "", "Uni Eropa menyerukan agar Iran menghentikan pengayaan uranium."},
	{"id_drop_appeal_agar_passive", "id", "", "Rusia menyerukan agar warga Ukraina dievakuasi."},
	{"id_11_condemn_last_attack", "id", "", "Houthi menyerang Israel pada Senin. Jerman mengutuk serangan yang menewaskan 12 orang itu."},
	{"id_11_condemn_as_act_of", "id", "", "Jerman mengecam serangan ke Israel sebagai tindakan perang Iran."},
	{"id_12_reject_accusation", "id", "", "Amerika Serikat menuduh Iran mendukung Houthi. Iran menolak keras tuduhan itu."},
	{"id_16_sanctions_speaker", "id", "", "Presiden Iran mengatakan sanksi AS melukai warga sipil."},
	{"id_04_fronted_together", "id", "", "Berbicara di Astana bersama dengan Presiden Iran, Putin mengutip sebuah ayat."},
	{"id_14_protest_place", "id", "", "Ribuan warga Palestina menggelar unjuk rasa di Mesir."},
	{"id_11_nested_accusation", "id", "", "Rusia mengatakan Ukraina menyerang Polandia."},
	{"id_11_describe_as", "id", "", "Jerman menggambarkan rencana Israel sebagai bencana besar."},
	{"id_11_complaint_light_verb", "id", "", "Polandia berencana mengajukan keluhan resmi kepada Jerman."},
	{"id_12_dismiss_accusation", "id", "", "Iran menepis tuduhan Amerika Serikat."},
	{"id_13_retaliate_planned", "id", "", "Iran akan membalas Israel."},
	{"id_16_recall_ambassador", "id", "", "Turki menarik duta besarnya dari Israel."},
	{"id_07_grant", "id", "", "Australia menyalurkan hibah kepada Indonesia."},
	{"id_drop_almost", "id", "", "Rusia dan Ukraina hampir mencapai kesepakatan."},
	{"id_drop_appeal_complement", "id", "", "Jerman mendesak Prancis untuk membantu Ukraina."},
	{"id_drop_attribution_source", "id", "", "Seperti dilansir TASS, Presiden Iran mengecam Israel."},
	{"en_01_sorrow", "en", "", "Japan expressed sorrow to Turkey over the earthquake."},
	{"en_11_call_illegal", "en", "", "Iran called the EU sanctions illegal."},
	{"en_12_rule_out", "en", "", "Iran ruled out any deal with the United States."},
	{"en_08_withdraw_from", "en", "", "Russia withdrew its troops from Ukraine."},
	{"en_10_demand_inquiry", "en", "", "Poland ordered an investigation against Russia."},
	{"en_drop_appeal_complement", "en", "", "France asked Germany to help Ukraine."},
	{"en_drop_wish_complement", "en", "", "Japan wants China to attack Russia."},
	{"en_drop_relative_clause", "en", "", "Russia praised Germany, which attacked Japan."},
	{"en_02_urge", "en", "", "Germany urged Israel to halt the offensive."},
	{"en_03_reported_ready", "en", "", "\"We are ready to meet Ukraine,\" said Putin."},
	{"en_04_visit", "en", "", "Putin visited Astana on Tuesday."},
	{"en_05_joint_sign_weekday", "en", "", "Russia and China signed an energy agreement on Monday."},
	{"en_06_cooperate", "en", "", "Japan and Australia held joint exercises."},
	{"en_07_aid", "en", "", "Japan will send humanitarian aid to Palestine."},
	{"en_11_criticise_west", "en", "", "Russia criticised the West."},
	{"en_12_refuse", "en", "", "Iran refused to meet the United States."},
	{"en_13_threaten", "en", "", "North Korea threatened Japan."},
	{"en_16_sanctions", "en", "", "The EU imposed sanctions on Russia."},
	{"en_19_passive_yesterday", "en", "", "Ukraine was attacked by Russia yesterday."},
	{"en_drop_hypothetical", "en", "", "If Russia attacks Poland, NATO will respond."},
	{"en_drop_negated", "en", "", "France did not condemn Iran."},
	{"en_14_protest_light_place", "en", "", "Japan and France staged a dramatic protest in Moscow on Wednesday."},
	{"en_19_object_inside_cue", "en", "", "Russia engaged Ukraine in a firefight on Monday."},
	{"en_19_fire_at", "en", "", "North Korea fired rockets at Japan."},
	{"en_04_prepared_planned", "en", "", "Putin prepared to visit Astana."},
	{"en_11_nested_accusation", "en", "", "Russia said that Ukraine had attacked Poland."},
	{"en_11_apposition_coord", "en", "", "The United States and its ally Japan condemned North Korea."},
}

// TestRun codes the cases and compares them with testdata/cases.golden.
func TestRun(t *testing.T) {
	s, split := newStages(t)
	var sb strings.Builder
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := buildArticle(t, split, tc.lang, tc.title, tc.text)
			if err := s.Run(t.Context(), a); err != nil {
				t.Fatal(err)
			}
			checkEvents(t, a)
			fmt.Fprintf(&sb, "%s\n", tc.name)
			for _, ev := range a.Events {
				fmt.Fprintf(&sb, "\t%s→%s %s root=%s quad=%d goldstein=%.1f plover=%s %s %s [%s] sectors=%s conf=%.2f\n",
					ev.Source.Code, ev.Target.Code, ev.CAMEO, ev.Root, ev.QuadClass, ev.Goldstein, ev.PLOVER,
					ev.Modality, ev.Date, ev.Trigger, strings.Join(ev.Sectors, ","), ev.Confidence)
			}
		})
	}
	golden.Check(t, filepath.Join("testdata", "cases.golden"), []byte(sb.String()))
}

// TestStemID checks the Indonesian stemmer on the forms the cues rely on.
func TestStemID(t *testing.T) {
	tests := []struct {
		word, stem string
		form       int
	}{
		{"menandatangani", "tandatangan", formActive},
		{"ditandatangani", "tandatangan", formPassive},
		{"penandatanganan", "tandatangan", formNoun},
		{"mengunjungi", "kunjung", formActive},
		{"kunjungan", "kunjung", formNoun},
		{"kunjungannya", "kunjung", formNoun},
		{"menyerang", "serang", formActive},
		{"diserang", "serang", formPassive},
		{"serangan", "serang", formNoun},
		{"mendukung", "dukung", formActive},
		{"dukungan", "dukung", formNoun},
		{"bertemu", "temu", formActive},
		{"pertemuan", "temu", formNoun},
		{"menolak", "tolak", formActive},
		{"membantu", "bantu", formActive},
		{"bantuan", "bantu", formNoun},
		{"memperluas", "luas", formActive},
		{"kesepakatan", "sepakat", formNoun},
		{"menyepakati", "sepakat", formActive},
		{"mengebom", "bom", formActive},
		{"pengeboman", "bom", formNoun},
		{"perundingan", "runding", formNoun},
		{"mengkritik", "kritik", formActive},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			for _, a := range stemID(tt.word) {
				if a.stem == tt.stem && a.form == tt.form {
					return
				}
			}
			t.Errorf("stemID(%q) = %v, want %q with form %d among them", tt.word, stemID(tt.word), tt.stem, tt.form)
		})
	}
}

// TestWeekday checks weekday resolution against a publication date.
func TestWeekday(t *testing.T) {
	thu := time.Date(2024, 11, 28, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		wd   time.Weekday
		next bool
		want string
	}{
		{"rabu before thursday", time.Wednesday, false, "2024-11-27"},
		{"same day", time.Thursday, false, "2024-11-28"},
		{"friday is last week", time.Friday, false, "2024-11-22"},
		{"next monday", time.Monday, true, "2024-12-02"},
	}
	for _, tt := range tests {
		if got := weekday(thu, tt.wd, tt.next).Format(time.DateOnly); got != tt.want {
			t.Errorf("%s: weekday(%v, %v) = %s, want %s", tt.name, tt.wd, tt.next, got, tt.want)
		}
	}
}

// FuzzRun checks that any text codes without panic and with valid offsets.
func FuzzRun(f *testing.F) {
	for _, tc := range cases {
		f.Add(tc.lang == "en", tc.title, tc.text)
	}
	s, split := newStages(f)
	f.Fuzz(func(t *testing.T, en bool, title, text string) {
		lang := "id"
		if en {
			lang = "en"
		}
		a := buildArticle(t, split, lang, title, text)
		if err := s.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		checkEvents(t, a)
	})
}

// BenchmarkEntitiesEvents runs the entity and event stages over the gold
// articles (or, without them, the test cases) and reports sentences/s.
func BenchmarkEntitiesEvents(b *testing.B) {
	p := newPipe(b)
	var arts []*article.Article
	for _, f := range goldtest.Records() {
		a, err := goldtest.Load(f, p.split)
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		for _, tc := range cases {
			arts = append(arts, buildArticle(b, p.split, tc.lang, tc.title, tc.text))
		}
	}
	n := 0
	for _, a := range arts {
		n += len(a.Sentences)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, a := range arts {
			if err := p.ents.Run(b.Context(), a); err != nil {
				b.Fatal(err)
			}
			if err := p.ev.Run(b.Context(), a); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "sentences/s")
}

// BenchmarkStemID analyses a mix of affixed and bare Indonesian words.
func BenchmarkStemID(b *testing.B) {
	words := []string{"menandatangani", "ditandatangani", "penandatanganan", "mengunjungi", "kunjungannya",
		"pertemuan", "memperluas", "bekerja", "kesepakatan", "dan", "yang", "Presiden", "menyerang", "dikatakannya"}
	n := 0
	for i := range b.N {
		n += len(stemID(words[i%len(words)]))
	}
	if n == 0 {
		b.Fatal("no analyses")
	}
}
