package meta

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/golden"
	"github.com/warta-dev/warta/internal/goldtest"
)

func newStage(t testing.TB) *Stage {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	s.now = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	return s
}

func render(a *article.Article) string {
	var b strings.Builder
	kv := func(k, v string) {
		if v != "" {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	kv("title", a.Doc.Title)
	kv("author", a.Doc.Author)
	kv("published", a.Doc.Published.String())
	kv("outlet", a.Doc.Outlet)
	kv("dateline", a.Doc.Dateline)
	kv("url", a.Doc.URL)
	for _, w := range a.Doc.Warnings {
		kv("warning", w)
	}
	b.WriteString("----\n" + a.Doc.Text + "\n")
	return b.String()
}

func TestGolden(t *testing.T) {
	s := newStage(t)
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata inputs: %v", err)
	}
	for _, in := range files {
		name := strings.TrimSuffix(filepath.Base(in), ".txt")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			a := article.New()
			a.Doc.Text = strings.TrimSpace(string(data))
			if err := s.Run(context.Background(), a, &article.Raw{Source: in}); err != nil {
				t.Fatalf("Run(%s) error = %v", in, err)
			}
			got := render(a)
			golden.Check(t, strings.TrimSuffix(in, ".txt")+".golden", []byte(got))
		})
	}
}

func TestParseRecord(t *testing.T) {
	s := newStage(t)
	tests := []struct {
		in, want string
		warn     string
	}{
		{"2019-09-17", "2019-09-17", ""},
		{"2024-11-28T13:05:00+07:00", "2024-11-28T13:05:00+07:00", ""},
		{"2024-11-28T06:05:00Z", "2024-11-28T06:05:00Z", ""},
		{"2019-09-10 21:48 WIB", "2019-09-10T21:48:00+07:00", ""},
		{"2019-09-10 21:48 WITA", "2019-09-10T21:48:00+08:00", ""},
		{"2019-09-10 21:48 WIT", "2019-09-10T21:48:00+09:00", ""},
		{"10/21/2025 20:43", "2025-10-21T20:43:00+07:00", ""},
		{"21/10/2025", "2025-10-21", ""},
		{"3/4/2025", "2025-03-04", ""},
		{"Tue, 17 Sep 2019 10:00:00 +0700", "2019-09-17T10:00:00+07:00", ""},
		{"Selasa, 17 September 2019 10:00 WIB", "2019-09-17T10:00:00+07:00", ""},
		{"17 Agustus 2019", "2019-08-17", ""},
		{"Sept 17, 2019", "2019-09-17", ""},
		{"Rabu, 22 Maret 2024", "2023-03-22", `weekday "Rabu" contradicts 2024-03-22; read as 2023-03-22`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, warn, err := s.ParseRecord(tt.in)
			if err != nil {
				t.Fatalf("ParseRecord(%q) error = %v", tt.in, err)
			}
			if got := p.String(); got != tt.want {
				t.Errorf("ParseRecord(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if warn != tt.warn {
				t.Errorf("ParseRecord(%q) warning = %q, want %q", tt.in, warn, tt.warn)
			}
		})
	}
	for _, bad := range []string{"kemarin", "2019", "13/13/2019", "31 Februari 2020"} {
		if p, _, err := s.ParseRecord(bad); err == nil {
			t.Errorf("ParseRecord(%q) = %v, want an error", bad, p)
		}
	}
}

