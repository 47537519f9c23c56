package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/ingest"
	"github.com/warta-dev/warta/internal/pipeline"
	"github.com/warta-dev/warta/internal/queue/qtest"
	"github.com/warta-dev/warta/internal/stage/clean"
	"github.com/warta-dev/warta/internal/stage/lang"
	"github.com/warta-dev/warta/internal/stage/meta"
	"github.com/warta-dev/warta/internal/stage/sentence"
	"github.com/warta-dev/warta/internal/store/postgres"
)

// server is the test PostgreSQL server; set by TestMain, read-only after.
var server *qtest.Server

func TestMain(m *testing.M) {
	// The kill test runs this binary as a worker process that it SIGKILLs.
	if os.Getenv(helperEnv) != "" {
		os.Exit(helperWorker())
	}
	server = qtest.Start()
	code := m.Run()
	server.Stop()
	os.Exit(code)
}

// Environment of the helper worker process.
const (
	helperEnv  = "WARTA_QUEUE_TEST_WORKER" // its DSN
	helperSlow = "WARTA_QUEUE_TEST_SLOW"   // a pause per article, to be killed mid-unit
)

// helperWorker works the queue at $WARTA_QUEUE_TEST_WORKER until SIGTERM.
func helperWorker() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	slow, _ := time.ParseDuration(os.Getenv(helperSlow))
	q, st, err := openBoth(ctx, os.Getenv(helperEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer q.Close()
	defer st.Close()
	cfg := WorkConfig{Store: st, Stages: testStages(slow), Reader: ingest.New(ingest.Options{}),
		Concurrency: 1, Batch: 5, UnitTimeout: time.Minute, ID: "helper", testOnly: true}
	if err := q.Work(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func openBoth(ctx context.Context, dsn string) (*Queue, *postgres.DB, error) {
	q, err := Open(ctx, dsn, nil)
	if err != nil {
		return nil, nil, err
	}
	st, err := postgres.Open(ctx, dsn, nil)
	if err != nil {
		q.Close()
		return nil, nil, err
	}
	return q, st, nil
}

// testStages is a light pipeline, cleaning to sentences: enough to key,
// store and count documents, and fast. slow > 0 adds a pause per article.
func testStages(slow time.Duration) pipeline.Stages {
	c, err1 := clean.New()
	m, err2 := meta.New()
	l, err3 := lang.New()
	s, err4 := sentence.New()
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			panic(err)
		}
	}
	st := pipeline.Stages{Clean: c, Meta: m, Lang: l, Sentences: s}
	if slow > 0 {
		st.Extract = []pipeline.Named{{Name: "slow", Stage: pause(slow)}}
	}
	return st
}

// pause is a stage that takes its time.
type pause time.Duration

func (p pause) Run(ctx context.Context, _ *article.Article) error {
	select {
	case <-time.After(time.Duration(p)):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// testQueue opens a queue and a store on a new database.
func testQueue(t *testing.T) (*Queue, *postgres.DB, string) {
	t.Helper()
	dsn := server.Database(t)
	q, st, err := openBoth(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = st.Close(); _ = q.Close() })
	return q, st, dsn
}

// startWorker runs a worker on its own connections until the test ends.
func startWorker(t *testing.T, dsn, id string, tune func(*WorkConfig)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	q, st, err := openBoth(ctx, dsn)
	if err != nil {
		t.Fatalf("open worker %s: %v", id, err)
	}
	cfg := WorkConfig{Store: st, Stages: testStages(0), Reader: ingest.New(ingest.Options{}),
		Concurrency: 2, Batch: 16, ID: id, HostInterval: -1, testOnly: true,
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if tune != nil {
		tune(&cfg)
	}
	done := make(chan error, 1)
	go func() { done <- q.Work(ctx, cfg) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("worker %s: %v", id, err)
		}
		_ = st.Close()
		_ = q.Close()
	})
}

// testWriter sends log lines to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// waitFor polls the queue's counts until ok or the timeout.
func waitFor(t *testing.T, q *Queue, timeout time.Duration, what string, ok func(Counts) bool) Counts {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		c, err := q.Count(context.Background())
		if err != nil {
			t.Fatalf("Count() error: %v", err)
		}
		if ok(c) {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s, still waiting for %s: %+v", timeout, what, c)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func allDone(c Counts) bool {
	return c.Pending+c.Running+c.Retrying+c.Failed == 0 && c.Done > 0
}

// writeArticles writes n synthetic articles as JSON Lines, or as separate
// .txt files when dir is set, numbered from first. The text is made up
// here: no news text is copied into the repository.
func writeArticles(t *testing.T, path string, first, n int) {
	t.Helper()
	words := strings.Fields("pemerintah menteri luar negeri presiden kerja sama perdagangan energi " +
		"kunjungan pertemuan delegasi perjanjian investasi pelabuhan kawasan keamanan")
	countries := []string{"Indonesia", "Malaysia", "Jepang", "Australia", "Vietnam", "India"}
	rng := rand.New(rand.NewPCG(uint64(first), 7))
	var b strings.Builder
	for i := first; i < first+n; i++ {
		var text strings.Builder
		for s := range 5 {
			fmt.Fprintf(&text, "%s dan %s membahas", countries[rng.IntN(len(countries))], countries[rng.IntN(len(countries))])
			for range 10 {
				text.WriteString(" " + words[rng.IntN(len(words))])
			}
			fmt.Fprintf(&text, " nomor %d-%d.\n", i, s)
		}
		rec, err := json.Marshal(map[string]string{"title": fmt.Sprintf("Berita %d", i), "published": "2024-03-05", "text": text.String()})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(rec)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeTextFiles writes n synthetic articles as .txt files in dir.
func writeTextFiles(t *testing.T, dir string, n int) {
	t.Helper()
	for i := range n {
		text := fmt.Sprintf("Delegasi %d tiba di Jakarta.\n\nMenteri luar negeri menerima delegasi nomor %d "+
			"untuk membahas kerja sama maritim dan perdagangan di kawasan.", i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("artikel-%02d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEnqueueUnits(t *testing.T) {
	q, _, _ := testQueue(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeTextFiles(t, dir, 3)
	if err := os.WriteFile(filepath.Join(dir, ".hidden.txt"), []byte("skipped"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gambar.png"), []byte("skipped"), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonl := filepath.Join(t.TempDir(), "berita.jsonl")
	writeArticles(t, jsonl, 0, 250)

	var failed []string
	opts := EnqueueOptions{SliceLines: 100, Fail: func(where string, err error) { failed = append(failed, where) }}
	res, err := q.Enqueue(ctx, []string{dir, jsonl, filepath.Join(dir, "tidak-ada.txt"), "https://contoh.id/a"}, opts)
	if err != nil {
		t.Fatalf("Enqueue() error: %v", err)
	}
	want := EnqueueResult{Units: 3 + 3 + 1, Queued: 7, Inline: 6, Failed: 1, Bytes: res.Bytes}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("Enqueue() mismatch (-want +got):\n%s", diff)
	}
	if len(failed) != 1 || !strings.HasSuffix(failed[0], "tidak-ada.txt") {
		t.Errorf("Enqueue() failed inputs = %q, want the missing file", failed)
	}

	units, err := q.List(ctx, ListOptions{Limit: 100})
	if err != nil {
		t.Fatalf("List() error: %v", err)
	}
	var got []string
	for _, u := range units {
		got = append(got, u.Type+" "+strings.TrimPrefix(strings.TrimPrefix(u.Where, dir), filepath.Dir(jsonl)))
	}
	wantUnits := []string{
		"url https://contoh.id/a",
		"lines /berita.jsonl:201-250",
		"lines /berita.jsonl:101-200",
		"lines /berita.jsonl:1-100",
		"file /artikel-02.txt",
		"file /artikel-01.txt",
		"file /artikel-00.txt",
	}
	if diff := cmp.Diff(wantUnits, got); diff != "" {
		t.Errorf("List() units mismatch (-want +got):\n%s", diff)
	}

	// The same inputs again are no-ops; a longer file makes new units for
	// the slices whose bytes changed.
	res, err = q.Enqueue(ctx, []string{dir, jsonl}, opts)
	if err != nil {
		t.Fatalf("Enqueue() again error: %v", err)
	}
	if res.Queued != 0 || res.Duplicate != 6 {
		t.Errorf("Enqueue() again queued %d, duplicate %d; want 0, 6", res.Queued, res.Duplicate)
	}
	writeArticles(t, jsonl, 0, 260)
	res, err = q.Enqueue(ctx, []string{jsonl}, EnqueueOptions{SliceLines: 100, InlineMax: -1})
	if err != nil {
		t.Fatalf("Enqueue() grown error: %v", err)
	}
	if res.Queued != 1 || res.Duplicate != 2 || res.Inline != 0 {
		t.Errorf("Enqueue() grown file: queued %d, duplicate %d, inline %d; want 1, 2, 0", res.Queued, res.Duplicate, res.Inline)
	}
}

// TestWorkersStoreEachArticleOnce runs three workers, each with its own
// connections, over a directory of articles and a JSON Lines file in
// slices, and checks that every article is stored exactly once and that
// bad inputs are recorded without failing their units.
func TestWorkersStoreEachArticleOnce(t *testing.T) {
	q, st, dsn := testQueue(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeTextFiles(t, dir, 6)
	if err := os.WriteFile(filepath.Join(dir, "kosong.txt"), []byte(" \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonl := filepath.Join(t.TempDir(), "berita.jsonl")
	writeArticles(t, jsonl, 0, 300)
	// Line 157 becomes a bad record.
	data, err := os.ReadFile(jsonl)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	lines[156] = "{\"title\": \"rusak\n"
	if err := os.WriteFile(jsonl, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	const articles = 6 + 299

	if _, err := q.Enqueue(ctx, []string{dir}, EnqueueOptions{}); err != nil {
		t.Fatal(err)
	}
	// The JSON Lines units carry a path and byte range, not their content.
	if _, err := q.Enqueue(ctx, []string{jsonl}, EnqueueOptions{SliceLines: 40, InlineMax: -1}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		startWorker(t, dsn, fmt.Sprintf("w%d", i), nil)
	}
	c := waitFor(t, q, 2*time.Minute, "every unit done", allDone)

	want := Counts{Done: 7 + 8, DoneWithErrors: 2, Read: articles, Stored: articles, Inputs: 2}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Count() mismatch (-want +got):\n%s", diff)
	}
	s, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Documents != articles {
		t.Errorf("stored documents = %d, want %d", s.Documents, articles)
	}
	units, err := q.List(ctx, ListOptions{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var failures []Failure
	workers := map[string]bool{}
	for _, u := range units {
		if u.Attempt != 1 {
			t.Errorf("unit %s took %d attempts, want 1", u.Where, u.Attempt)
		}
		if u.Output != nil {
			failures = append(failures, u.Output.Failures...)
		}
		workers[u.Worker] = true
	}
	for i := range failures {
		failures[i].Error = "" // the messages are ingest's
	}
	wantFailures := []Failure{{Where: jsonl + ":157"}, {Where: filepath.Join(dir, "kosong.txt")}}
	if diff := cmp.Diff(wantFailures, failures); diff != "" {
		t.Errorf("failed inputs mismatch (-want +got):\n%s", diff)
	}
	t.Logf("units were worked by %d workers", len(workers))
}

// TestKilledWorkerUnitIsRescued kills a worker process with SIGKILL in the
// middle of a unit; another worker rescues the unit and completes it, and
// no article is stored twice.
func TestKilledWorkerUnitIsRescued(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: waits for River's rescuer")
	}
	q, st, dsn := testQueue(t)
	ctx := context.Background()
	jsonl := filepath.Join(t.TempDir(), "berita.jsonl")
	const articles = 160
	writeArticles(t, jsonl, 0, articles)
	if _, err := q.Enqueue(ctx, []string{jsonl}, EnqueueOptions{SliceLines: 80}); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dsn, helperSlow+"=40ms")
	cmd.Stderr = testWriter{t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	// Kill it once it has stored some of its first unit, but not all.
	deadline := time.Now().Add(time.Minute)
	for {
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Documents >= 20 {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the helper worker stored %d documents in a minute", s.Documents)
		}
		time.Sleep(20 * time.Millisecond)
	}
	before, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.Documents >= 80 {
		t.Fatalf("the first unit was done (%d documents) before the kill: the test proves nothing", before.Documents)
	}
	running, err := q.List(ctx, ListOptions{States: []string{StateRunning}})
	if err != nil || len(running) != 1 || running[0].Worker != "helper" {
		t.Fatalf("after the kill, running units = %+v, %v; want one, the helper's", running, err)
	}
	t.Logf("killed the worker with %d documents stored", before.Documents)

	// A new worker rescues the unit once it has run longer than RescueAfter.
	startWorker(t, dsn, "survivor", func(c *WorkConfig) {
		c.UnitTimeout, c.RescueAfter = 3*time.Second, 4*time.Second
	})
	c := waitFor(t, q, 2*time.Minute, "the rescued unit done", func(c Counts) bool { return allDone(c) && c.Done == 2 })
	if c.Stored+int64(before.Documents) != articles || c.Present != int64(before.Documents) {
		t.Errorf("done units stored %d and found %d present, with %d stored before the kill; want %d in all",
			c.Stored, c.Present, before.Documents, articles)
	}
	s, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Documents != articles {
		t.Errorf("stored documents = %d, want %d", s.Documents, articles)
	}
	units, err := q.List(ctx, ListOptions{IDs: []int64{running[0].ID}})
	if err != nil || len(units) != 1 {
		t.Fatalf("List(%d) = %v, %v", running[0].ID, units, err)
	}
	u := units[0]
	if u.Attempt != 2 || len(u.Errors) != 1 || u.Worker != "survivor" {
		t.Errorf("rescued unit: attempt %d, errors %q, worker %q; want attempt 2, the rescue's error, survivor",
			u.Attempt, u.Errors, u.Worker)
	}
}

// TestFailedUnitRetry makes a unit fail for good (its file is gone), then
// retries it once the file is back.
func TestFailedUnitRetry(t *testing.T) {
	q, st, dsn := testQueue(t)
	ctx := context.Background()
	dir := t.TempDir()
	writeTextFiles(t, dir, 2)
	if _, err := q.Enqueue(ctx, []string{dir}, EnqueueOptions{InlineMax: -1}); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(dir, "artikel-01.txt")
	hidden := filepath.Join(dir, ".artikel-01.txt")
	if err := os.Rename(gone, hidden); err != nil {
		t.Fatal(err)
	}
	// One attempt, so that the test need not wait through the backoff.
	if _, err := q.pool.Exec(ctx, "UPDATE river_job SET max_attempts = 1"); err != nil {
		t.Fatal(err)
	}
	startWorker(t, dsn, "w", nil)
	waitFor(t, q, time.Minute, "one unit failed", func(c Counts) bool { return c.Done == 1 && c.Failed == 1 })

	failed, err := q.List(ctx, ListOptions{States: []string{StateFailed}})
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0].Where != gone || len(failed[0].Errors) != 1 ||
		!strings.Contains(failed[0].Errors[0], "no such file") {
		t.Fatalf("failed units = %+v, want %s with its error", failed, gone)
	}

	if err := os.Rename(hidden, gone); err != nil {
		t.Fatal(err)
	}
	n, err := q.RetryFailed(ctx)
	if err != nil || n != 1 {
		t.Fatalf("RetryFailed() = %d, %v; want 1", n, err)
	}
	waitFor(t, q, time.Minute, "the retried unit done", allDone)
	if s, err := st.Stats(ctx); err != nil || s.Documents != 2 {
		t.Errorf("stored documents = %d, %v; want 2", s.Documents, err)
	}
	if err := q.Retry(ctx, 1<<40); err == nil {
		t.Errorf("Retry(no such unit) = nil error")
	}
}

// feedServer serves an RSS feed with an ETag and honours If-None-Match.
type feedServer struct {
	mu       sync.Mutex
	items    int      // items in the feed
	statuses []int    // status of each feed request, in order
	pages    []string // article pages fetched
}

func (f *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.HasPrefix(r.URL.Path, "/artikel/") {
		f.pages = append(f.pages, r.URL.Path)
		fmt.Fprintf(w, "<html><head><title>Halaman %s</title></head><body><article><p>%s</p></article></body></html>",
			r.URL.Path, strings.Repeat("Menteri luar negeri bertemu mitranya dari Jepang di Tokyo. ", 8))
		return
	}
	etag := fmt.Sprintf(`"v%d"`, f.items)
	if r.Header.Get("If-None-Match") == etag {
		f.statuses = append(f.statuses, http.StatusNotModified)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	f.statuses = append(f.statuses, http.StatusOK)
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Contoh</title><language>id</language>`)
	for i := range f.items {
		if i == 1 {
			// A teaser: the worker fetches the page at its link.
			fmt.Fprintf(w, `<item><title>Teaser</title><link>http://%s/artikel/%d</link><guid>g%d</guid><description>Singkat.</description></item>`, r.Host, i, i)
			continue
		}
		body := strings.Repeat(fmt.Sprintf("Presiden menerima delegasi dagang nomor %d di istana untuk membahas investasi. ", i), 10)
		fmt.Fprintf(w, `<item><title>Berita %d</title><link>http://%s/artikel/%d</link><guid>g%d</guid><pubDate>Tue, 05 Mar 2024 10:00:00 +0700</pubDate><content:encoded><![CDATA[<p>%s</p>]]></content:encoded></item>`,
			i, r.Host, i, i, body)
	}
	fmt.Fprint(w, `</channel></rss>`)
}

func (f *feedServer) snapshot() (statuses []int, pages int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.statuses), len(f.pages)
}

func (f *feedServer) setItems(n int) {
	f.mu.Lock()
	f.items = n
	f.mu.Unlock()
}

// TestWatchPollsConditionally watches a local feed: the first poll queues
// its items, the next is answered 304 and queues nothing, and a changed
// feed queues only its new item.
func TestWatchPollsConditionally(t *testing.T) {
	q, st, dsn := testQueue(t)
	ctx := context.Background()
	fs := &feedServer{items: 3}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	feed := srv.URL + "/feed.xml"
	if err := q.Watch(ctx, []string{feed}, time.Second); err != nil {
		t.Fatalf("Watch() error: %v", err)
	}
	startWorker(t, dsn, "watcher", func(c *WorkConfig) {
		c.Reader = ingest.New(ingest.Options{AllowPrivate: true})
		c.Feeds = NewFeedClient(FeedClientOptions{AllowPrivate: true})
		c.PollEvery = 200 * time.Millisecond
	})
	waitStatuses := func(want []int) {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for {
			got, _ := fs.snapshot()
			if len(got) >= len(want) {
				if diff := cmp.Diff(want, got[:len(want)]); diff != "" {
					t.Fatalf("feed requests' statuses mismatch (-want +got):\n%s", diff)
				}
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("feed requests' statuses = %v, want %v", got, want)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	docs := func() int {
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.Documents
	}

	waitStatuses([]int{200, 304})
	waitFor(t, q, time.Minute, "the feed's items done", func(c Counts) bool { return allDone(c) && c.Done == 3 })
	if got := docs(); got != 3 {
		t.Errorf("documents after two polls = %d, want 3", got)
	}
	if _, pages := fs.snapshot(); pages != 1 {
		t.Errorf("article pages fetched = %d, want 1 (the teaser's)", pages)
	}

	fs.setItems(4)
	waitStatuses([]int{200, 304, 200})
	waitFor(t, q, time.Minute, "the new item done", func(c Counts) bool { return allDone(c) && c.Done == 4 })
	if got := docs(); got != 4 {
		t.Errorf("documents after the feed changed = %d, want 4", got)
	}
	feeds, err := q.Feeds(ctx)
	if err != nil || len(feeds) != 1 || feeds[0].Items != 4 || feeds[0].Polls < 3 {
		t.Errorf("Feeds() = %+v, %v; want one feed, 4 items, at least 3 polls", feeds, err)
	}
	units, err := q.List(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Type != UnitItem || u.Output == nil || u.Output.Stored != 1 {
			t.Errorf("unit %s: type %s, output %+v; want an item that stored 1 article", u.Where, u.Type, u.Output)
		}
	}
}

func TestClaimHost(t *testing.T) {
	q, _, _ := testQueue(t)
	ctx := context.Background()
	for i, want := range []bool{true, false, true} {
		if i == 2 {
			if _, err := q.pool.Exec(ctx, "UPDATE warta_hosts SET next_at = now() - interval '1 second'"); err != nil {
				t.Fatal(err)
			}
		}
		wait, err := q.claimHost(ctx, "contoh.id", time.Minute)
		if err != nil {
			t.Fatalf("claimHost() error: %v", err)
		}
		if got := wait == 0; got != want || wait > time.Minute {
			t.Errorf("claimHost() #%d = wait %s; want a claim: %v", i+1, wait, want)
		}
	}
}

// TestGzipSlicesByPath works slices of a .jsonl.gz file that the units name
// by path and byte range in the decompressed stream.
func TestGzipSlicesByPath(t *testing.T) {
	q, st, dsn := testQueue(t)
	ctx := context.Background()
	plain := filepath.Join(t.TempDir(), "berita.jsonl")
	writeArticles(t, plain, 1000, 30)
	data, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	packed, err := pack(data)
	if err != nil {
		t.Fatal(err)
	}
	gz := plain + ".gz"
	if err := os.WriteFile(gz, packed, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := q.Enqueue(ctx, []string{gz}, EnqueueOptions{SliceLines: 7, InlineMax: -1})
	if err != nil || res.Queued != 5 || res.Inline != 0 {
		t.Fatalf("Enqueue() = %+v, %v; want 5 units by path", res, err)
	}
	startWorker(t, dsn, "w", func(c *WorkConfig) { c.ConsolidateAfter = time.Second })
	c := waitFor(t, q, time.Minute, "every unit done", allDone)
	if s, err := st.Stats(ctx); err != nil || s.Documents != 30 || c.Stored != 30 {
		t.Errorf("stored documents = %d (units say %d), %v; want 30", s.Documents, c.Stored, err)
	}
	// A consolidation follows the units that stored articles.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var out struct{ Documents int }
		var meta []byte
		err := q.pool.QueryRow(ctx, `SELECT metadata->'output' FROM river_job WHERE kind = $1 AND state = 'completed'
			ORDER BY id DESC LIMIT 1`, KindConsolidate).Scan(&meta)
		if err == nil && json.Unmarshal(meta, &out) == nil && out.Documents == 30 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no consolidation of the 30 documents after the units: %s, %v", meta, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
