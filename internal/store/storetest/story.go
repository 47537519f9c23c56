package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/merge"
	"github.com/warta-dev/warta/internal/store"
)

// runStory runs the conformance tests of store.Consolidator.
func runStory(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("ConsolidateEmpty", func(t *testing.T) { testConsolidateEmpty(t, open(t)) })
	t.Run("Copies", func(t *testing.T) { testCopies(t, open(t)) })
	t.Run("CanonicalEvents", func(t *testing.T) { testCanonicalEvents(t, open(t)) })
	t.Run("ConsolidateOrderIndependent", func(t *testing.T) { testConsolidateOrder(t, open(t), open(t)) })
	t.Run("CanonicalFilter", func(t *testing.T) { testCanonicalFilter(t, open(t)) })
}

// storyBody is a made-up report, long enough for word shingles to tell
// copies from other texts.
const storyBody = `Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Rusia di Moskow pada Senin untuk membahas kerja sama energi.
Kedua menteri membahas rencana pembangunan kilang minyak di Jawa Timur, pasokan gandum dari Rusia dan latihan bersama angkatan laut di perairan Laut Jawa.
Pertemuan berlangsung selama dua jam di gedung kementerian dan ditutup dengan jumpa pers bersama di hadapan wartawan dari kedua negara.
Menurut juru bicara kementerian, kedua pihak sepakat membentuk kelompok kerja yang akan melapor kepada para menteri sebelum akhir tahun.
Kunjungan ini merupakan yang ketiga dalam dua tahun terakhir dan menandai tujuh puluh lima tahun hubungan diplomatik kedua negara.`

// otherBody is a different report between the same actors.
const otherBody = `Pemerintah Rusia mengirim bantuan kemanusiaan berupa obat-obatan dan tenda ke wilayah Indonesia yang terdampak gempa bumi.
Bantuan tiba dengan pesawat angkut militer di bandara Palu pada Kamis pagi dan segera dibagikan kepada para pengungsi oleh relawan setempat.`

// laterBody reports a second meeting of the same ministers.
const laterBody = `Dua pekan kemudian giliran Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Rusia di Moskow dalam sidang komisi bersama.
Sidang kali ini membahas tindak lanjut perjanjian perdagangan, visa bagi pelajar dan penerbangan langsung antara Jakarta dan Moskow yang direncanakan mulai tahun depan.`

// storyDoc builds an article with a text, an outlet and events.
func storyDoc(text, outlet, published string, events ...article.Event) *article.Article {
	a := article.New()
	a.Doc.ID = article.HashText(text)
	a.Doc.Text = text
	a.Doc.Title = "Laporan " + outlet
	a.Doc.Outlet = outlet
	a.Doc.URL = "https://" + strings.ToLower(strings.ReplaceAll(outlet, " ", "")) + ".example/" + a.Doc.ID[:8]
	a.Doc.Language = "id"
	if published != "" {
		p, err := article.ParsePublished(published)
		if err != nil {
			panic(err)
		}
		a.Doc.Published = p
	}
	a.Events = events
	return a
}

// visit is an event in text: the Indonesian minister meets the Russian one.
func visit(text, date, cameo string) article.Event {
	idn, rus := Side("IDN", "Indonesia"), Side("RUS", "Rusia")
	idn.Code = "IDNGOV"
	ev := Ev(date, idn, rus, cameo, 1, 1.9, "asserted", "energy")
	ev.Sentence = "Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Rusia di Moskow"
	ev.Start = strings.Index(text, ev.Sentence)
	ev.End = ev.Start + len(ev.Sentence)
	return ev
}

