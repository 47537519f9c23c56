// Package golden compares a test's output with a golden file, and rewrites
// the file instead when the tests run with -update:
//
//	go test ./internal/stage/... -update
//
// A test package that imports golden gets the -update flag from it and must
// not define its own.
package golden

import (
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// update is the -update flag. It is a flag, set once by the test binary's
// flag.Parse, not state the tests change.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Check compares got with the golden file at path and reports a difference
// as an error of t. Under -update it writes got to path instead.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", path, diff)
	}
}
