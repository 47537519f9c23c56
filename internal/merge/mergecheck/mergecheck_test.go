package mergecheck

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/warta-dev/warta/internal/merge"
	"github.com/warta-dev/warta/internal/store"
)

func events() []*store.CanonicalEvent {
	var out []*store.CanonicalEvent
	for i := range 40 {
		ev := &store.CanonicalEvent{Event: merge.Event{ID: fmt.Sprintf("e%02d", i), Root: []string{"01", "19", "18"}[i%3],
			NumArticles: i % 5, Source: merge.Actor{Key: "USA"}, Target: merge.Actor{Key: []string{"IRN", "CHN"}[i%2]}}}
		out = append(out, ev)
	}
	return out
}

func ids(s Sample) string {
	var b strings.Builder
	for _, ev := range s.Merged {
		b.WriteString(ev.ID + " ")
	}
	for _, p := range s.Pairs {
		b.WriteString(p[0].ID + "/" + p[1].ID + " ")
	}
	return b.String()
}

func TestDrawIsAFunctionOfTheEventsAndSeed(t *testing.T) {
	o := Options{Seed: 7, N: 5, MinArticles: 3}
	evs := events()
	a := Draw(evs, o)
	slices.Reverse(evs)
	b := Draw(evs, o)
	if ids(a) != ids(b) {
		t.Errorf("Draw depends on the events' order:\n%s\n%s", ids(a), ids(b))
	}
	if len(a.Merged) != 5 || len(a.Pairs) != 5 {
		t.Fatalf("Draw gave %d merged and %d pairs, want 5 and 5", len(a.Merged), len(a.Pairs))
	}
	for _, ev := range a.Merged {
		if ev.NumArticles < 3 {
			t.Errorf("merged sample %s has %d articles", ev.ID, ev.NumArticles)
		}
	}
	for _, p := range a.Pairs {
		if p[0].Target.Key != p[1].Target.Key || family(p[0].Root) != family(p[1].Root) {
			t.Errorf("pair %s/%s: not one actor pair and root family", p[0].ID, p[1].ID)
		}
	}
	if c := Draw(evs, Options{Seed: 8, N: 5, MinArticles: 3}); ids(c) == ids(a) {
		t.Errorf("seeds 7 and 8 drew the same sample")
	}
}
