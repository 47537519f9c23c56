package merge

import (
	"cmp"
	"slices"
	"time"
)

// build aggregates one canonical event from its entries, which are sorted
// by (day, mention ID). Every choice below breaks ties on values only,
// never on arrival order.
func build(id string, members []*entry) *Event {
	ev := &Event{ID: id, NumMentions: len(members), Mentions: make([]MentionRef, len(members))}
	docs := map[string]bool{}
	outlets := map[string]bool{}
	codes := map[string]int{}
	srcs := map[Actor]int{}
	tgts := map[Actor]int{}
	var first *entry // earliest report with a URL
	allBackground := !slices.ContainsFunc(members, func(e *entry) bool { return !e.timing.isBackground() })
	for i, e := range members {
		ev.Mentions[i] = MentionRef{
			ID: e.id, Doc: e.doc, Start: e.start, End: e.end, Code: e.code, Date: e.date,
			Published: e.pubString, Outlet: e.outletName, URL: e.url, Lede: e.lede, Confidence: e.confidence,
		}
		docs[e.doc] = true
		outlets[e.outlet] = true
		codes[e.code]++
		srcs[e.src]++
		tgts[e.tgt]++
		ev.IsRoot = ev.IsRoot || e.lede

		seen := e.seenAt()
		if ev.FirstSeen.IsZero() || seen.Before(ev.FirstSeen) {
			ev.FirstSeen = seen
		}
		if seen.After(ev.LastSeen) {
			ev.LastSeen = seen
		}
		if e.url != "" && (first == nil || earlier(e, first)) {
			first = e
		}
		// A background mention's date only bounds its event's, so it
		// counts only in an event of background mentions.
		if e.date != "" && (!e.timing.isBackground() || allBackground) {
			if ev.Date == "" || e.date < ev.Date {
				ev.Date = e.date
			}
			ev.EndDate = max(ev.EndDate, e.date)
		}
	}
	ev.NumArticles = len(docs)
	ev.NumSources = len(outlets)
	if first != nil {
		ev.SourceURL = first.url
	}

	ev.Code = bestCode(codes)
	ev.Root = ev.Code[:2]
	for _, e := range members {
		if e.code == ev.Code {
			ev.QuadClass, ev.Goldstein = e.quad, e.goldstein
			break
		}
	}
	ev.Source = bestActor(srcs)
	ev.Target = bestActor(tgts)
	return ev
}

// seenAt is when the mention was reported: the article's publication time,
// else its event date.
func (e *entry) seenAt() time.Time {
	if !e.published.IsZero() {
		return e.published.UTC()
	}
	t, _ := time.Parse(time.DateOnly, e.date)
	return t
}

// earlier orders reports by publication time, then mention ID.
func earlier(a, b *entry) bool {
	ta, tb := a.seenAt(), b.seenAt()
	if !ta.Equal(tb) {
		return ta.Before(tb)
	}
	return a.id < b.id
}

// bestCode picks the canonical code: the most frequent, then the most
// specific, then the smallest.
func bestCode(codes map[string]int) string {
	best, n := "", -1
	for c, k := range codes {
		if better := cmp.Or(cmp.Compare(k, n), cmp.Compare(Specificity(c), Specificity(best)), cmp.Compare(best, c)); better > 0 {
			best, n = c, k
		}
	}
	return best
}

// bestActor picks the most frequent actor description among the mentions
// (all share its key), then the one with the most specific code, then the
// smallest code and name.
func bestActor(actors map[Actor]int) Actor {
	var best Actor
	n := -1
	for a, k := range actors {
		better := cmp.Or(cmp.Compare(k, n), cmp.Compare(len(a.Code), len(best.Code)),
			cmp.Compare(best.Code, a.Code), cmp.Compare(best.Name, a.Name),
			cmp.Compare(best.Country, a.Country), cmp.Compare(best.Org, a.Org))
		if better > 0 {
			best, n = a, k
		}
	}
	return best
}
