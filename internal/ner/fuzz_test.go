package ner

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzReadCoNLL(f *testing.F) {
	f.Add("Budi\tB-PERSON\nSantoso\tI-PERSON\n\ndi\tO\n")
	f.Add("-DOCSTART- -X- O\r\n\r\nSiti PROPN B-PER\r\n")
	f.Add("x\tI-ORG\n\n\n")
	f.Add("a b\n")
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := ReadCoNLL(strings.NewReader(in), IDNerNewsLabels())
		if err != nil {
			return
		}
		for _, s := range sents {
			if len(s.Tokens) == 0 || len(s.Tokens) != len(s.Tags) {
				t.Fatalf("sentence with %d tokens and %d tags", len(s.Tokens), len(s.Tags))
			}
			for _, tag := range s.Tags {
				if p, typ := splitTag(tag); tag != "O" && (p == 'O' || typ == "") {
					t.Fatalf("bad tag %q", tag)
				}
			}
		}
	})
}

func FuzzTokenize(f *testing.F) {
	f.Add("Presiden Joko Widodo tiba di U.S. pada 8/4/2015, harga Rp75.000.")
	f.Add("al-Qaeda ... Ma'ruf -- x.")
	f.Add("A.B.C")
	m := fuzzModel(f)
	f.Fuzz(func(t *testing.T, in string) {
		end := 0
		for _, tok := range Tokenize(in) {
			if tok.Start < end || tok.End <= tok.Start || tok.End > len(in) {
				t.Fatalf("token %+v out of order or range (prev end %d)", tok, end)
			}
			if in[tok.Start:tok.End] != tok.Text {
				t.Fatalf("token %+v does not match text", tok)
			}
			if strings.TrimSpace(tok.Text) != tok.Text && utf8.ValidString(tok.Text) {
				t.Fatalf("token %q has spaces", tok.Text)
			}
			end = tok.End
		}
		// Tagging arbitrary tokens must not panic.
		if len(in) < 200 {
			var toks []string
			for _, tok := range Tokenize(in) {
				toks = append(toks, tok.Text)
			}
			if got := m.Tag(toks); len(got) != len(toks) {
				t.Fatalf("Tag returned %d tags for %d tokens", len(got), len(toks))
			}
		}
	})
}

// fuzzModel is a tiny model for fuzzing Tag.
func fuzzModel(t testing.TB) *Model {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("Budi\tB-PERSON\ndi\tO\nBandung\tB-PLACE\n")
	sents, err := ReadCoNLL(&b, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Train(t.Context(), sents, TrainOptions{Epochs: 1, HashBits: 8}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
