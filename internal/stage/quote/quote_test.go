package quote

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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

// person is a hand-made PERSON entity: every occurrence of each name in the
// text is a mention.
type person struct {
	id, role string
	names    []string
}

func buildArticle(t testing.TB, text string, people []person) *article.Article {
	t.Helper()
	a := article.New()
	a.Doc.Text, a.Doc.Language = text, "id"
	split, err := sentence.New()
	if err != nil {
		t.Fatal(err)
	}
	a.Sentences = split.Split(text)
	for _, p := range people {
		e := article.Entity{ID: p.id, Type: "PERSON", Name: strings.TrimSuffix(p.names[0], ".")}
		if p.role != "" {
			r := p.role
			e.Role = &r
		}
		if strings.HasPrefix(p.id, "org:") {
			e.Type = "ORG"
		}
		for _, n := range p.names {
			for i := 0; ; {
				j := strings.Index(text[i:], n)
				if j < 0 {
					break
				}
				e.Mentions = append(e.Mentions, article.Mention{Text: n, Start: i + j, End: i + j + len(n)})
				i += j + len(n)
			}
		}
		a.Entities = append(a.Entities, e)
	}
	return a
}

var (
	putin   = person{"person:vladimir-putin", "head of state", []string{"Presiden Rusia Vladimir Putin", "Putin"}}
	tokayev = person{"person:kassym-jomart-tokayev", "head of state", []string{"Presiden Kazakhstan Kassym-Jomart Tokayev", "Tokayev"}}
	retno   = person{"person:retno-marsudi", "foreign minister", []string{"Menlu Retno", "Retno"}}
	peskov  = person{"person:dmitry-peskov", "spokesperson", []string{"Dmitry Peskov", "Peskov"}}
	kremlin = person{"org:kremlin", "", []string{"Kremlin"}}
)

type q struct{ Speaker, Text string }