func TestRecordWins(t *testing.T) {
	s := newStage(t)
	a := article.New()
	a.Doc.Title = "Judul dari Rekaman"
	a.Doc.Author = "Penulis Rekaman"
	a.Doc.Outlet = "tempo.co"
	a.Doc.URL = "https://dunia.tempo.co/read/1"
	a.Doc.Text = "Judul Lain di Baris Pertama Teks\nFajar Nugraha • 28 November 2024 13:05\nJAKARTA, KOMPAS.com - Isi berita dimulai di sini dengan kalimat yang cukup panjang.\nSumber: https://example.com/x"
	if err := s.Run(context.Background(), a, &article.Raw{Published: "2019-09-17"}); err != nil {
		t.Fatal(err)
	}
	want := article.Doc{
		Title: "Judul dari Rekaman", Author: "Penulis Rekaman", Outlet: "tempo.co",
		URL: "https://dunia.tempo.co/read/1", Dateline: "Jakarta",
		Text: "Judul Lain di Baris Pertama Teks\nIsi berita dimulai di sini dengan kalimat yang cukup panjang.",
	}
	got := article.Doc{Title: a.Doc.Title, Author: a.Doc.Author, Outlet: a.Doc.Outlet, URL: a.Doc.URL, Dateline: a.Doc.Dateline, Text: a.Doc.Text}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Run() mismatch (-want +got):\n%s", diff)
	}
	if got := a.Doc.Published.String(); got != "2019-09-17" {
		t.Errorf("Published = %q, want the record's 2019-09-17", got)
	}

	// The page's published time (set by clean) is kept when the record has none.
	b := article.New()
	page := time.Date(2024, 1, 2, 3, 4, 0, 0, time.UTC)
	b.Doc.Published = article.Published{Time: page, HasClock: true}
	b.Doc.Text = "28 November 2024 13:05\nIsi berita."
	if err := s.Run(context.Background(), b, &article.Raw{}); err != nil {
		t.Fatal(err)
	}
	if !b.Doc.Published.Time.Equal(page) {
		t.Errorf("Published = %v, want the page's %v", b.Doc.Published, page)
	}
	if got := outletFromURL("https://www.kompas.com/a"); got != "kompas.com" {
		t.Errorf("outletFromURL(www.kompas.com) = %q, want kompas.com", got)
	}
}

// TestGoldRecords checks record dates against the shared gold set, and that
// the text alone yields no absurd date. It skips without ../shared.
func TestGoldRecords(t *testing.T) {
	recs := goldtest.Records()
	if len(recs) == 0 {
		t.Skip("shared gold records not present")
	}
	s := newStage(t)
	s.now = time.Now
	for _, f := range recs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rec struct {
			Text, Title, Published, URL, Outlet string
		}
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		a := article.New()
		a.Doc.Text, a.Doc.Title, a.Doc.URL, a.Doc.Outlet = rec.Text, rec.Title, rec.URL, rec.Outlet
		if err := s.Run(context.Background(), a, &article.Raw{Published: rec.Published}); err != nil {
			t.Fatal(err)
		}
		if got := a.Doc.Published.Date(); got != rec.Published {
			t.Errorf("%s: Published.Date() = %q, want %q", filepath.Base(f), got, rec.Published)
		}
		// The text alone.
		b := article.New()
		b.Doc.Text = rec.Text
		if err := s.Run(context.Background(), b, nil); err != nil {
			t.Fatal(err)
		}
		if p := b.Doc.Published; p.Known() {
			rp, _, _ := s.ParseRecord(rec.Published)
			if d := p.Time.Sub(rp.Time); d > 60*24*time.Hour || d < -400*24*time.Hour {
				t.Errorf("%s: text date %s is far from the record's %s", filepath.Base(f), p, rec.Published)
			}
		}
	}
}

func FuzzMeta(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, in := range files {
		if data, err := os.ReadFile(in); err == nil {
			f.Add(string(data), "")
		}
	}
	f.Add("Rabu (31/2/2024)\nx", "10/21/2025 20:43")
	f.Add("JAKARTA, A.b -\n", "Senin, 99 Mei 99999 99:99 GMT+99")
	s := newStage(f)
	f.Fuzz(func(t *testing.T, text, published string) {
		a := article.New()
		a.Doc.Text = text
		_ = s.Run(context.Background(), a, &article.Raw{Published: published})
		_, _, _ = s.ParseRecord(published)
	})
}

func BenchmarkMeta(b *testing.B) {
	s := newStage(b)
	data, err := os.ReadFile("testdata/kompas_lede.txt")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString("Judul Berita yang Cukup Panjang untuk Sebuah Headline\n")
	sb.WriteString("Fajar Nugraha • 28 November 2024 13:05\n")
	for sb.Len() < 3000 {
		sb.WriteString("Kedua pemimpin membahas perbatasan, perlindungan pekerja migran, kabut asap, dan perdagangan kedua negara yang terus tumbuh.\n")
	}
	sb.Write(data)
	text := sb.String()
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		a := article.New()
		a.Doc.Text = text
		if err := s.Run(ctx, a, &article.Raw{}); err != nil {
			b.Fatal(err)
		}
	}
}
