package ner

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readTiny reads testdata/train_tiny.conll.
func readTiny(t *testing.T) []Sentence {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "train_tiny.conll"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sents, err := ReadCoNLL(f, nil)
	if err != nil {
		t.Fatalf("ReadCoNLL: %v", err)
	}
	return sents
}

// trainTiny trains a small model on testdata/train_tiny.conll.
func trainTiny(t *testing.T) (*Model, []Sentence) {
	t.Helper()
	sents := readTiny(t)
	m, err := Train(context.Background(), sents, TrainOptions{Epochs: 10, HashBits: 14, Seed: 1, Runs: 2, Clusters: []int{2, 4}}, nil)
	if err != nil {
		t.Fatalf("Train: %v", err)
	}
	return m, sents
}

func TestTrainTiny(t *testing.T) {
	m, sents := trainTiny(t)
	if diff := cmp.Diff([]string{"O", "B-ORG", "I-ORG", "B-PERSON", "I-PERSON", "B-PLACE", "I-PLACE"}, m.Labels()); diff != "" {
		t.Errorf("Labels mismatch (-want +got):\n%s", diff)
	}
	// A perceptron with this many features fits its own training data.
	for _, s := range sents {
		if got := m.Tag(s.Tokens); !cmp.Equal(got, s.Tags) {
			t.Errorf("Tag(%q) = %v, want %v", strings.Join(s.Tokens, " "), got, s.Tags)
		}
	}
	// New sentences built from seen names and contexts.
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"person after title", "Presiden Budi Hartono tiba .", "O B-PERSON I-PERSON O O"},
		{"place after di", "Ia tiba di Surabaya .", "O O O B-PLACE O"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(m.Tag(strings.Fields(tt.in)), " ")
			if got != tt.want {
				t.Errorf("Tag(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestTrainDeterministic(t *testing.T) {
	a, _ := trainTiny(t)
	b, _ := trainTiny(t)
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

func TestTrainErrors(t *testing.T) {
	tests := []struct {
		name  string
		sents []Sentence
		opts  TrainOptions
	}{
		{"no entities", []Sentence{{Tokens: []string{"a"}, Tags: []string{"O"}}}, TrainOptions{}},
		{"length mismatch", []Sentence{{Tokens: []string{"a", "b"}, Tags: []string{"B-X"}}}, TrainOptions{}},
		{"bad tag", []Sentence{{Tokens: []string{"a"}, Tags: []string{"PERSON"}}}, TrainOptions{}},
		{"bad hash bits", []Sentence{{Tokens: []string{"a"}, Tags: []string{"B-X"}}}, TrainOptions{HashBits: 40}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Train(context.Background(), tt.sents, tt.opts, nil); err == nil {
				t.Errorf("Train(%v) = nil error, want error", tt.sents)
			}
		})
	}
}

func TestTrainCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sents := []Sentence{{Tokens: []string{"Budi"}, Tags: []string{"B-PERSON"}}}
	if _, err := Train(ctx, sents, TrainOptions{HashBits: 10}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Train(canceled) error = %v, want context.Canceled", err)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m, sents := trainTiny(t)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if diff := cmp.Diff(m.Labels(), got.Labels()); diff != "" {
		t.Errorf("labels after round trip (-want +got):\n%s", diff)
	}
	for _, s := range sents {
		if want, have := m.Tag(s.Tokens), got.Tag(s.Tokens); !cmp.Equal(want, have) {
			t.Errorf("after round trip Tag(%q) = %v, want %v", strings.Join(s.Tokens, " "), have, want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	m, _ := trainTiny(t)
	var good bytes.Buffer
	if err := m.Save(&good); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"not gzip", []byte("hello")},
		{"truncated", good.Bytes()[:good.Len()/2]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Load(bytes.NewReader(tt.in)); err == nil {
				t.Errorf("Load(%s) = nil error, want error", tt.name)
			}
		})
	}
}

func TestDefault(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	text := "Presiden Joko Widodo bertemu Perdana Menteri Malaysia di Kuala Lumpur ."
	got := m.Spans(Tokenize(text))
	want := []Span{
		{Type: TypePerson, Start: 9, End: 20, Text: "Joko Widodo"},
		{Type: TypePlace, Start: 45, End: 53, Text: "Malaysia"},
		{Type: TypePlace, Start: 57, End: 69, Text: "Kuala Lumpur"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Default().Spans(%q) mismatch (-want +got):\n%s", text, diff)
	}
	for _, s := range got {
		if text[s.Start:s.End] != s.Text {
			t.Errorf("span %+v does not match text %q", s, text[s.Start:s.End])
		}
	}
}

func TestConventions(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	want := []string{"idner-news-2k", "nergrit", "nerp", "nerugm", "nerui"}
	if diff := cmp.Diff(want, m.Conventions()); diff != "" {
		t.Errorf("Conventions mismatch (-want +got):\n%s", diff)
	}
	idn, err := m.WithConvention("idner-news-2k")
	if err != nil {
		t.Fatalf("WithConvention: %v", err)
	}
	if got := idn.Convention(); got != "idner-news-2k" {
		t.Errorf("Convention() = %q, want idner-news-2k", got)
	}
	if got := m.Convention(); got != "" {
		t.Errorf("Default().Convention() = %q, want shared", got)
	}
	if _, err := m.WithConvention("nope"); err == nil {
		t.Errorf("WithConvention(nope) = nil error, want error")
	}
	// idner-news-2k tags a country as a place only where it is a location;
	// the shared weights tag every country.
	toks := strings.Fields("Menteri Luar Negeri AS Antony Blinken tiba di Jakarta .")
	tests := []struct {
		name  string
		model *Model
		want  string
	}{
		{"shared", m, "O O O B-PLACE B-PERSON I-PERSON O O B-PLACE O"},
		{"idner-news-2k", idn, "O O O O B-PERSON I-PERSON O O B-PLACE O"},
	}
	for _, tt := range tests {
		if got := strings.Join(tt.model.Tag(toks), " "); got != tt.want {
			t.Errorf("%s Tag(%q) = %s, want %s", tt.name, strings.Join(toks, " "), got, tt.want)
		}
	}
}
