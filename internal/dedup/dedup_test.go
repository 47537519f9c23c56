package dedup

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newHasher(t testing.TB) *Hasher {
	t.Helper()
	h, err := NewHasher(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func newIndex(t testing.TB) *Index {
	t.Helper()
	ix, err := NewIndex(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func paragraphs(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }

// lightEdit makes the kind of copy another outlet republishes: its own
// dateline tag and byline, a "read also" line of chrome in the middle, a few
// words changed and two paragraphs swapped.
func lightEdit(base string) string {
	ps := paragraphs(base)
	ps[0] = strings.Replace(ps[0], "JAKARTA -", "Jakarta, WartaKita.id —", 1)
	ps[2] = strings.Replace(ps[2], "mempercepat", "segera menuntaskan", 1)
	ps[4] = strings.Replace(ps[4], "tahun depan", "pada 2026", 1)
	n := len(ps)
	ps[n-3], ps[n-2] = ps[n-2], ps[n-3]
	out := []string{"Penulis: Rina Wartawati | Editor: Budi Santoso"}
	out = append(out, ps[:4]...)
	out = append(out, "Baca juga: Harga Cabai Naik Jelang Lebaran")
	out = append(out, ps[4:]...)
	return strings.Join(out, "\n")
}

// republish is a verbatim wire copy with another outlet's chrome around it.
func republish(base string) string {
	return "Beranda > Internasional\n" + strings.ToUpper(base[:7]) + base[7:] + "\nSumber: https://contoh.example/berita/123\nKomentar (0)"
}

func TestSimilarityOfFixtures(t *testing.T) {
	h := newHasher(t)
	base := readFixture(t, "base.txt")
	sameTopic := readFixture(t, "same_topic.txt")
	tests := []struct {
		name    string
		a, b    string
		wantDup bool
	}{
		{"identical", base, base, true},
		{"reflowed", base, strings.ReplaceAll(strings.ReplaceAll(base, "\n", "\n\n"), ", ", " , "), true},
		{"case", base, strings.ToUpper(base), true},
		{"republished with chrome", base, republish(base), true},
		{"lightly edited", base, lightEdit(base), true},
		{"same topic, other article", base, sameTopic, false},
		{"first half only", base, strings.Join(paragraphs(base)[:4], "\n"), false},
		{"short identical", "Presiden menerima Perdana Menteri Jepang di Istana", "Presiden menerima Perdana Menteri Jepang di Istana.", true},
		{"short different", "Presiden menerima Perdana Menteri Jepang di Istana", "Presiden menerima Perdana Menteri Korea di Istana", false},
		{"fewer words than a shingle", "Rusia mengecam sanksi", "rusia, MENGECAM sanksi!", true},
		{"fewer words, different", "Rusia mengecam sanksi", "Rusia menolak sanksi", false},
		{"empty", "", "", false},
		{"punctuation only", "— … !!", "— … !!", false},
	}
	th := DefaultConfig().Threshold
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Similarity(h.Sign(tt.a), h.Sign(tt.b))
			t.Logf("similarity %.3f", s)
			if got := s >= th; got != tt.wantDup {
				t.Errorf("Similarity = %.3f, near-duplicate = %v, want %v", s, got, tt.wantDup)
			}
		})
	}
}

func TestSignDeterministic(t *testing.T) {
	base := readFixture(t, "base.txt")
	a := newHasher(t).Sign(base)
	b := newHasher(t).Sign(base)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("two hashers disagree (-a +b):\n%s", diff)
	}
	// Pin the first values so that a change to tokenising or hashing,
	// which would orphan every stored signature, cannot pass unnoticed.
	want := goldenPrefix(t, a[:4])
	if want != "" {
		t.Errorf("signature prefix changed: %s", want)
	}
}

// goldenPrefix compares a signature prefix with testdata/base.prefix and
// rewrites the file under -update.
func goldenPrefix(t *testing.T, prefix Signature) string {
	t.Helper()
	got := fmt.Sprint([]uint32(prefix))
	path := filepath.Join("testdata", "base.prefix")
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(b)); want != got {
		return fmt.Sprintf("got %s, want %s", got, want)
	}
	return ""
}

func TestConfigValidate(t *testing.T) {
	bad := []Config{
		{Shingle: 0, Bands: 32, Rows: 4, Threshold: 0.7},
		{Shingle: 5, Bands: 0, Rows: 4, Threshold: 0.7},
		{Shingle: 5, Bands: 32, Rows: 4, Threshold: 0},
		{Shingle: 5, Bands: 32, Rows: 4, Threshold: 1.5},
		{Shingle: 5, Bands: 4096, Rows: 2, Threshold: 0.7},
	}
	for _, c := range bad {
		if _, err := NewHasher(c); err == nil {
			t.Errorf("NewHasher(%+v) = nil error, want one", c)
		}
		if _, err := NewIndex(c); err == nil {
			t.Errorf("NewIndex(%+v) = nil error, want one", c)
		}
	}
}

