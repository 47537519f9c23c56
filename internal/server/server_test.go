package server

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

func setup(t *testing.T) (*fixture, http.Handler) {
	t.Helper()
	f := newFixture(t)
	s, err := New(f.st, nil, Options{})
	if err != nil {
		t.Fatalf("New() error: %v", err)
	}
	return f, s.Handler()
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestRoutes(t *testing.T) {
	f, h := setup(t)
	id := f.pltn.Doc.ID
	tests := []struct {
		path, ctype string
		want        []string
	}{
		{"/", "text/html", []string{"Overview", "Kazakhstan – Rusia", `data-chart="activity"`, `href="/pair/KAZ/RUS"`}},
		{"/?from=2024-01-01&root=03", "text/html", []string{"Overview"}},
		{"/network", "text/html", []string{`data-chart="network"`, "/api/v1/network", "GEXF"}},
		{"/network?root=11&from=2024-01-01", "text/html", []string{"root=11"}},
		{"/pair/KAZ/RUS", "text/html", []string{"Kazakhstan – Rusia", "Kami siap bekerja sama", "28 miliar dolar AS", "Timeline", "036"}},
		{"/actor/RUS", "text/html", []string{"Rusia", "Partners", "Timeline"}},
		{"/actor/person:vladimir-putin", "text/html", []string{"Vladimir Putin", "Kami siap bekerja sama"}},
		{"/actor/org:asean", "text/html", []string{"ASEAN"}},
		{"/article/" + id, "text/html", []string{"Putin siap bantu Kazakhstan bangun PLTN", `id="t-event-0"`, `href="#event-0"`,
			`id="t-quote-0"`, `id="t-fact-0"`, `href="/actor/person:vladimir-putin"`, "https://example.org/berita/"}},
		{"/search", "text/html", []string{"Search", "Export this view"}},
		{"/search?q=nuklir", "text/html", []string{"Putin siap bantu Kazakhstan bangun PLTN"}},
		{"/search?country=IDN&limit=2", "text/html", []string{"Load more results", "hx-get"}},
		{"/search?country=IDN&limit=2&fragment=1", "text/html", []string{`class="result"`}},
		{"/api/v1/stats", "application/json", []string{`"documents":`}},
		{"/api/v1/events?country=RUS&partner=KAZ", "application/json", []string{`"cameo":"036"`}},
		{"/api/v1/articles?q=nuklir", "application/json", []string{id}},
		{"/api/v1/articles/" + id, "application/json", []string{`"doc":`, `"events":`}},
		{"/api/v1/entities?type=PERSON", "application/json", []string{"person:vladimir-putin"}},
		{"/api/v1/facts?country=KAZ", "application/json", []string{"trade turnover"}},
		{"/api/v1/quotes?actor=person:vladimir-putin", "application/json", []string{"Vladimir Putin"}},
		{"/api/v1/pairs?limit=5", "application/json", []string{`"a":`}},
		{"/api/v1/actors", "application/json", []string{`"kind":"country"`}},
		{"/api/v1/series?by=year", "application/json", []string{`"period":"2024"`}},
		{"/api/v1/sectors", "application/json", []string{`"name":"energy"`}},
		{"/api/v1/network", "application/json", []string{`"nodes":`, `"community":`}},
		{"/api/v1/openapi.yaml", "application/yaml", []string{"openapi: 3.1.0"}},
		{"/export/events?format=csv&country=RUS", "text/csv", []string{"date,source,source_code"}},
		{"/export/events?format=jsonl", "application/jsonl", []string{`"cameo"`}},
		{"/export/articles", "text/csv", []string{"id,published,title"}},
		{"/export/entities?format=csv", "text/csv", []string{"person:vladimir-putin"}},
		{"/export/facts?format=csv", "text/csv", []string{"28000000000"}},
		{"/export/quotes?format=jsonl", "application/jsonl", []string{"speaker"}},
		{"/export/pairs", "text/csv", []string{"KAZ,RUS"}},
		{"/export/actors", "text/csv", []string{"RUS,Rusia,country"}},
		{"/export/sectors", "text/csv", []string{"energy"}},
		{"/export/network.gexf", "application/gexf+xml", []string{"<gexf", `id="RUS"`}},
		{"/static/app.js", "text/javascript", []string{"data-chart"}},
		{"/static/app.css", "text/css", []string{"--coop"}},
		{"/static/vendor/cytoscape.min.js", "text/javascript", nil},
		{"/static/vendor/echarts.min.js", "text/javascript", nil},
		{"/static/vendor/htmx.min.js", "text/javascript", nil},
		{"/healthz", "text/plain", []string{"ok"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, h, http.MethodGet, tt.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d, want 200; body:\n%.500s", tt.path, rec.Code, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("GET %s Content-Type = %q, want %s", tt.path, ct, tt.ctype)
			}
			for _, w := range tt.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("GET %s body lacks %q", tt.path, w)
				}
			}
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("GET %s CSP = %q", tt.path, csp)
			}
			head := get(t, h, http.MethodHead, tt.path)
			if head.Code != http.StatusOK {
				t.Errorf("HEAD %s = %d, want 200", tt.path, head.Code)
			}
		})
	}
}

