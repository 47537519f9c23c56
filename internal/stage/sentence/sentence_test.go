package sentence

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/golden"
)

func split(t *testing.T, text string) []string {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sent := range s.Split(text) {
		got = append(got, text[sent.Start:sent.End])
	}
	return got
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"simple", "Menteri itu tiba di Jakarta. Dia bertemu Presiden.", []string{"Menteri itu tiba di Jakarta.", "Dia bertemu Presiden."}},
		{"abbreviation", "Dia tinggal di Jl. Merdeka No. 5 sejak lama. Rumahnya besar.", []string{"Dia tinggal di Jl. Merdeka No. 5 sejak lama.", "Rumahnya besar."}},
		{"title abbreviation", "Acara dibuka Prof. Budi dan Dr. Sari. Keduanya hadir.", []string{"Acara dibuka Prof. Budi dan Dr. Sari.", "Keduanya hadir."}},
		{"initial", "Mantan presiden B.J. Habibie wafat. Ia dimakamkan di Kalibata.", []string{"Mantan presiden B.J. Habibie wafat.", "Ia dimakamkan di Kalibata."}},
		{"single initial", "Polisi menangkap M. Hendra di hotel. Ia diperiksa.", []string{"Polisi menangkap M. Hendra di hotel.", "Ia diperiksa."}},
		{"thousands separator", "Sebanyak 2.450 sekolah ditutup. Total 1.732.842 siswa terdampak.", []string{"Sebanyak 2.450 sekolah ditutup.", "Total 1.732.842 siswa terdampak."}},
		{"quote comma stays", "\"Kami siap bekerja sama,\" kata Menlu. Ia tersenyum.", []string{"\"Kami siap bekerja sama,\" kata Menlu.", "Ia tersenyum."}},
		{"quote period closes", "“Kami siap.” Dia lalu pergi.", []string{"“Kami siap.”", "Dia lalu pergi."}},
		{"question and exclamation", "Apa kabar? Baik sekali! Terima kasih.", []string{"Apa kabar?", "Baik sekali!", "Terima kasih."}},
		{"lower case after period", "Harga naik 3 persen. dan itu wajar.", []string{"Harga naik 3 persen. dan itu wajar."}},
		{"newline ends sentence", "Judul tanpa titik\nIsi pertama.\n\nIsi kedua.", []string{"Judul tanpa titik", "Isi pertama.", "Isi kedua."}},
		{"english", "Mr. Smith met U.S. officials on Monday. They agreed.", []string{"Mr. Smith met U.S. officials on Monday.", "They agreed."}},
		{"ellipsis", "Dia ragu… Lalu setuju.", []string{"Dia ragu…", "Lalu setuju."}},
		{"empty", "  \n \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, split(t, tt.text)); diff != "" {
				t.Errorf("Split(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestGolden splits each testdata/*.txt and compares one sentence per line
// with its .golden file (refresh with -update).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(split(t, string(b)), "\n") + "\n"
			golden.Check(t, strings.TrimSuffix(f, ".txt")+".golden", []byte(got))
		})
	}
}

func TestRunOffsets(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	a := article.New()
	a.Doc.Text = "  Satu kalimat.  Dua kalimat. "
	if err := s.Run(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	want := []article.Sentence{{Start: 2, End: 15}, {Start: 17, End: 29}}
	if diff := cmp.Diff(want, a.Sentences); diff != "" {
		t.Errorf("Run offsets (-want +got):\n%s", diff)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("Dia tiba. Lalu pergi.")
	f.Add("Jl. Merdeka No. 5.\n“Ya.” Tidak!")
	f.Add("\xff. A")
	s, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, sent := range s.Split(text) {
			if sent.Start < prev || sent.End <= sent.Start || sent.End > len(text) {
				t.Fatalf("bad span %+v after %d in %q", sent, prev, text)
			}
			prev = sent.End
		}
	})
}
