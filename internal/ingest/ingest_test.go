package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
)

func TestWalkFiles(t *testing.T) {
	const jl = "testdata/berita.jsonl"
	tests := []struct {
		name      string
		input     string
		want      []article.Raw
		wantFails []string
	}{
		{
			name:  "txt",
			input: "testdata/berita.txt",
			want:  []article.Raw{{Source: "testdata/berita.txt", Kind: article.KindText, Content: readFixture(t, "berita.txt")}},
		},
		{
			name:  "html",
			input: "testdata/halaman.html",
			want:  []article.Raw{{Source: "testdata/halaman.html", Kind: article.KindHTML, Content: readFixture(t, "halaman.html")}},
		},
		{
			name:  "json single record",
			input: "testdata/satu.json",
			want: []article.Raw{{
				Source: "testdata/satu.json", Kind: article.KindText,
				Content:   "Nilai ekspor batu bara Indonesia ke India naik 12 persen pada Januari 2025, menurut data Badan Pusat Statistik.",
				Title:     "Ekspor Batu Bara ke India Meningkat",
				Published: "2025-02-14", URL: "https://contoh.id/ekonomi/ekspor-batu-bara", Outlet: "Contoh News", Language: "id",
			}},
		},
		{
			name:  "json array",
			input: "testdata/banyak.json",
			want: []article.Raw{
				{
					Source: "testdata/banyak.json", Line: 2, Kind: article.KindText,
					Content: "Indonesia dan Vietnam menyepakati kuota tangkapan ikan di Laut Natuna Utara.",
					Title:   "Indonesia dan Vietnam Sepakati Kuota Ikan", Published: "2025-01-20",
				},
				{
					Source: "testdata/banyak.json", Line: 5, Kind: article.KindText,
					Content: "Bank Indonesia menahan suku bunga acuan di level 5,75 persen.",
					Title:   "Bank Indonesia Tahan Suku Bunga", Published: "2025-01-21 14:05 WIB", Author: "Rina, Budi",
				},
			},
			wantFails: []string{"testdata/banyak.json:4: record is not a json object"},
		},
		{
			name:  "jsonl with bad lines in the middle",
			input: jl,
			want: []article.Raw{
				{
					Source: jl, Line: 1, Kind: article.KindText,
					Content:   "Menteri Pertahanan mengunjungi galangan kapal di Surabaya.\nIa meninjau pembangunan kapal selam.",
					Title:     "Menhan Kunjungi Pabrik Kapal Selam",
					Published: "2019-09-10 21:48 WIB", URL: "https://contoh.id/a", Outlet: "Kompas.com",
				},
				{
					Source: jl, Line: 3, Kind: article.KindHTML,
					Content: "<p>Presiden Filipina tiba di Bali untuk KTT ASEAN.</p>", Title: "Halaman HTML", Language: "id",
				},
				{
					Source: jl, Line: 5, Kind: article.KindText,
					Content: "Harga minyak mentah Brent turun 2 persen.", Title: "Harga Minyak Dunia Turun",
					Published: "2019-09-12", Author: "Andi", Outlet: "Tempo",
				},
				{
					Source: jl, Line: 9, Kind: article.KindText,
					Content:   "Duta Besar Rusia bertemu Ketua DPR di Senayan.",
					Published: "Selasa, 10 Sep 2019 21:48:00 +0700", URL: "https://contoh.id/b",
				},
			},
			wantFails: []string{
				jl + ":4: malformed json: unexpected end of JSON input",
				jl + ":6: record has no text field (want text, content, isi_berita or body)",
				jl + `:7: no text: record field "text" is empty`,
				jl + ":8: record is not a json object",
			},
		},
		{
			name:  "csv with multi-line quoted field",
			input: "testdata/berita.csv",
			want: []article.Raw{
				{
					Source: "testdata/berita.csv", Line: 2, Kind: article.KindText,
					Content: "Presiden menyebut inflasi terjaga di sekitar 2 persen.\n\"Kita mampu menjaga inflasi,\" ujar Presiden, Selasa (21/10/2025).",
					Title:   "Presiden Banggakan Angka Inflasi", Published: "10/21/2025 20:43", URL: "https://contoh.id/d-1",
				},
				{
					Source: "testdata/berita.csv", Line: 4, Kind: article.KindText,
					Content: "Gubernur Riau meluncurkan mobil pangan keliling untuk menekan harga.",
					Title:   "Gubernur Luncurkan Mobil Pangan", Published: "10/20/2025 21:36", URL: "https://contoh.id/d-2",
				},
				{
					Source: "testdata/berita.csv", Line: 6, Kind: article.KindText,
					Content: "Menteri Perhubungan meninjau Pelabuhan Tanjung Priok.",
					Title:   "Menteri Tinjau Pelabuhan", Published: "10/18/2025 08:15", URL: "https://contoh.id/d-4",
				},
			},
			wantFails: []string{`testdata/berita.csv:5: no text: record field "isi_berita" is empty`},
		},
		{
			name:  "tsv",
			input: "testdata/berita.tsv",
			want: []article.Raw{
				{Source: "testdata/berita.tsv", Line: 2, Content: "Para pemimpin G20 berkumpul di Rio de Janeiro.", Title: "KTT G20 Dibuka", Published: "2024-11-18"},
				{Source: "testdata/berita.tsv", Line: 3, Content: "Perdana Menteri India tiba di Jakarta.", Title: "PM India Tiba", Published: "2024-11-19"},
			},
		},
		{
			name:  "csv without a text column",
			input: "testdata/tanpa_teks.csv",
			wantFails: []string{
				`testdata/tanpa_teks.csv: no text column (want text, content, isi_berita or body); header is "id", "judul", "tanggal"`,
			},
		},
		{
			name:  "nonexistent path",
			input: "testdata/tidak_ada.txt",
			wantFails: []string{
				"testdata/tidak_ada.txt: no such file or directory",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := walk(t, offline(DefaultOptions()), tt.input)
			if diff := cmp.Diff(tt.want, c.raws); diff != "" {
				t.Errorf("Walk(%q) articles (-want +got):\n%s", tt.input, diff)
			}
			if diff := cmp.Diff(tt.wantFails, c.fails); diff != "" {
				t.Errorf("Walk(%q) failures (-want +got):\n%s", tt.input, diff)
			}
		})
	}
}

