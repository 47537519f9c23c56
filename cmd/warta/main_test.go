package main

// End-to-end tests: a real warta binary, run as a subprocess against real
// SQLite files, as a user runs it.

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// wartaBin is the binary built once for all tests.
var wartaBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "warta-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	wartaBin = filepath.Join(dir, "warta")
	out, err := exec.Command("go", "build", "-o", wartaBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build warta: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, wartaBin, args...)
	cmd.Env = append(os.Environ(), "WARTA_DB=")
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run warta %v: %v", args, err)
	}
	return result{so.String(), se.String(), code}
}

type stats struct {
	Documents int `json:"documents"`
	Entities  int `json:"entities"`
	Events    int `json:"events"`
	Facts     int `json:"facts"`
	Quotes    int `json:"quotes"`
}

func dbStats(t *testing.T, db string) stats {
	t.Helper()
	r := run(t, "stats", "--db", db, "--json")
	if r.code != 0 {
		t.Fatalf("warta stats: exit %d: %s", r.code, r.stderr)
	}
	var s stats
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("warta stats --json printed %q: %v", r.stdout, err)
	}
	return s
}

var summaryRE = regexp.MustCompile(`read (\d+), stored (\d+), already present (\d+), failed (\d+)`)

func summary(t *testing.T, stderr string) (read, stored, present, failed int) {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary line in stderr:\n%s", stderr)
	}
	fmt.Sscan(m[1], &read)
	fmt.Sscan(m[2], &stored)
	fmt.Sscan(m[3], &present)
	fmt.Sscan(m[4], &failed)
	return
}

func TestIngestExamplesTwice(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	r := run(t, "ingest", "--db", db, "../../examples")
	if r.code != 0 {
		t.Fatalf("first ingest: exit %d\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("ingest wrote to stdout: %q", r.stdout)
	}
	read, stored, present, failed := summary(t, r.stderr)
	if read != 7 || stored != 7 || present != 0 || failed != 0 {
		t.Errorf("first ingest summary = read %d stored %d present %d failed %d, want 7 7 0 0", read, stored, present, failed)
	}
	r = run(t, "ingest", "--db", db, "../../examples")
	if r.code != 0 {
		t.Fatalf("second ingest: exit %d\n%s", r.code, r.stderr)
	}
	read, stored, present, failed = summary(t, r.stderr)
	if read != 7 || stored != 0 || present != 7 || failed != 0 {
		t.Errorf("second ingest summary = read %d stored %d present %d failed %d, want 7 0 7 0", read, stored, present, failed)
	}
	if got := dbStats(t, db).Documents; got != 7 {
		t.Errorf("documents = %d, want 7", got)
	}
}

func TestExtractPrintsOnlyJSON(t *testing.T) {
	r := run(t, "extract", "../../examples/kunjungan-menlu.txt")
	if r.code != 0 {
		t.Fatalf("extract: exit %d\n%s", r.code, r.stderr)
	}
	var rec struct {
		Doc struct {
			ID, Title, Author, Language, Text string
			Published                         *string
		}
		Entities, Events, Facts, Quotes []json.RawMessage
	}
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil {
		t.Fatalf("extract stdout is not one JSON object: %v\n%s", err, r.stdout)
	}
	sum := sha256.Sum256([]byte(rec.Doc.Text))
	if rec.Doc.ID != hex.EncodeToString(sum[:]) {
		t.Errorf("doc.id %s is not the sha256 of doc.text", rec.Doc.ID)
	}
	if rec.Entities == nil || rec.Events == nil || rec.Facts == nil || rec.Quotes == nil {
		t.Errorf("extract record lacks a list (want [] at least): %s", r.stdout)
	}
	if strings.Contains(rec.Doc.Text, "Populer") || strings.Contains(rec.Doc.Text, "Baca juga") {
		t.Errorf("chrome left in doc.text: %q", rec.Doc.Text)
	}

	r = run(t, "extract", "../../examples/kawat.jsonl")
	if r.code != 0 {
		t.Fatalf("extract jsonl: exit %d\n%s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("extract of 3 records printed %d lines", len(lines))
	}
	for i, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("line %d is not JSON: %s", i+1, l)
		}
	}
}

