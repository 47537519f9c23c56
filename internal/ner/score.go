package ner

import (
	"fmt"
	"sort"
	"strings"
)

// PRF holds entity counts and the precision, recall and F1 they give.
type PRF struct {
	Correct, Predicted, Gold int
	Precision, Recall, F1    float64
}

func (p *PRF) finish() {
	if p.Predicted > 0 {
		p.Precision = float64(p.Correct) / float64(p.Predicted)
	}
	if p.Gold > 0 {
		p.Recall = float64(p.Correct) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// String renders p as "P=.. R=.. F1=.. (correct/pred/gold)".
func (p PRF) String() string {
	return fmt.Sprintf("P=%.4f R=%.4f F1=%.4f (%d/%d/%d)", p.Precision, p.Recall, p.F1, p.Correct, p.Predicted, p.Gold)
}

// Scores is an entity-level evaluation: overall micro-averaged figures and
// figures per entity type.
type Scores struct {
	Overall PRF
	PerType map[string]PRF
}

// String renders s on one line per type, types sorted, overall first.
func (s Scores) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "all     %s\n", s.Overall)
	types := make([]string, 0, len(s.PerType))
	for t := range s.PerType {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		fmt.Fprintf(&b, "%-7s %s\n", t, s.PerType[t])
	}
	return b.String()
}

// chunk is one entity: tokens [start, end) of type typ.
type chunk struct {
	start, end int
	typ        string
}

// chunks extracts entities from BIO tags with conlleval's rules: a chunk
// starts at B-X, or at I-X after O or after a chunk of another type, and
// ends before O, B-, or a tag of another type.
func chunks(tags []string) []chunk {
	var out []chunk
	open := -1
	typ := ""
	for i, t := range tags {
		prefix, ttype := splitTag(t)
		if open >= 0 && (prefix != 'I' || ttype != typ) {
			out = append(out, chunk{open, i, typ})
			open = -1
		}
		if prefix == 'B' || (prefix == 'I' && open < 0) {
			open, typ = i, ttype
		}
	}
	if open >= 0 {
		out = append(out, chunk{open, len(tags), typ})
	}
	return out
}

// splitTag splits "B-X" into 'B' and "X"; anything else is O.
func splitTag(t string) (byte, string) {
	if len(t) > 2 && (t[0] == 'B' || t[0] == 'I') && t[1] == '-' {
		return t[0], t[2:]
	}
	return 'O', ""
}

// Score compares predicted tag sequences with gold ones, sentence by
// sentence, and counts an entity correct when its span and type match
// exactly (conlleval semantics). Sentences missing from pred count as all O.
func Score(gold, pred [][]string) Scores {
	s := Scores{PerType: map[string]PRF{}}
	for i, g := range gold {
		var p []string
		if i < len(pred) {
			p = pred[i]
		}
		gc, pc := chunks(g), chunks(p)
		inGold := make(map[chunk]bool, len(gc))
		for _, c := range gc {
			inGold[c] = true
			t := s.PerType[c.typ]
			t.Gold++
			s.PerType[c.typ] = t
			s.Overall.Gold++
		}
		for _, c := range pc {
			t := s.PerType[c.typ]
			t.Predicted++
			s.Overall.Predicted++
			if inGold[c] {
				t.Correct++
				s.Overall.Correct++
			}
			s.PerType[c.typ] = t
		}
	}
	s.Overall.finish()
	for k, v := range s.PerType {
		v.finish()
		s.PerType[k] = v
	}
	return s
}
