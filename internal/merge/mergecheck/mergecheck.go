// Package mergecheck draws the samples for checking canonical events by
// hand (docs/merge-check.md): canonical events that merged several
// articles, and pairs of canonical events with the same actor pair and
// root family that were not merged. The draw is a function of the events
// and the seed, so anyone can redo a check on the same database.
package mergecheck

import (
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/warta-dev/warta/internal/store"
)

// Options say what to draw.
type Options struct {
	Seed        uint64 // the PCG seed
	N           int    // items of each kind
	MinArticles int    // a merged event has at least this many articles
}

// Sample is one draw.
type Sample struct {
	Merged []*store.CanonicalEvent    // events of at least MinArticles articles
	Pairs  [][2]*store.CanonicalEvent // not merged: same pair and root family
	// Totals the draw was made from.
	NumMerged, NumPairs int
}

// family is a root's merge family as merge.DefaultConfig has it: assault,
// fight and mass violence are one.
func family(root string) string {
	switch root {
	case "18", "19", "20":
		return "18"
	}
	return root
}

// Draw samples the events. The events are sorted by ID first, so the
// order they come in does not matter.
func Draw(events []*store.CanonicalEvent, o Options) Sample {
	evs := slices.Clone(events)
	slices.SortFunc(evs, func(a, b *store.CanonicalEvent) int { return cmp.Compare(a.ID, b.ID) })
	rng := rand.New(rand.NewPCG(o.Seed, 0x6d657267652d6368)) // "merge-ch"
	var s Sample
	var merged []*store.CanonicalEvent
	groups := map[[3]string][]*store.CanonicalEvent{}
	var keys [][3]string
	for _, ev := range evs {
		if ev.NumArticles >= o.MinArticles {
			merged = append(merged, ev)
		}
		k := [3]string{ev.Source.Key, ev.Target.Key, family(ev.Root)}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], ev)
	}
	slices.SortFunc(keys, func(a, b [3]string) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]), cmp.Compare(a[2], b[2]))
	})
	var pairs [][2]*store.CanonicalEvent
	for _, k := range keys {
		g := groups[k]
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				pairs = append(pairs, [2]*store.CanonicalEvent{g[i], g[j]})
			}
		}
	}
	s.NumMerged, s.NumPairs = len(merged), len(pairs)
	s.Merged = pick(rng, merged, o.N)
	s.Pairs = pick(rng, pairs, o.N)
	return s
}

// pick draws up to n items without replacement, in draw order.
func pick[T any](rng *rand.Rand, items []T, n int) []T {
	items = slices.Clone(items)
	n = min(n, len(items))
	for i := range n {
		j := i + rng.IntN(len(items)-i)
		items[i], items[j] = items[j], items[i]
	}
	return items[:n]
}

// WriteMerged writes the sampled merged events, M1..Mn, with each
// mention's outlet, dates, code, actors and sentence.
func WriteMerged(w io.Writer, s Sample) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d of %d canonical events of several articles\n", len(s.Merged), s.NumMerged)
	for i, ev := range s.Merged {
		fmt.Fprintf(&b, "\n### M%d\n", i+1)
		writeEvent(&b, ev, "")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WritePairs writes the sampled pairs, P1..Pn, as A and B.
func WritePairs(w io.Writer, s Sample) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d of %d pairs of canonical events with one actor pair and root family\n", len(s.Pairs), s.NumPairs)
	for i, p := range s.Pairs {
		fmt.Fprintf(&b, "\n### P%d\n", i+1)
		writeEvent(&b, p[0], "A ")
		writeEvent(&b, p[1], "B ")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeEvent(b *strings.Builder, ev *store.CanonicalEvent, indent string) {
	fmt.Fprintf(b, "%sEVENT %s %s..%s %s(%s) -> %s(%s) cameo %s  mentions %d articles %d sources %d\n",
		indent, ev.ID, ev.Date, ev.EndDate, ev.Source.Key, ev.Source.Name, ev.Target.Key, ev.Target.Name,
		ev.Code, ev.NumMentions, ev.NumArticles, ev.NumSources)
	for _, m := range ev.Mentions {
		pub := m.Published
		if len(pub) > 10 {
			pub = pub[:10]
		}
		sent := strings.Join(strings.Fields(m.Sentence), " ")
		if len(sent) > 400 {
			sent = sent[:400] + "…"
		}
		fmt.Fprintf(b, "%s  [%s pub %s ev %s %s doc %.8s] %s\n", indent, m.Outlet, pub, m.Date, m.Code, m.Doc, sent)
	}
}