// TestBanding documents the S-curve that DefaultConfig's comment cites.
func TestBanding(t *testing.T) {
	c := DefaultConfig()
	tests := []struct {
		s        float64
		min, max float64
	}{
		{0.9, 0.999, 1},
		{0.7, 0.999, 1},
		{0.6, 0.98, 0.99},
		{0.3, 0.2, 0.25},
		{0.1, 0, 0.004},
	}
	for _, tt := range tests {
		p := candidateProbability(tt.s, c.Bands, c.Rows)
		if p < tt.min || p > tt.max {
			t.Errorf("candidateProbability(%v, %d, %d) = %.4f, want in [%v, %v]", tt.s, c.Bands, c.Rows, p, tt.min, tt.max)
		}
	}
}

func TestSignatureBinary(t *testing.T) {
	h := newHasher(t)
	for _, text := range []string{"", "satu", readFixture(t, "base.txt")} {
		sig := h.Sign(text)
		b, err := sig.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if want := 3 + 4*len(sig); len(b) != want {
			t.Errorf("len(MarshalBinary) = %d, want %d", len(b), want)
		}
		var back Signature
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatalf("UnmarshalBinary: %v", err)
		}
		if diff := cmp.Diff(sig, back); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
	for _, b := range [][]byte{nil, {1}, {2, 0, 0}, {1, 1, 0, 0, 0, 0}, {1, 1, 0, 0, 0, 0, 0, 0}} {
		var s Signature
		if err := s.UnmarshalBinary(b); err == nil {
			t.Errorf("UnmarshalBinary(%v) = nil error, want one", b)
		}
	}
}

func FuzzSignatureUnmarshal(f *testing.F) {
	f.Add([]byte{1, 0, 0})
	f.Add([]byte{1, 2, 0, 1, 0, 0, 0, 2, 0, 0, 0})
	f.Add([]byte{9, 9})
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Signature
		if err := s.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary after UnmarshalBinary(%x): %v", b, err)
		}
		if string(again) != string(b) {
			t.Fatalf("UnmarshalBinary(%x) re-encodes as %x", b, again)
		}
	})
}

func FuzzSign(f *testing.F) {
	f.Add("Presiden menerima Perdana Menteri Jepang", "PRESIDEN menerima perdana menteri Jepang.")
	f.Add("", "ÄÖÜ ß İstanbul")
	f.Fuzz(func(t *testing.T, a, b string) {
		h := newHasher(t)
		sa, sb := h.Sign(a), h.Sign(b)
		if len(sa) != 0 && len(sa) != 128 {
			t.Fatalf("Sign(%q) has %d values", a, len(sa))
		}
		if s1, s2 := Similarity(sa, sb), Similarity(sb, sa); s1 != s2 || s1 < 0 || s1 > 1 {
			t.Fatalf("Similarity not symmetric or out of range: %v, %v", s1, s2)
		}
		if len(sa) != 0 && Similarity(sa, h.Sign(a)) != 1 {
			t.Fatalf("Sign(%q) is not deterministic", a)
		}
	})
}

// corpus is a small set of documents: two stories of copies, one article
// on the same topic as the first story, and unrelated singletons.
func corpus(t testing.TB) map[string]string {
	base := readFixture(t, "base.txt")
	same := readFixture(t, "same_topic.txt")
	docs := map[string]string{
		"d3": base,
		"d7": republish(base),
		"d1": lightEdit(base),
		"d5": same,
		"d9": lightEdit(same),
		"d4": "Presiden menerima Perdana Menteri Jepang di Istana",
		"d2": "Presiden menerima Perdana Menteri Korea di Istana",
		"d8": "",
		"d6": strings.Join(paragraphs(base)[:3], "\n"),
	}
	return docs
}

func TestIndexStories(t *testing.T) {
	h := newHasher(t)
	docs := corpus(t)
	want := map[string]string{
		"d3": "d1", "d7": "d1", "d1": "d1",
		"d5": "d5", "d9": "d5",
		"d4": "d4", "d2": "d2", "d8": "d8", "d6": "d6",
	}
	ids := make([]string, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		rng.Shuffle(len(ids), func(a, b int) { ids[a], ids[b] = ids[b], ids[a] })
		ix := newIndex(t)
		for _, id := range ids {
			res, err := ix.Add(id, h.Sign(docs[id]))
			if err != nil {
				t.Fatal(err)
			}
			if res.Present {
				t.Fatalf("Add(%s) reports Present on first add", id)
			}
		}
		if diff := cmp.Diff(want, ix.Stories()); diff != "" {
			t.Fatalf("order %d %v: stories (-want +got):\n%s", i, ids, diff)
		}
	}
}

