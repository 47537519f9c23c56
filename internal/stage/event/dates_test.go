package event

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestSentenceDate checks how an event takes a date from its sentence and
// the one before: a sentence opening with "saat itu" ("at the time") takes
// the explicit date of the sentence before it; a date in a clause of an
// earlier event ("setelah ...") gives way to another; "Minggu" is Sunday
// only where it is no week. The articles are published on Thursday
// 2024-11-28.
func TestSentenceDate(t *testing.T) {
	s, split := newStages(t)
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
			name: "a weekday before a clause of an earlier event wins over its date",
			lang: "id",
			text: "Rusia mengecam Ukraina pada Senin, dua hari setelah Kyiv menyerang kilang di Belgorod pada Sabtu (23/11/2024).",
			want: []string{"2024-11-25"},
		},
		{
			name: "the earlier event's own date",
			lang: "id",
			text: "Dua hari setelah Ukraina menyerang Rusia pada Sabtu (23/11/2024), Moskow memanggil duta besarnya.",
			want: []string{"2024-11-23"},
		},
		{
			name: "capitalised Minggu is Sunday",
			lang: "id",
			text: "Pada Minggu, Rusia mengecam Ukraina.",
			want: []string{"2024-11-24"},
		},
		{
			name: "Minggu lalu is last week",
			lang: "id",
			text: "Minggu lalu, Rusia mengecam Ukraina.",
			want: []string{"2024-11-21"},
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

func TestResolveYMD(t *testing.T) {
	pub := time.Date(2019, 9, 16, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		y, mon, d  int
		planned    bool
		want       string
		wantExists bool
	}{
		{"earlier this year", 0, 9, 10, false, "2019-09-10", true},
		{"a few days ahead", 0, 9, 20, false, "2019-09-20", true},
		{"a deadline six weeks ahead told as fact", 0, 10, 31, false, "2019-10-31", true},
		{"months ahead and not a plan: the year before", 0, 12, 20, false, "2018-12-20", true},
		{"months ahead and a plan", 0, 12, 20, true, "2019-12-20", true},
		{"an explicit year wins", 2017, 12, 20, false, "2017-12-20", true},
		{"no such day", 0, 2, 30, false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := resolveYMD(tt.y, tt.mon, tt.d, pub, tt.planned)
			if ok != tt.wantExists {
				t.Fatalf("resolveYMD ok = %v, want %v", ok, tt.wantExists)
			}
			if ok && got.Format(time.DateOnly) != tt.want {
				t.Errorf("resolveYMD = %s, want %s", got.Format(time.DateOnly), tt.want)
			}
		})
	}
}
