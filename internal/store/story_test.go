package store

import (
	"testing"

	"github.com/warta-dev/warta/internal/merge"
)

// TestLedeEnd checks that the stored lede offset decides as merge.InLede
// does for every start offset.
func TestLedeEnd(t *testing.T) {
	for _, text := range []string{
		"", "satu kalimat saja", "judul\nisi berita", "\n\n  judul\nisi\nlagi", "\r\n\tjudul\r\nisi", "judul\n",
	} {
		end := LedeEnd(text)
		for start := 0; start <= len(text); start++ {
			if got, want := start < end, merge.InLede(text, start); got != want {
				t.Errorf("LedeEnd(%q) = %d: start %d in lede %v, merge.InLede = %v", text, end, start, got, want)
			}
		}
	}
}

// TestCanonicalFilterValidate checks which filters are malformed.
func TestCanonicalFilterValidate(t *testing.T) {
	for _, tc := range []struct {
		f  CanonicalFilter
		ok bool
	}{
		{CanonicalFilter{}, true},
		{CanonicalFilter{From: "2019-09-01", To: "2019-09-30", Root: "04", Country: "IDN"}, true},
		{CanonicalFilter{From: "2019-9-1"}, false},
		{CanonicalFilter{To: "2019-02-30"}, false},
		{CanonicalFilter{Root: "4"}, false},
		{CanonicalFilter{Root: "0a"}, false},
	} {
		if err := tc.f.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v.Validate() = %v, want ok %v", tc.f, err, tc.ok)
		}
	}
}