func TestWalkFeedFiles(t *testing.T) {
	t.Run("rss", func(t *testing.T) {
		c := walk(t, offline(DefaultOptions()), "testdata/feed.xml")
		if len(c.raws) != 1 {
			t.Fatalf("Walk(feed.xml) gave %d articles, want 1", len(c.raws))
		}
		got := c.raws[0]
		got.Content = got.Content[:20]
		want := article.Raw{
			Source: "testdata/feed.xml", Kind: article.KindHTML, Content: "<p>CANBERRA - Pemeri",
			Title:     "Indonesia dan Australia Perkuat Kerja Sama Maritim",
			Published: "Selasa, 10 Sep 2019 21:48:00 +0700", // gofeed cannot parse it: passed as written
			URL:       "https://contoh.id/internasional/maritim", Outlet: "Warta Contoh - Internasional",
			Author: "Sari Wulandari", Language: "id",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Walk(feed.xml) (-want +got):\n%s", diff)
		}
		// The second item is a teaser whose link cannot be fetched offline.
		wantFails := []string{"testdata/feed.xml: item 2: GET https://contoh.id/ekonomi/emas: offline test"}
		if diff := cmp.Diff(wantFails, c.fails); diff != "" {
			t.Errorf("Walk(feed.xml) failures (-want +got):\n%s", diff)
		}
	})
	t.Run("atom", func(t *testing.T) {
		c := walk(t, offline(DefaultOptions()), "testdata/atom.xml")
		if len(c.raws) != 1 || len(c.fails) != 0 {
			t.Fatalf("Walk(atom.xml) = %d articles, fails %q; want 1, none", len(c.raws), c.fails)
		}
		got := c.raws[0]
		if !strings.HasPrefix(got.Content, "<p>ASTANA") {
			t.Errorf("Content = %.30q, want the entry's HTML", got.Content)
		}
		got.Content = ""
		want := article.Raw{
			Source: "testdata/atom.xml", Kind: article.KindHTML, Title: "Putin Kunjungi Kazakhstan",
			Published: "2024-11-28T13:05:00+07:00", URL: "https://kabar.contoh.id/dunia/putin-kazakhstan",
			Outlet: "Kabar Dunia Contoh", Author: "Dewi Lestari", Language: "id",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Walk(atom.xml) (-want +got):\n%s", diff)
		}
	})
}

