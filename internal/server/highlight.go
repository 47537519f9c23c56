package server

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
)

// Segment is a run of an article's text under one set of highlights: the
// reader splits the text at every highlight's start and end, so that
// overlapping spans (a mention inside an event's sentence inside a quote)
// need no nesting.
type Segment struct {
	Text   string
	Entity string // entity ID of the innermost mention, linked
	Class  string // space-separated: ev, fact, quote
	// Anchor is set on the first segment of a span: the ID the span's
	// record links back to.
	Anchor string
	Refs   []Ref // markers of the spans that end here
}

// Ref is a marker after a highlighted span, linking to its record.
type Ref struct {
	Kind   string // event, fact or quote
	Anchor string // the record's element ID
	Label  string
}

// span is one highlight of the text.
type span struct {
	start, end int
	kind       string // mention, event, fact or quote
	ord        int
	entity     string
}

// highlight splits a's text into segments by the byte offsets of its
// mentions, events, facts and quotes. Spans whose offsets do not fit the
// text (out of range, empty, or splitting a UTF-8 character) are skipped.
func highlight(a *article.Article) []Segment {
	text := a.Doc.Text
	ok := func(start, end int) bool {
		return start >= 0 && end <= len(text) && start < end &&
			(start == len(text) || utf8.RuneStart(text[start])) && (end == len(text) || utf8.RuneStart(text[end]))
	}
	var spans []span
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			if ok(m.Start, m.End) {
				spans = append(spans, span{m.Start, m.End, "mention", 0, e.ID})
			}
		}
	}
	for i, e := range a.Events {
		if ok(e.Start, e.End) {
			spans = append(spans, span{e.Start, e.End, "event", i, ""})
		}
	}
	for i, f := range a.Facts {
		if ok(f.Start, f.End) {
			spans = append(spans, span{f.Start, f.End, "fact", i, ""})
		}
	}
	for i, q := range a.Quotes {
		if ok(q.Start, q.End) {
			spans = append(spans, span{q.Start, q.End, "quote", i, ""})
		}
	}

	cuts := []int{0, len(text)}
	for _, s := range spans {
		cuts = append(cuts, s.start, s.end)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)

	var segs []Segment
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1]
		seg := Segment{Text: text[from:to]}
		var classes []string
		innermost := -1
		for j, s := range spans {
			if s.start > from || s.end < to {
				continue
			}
			switch s.kind {
			case "mention":
				if innermost < 0 || s.end-s.start < spans[innermost].end-spans[innermost].start {
					innermost = j
				}
			default:
				classes = append(classes, map[string]string{"event": "ev", "fact": "fact", "quote": "quote"}[s.kind])
				if s.start == from && seg.Anchor == "" {
					seg.Anchor = fmt.Sprintf("t-%s-%d", s.kind, s.ord)
				}
			}
			if s.end == to && s.kind != "mention" {
				seg.Refs = append(seg.Refs, Ref{Kind: s.kind, Anchor: fmt.Sprintf("%s-%d", s.kind, s.ord), Label: refLabel(s.kind, s.ord)})
			}
		}
		if innermost >= 0 {
			seg.Entity = spans[innermost].entity
		}
		slices.Sort(classes)
		seg.Class = strings.Join(slices.Compact(classes), " ")
		slices.SortFunc(seg.Refs, func(x, y Ref) int { return cmp.Compare(x.Label, y.Label) })
		segs = append(segs, seg)
	}
	return segs
}

// refLabel is a marker's text: E1, F2, Q1.
func refLabel(kind string, ord int) string {
	return fmt.Sprintf("%c%d", strings.ToUpper(kind)[0], ord+1)
}
