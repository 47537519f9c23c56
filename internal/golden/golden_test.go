package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that keeps Check's errors instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.golden")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &recorder{TB: t}
	Check(r, path, []byte("a\nb\n"))
	if len(r.errs) != 0 {
		t.Errorf("Check(same) errors = %q, want none", r.errs)
	}
	Check(r, path, []byte("a\nc\n"))
	if len(r.errs) != 1 {
		t.Errorf("Check(different) errors = %q, want one", r.errs)
	}

	// Under -update, Check writes what it got.
	defer func(u bool) { *update = u }(*update)
	*update = true
	Check(t, path, []byte("new\n"))
	if b, err := os.ReadFile(path); err != nil || string(b) != "new\n" {
		t.Errorf("after Check under -update, file = %q, %v; want %q", b, err, "new\n")
	}
}
