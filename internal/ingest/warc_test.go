package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
)

// warcFixture returns the records of a small crawl and the articles they
// should give.
func warcFixture(t testing.TB) ([]warcRec, []article.Raw) {
	const (
		pageA = "<html><body><p>Presiden Korea Selatan tiba di Jakarta.</p></body></html>"
		pageB = "<html><body><p>Harga minyak sawit naik di pasar Rotterdam.</p></body></html>"
		pageC = "<html><body><p>Menteri Keuangan bertemu delegasi IMF.</p></body></html>"
		textD = "Teks hasil konversi: Sidang Majelis Umum PBB dibuka di New York."
		pageE = "<html><body><p>Konversi HTML: KTT ASEAN ditutup.</p></body></html>"
	)
	gzB := string(gz(t, []byte(pageB)))
	chunked := fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(gzB), gzB)
	recs := []warcRec{
		{typ: "warcinfo", contentType: "application/warc-fields", block: "software: uji\r\nformat: WARC File Format 1.1\r\n"},
		{typ: "request", uri: "https://contoh.id/a", contentType: "application/http; msgtype=request",
			block: "GET /a HTTP/1.1\r\nHost: contoh.id\r\n\r\n"},
		{typ: "response", uri: "https://contoh.id/a", contentType: "application/http; msgtype=response",
			block: httpResponse("200 OK", "text/html; charset=utf-8", pageA)},
		{typ: "metadata", uri: "https://contoh.id/a", contentType: "application/warc-fields", block: "outlinks: https://contoh.id/b\r\n"},
		{typ: "response", uri: "https://contoh.id/hilang", contentType: "application/http; msgtype=response",
			block: httpResponse("404 Not Found", "text/html", "<html><body>tidak ada</body></html>")},
		{typ: "response", uri: "https://contoh.id/logo.png", contentType: "application/http; msgtype=response",
			block: httpResponse("200 OK", "image/png", "\x89PNG\r\n\x1a\n\x00\x00")},
		{typ: "response", uri: "dns:contoh.id", contentType: "text/dns", block: "20250304050607\ncontoh.id. 300 IN A 203.0.113.5\n"},
		{typ: "response", uri: "https://contoh.id/b", contentType: "application/http;msgtype=response",
			block: httpResponse("200 OK", "text/html", chunked, "Transfer-Encoding: chunked", "Content-Encoding: gzip")},
		{typ: "response", uri: "https://contoh.id/c", contentType: "application/http; msgtype=response",
			block: strings.Replace(httpResponse("200 OK", "text/html", pageC), "HTTP/1.1", "HTTP/2", 1)},
		{typ: "revisit", uri: "https://contoh.id/a", contentType: "application/http; msgtype=response",
			block: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"},
		{typ: "resource", uri: "urn:teks:d", contentType: "text/plain; charset=utf-8", block: textD},
		{typ: "conversion", uri: "https://contoh.id/e", contentType: "text/html", block: pageE},
		{typ: "resource", uri: "https://contoh.id/f.pdf", contentType: "application/pdf", block: "%PDF-1.4"},
	}
	want := []article.Raw{
		{Kind: article.KindHTML, Content: pageA, URL: "https://contoh.id/a"},
		{Kind: article.KindHTML, Content: pageB, URL: "https://contoh.id/b"},
		{Kind: article.KindHTML, Content: pageC, URL: "https://contoh.id/c"},
		{Kind: article.KindText, Content: textD, URL: "urn:teks:d"},
		{Kind: article.KindHTML, Content: pageE, URL: "https://contoh.id/e"},
	}
	return recs, want
}

func TestWARC(t *testing.T) {
	recs, want := warcFixture(t)
	tests := []struct {
		name     string
		file     string
		version  string
		compress bool
	}{
		{"warc 1.0", "crawl.warc", "WARC/1.0", false},
		{"warc 1.1", "crawl.warc", "WARC/1.1", false},
		{"warc.gz one member per record", "crawl.warc.gz", "WARC/1.1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), tt.file, warcBytes(t, tt.version, tt.compress, recs...))
			c := walk(t, offline(DefaultOptions()), p)
			wantRaws := make([]article.Raw, len(want))
			for i, r := range want {
				r.Source = p
				wantRaws[i] = r
			}
			if diff := cmp.Diff(wantRaws, c.raws); diff != "" {
				t.Errorf("Walk(%s) (-want +got):\n%s", tt.file, diff)
			}
			if len(c.fails) != 0 {
				t.Errorf("Walk(%s) failures = %q, want none", tt.file, c.fails)
			}
		})
	}
}

func TestWARCTruncated(t *testing.T) {
	recs, want := warcFixture(t)
	first := warcBytes(t, "WARC/1.1", false, recs[:3]...) // through page A
	last := warcRec{typ: "response", uri: "https://contoh.id/z", contentType: "application/http; msgtype=response",
		block: httpResponse("200 OK", "text/html", "<html><body><p>"+strings.Repeat("terpotong ", 300)+"</p></body></html>")}
	lastPlain := warcBytes(t, "WARC/1.1", false, last)
	wantFail := fmt.Sprintf("warc record at offset %d: truncated: unexpected EOF", len(first))
	tests := []struct {
		name string
		file string
		data []byte
	}{
		{"plain, cut in the block", "cut.warc", append(append([]byte{}, first...), lastPlain[:len(lastPlain)-500]...)},
		{"plain, cut in the header", "cut.warc", append(append([]byte{}, first...), lastPlain[:40]...)},
		{"gzip, cut in the last member", "cut.warc.gz", func() []byte {
			z := warcBytes(t, "WARC/1.1", true, recs[:3]...)
			zl := warcBytes(t, "WARC/1.1", true, last)
			return append(z, zl[:len(zl)/2]...)
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), tt.file, tt.data)
			c := walk(t, offline(DefaultOptions()), p)
			if len(c.raws) != 1 || c.raws[0].Content != want[0].Content {
				t.Errorf("Walk(%s) = %d articles, want page A only", tt.file, len(c.raws))
			}
			if diff := cmp.Diff([]string{p + ": " + wantFail}, c.fails); diff != "" {
				t.Errorf("Walk(%s) failures (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

func TestWARCBadRecords(t *testing.T) {
	recs, want := warcFixture(t)
	bad := warcRec{typ: "response", uri: "https://contoh.id/rusak", contentType: "application/http; msgtype=response",
		block: "bukan http sama sekali\r\n\r\n"}
	data := warcBytes(t, "WARC/1.0", false, bad, recs[2])
	p := writeFile(t, t.TempDir(), "rusak.warc", data)
	c := walk(t, offline(DefaultOptions()), p)
	if len(c.raws) != 1 || c.raws[0].Content != want[0].Content {
		t.Errorf("Walk = %d articles, want the good record after the bad one", len(c.raws))
	}
	wantFails := []string{p + `: warc record at offset 0: https://contoh.id/rusak: bad http response: malformed HTTP status code "http"`}
	if diff := cmp.Diff(wantFails, c.fails); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}

	// A missing Content-Length cannot be skipped over: the file stops there.
	noLen := "WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\n\r\nteks\r\n\r\n"
	p = writeFile(t, t.TempDir(), "tanpa.warc", []byte(noLen))
	c = walk(t, offline(DefaultOptions()), p)
	if diff := cmp.Diff([]string{p + `: warc record at offset 0: bad content-length ""`}, c.fails); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
}