func TestBadRequests(t *testing.T) {
	f, h := setup(t)
	missing := article.HashText("tidak ada")
	tests := []struct {
		path   string
		status int
		want   string // in the message
	}{
		{"/api/v1/events?from=2024-13-01", 400, "from"},
		{"/api/v1/events?from=2025-01-01&to=2024-01-01", 400, "after to"},
		{"/api/v1/events?limit=0", 400, "limit"},
		{"/api/v1/events?limit=abc", 400, "limit"},
		{"/api/v1/events?limit=1001", 400, "limit"},
		{"/api/v1/events?colour=red", 400, `unknown parameter`},
		{"/api/v1/events?country=RUS&country=KAZ", 400, "given 2 times"},
		{"/api/v1/events?country=rus'--", 400, "country"},
		{"/api/v1/events?partner=KAZ", 400, "needs country"},
		{"/api/v1/events?root=abc", 400, "root"},
		{"/api/v1/events?actor=Vladimir%20Putin", 400, "actor"},
		{"/api/v1/events?cursor=garbage!!", 400, "cursor"},
		{"/api/v1/events?modality=" + url.QueryEscape("x y"), 400, "modality"},
		{"/api/v1/events?q=" + strings.Repeat("a", 600), 400, "too long"},
		{"/api/v1/articles?cursor=" + url.QueryEscape("YzEfMjAyNB94"), 400, "cursor"},
		{"/api/v1/series?by=week", 400, "by"},
		{"/api/v1/pairs?cursor=abc", 400, "not paginated"},
		{"/api/v1/articles/not-an-id", 400, "64 hex"},
		{"/api/v1/articles/" + missing, 404, "not found"},
		{"/api/v1/nothing", 404, "openapi"},
		{"/export/events?format=xml", 400, "format"},
		{"/export/events?cursor=abc", 400, "cursor"},
		{"/export/secrets", 404, "cannot export"},
		{"/export/network.gexf?root=7x", 400, "root"},
		{"/search?from=yesterday", 400, "from"},
		{"/?limit=-1", 400, "limit"},
		{"/pair/RUS/RUS", 400, "two different"},
		{"/pair/RUS/k%27z", 400, "partner"},
		{"/article/xyz", 400, "64 hex"},
		{"/article/" + missing, 404, "not found"},
		{"/actor/person:nobody", 404, "not found"},
		{"/nothing/here", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(t, h, http.MethodGet, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("GET %s = %d, want %d; body:\n%.300s", tt.path, rec.Code, tt.status, rec.Body.String())
			}
			body := rec.Body.String()
			if !strings.Contains(body, tt.want) {
				t.Errorf("GET %s body = %.300q, want it to mention %q", tt.path, body, tt.want)
			}
			if strings.HasPrefix(tt.path, "/api/") || strings.HasPrefix(tt.path, "/export/") {
				var e errorBody
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Status != tt.status || e.Error == "" {
					t.Errorf("GET %s error body = %q (%v), want JSON {error, status}", tt.path, body, err)
				}
			}
			// Internal details never leak into a client's message.
			if strings.Contains(body, "sqlite") || strings.Contains(body, "SELECT") {
				t.Errorf("GET %s body leaks internals: %.300q", tt.path, body)
			}
		})
	}
	_ = f
}

func TestMethodsAndSizes(t *testing.T) {
	_, h := setup(t)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		for _, path := range []string{"/", "/api/v1/events", "/export/events", "/static/app.js"} {
			rec := get(t, h, m, path)
			if rec.Code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s = %d, want 405", m, path, rec.Code)
			}
			if allow := rec.Header().Get("Allow"); allow != "GET, HEAD" {
				t.Errorf("%s %s Allow = %q, want GET, HEAD", m, path, allow)
			}
		}
	}
	rec := get(t, h, http.MethodGet, "/api/v1/events?q="+strings.Repeat("x", maxQuery+1))
	if rec.Code != http.StatusRequestURITooLong {
		t.Errorf("GET with a %d-byte query = %d, want 414", maxQuery+1, rec.Code)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/events", strings.NewReader(strings.Repeat("x", 1<<20)))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("GET with a 1 MiB body = %d, want 413", rec.Code)
	}
}

