package event

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/eval"
	"github.com/warta-dev/warta/internal/goldtest"
	"github.com/warta-dev/warta/internal/lexicon"
	"github.com/warta-dev/warta/internal/stage/entity"
	"github.com/warta-dev/warta/internal/stage/sentence"
)

// goldEN is the shared English gold set; TestGoldEN skips without it. The
// Indonesian one is package goldtest's.
const goldEN = "../../../../shared/gold/dev/en/gsr_validation_gold.jsonl"

// pipe runs the stages the event stage needs: sentences, entities, events.
type pipe struct {
	split *sentence.Splitter
	ents  *entity.Stage
	ev    *Stage
}

func newPipe(t testing.TB) *pipe {
	t.Helper()
	split, err := sentence.New()
	if err != nil {
		t.Fatal(err)
	}
	ents, err := entity.New(nil)
	if err != nil {
		t.Skipf("entity stage unavailable: %v", err)
	}
	ev, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return &pipe{split, ents, ev}
}

func (p *pipe) run(t testing.TB, a *article.Article) {
	t.Helper()
	a.Sentences = p.split.Split(a.Doc.Text)
	if err := p.ents.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if err := p.ev.Run(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	checkEvents(t, a)
}

// TestGoldID scores the events of the Indonesian gold set (GOLD.md) and
// logs precision, recall and every miss. It never fails on a low score.
func TestGoldID(t *testing.T) {
	p := newPipe(t)
	var prec, rec eval.Counts
	goldtest.Score(t, func(a *article.Article) { p.run(t, a) }, func(g *eval.Gold, a *article.Article, res eval.Result) {
		prec.Hit += res.EventPrecision.Hit
		prec.Total += res.EventPrecision.Total
		rec.Hit += res.EventRecall.Hit
		rec.Total += res.EventRecall.Total
		for _, m := range res.Misses {
			if strings.HasPrefix(m, "event") {
				t.Logf("%s: %s", g.File, m)
			}
		}
		if testing.Verbose() && os.Getenv("EVENT_DUMP") != "" {
			for _, ev := range a.Events {
				t.Logf("  %s %s→%s %s %s [%s] %q", g.File, eval.ActorKey(ev.Source), eval.ActorKey(ev.Target), ev.CAMEO, ev.Modality, ev.Trigger, ev.Sentence)
			}
		}
	})
	t.Logf("gold dev/id events: precision %v = %.3f, recall %v = %.3f", prec, prec.Ratio(), rec, rec.Ratio())
}

// TestGoldEN scores (source, target, root) on PETRARCH2's GSR validation
// sentences. Gold actor codes are reduced to keys as GOLD.md does: the ISO3
// prefix, an IGO's organisation key; "---" actors have no key and cannot be
// matched.
func TestGoldEN(t *testing.T) {
	f, err := os.Open(goldEN)
	if err != nil {
		t.Skipf("no gold set at %s", goldEN)
	}
	defer f.Close()
	p := newPipe(t)
	igo := igoKeys(t)
	type triple struct{ s, t, root string }
	var claimed, correct, gold, found, keyable, keyFound int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r struct {
			ID, Date, Text string
			Events         []struct{ Source, Target, Code string }
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		a := article.New()
		a.Doc.Text, a.Doc.Language = r.Text, "en"
		if len(r.Date) == 8 {
			if pub, err := article.ParsePublished(r.Date[:4] + "-" + r.Date[4:6] + "-" + r.Date[6:]); err == nil {
				a.Doc.Published = pub
			}
		}
		p.run(t, a)
		want := map[triple]bool{}
		for _, e := range r.Events {
			tr := triple{goldKey(e.Source, igo), goldKey(e.Target, igo), e.Code[:2]}
			want[tr] = true
		}
		got := map[triple]bool{}
		for _, ev := range a.Events {
			s, tg := eval.ActorKey(ev.Source), eval.ActorKey(ev.Target)
			if s == "" || tg == "" || s == tg {
				continue
			}
			got[triple{s, tg, ev.Root}] = true
		}
		for tr := range got {
			claimed++
			if want[tr] {
				correct++
			} else {
				t.Logf("%s: claimed %s→%s %s, not in gold: %q", r.ID, tr.s, tr.t, tr.root, r.Text)
			}
		}
		for tr := range want {
			gold++
			ok := tr.s != "" && tr.t != "" && tr.s != tr.t
			if ok {
				keyable++
			}
			if got[tr] {
				found++
				if ok {
					keyFound++
				}
			} else {
				t.Logf("%s: missed %s→%s %s: %q", r.ID, tr.s, tr.t, tr.root, r.Text)
			}
		}
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	t.Logf("GSR (source, target, root): precision %d/%d = %.3f, recall %d/%d = %.3f (over keyable gold %d/%d = %.3f)",
		correct, claimed, ratio(correct, claimed), found, gold, ratio(found, gold), keyFound, keyable, ratio(keyFound, keyable))
}

// igoKeys maps CAMEO IGO actor codes to organisation keys, longest first.
func igoKeys(t testing.TB) [][2]string {
	orgs, err := lexicon.Entries(lexicon.Shared, "orgs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, o := range orgs {
		if o.Country == "" && o.Org != "" && strings.HasPrefix(o.CAMEO, "IGO") && len(o.CAMEO) > 3 {
			out = append(out, [2]string{o.CAMEO, o.Org})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i][0]) > len(out[j][0]) })
	return out
}

