package ingest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/warta-dev/warta/internal/article"
)

// countSink counts articles without keeping them.
type countSink struct {
	n, empty, withTitle, withPublished int
	fails                              []string
}

func (s *countSink) Article(_ context.Context, raw *article.Raw) error {
	s.n++
	if strings.TrimSpace(raw.Content) == "" {
		s.empty++
	}
	if raw.Title != "" {
		s.withTitle++
	}
	if raw.Published != "" {
		s.withPublished++
	}
	return nil
}

func (s *countSink) Fail(where string, err error) { s.fails = append(s.fails, where+": "+err.Error()) }

// TestRealCorpus reads the shared corpora when they are present (read-only).
func TestRealCorpus(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		want  int // records
		empty int // of them with an empty text field in the source
	}{
		// 141 CLICK-ID records have "content": "" upstream; each is one
		// failure, so every line is accounted for.
		{"clickid jsonl", "/work/shared/corpus/id_news_clickid/articles.jsonl", 17322, 141},
		{"detik csv", "/work/shared/corpus/id_news_detik_1000/data_berita.csv", 1000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); err != nil {
				t.Skipf("corpus not present: %v", err)
			}
			s := &countSink{}
			start := time.Now()
			if err := New(DefaultOptions()).Walk(context.Background(), []string{tt.path}, s); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d articles in %v", tt.path, s.n, time.Since(start))
			if s.n != tt.want-tt.empty || s.empty != 0 || len(s.fails) != tt.empty {
				t.Errorf("Walk(%s) = %d articles (%d empty), %d failures; want %d and %d",
					tt.path, s.n, s.empty, len(s.fails), tt.want-tt.empty, tt.empty)
			}
			for _, f := range s.fails {
				if !strings.HasSuffix(f, `: no text: record field "content" is empty`) {
					t.Errorf("failure %q, want only empty content", f)
				}
			}
			if s.withTitle != s.n || s.withPublished != s.n {
				t.Errorf("titles %d, dates %d of %d articles; want all", s.withTitle, s.withPublished, s.n)
			}
		})
	}
}
