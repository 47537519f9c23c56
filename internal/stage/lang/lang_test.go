package lang

import (
	"context"
	"testing"

	"github.com/warta-dev/warta/internal/article"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name, record, title, text, want string
	}{
		{"indonesian", "", "Presiden bertemu menteri", "Presiden Joko Widodo menerima kunjungan Perdana Menteri Malaysia di Istana Merdeka pada hari Selasa untuk membahas kerja sama perbatasan.", "id"},
		{"english", "", "President meets minister", "President Joko Widodo received the Prime Minister of Malaysia at the Merdeka Palace on Tuesday to discuss border cooperation.", "en"},
		{"short indonesian", "", "", "Kabut asap makin tebal", "id"},
		{"record wins", "English", "", "Presiden bertemu menteri di Jakarta dan membahas kerja sama.", "en"},
		{"record code kept", "ms", "", "Perdana Menteri berkata", "ms"},
		{"empty", "", "", "", "id"},
		{"english quoting indonesian", "", "", "The minister said the talks in Jakarta were useful, and that both sides will meet again. \"Kami siap,\" he said.", "en"},
		{"indonesian quoting english", "", "", "Menteri mengatakan bahwa pembicaraan itu berguna dan kedua pihak akan bertemu lagi. \"We are ready,\" katanya.", "id"},
	}
	d, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := article.New()
			a.Doc.Language, a.Doc.Title, a.Doc.Text = tt.record, tt.title, tt.text
			if err := d.Run(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			if a.Doc.Language != tt.want {
				t.Errorf("language of %q = %q, want %q", tt.text, a.Doc.Language, tt.want)
			}
		})
	}
}
