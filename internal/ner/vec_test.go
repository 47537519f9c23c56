package ner

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

func TestLearnVecClusters(t *testing.T) {
	// Names between "kata" and "tiba", towns between "di" and "kemarin".
	var texts [][]string
	for _, name := range []string{"budi", "sari", "andi", "wati"} {
		for _, town := range []string{"bogor", "depok", "bekasi", "cianjur"} {
			texts = append(texts,
				strings.Fields("ya kata "+name+" tiba lagi"),
				strings.Fields("itu di "+town+" kemarin sore"))
		}
	}
	learn := func() *clusters {
		cl := learnClusters(texts, []int{3}, 0)
		learnVecClusters(cl, texts, []int{4}, 0)
		return cl
	}
	cl := learn()
	if ex, vec := cl.levels(); ex != 1 || vec != 1 {
		t.Fatalf("levels = %d exchange, %d k-means; want 1, 1", ex, vec)
	}
	id := func(w string) uint16 {
		ids, ok := cl.lookup(hashLower(w))
		if !ok || ids[1] == 0 {
			t.Fatalf("%q has no k-means class", w)
		}
		return ids[1]
	}
	for _, w := range []string{"sari", "andi", "wati"} {
		if id(w) != id("budi") {
			t.Errorf("%q and budi in different k-means classes", w)
		}
	}
	for _, w := range []string{"depok", "bekasi", "cianjur"} {
		if id(w) != id("bogor") {
			t.Errorf("%q and bogor in different k-means classes", w)
		}
	}
	if id("budi") == id("bogor") {
		t.Errorf("names and towns share a k-means class")
	}
	h1, i1, s1 := cl.flat()
	h2, i2, s2 := learn().flat()
	if !equal(h1, h2) || !equal(i1, i2) || !equal(s1, s2) {
		t.Errorf("two clusterings of the same text differ")
	}
	// The k-means levels survive a write and read.
	var buf bytes.Buffer
	for _, p := range []any{uint8(len(s1)), s1, uint32(len(h1)), h1, i1} {
		if err := binary.Write(&buf, binary.LittleEndian, p); err != nil {
			t.Fatal(err)
		}
	}
	got, err := readClusters(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if ex, vec := got.levels(); ex != 1 || vec != 1 || got.sizes[1] != 4 {
		t.Errorf("read back %v with %d exchange and %d k-means levels", got.sizes, ex, vec)
	}
}
