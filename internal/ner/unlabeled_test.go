package ner

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestReadClusterText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	body := `{"title": "Banjir di Kota Bogor", "content": "Hujan turun sejak pagi. Warga mengungsi!\nSungai meluap."}
{"title": "", "content": "Ini kalimat dev."}
`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	protected := map[string]bool{overlapKey([]string{"Ini", "kalimat", "dev", "."}): true}
	ct, err := ReadClusterText(context.Background(), path, protected)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Banjir", "di", "Kota", "Bogor"},
		{"Hujan", "turun", "sejak", "pagi", "."},
		{"Warga", "mengungsi", "!"},
		{"Sungai", "meluap", "."},
	}
	if !reflect.DeepEqual(ct.Sentences, want) {
		t.Errorf("sentences = %q, want %q", ct.Sentences, want)
	}
	if ct.Dropped != 1 || ct.Tokens != 15 {
		t.Errorf("dropped %d, tokens %d; want 1, 15", ct.Dropped, ct.Tokens)
	}
	if _, err := ReadClusterText(context.Background(), filepath.Join(t.TempDir(), "none.jsonl"), nil); err == nil {
		t.Error("missing file: no error")
	}
}
