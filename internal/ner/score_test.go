package ner

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestScore(t *testing.T) {
	type counts struct{ Correct, Predicted, Gold int }
	tests := []struct {
		name       string
		gold, pred []string // one sentence each, space-separated tags
		want       counts
		wantType   map[string]counts
	}{
		{
			name:     "exact match",
			gold:     []string{"B-PERSON I-PERSON O B-PLACE"},
			pred:     []string{"B-PERSON I-PERSON O B-PLACE"},
			want:     counts{2, 2, 2},
			wantType: map[string]counts{"PERSON": {1, 1, 1}, "PLACE": {1, 1, 1}},
		},
		{
			name:     "wrong boundary is wrong",
			gold:     []string{"B-PERSON I-PERSON O"},
			pred:     []string{"B-PERSON O O"},
			want:     counts{0, 1, 1},
			wantType: map[string]counts{"PERSON": {0, 1, 1}},
		},
		{
			name:     "wrong type is wrong",
			gold:     []string{"B-ORG I-ORG"},
			pred:     []string{"B-PLACE I-PLACE"},
			want:     counts{0, 1, 1},
			wantType: map[string]counts{"ORG": {0, 0, 1}, "PLACE": {0, 1, 0}},
		},
		{
			name:     "I after O starts an entity",
			gold:     []string{"O B-ORG I-ORG"},
			pred:     []string{"O I-ORG I-ORG"},
			want:     counts{1, 1, 1},
			wantType: map[string]counts{"ORG": {1, 1, 1}},
		},
		{
			name:     "type change inside I splits entities",
			gold:     []string{"B-ORG I-ORG"},
			pred:     []string{"B-ORG I-PLACE"},
			want:     counts{0, 2, 1},
			wantType: map[string]counts{"ORG": {0, 1, 1}, "PLACE": {0, 1, 0}},
		},
		{
			name:     "B after B is two entities",
			gold:     []string{"B-PERSON B-PERSON"},
			pred:     []string{"B-PERSON I-PERSON"},
			want:     counts{0, 1, 2},
			wantType: map[string]counts{"PERSON": {0, 1, 2}},
		},
		{
			name:     "several sentences add up",
			gold:     []string{"B-PLACE O", "O B-PERSON"},
			pred:     []string{"B-PLACE O", "O O"},
			want:     counts{1, 1, 2},
			wantType: map[string]counts{"PLACE": {1, 1, 1}, "PERSON": {0, 0, 1}},
		},
	}
	split := func(ss []string) [][]string {
		var out [][]string
		for _, s := range ss {
			out = append(out, strings.Fields(s))
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(split(tt.gold), split(tt.pred))
			o := got.Overall
			if c := (counts{o.Correct, o.Predicted, o.Gold}); c != tt.want {
				t.Errorf("Score overall = %+v, want %+v", c, tt.want)
			}
			gotType := map[string]counts{}
			for k, v := range got.PerType {
				gotType[k] = counts{v.Correct, v.Predicted, v.Gold}
			}
			if diff := cmp.Diff(tt.wantType, gotType); diff != "" {
				t.Errorf("Score per type mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScoreFigures(t *testing.T) {
	// 2 of 3 predictions right, 2 of 4 gold found: P=2/3, R=1/2, F1=4/7.
	gold := [][]string{{"B-PERSON", "O", "B-PLACE", "O", "B-ORG", "B-ORG"}}
	pred := [][]string{{"B-PERSON", "O", "B-PLACE", "B-ORG", "O", "O"}}
	got := Score(gold, pred).Overall
	want := PRF{Correct: 2, Predicted: 3, Gold: 4, Precision: 2.0 / 3, Recall: 0.5, F1: 4.0 / 7}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("Score overall mismatch (-want +got):\n%s", diff)
	}
}