// storyCorpus returns three copies of one report from three outlets
// (a byline added, words changed), a fourth copy that repeats the second's
// outlet, an unrelated report between the same actors, and a report two
// weeks later.
func storyCorpus() []*article.Article {
	copy1 := storyBody
	copy2 := "MOSKOW, Kabar Dua -\n" + strings.Replace(storyBody, "pada Senin", "Senin (7/10)", 1)
	copy3 := strings.Replace(storyBody, "dua jam", "dua setengah jam", 1) + "\n(rtr/ant)"
	copy4 := strings.Replace(copy2, "ketiga", "keempat", 1)
	later := laterBody
	aid := Ev("2019-10-10", Side("RUS", "Rusia"), Side("IDN", "Indonesia"), "073", 2, 7.4, "asserted")
	aid.Sentence, aid.Start, aid.End = "Pemerintah Rusia mengirim bantuan", 0, 33
	return []*article.Article{
		storyDoc(copy1, "Kabar Satu", "2019-10-07T15:00:00+07:00", visit(copy1, "2019-10-07", "040")),
		storyDoc(copy2, "Kabar Dua", "2019-10-07T18:30:00+07:00", visit(copy2, "2019-10-07", "042")),
		storyDoc(copy3, "Kabar Tiga", "2019-10-08", visit(copy3, "2019-10-08", "042")),
		storyDoc(copy4, "kabar dua", "2019-10-09T08:00:00+07:00", visit(copy4, "2019-10-07", "042")),
		storyDoc(otherBody, "Kabar Satu", "2019-10-10", aid),
		storyDoc(later, "Kabar Tiga", "2019-10-21", visit(later, "2019-10-21", "042")),
	}
}

func consolidate(t *testing.T, s store.Store, force bool) store.ConsolidateResult {
	t.Helper()
	o := store.DefaultConsolidateOptions()
	o.Force = force
	res, err := s.Consolidate(context.Background(), o)
	if err != nil {
		t.Fatalf("Consolidate() error: %v", err)
	}
	return res
}

// canonical lists every canonical event matching f.
func canonical(t *testing.T, s store.Store, f store.CanonicalFilter) []store.CanonicalEvent {
	t.Helper()
	var out []store.CanonicalEvent
	err := s.CanonicalEvents(context.Background(), f, func(ev *store.CanonicalEvent) error {
		out = append(out, *ev)
		return nil
	})
	if err != nil {
		t.Fatalf("CanonicalEvents(%+v) error: %v", f, err)
	}
	return out
}

func testConsolidateEmpty(t *testing.T, s store.Store) {
	res := consolidate(t, s, true)
	if res.Documents != 0 || res.Events != 0 {
		t.Errorf("Consolidate(empty store) = %+v, want nothing", res)
	}
	if got := canonical(t, s, store.CanonicalFilter{Mentions: true}); len(got) != 0 {
		t.Errorf("CanonicalEvents(empty store) = %d events, want 0", len(got))
	}
	if _, err := s.CanonicalEvent(context.Background(), "e0000"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CanonicalEvent(unknown) error = %v, want ErrNotFound", err)
	}
}

func testCopies(t *testing.T, s store.Store) {
	ctx := context.Background()
	docs := storyCorpus()
	put(t, s, docs...)
	ids := func(as ...*article.Article) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.Doc.ID)
		}
		slices.Sort(out)
		return out
	}
	// Before any consolidation every document is alone.
	got, err := s.Copies(ctx, docs[0].Doc.ID)
	if err != nil {
		t.Fatalf("Copies before Consolidate error: %v", err)
	}
	if diff := cmp.Diff([]string{docs[0].Doc.ID}, got); diff != "" {
		t.Errorf("Copies before Consolidate (-want +got):\n%s", diff)
	}

	res := consolidate(t, s, false)
	if res.Documents != 6 || res.Signed != 6 || res.Stories != 1 || res.Copies != 4 {
		t.Errorf("Consolidate() = %+v, want 6 documents signed, 1 story of 4 copies", res)
	}
	story := ids(docs[:4]...)
	for _, a := range docs[:4] {
		got, err := s.Copies(ctx, a.Doc.ID)
		if err != nil {
			t.Fatalf("Copies(%s) error: %v", a.Doc.Outlet, err)
		}
		if diff := cmp.Diff(story, got); diff != "" {
			t.Errorf("Copies(%s) (-want +got):\n%s", a.Doc.Outlet, diff)
		}
	}
	for _, a := range docs[4:] {
		got, err := s.Copies(ctx, a.Doc.ID)
		if err != nil {
			t.Fatalf("Copies(%s) error: %v", a.Doc.Title, err)
		}
		if diff := cmp.Diff([]string{a.Doc.ID}, got); diff != "" {
			t.Errorf("Copies(unrelated %s) (-want +got):\n%s", a.Doc.Title, diff)
		}
	}
	if _, err := s.Copies(ctx, article.HashText("nowhere")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Copies(unknown) error = %v, want ErrNotFound", err)
	}

	// Nothing new: nothing to do, unless forced.
	if res := consolidate(t, s, false); !res.Skipped {
		t.Errorf("Consolidate(nothing new) = %+v, want Skipped", res)
	}
	if res := consolidate(t, s, true); res.Skipped || res.Signed != 0 || res.Documents != 6 {
		t.Errorf("Consolidate(Force) = %+v, want 6 documents, none signed again", res)
	}
}

