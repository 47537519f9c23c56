package merge

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
)

func TestParseCues(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Cue
		wantErr bool
	}{
		{name: "kinds and comments", in: "# c\nplan\tAkan\n\npast\tbeberapa  waktu lalu\n",
			want: []Cue{{CuePlan, "akan"}, {CuePast, "beberapa waktu lalu"}}},
		{name: "unknown kind", in: "soon\tbesok\n", wantErr: true},
		{name: "no tab", in: "plan akan\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCues(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseCues (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDefaultDataLoads(t *testing.T) {
	if len(DefaultCues()) == 0 {
		t.Fatal("no cues")
	}
	names, err := DefaultKeyNames()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := contentWords(names["IRN"]), contentWords("Teheran"); !slices.Contains(got, want[0]) {
		t.Errorf("IRN names %v lack its capital", got)
	}
}

func TestPlanned(t *testing.T) {
	cues, err := compileCues(DefaultCues())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, sentence string
		want           bool
	}{
		{"future trip", "Pompeo akan melakukan perjalanan ke Abu Dhabi.", true},
		{"call for a meeting", "Saudi menyerukan pertemuan darurat OKI.", true},
		{"scheduled after the noun", "Pertemuan pendahuluan dijadwalkan berlangsung akhir bulan ini.", true},
		{"enclitic", "Kim menyampaikan kesediaannya untuk bertemu Trump.", true},
		{"however is no plan", "Akan tetapi saat Indonesia menjamu Thailand, stadion sepi.", false},
		{"meeting held", "Jokowi bertemu Song Tao di Istana Bogor.", false},
		{"plan word far from the meeting", "Saya akan teruskan soal itu kepada para menteri yang mengurus perkara ini usai bertemu.", false},
		{"english", "Trump will meet Rouhani next week.", true},
		{"a meeting after which a plan follows", "Usai bertemu Filipina, tim itu akan melawan Vietnam.", false},
		{"english meeting past", "After meeting Widodo, Albanese will fly to Bali.", false},
		{"trying to arrange a meeting", "Trump mencoba mengatur pertemuan dengan rekannya dari Iran.", true},
		{"english attempt", "Washington is trying to arrange a meeting with Tehran.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cues.planned(tokenize(tt.sentence)); got != tt.want {
				t.Errorf("planned(%q) = %v, want %v", tt.sentence, got, tt.want)
			}
		})
	}
}

func TestPlanWordingAndNames(t *testing.T) {
	sau := country("SAU", "SAUGOV", "Arab Saudi")
	zarif := country("IRN", "IRNGOV", "Javad Zarif")
	oic := article.Actor{Name: "OKI", Code: "IGOMEAOIC", Org: ptr("OIC")}
	tests := []groupCase{
		{
			// The extractor did not flag the call as a plan: the
			// merge step reads it and keeps it from the meeting.
			name: "a call for a meeting stays apart from the meeting",
			in: []Mention{
				said("d1", "a.id", "2019-09-11", "2019-09-11", sau, oic, "040", 0, "Saudi menyerukan pertemuan darurat OKI di Jeddah."),
				said("d2", "b.id", "2019-09-12", "2019-09-12", sau, oic, "040", 0, "Pertemuan darurat OKI digelar di Jeddah."),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			// One speaker condemns two things: the names and the
			// country's names do not make them alike.
			name: "names do not make two condemnations similar",
			in: []Mention{
				said("d1", "a.id", "2019-09-12", "2019-09-12", zarif, usa, "111", 0, "Menteri Luar Negeri Iran Javad Zarif di Teheran mengecam sanksi baru Washington terhadap bank sentral."),
				said("d2", "b.id", "2019-09-12", "2019-09-12", zarif, usa, "111", 0, "Menteri Luar Negeri Iran Javad Zarif di Teheran mengecam tuduhan Washington soal serangan kilang minyak."),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			name: "one condemnation retold merges",
			in: []Mention{
				said("d1", "a.id", "2019-09-12", "2019-09-12", irn, usa, "111", 0, "Zarif mengecam sanksi baru Washington terhadap bank sentral."),
				said("d2", "b.id", "2019-09-12", "2019-09-12", irn, usa, "111", 0, "Iran mengecam sanksi baru AS terhadap bank sentral."),
			},
			want: [][]string{{"d1", "d2"}},
		},
	}
	runGroupCases(t, tests)
}
