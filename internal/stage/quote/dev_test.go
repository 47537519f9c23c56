package quote

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/stage/entity"
	"github.com/warta-dev/warta/internal/stage/sentence"
)

// devDir is the shared Indonesian dev set; the test skips without it.
const devDir = "../../../../shared/gold/dev/id"

// TestDevQuotes runs the entity and quote stages over the dev articles and,
// with -dump, writes every quote with its speaker and the words around it
// to $TMPDIR/warta_dev_quotes.txt, for checking speakers by hand (news
// text stays out of the repository). It fails only
// on a span that does not hold its quote.
func TestDevQuotes(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(devDir, "c*.gold.json"))
	if len(files) == 0 {
		t.Skipf("no dev set at %s", devDir)
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	ent, err := entity.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	split, err := sentence.New()
	if err != nil {
		t.Fatal(err)
	}
	var dump strings.Builder
	n, withSpeaker := 0, 0
	for _, f := range files {
		path := strings.TrimSuffix(f, ".gold.json") + ".json"
		a, err := loadArticle(path, split)
		if err != nil {
			t.Fatal(err)
		}
		if err := ent.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		if err := s.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		for _, q := range a.Quotes {
			if q.Start < 0 || q.End > len(a.Doc.Text) || q.Start >= q.End {
				t.Errorf("%s: quote %q has bad span [%d,%d)", path, q.Text, q.Start, q.End)
				continue
			}
			n++
			if q.Speaker != "" {
				withSpeaker++
			}
			after := a.Doc.Text[q.End:min(len(a.Doc.Text), q.End+70)]
			before := a.Doc.Text[max(0, q.Start-70):q.Start]
			fmt.Fprintf(&dump, "%s\t%s\t%q\t%q\t%q\n", filepath.Base(path), q.Speaker, before, q.Text, after)
		}
	}
	t.Logf("%d quotes, %d with a speaker", n, withSpeaker)
	if *dumpFlag {
		if err := os.WriteFile(filepath.Join(os.TempDir(), "warta_dev_quotes.txt"), []byte(dump.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// loadArticle builds an article from a dev article record.
func loadArticle(path string, split *sentence.Splitter) (*article.Article, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rec struct {
		Title, Text, Published, Language string
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	a := article.New()
	a.Doc.Text, a.Doc.Title, a.Doc.Language = rec.Text, rec.Title, rec.Language
	if rec.Published != "" {
		if p, err := article.ParsePublished(rec.Published); err == nil {
			a.Doc.Published = p
		}
	}
	a.Sentences = split.Split(a.Doc.Text)
	return a, nil
}
