package ner

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// Regenerating the embedded model is a test run so that it needs no extra
// command: go test ./internal/ner -run TestRegenerateModel -ner.train -v
var (
	trainFlag  = flag.Bool("ner.train", false, "retrain the embedded model from the NER data folder and write model/ner.bin.gz")
	epochsFlag = flag.Int("ner.epochs", 0, "epochs for -ner.train (0: default)")
	bitsFlag   = flag.Int("ner.bits", 0, "hash bits for -ner.train (0: default)")
	outFlag    = flag.String("ner.out", "model/ner.bin.gz", "where -ner.train writes the model")
)

// dataDir returns the NER data folder: $WARTA_NER_DATA, else shared/ beside
// the repository.
func dataDir() string {
	if d := os.Getenv("WARTA_NER_DATA"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "data", "ner")
}

func TestRegenerateModel(t *testing.T) {
	if !*trainFlag {
		t.Skip("run with -ner.train to retrain the embedded model")
	}
	opts := DefaultTrainOptions()
	if *epochsFlag > 0 {
		opts.Epochs = *epochsFlag
	}
	if *bitsFlag > 0 {
		opts.HashBits = *bitsFlag
	}
	m, rep, err := TrainFromDir(context.Background(), dataDir(), opts, t.Logf)
	if err != nil {
		t.Fatalf("TrainFromDir: %v", err)
	}
	t.Logf("\n%s", rep)
	f, err := os.Create(*outFlag)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Save(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
