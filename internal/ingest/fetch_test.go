package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
)

const pageHTML = `<html><head><title>Menlu Bertemu Sekjen PBB</title></head>
<body><p>NEW YORK - Menteri Luar Negeri bertemu Sekretaris Jenderal PBB di New York.</p></body></html>`

// newsServer serves pages, feeds and failures for fetch tests.
func newsServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/berita.html", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pageHTML)
	})
	mux.HandleFunc("/teks", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "Teks biasa dari server.")
	})
	mux.HandleFunc("/ua", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, r.UserAgent())
	})
	mux.HandleFunc("/artikel/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html><body><p>Artikel lengkap %s.</p></body></html>", r.URL.Path)
	})
	mux.HandleFunc("/pindah", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/artikel/pindahan", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/putar", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/putar", http.StatusFound)
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Umpan Uji</title><language>id</language>
<item><title>Lengkap</title><link>%[1]s/artikel/lengkap</link><pubDate>Rabu, 11 Sep 2019 08:00:00 WIB</pubDate>
<description><![CDATA[<p>%[2]s</p>]]></description></item>
<item><title>Ringkas</title><link>%[1]s/artikel/1</link><author>redaksi@contoh.id (Redaksi)</author><description>Ringkasan.</description></item>
<item><title>Relatif</title><link>/pindah</link><description>Ringkasan.</description></item>
<item><title>Hilang</title><link>%[1]s/hilang</link><description>Ringkasan.</description></item>
</channel></rss>`, srv.URL, strings.Repeat("Isi berita lengkap. ", 40))
	})
	mux.HandleFunc("/umpan-teks", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title><item><title>x</title><description>%s</description></item></channel></rss>`,
			strings.Repeat("kata ", 150))
	})
	mux.HandleFunc("/data.jsonl", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		fmt.Fprint(w, "{\"text\": \"satu\"}\nbukan json\n{\"text\": \"dua\", \"url\": \"https://contoh.id/dua\"}\n")
	})
	mux.HandleFunc("/besar", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, strings.Repeat("x", 2048))
	})
	mux.HandleFunc("/besar-bertahap", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range 4 {
			fmt.Fprint(w, strings.Repeat("x", 512))
			w.(http.Flusher).Flush() // chunked: no Content-Length up front
		}
	})
	mux.HandleFunc("/lambat", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/kosong", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
	})
	mux.HandleFunc("/gambar", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetch(t *testing.T) {
	srv := newsServer(t)
	u := srv.URL
	long := "<p>" + strings.Repeat("Isi berita lengkap. ", 40) + "</p>"
	tests := []struct {
		name      string
		input     string
		opts      func(*Options)
		want      []article.Raw
		wantFails []string
	}{
		{
			name:  "html page",
			input: u + "/berita.html",
			want:  []article.Raw{{Source: u + "/berita.html", Kind: article.KindHTML, Content: pageHTML, URL: u + "/berita.html"}},
		},
		{
			name:  "plain text",
			input: u + "/teks",
			want:  []article.Raw{{Source: u + "/teks", Kind: article.KindText, Content: "Teks biasa dari server.", URL: u + "/teks"}},
		},
		{
			name:  "user agent",
			input: u + "/ua",
			want:  []article.Raw{{Source: u + "/ua", Content: DefaultUserAgent, URL: u + "/ua"}},
		},
		{
			name:  "redirect followed",
			input: u + "/pindah",
			want: []article.Raw{{
				Source: u + "/pindah", Kind: article.KindHTML, URL: u + "/artikel/pindahan",
				Content: "<html><body><p>Artikel lengkap /artikel/pindahan.</p></body></html>",
			}},
		},
		{
			name:      "redirect loop",
			input:     u + "/putar",
			wantFails: []string{u + "/putar: GET " + u + "/putar: stopped after 5 redirects"},
		},
		{
			name:      "redirects forbidden",
			input:     u + "/pindah",
			opts:      func(o *Options) { o.MaxRedirects = -1 },
			wantFails: []string{u + "/pindah: GET " + u + "/pindah: stopped after 0 redirects"},
		},
		{
			name:      "404",
			input:     u + "/tidak-ada",
			wantFails: []string{u + "/tidak-ada: GET " + u + "/tidak-ada: 404 Not Found"},
		},
		{
			name:      "over MaxBytes with content-length",
			input:     u + "/besar",
			opts:      func(o *Options) { o.MaxBytes = 1024 },
			wantFails: []string{u + "/besar: GET " + u + "/besar: input too large: 2048 bytes, over the 1 KiB limit"},
		},
		{
			name:      "over MaxBytes streamed",
			input:     u + "/besar-bertahap",
			opts:      func(o *Options) { o.MaxBytes = 1024 },
			wantFails: []string{u + "/besar-bertahap: GET " + u + "/besar-bertahap: input too large: over the 1 KiB limit"},
		},
		{
			name:      "empty page",
			input:     u + "/kosong",
			wantFails: []string{u + "/kosong: empty file"},
		},
		{
			name:      "binary page",
			input:     u + "/gambar",
			wantFails: []string{u + "/gambar: binary file, not text"},
		},
		{
			name:  "jsonl by content type",
			input: u + "/data.jsonl",
			want: []article.Raw{
				{Source: u + "/data.jsonl", Line: 1, Content: "satu", URL: u + "/data.jsonl"},
				{Source: u + "/data.jsonl", Line: 3, Content: "dua", URL: "https://contoh.id/dua"},
			},
			wantFails: []string{u + "/data.jsonl:2: record is not a json object"},
		},
		{
			name:  "feed",
			input: u + "/feed",
			want: []article.Raw{
				{
					Source: u + "/feed", Kind: article.KindHTML, Content: long, Title: "Lengkap",
					Published: "Rabu, 11 Sep 2019 08:00:00 WIB", URL: u + "/artikel/lengkap", Outlet: "Umpan Uji", Language: "id",
				},
				{
					Source: u + "/artikel/1", Kind: article.KindHTML, Title: "Ringkas", URL: u + "/artikel/1",
					Content: "<html><body><p>Artikel lengkap /artikel/1.</p></body></html>",
					Author:  "Redaksi", Outlet: "Umpan Uji", Language: "id",
				},
				{
					Source: u + "/pindah", Kind: article.KindHTML, Title: "Relatif", URL: u + "/artikel/pindahan",
					Content: "<html><body><p>Artikel lengkap /artikel/pindahan.</p></body></html>",
					Outlet:  "Umpan Uji", Language: "id",
				},
			},
			wantFails: []string{u + "/feed: item 4: GET " + u + "/hilang: 404 Not Found"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := DefaultOptions()
			opts.AllowPrivate = true // httptest listens on 127.0.0.1
			if tt.opts != nil {
				tt.opts(&opts)
			}
			c := walk(t, New(opts), tt.input)
			if diff := cmp.Diff(tt.want, c.raws); diff != "" {
				t.Errorf("Walk(%q) articles (-want +got):\n%s", tt.input, diff)
			}
			if diff := cmp.Diff(tt.wantFails, c.fails); diff != "" {
				t.Errorf("Walk(%q) failures (-want +got):\n%s", tt.input, diff)
			}
		})
	}
}

func TestFetchSniffsFeedServedAsText(t *testing.T) {
	srv := newsServer(t)
	c := walk(t, New(Options{AllowPrivate: true}), srv.URL+"/umpan-teks")
	if len(c.raws) != 1 || c.raws[0].Kind != article.KindHTML || c.raws[0].Title != "x" {
		t.Errorf("Walk(feed as text/plain) = %+v, fails %q; want one feed item", c.raws, c.fails)
	}
}

func TestFetchStatusError(t *testing.T) {
	srv := newsServer(t)
	c := walk(t, New(Options{AllowPrivate: true}), srv.URL+"/tidak-ada")
	var se *StatusError
	if len(c.errs) != 1 || !errors.As(c.errs[0], &se) || se.Code != http.StatusNotFound {
		t.Errorf("failure = %v, want a *StatusError with code 404", c.errs)
	}
}

func TestFetchTimeout(t *testing.T) {
	srv := newsServer(t)
	start := time.Now()
	c := walk(t, New(Options{AllowPrivate: true, Timeout: 100 * time.Millisecond}), srv.URL+"/lambat")
	if len(c.fails) != 1 || !strings.Contains(c.fails[0], "Timeout") {
		t.Errorf("failures = %q, want one timeout", c.fails)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("timed out after %v, want about 100ms", d)
	}
}

func TestFetchRefusesLoopback(t *testing.T) {
	srv := newsServer(t)
	c := walk(t, New(DefaultOptions()), srv.URL+"/berita.html", "http://localhost:1/")
	if len(c.raws) != 0 || len(c.errs) != 2 {
		t.Fatalf("Walk = %d articles, failures %q; want none and 2", len(c.raws), c.fails)
	}
	for i, err := range c.errs {
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("failure %q, want ErrPrivateAddress", c.fails[i])
		}
	}
	if !strings.Contains(c.fails[0], "loopback address 127.0.0.1") {
		t.Errorf("failure %q, want it to name the loopback address", c.fails[0])
	}
}

func TestFetchUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	u := "http://" + addr + "/berita"
	c := walk(t, New(Options{AllowPrivate: true}), u, "testdata/berita.txt")
	if len(c.fails) != 1 || !strings.HasPrefix(c.fails[0], u+": GET "+u+": dial tcp") ||
		!strings.Contains(c.fails[0], "connection refused") {
		t.Errorf("failures = %q, want one connection refused", c.fails)
	}
	if len(c.raws) != 1 {
		t.Errorf("got %d articles, want the input after the failure to arrive", len(c.raws))
	}
}

func TestFetchCancelled(t *testing.T) {
	srv := newsServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	c := &collect{}
	err := New(Options{AllowPrivate: true}).Walk(ctx, []string{srv.URL + "/lambat", "testdata/berita.txt"}, c)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Walk = %v, want context.DeadlineExceeded", err)
	}
	if len(c.fails) != 0 || len(c.raws) != 0 {
		t.Errorf("Walk after cancel: %d articles, failures %q; want nothing", len(c.raws), c.fails)
	}
}

func TestRefusePrivate(t *testing.T) {
	tests := []struct {
		addr string
		kind string // "" allowed
	}{
		{"127.0.0.1:80", "loopback"},
		{"127.1.2.3:80", "loopback"},
		{"[::1]:443", "loopback"},
		{"[::ffff:127.0.0.1]:80", "loopback"},
		{"10.1.2.3:80", "private"},
		{"172.16.0.1:80", "private"},
		{"192.168.1.1:80", "private"},
		{"[fd00::1]:80", "private"},
		{"169.254.169.254:80", "link-local"},
		{"[fe80::1%eth0]:80", "link-local"},
		{"0.0.0.0:80", "unspecified"},
		{"[::]:80", "unspecified"},
		{"8.8.8.8:53", ""},
		{"203.0.113.9:443", ""},
		{"[2001:4860:4860::8888]:443", ""},
	}
	for _, tt := range tests {
		err := refusePrivate("tcp", tt.addr, nil)
		switch {
		case tt.kind == "" && err != nil:
			t.Errorf("refusePrivate(%s) = %v, want nil", tt.addr, err)
		case tt.kind != "" && (!errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), tt.kind)):
			t.Errorf("refusePrivate(%s) = %v, want ErrPrivateAddress (%s)", tt.addr, err, tt.kind)
		}
	}
}
