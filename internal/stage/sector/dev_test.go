package sector

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestDevSectors logs the sectors of the shared dev articles, for review by
// hand; it skips without them.
func TestDevSectors(t *testing.T) {
	files, _ := filepath.Glob("../../../../shared/gold/dev/id/c[0-9][0-9].json")
	if len(files) == 0 {
		t.Skip("no dev set")
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rec struct{ Title, Text string }
		if err := json.Unmarshal(b, &rec); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s %.50q %v", filepath.Base(f), rec.Title, s.Weigh(rec.Title, rec.Text))
	}
}
