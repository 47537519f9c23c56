package clean

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/golden"
)

func newStage(t testing.TB) *Stage {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	return s
}

// render is the golden form of a cleaned article: its metadata and
// warnings, a separator, then the text.
func render(a *article.Article) string {
	var b strings.Builder
	kv := func(k, v string) {
		if v != "" {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	kv("title", a.Doc.Title)
	kv("author", a.Doc.Author)
	kv("outlet", a.Doc.Outlet)
	kv("url", a.Doc.URL)
	kv("published", a.Doc.Published.String())
	for _, w := range a.Doc.Warnings {
		kv("warning", w)
	}
	b.WriteString("----\n")
	b.WriteString(a.Doc.Text)
	b.WriteString("\n")
	return b.String()
}

func TestGolden(t *testing.T) {
	s := newStage(t)
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range files {
		ext := filepath.Ext(in)
		if ext != ".txt" && ext != ".html" {
			continue
		}
		n++
		name := strings.TrimSuffix(filepath.Base(in), ext)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			raw := &article.Raw{Source: filepath.Base(in), Content: string(data)}
			if ext == ".html" {
				raw.Kind = article.KindHTML
			}
			a := article.New()
			if err := s.Run(context.Background(), a, raw); err != nil {
				t.Fatalf("Run(%s) error = %v", in, err)
			}
			got := render(a)
			golden.Check(t, strings.TrimSuffix(in, ext)+".golden", []byte(got))
			// Cleaning is idempotent on its own output.
			again, _ := s.Clean(a.Doc.Text)
			if again != a.Doc.Text {
				t.Errorf("Clean(Clean(%s)) changed the text:\n%s", in, cmp.Diff(a.Doc.Text, again))
			}
		})
	}
	if n == 0 {
		t.Fatal("no testdata inputs")
	}
}

