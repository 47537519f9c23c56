package event

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/stage/sentence"
)

// TestAnaphoricDate checks that a sentence opening with "saat itu" ("at
// the time") takes the explicit date of the sentence before it. The
// articles are published on 2024-11-28.
func TestAnaphoricDate(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	split, err := sentence.New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, lang, title, text string
		want                    []string // dates of the last sentence's events
	}{
		{
			name: "saat itu takes the previous sentence's date",
			lang: "id",
			text: "Putin tiba di Astana pada 12 November 2024. Saat itu, Rusia menandatangani perjanjian kerja sama energi dengan Kazakhstan.",
			want: []string{"2024-11-12"},
		},
		{
			name: "ketika itu after a quote mark",
			lang: "id",
			text: "Putin tiba di Astana pada 12 November. \"Ketika itu, Rusia mengecam Ukraina.\"",
			want: []string{"2024-11-12"},
		},
		{
			name: "without the phrase the publication date",
			lang: "id",
			text: "Putin tiba di Astana pada 12 November 2024. Rusia menandatangani perjanjian kerja sama energi dengan Kazakhstan.",
			want: []string{"2024-11-28"},
		},
		{
			name: "a weekday is no explicit date to take",
			lang: "id",
			text: "Putin tiba di Astana pada Senin. Saat itu, Rusia mengecam Ukraina.",
			want: []string{"2024-11-28"},
		},
		{
			name: "an explicit date of its own wins",
			lang: "id",
			text: "Putin tiba di Astana pada 12 November 2024. Saat itu, Rusia mengecam Ukraina pada 14 November 2024.",
			want: []string{"2024-11-14"},
		},
		{
			name: "only the sentence right before",
			lang: "id",
			text: "Putin tiba di Astana pada 12 November 2024. Presiden tiba pagi ini. Saat itu, Rusia mengecam Ukraina.",
			want: []string{"2024-11-28"},
		},
		{
			name: "a chain of anaphoric sentences keeps the date",
			lang: "id",
			text: "Putin tiba di Astana pada 12 November 2024. Saat itu, Rusia mengecam Ukraina. Ketika itu, Rusia mengkritik Barat.",
			want: []string{"2024-11-12"},
		},
		{
			name:  "the headline is no antecedent",
			lang:  "id",
			title: "Putin Tiba di Astana 12 November",
			text:  "Saat itu, Rusia mengecam Ukraina.",
			want:  []string{"2024-11-28"},
		},
		{
			name: "english at the time",
			lang: "en",
			text: "Putin visited Astana on 12 November 2024. At the time, Russia criticised the West.",
			want: []string{"2024-11-12"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := buildArticle(t, split, tc.lang, tc.title, tc.text)
			if err := s.Run(t.Context(), a); err != nil {
				t.Fatal(err)
			}
			sn := a.Sentences[len(a.Sentences)-1]
			last := a.Doc.Text[sn.Start:sn.End]
			var got []string
			for _, ev := range a.Events {
				if ev.Sentence == last && !slices.Contains(got, ev.Date) {
					got = append(got, ev.Date)
				}
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("dates (-want +got):\n%s", diff)
			}
		})
	}
}
