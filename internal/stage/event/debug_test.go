package event

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/warta-dev/warta/internal/article"
)

// TestDebugDump prints the tokens and cue matches of one article
// (EVENT_DEBUG=path/to/cNN.json); it is a tool, skipped by default.
func TestDebugDump(t *testing.T) {
	path := os.Getenv("EVENT_DEBUG")
	var r struct{ Title, Text, Published, Language string }
	switch {
	case os.Getenv("EVENT_TEXT") != "":
		// EVENT_TEXT=... [EVENT_LANG=en]: one text.
		r.Text, r.Language, r.Published = os.Getenv("EVENT_TEXT"), os.Getenv("EVENT_LANG"), "2024-11-28"
	case path == "":
		t.Skip("set EVENT_DEBUG to an article record, or EVENT_TEXT to a text")
	default:
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := newPipe(t)
	a := article.New()
	a.Doc.Text, a.Doc.Title, a.Doc.Language = r.Text, r.Title, r.Language
	a.Doc.Published, _ = article.ParsePublished(r.Published)
	p.run(t, a)
	c, people := p.ev.newCoder(a)
	lang := c.lang
	for _, sn := range a.Sentences {
		text := a.Doc.Text[sn.Start:sn.End]
		toks := p.ev.tokenize(c.g, lang, text, actorSpans(a, c.idx, people, sn.Start, sn.End))
		var sb strings.Builder
		for _, tk := range toks {
			switch tk.kind {
			case tokActor:
				var codes []string
				for _, x := range tk.actors {
					codes = append(codes, c.actors[x].Code)
				}
				fmt.Fprintf(&sb, "[%s=%s] ", tk.text, strings.Join(codes, "+"))
			case tokName:
				fmt.Fprintf(&sb, "{%s} ", tk.text)
			default:
				sb.WriteString(tk.text + " ")
			}
		}
		fmt.Println(sb.String())
		for _, m := range c.matches(toks) {
			fmt.Printf("    cue %q %s form=%d frame=%d\n", m.c.text, m.c.code, m.form, c.frame(toks, m))
		}
	}
	for _, ev := range a.Events {
		fmt.Printf("EVENT %s→%s %s %s %s [%s]\n", ev.Source.Code, ev.Target.Code, ev.CAMEO, ev.Modality, ev.Date, ev.Trigger)
	}
}
