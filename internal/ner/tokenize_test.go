package ner

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"plain sentence", "Presiden Joko Widodo tiba.", []string{"Presiden", "Joko", "Widodo", "tiba", "."}},
		{"country code", "Menlu AS tiba", []string{"Menlu", "AS", "tiba"}},
		{"dotted acronym", "pejabat U.S. dan A.S. hadir", []string{"pejabat", "U.S.", "dan", "A.S.", "hadir"}},
		{"acronym ends sentence", "ke U.S.", []string{"ke", "U.S."}},
		{"initial is split", "Susilo B. Yudhoyono", []string{"Susilo", "B", ".", "Yudhoyono"}},
		{"rupiah glued", "harga Rp75 ribu", []string{"harga", "Rp75", "ribu"}},
		{"thousands and decimals", "2.000 orang, 1,5 persen.", []string{"2.000", "orang", ",", "1,5", "persen", "."}},
		{"date with slashes", "Rabu (8/4/2015) pagi", []string{"Rabu", "(", "8/4/2015", ")", "pagi"}},
		{"hyphenated names", "al-Qaeda dan Covid-19", []string{"al-Qaeda", "dan", "Covid-19"}},
		{"reduplication", "negara-negara", []string{"negara-negara"}},
		{"apostrophe", "Ma'ruf Amin", []string{"Ma'ruf", "Amin"}},
		{"quotes and ellipsis", `"Kami siap..." katanya`, []string{`"`, "Kami", "siap", "...", `"`, "katanya"}},
		{"dangling hyphen", "pro- dan kontra", []string{"pro", "-", "dan", "kontra"}},
		{"percent", "naik 5%", []string{"naik", "5", "%"}},
		{"non-ascii letters", "Café Zürich", []string{"Café", "Zürich"}},
		{"time", "pukul 10:30 WIB", []string{"pukul", "10:30", "WIB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range Tokenize(tt.in) {
				if tt.in[tok.Start:tok.End] != tok.Text {
					t.Errorf("token %q has offsets [%d,%d) = %q", tok.Text, tok.Start, tok.End, tt.in[tok.Start:tok.End])
				}
				got = append(got, tok.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