// TestBadInputs covers every bad input: each is one failure, never a stop.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	jsonl := []byte("{\"text\": \"Baris satu.\"}\n{\"text\": \"Baris dua.\"}\n{\"text\": \"Baris tiga yang terpotong.\"}\n")
	gzJSONL := gz(t, jsonl)
	bigLine := []byte("{\"text\": \"" + strings.Repeat("a", 200) + "\"}\n{\"text\": \"pendek\"}\n")
	tests := []struct {
		name      string
		file      string
		data      []byte
		opts      func(*Options)
		wantTexts []string
		wantFails []string
		wantErr   error // errors.Is on the first failure
	}{
		{
			name: "binary txt", file: "gambar.txt", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
			wantFails: []string{"gambar.txt: binary file, not text"}, wantErr: ErrBinary,
		},
		{
			name: "control bytes without nul", file: "kontrol.txt", data: bytes.Repeat([]byte{1, 2, 3, 'a', 4, 5}, 50),
			wantFails: []string{"kontrol.txt: binary file, not text"}, wantErr: ErrBinary,
		},
		{
			name: "binary jsonl is one failure", file: "acak.jsonl", data: bytes.Repeat([]byte("\x00\x01\n"), 1000),
			wantFails: []string{"acak.jsonl: binary file, not text"}, wantErr: ErrBinary,
		},
		{
			name: "empty txt", file: "kosong.txt", data: nil,
			wantFails: []string{"kosong.txt: empty file"}, wantErr: ErrEmpty,
		},
		{
			name: "white space only", file: "spasi.html", data: []byte("  \n\t\n"),
			wantFails: []string{"spasi.html: empty file"}, wantErr: ErrEmpty,
		},
		{
			name: "empty csv", file: "kosong.csv", data: nil,
			wantFails: []string{"kosong.csv: empty file"}, wantErr: ErrEmpty,
		},
		{
			name: "empty gzip", file: "kosong.jsonl.gz", data: gz(t, nil),
			wantFails: []string{"kosong.jsonl.gz: empty file"}, wantErr: ErrEmpty,
		},
		{
			name: "invalid utf-8 passes through", file: "latin1.txt", data: []byte("Caf\xe9 di Jakarta, harga \xa3 naik.\n"),
			wantTexts: []string{"Caf\xe9 di Jakarta, harga \xa3 naik.\n"},
		},
		{
			name: "invalid utf-8 in a jsonl string passes through", file: "latin1.jsonl", data: []byte("{\"text\": \"Caf\xe9\\n\\u00e9\\ud83d\\ude00\"}\n"),
			wantTexts: []string{"Caf\xe9\né😀"},
		},
		{
			name: "utf-16 with bom", file: "utf16.txt", data: []byte("\xff\xfeA\x00p\x00a\x00 \x00k\x00a\x00b\x00a\x00r\x00?\x00"),
			wantTexts: []string{"Apa kabar?"},
		},
		{
			name: "gzip jsonl", file: "berita.jsonl.gz", data: gzJSONL,
			wantTexts: []string{"Baris satu.", "Baris dua.", "Baris tiga yang terpotong."},
		},
		{
			name: "truncated gzip header", file: "rusak.jsonl.gz", data: gzJSONL[:5],
			wantFails: []string{"rusak.jsonl.gz: truncated gzip stream: unexpected EOF"},
		},
		{
			name: "line over MaxLine", file: "panjang.jsonl", data: bigLine,
			opts:      func(o *Options) { o.MaxLine = 100 },
			wantTexts: []string{"pendek"},
			wantFails: []string{"panjang.jsonl:1: input too large: line over the 100 B limit"},
			wantErr:   ErrTooLarge,
		},
		{
			name: "json value over MaxLine", file: "besar.json",
			data:      []byte("[{\"text\": \"pendek\"},\n{\"text\": \"" + strings.Repeat("a", 5000) + "\"}]"),
			opts:      func(o *Options) { o.MaxLine = 100 },
			wantTexts: []string{"pendek"},
			wantFails: []string{"besar.json:2: input too large: json value over the 100 B limit"},
			wantErr:   ErrTooLarge,
		},
		{
			name: "csv record over MaxLine", file: "kutip.csv",
			data:      []byte("text\npendek\n\"tidak ditutup " + strings.Repeat("kata ", 2000)),
			opts:      func(o *Options) { o.MaxLine = 100 },
			wantTexts: []string{"pendek"},
			wantFails: []string{"kutip.csv: input too large: csv record over the 100 B limit"},
			wantErr:   ErrTooLarge,
		},
		{
			name: "txt over MaxBytes", file: "besar.txt", data: bytes.Repeat([]byte("kata "), 1000),
			opts:      func(o *Options) { o.MaxBytes = 1 << 10 },
			wantFails: []string{"besar.txt: input too large: over the 1 KiB limit"},
			wantErr:   ErrTooLarge,
		},
		{
			name: "json syntax error", file: "rusak.json", data: []byte("{\"text\": \"ok\",\n\"title\": }"),
			wantFails: []string{"rusak.json:1: malformed json: invalid character '}' looking for beginning of value"},
		},
		{
			name: "json scalar", file: "angka.json", data: []byte("42"),
			wantFails: []string{"angka.json: not a json object or array of objects"},
		},
		{
			name: "csv stray quote kept", file: "kutip.csv",
			data:      []byte("judul,text\nA,\"satu\"x\"\nB,dua\n"),
			wantTexts: []string{"satu\"x", "dua"}, // LazyQuotes
		},
		{
			name: "unknown extension sniffed as text", file: "BACA_SAYA", data: []byte("Ini teks biasa.\n"),
			wantTexts: []string{"Ini teks biasa.\n"},
		},
		{
			name: "unknown extension sniffed as binary", file: "data.bin", data: []byte{0, 1, 2, 3, 0xff},
			wantFails: []string{"data.bin: binary file, not text"}, wantErr: ErrBinary,
		},
		{
			name: "unknown extension sniffed as jsonl", file: "catatan.log",
			data:      []byte("{\"text\": \"satu\"}\n{\"text\": \"dua\"}\n"),
			wantTexts: []string{"satu", "dua"},
		},
		{
			name: "unknown extension sniffed as feed", file: "umpan",
			data: []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>x</title>` +
				`<description>` + strings.Repeat("kata ", 120) + `</description></item></channel></rss>`),
			wantTexts: []string{strings.TrimSpace(strings.Repeat("kata ", 120))},
		},
		{
			name: "xml that is not a feed", file: "bukan.xml", data: []byte("<?xml version=\"1.0\"?><catatan>halo</catatan>"),
			wantFails: []string{"bukan.xml: bad feed: failed to detect feed type"},
		},
		{
			name: "warc that is not a warc", file: "bukan.warc", data: []byte("halo dunia\r\n"),
			wantFails: []string{`bukan.warc: warc record at offset 0: not a warc record: starts with "halo dunia"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, dir, tt.file, tt.data)
			opts := DefaultOptions()
			if tt.opts != nil {
				tt.opts(&opts)
			}
			c := walk(t, offline(opts), p)
			var texts []string
			for _, r := range c.raws {
				texts = append(texts, r.Content)
			}
			if diff := cmp.Diff(tt.wantTexts, texts); diff != "" {
				t.Errorf("Walk(%s) texts (-want +got):\n%s", tt.file, diff)
			}
			var fails []string
			for _, f := range c.fails {
				fails = append(fails, strings.TrimPrefix(f, dir+string(filepath.Separator)))
			}
			if diff := cmp.Diff(tt.wantFails, fails); diff != "" {
				t.Errorf("Walk(%s) failures (-want +got):\n%s", tt.file, diff)
			}
			if tt.wantErr != nil && (len(c.errs) == 0 || !errors.Is(c.errs[0], tt.wantErr)) {
				t.Errorf("Walk(%s) failure = %v, want errors.Is %v", tt.file, c.errs, tt.wantErr)
			}
			for _, f := range c.fails {
				if strings.Contains(f, "\n") {
					t.Errorf("failure %q spans lines", f)
				}
			}
		})
	}
}

