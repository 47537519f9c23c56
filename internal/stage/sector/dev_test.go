package sector

import (
	"path/filepath"
	"testing"

	"github.com/warta-dev/warta/internal/goldtest"
)

// TestDevSectors logs the sectors of the shared dev articles, for review by
// hand; it skips without them.
func TestDevSectors(t *testing.T) {
	files := goldtest.Records()
	if len(files) == 0 {
		t.Skip("no dev set")
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		a, err := goldtest.Load(f, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s %.50q %v", filepath.Base(f), a.Doc.Title, s.Weigh(a.Doc.Title, a.Doc.Text))
	}
}