func TestIndexMembersAndPresent(t *testing.T) {
	h := newHasher(t)
	docs := corpus(t)
	ix := newIndex(t)
	for _, id := range []string{"d3", "d7", "d1", "d5"} {
		if _, err := ix.Add(id, h.Sign(docs[id])); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]string{"d1", "d3", "d7"}, ix.Members("d7")); diff != "" {
		t.Errorf("Members(d7) (-want +got):\n%s", diff)
	}
	if got := ix.Members("nope"); got != nil {
		t.Errorf("Members(nope) = %v, want nil", got)
	}
	res, err := ix.Add("d3", h.Sign(docs["d3"]))
	if err != nil || !res.Present || res.Story != "d1" {
		t.Errorf("re-Add(d3) = %+v, %v; want Present in story d1", res, err)
	}
	if ix.Len() != 4 {
		t.Errorf("Len = %d, want 4", ix.Len())
	}
	if m := ix.Query(h.Sign(lightEdit(docs["d3"]))); len(m) != 3 {
		t.Errorf("Query(edited copy) = %v, want the 3 copies", m)
	}
	if _, err := ix.Add("bad", Signature{1, 2, 3}); err == nil {
		t.Error("Add with a 3-value signature = nil error, want one")
	}
}

// TestIndexRelabel builds signatures by hand: b is similar to a and to c
// (0.75 each) while a and c are not (0.5), so adding b joins two stories.
func TestIndexRelabel(t *testing.T) {
	a, b, c := make(Signature, 128), make(Signature, 128), make(Signature, 128)
	for i := range 128 {
		a[i] = uint32(i)
		c[i] = uint32(i)
		if i >= 64 {
			c[i] = uint32(1000 + i)
		}
		b[i] = a[i]
		if i >= 96 {
			b[i] = c[i]
		}
	}
	if Similarity(a, b) != 0.75 || Similarity(b, c) != 0.75 || Similarity(a, c) != 0.5 {
		t.Fatal("fixture signatures are wrong")
	}
	sigs := map[string]Signature{"m": a, "a": b, "z": c}
	tests := []struct {
		order         []string
		lastStory     string
		lastRelabeled []string
	}{
		{[]string{"m", "z", "a"}, "a", []string{"m", "z"}},
		{[]string{"z", "a", "m"}, "a", nil},
		{[]string{"m", "a", "z"}, "a", nil},
		{[]string{"a", "m", "z"}, "a", nil},
		{[]string{"z", "m", "a"}, "a", []string{"m", "z"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.order, ""), func(t *testing.T) {
			ix := newIndex(t)
			var res AddResult
			for _, id := range tt.order {
				var err error
				if res, err = ix.Add(id, sigs[id]); err != nil {
					t.Fatal(err)
				}
			}
			if res.Story != tt.lastStory || !cmp.Equal(res.Relabeled, tt.lastRelabeled) {
				t.Errorf("last Add = story %q relabeled %v, want %q %v", res.Story, res.Relabeled, tt.lastStory, tt.lastRelabeled)
			}
			if diff := cmp.Diff(map[string]string{"m": "a", "a": "a", "z": "a"}, ix.Stories()); diff != "" {
				t.Errorf("stories (-want +got):\n%s", diff)
			}
		})
	}
	// A new smaller ID relabels the existing story.
	ix := newIndex(t)
	for _, id := range []string{"m", "a"} {
		if _, err := ix.Add(id, sigs[id]); err != nil {
			t.Fatal(err)
		}
	}
	res, err := ix.Add("0", a)
	if err != nil || res.Story != "0" || !cmp.Equal(res.Relabeled, []string{"a"}) {
		t.Errorf("Add(0) = %+v, %v; want story 0 relabeling [a]", res, err)
	}
}

func text3KB(t testing.TB) string {
	base := readFixture(t, "base.txt") + "\n" + readFixture(t, "same_topic.txt")
	for len(base) < 3000 {
		base += "\n" + base
	}
	return base[:3000]
}

func BenchmarkSign(b *testing.B) {
	h := newHasher(b)
	text := text3KB(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		h.Sign(text)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sigs/s")
}

// BenchmarkIndexAdd adds distinct random signatures and reports the heap
// the index holds per document.
func BenchmarkIndexAdd(b *testing.B) {
	const n = 20000
	rng := rand.New(rand.NewPCG(3, 4))
	sigs := make([]Signature, n)
	ids := make([]string, n)
	for i := range sigs {
		sigs[i] = make(Signature, 128)
		for j := range sigs[i] {
			sigs[i][j] = rng.Uint32()
		}
		ids[i] = fmt.Sprintf("%064x", rng.Uint64())
	}
	var perDoc float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix, _ := NewIndex(DefaultConfig())
		for i := range sigs {
			if _, err := ix.Add(ids[i], sigs[i]); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		// The signatures and IDs were allocated before: what remains is
		// the index's own structure.
		perDoc = float64(after.HeapAlloc-before.HeapAlloc) / n
		runtime.KeepAlive(ix)
	}
	b.ReportMetric(perDoc, "index-B/doc")
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "adds/s")
}
