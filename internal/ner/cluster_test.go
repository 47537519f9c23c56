package ner

import (
	"bytes"
	"strings"
	"testing"
)

func TestLearnClusters(t *testing.T) {
	// Two word families that occur in distinct contexts: names after
	// "kata" and before "tiba", towns after "di" and before "kemarin".
	var texts [][]string
	for _, name := range []string{"budi", "sari", "andi", "wati"} {
		for _, town := range []string{"bogor", "depok", "bekasi", "cianjur"} {
			texts = append(texts,
				strings.Fields("kata "+name+" tiba"),
				strings.Fields("di "+town+" kemarin"))
		}
	}
	cl := learnClusters(texts, []int{6, 8}, 0)
	id := func(w string, level int) uint16 {
		ids, ok := cl.lookup(hashLower(w))
		if !ok {
			t.Fatalf("%q not clustered", w)
		}
		return ids[level]
	}
	for _, w := range []string{"sari", "andi", "wati"} {
		if id(w, 0) != id("budi", 0) {
			t.Errorf("%q and budi in different clusters at level 0", w)
		}
	}
	for _, w := range []string{"depok", "bekasi", "cianjur"} {
		if id(w, 0) != id("bogor", 0) {
			t.Errorf("%q and bogor in different clusters at level 0", w)
		}
	}
	if id("budi", 0) == id("bogor", 0) {
		t.Errorf("names and towns share a cluster at level 0")
	}
	if _, ok := cl.lookup(hashLower("jakarta")); ok {
		t.Errorf("unseen word has a cluster")
	}
	// Deterministic, and the table survives a write and read.
	again := learnClusters(texts, []int{6, 8}, 0)
	h1, i1, s1 := cl.flat()
	h2, i2, s2 := again.flat()
	if !equal(h1, h2) || !equal(i1, i2) || !equal(s1, s2) {
		t.Errorf("two clusterings of the same text differ")
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestClustersRoundTrip(t *testing.T) {
	m, _ := trainTiny(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	h1, i1, s1 := m.clusters.flat()
	h2, i2, s2 := got.clusters.flat()
	if len(h1) == 0 || !equal(h1, h2) || !equal(i1, i2) || !equal(s1, s2) {
		t.Errorf("clusters after round trip: %d words, want %d", len(h2), len(h1))
	}
}
