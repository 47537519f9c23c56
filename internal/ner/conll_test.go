package ner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadCoNLL(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		mapping LabelMap
		want    []Sentence
	}{
		{
			name:    "tab separated NERGrit style",
			file:    "tab.conll",
			mapping: NERGritLabels(),
			want: []Sentence{
				{Tokens: []string{"Budi", "Santoso", "tinggal", "di", "Bandung", "."},
					Tags: []string{"B-PERSON", "I-PERSON", "O", "O", "B-PLACE", "O"}},
				{Tokens: []string{"Ia", "bekerja", "di", "PT", "Maju", "Jaya", "."},
					Tags: []string{"O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O"}},
			},
		},
		{
			name:    "space separated with POS column, CRLF and DOCSTART",
			file:    "space_crlf.conll",
			mapping: IDNerNewsLabels(),
			want: []Sentence{
				{Tokens: []string{"Siti", "mengunjungi", "Surabaya", "kemarin", "."},
					Tags: []string{"B-PERSON", "O", "B-PLACE", "O", "O"}},
				// An I- after O is kept: conlleval reads it as a start.
				{Tokens: []string{"Komisi", "itu", "rapat"},
					Tags: []string{"B-ORG", "O", "I-PLACE"}},
			},
		},
		{
			name:    "unmapped labels become O",
			file:    "nerp_like.conll",
			mapping: NERPLabels(),
			want: []Sentence{
				{Tokens: []string{"Rapat", "akbar", "di", "medan", ",", "kata", "andi"},
					Tags: []string{"O", "O", "O", "B-PLACE", "O", "O", "B-PERSON"}},
			},
		},
		{
			name:    "nil mapping keeps labels",
			file:    "nerp_like.conll",
			mapping: nil,
			want: []Sentence{
				{Tokens: []string{"Rapat", "akbar", "di", "medan", ",", "kata", "andi"},
					Tags: []string{"B-EVT", "I-EVT", "O", "B-PLC", "O", "O", "B-PPL"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := ReadCoNLL(f, tt.mapping)
			if err != nil {
				t.Fatalf("ReadCoNLL(%s) error: %v", tt.file, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReadCoNLL(%s) mismatch (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

func TestReadCoNLLErrors(t *testing.T) {
	for _, file := range []string{"bad_notag.conll", "bad_tag.conll"} {
		t.Run(file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got, err := ReadCoNLL(f, nil); err == nil {
				t.Errorf("ReadCoNLL(%s) = %v, want error", file, got)
			}
		})
	}
}

func TestRepair(t *testing.T) {
	tests := []struct {
		name     string
		in, want string
	}{
		{"I after O", "O I-ORG I-ORG", "O B-ORG I-ORG"},
		{"I after other type", "B-PERSON I-ORG", "B-PERSON B-ORG"},
		{"I at start", "I-PLACE O", "B-PLACE O"},
		{"valid BIO unchanged", "B-ORG I-ORG O B-PLACE", "B-ORG I-ORG O B-PLACE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tags := strings.Fields(tt.in)
			Repair(tags)
			if got := strings.Join(tags, " "); got != tt.want {
				t.Errorf("Repair(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
