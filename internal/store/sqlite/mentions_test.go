package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pressly/goose/v3"

	"github.com/warta-dev/warta/internal/article"
)

func TestMentionsRoundTrip(t *testing.T) {
	text := "Presiden Rusia Vladimir Putin tiba di Astana. Putin—lalu “Kremlin”."
	k := strings.Index(text, "“Kremlin”")
	tests := []struct {
		name string
		ms   []article.Mention
		want string
	}{
		{"empty", []article.Mention{}, `[]`},
		{"slices of the text", []article.Mention{{Text: "Vladimir Putin", Start: 15, End: 29}, {Text: "Putin", Start: 46, End: 51}},
			`[[15,29],[46,51]]`},
		{"text that is not the slice", []article.Mention{{Text: "Putin \"V\"", Start: 15, End: 29}},
			`[[15,29,"Putin \"V\""]]`},
		{"offsets outside the text", []article.Mention{{Text: "x", Start: 5, End: 500}, {Text: "y", Start: -1, End: 2}},
			`[[5,500,"x"],[-1,2,"y"]]`},
		{"multi-byte runes", []article.Mention{{Text: "“Kremlin”", Start: k, End: k + len("“Kremlin”")}},
			fmt.Sprintf("[[%d,%d]]", k, k+len("“Kremlin”"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := appendMentions(nil, text, tt.ms)
			if string(b) != tt.want {
				t.Errorf("appendMentions = %s, want %s", b, tt.want)
			}
			got, err := decodeMentions(b, text)
			if err != nil {
				t.Fatalf("decodeMentions(%s) error: %v", b, err)
			}
			if diff := cmp.Diff(tt.ms, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeMentionsRejects(t *testing.T) {
	for _, in := range []string{`{}`, `[[1]]`, `[[1,2,"a",4]]`, `[[0,99]]`, `[[3,1]]`, `[["a",2]]`, `[[1,2,3]]`, `[`} {
		if got, err := decodeMentions([]byte(in), "short text"); err == nil {
			t.Errorf("decodeMentions(%s) = %v, want an error", in, got)
		}
	}
}

func FuzzDecodeMentions(f *testing.F) {
	f.Add([]byte(`[[0,5],[6,10,"teks"]]`), "Putin dan Xi")
	f.Add([]byte(`[]`), "")
	f.Fuzz(func(t *testing.T, b []byte, text string) {
		ms, err := decodeMentions(b, text)
		if err != nil {
			return
		}
		// Whatever decodes must encode and decode to the same mentions.
		again, err := decodeMentions(appendMentions(nil, text, ms), text)
		if err != nil {
			t.Fatalf("decode(encode(%v)) error: %v", ms, err)
		}
		if diff := cmp.Diff(ms, again); diff != "" {
			t.Errorf("decode(encode) (-first +second):\n%s", diff)
		}
	})
}

// TestMigrateMentions fills a version-6 database (one row per mention) and
// checks that migration 00007 moves every mention into doc_entities intact,
// and that migrating down restores the rows.
func TestMigrateMentions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v6.db")
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.SetMaxOpenConns(1)
	fsys, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, w, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 6); err != nil {
		t.Fatalf("migrate to 6: %v", err)
	}
	text := "Putin bertemu Tokayev. Putin—senang."
	for _, q := range []string{
		`INSERT INTO documents (seq, id, source, title, author, outlet, url, language, dateline, text, warnings, sentences, sectors, ingested_at)
		 VALUES (1, 'd1', 's', 't', '', '', '', 'id', '', '` + text + `', 'null', 'null', 'null', '2026-01-01T00:00:00Z')`,
		`INSERT INTO entities (id, name, type) VALUES ('person:putin', 'Putin', 'PERSON'), ('person:tokayev', 'Tokayev', 'PERSON')`,
		`INSERT INTO doc_entities (doc_seq, ord, entity_id, name, type, aliases) VALUES
		 (1, 0, 'person:putin', 'Putin', 'PERSON', 'null'), (1, 1, 'person:tokayev', 'Tokayev', 'PERSON', 'null')`,
		`INSERT INTO mentions (doc_seq, ent_ord, ord, entity_id, text, "start", "end") VALUES
		 (1, 0, 0, 'person:putin', 'Putin', 0, 5), (1, 0, 1, 'person:putin', 'Putin', 23, 28),
		 (1, 1, 0, 'person:tokayev', 'Tokayev', 14, 21)`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatalf("fill version 6: %v\n%s", err, q)
		}
	}
	if _, err := p.UpTo(ctx, 7); err != nil {
		t.Fatalf("migrate to 7: %v", err)
	}
	a, err := getArticleTx(ctx, w, "d1")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]article.Mention{
		{{Text: "Putin", Start: 0, End: 5}, {Text: "Putin", Start: 23, End: 28}},
		{{Text: "Tokayev", Start: 14, End: 21}},
	}
	var got [][]article.Mention
	for _, e := range a.Entities {
		got = append(got, e.Mentions)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mentions after migration (-want +got):\n%s", diff)
	}
	if _, err := p.DownTo(ctx, 6); err != nil {
		t.Fatalf("migrate down to 6: %v", err)
	}
	var n int
	if err := w.QueryRowContext(ctx, `SELECT count(*) FROM mentions WHERE text = substr(?, "start" + 1, "end" - "start")`, text).Scan(&n); err != nil || n != 3 {
		t.Errorf("mentions after migrating down = %d (%v), want 3 rows with their text", n, err)
	}
}

func getArticleTx(ctx context.Context, db *sql.DB, id string) (*article.Article, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	return getArticle(ctx, tx, id)
}
