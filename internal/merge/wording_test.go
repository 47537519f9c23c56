package merge

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSameWords(t *testing.T) {
	cues, err := compileCues([]Cue{
		{CueSame, "menuduh menuding menyalahkan"},
		{CueSame, "menuduh tuduhan"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, a, b string
	}{
		{"verbs without a common stem", "AS menuding Iran", "AS menyalahkan Iran"},
		{"noun of an extended class", "tuduhan AS", "AS menuduh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := cues.canon(contentWords(tt.a)), cues.canon(contentWords(tt.b))
			if diff := cmp.Diff(a, b); diff != "" {
				t.Errorf("canon words differ (-%q +%q):\n%s", tt.a, tt.b, diff)
			}
		})
	}
	if _, err := compileCues([]Cue{{CueSame, "menuduh menuding"}, {CueSame, "mengecam menuding"}}); err == nil {
		t.Error("a word in two classes: no error")
	}
	if _, err := compileCues([]Cue{{CueSame, "menuduh"}}); err == nil {
		t.Error("a class of one word: no error")
	}
}

func TestTimingAgo(t *testing.T) {
	cues, err := compileCues(DefaultCues())
	if err != nil {
		t.Fatal(err)
	}
	const pub = "2019-09-15"
	tests := []struct {
		name, sentence, date string
		want                 timing
	}{
		{"a few days ago, dated by publication", "Netanyahu beberapa hari lalu mengunjungi Putin di Rusia.", pub, ago},
		{"last week, resolved by the coder", "Trump pekan lalu mengakhiri pembicaraan itu.", "2019-09-08", ago},
		{"N days ago", "Kapal itu disita tiga hari lalu.", pub, ago},
		{"a date wins", "Houthi menyerang kilang pada Sabtu pekan lalu.", "2019-09-14", dated},
		{"months ago is of an unknown day", "Kedua pemimpin bertemu beberapa bulan lalu.", pub, elsewhen},
		{"a coder's other date without a cue", "Houthi menyerang kilang minyak.", "2019-09-14", dated},
		{"english", "Netanyahu met Putin a few days ago.", pub, ago},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := timingOf(tt.sentence, tt.date, pub, cues); got != tt.want {
				t.Errorf("timingOf(%q, %s) = %d, want %d", tt.sentence, tt.date, got, tt.want)
			}
		})
	}
}

