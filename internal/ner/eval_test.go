package ner

import (
	"context"
	"flag"
	"os"
	"testing"
)

var modelFlag = flag.String("ner.model", "", "evaluate and benchmark this model file instead of the embedded one")

// testModel returns the model named by -ner.model, else the embedded one.
func testModel(tb testing.TB) *Model {
	tb.Helper()
	if *modelFlag == "" {
		m, err := Default()
		if err != nil {
			tb.Fatalf("Default: %v", err)
		}
		return m
	}
	f, err := os.Open(*modelFlag)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	m, err := Load(f)
	if err != nil {
		tb.Fatalf("Load(%s): %v", *modelFlag, err)
	}
	return m
}

// TestEvaluateEmbedded scores the embedded model on the acceptance sets. The
// targets set for warta were F1 >= 0.80 on NERGrit valid and >= 0.85 on
// idner-news-2k dev; the shipped model reaches both (0.8006 and 0.8926), but
// over three training seeds its configuration averages 0.795 on NERGrit
// (see model/README.md), so the NERGrit floor is the target itself.
func TestEvaluateEmbedded(t *testing.T) {
	dir := dataDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("NER data not found at %s: %v", dir, err)
	}
	m := testModel(t)
	tests := []struct {
		corpus, split, path string
		labels              LabelMap
		minF1               float64
	}{
		{"nergrit", "valid", "indonlu_nergrit/valid_preprocess.txt", NERGritLabels(), 0.80},
		{"idner-news-2k", "dev", "idner_news_2k/dev.txt", IDNerNewsLabels(), 0.85},
	}
	for _, tt := range tests {
		t.Run(tt.corpus, func(t *testing.T) {
			sents, err := readFile(dir, corpusFile{corpus: tt.corpus, split: tt.split, path: tt.path, labels: tt.labels})
			if err != nil {
				t.Fatal(err)
			}
			tagger, err := m.WithConvention(tt.corpus)
			if err != nil {
				t.Fatal(err)
			}
			s := evaluate(tagger, sents)
			t.Logf("%s %s:\n%s", tt.corpus, tt.split, s)
			if s.Overall.F1 < tt.minF1 {
				t.Errorf("%s %s F1 = %.4f, want >= %.2f", tt.corpus, tt.split, s.Overall.F1, tt.minF1)
			}
		})
	}
}

func TestEvaluateReport(t *testing.T) {
	dir := dataDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("NER data not found at %s: %v", dir, err)
	}
	m := testModel(t)
	rep, err := m.Evaluate(context.Background(), dir)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	if len(rep.Eval) == 0 {
		t.Fatalf("Evaluate(%s) scored no split", dir)
	}
	for _, f := range rep.Eval {
		if (f.Split == "valid" || f.Split == "dev") && f.Seen != 0 {
			t.Errorf("%s %s: %d sentences seen in training, want 0", f.Corpus, f.Split, f.Seen)
		}
	}
	t.Logf("\n%s", rep)
}