// TestEscaping injects <script> through an article's title, text, author,
// URL, an entity's name, a quote and a fact, and checks that no page and no
// API response carries it as markup.
func TestEscaping(t *testing.T) {
	f, h := setup(t)
	id := f.xss.Doc.ID
	paths := []string{
		"/", "/network", "/search", "/search?q=uji", "/search?country=IDN&fragment=1", "/search?q=" + url.QueryEscape(xssBody),
		"/article/" + id, "/actor/IDN", "/actor/person:uji-xss", "/pair/AUS/IDN",
		"/?q=" + url.QueryEscape(xssBody), "/search?sector=" + url.QueryEscape(`"><script>alert(1)</script>`),
		"/api/v1/articles?q=uji", "/api/v1/articles/" + id, "/api/v1/events?country=IDN", "/api/v1/quotes",
		"/api/v1/entities?country=IDN", "/api/v1/facts", "/api/v1/network", "/api/v1/pairs",
		"/api/v1/events?q=" + url.QueryEscape(`<script>`), "/api/v1/events?country=%3Cscript%3E",
		"/export/network.gexf",
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			rec := get(t, h, http.MethodGet, p)
			body := rec.Body.String()
			for _, bad := range []string{"<script>alert", "<img src=x", `href="javascript:`, "<b>ukuran</b>"} {
				if strings.Contains(body, bad) {
					i := strings.Index(body, bad)
					t.Errorf("GET %s (%d) contains %q unescaped: …%s…", p, rec.Code, bad, body[max(0, i-80):min(len(body), i+80)])
				}
			}
		})
	}
	// The escaped text is there: the title reads as text.
	rec := get(t, h, http.MethodGet, "/article/"+id)
	if !strings.Contains(rec.Body.String(), "&lt;script&gt;alert(&#34;xss-title&#34;)&lt;/script&gt;") {
		t.Errorf("article page lacks the escaped title")
	}
	rec = get(t, h, http.MethodGet, "/api/v1/articles/"+id)
	var a article.Article
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil || a.Doc.Title != xssTitle {
		t.Errorf("API title = %q, %v, want the original text %q", a.Doc.Title, err, xssTitle)
	}
}

// TestPagination follows the API's cursors and checks that the pages add up
// to the whole list, in the same order, and that a cursor is stable.
func TestPagination(t *testing.T) {
	_, h := setup(t)
	for _, list := range []string{"events", "articles", "entities", "facts", "quotes"} {
		t.Run(list, func(t *testing.T) {
			all := fetchPage(t, h, "/api/v1/"+list+"?limit=1000")
			if all.Next != "" || len(all.Items) < 3 {
				t.Fatalf("%s: %d items in one page, next %q; want all of them", list, len(all.Items), all.Next)
			}
			var paged []json.RawMessage
			next, pages := "", 0
			for {
				p := fetchPage(t, h, "/api/v1/"+list+"?limit=2&cursor="+url.QueryEscape(next))
				again := fetchPage(t, h, "/api/v1/"+list+"?limit=2&cursor="+url.QueryEscape(next))
				if p.Next != again.Next {
					t.Fatalf("%s: cursor not stable: %q then %q", list, p.Next, again.Next)
				}
				paged = append(paged, p.Items...)
				pages++
				if p.Next == "" {
					break
				}
				next = p.Next
			}
			if diff := cmp.Diff(rawStrings(all.Items), rawStrings(paged)); diff != "" {
				t.Errorf("%s: pages of 2 differ from one page (-one +paged):\n%s", list, diff)
			}
			if want := (len(all.Items) + 1) / 2; pages != want {
				t.Errorf("%s: %d pages, want %d", list, pages, want)
			}
		})
	}
}

type rawPage struct {
	Items []json.RawMessage `json:"items"`
	Next  string            `json:"next"`
}

func fetchPage(t *testing.T, h http.Handler, path string) rawPage {
	t.Helper()
	rec := get(t, h, http.MethodGet, path)
	if rec.Code != 200 {
		t.Fatalf("GET %s = %d: %s", path, rec.Code, rec.Body.String())
	}
	var p rawPage
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return p
}

func rawStrings(items []json.RawMessage) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = string(it)
	}
	return out
}