func TestMergeWordingPlansAndRetellings(t *testing.T) {
	usa := country("USA", "USAGOV", "Amerika Serikat")
	irn := country("IRN", "IRNGOV", "Iran")
	chn := country("CHN", "CHNGOV", "China")
	isr := country("ISR", "ISRGOV", "Israel")
	rus := country("RUS", "RUSGOV", "Rusia")
	sau := country("SAU", "SAUGOV", "Arab Saudi")
	yem := country("YEM", "YEMREB", "Yaman")
	noSame := DefaultConfig()
	noSame.Cues = slices.DeleteFunc(noSame.Cues, func(c Cue) bool { return c.Kind == CueSame })
	noPlan := DefaultConfig()
	noPlan.PlanTopic = 0
	plan := func(m Mention) Mention {
		m.Event.Modality = "planned"
		return m
	}
	trigger := func(w string, m Mention) Mention {
		m.Event.Trigger = w
		return m
	}
	tests := []groupCase{
		{
			name: "one accusation in other verbs merges",
			in: []Mention{
				said("d1", "a.id", "2019-09-16", "2019-09-16", usa, irn, "112", 0, "AS menuding Iran di balik serangan kilang."),
				said("d2", "b.id", "2019-09-17", "2019-09-17", usa, irn, "112", 0, "AS menyalahkan Iran."),
			},
			want: [][]string{{"d1", "d2"}},
		},
		{
			name: "without the word classes they stay apart",
			cfg:  &noSame,
			in: []Mention{
				said("d1", "a.id", "2019-09-16", "2019-09-16", usa, irn, "112", 0, "AS menuding Iran di balik serangan kilang."),
				said("d2", "b.id", "2019-09-17", "2019-09-17", usa, irn, "112", 0, "AS menyalahkan Iran."),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			name: "an upcoming meeting awaited over days is one plan",
			in: []Mention{
				plan(said("d1", "a.id", "2019-09-10", "2019-09-10", usa, chn, "040", 0, "Investor menanti perundingan dagang AS dan China bulan depan.")),
				plan(said("d2", "b.id", "2019-09-16", "2019-09-16", usa, chn, "040", 0, "AS dan China bakal menggelar negosiasi dagang pada Oktober.")),
				said("d3", "c.id", "2019-09-16", "2019-09-16", usa, chn, "040", 0, "Pejabat AS dan China bertemu membahas dagang di Washington."),
			},
			want: [][]string{{"d1", "d2"}, {"d3"}},
		},
		{
			name: "without the plan rule plans of other days stay apart",
			cfg:  &noPlan,
			in: []Mention{
				plan(said("d1", "a.id", "2019-09-10", "2019-09-10", usa, chn, "040", 0, "Investor menanti perundingan dagang AS dan China bulan depan.")),
				plan(said("d2", "b.id", "2019-09-16", "2019-09-16", usa, chn, "040", 0, "AS dan China bakal menggelar negosiasi dagang pada Oktober.")),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			name: "references to talks under way merge on topic over days as plans do",
			in: []Mention{
				trigger("pembicaraan", said("d1", "a.id", "2019-09-10", "2019-09-10", usa, chn, "040", 0, "Bursa Asia menguat berkat pembicaraan dagang AS dan China.")),
				trigger("pembicaraan", said("d2", "b.id", "2019-09-16", "2019-09-16", usa, chn, "040", 0, "Investor menyambut kemajuan pembicaraan dagang antara kedua negara.")),
			},
			want: [][]string{{"d1", "d2"}},
		},
		{
			name: "meetings held do not merge on topic over days",
			in: []Mention{
				trigger("pertemuan", said("d1", "a.id", "2019-09-10", "2019-09-10", usa, chn, "040", 0, "Bursa Asia menguat berkat pertemuan dagang AS dan China.")),
				trigger("pertemuan", said("d2", "b.id", "2019-09-16", "2019-09-16", usa, chn, "040", 0, "Investor menyambut kemajuan pertemuan dagang antara kedua negara.")),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			name: "condolences in other words merge",
			in: []Mention{
				said("d1", "a.id", "2019-09-12", "2019-09-12", vnm, idn, "018", 0, "Presiden Vietnam menyampaikan belasungkawa atas wafatnya mantan menteri itu."),
				said("d2", "b.id", "2019-09-12", "2019-09-12", vnm, idn, "018", 0, "Vietnam turut berduka atas meninggalnya mantan menteri Indonesia."),
			},
			want: [][]string{{"d1", "d2"}},
		},
		{
			name: "without the word classes condolences stay apart",
			cfg:  &noSame,
			in: []Mention{
				said("d1", "a.id", "2019-09-12", "2019-09-12", vnm, idn, "018", 0, "Presiden Vietnam menyampaikan belasungkawa atas wafatnya mantan menteri itu."),
				said("d2", "b.id", "2019-09-12", "2019-09-12", vnm, idn, "018", 0, "Vietnam turut berduka atas meninggalnya mantan menteri Indonesia."),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			name: "an attack named after 'setelah' in a later day's sentence joins the attack",
			in: []Mention{
				trigger("menyerang", said("d1", "a.id", "2019-09-14", "2019-09-14", yem, sau, "195", 0, "Milisi itu menyerang kilang minyak Saudi dengan drone.")),
				trigger("serangan drone", said("d2", "b.id", "2019-09-16", "2019-09-16", yem, sau, "195", 0, "Harga minyak melonjak pada Senin (16/9), setelah serangan drone ke kilang minyak Saudi.")),
			},
			want: [][]string{{"d1", "d2"}},
		},
		{
			name: "without the after word a later day's attack stays apart",
			in: []Mention{
				trigger("menyerang", said("d1", "a.id", "2019-09-14", "2019-09-14", yem, sau, "195", 0, "Milisi itu menyerang kilang minyak Saudi dengan drone.")),
				trigger("serangan drone", said("d2", "b.id", "2019-09-16", "2019-09-16", yem, sau, "195", 0, "Harga minyak melonjak pada Senin (16/9), dan serangan drone ke kilang minyak Saudi berulang.")),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			name: "a visit told a few days later joins the visit",
			in: []Mention{
				said("d1", "a.id", "2019-09-12", "2019-09-12", isr, rus, "040", 0, "Netanyahu bertemu Putin di Sochi membahas Suriah."),
				said("d2", "b.id", "2019-09-15", "2019-09-15", isr, rus, "042", 0, "Faktanya, Netanyahu beberapa hari lalu memang mengunjungi Putin."),
			},
			want: [][]string{{"d1", "d2"}},
		},
		{
			name: "a statement told a week later needs its words",
			in: []Mention{
				said("d1", "a.id", "2019-09-10", "2019-09-10", usa, irn, "112", 0, "AS menuding Iran memasok senjata ke Irak."),
				said("d2", "b.id", "2019-09-16", "2019-09-16", usa, irn, "112", 0, "Pekan lalu AS menuding Iran di balik serangan kilang minyak Aramco."),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
	}
	runGroupCases(t, tests)
}
