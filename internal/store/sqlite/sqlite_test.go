package sqlite

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
	"github.com/warta-dev/warta/internal/store/storetest"
)

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// tWriter sends log lines to the test log.
type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func openTemp(t testing.TB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "warta.db")
	db, err := Open(context.Background(), path, testLogger(t))
	if err != nil {
		t.Fatalf("Open(%s) error: %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close() error: %v", err)
		}
	})
	return db, path
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, _ := openTemp(t)
		return db
	})
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	// A directory name with URI-special characters must not confuse the DSN.
	path := filepath.Join(t.TempDir(), "a dir?#%", "warta.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	a := storetest.Full("dibuka lagi", article.Published{})

	db, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("Open(%s) error: %v", path, err)
	}
	if _, err := db.Put(ctx, []*article.Article{a}); err != nil {
		t.Fatalf("Put() error: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close() error: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not at %s: %v", path, err)
	}

	for i := range 2 {
		db, err = Open(ctx, path, testLogger(t))
		if err != nil {
			t.Fatalf("Open(%s) again (%d) error: %v", path, i, err)
		}
		got, err := db.Get(ctx, a.Doc.ID)
		if err != nil {
			t.Fatalf("Get() after reopening error: %v", err)
		}
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("Get() after reopening mismatch (-want +got):\n%s", diff)
		}
		checkIntegrity(t, db)
		if err := db.Close(); err != nil {
			t.Fatalf("Close() error: %v", err)
		}
	}
}

// checkIntegrity runs SQLite's own checks of the file, the foreign keys and
// the FTS index, and checks the connection settings.
func checkIntegrity(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	var got string
	if err := db.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&got); err != nil || got != "ok" {
		t.Errorf("PRAGMA integrity_check = %q, %v, want ok", got, err)
	}
	rows, err := db.r.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		t.Fatalf("PRAGMA foreign_key_check error: %v", err)
	}
	if rows.Next() {
		t.Errorf("PRAGMA foreign_key_check found violations")
	}
	_ = rows.Close()
	if _, err := db.w.ExecContext(ctx, "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')"); err != nil {
		t.Errorf("FTS integrity-check error: %v", err)
	}
	for _, p := range []struct {
		pool *sql.DB
		name string
		want string
	}{
		{db.r, "journal_mode", "wal"},
		{db.r, "foreign_keys", "1"},
		{db.r, "synchronous", "1"},
		{db.r, "busy_timeout", "10000"},
		{db.r, "query_only", "1"},
		{db.w, "foreign_keys", "1"},
		{db.w, "synchronous", "1"},
		{db.w, "query_only", "0"},
	} {
		var v string
		if err := p.pool.QueryRowContext(ctx, "PRAGMA "+p.name).Scan(&v); err != nil || v != p.want {
			t.Errorf("PRAGMA %s = %q, %v, want %q", p.name, v, err, p.want)
		}
	}
}

func TestBatchAtomic(t *testing.T) {
	db, _ := openTemp(t)
	storetest.BatchAtomic(t, db)
}

func TestDeleteCascades(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	a := storetest.Full("akan dihapus tentang nuklir", article.Published{})
	keep := storetest.Full("tetap ada tentang nuklir", article.Published{})
	if _, err := db.Put(ctx, []*article.Article{a, keep}); err != nil {
		t.Fatalf("Put() error: %v", err)
	}
	if _, err := db.w.ExecContext(ctx, "DELETE FROM documents WHERE id = ?", a.Doc.ID); err != nil {
		t.Fatalf("delete document error: %v", err)
	}
	got, err := db.Search(ctx, "nuklir", 10)
	if err != nil {
		t.Fatalf("Search() error: %v", err)
	}
	if want := []string{keep.Doc.ID}; !cmp.Equal(got, want) {
		t.Errorf("Search(nuklir) after delete = %v, want %v", got, want)
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats() error: %v", err)
	}
	if st.Documents != 1 || st.Events != len(keep.Events) || st.Quotes != len(keep.Quotes) || st.Facts != len(keep.Facts) {
		t.Errorf("Stats() after delete = %+v, want only the kept article's rows", st)
	}
	checkIntegrity(t, db)
}

func TestOpenKeepsStdoutClean(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = stdout }()

	path := filepath.Join(t.TempDir(), "warta.db")
	db, err := Open(context.Background(), path, nil)
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

func TestOpenRejectsNonFile(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file::memory:?cache=shared"} {
		db, err := Open(context.Background(), path, nil)
		if err == nil {
			_ = db.Close()
			t.Errorf("Open(%q) = nil error, want an error", path)
		}
		if db != nil {
			t.Errorf("Open(%q) returned a DB with its error", path)
		}
	}
}

func TestFTSQuery(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"words", "nuklir Rusia", `"nuklir" "Rusia"`},
		{"empty", "", ""},
		{"punctuation only", `- ( ) * "" :`, ""},
		{"quote inside", `"foo AND (`, `"""foo"`},
		{"operators dropped", "a AND b OR c NOT d NEAR e", `"a" "b" "c" "d" "e"`},
		{"lowercase operator kept", "and", `"and"`},
		{"prefix", "diplomat*", `"diplomat"*`},
		{"column filter quoted", "title:x", `"title:x"`},
		{"unicode", "Rusia–Kazakhstan café", `"Rusia–Kazakhstan" "café"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ftsQuery(tt.in); got != tt.want {
				t.Errorf("ftsQuery(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// BenchmarkPut stores batches of 256 articles and reports articles/s.
func BenchmarkPut(b *testing.B) {
	storetest.BenchPut(b, func(b *testing.B) store.Store {
		db, err := Open(context.Background(), filepath.Join(b.TempDir(), "warta.db"), nil)
		if err != nil {
			b.Fatalf("Open() error: %v", err)
		}
		b.Cleanup(func() { _ = db.Close() })
		return db
	})
}

// BenchmarkHas asks for stored and unknown document IDs, as the pipeline
// does once per article.
func BenchmarkHas(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "warta.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	batch := make([]*article.Article, storetest.BenchBatch)
	for j := range batch {
		batch[j] = storetest.BenchArticle(j)
	}
	if _, err := db.Put(ctx, batch); err != nil {
		b.Fatal(err)
	}
	ids := []string{batch[0].Doc.ID, "0000000000000000000000000000000000000000000000000000000000000000"}
	b.ResetTimer()
	for i := range b.N {
		if _, err := db.Has(ctx, ids[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}
