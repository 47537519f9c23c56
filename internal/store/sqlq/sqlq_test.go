package sqlq

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/store"
)

func TestCanonicalWhere(t *testing.T) {
	f := store.CanonicalFilter{From: "2024-01-01", Country: "IDN", Root: "04"}
	tests := []struct {
		name  string
		style Style
		want  string
	}{
		{"question", Question, "WHERE ce.date <> '' AND ce.date >= ? AND (ce.source_key = ? OR ce.target_key = ?) AND ce.root = ?"},
		{"dollar", Dollar, "WHERE ce.date <> '' AND ce.date >= $1 AND (ce.source_key = $2 OR ce.target_key = $3) AND ce.root = $4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewArgs(tt.style)
			if got := CanonicalWhere(f, a); got != tt.want {
				t.Errorf("CanonicalWhere() = %q, want %q", got, tt.want)
			}
			if diff := cmp.Diff([]any{"2024-01-01", "IDN", "IDN", "04"}, a.List()); diff != "" {
				t.Errorf("List() (-want +got):\n%s", diff)
			}
		})
	}
	if got := CanonicalWhere(store.CanonicalFilter{}, NewArgs(Question)); got != "" {
		t.Errorf("CanonicalWhere(zero) = %q, want \"\"", got)
	}
}
