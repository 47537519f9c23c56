package postgres

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
	"github.com/warta-dev/warta/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	a := storetest.Full("dibuka lagi", article.Published{})
	db, err := Open(ctx, dsn, nil)
	if err != nil {
		t.Fatalf("Open() error: %v", err)
	}
	if _, err := db.Put(ctx, []*article.Article{a}); err != nil {
		t.Fatalf("Put() error: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close() error: %v", err)
	}
	// Several processes opening one database at once migrate it once.
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Go(func() {
			db, err := Open(ctx, dsn, testLogger(t))
			if err != nil {
				t.Errorf("Open() again (%d) error: %v", i, err)
				return
			}
			defer func() { _ = db.Close() }()
			got, err := db.Get(ctx, a.Doc.ID)
			if err != nil {
				t.Errorf("Get() after reopening error: %v", err)
				return
			}
			if diff := cmp.Diff(a, got); diff != "" {
				t.Errorf("Get() after reopening mismatch (-want +got):\n%s", diff)
			}
		})
	}
	wg.Wait()
}

func TestOpenErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, dsn := range []string{
		"postgres://warta:s3cret@127.0.0.1:1/none?connect_timeout=2",
		"postgres://warta:s3cret@[bad",
		"host=127.0.0.1 port=1 password=s3cret connect_timeout=2",
	} {
		db, err := Open(ctx, dsn, nil)
		if err == nil {
			_ = db.Close()
			t.Errorf("Open(%q) = nil error, want an error", dsn)
			continue
		}
		if db != nil {
			t.Errorf("Open(%q) returned a DB with its error", dsn)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%q) error shows the password: %v", dsn, err)
		}
	}
}

func TestBatchAtomic(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	tooLong := storetest.Full("offset terlalu besar", article.Published{})
	tooLong.Facts[0].End = 1 << 40
	// A quote that a trigger rejects fails the batch late, after its
	// documents, entities and events went in.
	if _, err := db.pool.Exec(ctx, `CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN IF NEW.text = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END$$;
CREATE TRIGGER boom BEFORE INSERT ON quotes FOR EACH ROW EXECUTE FUNCTION boom()`); err != nil {
		t.Fatalf("create trigger: %v", err)
	}
	late := storetest.Full("gagal di tengah", article.Published{})
	late.Quotes[0].Text = "boom"
	good := storetest.Full("artikel baik", article.Published{})
	storetest.BatchAtomic(t, db,
		storetest.BadBatch{Name: "offset beyond int32", Batch: []*article.Article{good, tooLong}},
		storetest.BadBatch{Name: "failure mid-transaction", Batch: []*article.Article{good, late}})
}

// TestConcurrentWriters is several workers storing overlapping batches into
// one database through their own pools: each article is stored exactly once
// and every other copy counts as present.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	const workers, articles, batch = 4, 120, 20
	all := make([]*article.Article, articles)
	for i := range all {
		all[i] = storetest.BenchArticle(i)
	}
	results := make([]store.PutResult, workers)
	var wg sync.WaitGroup
	for w := range workers {
		db, err := Open(ctx, dsn, nil)
		if err != nil {
			t.Fatalf("Open() worker %d error: %v", w, err)
		}
		t.Cleanup(func() { _ = db.Close() })
		wg.Go(func() {
			// Each worker goes through every article in its own order.
			order := rand.New(rand.NewPCG(uint64(w), 7)).Perm(articles)
			for i := 0; i < articles; i += batch {
				b := make([]*article.Article, 0, batch)
				for _, j := range order[i : i+batch] {
					b = append(b, all[j])
				}
				res, err := db.Put(ctx, b)
				if err != nil {
					t.Errorf("worker %d Put() error: %v", w, err)
					return
				}
				results[w].Stored += res.Stored
				results[w].Present += res.Present
			}
		})
	}
	wg.Wait()
	var total store.PutResult
	for _, r := range results {
		total.Stored += r.Stored
		total.Present += r.Present
	}
	if want := (store.PutResult{Stored: articles, Present: (workers - 1) * articles}); total != want {
		t.Errorf("Put() totals = %+v, want %+v", total, want)
	}
	check, err := Open(ctx, dsn, nil)
	if err != nil {
		t.Fatalf("Open() error: %v", err)
	}
	defer func() { _ = check.Close() }()
	st, err := check.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats() error: %v", err)
	}
	if st.Documents != articles || st.Events != articles*len(all[0].Events) || st.Quotes != articles*len(all[0].Quotes) {
		t.Errorf("Stats() = %+v, want %d documents with their events and quotes once", st, articles)
	}
}

