// Package goldtest reads the shared gold set (GOLD.md) for the stages'
// tests: its file lists and its article records. The set lives outside the
// repository, so the tests that use it skip when it is absent.
package goldtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/eval"
	"github.com/warta-dev/warta/internal/stage/sentence"
)

// Dir is the shared Indonesian gold set, as a stage's tests see it: relative
// to a package directory internal/stage/NAME.
const Dir = "../../../../shared/gold/dev/id"

// Gold returns the gold annotation files of Dir (c*.gold.json), and skips
// tb when there are none.
func Gold(tb testing.TB) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(Dir, "c*.gold.json"))
	if len(files) == 0 {
		tb.Skipf("no gold set at %s", Dir)
	}
	return files
}

// Records returns the article records of Dir (c*.json, the gold files
// left out), sorted; none when the set is absent.
func Records() []string {
	files, _ := filepath.Glob(filepath.Join(Dir, "c*.json"))
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".gold.json") {
			out = append(out, f)
		}
	}
	return out
}

// Load builds an article from an article record: its title, text, language
// and publication date (left unknown when malformed). With split non-nil
// it also splits the text into sentences.
func Load(path string, split *sentence.Splitter) (*article.Article, error) {
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
	if split != nil {
		a.Sentences = split.Split(a.Doc.Text)
	}
	return a, nil
}

// Score runs each article of the gold set, with its sentences, through run,
// scores it against its annotation (eval.Score) and hands all three to fn,
// in file order. It skips tb when the set is absent and fails it on a
// file that cannot be read.
func Score(tb testing.TB, run func(a *article.Article), fn func(g *eval.Gold, a *article.Article, r eval.Result)) {
	tb.Helper()
	files := Gold(tb)
	split, err := sentence.New()
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range files {
		g, err := eval.LoadGold(f)
		if err != nil {
			tb.Fatal(err)
		}
		a, err := Load(filepath.Join(Dir, g.File), split)
		if err != nil {
			tb.Fatal(err)
		}
		run(a)
		fn(g, a, eval.Score(g, a))
	}
}