// petrarchGroups are PETRARCH's codes of named non-state groups, which
// GOLD.md keys by the group ("an upper-case key for a non-state group"):
// PSEREBHMSGOV is Hamas, IMGMUSISI the Islamic State.
var petrarchGroups = [][2]string{{"HMS", "HAMAS"}, {"ISI", "ISIS"}, {"HEZ", "HEZBOLLAH"}, {"TAL", "TALIBAN"}, {"AQA", "ALQAEDA"}}

// goldKey reduces a PETRARCH actor code to a scoring key: a named group's
// key, else the ISO3 prefix (agents like USAGOV, USAMIL reduce to USA), an
// IGO's organisation key; "---" actors have no key.
func goldKey(code string, igo [][2]string) string {
	if len(code) > 3 {
		for i := 3; i+3 <= len(code); i += 3 {
			for _, g := range petrarchGroups {
				if code[i:i+3] == g[0] {
					return g[1]
				}
			}
		}
	}
	switch {
	case strings.HasPrefix(code, "---"), len(code) < 3:
		return ""
	case strings.HasPrefix(code, "IGO"):
		for _, p := range igo {
			if strings.HasPrefix(code, p[0]) {
				return p[1]
			}
		}
		return ""
	case strings.HasPrefix(code, "IMG"):
		return ""
	}
	return code[:3]
}

// checkEvents fails when an event's offsets do not hold its sentence or its
// codes are inconsistent.
func checkEvents(t testing.TB, a *article.Article) {
	t.Helper()
	for _, ev := range a.Events {
		if ev.Start < 0 || ev.End > len(a.Doc.Text) || ev.Start > ev.End {
			t.Errorf("event %s: offsets [%d,%d) outside the text", ev.CAMEO, ev.Start, ev.End)
			continue
		}
		if ev.End > ev.Start && strings.TrimSpace(a.Doc.Text[ev.Start:ev.End]) != ev.Sentence {
			t.Errorf("event %s: sentence %q is not the text at [%d,%d)", ev.CAMEO, ev.Sentence, ev.Start, ev.End)
		}
		if !strings.HasPrefix(ev.CAMEO, ev.Root) || ev.Source.Code == "" || ev.Target.Code == "" {
			t.Errorf("event %s: root %s, actors %q %q", ev.CAMEO, ev.Root, ev.Source.Code, ev.Target.Code)
		}
	}
}