func TestPartitions(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := storetest.Full("partisi", article.Published{})
	a.Events[0].Date = "2019-02-03"
	a.Events[1].Date = "1850-01-01" // out of range: the default partition
	b := storetest.Full("partisi dua", article.Published{})
	b.Events[0].Date = "2019-02-28T10:00:00+07:00"
	b.Events[1].Date = "2021-07"
	if _, err := db.Put(ctx, []*article.Article{a, b}); err != nil {
		t.Fatalf("Put() error: %v", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT tableoid::regclass::text, count(*) FROM events GROUP BY 1 ORDER BY 1`)
	if err != nil {
		t.Fatalf("query partitions: %v", err)
	}
	got := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			t.Fatal(err)
		}
		got[name] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"events_2019_02": 2, "events_2021_07": 1, "events_default": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events per partition mismatch (-want +got):\n%s", diff)
	}
	// A second store (another worker) finds the partitions there.
	other, err := Open(ctx, db.pool.Config().ConnString(), nil)
	if err != nil {
		t.Fatalf("Open() error: %v", err)
	}
	defer func() { _ = other.Close() }()
	c := storetest.Full("partisi tiga", article.Published{})
	c.Events[0].Date = "2019-02-01"
	if _, err := other.Put(ctx, []*article.Article{c}); err != nil {
		t.Fatalf("Put() from a second store error: %v", err)
	}
	p, err := db.Events(ctx, store.Query{Filter: store.Filter{From: "2019-02-01", To: "2019-02-28"}, Limit: 10})
	if err != nil {
		t.Fatalf("Events(February 2019) error: %v", err)
	}
	if len(p.Items) != 3 {
		t.Errorf("Events(February 2019) = %d events, want 3", len(p.Items))
	}
}

func TestPartitionPruning(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	var batch []*article.Article
	for m := 1; m <= 12; m++ {
		a := storetest.Full(fmt.Sprintf("bulan %d", m), article.Published{})
		a.Events[0].Date = fmt.Sprintf("2023-%02d-15", m)
		batch = append(batch, a)
	}
	if _, err := db.Put(ctx, batch); err != nil {
		t.Fatalf("Put() error: %v", err)
	}
	rows, err := db.pool.Query(ctx, `EXPLAIN (COSTS OFF) SELECT count(*) FROM events e
WHERE e.date >= $1::text AND (e.day >= $1::date OR e.day IS NULL)
	AND e.date <= $2::text AND (e.day <= $2::date OR e.day IS NULL)`, "2023-11-01", "2023-11-30")
	if err != nil {
		t.Fatalf("explain: %v", err)
	}
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"events_2023_01", "events_2023_10", "events_2023_12"} {
		if strings.Contains(plan.String(), m) {
			t.Errorf("plan of a November query reads %s:\n%s", m, plan.String())
		}
	}
	if !strings.Contains(plan.String(), "events_2023_11") {
		t.Errorf("plan of a November query does not read events_2023_11:\n%s", plan.String())
	}
}

// TestUnstorableText covers what PostgreSQL's text cannot hold: the
// document's text comes back exactly, other strings with U+FFFD.
func TestUnstorableText(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	a := storetest.Full("nul \x00 dan \xff\xfe bukan UTF-8 tentang nuklir", article.Published{})
	a.Doc.Title = "judul\x00"
	if _, err := db.Put(ctx, []*article.Article{a}); err != nil {
		t.Fatalf("Put() error: %v", err)
	}
	got, err := db.Get(ctx, a.Doc.ID)
	if err != nil {
		t.Fatalf("Get() error: %v", err)
	}
	if got.Doc.Text != a.Doc.Text {
		t.Errorf("Get().Doc.Text = %q, want %q", got.Doc.Text, a.Doc.Text)
	}
	if want := "judul\uFFFD"; got.Doc.Title != want {
		t.Errorf("Get().Doc.Title = %q, want %q", got.Doc.Title, want)
	}
	if ids, err := db.Search(ctx, "nuklir", 10); err != nil || len(ids) != 1 {
		t.Errorf("Search(nuklir) = %v, %v, want the document", ids, err)
	}
}

func TestOpenKeepsStdoutClean(t *testing.T) {
	dsn := testDSN(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = stdout }()

	db, err := Open(context.Background(), dsn, nil)
	if err == nil {
		_, err = db.Put(context.Background(), []*article.Article{storetest.Minimal("x")})
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}
	os.Stdout = stdout
	_ = w.Close()
	out, _ := io.ReadAll(r)
	if err != nil {
		t.Fatalf("Open, Put, Close error: %v", err)
	}
	if len(out) > 0 {
		t.Errorf("Open, Put and Close wrote to stdout: %q", out)
	}
}

func TestSearchTerms(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		terms  []string
		prefix []bool
	}{
		{"words", "nuklir Rusia", []string{"nuklir", "Rusia"}, []bool{false, false}},
		{"empty", "", nil, nil},
		{"punctuation only", `- ( ) * "" : & | ! <->`, nil, nil},
		{"quote inside", `"foo AND (`, []string{"foo"}, []bool{false}},
		{"operators dropped", "a AND b OR c NOT d NEAR e", []string{"a", "b", "c", "d", "e"}, []bool{false, false, false, false, false}},
		{"prefix", "diplomat*", []string{"diplomat:*"}, []bool{true}},
		{"parts become a phrase", "title:x", []string{"title <-> x"}, []bool{false}},
		{"tsquery syntax is data", `a:*B&c|!d'e`, []string{"a <-> B <-> c <-> d <-> e"}, []bool{false}},
		{"unicode", "Rusia–Kazakhstan café", []string{"Rusia <-> Kazakhstan", "café"}, []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms, prefix := searchTerms(tt.in)
			if diff := cmp.Diff(tt.terms, terms); diff != "" {
				t.Errorf("searchTerms(%q) terms mismatch (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.prefix, prefix); diff != "" {
				t.Errorf("searchTerms(%q) prefix mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://u:pw@h:5432/db?sslmode=disable", "postgres://u:xxxxx@h:5432/db?sslmode=disable"},
		{"postgresql://h/db", "postgresql://h/db"},
		{"host=h password=pw", "(connection string)"},
		{"host=h dbname=db", "host=h dbname=db"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
