package quote

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/goldtest"
	"github.com/warta-dev/warta/internal/ner"
	"github.com/warta-dev/warta/internal/stage/entity"
	"github.com/warta-dev/warta/internal/stage/sentence"
)

// devSpeakers is the hand check of the dev set's direct quotes: file, byte
// offset of the quote in the article text, and the speaker's entity ID, or
// "-" when the text does not name the speaker. It holds no news text.
const devSpeakers = "testdata/dev_speakers.tsv"

// nerTagger adapts the NER model to the entity stage, as the pipeline does.
type nerTagger struct{ m *ner.Model }

func (t nerTagger) Spans(text string) []entity.Span {
	found := t.m.Spans(ner.Tokenize(text))
	out := make([]entity.Span, len(found))
	for i, sp := range found {
		out[i] = entity.Span{Type: sp.Type, Start: sp.Start, End: sp.End}
	}
	return out
}

// TestDevQuotes runs the entity stage (with the NER model, as the pipeline
// does) and the quote stage over the dev articles. It scores the direct
// quotes against the hand check in testdata/dev_speakers.tsv and logs the
// share whose named speaker was found, with each miss. With -dump it
// writes every quote with its speaker and the words around it to
// $TMPDIR/warta_dev_quotes.txt, for checking by hand (news text stays out
// of the repository). It fails only on a span that does not hold its quote.
func TestDevQuotes(t *testing.T) {
	files := goldtest.Gold(t)
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var tagger entity.Tagger
	if m, err := ner.Default(); err == nil {
		tagger = nerTagger{m}
	} else {
		t.Logf("no NER model (%v): speakers are those of the rules alone", err)
	}
	ent, err := entity.New(tagger)
	if err != nil {
		t.Fatal(err)
	}
	split, err := sentence.New()
	if err != nil {
		t.Fatal(err)
	}
	want := readDevSpeakers(t)
	var dump strings.Builder
	n, direct, withSpeaker, named, right, dangling := 0, 0, 0, 0, 0, 0
	for _, f := range files {
		path := strings.TrimSuffix(f, ".gold.json") + ".json"
		base := filepath.Base(path)
		a, err := goldtest.Load(path, split)
		if err != nil {
			t.Fatal(err)
		}
		if err := ent.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		if err := s.Run(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		isDirect := map[int]bool{}
		for _, sp := range findQuotes(a.Doc.Text) {
			isDirect[sp.s] = true
		}
		for _, q := range a.Quotes {
			if q.Start < 0 || q.End > len(a.Doc.Text) || q.Start >= q.End {
				t.Errorf("%s: quote %q has bad span [%d,%d)", path, q.Text, q.Start, q.End)
				continue
			}
			n++
			if q.Speaker != "" {
				withSpeaker++
				if !hasEntity(a, q.Speaker) {
					dangling++
					t.Logf("%s: quote at %d: speaker %q is no entity of the article", base, q.Start, q.Speaker)
				}
			}
			kind := "indirect"
			if isDirect[q.Start] {
				kind = "direct"
				direct++
				key := fmt.Sprintf("%s\t%d", base, q.Start)
				w, ok := want[key]
				switch {
				case !ok:
					t.Logf("%s: direct quote at %d not in %s", base, q.Start, devSpeakers)
				case w != "-":
					named++
					if w == q.Speaker {
						right++
					} else {
						t.Logf("%s: quote at %d: speaker %q, want %q", base, q.Start, q.Speaker, w)
					}
				}
				delete(want, key)
			}
			after := a.Doc.Text[q.End:min(len(a.Doc.Text), q.End+90)]
			before := a.Doc.Text[max(0, q.Start-120):q.Start]
			fmt.Fprintf(&dump, "%s\t%d\t%s\t%s\t%q\t%q\t%q\n", base, q.Start, kind, q.Speaker, before, q.Text, after)
		}
	}
	for key, w := range want {
		if w != "-" {
			named++
			t.Logf("%s: labelled quote (speaker %q) not found", strings.Replace(key, "\t", ": ", 1), w)
		}
	}
	t.Logf("%d quotes (%d direct), %d with a speaker, %d of them no entity", n, direct, withSpeaker, dangling)
	if named > 0 {
		t.Logf("direct quotes with a named speaker: %d/%d = %.1f%% right", right, named, 100*float64(right)/float64(named))
	}
	if *dumpFlag {
		if err := os.WriteFile(filepath.Join(os.TempDir(), "warta_dev_quotes.txt"), []byte(dump.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func hasEntity(a *article.Article, id string) bool {
	for _, e := range a.Entities {
		if e.ID == id {
			return true
		}
	}
	return false
}

// readDevSpeakers reads testdata/dev_speakers.tsv, keyed by "file\toffset".
func readDevSpeakers(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	f, err := os.Open(devSpeakers)
	if err != nil {
		if os.IsNotExist(err) {
			return out
		}
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		parts := strings.Split(l, "\t")
		if len(parts) < 3 {
			t.Fatalf("%s:%d: want file, offset, speaker", devSpeakers, line)
		}
		if _, err := strconv.Atoi(parts[1]); err != nil {
			t.Fatalf("%s:%d: offset: %v", devSpeakers, line, err)
		}
		out[parts[0]+"\t"+parts[1]] = parts[2]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