// TestTruncatedGzip cuts compressed files in the middle: every line or
// record before the cut arrives, then one failure names the line reached.
func TestTruncatedGzip(t *testing.T) {
	var jsonl, csv bytes.Buffer
	csv.WriteString("id,isi_berita\n")
	for i := range 400 {
		// Varied text so that the compressed stream is long enough to cut.
		fmt.Fprintf(&jsonl, "{\"text\": \"Berita nomor %d: nilai %x.\"}\n", i, i*i*7919)
		fmt.Fprintf(&csv, "%d,\"Berita nomor %d:\nnilai %x.\"\n", i, i, i*i*7919)
	}
	tests := []struct {
		name     string
		file     string
		data     []byte
		lineOf   func(emitted int) int // the line the cut is reported at
		wantText func(i int) string
	}{
		{
			name: "jsonl", file: "potong.jsonl.gz", data: jsonl.Bytes(),
			lineOf:   func(n int) int { return n + 1 },
			wantText: func(i int) string { return fmt.Sprintf("Berita nomor %d: nilai %x.", i, i*i*7919) },
		},
		{
			name: "csv", file: "potong.csv.gz", data: csv.Bytes(),
			lineOf:   func(n int) int { return 2 + 2*n },
			wantText: func(i int) string { return fmt.Sprintf("Berita nomor %d:\nnilai %x.", i, i*i*7919) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z := gz(t, tt.data)
			p := writeFile(t, t.TempDir(), tt.file, z[:len(z)/2])
			c := walk(t, offline(DefaultOptions()), p)
			if len(c.raws) < 10 || len(c.raws) > 390 {
				t.Fatalf("Walk(%s) gave %d articles, want the part before the cut", tt.file, len(c.raws))
			}
			for i, r := range c.raws {
				if r.Content != tt.wantText(i) {
					t.Fatalf("article %d = %q, want %q", i, r.Content, tt.wantText(i))
				}
			}
			want := []string{fmt.Sprintf("%s:%d: truncated gzip stream: unexpected EOF", p, tt.lineOf(len(c.raws)))}
			if diff := cmp.Diff(want, c.fails); diff != "" {
				t.Errorf("Walk(%s) failures (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

func TestWalkDir(t *testing.T) {
	c := walk(t, offline(DefaultOptions()), "testdata/dir")
	var got []string
	for _, r := range c.raws {
		got = append(got, r.Where())
	}
	want := []string{"testdata/dir/a.txt", "testdata/dir/sub/b.html", "testdata/dir/sub/c.jsonl:1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Walk(testdata/dir) (-want +got):\n%s", diff)
	}
	if len(c.fails) != 0 {
		t.Errorf("Walk(testdata/dir) failures = %q, want none", c.fails)
	}
	// A hidden file given by name is read.
	c = walk(t, offline(DefaultOptions()), "testdata/dir/.d.txt")
	if len(c.raws) != 1 {
		t.Errorf("Walk(.d.txt) gave %d articles, want 1", len(c.raws))
	}
}

func TestProgressAddsUpToSize(t *testing.T) {
	dir := t.TempDir()
	jsonl := bytes.Repeat([]byte("{\"text\": \"Berita singkat tentang diplomasi.\"}\n"), 3000)
	writeFile(t, dir, "a/besar.jsonl", jsonl)
	writeFile(t, dir, "a/besar.jsonl.gz", gz(t, jsonl))
	writeFile(t, dir, "a/rusak.txt", []byte{0, 0, 0})
	writeFile(t, dir, "a/.tersembunyi.txt", []byte("tidak dihitung"))
	writeFile(t, dir, "a/abaikan.png", []byte("tidak dihitung"))
	inputs := []string{filepath.Join(dir, "a"), "testdata/berita.csv", "testdata/tidak_ada.txt", "https://contoh.id/"}
	r := offline(DefaultOptions())
	c := &collect{}
	if err := r.Walk(context.Background(), inputs, c); err != nil {
		t.Fatal(err)
	}
	if want := Size(inputs); c.progress != want {
		t.Errorf("progress = %d, want Size = %d", c.progress, want)
	}
	if c.calls < 3000 {
		t.Errorf("Progress called %d times, want one call per line or so", c.calls)
	}
	if len(c.raws) != 6000+3 {
		t.Errorf("got %d articles, want %d", len(c.raws), 6003)
	}
	// A sink without Progress works too.
	c2 := &collect{}
	if err := r.Walk(context.Background(), inputs, plainSink{c2}); err != nil || len(c2.raws) != len(c.raws) {
		t.Errorf("Walk(plain sink) = %v with %d articles, want nil with %d", err, len(c2.raws), len(c.raws))
	}
}

func TestSize(t *testing.T) {
	info := func(name string) int64 {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	want := info("testdata/dir/a.txt") + info("testdata/dir/sub/b.html") + info("testdata/dir/sub/c.jsonl") +
		info("testdata/berita.txt")
	got := Size([]string{"testdata/dir", "testdata/berita.txt", "http://contoh.id/x", "testdata/tidak_ada"})
	if got != want {
		t.Errorf("Size = %d, want %d", got, want)
	}
}

func TestWalkStops(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "banyak.jsonl", bytes.Repeat([]byte("{\"text\": \"satu baris\"}\n"), 1000))

	t.Run("sink error", func(t *testing.T) {
		c := &collect{stopAfter: 3}
		err := offline(DefaultOptions()).Walk(context.Background(), []string{p, "testdata/berita.txt"}, c)
		if !errors.Is(err, errStop) {
			t.Errorf("Walk = %v, want errStop", err)
		}
		if len(c.raws) != 3 {
			t.Errorf("got %d articles after the sink stopped, want 3", len(c.raws))
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		c := &cancelSink{cancel: cancel, after: 5}
		err := offline(DefaultOptions()).Walk(ctx, []string{p, "testdata/dir"}, c)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Walk = %v, want context.Canceled", err)
		}
		if c.n != 5 {
			t.Errorf("got %d articles, want 5 (none after cancel)", c.n)
		}
	})
}

// cancelSink cancels its context after a number of articles.
type cancelSink struct {
	cancel context.CancelFunc
	after  int
	n      int
}

func (s *cancelSink) Article(ctx context.Context, _ *article.Raw) error {
	s.n++
	if s.n == s.after {
		s.cancel()
	}
	return nil
}

func (s *cancelSink) Fail(string, error) {}

func TestFormatByName(t *testing.T) {
	tests := []struct {
		name string
		want format
	}{
		{"a.TXT", formatText},
		{"a.htm", formatHTML},
		{"a.HTML", formatHTML},
		{"a.json", formatJSON},
		{"a.jsonl", formatJSONL},
		{"a.JSONL.GZ", formatJSONL},
		{"a.ndjson", formatJSONL},
		{"a.csv", formatCSV},
		{"a.tsv", formatTSV},
		{"a.rss", formatFeed},
		{"a.atom", formatFeed},
		{"a.xml", formatFeed},
		{"a.warc.gz", formatWARC},
		{"a.warc", formatWARC},
		{"a.png", formatUnknown},
		{"a.gz", formatUnknown},
		{"README", formatUnknown},
	}
	for _, tt := range tests {
		if got := formatByName(tt.name); got != tt.want {
			t.Errorf("formatByName(%q) = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want format
	}{
		{"text", "Jakarta hari ini cerah.", formatText},
		{"html", "\ufeff  <!DOCTYPE html><html><body><p>x</p></body></html>", formatHTML},
		{"html fragment", "<div><p>Berita</p></div>", formatHTML},
		{"angle bracket text", "<<Judul>> bukan html", formatText},
		{"rss", "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">", formatFeed},
		{"atom", "<feed xmlns=\"http://www.w3.org/2005/Atom\">", formatFeed},
		{"rdf", "<?xml version=\"1.0\"?><rdf:RDF>", formatFeed},
		{"json object", "{\"text\": \"x\",\n\"title\": \"y\"}", formatJSON},
		{"json array", " [ {\"text\": \"x\"} ]", formatJSON},
		{"jsonl", "{\"text\": \"x\"}\n{\"text\": \"y\"}\n", formatJSONL},
		{"warc", "WARC/1.1\r\nWARC-Type: warcinfo\r\n", formatWARC},
		{"binary", "\x00\x01\x02", formatBinary},
	}
	for _, tt := range tests {
		if got := sniff([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: sniff(%.30q) = %d, want %d", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestJSONUnquote(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"plain", `"abc"`, "abc", true},
		{"escapes", `"a\"b\\c\/d\n\t\r\b\f"`, "a\"b\\c/d\n\t\r\b\f", true},
		{"unicode", `"\u00e9\u4e2d"`, "é中", true},
		{"surrogate pair", `"\ud83d\ude00"`, "😀", true},
		{"lone surrogate", `"\ud83dx"`, "\ufffdx", true},
		{"invalid utf-8 kept", "\"caf\xe9\\n\"", "caf\xe9\n", true},
		{"bad escape", `"\q"`, "", false},
		{"short unicode", `"\u12"`, "", false},
		{"unquoted", `abc`, "", false},
	}
	for _, tt := range tests {
		got, ok := jsonUnquote([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: jsonUnquote(%q) = %q, %v, want %q, %v", tt.name, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDefaults(t *testing.T) {
	r := New(Options{})
	want := DefaultOptions()
	want.Logger = nil
	got := r.opts
	if got.Timeout != 20*time.Second || got.MaxBytes != 10<<20 || got.MaxRedirects != 5 ||
		got.UserAgent != "warta/0.1 (+https://github.com/warta-dev/warta)" || got.MaxLine != 64<<20 {
		t.Errorf("New(Options{}).opts = %+v, want %+v", got, want)
	}
	if New(Options{MaxRedirects: -1}).opts.MaxRedirects != 0 {
		t.Errorf("MaxRedirects -1 should forbid redirects")
	}
}

// A file the walk cannot open is a failure, not a stop.
func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read anything")
	}
	dir := t.TempDir()
	p := writeFile(t, dir, "rahasia.txt", []byte("x"))
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	c := walk(t, offline(DefaultOptions()), p, "testdata/berita.txt")
	if len(c.fails) != 1 || !errors.Is(c.errs[0], fs.ErrPermission) || len(c.raws) != 1 {
		t.Errorf("Walk = %d articles, fails %q; want 1 and a permission failure", len(c.raws), c.fails)
	}
}