// wantCanonical merges the corpus's events in memory, as the store should.
func wantCanonical(t *testing.T, docs []*article.Article) []merge.Event {
	t.Helper()
	var ms []merge.Mention
	for _, a := range docs {
		for _, ev := range a.Events {
			ms = append(ms, merge.Mention{Doc: a.Doc.ID, Outlet: a.Doc.Outlet, URL: a.Doc.URL,
				Published: a.Doc.Published, Lede: merge.InLede(a.Doc.Text, ev.Start), Event: ev})
		}
	}
	evs, err := merge.Merge(merge.DefaultConfig(), ms)
	if err != nil {
		t.Fatalf("merge.Merge error: %v", err)
	}
	return evs
}

// asMerge drops what the store adds to a merge.Event.
func asMerge(evs []store.CanonicalEvent) []merge.Event {
	out := make([]merge.Event, len(evs))
	for i, ev := range evs {
		out[i] = ev.Event
		out[i].Mentions = nil
		for _, m := range ev.Mentions {
			out[i].Mentions = append(out[i].Mentions, m.MentionRef)
		}
	}
	return out
}

func testCanonicalEvents(t *testing.T, s store.Store) {
	ctx := context.Background()
	docs := storyCorpus()
	put(t, s, docs...)
	res := consolidate(t, s, false)
	want := wantCanonical(t, docs)
	if res.Events != len(want) || res.Mentions != 6 || res.Merged != 1 {
		t.Errorf("Consolidate() = %+v, want %d events from 6 mentions, 1 merged", res, len(want))
	}
	got := canonical(t, s, store.CanonicalFilter{Mentions: true})
	if diff := cmp.Diff(want, asMerge(got)); diff != "" {
		t.Fatalf("CanonicalEvents (-merge.Merge +store):\n%s", diff)
	}

	// The visit of 7 October: four articles, three outlets ("Kabar Dua"
	// and "kabar dua" are one), reported in the first one's lede.
	var visit store.CanonicalEvent
	for _, ev := range got {
		if ev.Date == "2019-10-07" {
			visit = ev
		}
	}
	if visit.NumArticles != 4 || visit.NumSources != 3 || visit.NumMentions != 4 || !visit.IsRoot ||
		visit.Code != "042" || visit.EndDate != "2019-10-08" {
		t.Errorf("visit = %d articles, %d sources, %d mentions, root %v, code %s, %s..%s; want 4, 3, 4, true, 042, 2019-10-07..2019-10-08",
			visit.NumArticles, visit.NumSources, visit.NumMentions, visit.IsRoot, visit.Code, visit.Date, visit.EndDate)
	}
	wantFirst := time.Date(2019, 10, 7, 8, 0, 0, 0, time.UTC)
	if !visit.FirstSeen.Equal(wantFirst) || visit.SourceURL != docs[0].Doc.URL {
		t.Errorf("visit first seen %v from %s, want %v from %s", visit.FirstSeen, visit.SourceURL, wantFirst, docs[0].Doc.URL)
	}
	for _, m := range visit.Mentions {
		if m.Ord != 0 || m.Sentence != "Menteri Luar Negeri Indonesia bertemu Menteri Luar Negeri Rusia di Moskow" {
			t.Errorf("visit mention in %s = ord %d, sentence %q; want ord 0 and the stored sentence", m.Outlet, m.Ord, m.Sentence)
		}
	}

	one, err := s.CanonicalEvent(ctx, visit.ID)
	if err != nil {
		t.Fatalf("CanonicalEvent(%s) error: %v", visit.ID, err)
	}
	if diff := cmp.Diff(visit, *one); diff != "" {
		t.Errorf("CanonicalEvent(%s) (-listed +got):\n%s", visit.ID, diff)
	}
	// Without mentions, the same events.
	bare := canonical(t, s, store.CanonicalFilter{})
	if len(bare) != len(got) || bare[0].Mentions != nil {
		t.Errorf("CanonicalEvents(no mentions) = %d events, mentions %v; want %d and none", len(bare), bare[0].Mentions, len(got))
	}

	// A stop asked for by fn is returned as is.
	stop := errors.New("stop")
	if err := s.CanonicalEvents(ctx, store.CanonicalFilter{}, func(*store.CanonicalEvent) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("CanonicalEvents(fn fails) error = %v, want fn's error", err)
	}
}

