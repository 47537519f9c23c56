package fact

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/golden"
	"github.com/warta-dev/warta/internal/stage/sentence"
)

func newStage(t testing.TB) *Stage {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// got is the part of a fact a numeral test checks.
type got struct {
	Value     float64
	Unit      string
	Qualifier string
	Text      string
}

func summary(fs []article.Fact) []got {
	out := []got{}
	for _, f := range fs {
		g := got{Value: f.Value, Qualifier: f.Qualifier, Text: f.Text}
		if f.Unit != nil {
			g.Unit = *f.Unit
		}
		out = append(out, g)
	}
	return out
}

func run(t testing.TB, s *Stage, lang, text string) []article.Fact {
	t.Helper()
	a := article.New()
	a.Doc.Text, a.Doc.Language = text, lang
	a.Doc.Published = article.Published{Time: time.Date(2024, 11, 28, 0, 0, 0, 0, time.UTC)}
	a.Sentences = []article.Sentence{{Start: 0, End: len(text)}}
	if err := s.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	return a.Facts
}

// TestNumerals covers each numeral form of the issue, one sentence each.
func TestNumerals(t *testing.T) {
	s := newStage(t)
	third := 100.0 / 3
	tests := []struct {
		name, lang, text string
		want             []got
	}{
		{"thousands dot", "id", "Ada 7.200 peserta.", []got{{7200, "", "", "7.200"}}},
		{"decimal comma", "id", "Ekonomi tumbuh 1,5 persen.", []got{{1.5, "%", "", "1,5 persen"}}},
		{"many groups", "id", "Sebanyak 1.732.842 siswa libur.", []got{{1732842, "", "", "1.732.842"}}},
		{"ribu", "id", "Ada 3 ribu orang.", []got{{3000, "", "", "3 ribu"}}},
		{"juta decimal", "id", "Dana 1,5 juta orang.", []got{{1.5e6, "", "", "1,5 juta"}}},
		{"triliun", "id", "Anggaran Rp2 triliun disiapkan.", []got{{2e12, "IDR", "", "Rp2 triliun"}}},
		{"USD glued miliar", "id", "Target USD200 miliar.", []got{{2e11, "USD", "", "USD200 miliar"}}},
		{"miliar dolar AS", "id", "Nilainya 28 miliar dolar AS.", []got{{2.8e10, "USD", "", "28 miliar dolar AS"}}},
		{"Rp glued", "id", "Biaya Rp75 miliar.", []got{{7.5e10, "IDR", "", "Rp75 miliar"}}},
		{"Rp spaced", "id", "Kurs Rp 16.288 per dolar.", []got{{16288, "IDR", "", "Rp 16.288"}}},
		{"S$", "id", "Dana S$ 1,2 juta.", []got{{1.2e6, "SGD", "", "S$ 1,2 juta"}}},
		{"US$", "en", "It cost US$5 billion.", []got{{5e9, "USD", "", "US$5 billion"}}},
		{"euro sign", "id", "Bantuan €500 juta.", []got{{5e8, "EUR", "", "€500 juta"}}},
		{"yuan", "id", "Harga 1.200 yuan.", []got{{1200, "CNY", "", "1.200 yuan"}}},
		{"rubel", "id", "Rugi 3 miliar rubel.", []got{{3e9, "RUB", "", "3 miliar rubel"}}},
		{"ringgit", "id", "Denda 500 ringgit.", []got{{500, "MYR", "", "500 ringgit"}}},
		{"jt abbreviation", "id", "Gaji 5 jt sebulan.", []got{{5e6, "", "", "5 jt"}}},
		{"lebih dari persen", "id", "Lebih dari 80 persen ekspor.", []got{{80, "%", "more than", "80 persen"}}},
		{"percent sign", "id", "Inflasi 80% tahun ini.", []got{{80, "%", "", "80%"}}},
		{"sepertiga", "id", "Wilayah itu sepertiga dari negara.", []got{{third, "%", "", "sepertiga"}}},
		{"dua pertiga", "id", "Mayoritas dua pertiga dibutuhkan.", []got{{2 * third, "%", "", "dua pertiga"}}},
		{"setengah dari", "id", "Setengah dari warga setuju.", []got{{50, "%", "", "Setengah"}}},
		{"setengah juta", "id", "Kota berpenduduk setengah juta orang.", []got{{5e5, "", "", "setengah juta"}}},
		{"sedikitnya sepuluh", "id", "Sedikitnya sepuluh orang tewas.", []got{{10, "", "at least", "sepuluh"}}},
		{"enam ribu", "id", "Enam ribu personel dikerahkan.", []got{{6000, "", "", "Enam ribu"}}},
		{"dua puluh lima", "id", "Ada dua puluh lima kapal.", []got{{25, "", "", "dua puluh lima"}}},
		{"sebelas", "id", "Ada sebelas kapal.", []got{{11, "", "", "sebelas"}}},
		{"tiga belas", "id", "Tiga belas orang terluka.", []got{{13, "", "", "Tiga belas"}}},
		{"seratus", "id", "Ada seratus kapal.", []got{{100, "", "", "seratus"}}},
		{"seribu", "id", "Ada seribu kapal.", []got{{1000, "", "", "seribu"}}},
		{"tiga ratus ribu", "id", "Ada tiga ratus ribu pengungsi.", []got{{3e5, "", "", "tiga ratus ribu"}}},
		{"lebih after", "id", "Ditutup 2.000 lebih sekolah.", []got{{2000, "", "more than", "2.000"}}},
		{"hampir", "id", "Hampir 3 ribu orang tewas.", []got{{3000, "", "nearly", "3 ribu"}}},
		{"sekitar", "id", "Sekitar 18.500 orang hilang.", []got{{18500, "", "about", "18.500"}}},
		{"km", "id", "Pulau itu terletak 15 km dari pantai.", []got{{15, "km", "", "15 km"}}},
		{"km2", "id", "Wilayah 2.400 kilometer persegi.", []got{{2400, "km2", "", "2.400 kilometer persegi"}}},
		{"ton", "id", "Ekspor 2,5 juta ton gandum.", []got{{2.5e6, "t", "", "2,5 juta ton"}}},
		{"MW", "id", "Kapasitas 2.400 MW.", []got{{2400, "MW", "", "2.400 MW"}}},
		{"hektare", "id", "Lahan 300 hektare.", []got{{300, "ha", "", "300 hektare"}}},
		{"years", "id", "Joshua berusia 22 tahun.", []got{{22, "year", "", "22 tahun"}}},
		{"range", "id", "Pemuda 60-63% populasi.", []got{{60, "%", "", "60-63%"}, {63, "%", "", "60-63%"}}},
		{"range words", "id", "Berlangsung empat hingga 72 jam.", []got{{4, "", "", "empat"}, {72, "", "", "72"}}},
		{"en thousands", "en", "About 1,732,842 students.", []got{{1732842, "", "about", "1,732,842"}}},
		{"en million", "en", "Some 1.5 million people fled.", []got{{1.5e6, "", "about", "1.5 million"}}},
		{"en words", "en", "At least twenty-five soldiers died.", []got{{25, "", "at least", "twenty-five"}}},
		{"en more than", "en", "More than 80 percent of exports.", []got{{80, "%", "more than", "80 percent"}}},
		{"en two-thirds", "en", "A two-thirds majority.", []got{{2 * third, "%", "", "two-thirds"}}},
		{"one in four", "id", "Sekitar satu dari empat pasien tidak berobat.", []got{{25, "%", "about", "satu dari empat"}}},
		{"1 dari 5", "id", "Ada 1 dari 5 warga menolak.", []got{{20, "%", "", "1 dari 5"}}},
		{"en one in four", "en", "One in four patients did not seek care.", []got{{25, "%", "", "One in four"}}},
		{"count of count", "id", "Sebanyak 15 dari 19 teroris itu warga Saudi.", []got{{15, "", "", "15"}, {19, "", "", "19"}}},
		{"decades", "id", "Pengungsi tinggal selama tujuh dekade di sana.", []got{{70, "year", "", "tujuh dekade"}}},
		{"en decades", "en", "The dispute lasted three decades.", []got{{30, "year", "", "three decades"}}},
		{"count in a top list", "id", "Negara itu menempatkan 18 dari 100 kampus terbaik dunia.", []got{{18, "", "", "18"}}},
		{"next ten years", "id", "Dalam 10 tahun mendatang kerja sama diperluas.", []got{{10, "year", "", "10 tahun"}}},
		{"past decades", "id", "Selama tujuh dekade terakhir mereka mengungsi.", []got{{70, "year", "", "tujuh dekade"}}},
		{"en past years", "en", "Over the past two decades trade grew.", []got{{20, "year", "", "two decades"}}},
		// Not facts.
		{"top ten", "id", "Empat di antaranya masuk 10 besar dunia.", []got{{4, "", "", "Empat"}}},
		{"en top ten", "en", "Four of them are in the top 10 worldwide.", []got{{4, "", "", "Four"}}},
		{"year", "id", "Pada tahun 2023 mereka bertemu.", []got{}},
		{"date", "id", "Pertemuan pada 17 Desember lalu.", []got{}},
		{"date range", "id", "Survei dari 7 sampai 28 Maret 2019.", []got{}},
		{"date slash", "id", "Rabu (27/11/2024) pagi.", []got{}},
		{"clock", "id", "Tiba pukul 13.05 WIB.", []got{}},
		{"clock colon", "id", "Menabrak pada 09:37 waktu setempat.", []got{}},
		{"ordinal", "id", "Kunjungan ke-16 itu.", []got{}},
		{"en ordinal", "en", "The 16th visit.", []got{}},
		{"phone", "id", "Hubungi 0812-3456-7890.", []got{}},
		{"article", "id", "Pasal 5 dan No. 10 dibahas.", []got{}},
		{"glued name", "id", "Negara G20 dan COVID-19.", []got{}},
		{"two plus two", "id", "Dialog 2+2 digelar.", []got{}},
		{"name number", "id", "Pesawat American 77 jatuh.", []got{}},
		{"salah satu", "id", "Salah satu negara.", []got{}},
		{"idiom", "id", "Solusi dua negara.", []got{}},
		{"name word", "id", "Di Negri Sembilan hujan.", []got{}},
		{"academic year", "id", "Tahun akademik 2020/2021.", []got{}},
		{"nine months", "id", "Dalam 9 bulan pertama tahun 2024.", []got{}},
		{"model year", "id", "Sedan Peugeot 504 tahun 1977.", []got{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(t, s, tt.lang, tt.text)
			if diff := cmp.Diff(tt.want, summary(fs), cmpopts.EquateApprox(1e-9, 0)); diff != "" {
				t.Errorf("Extract(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestContext covers measure, period and actors.
func TestContext(t *testing.T) {
	s := newStage(t)
	text := "Nilai perdagangan Rusia dan Kazakhstan mencapai 28 miliar dolar AS pada tahun 2023. " +
		"Ekspor dalam 9 bulan pertama tahun 2024 bernilai USD7,2 miliar. " +
		"Investasi tahun ini naik 5 persen. " +
		"Sebanyak 14.000 tentara ditarik tahun lalu. " +
		"Investasi USD5 miliar direncanakan dalam 10 tahun mendatang. " +
		"Ekspor naik 12 persen dalam 6 bulan terakhir."
	rus, kaz := "RUS", "KAZ"
	a := article.New()
	a.Doc.Text, a.Doc.Language = text, "id"
	a.Doc.Published = article.Published{Time: time.Date(2024, 11, 28, 0, 0, 0, 0, time.UTC)}
	split, err := sentence.New()
	if err != nil {
		t.Fatal(err)
	}
	a.Sentences = split.Split(text)
	a.Entities = []article.Entity{
		{ID: "country:RUS", Type: "COUNTRY", Country: &rus, Mentions: []article.Mention{{Text: "Rusia", Start: 18, End: 23}}},
		{ID: "country:KAZ", Type: "COUNTRY", Country: &kaz, Mentions: []article.Mention{{Text: "Kazakhstan", Start: 28, End: 38}}},
	}
	if err := s.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	type ctx struct{ Measure, Period string }
	var gotCtx []ctx
	for _, f := range a.Facts {
		gotCtx = append(gotCtx, ctx{f.Measure, f.Period})
	}
	want := []ctx{{"trade turnover", "2023"}, {"exports", "2024-01/2024-09"}, {"investment", "2024"}, {"troops", "2023"},
		{"investment", "2024/2034"}, {"duration", ""}, {"exports", "2024-05/2024-11"}}
	if diff := cmp.Diff(want, gotCtx); diff != "" {
		t.Errorf("measures and periods mismatch (-want +got):\n%s", diff)
	}
	if len(a.Facts) > 0 {
		if diff := cmp.Diff([]string{"RUS", "KAZ"}, a.Facts[0].Actors); diff != "" {
			t.Errorf("actors mismatch (-want +got):\n%s", diff)
		}
	}
}

// TestTitle: a figure only in the headline is kept with zero offsets; one
// the body repeats is not.
func TestTitle(t *testing.T) {
	s := newStage(t)
	a := article.New()
	a.Doc.Title = "Malaysia Tutup 2.000 Sekolah, 300 Ribu Siswa Libur"
	a.Doc.Text = "Malaysia menutup 2.000 sekolah karena kabut asap."
	a.Doc.Language = "id"
	a.Sentences = []article.Sentence{{Start: 0, End: len(a.Doc.Text)}}
	if err := s.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	want := []got{{300000, "", "", "300 Ribu"}, {2000, "", "", "2.000"}}
	if diff := cmp.Diff(want, summary(a.Facts)); diff != "" {
		t.Errorf("title facts mismatch (-want +got):\n%s", diff)
	}
	if a.Facts[0].Start != 0 || a.Facts[0].End != 0 || a.Facts[0].Sentence != a.Doc.Title {
		t.Errorf("title fact = %+v, want offsets 0 and the title as sentence", a.Facts[0])
	}
}

// TestGolden runs the stage over testdata/article_id.txt and compares its
// facts with testdata/article_id.golden.json (-update rewrites it).
func TestGolden(t *testing.T) {
	s := newStage(t)
	a := testArticle(t)
	if err := s.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	checkOffsets(t, a)
	got, err := json.MarshalIndent(a.Facts, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "article_id.golden.json"), append(got, '\n'))
}

// testArticle is the ~3 KB Indonesian article of testdata, split into
// sentences, with hand-made country entities.
func testArticle(t testing.TB) *article.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "article_id.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a := article.New()
	a.Doc.Text, a.Doc.Language = string(b), "id"
	a.Doc.Title = "Perdagangan Rusia-Kazakhstan Capai USD28 Miliar"
	a.Doc.Published = article.Published{Time: time.Date(2024, 11, 28, 0, 0, 0, 0, time.UTC)}
	split, err := sentence.New()
	if err != nil {
		t.Fatal(err)
	}
	a.Sentences = split.Split(a.Doc.Text)
	a.Entities = handEntities(a.Doc.Text)
	return a
}

// handEntities marks every occurrence of a few country names.
func handEntities(text string) []article.Entity {
	var out []article.Entity
	for _, c := range []struct{ iso, name string }{{"RUS", "Rusia"}, {"KAZ", "Kazakhstan"}, {"CHN", "Tiongkok"}, {"SGP", "Singapura"}} {
		iso := c.iso
		e := article.Entity{ID: "country:" + iso, Name: c.name, Type: "COUNTRY", Country: &iso}
		for i := 0; ; {
			j := indexFrom(text, c.name, i)
			if j < 0 {
				break
			}
			e.Mentions = append(e.Mentions, article.Mention{Text: c.name, Start: j, End: j + len(c.name)})
			i = j + len(c.name)
		}
		out = append(out, e)
	}
	return out
}

func indexFrom(s, sub string, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// BenchmarkFact measures the stage on the ~3 KB test article.
func BenchmarkFact(b *testing.B) {
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

// FuzzFact checks that the stage never panics and that every span holds its
// text.
func FuzzFact(f *testing.F) {
	for _, seed := range []string{"Ada 7.200 peserta.", "USD200 miliar, Rp 16.288", "60-63% dan 4-6 bulan", "dua pertiga", "S$ 1,2 juta", "1,732,842", "ke-16 13.05 WIB"} {
		f.Add(seed, "id")
	}
	s := newStage(f)
	split, err := sentence.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		a := article.New()
		a.Doc.Text, a.Doc.Title, a.Doc.Language = text, text, lang
		a.Sentences = split.Split(text)
		if err := s.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, a)
	})
}
