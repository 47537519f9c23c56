package ner

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// trainTinyDense trains on testdata/train_tiny.conll, split into two
// corpora, with word-vector features.
func trainTinyDense(t *testing.T) (*Model, []Sentence) {
	t.Helper()
	sents := readTiny(t)
	for i := range sents {
		sents[i].Corpus = []string{"a", "b"}[i%2]
	}
	m, err := Train(context.Background(), sents, TrainOptions{Epochs: 10, HashBits: 14, Seed: 1, Runs: 2,
		Clusters: []int{2, 4}, Dense: 1}, nil)
	if err != nil {
		t.Fatalf("Train: %v", err)
	}
	return m, sents
}

func TestDenseSaveLoad(t *testing.T) {
	m, sents := trainTinyDense(t)
	if m.dense == nil || len(m.dense.vecs.index) == 0 {
		t.Fatal("model trained with Dense has no word vectors")
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var again bytes.Buffer
	if err := got.Save(&again); err != nil {
		t.Fatalf("Save: %v", err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Errorf("saving a loaded model gives other bytes")
	}
	for _, conv := range []string{"", "a", "b"} {
		mc, err := m.WithConvention(conv)
		if err != nil {
			t.Fatal(err)
		}
		gc, err := got.WithConvention(conv)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sents {
			if want, have := mc.Tag(s.Tokens), gc.Tag(s.Tokens); !cmp.Equal(want, have) {
				t.Errorf("convention %q: after round trip Tag(%q) = %v, want %v", conv, strings.Join(s.Tokens, " "), have, want)
			}
		}
	}
	// The model fits its training data with its corpus's convention.
	for _, s := range sents {
		mc, _ := m.WithConvention(s.Corpus)
		if got := mc.Tag(s.Tokens); !cmp.Equal(got, s.Tags) {
			t.Errorf("Tag(%q) = %v, want %v", strings.Join(s.Tokens, " "), got, s.Tags)
		}
	}
}

func TestDenseDeterministic(t *testing.T) {
	a, _ := trainTinyDense(t)
	b, _ := trainTinyDense(t)
	var ba, bb bytes.Buffer
	if err := a.Save(&ba); err != nil {
		t.Fatal(err)
	}
	if err := b.Save(&bb); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ba.Bytes(), bb.Bytes()) {
		t.Errorf("two trainings with the same seed saved different models")
	}
}
