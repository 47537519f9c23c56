package entity

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
	s, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newArticle(t testing.TB, lang, date, title, text string) *article.Article {
	t.Helper()
	a := article.New()
	a.Doc.Language, a.Doc.Title, a.Doc.Text = lang, title, text
	if date != "" {
		p, err := article.ParsePublished(date)
		if err != nil {
			t.Fatal(err)
		}
		a.Doc.Published = p
	}
	sp, err := sentence.New()
	if err != nil {
		t.Fatal(err)
	}
	a.Sentences = sp.Split(text)
	return a
}

// brief is the part of an entity a table test checks.
type brief struct {
	ID, Country, Role string
	Mentions          []string
}

func briefs(es []article.Entity) []brief {
	out := []brief{}
	for _, e := range es {
		b := brief{ID: e.ID}
		if e.Country != nil {
			b.Country = *e.Country
		}
		if e.Role != nil {
			b.Role = *e.Role
		}
		for _, m := range e.Mentions {
			b.Mentions = append(b.Mentions, m.Text)
		}
		out = append(out, b)
	}
	return out
}

func TestExtract(t *testing.T) {
	s := newStage(t)
	tests := []struct {
		name, lang, date, title, text string
		want                          []brief
	}{
		{
			name: "aliases of one country",
			lang: "id", text: "Tiongkok, China, Cina dan RRT adalah satu negara.",
			want: []brief{{ID: "country:CHN", Country: "CHN", Mentions: []string{"Tiongkok", "China", "Cina", "RRT"}}},
		},
		{
			name: "Indonesian demonym is the country name",
			lang: "id", text: "Warga Malaysia melihat militer Rusia.",
			want: []brief{
				{ID: "country:MYS", Country: "MYS", Mentions: []string{"Malaysia"}},
				{ID: "country:RUS", Country: "RUS", Mentions: []string{"Rusia"}},
			},
		},
		{
			name: "English demonyms",
			lang: "en", text: "Russian officials met Chinese diplomats in Beijing.",
			want: []brief{
				{ID: "country:RUS", Country: "RUS", Mentions: []string{"Russian"}},
				{ID: "country:CHN", Country: "CHN", Mentions: []string{"Chinese"}},
				{ID: "place:beijing", Country: "CHN", Role: "seat of government", Mentions: []string{"Beijing"}},
			},
		},
		{
			name: "seats of power stand for their state",
			lang: "id", text: "Kremlin membalas Gedung Putih.",
			want: []brief{
				{ID: "org:kremlin", Country: "RUS", Role: "government", Mentions: []string{"Kremlin"}},
				{ID: "org:white-house", Country: "USA", Role: "government", Mentions: []string{"Gedung Putih"}},
			},
		},
		{
			name: "the president of Indonesia in 2019",
			lang: "id", date: "2019-06-01", text: "Presiden Indonesia berpidato.",
			want: []brief{
				{ID: "person:joko-widodo", Country: "IDN", Role: "head of state", Mentions: []string{"Presiden Indonesia"}},
				{ID: "country:IDN", Country: "IDN", Mentions: []string{"Indonesia"}},
			},
		},
		{
			name: "the president of Indonesia in 2025",
			lang: "id", date: "2025-06-01", text: "Presiden Indonesia berpidato.",
			want: []brief{
				{ID: "person:prabowo-subianto", Country: "IDN", Role: "head of state", Mentions: []string{"Presiden Indonesia"}},
				{ID: "country:IDN", Country: "IDN", Mentions: []string{"Indonesia"}},
			},
		},
		{
			name: "Prabowo as defence minister in 2020",
			lang: "id", date: "2020-02-01", text: "Prabowo tiba di Tokyo.",
			want: []brief{
				{ID: "person:prabowo-subianto", Country: "IDN", Role: "defence minister", Mentions: []string{"Prabowo"}},
				{ID: "place:tokyo", Country: "JPN", Role: "seat of government", Mentions: []string{"Tokyo"}},
			},
		},
		{
			name: "a title gives an unknown person state and role",
			lang: "id", text: "Juru Bicara Kremlin Budi Hartono Santoso menolak.",
			want: []brief{
				{ID: "person:budi-hartono-santoso", Country: "RUS", Role: "spokesperson", Mentions: []string{"Juru Bicara Kremlin Budi Hartono Santoso"}},
				{ID: "org:kremlin", Country: "RUS", Role: "government", Mentions: []string{"Kremlin"}},
			},
		},
		{
			name: "English title with a demonym",
			lang: "en", text: "Chinese Foreign Ministry spokesperson Ana Wirawan Putri said so.",
			want: []brief{
				{ID: "org:chinese-foreign-ministry", Country: "CHN", Role: "government", Mentions: []string{"Chinese Foreign Ministry"}},
				{ID: "country:CHN", Country: "CHN", Mentions: []string{"Chinese"}},
				{ID: "person:ana-wirawan-putri", Country: "CHN", Role: "spokesperson", Mentions: []string{"Chinese Foreign Ministry spokesperson Ana Wirawan Putri"}},
			},
		},
		{
			name: "bare surname and bare title join the person",
			lang: "id", date: "2019-09-16", text: "Presiden Rusia Vladimir Putin tiba. Putin tersenyum. Presiden lalu pergi.",
			want: []brief{
				{ID: "person:vladimir-putin", Country: "RUS", Role: "head of state", Mentions: []string{"Presiden Rusia Vladimir Putin", "Putin", "Presiden"}},
				{ID: "country:RUS", Country: "RUS", Mentions: []string{"Rusia"}},
			},
		},
		{
			name: "a bare title with two presidents joins no one",
			lang: "id", date: "2019-09-16", text: "Presiden AS Donald Trump menelepon Presiden Iran Hassan Rouhani. Presiden lalu pergi.",
			want: []brief{
				{ID: "person:donald-trump", Country: "USA", Role: "head of state", Mentions: []string{"Presiden AS Donald Trump"}},
				{ID: "country:USA", Country: "USA", Mentions: []string{"AS"}},
				{ID: "person:hassan-rouhani", Country: "IRN", Role: "head of state", Mentions: []string{"Presiden Iran Hassan Rouhani"}},
				{ID: "country:IRN", Country: "IRN", Mentions: []string{"Iran"}},
			},
		},
		{
			name: "kedua negara names the two countries",
			lang: "id", text: "Jepang dan Korea Selatan berunding. Kedua negara sepakat.",
			want: []brief{
				{ID: "country:JPN", Country: "JPN", Mentions: []string{"Jepang", "Kedua negara"}},
				{ID: "country:KOR", Country: "KOR", Mentions: []string{"Korea Selatan", "Kedua negara"}},
			},
		},
		{
			name: "epithets",
			lang: "id", text: "Negeri Tirai Bambu dan negeri Paman Sam bersaing.",
			want: []brief{
				{ID: "country:CHN", Country: "CHN", Mentions: []string{"Negeri Tirai Bambu"}},
				{ID: "country:USA", Country: "USA", Mentions: []string{"negeri Paman Sam"}},
			},
		},
		{
			name: "no false hits on common words",
			lang: "id", text: "Batu itu besar, as roda patah. Lagi pula kota ini sepi. Ia belajar bahasa Inggris. Harga naik US$5.",
			want: []brief{},
		},
		{
			name: "lower-case as in English is not the US",
			lang: "en", text: "As prices rose, he worked as a guard.",
			want: []brief{},
		},
		{
			name: "acronyms match in their case only",
			lang: "id", text: "AS dan UE bertemu di PBB, bukan di pbb.",
			want: []brief{
				{ID: "country:USA", Country: "USA", Mentions: []string{"AS"}},
				{ID: "org:EU", Mentions: []string{"UE"}},
				{ID: "org:UN", Mentions: []string{"PBB"}},
			},
		},
		{
			name: "a body of the UN also mentions the UN",
			lang: "id", text: "Dewan Keamanan PBB bersidang.",
			want: []brief{
				{ID: "org:UNSC", Mentions: []string{"Dewan Keamanan PBB"}},
				{ID: "org:UN", Mentions: []string{"PBB"}},
			},
		},
		{
			name: "headline-only entity has no mentions",
			lang: "id", title: "Jepang Kirim Bantuan", text: "Bantuan tiba kemarin.",
			want: []brief{{ID: "country:JPN", Country: "JPN"}},
		},
		{
			name: "a head word makes an organisation with its state",
			lang: "id", text: "Kedutaan Besar Rusia di Jakarta menolak.",
			want: []brief{
				{ID: "org:kedutaan-besar-rusia", Country: "RUS", Mentions: []string{"Kedutaan Besar Rusia"}},
				{ID: "country:RUS", Country: "RUS", Mentions: []string{"Rusia"}},
				{ID: "place:jakarta", Country: "IDN", Role: "seat of government", Mentions: []string{"Jakarta"}},
			},
		},
		{
			name: "companies, media and parties carry their home state",
			lang: "en", text: "Toyota, Samsung and Pfizer told Reuters and Der Spiegel.",
			want: []brief{
				{ID: "org:toyota", Country: "JPN", Role: "company", Mentions: []string{"Toyota"}},
				{ID: "org:samsung", Country: "KOR", Role: "company", Mentions: []string{"Samsung"}},
				{ID: "org:pfizer", Country: "USA", Role: "company", Mentions: []string{"Pfizer"}},
				{ID: "org:reuters", Country: "GBR", Role: "media", Mentions: []string{"Reuters"}},
				{ID: "org:der-spiegel", Country: "DEU", Role: "media", Mentions: []string{"Der Spiegel"}},
			},
		},
		{
			name: "Indonesian parties and media",
			lang: "id", text: "Partai Likud dan Gerindra menang, lapor Kompas.",
			want: []brief{
				{ID: "org:likud", Country: "ISR", Role: "party", Mentions: []string{"Partai Likud"}},
				{ID: "org:gerindra", Country: "IDN", Role: "party", Mentions: []string{"Gerindra"}},
				{ID: "org:kompas", Country: "IDN", Role: "media", Mentions: []string{"Kompas"}},
			},
		},
		{
			name: "a company's name after a first name is a person",
			lang: "id", text: "Pesepak bola Keisuke Honda mengunjungi pabrik Honda.",
			want: []brief{
				{ID: "person:keisuke-honda", Mentions: []string{"Keisuke Honda"}},
				{ID: "org:honda", Country: "JPN", Role: "company", Mentions: []string{"Honda"}},
			},
		},
		{
			name: "an enumeration inside a ministry's name",
			lang: "id", text: "Kementerian Sains, Teknologi dan Inovasi menolak, kata Kementerian Luar Negeri Rusia.",
			want: []brief{
				{ID: "org:kementerian-sains-teknologi-dan-inovasi", Mentions: []string{"Kementerian Sains, Teknologi dan Inovasi"}},
				{ID: "org:russian-foreign-ministry", Country: "RUS", Role: "government", Mentions: []string{"Kementerian Luar Negeri Rusia"}},
				{ID: "country:RUS", Country: "RUS", Mentions: []string{"Rusia"}},
			},
		},
		{
			name: "a comma not closed by dan ends the name",
			lang: "id", text: "Kementerian Pertahanan, Jakarta dan Bandung.",
			want: []brief{
				{ID: "org:kementerian-pertahanan", Mentions: []string{"Kementerian Pertahanan"}},
				{ID: "place:jakarta", Country: "IDN", Role: "seat of government", Mentions: []string{"Jakarta"}},
				{ID: "place:bandung", Country: "IDN", Role: "regency", Mentions: []string{"Bandung"}},
			},
		},
		{
			name: "a title after the name",
			lang: "id", text: "Budi Hartono Santoso, juru bicara Kremlin, menolak.",
			want: []brief{
				{ID: "person:budi-hartono-santoso", Country: "RUS", Role: "spokesperson", Mentions: []string{"Budi Hartono Santoso"}},
				{ID: "org:kremlin", Country: "RUS", Role: "government", Mentions: []string{"Kremlin"}},
			},
		},
		{
			name: "English title forms after the name and with of",
			lang: "en", date: "2019-09-16", text: "President of Russia Ivan Petrovsky spoke. Sergei Lavrov, the Russian foreign minister, agreed.",
			want: []brief{
				{ID: "person:ivan-petrovsky", Country: "RUS", Role: "head of state", Mentions: []string{"President of Russia Ivan Petrovsky"}},
				{ID: "country:RUS", Country: "RUS", Mentions: []string{"Russia", "Russian"}},
				{ID: "person:sergey-lavrov", Country: "RUS", Role: "foreign minister", Mentions: []string{"Sergei Lavrov"}},
			},
		},
		{
			name: "a surname that is also a city, with a title, is the person",
			lang: "id", date: "2019-09-16", text: "Dulu Lincoln sebagai presiden Amerika Serikat hidup sederhana.",
			want: []brief{
				{ID: "person:abraham-lincoln", Country: "USA", Mentions: []string{"Lincoln"}},
				{ID: "country:USA", Country: "USA", Mentions: []string{"Amerika Serikat"}},
			},
		},
		{
			name: "names with initials and unknown bodies after a title",
			lang: "id", text: "Hadir Ketua Umum , Budi R. Santoso dan Direktur Eksekutif WXYZ Lin Wei.",
			want: []brief{
				{ID: "person:budi-r-santoso", Role: "head of organisation", Mentions: []string{"Ketua Umum , Budi R. Santoso"}},
				{ID: "person:lin-wei", Role: "head of organisation", Mentions: []string{"Direktur Eksekutif WXYZ Lin Wei"}},
				{ID: "org:wxyz", Mentions: []string{"WXYZ"}},
			},
		},
		{
			name: "a portfolio belongs to the title; a body after a title is no person",
			lang: "id", text: "Menteri Kelautan dan Perikanan Susi Wulandari bertemu Kepala Dinas Kesehatan.",
			want: []brief{
				{ID: "person:susi-wulandari", Role: "government", Mentions: []string{"Menteri Kelautan dan Perikanan Susi Wulandari"}},
				{ID: "org:dinas-kesehatan", Mentions: []string{"Dinas Kesehatan"}},
			},
		},
		{
			name: "the speaker after a quotation",
			lang: "id", text: "\"Kami siap,\" kata Andi Wijaya. \"Belum,\" ujar Direktur Eksekutif.",
			want: []brief{{ID: "person:andi-wijaya", Mentions: []string{"Andi Wijaya"}}},
		},
		{
			name: "a misspelt surname after a known first name",
			lang: "id", date: "2019-09-16", text: "Boris Jhonson bertemu Boris Becker.",
			want: []brief{
				{ID: "person:boris-johnson", Country: "GBR", Role: "head of government", Mentions: []string{"Boris Jhonson"}},
				{ID: "person:boris-becker", Mentions: []string{"Boris Becker"}},
			},
		},
		{
			name: "tails: the longest name, hyphenated words",
			lang: "id", text: "Peneliti dari Duke-NUS Medical School dan National University Hospital datang.",
			want: []brief{
				{ID: "org:duke-nus-medical-school", Mentions: []string{"Duke-NUS Medical School"}},
				{ID: "org:national-university-hospital", Mentions: []string{"National University Hospital"}},
			},
		},
		{
			name: "two places after one head",
			lang: "id", text: "Ada proposal untuk Pulau Grande dan Chiquita.",
			want: []brief{
				{ID: "place:pulau-grande", Mentions: []string{"Pulau Grande"}},
				{ID: "place:chiquita", Mentions: []string{"Chiquita"}},
			},
		},
		{
			name: "a titled part of a known name is that person",
			lang: "id", date: "2019-09-18", text: "Raja Abdullah II menerima tamu di Amman. Setelah itu Raja Abdullah berpidato.",
			want: []brief{
				{ID: "person:abdullah-ii", Country: "JOR", Role: "head of state", Mentions: []string{"Raja Abdullah II", "Raja Abdullah"}},
				{ID: "place:amman", Country: "JOR", Role: "seat of government", Mentions: []string{"Amman"}},
			},
		},
		{
			name: "the leader of a state named before",
			lang: "id", date: "2019-09-18", text: "Raja Abdullah II menerima tamu. Kebijakan itu dikritik pemimpin Yordania tersebut.",
			want: []brief{
				{ID: "person:abdullah-ii", Country: "JOR", Role: "head of state", Mentions: []string{"Raja Abdullah II", "pemimpin Yordania"}},
				{ID: "country:JOR", Country: "JOR", Mentions: []string{"Yordania"}},
			},
		},
		{
			name: "a person from a state or a state's body",
			lang: "id", text: `"Kami kecewa," kata Tevita Lomu dari Kedutaan Besar Tonga. Menteri Sione Vea dari Fiji hadir.`,
			want: []brief{
				{ID: "person:tevita-lomu", Country: "TON", Mentions: []string{"Tevita Lomu"}},
				{ID: "org:kedutaan-besar-tonga", Country: "TON", Mentions: []string{"Kedutaan Besar Tonga"}},
				{ID: "country:TON", Country: "TON", Mentions: []string{"Tonga"}},
				{ID: "person:sione-vea", Country: "FJI", Role: "government", Mentions: []string{"Menteri Sione Vea"}},
				{ID: "country:FJI", Country: "FJI", Mentions: []string{"Fiji"}},
			},
		},
		{
			name: "activists of a territory, with a qualifier after the title",
			lang: "id", text: "Aktivis lingkungan Hong Kong Wai Kit Chan berpidato. Polisi menahan aktivis Hong Kong Lam Siu Fai.",
			want: []brief{
				{ID: "person:wai-kit-chan", Country: "HKG", Role: "activist", Mentions: []string{"Aktivis lingkungan Hong Kong Wai Kit Chan"}},
				{ID: "place:hong-kong", Country: "CHN", Role: "region", Mentions: []string{"Hong Kong", "Hong Kong"}},
				{ID: "person:lam-siu-fai", Country: "HKG", Role: "activist", Mentions: []string{"aktivis Hong Kong Lam Siu Fai"}},
			},
		},
		{
			name: "a ministry of no named state takes the one foreign state that dominates",
			lang: "id", text: "Malaysia dan Singapura sepakat. Malaysia mengirim bantuan. Malaysia menolak usul itu. " +
				"Kementerian Pertanian dan Pangan menyatakan siap. Kementerian Kesehatan di Malaysia juga siap.",
			want: []brief{
				{ID: "country:MYS", Country: "MYS", Mentions: []string{"Malaysia", "Malaysia", "Malaysia", "Malaysia"}},
				{ID: "country:SGP", Country: "SGP", Mentions: []string{"Singapura"}},
				{ID: "org:kementerian-pertanian-dan-pangan", Country: "MYS", Role: "government", Mentions: []string{"Kementerian Pertanian dan Pangan"}},
				{ID: "org:kementerian-kesehatan", Country: "MYS", Mentions: []string{"Kementerian Kesehatan"}},
			},
		},
		{
			name: "no dominant foreign state: the ministry keeps none",
			lang: "id", text: "Indonesia menyatakan siap. Kementerian Pertanian dan Pangan mendukung Malaysia.",
			want: []brief{
				{ID: "country:IDN", Country: "IDN", Mentions: []string{"Indonesia"}},
				{ID: "org:kementerian-pertanian-dan-pangan", Mentions: []string{"Kementerian Pertanian dan Pangan"}},
				{ID: "country:MYS", Country: "MYS", Mentions: []string{"Malaysia"}},
			},
		},
		{
			name: "a national student body; a city after Kota",
			lang: "id", text: "Pengurus Besar Ikatan Pelajar Nusantara berkunjung ke Kota Tokyo.",
			want: []brief{
				{ID: "org:pengurus-besar-ikatan-pelajar-nusantara", Country: "IDN", Mentions: []string{"Pengurus Besar Ikatan Pelajar Nusantara"}},
				{ID: "place:tokyo", Country: "JPN", Role: "seat of government", Mentions: []string{"Kota Tokyo"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newArticle(t, tt.lang, tt.date, tt.title, tt.text)
			if err := s.Run(t.Context(), a); err != nil {
				t.Fatal(err)
			}
			checkOffsets(t, a)
			if diff := cmp.Diff(tt.want, briefs(a.Entities)); diff != "" {
				t.Errorf("Run(%q) entities (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestGolden runs the stage over testdata/*.txt (with a .title headline)
// and compares the full entity records with testdata/*.golden.json.
func TestGolden(t *testing.T) {
	s := newStage(t)
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		base := strings.TrimSuffix(f, ".txt")
		t.Run(filepath.Base(base), func(t *testing.T) {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			title, _ := os.ReadFile(base + ".title")
			a := newArticle(t, "id", "2024-11-28", strings.TrimSpace(string(title)), string(text))
			if err := s.Run(t.Context(), a); err != nil {
				t.Fatal(err)
			}
			checkOffsets(t, a)
			got, err := json.MarshalIndent(a.Entities, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, base+".golden.json", append(got, '\n'))
		})
	}
}

// stubTagger returns every occurrence of fixed strings as spans.
type stubTagger map[string]string // span text -> type

func (st stubTagger) Spans(text string) []Span {
	var out []Span
	for s, typ := range st {
		for off := 0; ; {
			i := strings.Index(text[off:], s)
			if i < 0 {
				break
			}
			out = append(out, Span{Type: typ, Start: off + i, End: off + i + len(s)})
			off += i + len(s)
		}
	}
	return out
}

func TestTaggerMerge(t *testing.T) {
	s, err := New(stubTagger{
		"Siti Rahmawati":  Person, // new person
		"Rusia":           Place,  // overlaps the gazetteer: dropped
		"Senin":           Person, // a weekday: dropped
		"Rahmawati":       Person, // bare name: joins Siti Rahmawati via coreference
		"Yayasan Lestari": Org,
	})
	if err != nil {
		t.Fatal(err)
	}
	a := newArticle(t, "id", "", "", "Siti Rahmawati dari Yayasan Lestari tiba di Rusia pada Senin. Rahmawati senang.")
	if err := s.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	checkOffsets(t, a)
	want := []brief{
		{ID: "person:siti-rahmawati", Mentions: []string{"Siti Rahmawati", "Rahmawati"}},
		{ID: "org:yayasan-lestari", Mentions: []string{"Yayasan Lestari"}},
		{ID: "country:RUS", Country: "RUS", Mentions: []string{"Rusia"}},
	}
	if diff := cmp.Diff(want, briefs(a.Entities)); diff != "" {
		t.Errorf("entities with a tagger (-want +got):\n%s", diff)
	}
}

// TestTaggerInitials checks that a tagger's person span takes the initials
// after it: "Franco" + "A." and "Saddam" + "R. Jihad".
func TestTaggerInitials(t *testing.T) {
	s, err := New(stubTagger{"Franco": Person, "Saddam": Person})
	if err != nil {
		t.Fatal(err)
	}
	a := newArticle(t, "id", "", "", "Polisi menyelidiki Franco A. kemarin. Saddam R. Jihad hadir.")
	if err := s.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	checkOffsets(t, a)
	want := []brief{
		{ID: "person:franco-a", Mentions: []string{"Franco A."}},
		{ID: "person:saddam-r-jihad", Mentions: []string{"Saddam R. Jihad"}},
	}
	if diff := cmp.Diff(want, briefs(a.Entities)); diff != "" {
		t.Errorf("entities with initials (-want +got):\n%s", diff)
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"johnson", "jhonson", 2}, {"johnson", "johnson", 0}, {"johnson", "becker", 7}, {"", "abc", 3}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("Presiden Rusia Vladimir Putin bertemu Menlu AS di Moskow. Kedua negara sepakat.", "Putin di Moskow")
	f.Add("U.S. President (", "")
	f.Add("Juru Bicara Kremlin , ", "Jubir Kemlu China")
	f.Add("Mohammed bin \n Salman al-", "AS$")
	s := newStage(f)
	sp, err := sentence.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, title string) {
		a := article.New()
		a.Doc.Text, a.Doc.Title = text, title
		a.Sentences = sp.Split(text)
		if err := s.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		checkOffsets(t, a)
	})
}

// BenchmarkEntity measures the stage without a tagger, in sentences per
// second, over the testdata articles (and, when present, the first 300
// articles of the shared Indonesian corpus).
func BenchmarkEntity(b *testing.B) {
	s := newStage(b)
	var arts []*article.Article
	files, _ := filepath.Glob("testdata/*.txt")
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, newArticle(b, "id", "2024-11-28", "", string(text)))
	}
	arts = append(arts, corpusArticles(b, 300)...)
	sents := 0
	for _, a := range arts {
		sents += len(a.Sentences)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, a := range arts {
			s.Extract(a)
		}
	}
	b.ReportMetric(float64(sents)*float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
}

// corpusArticles reads up to n articles of the shared corpus, if present.
func corpusArticles(b *testing.B, n int) []*article.Article {
	data, err := os.ReadFile("../../../../shared/corpus/id_news_clickid/articles.jsonl")
	if err != nil {
		return nil
	}
	var out []*article.Article
	for _, line := range strings.SplitN(string(data), "\n", n+1)[:n] {
		var rec struct{ Title, Content string }
		if json.Unmarshal([]byte(line), &rec) != nil {
			continue
		}
		out = append(out, newArticle(b, "id", "2019-09-01", rec.Title, rec.Content))
	}
	return out
}

// recordingTagger records the texts it is given and finds nothing.
type recordingTagger struct{ texts []string }

func (rt *recordingTagger) Spans(text string) []Span {
	rt.texts = append(rt.texts, text)
	return nil
}

// TestTaggerWindows checks what the tagger is asked to read: only the
// stretches of a sentence around a name candidate, tagContext tokens either
// side, and nothing for a sentence whose capitalised words are all covered
// by rules or are sentence-initial function words (name_stop.txt).
func TestTaggerWindows(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{
			name: "only known names",
			text: "Rusia dan China bertemu di Moskow, kata Indonesia.",
			want: nil,
		},
		{
			name: "sentence-initial function words",
			text: "Sedangkan pertemuan itu berlangsung lama. Dilansir dari kantor berita, Adapun hasilnya belum jelas.",
			want: nil,
		},
		{
			name: "a candidate far into a long sentence",
			text: "pertemuan yang berlangsung selama tiga jam di gedung tua itu akhirnya dihadiri oleh tokoh masyarakat Wirasena dari desa sebelah pada sore hari menjelang malam tiba.",
			want: []string{"akhirnya dihadiri oleh tokoh masyarakat Wirasena dari desa sebelah pada sore"},
		},
		{
			name: "near candidates share one window",
			text: "rapat itu dipimpin Wirasena dan Sukmajaya dari panitia penyelenggara acara tahunan desa yang ramai dikunjungi warga.",
			want: []string{"rapat itu dipimpin Wirasena dan Sukmajaya dari panitia penyelenggara acara tahunan"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := &recordingTagger{}
			s, err := New(rt)
			if err != nil {
				t.Fatal(err)
			}
			a := newArticle(t, "id", "", "", tt.text)
			if err := s.Run(t.Context(), a); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rt.texts); diff != "" {
				t.Errorf("texts given to the tagger (-want +got):\n%s", diff)
			}
		})
	}
}
