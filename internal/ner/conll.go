package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Entity types the tagger produces.
const (
	TypePerson = "PERSON"
	TypeOrg    = "ORG"
	TypePlace  = "PLACE"
)

// Sentence is one tokenised sentence with one BIO tag per token.
type Sentence struct {
	Tokens []string
	Tags   []string
	// Corpus names the corpus the sentence comes from, if known. Train
	// learns each named corpus's annotation conventions as a separate
	// feature copy (see Model.WithConvention).
	Corpus string
}

// LabelMap maps a corpus's entity label (the part after "B-"/"I-") to one of
// TypePerson, TypeOrg or TypePlace. A label missing from the map, or mapped
// to "", becomes O. A nil LabelMap keeps every label as it is.
type LabelMap map[string]string

// NERGritLabels is the label map of IndoNLU NERGrit.
func NERGritLabels() LabelMap {
	return LabelMap{"PERSON": TypePerson, "ORGANISATION": TypeOrg, "PLACE": TypePlace}
}

// NERPLabels is the label map of IndoNLU NERP (Prosa). Events (EVT) and food
// and beverage (FNB) have no counterpart and become O.
func NERPLabels() LabelMap {
	return LabelMap{"PPL": TypePerson, "IND": TypeOrg, "PLC": TypePlace}
}

// IDNerNewsLabels is the label map of idner-news-2k.
func IDNerNewsLabels() LabelMap {
	return LabelMap{"PER": TypePerson, "ORG": TypeOrg, "LOC": TypePlace}
}

// IndoLEMLabels is the label map of IndoLEM's NER-UGM and NER-UI. TIME and
// QUANTITY (NER-UGM only) become O.
func IndoLEMLabels() LabelMap {
	return LabelMap{"PERSON": TypePerson, "ORGANIZATION": TypeOrg, "LOCATION": TypePlace}
}

// ReadCoNLL reads CoNLL-style NER data: one token per line with the token in
// the first field and the BIO tag in the last (fields split by tabs, or by
// spaces when the line has no tab), a blank line between sentences, CRLF or
// LF line ends, "-DOCSTART-" lines ignored. Tags are mapped through mapping
// and kept as read otherwise (an I- after O stays I-, as conlleval reads it);
// use Repair to turn such tags into proper BIO before training.
func ReadCoNLL(r io.Reader, mapping LabelMap) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var (
		out  []Sentence
		cur  Sentence
		line int
	)
	flush := func() {
		if len(cur.Tokens) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r\n")
		if strings.TrimSpace(text) == "" {
			flush()
			continue
		}
		var fields []string
		if strings.Contains(text, "\t") {
			fields = strings.Split(text, "\t")
		} else {
			fields = strings.Fields(text)
		}
		tok := strings.TrimSpace(fields[0])
		if tok == "-DOCSTART-" {
			flush()
			continue
		}
		if len(fields) < 2 || tok == "" {
			return nil, fmt.Errorf("conll line %d: want token and tag, got %q", line, text)
		}
		tag, err := mapTag(strings.TrimSpace(fields[len(fields)-1]), mapping)
		if err != nil {
			return nil, fmt.Errorf("conll line %d: %w", line, err)
		}
		cur.Tokens = append(cur.Tokens, tok)
		cur.Tags = append(cur.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll: %w", err)
	}
	flush()
	return out, nil
}

// mapTag maps one BIO tag through mapping.
func mapTag(tag string, mapping LabelMap) (string, error) {
	if tag == "O" {
		return "O", nil
	}
	if len(tag) < 3 || (tag[0] != 'B' && tag[0] != 'I') || (tag[1] != '-' && tag[1] != '_') {
		return "", fmt.Errorf("bad BIO tag %q", tag)
	}
	label := tag[2:]
	if mapping != nil {
		var ok bool
		if label, ok = mapping[label]; !ok || label == "" {
			return "O", nil
		}
	}
	return tag[:1] + "-" + label, nil
}

// Repair rewrites tags in place into strict BIO: an I-X that does not follow
// B-X or I-X becomes B-X, which is how conlleval reads it anyway.
func Repair(tags []string) {
	prev := "O"
	for i, t := range tags {
		if strings.HasPrefix(t, "I-") && (prev == "O" || prev[2:] != t[2:]) {
			tags[i] = "B-" + t[2:]
		}
		prev = tags[i]
	}
}
