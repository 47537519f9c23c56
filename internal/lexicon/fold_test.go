package lexicon

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jakarta", "jakarta"},
		{"Türk", "turk"},
		{"Café Señor", "cafe senor"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Vladimir Putin", "vladimir-putin"},
		{"  Joko  Widodo ", "joko-widodo"},
		{"Ma'ruf Amin", "ma-ruf-amin"},
		{"Recep Tayyip Erdoğan", "recep-tayyip-erdogan"},
		{"G20", "g20"},
		{"--", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
