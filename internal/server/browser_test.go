package server

import (
	"context"
	"encoding/csv"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's chromium against the real server over
// the fixture database. They skip when chromium is missing, except in CI
// (CI set), where scripts/setup.sh installs it. Screenshots of each page go
// to the test's artifact directory: go test -run Browser -artifacts
// -outputdir DIR ./internal/server/ keeps them.

// chromiumPath finds the browser, or returns "".
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserSession is one running server and browser tab, with the console
// messages the pages produced.
type browserSession struct {
	base   string
	ctx    context.Context
	shots  string
	mu     sync.Mutex
	errors []string
}

func newBrowserSession(t *testing.T) (*browserSession, *fixture) {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; scripts/setup.sh installs it")
		}
		t.Skip("chromium is not installed (apt-get install chromium, or run scripts/setup.sh): skipping the browser tests")
	}
	f := newFixture(t)
	srv, err := New(f.st, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx, ln, 5*time.Second) }()
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("Serve() = %v", err)
		}
	})

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	ctx, cancelTime := context.WithTimeout(bctx, 3*time.Minute)
	t.Cleanup(cancelTime)

	bs := &browserSession{base: "http://" + ln.Addr().String(), ctx: ctx, shots: t.ArtifactDir()}
	// Start the browser, then listen to the console for errors and
	// uncaught exceptions.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				bs.mu.Lock()
				bs.errors = append(bs.errors, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
				bs.mu.Unlock()
			}
		}
	}()
	dialogs := chromedp.Events(ctx, cdppage.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			bs.mu.Lock()
			bs.errors = append(bs.errors, "a dialog opened: "+ev.Message)
			bs.mu.Unlock()
			go func() {
				_, _ = chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: true})
					return err
				}))
			}()
		}
	}()
	return bs, f
}

// consoleErrors returns and clears the errors seen so far.
func (bs *browserSession) consoleErrors() []string {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	e := bs.errors
	bs.errors = nil
	return e
}

