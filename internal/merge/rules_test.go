package merge

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	chn = country("CHN", "CHNGOV", "China")
	mys = country("MYS", "MYSGOV", "Malaysia")
	prk = country("PRK", "PRKGOV", "Korea Utara")
)

// planned marks a fixture mention as a plan, as the extractor does.
func planned(m Mention) Mention {
	m.Event.Modality = "planned"
	return m
}

// groups returns the docs of each event, in the events' order.
func groups(evs []Event) [][]string {
	out := make([][]string, len(evs))
	for i, ev := range evs {
		for _, m := range ev.Mentions {
			out[i] = append(out[i], m.Doc)
		}
		slices.Sort(out[i])
	}
	return out
}

func TestMergeTopicsAndModality(t *testing.T) {
	off := DefaultConfig()
	off.Topic = 0
	// Without the word classes either: they alone make these alike.
	off.Cues = slices.DeleteFunc(off.Cues, func(c Cue) bool { return c.Kind == CueSame })
	tests := []groupCase{
		{
			// One accusation told in other words three days apart is
			// one event; a different accusation of the pair is not.
			name: "paraphrased reports of one statement merge on topic",
			in: []Mention{
				said("d1", "a.id", "2019-09-15", "2019-09-15", usa, irn, "112", 0, "Pompeo menuding Iran di balik serangan drone ke fasilitas kilang minyak Aramco."),
				said("d2", "b.id", "2019-09-18", "2019-09-18", usa, irn, "112", 0, "Washington tetap menyalahkan Teheran atas serangan terhadap fasilitas minyak Aramco dan menyiapkan respons militer."),
				said("d3", "c.id", "2019-09-18", "2019-09-18", usa, irn, "112", 0, "AS menuduh Iran memasok senjata kepada milisi di Irak."),
			},
			want: [][]string{{"d1", "d2"}, {"d3"}},
		},
		{
			name: "without the topic rule they stay apart",
			cfg:  &off,
			in: []Mention{
				said("d1", "a.id", "2019-09-15", "2019-09-15", usa, irn, "112", 0, "Pompeo menuding Iran di balik serangan drone ke fasilitas kilang minyak Aramco."),
				said("d2", "b.id", "2019-09-18", "2019-09-18", usa, irn, "112", 0, "Washington tetap menyalahkan Teheran atas serangan terhadap fasilitas minyak Aramco dan menyiapkan respons militer."),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			// The scheduled meeting and the meeting held are two events,
			// though their words and dates would merge them.
			name: "a planned meeting stays apart from the meeting",
			in: []Mention{
				planned(said("d1", "a.id", "2019-09-10", "2019-09-10", mys, idn, "040", 0, "Duta Besar Malaysia dijadwalkan bertemu pejabat Indonesia membahas kabut asap.")),
				said("d2", "b.id", "2019-09-11", "2019-09-11", mys, idn, "040", 0, "Duta Besar Malaysia telah bertemu pejabat senior Indonesia membahas kabut asap."),
				said("d3", "c.id", "2019-09-11", "2019-09-11", mys, idn, "040", 0, "Duta Besar Malaysia bertemu pejabat Indonesia soal kabut asap."),
			},
			want: [][]string{{"d1"}, {"d2", "d3"}},
		},
		{
			// The trade war is one state reported for two weeks; an
			// older sanction in the background is not part of it.
			name: "a background sanction of another topic stays apart from the trade war",
			in: []Mention{
				said("d1", "a.id", "2019-09-10", "2019-09-10", usa, chn, "163", 0, "Perang dagang AS-China menekan rupiah."),
				said("d2", "b.id", "2019-09-11", "2019-09-11", usa, chn, "163", 0, "Perang dagang AS dan China belum akan berakhir."),
				said("d3", "c.id", "2019-09-14", "2019-09-14", usa, chn, "163", 0, "Washington dulu pernah pula menjatuhkan sanksi atas satuan militer Cina."),
				said("d4", "a.id", "2019-09-20", "2019-09-20", usa, chn, "163", 0, "Dampak perang perdagangan AS-China terasa di pasar saham."),
				said("d5", "b.id", "2019-09-16", "2019-09-16", usa, chn, "163", 0, "Investor telah lama khawatir soal perang dagang AS-China."),
			},
			want: [][]string{{"d1", "d2", "d4", "d5"}, {"d3"}},
		},
		{
			// The same background sentence of an unknown earlier day in
			// three articles is one undated event.
			name: "repeated undated background sentences are one event",
			in: []Mention{
				said("d1", "a.id", "2019-09-16", "2019-09-16", usa, prk, "040", 0, "Sejak Juni tahun lalu Trump dan Kim sudah tiga kali berjumpa."),
				said("d2", "b.id", "2019-09-17", "2019-09-17", usa, prk, "040", 0, "Sejak Juni tahun lalu Trump dan Kim sudah tiga kali berjumpa membicarakan nuklir."),
				said("d3", "c.id", "2019-09-17", "2019-09-17", usa, prk, "040", 0, "Perundingan Trump dan Kim buntu di Hanoi pada Februari."),
			},
			want: [][]string{{"d1", "d2"}, {"d3"}},
		},
		{
			// "030" is "express intent to cooperate, not otherwise
			// specified": one coder's 030 is another's 036. A different
			// specific code (031) stays apart from the 036 event.
			name: "a root's unspecified code merges with its specific codes",
			in: []Mention{
				said("d1", "a.id", "2019-09-16", "2019-09-16", prk, usa, "036", 0, "Kim bersedia bertemu Trump untuk pertemuan puncak berikutnya."),
				said("d2", "b.id", "2019-09-16", "2019-09-16", prk, usa, "030", 0, "Kim bersedia bertemu Trump untuk pertemuan puncak berikutnya, kata sumber."),
				said("d3", "c.id", "2019-09-17", "2019-09-17", prk, usa, "031", 0, "Kim bersedia bekerja sama dengan Trump untuk pertemuan puncak berikutnya."),
				said("d4", "a.id", "2019-09-17", "2019-09-17", prk, usa, "036", 0, "Kim bersedia bekerja sama dengan Trump untuk pertemuan puncak berikutnya."),
			},
			want: [][]string{{"d1", "d2", "d4"}, {"d3"}},
		},
	}
	runGroupCases(t, tests)
}

// groupCase is a row of the merge-rule tables: mentions in, and out the
// documents of each canonical event.
type groupCase struct {
	name string
	cfg  *Config // nil: DefaultConfig
	in   []Mention
	want [][]string // each event's documents, sorted; events by first document
}

// runGroupCases merges each case's mentions and compares the documents
// of the events.
func runGroupCases(t *testing.T, tests []groupCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			if tt.cfg != nil {
				cfg = *tt.cfg
			}
			got, err := Merge(cfg, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			g := groups(got)
			slices.SortFunc(g, slices.Compare)
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("Merge events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompatible(t *testing.T) {
	r, err := DefaultConfig().compile()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		family, a, b string
		want         bool
	}{
		{"03", "030", "036", true},
		{"03", "0361", "036", true},
		{"03", "031", "036", false},
		{"04", "041", "046", true},
		{"04", "045", "046", false},
		{"11", "111", "112", false},
		{"11", "11", "112", true},
		{"18", "190", "1823", true},
	} {
		if got := r.compatible(tt.family, tt.a, tt.b); got != tt.want {
			t.Errorf("compatible(%s, %s, %s) = %v, want %v", tt.family, tt.a, tt.b, got, tt.want)
		}
	}
}

func TestTopicSimilarity(t *testing.T) {
	e := func(s string) *entry {
		return &entry{topic: without(contentWords(s), contentWords("Iran Amerika Serikat"))}
	}
	same := topicSimilarity(profileOf([]*entry{e("Pompeo menuding Iran di balik serangan kilang minyak Aramco.")}),
		profileOf([]*entry{e("AS menyalahkan Iran atas serangan kilang minyak Aramco."), e("Serangan ke kilang Aramco dituduhkan pada Iran.")}))
	other := topicSimilarity(profileOf([]*entry{e("Pompeo menuding Iran di balik serangan kilang minyak Aramco.")}),
		profileOf([]*entry{e("AS menuding Iran memasok senjata kepada milisi di Irak.")}))
	if same < 0.35 || other >= 0.35 {
		t.Errorf("topic similarity: same event %.2f, other event %.2f; want >= 0.35 and < 0.35", same, other)
	}
	if got := topicSimilarity(profileOf(nil), profileOf([]*entry{e("Iran")})); got != 0 {
		t.Errorf("topic similarity without words = %v, want 0", got)
	}
	if stem("perdagangan") != stem("dagang") {
		t.Errorf("stem(perdagangan) = %q, stem(dagang) = %q: want equal", stem("perdagangan"), stem("dagang"))
	}
}

func TestModalOf(t *testing.T) {
	for in, want := range map[string]string{"": "", "asserted": "", "Planned": "planned", "negated": "negated", "x": ""} {
		if got := modalOf(in); got != want {
			t.Errorf("modalOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMergeUndatedNamedTime(t *testing.T) {
	off := DefaultConfig()
	off.UndatedTime = 0
	tests := []groupCase{
		{
			// One past meeting retold in other words, both naming its
			// month: one undated event.
			name: "undated retellings naming one month merge",
			in: []Mention{
				said("d1", "a.id", "2019-09-16", "2019-09-16", usa, prk, "040", 0, "Trump dan Kim sudah tiga kali berjumpa sejak pertemuan pertama mereka pada Juni 2018 di Singapura."),
				said("d2", "b.id", "2019-09-17", "2019-09-17", usa, prk, "040", 0, "Sejak Juni tahun lalu, Trump dan Kim sudah tiga kali berjumpa untuk membicarakan program nuklir dan rudal Pyongyang, namun hasilnya masih tipis."),
			},
			want: [][]string{{"d1", "d2"}},
		},
		{
			name: "without the rule they stay apart",
			cfg:  &off,
			in: []Mention{
				said("d1", "a.id", "2019-09-16", "2019-09-16", usa, prk, "040", 0, "Trump dan Kim sudah tiga kali berjumpa sejak pertemuan pertama mereka pada Juni 2018 di Singapura."),
				said("d2", "b.id", "2019-09-17", "2019-09-17", usa, prk, "040", 0, "Sejak Juni tahun lalu, Trump dan Kim sudah tiga kali berjumpa untuk membicarakan program nuklir dan rudal Pyongyang, namun hasilnya masih tipis."),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			// Two past events of the pair that share a month and a
			// meeting word: another topic, two events.
			name: "one month, other topics: apart",
			in: []Mention{
				said("d1", "a.id", "2019-09-16", "2019-09-16", usa, prk, "040", 0, "Kala itu kedua pemimpin setuju menghidupkan lagi perundingan pelucutan nuklir yang macet sejak KTT Februari di Vietnam."),
				said("d2", "b.id", "2019-09-20", "2019-09-20", usa, prk, "040", 0, "Pendekatan Washington terhadap Pyongyang nyaris gagal pada Februari ketika Trump menuntut semua hulu ledak diserahkan dalam KTT kedua di Hanoi."),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
		{
			// Alike in topic, but of other years: apart.
			name: "no shared time: apart",
			in: []Mention{
				said("d1", "a.id", "2019-09-16", "2019-09-16", usa, prk, "040", 0, "Trump dan Kim sudah tiga kali berjumpa sejak pertemuan 2018 di Singapura."),
				said("d2", "b.id", "2019-09-17", "2019-09-17", usa, prk, "040", 0, "Trump dan Kim berjumpa pada 2017 untuk mencari jalan keluar dari krisis rudal dan senjata nuklir di Singapura, tetapi kemajuan nyata belum terlihat."),
			},
			want: [][]string{{"d1"}, {"d2"}},
		},
	}
	runGroupCases(t, tests)
}

func TestNamedTimes(t *testing.T) {
	cues, err := compileCues(DefaultCues())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		sentence string
		want     []string
	}{
		{"year and month", "Koalisi menyerang Houthi sejak Maret 2015.", []string{"m03", "y2015"}},
		{"month only", "Pada bulan Juni, Iran menembak jatuh drone AS.", []string{"m06"}},
		{"year in a relative clause", "Israel mencaplok Tepi Barat yang diduduki pada 1967.", nil},
		{"month in a relative clause", "Pembicaraan yang terhenti sejak Februari dimulai lagi.", []string{"m02"}},
		{"none", "Trump dan Kim telah bertemu tiga kali.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, namedTimes(tt.sentence, cues)); diff != "" {
				t.Errorf("namedTimes(%q) (-want +got):\n%s", tt.sentence, diff)
			}
		})
	}
}