func TestRecordFieldsWin(t *testing.T) {
	s := newStage(t)
	page, err := os.ReadFile("testdata/html_article.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		raw  article.Raw
		want article.Doc
	}{
		{
			name: "page metadata when the record has none",
			raw:  article.Raw{Source: "p.html", Kind: article.KindHTML, Content: string(page)},
			want: article.Doc{
				Source: "p.html", Title: "Indonesia dan Vietnam Sepakati Kerja Sama Perikanan",
				Author: "Dewi Lestari", Outlet: "Contoh News",
				URL: "https://www.contohnews.co.id/internasional/2024/11/28/indonesia-vietnam-perikanan",
			},
		},
		{
			name: "record fields win",
			raw: article.Raw{
				Source: "r.jsonl", Kind: article.KindHTML, Content: string(page),
				Title: "Judul Rekaman", URL: "https://example.id/a", Outlet: "example.id",
				Author: "Budi", Language: "id", Published: "2019-09-17",
			},
			want: article.Doc{
				Source: "r.jsonl", Title: "Judul Rekaman", Author: "Budi", Outlet: "example.id",
				URL: "https://example.id/a", Language: "id",
			},
		},
		{
			name: "record title is repaired",
			raw:  article.Raw{Source: "t.txt", Content: "Isi berita.", Title: "Susi Ungkap Kuatnya¬†Lobi  Pemain"},
			want: article.Doc{Source: "t.txt", Title: "Susi Ungkap Kuatnya Lobi Pemain"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := article.New()
			if err := s.Run(context.Background(), a, &tt.raw); err != nil {
				t.Fatal(err)
			}
			got := article.Doc{Source: a.Doc.Source, Title: a.Doc.Title, Author: a.Doc.Author,
				Outlet: a.Doc.Outlet, URL: a.Doc.URL, Language: a.Doc.Language}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Run() doc mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// The page's published time is kept for meta; raw.Published is not read here.
	a := article.New()
	if err := s.Run(context.Background(), a, &article.Raw{Kind: article.KindHTML, Content: string(page)}); err != nil {
		t.Fatal(err)
	}
	if got, want := a.Doc.Published.String(), "2024-11-28T13:05:00+07:00"; got != want {
		t.Errorf("Published = %q, want %q", got, want)
	}
}

func TestRepairMojibake(t *testing.T) {
	s := newStage(t)
	tests := []struct {
		name, in, want string
		warn           string
	}{
		{"windows-1252 quotes", "â€œHaloâ€� katanya", "“Halo” katanya", "repaired mojibake (windows-1252)"},
		{"windows-1252 accent", "CafÃ© dan Â£5", "Café dan £5", "repaired mojibake (windows-1252)"},
		{"windows-1252 lost 0x9D", "â€œYaâ€ kata dia", "“Ya” kata dia", "repaired mojibake (windows-1252)"},
		{"mac roman quotes", "‚ÄúHalo,‚Äù katanya", "“Halo,” katanya", "repaired mojibake (mac roman)"},
		{"mac roman nbsp", "Kuatnya¬†Lobi", "Kuatnya Lobi", "repaired mojibake (mac roman)"},
		{"mac roman decomposed accent", "CafeÃÅ Square", "Café Square", "repaired mojibake (mac roman)"},
		{"correct é survives", "Café Méditerranée", "Café Méditerranée", ""},
		{"correct £ and quotes survive", "“éclair” £4 – √2 Ω", "“éclair” £4 – √2 Ω", ""},
		{"correct Indonesian text", "Jakarta — Presiden “menyambut” tamu.", "Jakarta — Presiden “menyambut” tamu.", ""},
		{"latin-1 bytes", "Fran\xe7ois L\xe9ger \x80" + "5", "François Léger €5", "decoded as windows-1252"},
		{"unrepairable", "rusak \uFFFD di sini", "rusak \uFFFD di sini", "text contains undecodable characters (U+FFFD)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warns := s.Clean(tt.in)
			if got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if tt.warn == "" && len(warns) > 0 {
				t.Errorf("Clean(%q) warnings = %q, want none", tt.in, warns)
			}
			if tt.warn != "" && !contains(warns, tt.warn) {
				t.Errorf("Clean(%q) warnings = %q, want %q", tt.in, warns, tt.warn)
			}
		})
	}
}

func TestChromeRules(t *testing.T) {
	s := newStage(t)
	body := "Presiden membuka rapat kabinet di Istana Merdeka pada Senin pagi."
	tests := []struct {
		name, in, want string
	}{
		{"baca juga heading and list", body + "\nBaca juga:\nHarga Beras Naik\nBBM Turun\n" + body, body + "\n" + body},
		{"baca juga before a normal paragraph", body + "\nBaca Juga :\n\"Kami siap,\" ujarnya.", body + "\n\"Kami siap,\" ujarnya."},
		{"baca juga inline", "Rapat dimulai pukul 09.00. Baca juga: Menteri Baru Dilantik Rapat berlangsung tertutup.", "Rapat dimulai pukul 09.00. Rapat berlangsung tertutup."},
		{"baca juga inline at end", "Rapat dimulai pukul 09.00. Baca juga: Menteri Baru Dilantik", "Rapat dimulai pukul 09.00."},
		{"baca juga in brackets", "Rapat (Baca juga: Menteri Baru Dilantik) berlangsung tertutup.", "Rapat berlangsung tertutup."},
		{"populer", body + "\nPopuler\nA Menang\nB Kalah", body},
		{"terpopuler", body + "\nTerpopuler\nA Menang", body},
		{"populer in a sentence kept", "Lagu itu populer di kalangan remaja.", "Lagu itu populer di kalangan remaja."},
		{"update heading", body + "\nUPDATE\nBanjir Surut\nJalan Dibuka\n" + body, body + "\n" + body},
		{"update in a sentence kept", "Pemerintah akan memberikan update pekan depan.", "Pemerintah akan memberikan update pekan depan."},
		{"berita terkait", body + "\nBerita Terkait\nA Menang", body},
		{"selengkapnya", body + "\nBaca selengkapnya di sini", body},
		{"iklan placeholders", "Harga naik. [iklan_2] Pembeli sepi. [ads]", "Harga naik. Pembeli sepi."},
		{"komentar", body + "\nKomentar (0)", body},
		{"exit mobile version", body + "\nExit mobile version", body},
		{"scroll", body + "\nSCROLL TO CONTINUE WITH CONTENT\n" + body, body + "\n" + body},
		{"advertisement", body + "\nADVERTISEMENT", body},
		{"share lines", body + "\nBagikan\nShare\nFacebook Twitter WhatsApp", body},
		{"copyright", body + "\nCopyright © 2025 PT Contoh\nHak Cipta Dilindungi", body},
		{"ikuti kami", body + "\nIkuti kami di Instagram @contoh", body},
		{"tonton juga", body + "\nTonton juga: Video Banjir Jakarta", body},
		{"simak video", body + "\nSimak video \"Rapat Kabinet\"", body},
		{"dapatkan update", body + "\nDapatkan update berita terbaru setiap hari", body},
		{"download aplikasi", body + "\nDownload aplikasi Contoh sekarang", body},
		{"english read more", "The talks ended. Read more: Ministers Meet Again\nRelated Stories\nA Wins", "The talks ended."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := s.Clean(tt.in)
			if got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRulesNamed(t *testing.T) {
	s := newStage(t)
	seen := map[string]bool{}
	for _, r := range s.Rules() {
		if r.Name == "" || r.Note == "" {
			t.Errorf("rule %+v lacks a name or note", r)
		}
		if seen[r.Name] {
			t.Errorf("rule name %q used twice", r.Name)
		}
		seen[r.Name] = true
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func FuzzClean(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, in := range files {
		if data, err := os.ReadFile(in); err == nil {
			f.Add(string(data))
		}
	}
	f.Add("â€œ‚Äú¬†Ã©\uFFFD\r\n[iklan_1] Baca juga: A B C d")
	s := newStage(f)
	f.Fuzz(func(t *testing.T, in string) {
		out, _ := s.Clean(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Clean(%q) = %q: invalid UTF-8", in, out)
		}
		again, _ := s.Clean(out)
		if again != out {
			t.Fatalf("Clean not idempotent:\nin    %q\nonce  %q\ntwice %q", in, out, again)
		}
	})
}

func BenchmarkClean(b *testing.B) {
	s := newStage(b)
	data, err := os.ReadFile("testdata/chrome_baca_juga.txt")
	if err != nil {
		b.Fatal(err)
	}
	// About 3 KB of article text with chrome in it.
	var sb strings.Builder
	for sb.Len() < 3000 {
		sb.Write(data)
	}
	text := sb.String()
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		a := article.New()
		if err := s.Run(ctx, a, &article.Raw{Content: text}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCleanHTML(b *testing.B) {
	s := newStage(b)
	data, err := os.ReadFile("testdata/html_article.html")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		a := article.New()
		if err := s.Run(ctx, a, &article.Raw{Kind: article.KindHTML, Content: string(data)}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHTMLFallback(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxHTMLElems = 3 // readability gives up: the whole body is read
	s, err := NewWithConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/html_article.html")
	if err != nil {
		t.Fatal(err)
	}
	a := article.New()
	if err := s.Run(context.Background(), a, &article.Raw{Kind: article.KindHTML, Content: string(data)}); err != nil {
		t.Fatal(err)
	}
	if !contains(a.Doc.Warnings, "html: no main article found; used the whole page text") {
		t.Errorf("Warnings = %q, want the fallback warning", a.Doc.Warnings)
	}
	for _, want := range []string{"Indonesia dan Vietnam Sepakati Kerja Sama Perikanan\nJAKARTA, Contoh.com", "ujarnya.\nDelegasi Vietnam"} {
		if !strings.Contains(a.Doc.Text, want) {
			t.Errorf("Text = %q, want it to contain %q", a.Doc.Text, want)
		}
	}
	for _, chrome := range []string{"Beranda", "Terpopuler", "Harga Emas", "Copyright", "Baca juga", "iklan", "var ads"} {
		if strings.Contains(a.Doc.Text, chrome) {
			t.Errorf("Text contains chrome %q:\n%s", chrome, a.Doc.Text)
		}
	}
}