func (bs *browserSession) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(bs.ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, bs *browserSession, js string) T {
	t.Helper()
	v, err := chromedp.Run(bs.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition for up to 20 seconds. A navigation
// destroys the page's context under a running poll, so the poll is retried
// until the deadline.
func (bs *browserSession) waitFor(t *testing.T, what, js string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err := chromedp.Run(bs.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if time.Now().After(deadline) || bs.ctx.Err() != nil {
			t.Fatalf("waiting for %s (%s): %v", what, js, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// screenshot saves the whole page as name.png in the artifact directory.
func (bs *browserSession) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(bs.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(bs.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkClean fails the test on console errors and on a page without its
// layout.
func (bs *browserSession) checkClean(t *testing.T, page string) {
	t.Helper()
	if errs := bs.consoleErrors(); len(errs) > 0 {
		t.Errorf("%s: console errors:\n%s", page, strings.Join(errs, "\n"))
	}
}

const chartsDone = `[...document.querySelectorAll('[data-chart]')].every(e => e.dataset.rendered === 'true')`

func TestBrowser(t *testing.T) {
	bs, f := newBrowserSession(t)

	t.Run("overview", func(t *testing.T) {
		bs.do(t, "open overview", chromedp.Navigate(bs.base+"/"))
		bs.waitFor(t, "charts", chartsDone)
		if n := eval[int](t, bs, `document.querySelectorAll('.chart canvas').length`); n < 2 {
			t.Errorf("overview has %d chart canvases, want 2 or more", n)
		}
		if n := eval[int](t, bs, `document.querySelectorAll('table.pairs tbody tr').length`); n < 5 {
			t.Errorf("overview lists %d pairs, want 5 or more", n)
		}
		bs.screenshot(t, "overview")
		bs.checkClean(t, "overview")
	})

	t.Run("network to pair to article", func(t *testing.T) {
		bs.do(t, "open network", chromedp.Navigate(bs.base+"/network"))
		bs.waitFor(t, "network", `document.getElementById('network').dataset.rendered === 'true'`)
		nodes := eval[int](t, bs, `+document.getElementById('network').dataset.nodes`)
		edges := eval[int](t, bs, `+document.getElementById('network').dataset.edges`)
		if nodes < 8 || edges < 8 {
			t.Errorf("network drew %d nodes and %d edges, want 8 or more of each", nodes, edges)
		}
		if n := eval[int](t, bs, `document.querySelectorAll('#network canvas').length`); n == 0 {
			t.Error("network has no canvas")
		}
		bs.screenshot(t, "network")
		bs.checkClean(t, "network")

		// Click the middle of the first edge, where the page says it is.
		x := eval[float64](t, bs, `document.getElementById('network').getBoundingClientRect().left + +document.getElementById('network').dataset.edgeX`)
		y := eval[float64](t, bs, `document.getElementById('network').getBoundingClientRect().top + +document.getElementById('network').dataset.edgeY`)
		edge := eval[string](t, bs, `document.getElementById('network').dataset.edgeId`)
		bs.do(t, "click edge "+edge, chromedp.MouseClickXY(x, y))
		bs.waitFor(t, "the pair page", `location.pathname.startsWith('/pair/')`)
		a, b, _ := strings.Cut(edge, "|")
		want := "/pair/" + min(a, b) + "/" + max(a, b)
		if got := eval[string](t, bs, `location.pathname`); got != want {
			t.Errorf("clicking edge %s opened %s, want %s", edge, got, want)
		}
		bs.waitFor(t, "pair charts", chartsDone)
		if n := eval[int](t, bs, `document.querySelectorAll('table.events tbody tr').length`); n == 0 {
			t.Error("pair page lists no events")
		}
		bs.checkClean(t, "pair")

		bs.do(t, "click an event's sentence", chromedp.Click(chromedp.CSS(`table.events td.sentence a`)))
		bs.waitFor(t, "the article page", `location.pathname.startsWith('/article/')`)
		bs.waitFor(t, "highlighted event", `document.querySelectorAll('.text .ev').length > 0 && document.querySelector(location.hash) !== null`)
		bs.checkClean(t, "article")
	})

	t.Run("pair", func(t *testing.T) {
		bs.do(t, "open pair", chromedp.Navigate(bs.base+"/pair/KAZ/RUS"))
		bs.waitFor(t, "pair charts", chartsDone)
		if n := eval[int](t, bs, `document.querySelectorAll('blockquote').length`); n == 0 {
			t.Error("pair page shows no quotes")
		}
		bs.screenshot(t, "pair")
		bs.checkClean(t, "pair")
	})

	t.Run("actor", func(t *testing.T) {
		bs.do(t, "open actor", chromedp.Navigate(bs.base+"/actor/IDN"))
		bs.waitFor(t, "actor charts", chartsDone)
		bs.screenshot(t, "actor")
		bs.do(t, "open person", chromedp.Navigate(bs.base+"/actor/person:vladimir-putin"))
		bs.waitFor(t, "person charts", chartsDone)
		bs.checkClean(t, "actor")
	})

	t.Run("article", func(t *testing.T) {
		bs.do(t, "open article", chromedp.Navigate(bs.base+"/article/"+f.pltn.Doc.ID))
		for _, sel := range []string{".text a.ent", ".text .ev", ".text .fact", ".text .quote", "#event-0", "#fact-0", "#quote-0"} {
			if n := eval[int](t, bs, `document.querySelectorAll('`+sel+`').length`); n == 0 {
				t.Errorf("article page has no %s", sel)
			}
		}
		bs.do(t, "follow a marker", chromedp.Click(chromedp.CSS(`.text a.ref-quote`)))
		bs.waitFor(t, "the quote record", `location.hash === '#quote-0'`)
		bs.screenshot(t, "article")
		bs.checkClean(t, "article")
	})

	t.Run("escaping", func(t *testing.T) {
		bs.do(t, "open hostile article", chromedp.Navigate(bs.base+"/article/"+f.xss.Doc.ID))
		title := eval[string](t, bs, `document.querySelector('h1').textContent`)
		if title != xssTitle {
			t.Errorf("h1 = %q, want the title as text %q", title, xssTitle)
		}
		if n := eval[int](t, bs, `document.querySelectorAll('main script, main img').length`); n != 0 {
			t.Errorf("hostile article created %d script or img elements", n)
		}
		bs.do(t, "search hostile", chromedp.Navigate(bs.base+"/search?q=uji"))
		bs.do(t, "settle", chromedp.Sleep(300*time.Millisecond))
		bs.checkClean(t, "hostile article")
	})

	t.Run("search and load more", func(t *testing.T) {
		bs.do(t, "open search", chromedp.Navigate(bs.base+"/search"))
		bs.do(t, "type a query",
			chromedp.SendKeys(chromedp.CSS(`form.search input[name=q]`), "nuklir"),
			chromedp.Submit(chromedp.CSS(`form.search input[name=q]`)))
		bs.waitFor(t, "results", `location.search.includes('q=nuklir') && document.querySelectorAll('.result').length > 0`)
		if got := eval[string](t, bs, `document.querySelector('.result .title').textContent`); got != f.pltn.Doc.Title {
			t.Errorf("first result = %q, want %q", got, f.pltn.Doc.Title)
		}

		bs.do(t, "open paged search", chromedp.Navigate(bs.base+"/search?country=IDN&limit=3"))
		bs.waitFor(t, "first page", `document.querySelectorAll('.result').length === 3`)
		bs.do(t, "load more", chromedp.Click(chromedp.CSS(`a.more-link`)))
		bs.waitFor(t, "second page appended", `document.querySelectorAll('.result').length === 6`)
		if got := eval[string](t, bs, `location.search`); got != "?country=IDN&limit=3" {
			t.Errorf("load more navigated to %q, want the page to stay", got)
		}
		bs.screenshot(t, "search")
		bs.checkClean(t, "search")
	})

	t.Run("export download", func(t *testing.T) {
		dir := t.TempDir()
		progress := chromedp.Events(bs.ctx, browser.DownloadProgress)
		bs.do(t, "open search", chromedp.Navigate(bs.base+"/search?country=RUS"),
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				enabled := true
				_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
					Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &enabled,
				})
				return err
			}),
			chromedp.Click(chromedp.CSS(`a.export`)))
		var guid string
		for ev, err := range progress {
			if err != nil {
				t.Fatalf("download: %v", err)
			}
			if ev.State == browser.DownloadProgressStateCanceled {
				t.Fatal("download canceled")
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				guid = ev.GUID
				break
			}
		}
		fh, err := os.Open(filepath.Join(dir, guid))
		if err != nil {
			t.Fatalf("downloaded file: %v", err)
		}
		defer fh.Close()
		rows, err := csv.NewReader(fh).ReadAll()
		if err != nil {
			t.Fatalf("downloaded CSV: %v", err)
		}
		if len(rows) < 2 || rows[0][0] != "id" {
			t.Errorf("downloaded CSV has %d rows, header %v; want articles", len(rows), rows[0])
		}
		bs.checkClean(t, "export")
	})
}