// testConsolidateOrder stores the corpus one document at a time,
// consolidating after each, into a, and all at once in reverse into b: the
// canonical events and stories must come out the same.
func testConsolidateOrder(t *testing.T, a, b store.Store) {
	docs := storyCorpus()
	for _, d := range docs {
		put(t, a, d)
		consolidate(t, a, false)
	}
	rev := slices.Clone(docs)
	slices.Reverse(rev)
	put(t, b, rev...)
	consolidate(t, b, false)

	ga := canonical(t, a, store.CanonicalFilter{Mentions: true})
	gb := canonical(t, b, store.CanonicalFilter{Mentions: true})
	if diff := cmp.Diff(ga, gb); diff != "" {
		t.Errorf("canonical events, one by one vs reversed (-a +b):\n%s", diff)
	}
	if diff := cmp.Diff(wantCanonical(t, docs), asMerge(ga)); diff != "" {
		t.Errorf("canonical events after incremental runs (-merge.Merge +store):\n%s", diff)
	}
	for _, d := range docs {
		ca, err := a.Copies(context.Background(), d.Doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		cb, err := b.Copies(context.Background(), d.Doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ca, cb); diff != "" {
			t.Errorf("Copies(%s), one by one vs reversed (-a +b):\n%s", d.Doc.Outlet, diff)
		}
	}
}

func testCanonicalFilter(t *testing.T, s store.Store) {
	put(t, s, storyCorpus()...)
	undated := storyDoc("Catatan tanpa tanggal: Indonesia dan Rusia.", "Kabar Empat", "",
		Ev("", Side("IDN", "Indonesia"), Side("RUS", "Rusia"), "042", 1, 1.9, "asserted"))
	put(t, s, undated)
	consolidate(t, s, false)

	dates := func(evs []store.CanonicalEvent) []string {
		out := []string{}
		for _, ev := range evs {
			out = append(out, fmt.Sprintf("%s %s>%s %s", ev.Date, ev.Source.Key, ev.Target.Key, ev.Root))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    store.CanonicalFilter
		want []string
	}{
		{"all", store.CanonicalFilter{}, []string{" IDN>RUS 04", "2019-10-07 IDN>RUS 04", "2019-10-10 RUS>IDN 07", "2019-10-21 IDN>RUS 04"}},
		{"from", store.CanonicalFilter{From: "2019-10-08"}, []string{"2019-10-10 RUS>IDN 07", "2019-10-21 IDN>RUS 04"}},
		{"to", store.CanonicalFilter{To: "2019-10-10"}, []string{"2019-10-07 IDN>RUS 04", "2019-10-10 RUS>IDN 07"}},
		{"root", store.CanonicalFilter{Root: "07"}, []string{"2019-10-10 RUS>IDN 07"}},
		{"country", store.CanonicalFilter{Country: "RUS", From: "2019-10-01", To: "2019-10-31", Root: "04"},
			[]string{"2019-10-07 IDN>RUS 04", "2019-10-21 IDN>RUS 04"}},
		{"no match", store.CanonicalFilter{Country: "KAZ"}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, dates(canonical(t, s, tc.f))); diff != "" {
				t.Errorf("CanonicalEvents(%+v) (-want +got):\n%s", tc.f, diff)
			}
		})
	}
	for _, f := range []store.CanonicalFilter{{From: "2019-13-01"}, {To: "kemarin"}, {Root: "4"}, {Root: "ab"}} {
		err := s.CanonicalEvents(context.Background(), f, func(*store.CanonicalEvent) error { return nil })
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("CanonicalEvents(%+v) error = %v, want ErrInvalid", f, err)
		}
	}
}