// TestQuotes covers each quote form and each speaker rule.
func TestQuotes(t *testing.T) {
	s := newStage(t)
	tests := []struct {
		name   string
		text   string
		people []person
		want   []q
	}{
		{"curly kata", "“Kami terbuka untuk kerja sama,” kata Putin.", []person{putin},
			[]q{{"person:vladimir-putin", "Kami terbuka untuk kerja sama"}}},
		{"straight ujar", `"Kami siap membantu negara itu," ujar Putin di Moskow.`, []person{putin},
			[]q{{"person:vladimir-putin", "Kami siap membantu negara itu"}}},
		{"single quotes", "'Kami siap membantu negara itu,' tutur Putin.", []person{putin},
			[]q{{"person:vladimir-putin", "Kami siap membantu negara itu"}}},
		{"verbs ungkap jelas tegas imbuh", "Putin bicara.\n\"Satu dua tiga empat,\" ungkap Putin.\n\"Lima enam tujuh delapan,\" jelas Tokayev.\n\"Sembilan sepuluh sebelas dua belas,\" tegas Putin.\n\"Tiga belas empat belas lima belas,\" imbuh Tokayev.",
			[]person{putin, tokayev},
			[]q{{"person:vladimir-putin", "Satu dua tiga empat"}, {"person:kassym-jomart-tokayev", "Lima enam tujuh delapan"}, {"person:vladimir-putin", "Sembilan sepuluh sebelas dua belas"}, {"person:kassym-jomart-tokayev", "Tiga belas empat belas lima belas"}}},
		{"title and name after verb", `"Kerja sama ini sangat produktif," kata juru bicara Kremlin Dmitry Peskov.`, []person{peskov, kremlin},
			[]q{{"person:dmitry-peskov", "Kerja sama ini sangat produktif"}}},
		{"katanya last person", "Presiden Kazakhstan Kassym-Jomart Tokayev menerima Presiden Rusia Vladimir Putin di Astana.\n\"Hubungan kita adalah prioritas,\" katanya.",
			[]person{putin, tokayev},
			[]q{{"person:kassym-jomart-tokayev", "Hubungan kita adalah prioritas"}}},
		{"attribution on next line", "Putin tiba di Astana.\n\"Kami datang sebagai sahabat lama\"\nujar Putin kepada wartawan.", []person{putin},
			[]q{{"person:vladimir-putin", "Kami datang sebagai sahabat lama"}}},
		{"subject of mengatakan", "Menlu Retno mengatakan, “Indonesia mendukung perdamaian di kawasan.”", []person{retno},
			[]q{{"person:retno-marsudi", "Indonesia mendukung perdamaian di kawasan."}}},
		{"pronoun subject", "Putin tiba di Astana. Ia mengatakan: \"Kami datang sebagai sahabat lama.\"", []person{putin},
			[]q{{"person:vladimir-putin", "Kami datang sebagai sahabat lama."}}},
		{"title only unique", "Presiden Rusia Vladimir Putin tiba.\n\"Kami datang sebagai sahabat,\" kata Presiden.", []person{putin},
			[]q{{"person:vladimir-putin", "Kami datang sebagai sahabat"}}},
		{"title only last named", "Putin dan Tokayev bertemu. Tokayev menyambutnya.\n\"Kami datang sebagai sahabat,\" kata Presiden.", []person{putin, tokayev},
			[]q{{"person:kassym-jomart-tokayev", "Kami datang sebagai sahabat"}}},
		{"english said", `"We are open to cooperation," Putin said.`, []person{putin},
			[]q{{"person:vladimir-putin", "We are open to cooperation"}}},
		{"english he said", "Putin arrived.\n\"We are open to cooperation,\" he said.", []person{putin},
			[]q{{"person:vladimir-putin", "We are open to cooperation"}}},
		{"across sentences", `"Kami siap. Kami datang sebagai sahabat. Kami akan kembali," kata Putin.`, []person{putin},
			[]q{{"person:vladimir-putin", "Kami siap. Kami datang sebagai sahabat. Kami akan kembali"}}},
		{"across paragraphs", "Putin berbicara panjang.\n“Kami siap bekerja sama dengan semua pihak.\n“Kami tidak akan mengubah arah kebijakan kami,” kata Putin.", []person{putin},
			[]q{{"person:vladimir-putin", "Kami siap bekerja sama dengan semua pihak. Kami tidak akan mengubah arah kebijakan kami"}}},
		{"continuation paragraph", "\"Kami siap bekerja sama dengan semua pihak,\" kata Putin.\n\"Kami tidak akan mengubah arah kebijakan kami.\"", []person{putin},
			[]q{{"person:vladimir-putin", "Kami siap bekerja sama dengan semua pihak"}, {"person:vladimir-putin", "Kami tidak akan mengubah arah kebijakan kami."}}},
		{"indirect bahwa", "Tokayev menegaskan bahwa kemitraan kedua negara tetap menjadi prioritas.", []person{tokayev},
			[]q{{"person:kassym-jomart-tokayev", "kemitraan kedua negara tetap menjadi prioritas"}}},
		{"indirect kepada bahwa", "Putin mengatakan kepada wartawan bahwa pertemuan itu berjalan baik.", []person{putin},
			[]q{{"person:vladimir-putin", "pertemuan itu berjalan baik"}}},
		{"english said that", "Putin said that the talks went well.", []person{putin},
			[]q{{"person:vladimir-putin", "the talks went well"}}},
		{"unresolved kept", `"Kami tidak akan menyerah begitu saja," kata seorang warga.`, nil,
			[]q{{"", "Kami tidak akan menyerah begitu saja"}}},
		{"surname entity is the full name", "PM Boris Johnson tiba.\n\"Kami akan pergi ke pertemuan itu,\" kata Johnson.",
			[]person{{"person:boris-johnson", "head of government", []string{"PM Boris Johnson"}}, {"person:johnson", "", []string{"Johnson."}}},
			[]q{{"person:boris-johnson", "Kami akan pergi ke pertemuan itu"}}},
		{"honorific and surname", "Jonathan Ong meneliti migrain.\n\"Stres adalah pemicu utama migrain,\" ujar Dr Ong.",
			[]person{{"person:jonathan-ong", "", []string{"Jonathan Ong"}}, {"person:dr-ong", "", []string{"Dr Ong"}}},
			[]q{{"person:jonathan-ong", "Stres adalah pemicu utama migrain"}}},
		{"misspelt name no entity covers", "Juru bicara Ali Rabiei berbicara.\n\"Sanksi harus dicabut sekarang juga,\" ucap Rabei.",
			[]person{{"person:ali-rabiei", "spokesperson", []string{"Ali Rabiei"}}},
			[]q{{"person:ali-rabiei", "Sanksi harus dicabut sekarang juga"}}},
		{"unknown name gets a slug", "\"Kami tidak setuju dengan rencana itu,\" ucap Sumbue Antas kepada Putin.", []person{putin},
			[]q{{"person:sumbue-antas", "Kami tidak setuju dengan rencana itu"}}},
		{"pronoun-led sentence passed over", "Putin mengatakan kepada wartawan.\nDia kecewa dengan kunjungan Tokayev ke Cina. Dia menerangkan, Tokayev seharusnya \"menyerukan pemilu bebas di sana\" selama kunjungannya.",
			[]person{putin, tokayev},
			[]q{{"person:vladimir-putin", "menyerukan pemilu bebas di sana"}}},
		{"ia mengatakan takes the subject", "Putin bertemu Tokayev di Astana. Ia mengatakan: \"Kami datang sebagai sahabat lama.\"", []person{putin, tokayev},
			[]q{{"person:vladimir-putin", "Kami datang sebagai sahabat lama."}}},
		{"partial quote, subject of the sentence", "Putin mengatakan kepada komisi, hal itu memerlukan \"penyelidikan lebih lanjut,\" tulis sebuah majalah.", []person{putin},
			[]q{{"person:vladimir-putin", "penyelidikan lebih lanjut"}}},
		{"institution after a noun of saying", "\"Kami berduka atas wafatnya mantan presiden,\" begitu pernyataan dari kantor Sekretaris Pers Gedung Putih.",
			[]person{{"org:white-house", "", []string{"Gedung Putih"}}},
			[]q{{"org:white-house", "Kami berduka atas wafatnya mantan presiden"}}},
		{"institution not after tentang", "\"Orang-orangnya sangat hangat dan ramah,\" tulis laporan tentang Gedung Putih.",
			[]person{{"org:white-house", "", []string{"Gedung Putih"}}},
			[]q{{"", "Orang-orangnya sangat hangat dan ramah"}}},
		{"closing mark on its own line", "Putin tiba.\n\"Serangan itu tidak datang dari wilayah Yaman\n\" kata Tokayev.", []person{putin, tokayev},
			[]q{{"person:kassym-jomart-tokayev", "Serangan itu tidak datang dari wilayah Yaman"}}},
		{"open quote runs into an attributed paragraph", "Kabar itu disampaikan Retno lewat Instagram.\n\"Selamat jalan, terima kasih untuk semuanya, sampai jumpa.\nKami semua bangga, kata orang “PEJUANG,” kata Retno.",
			[]person{{"person:retno-marsudi", "", []string{"Retno"}}},
			[]q{{"person:retno-marsudi", "Selamat jalan, terima kasih untuk semuanya, sampai jumpa."}, {"person:retno-marsudi", "PEJUANG"}}},
		{"scare quote dropped", `Ia menyebutnya sebagai "kesalahan besar" dan pergi.`, nil, []q{}},
		{"apostrophe", "Warga membaca Qur'an di masjid Jum'at lalu.", nil, []q{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := buildArticle(t, tt.text, tt.people)
			if err := s.Run(t.Context(), a); err != nil {
				t.Fatal(err)
			}
			got := []q{}
			for _, x := range a.Quotes {
				got = append(got, q{x.Speaker, x.Text})
				checkSpan(t, a, x)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Extract(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// checkSpan fails when a quote's span is not valid, or (on one line) does
// not hold its text.
func checkSpan(t *testing.T, a *article.Article, x article.Quote) {
	t.Helper()
	if x.Start < 0 || x.End > len(a.Doc.Text) || x.Start >= x.End {
		t.Fatalf("quote %q has span [%d,%d) outside the text", x.Text, x.Start, x.End)
	}
	if span := a.Doc.Text[x.Start:x.End]; !strings.Contains(span, "\n") && span != x.Text {
		t.Errorf("quote %q at [%d,%d) holds %q", x.Text, x.Start, x.End, span)
	}
}

// TestGolden runs the stage over the fact stage's test article and compares
// the quotes with testdata/article_id.golden.json (-update rewrites it).
func TestGolden(t *testing.T) {
	s := newStage(t)
	a := testArticle(t)
	if err := s.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(a.Quotes, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "article_id.golden.json"), append(got, '\n'))
}

// testArticle is the ~3 KB article of the fact stage's testdata, with
// hand-made people.
func testArticle(t testing.TB) *article.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "fact", "testdata", "article_id.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return buildArticle(t, string(b), []person{
		putin, tokayev, peskov, kremlin,
		{"person:arman-shakkaliyev", "government", []string{"Menteri Perdagangan Kazakhstan Arman Shakkaliyev", "Shakkaliyev"}},
	})
}

// BenchmarkQuote measures the stage on the ~3 KB test article.
func BenchmarkQuote(b *testing.B) {
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

// FuzzQuote checks that the stage never panics and that spans are valid.
func FuzzQuote(f *testing.F) {
	for _, seed := range []string{"“Kami siap,” kata Putin.", `"a b c" ujarnya`, "'x y z' said he", "“a\n“b”", `Putin mengatakan bahwa "x"`, "Qur'an '"} {
		f.Add(seed)
	}
	s := newStage(f)
	split, err := sentence.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a := article.New()
		a.Doc.Text = text
		a.Sentences = split.Split(text)
		if len(text) > 10 {
			a.Entities = []article.Entity{{ID: "person:x", Type: "PERSON", Mentions: []article.Mention{{Start: 2, End: 6}}}}
		}
		if err := s.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		for _, x := range a.Quotes {
			if x.Start < 0 || x.End > len(text) || x.Start >= x.End {
				t.Fatalf("quote %q has span [%d,%d) outside the text", x.Text, x.Start, x.End)
			}
		}
	})
}
