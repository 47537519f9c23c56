package merge

import (
	"math"
	"slices"
	"strings"
)

// contentWords returns the sorted, distinct content words of a sentence:
// its words without stop words, bare numbers and single letters. Names are
// words like any other, so they count: two reports of one event share its
// place, people and objects as well as its actors.
func contentWords(sentence string) []string {
	if sentence == "" {
		return nil
	}
	var out []string
	for _, w := range tokenize(sentence) {
		w = strings.Trim(w, "'")
		if len(w) < 2 || stopWords[w] || roleWords[w] || dateWords[w] || isNumber(w) {
			continue
		}
		out = append(out, strings.Clone(stem(w)))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// stem reduces an Indonesian word to a crude key for its root, so that
// reports in other voices match: "menyerang", "serangan", "penyerangan"
// and "diserang" all give "erang"; "menuding" and "tudingan" give
// "uding". It strips the enclitic "-nya", the suffixes "-kan" and "-an",
// a prefix (me-, pe- with their nasal forms, di-, ber-, ter-), and then a
// leading t, p, s or k before a vowel, which a nasal prefix replaces. The
// key need not be a word: it only has to be the same for the forms of one
// root, and rarely for two roots. English words and names pass through
// the same steps, consistently.
func stem(w string) string {
	const minRest = 4
	for _, suf := range []string{"nya", "kan", "an"} {
		if len(w)-len(suf) >= minRest && strings.HasSuffix(w, suf) {
			w = w[:len(w)-len(suf)]
		}
	}
	for _, pre := range prefixes {
		if len(w)-len(pre) >= minRest && strings.HasPrefix(w, pre) {
			w = w[len(pre):]
			break
		}
	}
	if len(w) > minRest && strings.IndexByte("tpsk", w[0]) >= 0 && strings.IndexByte("aeiou", w[1]) >= 0 {
		w = w[1:]
	}
	return w
}

var prefixes = []string{"meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "per", "pe", "di", "ber", "ter"}

func isNumber(w string) bool {
	for i := range len(w) {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// jaccard returns the Jaccard similarity of two sorted word sets, or -1
// when either is empty: a mention without a sentence has no evidence
// either way.
func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return -1
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i], b[j]); {
		case c == 0:
			common++
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}

// similarity is the highest Jaccard similarity of e's words to those of
// a cluster's members, -1 when no pair of them can be compared. The
// actors' names are left out (entry.topic), as every report of the pair
// has them: "Zarif mengecam sanksi baru" and "Zarif mengecam tuduhan AS"
// share only the verb. A sentence of nothing but the names keeps them.
func similarity(e *entry, members []*entry) float64 {
	best := -1.0
	for _, o := range members {
		best = max(best, jaccard(e.simWords(), o.simWords()))
	}
	return best
}

// simWords are the words that similarity compares: the topic words, or
// all content words when the sentence has only the actors' names.
func (e *entry) simWords() []string {
	if len(e.topic) > 0 {
		return e.topic
	}
	return e.words
}

// stopWords are Indonesian and English function words and the reporting
// verbs and newsroom words every report of a statement has.
var stopWords = setOf(`
yang dan di ke dari itu ini dengan untuk pada dalam tidak akan juga oleh sebagai adalah
atau karena bahwa telah sudah kata katanya mengatakan menyatakan ujar ujarnya ungkap
ungkapnya menurut para bagi saat setelah ia dia mereka kami kita kamu anda saya nya
tersebut lebih bisa dapat ada hanya serta namun tetapi tapi antara hingga sejak lalu
masih agar seperti secara sebuah seorang satu dua tiga baru tak belum pun jika kalau
kepada terhadap atas tentang usai pihak berita dikutip mengutip melansir dilansir
laporan melaporkan dilaporkan sebut menyebut disebut jelas menjelaskan tegas menegaskan
ucap tutur tuturnya papar katakan dikatakan sementara itu pula begitu yaitu yakni
sebelumnya sempat pernah kemudian sendiri lain bahkan hal apa siapa mana bagaimana
kini kali sangat semua seluruh setiap tiap banyak beberapa sejumlah selama sekitar
harus perlu ingin mau masa waktu hari pekan bulan tahun pukul wib jam
the of to in on and for with that is was were be been being has have had said says
say told it its by as at from this these those he she they them his her their we our
will would could should not no an or but also after before about over into than
then there which who whom what when where while an are its
`)

// roleWords are titles and offices: every report of a pair names them
// ("Menteri Luar Negeri Iran", "juru bicara"), so they say nothing about
// which of the pair's events a sentence reports. Names stay.
var roleWords = setOf(`
menteri luar negeri dalam juru bicara presiden perdana wakil kepala pemerintah kementerian
jenderal duta besar pejabat
minister foreign president prime spokesman spokeswoman secretary state government official officials
`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// modalOf normalises an event's modality (article.Event.Modality): a plan
// ("Duta Besar Malaysia dijadwalkan bertemu ...") or a denial is kept
// apart from what happened, so that a planned visit and the visit are two
// events. An asserted or unknown modality is "".
func modalOf(m string) string {
	switch m = strings.ToLower(strings.TrimSpace(m)); m {
	case "planned", "negated":
		return m
	}
	return ""
}

// without returns the words of sorted set a that are not in sorted set b.
func without(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	var out []string
	for _, w := range a {
		if _, found := slices.BinarySearch(b, w); !found {
			out = append(out, w)
		}
	}
	return out
}

// profile is an event's topic: for each word of its mentions' topic words
// (content words without the actors' names, which every report of the
// pair has), the share of its mentions that have it.
type profile struct {
	weight map[string]float64
	norm   float64
}

func profileOf(members []*entry) profile {
	p := profile{weight: map[string]float64{}}
	n := 0
	for _, e := range members {
		if len(e.topic) == 0 {
			continue
		}
		n++
		for _, w := range e.topic {
			p.weight[w]++
		}
	}
	for w, k := range p.weight {
		p.weight[w] = k / float64(n)
		p.norm += p.weight[w] * p.weight[w]
	}
	p.norm = math.Sqrt(p.norm)
	return p
}

// topicSimilarity is the cosine similarity of two events' topic profiles:
// 1 for events whose mentions share all their words, 0 for events with no
// word in common or no words at all. Words most of an event's mentions
// have weigh the most, so that the words every report of an event repeats
// ("menuding Iran di balik serangan kilang minyak") decide, not a single
// mention's asides.
func topicSimilarity(a, b profile) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	if len(a.weight) > len(b.weight) {
		a, b = b, a
	}
	dot := 0.0
	for w, x := range a.weight {
		dot += x * b.weight[w]
	}
	return dot / (a.norm * b.norm)
}