func TestExports(t *testing.T) {
	_, h := setup(t)
	api := fetchPage(t, h, "/api/v1/events?country=RUS&limit=1000")

	rec := get(t, h, http.MethodGet, "/export/events?format=csv&country=RUS")
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatalf("export csv: %v", err)
	}
	if len(rows)-1 != len(api.Items) {
		t.Errorf("CSV has %d rows, the API %d events", len(rows)-1, len(api.Items))
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("Content-Disposition = %q, want an attachment", cd)
	}

	rec = get(t, h, http.MethodGet, "/export/events?format=jsonl&country=RUS")
	sc := bufio.NewScanner(rec.Body)
	n := 0
	for sc.Scan() {
		var ev store.EventRecord
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("JSONL line %d: %v", n+1, err)
		}
		n++
	}
	if n != len(api.Items) {
		t.Errorf("JSONL has %d lines, want %d", n, len(api.Items))
	}

	rec = get(t, h, http.MethodGet, "/export/network.gexf")
	var g gexfDoc
	if err := xml.Unmarshal(rec.Body.Bytes(), &g); err != nil {
		t.Fatalf("GEXF: %v", err)
	}
	if len(g.Graph.Nodes) < 5 || len(g.Graph.Edges) < 5 {
		t.Errorf("GEXF has %d nodes, %d edges; want a network", len(g.Graph.Nodes), len(g.Graph.Edges))
	}

	// A small export cap cuts the file and says so.
	f := newFixture(t)
	s, err := New(f.st, nil, Options{MaxExportRows: 5})
	if err != nil {
		t.Fatal(err)
	}
	rec = get(t, s.Handler(), http.MethodGet, "/export/events")
	if !strings.Contains(rec.Body.String(), "# export cut short") {
		t.Errorf("capped export does not say it was cut short")
	}
}

func TestCSVSafe(t *testing.T) {
	got := csvSafe([]string{"=SUM(A1)", "+1", "-2.5", "@x", "biasa", ""})
	want := []string{"'=SUM(A1)", "+1", "-2.5", "'@x", "biasa", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("csvSafe mismatch (-want +got):\n%s", diff)
	}
}

func TestHighlight(t *testing.T) {
	text := "Putin bertemu Tokayev. \"Kami siap,\" kata Putin. Nilainya 5 juta."
	a := article.New()
	a.Doc.Text = text
	idx := func(s string) (int, int) { i := strings.Index(text, s); return i, i + len(s) }
	s, e := idx("Putin bertemu Tokayev.")
	a.Events = []article.Event{{Start: s, End: e}, {Start: 50, End: 5000}} // the second is out of range
	ms, me := idx("Tokayev")
	a.Entities = []article.Entity{{ID: "person:tokayev", Mentions: []article.Mention{{Start: ms, End: me}}}}
	qs, qe := idx("Kami siap,")
	a.Quotes = []article.Quote{{Start: qs, End: qe}}
	fs, fe := idx("5 juta")
	a.Facts = []article.Fact{{Start: fs, End: fe}}

	segs := highlight(a)
	var b strings.Builder
	for _, sg := range segs {
		b.WriteString(sg.Text)
	}
	if b.String() != text {
		t.Fatalf("segments join to %q, want the text", b.String())
	}
	type short struct{ Text, Entity, Class, Anchor, Refs string }
	var got []short
	for _, sg := range segs {
		var refs []string
		for _, r := range sg.Refs {
			refs = append(refs, r.Label+">"+r.Anchor)
		}
		got = append(got, short{sg.Text, sg.Entity, sg.Class, sg.Anchor, strings.Join(refs, ",")})
	}
	want := []short{
		{"Putin bertemu ", "", "ev", "t-event-0", ""},
		{"Tokayev", "person:tokayev", "ev", "", ""},
		{".", "", "ev", "", "E1>event-0"},
		{" \"", "", "", "", ""},
		{"Kami siap,", "", "quote", "t-quote-0", "Q1>quote-0"},
		{"\" kata Putin. Nilainya ", "", "", "", ""},
		{"5 juta", "", "fact", "t-fact-0", "F1>fact-0"},
		{".", "", "", "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("highlight mismatch (-want +got):\n%s", diff)
	}

	// Offsets inside a UTF-8 character are skipped, not split.
	a = article.New()
	a.Doc.Text = "Café"
	a.Facts = []article.Fact{{Start: 0, End: 4}} // ends inside é
	if segs := highlight(a); len(segs) != 1 || segs[0].Class != "" {
		t.Errorf("highlight(split rune) = %+v, want one plain segment", segs)
	}
}

// TestServeShutdown starts the real server on a loopback port and stops it
// by cancelling its context, as SIGTERM does.
func TestServeShutdown(t *testing.T) {
	f := newFixture(t)
	s, err := New(f.st, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln, 5*time.Second) }()

	resp, err := http.Get("http://" + ln.Addr().String() + "/api/v1/stats")
	if err != nil {
		t.Fatalf("GET stats: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), fmt.Sprintf(`"documents":%d`, f.docs)) {
		t.Errorf("GET stats = %d %s, want %d documents", resp.StatusCode, b, f.docs)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve() after cancel = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve() did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("server still answering after shutdown")
	}
}