// TestBadInputNeverStopsABatch feeds every kind of bad input along with
// good ones: each failure gets one line naming its file (and line), and the
// good articles are stored.
func TestBadInputNeverStopsABatch(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := "Menteri Luar Negeri Indonesia bertemu Duta Besar Jepang di Jakarta untuk membahas kerja sama maritim."
	write("good.txt", []byte(good))
	write("binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 0})
	write("empty.txt", nil)
	write("latin1.txt", []byte("Pemerintah Prancis menyambut baik kunjungan delegasi dari Bogot\xe1 dan menandatangani nota kesepahaman."))
	jsonl := fmt.Sprintf("{\"text\": %q}\n{\"text\": \"broken\n{\"text\": \"Presiden Filipina menerima kunjungan Perdana Menteri Vietnam di Manila.\"}\n", good+" Satu.")
	write("batch.jsonl", []byte(jsonl))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for i := range 50 {
		fmt.Fprintf(zw, "{\"text\": \"Artikel nomor %d tentang hubungan Indonesia dan Australia yang terus membaik.\"}\n", i)
	}
	zw.Close()
	write("truncated.jsonl.gz", gz.Bytes()[:gz.Len()*2/3])
	write("notext.csv", []byte("id,judul,tanggal\n1,Judul,2019-09-10\n"))

	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/artikel"
	ln.Close()

	db := filepath.Join(dir, "w.db")
	r := run(t, "ingest", "--db", db, "--allow-private", "--timeout", "5s", in, srv.URL+"/hilang", closed)
	if r.code != 1 {
		t.Errorf("exit code = %d, want 1 (some inputs failed)\n%s", r.code, r.stderr)
	}
	want := []string{
		"binary.txt:", "empty.txt:", "batch.jsonl:2:", "truncated.jsonl.gz", "notext.csv:",
		srv.URL + "/hilang", closed,
	}
	for _, w := range want {
		n := 0
		for _, line := range strings.Split(r.stderr, "\n") {
			if strings.HasPrefix(line, "warta: ") && strings.Contains(line, w) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("want exactly one error line naming %q, got %d\n%s", w, n, r.stderr)
		}
	}
	read, stored, _, failed := summary(t, r.stderr)
	if failed != len(want) {
		t.Errorf("failed = %d, want %d\n%s", failed, len(want), r.stderr)
	}
	// good.txt, latin1.txt, two good JSONL lines, and the complete lines of
	// the truncated gzip.
	if stored < 4 || stored != read {
		t.Errorf("stored %d of %d read\n%s", stored, read, r.stderr)
	}
	if got := dbStats(t, db).Documents; got != stored {
		t.Errorf("documents = %d, summary said stored %d", got, stored)
	}
}

// TestKillMidBatch kills a real ingest with SIGKILL while it writes, checks
// that the database is intact and holds only whole articles, and that
// re-running the command completes the batch without duplicates.
func TestKillMidBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: ingests thousands of articles")
	}
	dir := t.TempDir()
	input := filepath.Join(dir, "big.jsonl")
	const n = 12000
	writeCorpus(t, input, n)
	db := filepath.Join(dir, "w.db")

	cmd := exec.Command(wartaBin, "ingest", "--db", db, "--batch", "64", input)
	cmd.Env = append(os.Environ(), "WARTA_DB=")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		if c := countDocs(t, db); c >= 500 {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
			break
		}
	}
	err := cmd.Wait()
	if !killed {
		t.Fatalf("ingest finished or stalled before it could be killed: %v", err)
	}
	before := countDocs(t, db)
	if before >= n {
		t.Fatalf("all %d documents stored before the kill: the test proves nothing", n)
	}
	t.Logf("killed with %d of %d documents stored", before, n)
	checkIntact(t, db)

	r := run(t, "ingest", "--db", db, input)
	if r.code != 0 {
		t.Fatalf("re-run: exit %d\n%s", r.code, r.stderr)
	}
	read, stored, present, failed := summary(t, r.stderr)
	if read != n || failed != 0 || stored+present != n || present < before {
		t.Errorf("re-run summary: read %d stored %d present %d failed %d; want read %d, stored+present = %d, present >= %d",
			read, stored, present, failed, n, n, before)
	}
	if got := countDocs(t, db); got != n {
		t.Errorf("documents after re-run = %d, want %d", got, n)
	}
	checkIntact(t, db)
}

// writeCorpus writes n distinct synthetic article records.
func writeCorpus(t *testing.T, path string, n int) {
	t.Helper()
	words := strings.Fields("pemerintah menteri luar negeri presiden kerja sama perdagangan energi " +
		"kunjungan pertemuan delegasi perjanjian investasi pelabuhan kawasan keamanan " +
		"bilateral ekonomi pangan pendidikan kesehatan teknologi maritim perbatasan")
	countries := []string{"Indonesia", "Malaysia", "Jepang", "Australia", "Rusia", "China", "India", "Vietnam"}
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for i := range n {
		var text strings.Builder
		for s := range 12 {
			fmt.Fprintf(&text, "%s dan %s membahas", countries[rng.IntN(len(countries))], countries[rng.IntN(len(countries))])
			for range 14 {
				text.WriteString(" " + words[rng.IntN(len(words))])
			}
			fmt.Fprintf(&text, " nomor %d-%d.\n", i, s)
		}
		rec, err := json.Marshal(map[string]string{
			"title": fmt.Sprintf("Berita %d", i), "published": "2019-09-10", "text": text.String(),
		})
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

func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func countDocs(t *testing.T, path string) int {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db := openDB(t, path)
	var c int
	if err := db.QueryRow("SELECT count(*) FROM documents").Scan(&c); err != nil {
		return 0 // not migrated yet
	}
	db.Close()
	return c
}

// checkIntact runs SQLite's and FTS5's integrity checks, the foreign-key
// check, and verifies that every stored text hashes to its document ID, so
// no document was stored in part.
func checkIntact(t *testing.T, path string) {
	t.Helper()
	db := openDB(t, path)
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("PRAGMA integrity_check = %q, %v", ok, err)
	}
	rows, err := db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Error("PRAGMA foreign_key_check reports violations")
	}
	rows.Close()
	if _, err := db.Exec("INSERT INTO documents_fts(documents_fts) VALUES('integrity-check')"); err != nil {
		t.Errorf("FTS integrity check: %v", err)
	}
	var docs, fts int
	if err := db.QueryRow("SELECT count(*) FROM documents").Scan(&docs); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM documents_fts").Scan(&fts); err != nil {
		t.Fatal(err)
	}
	if docs != fts {
		t.Errorf("documents %d, full-text rows %d", docs, fts)
	}
	rows, err = db.Query("SELECT id, text FROM documents")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(text))
		if hex.EncodeToString(sum[:]) != id {
			t.Fatalf("document %s: stored text does not hash to its ID (partial article)", id)
		}
	}
}
