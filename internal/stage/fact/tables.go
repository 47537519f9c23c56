package fact

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/warta-dev/warta/internal/lexicon"
)

// wordKind is how a number word combines with its neighbours (numerals.tsv).
type wordKind uint8

const (
	kindNum    wordKind = iota + 1 // dua, twenty: a value
	kindWeak                       // satu, one: a value, but no fact alone
	kindTeen                       // belas: adds 10 to the digit before
	kindScale                      // puluh, ratus, hundred: multiplies the digit before
	kindMult                       // ribu, juta, million: multiplies all before
	kindSeMult                     // seribu, sejuta: one times a multiplier
	kindCMult                      // M, T, bn, m: a multiplier only after money, case-exact
	kindFrac                       // setengah, sepertiga: a fraction
	kindDen                        // pertiga, thirds: a denominator after a digit word
)

// numWord is one row of numerals.tsv.
type numWord struct {
	kind  wordKind
	value float64
}

// unit classes, for measure cues that only fit some units.
const (
	classCount = 1 << iota
	classMoney
	classPercent
	classYear
	classLength
	classArea
	classMass
	classPower
	classVolume
)

var classNames = map[string]int{
	"count": classCount, "money": classMoney, "percent": classPercent, "year": classYear,
	"length": classLength, "area": classArea, "mass": classMass, "power": classPower,
	"volume": classVolume, "*": ^0,
}

// unitClass returns the class of a unit ("" is a plain count).
func unitClass(u string) int {
	switch u {
	case "":
		return classCount
	case "%":
		return classPercent
	case "year":
		return classYear
	case "km", "m", "mi":
		return classLength
	case "km2", "ha":
		return classArea
	case "t", "kg":
		return classMass
	case "MW", "GW", "kW":
		return classPower
	case "m3", "bbl":
		return classVolume
	}
	if len(u) == 3 && strings.ToUpper(u) == u {
		return classMoney // an ISO 4217 code
	}
	return classCount
}

// defaultMeasure is the measure of a figure whose sentence has no cue.
var defaultMeasure = map[int]string{
	classMoney: "value", classPercent: "share", classYear: "duration", classLength: "distance",
	classArea: "area", classMass: "weight", classPower: "capacity", classVolume: "volume",
}

// measureCue is one row of measures.tsv.
type measureCue struct {
	measure string
	classes int
	weak    bool // a generic cue, used only when no other cue fits
}

// periodCue is one row of periods.tsv.
type periodCue struct {
	kind  string // year, month, H1, H2, Q1..Q4, since, none
	shift int    // for year and month
}

// phrases maps lower-case phrases of up to maxWords words, joined by single
// spaces, to values; prefixes holds phrases whose last word runs on ("ekspor*").
type phrases[V any] struct {
	exact    map[string]V
	first    map[string]bool // first words of phrases of several words
	prefixes []prefixPhrase[V]
	// prefixStart holds the first three bytes of the first word of each
	// prefix phrase, a cheap filter before trying them.
	prefixStart map[string]bool
	shortPrefix bool // a prefix phrase starts with a word under three bytes
	maxWords    int
}

type prefixPhrase[V any] struct {
	words []string // the last word is a prefix
	value V
}

func newPhrases[V any]() *phrases[V] {
	return &phrases[V]{exact: map[string]V{}, first: map[string]bool{}, prefixStart: map[string]bool{}}
}

func (p *phrases[V]) add(phrase string, v V) {
	phrase = strings.ToLower(strings.Join(strings.Fields(phrase), " "))
	n := strings.Count(phrase, " ") + 1
	if n > p.maxWords {
		p.maxWords = n
	}
	if n > 1 {
		p.first[strings.TrimSuffix(phrase[:strings.IndexByte(phrase, ' ')], "*")] = true
	}
	if strings.HasSuffix(phrase, "*") {
		ws := strings.Fields(strings.TrimSuffix(phrase, "*"))
		p.prefixes = append(p.prefixes, prefixPhrase[V]{words: ws, value: v})
		p.prefixStart[ws[0][:min(3, len(ws[0]))]] = true
		p.shortPrefix = p.shortPrefix || len(ws[0]) < 3
		return
	}
	p.exact[phrase] = v
}

// tables is the fact stage's language data, read once by New.
type tables struct {
	words      map[string]numWord // lower case
	cmult      map[string]float64 // case-exact
	pre        map[string]string  // currency written before the number, lower case
	post       *phrases[string]   // unit written after the number
	quals      *phrases[string]   // qualifier before the number
	postQuals  *phrases[string]   // qualifier after the number
	fillers    *phrases[bool]     // words between a qualifier and the number
	measures   *phrases[measureCue]
	periods    *phrases[periodCue]
	months     map[string]int
	labels     map[string]bool
	rangeWords map[string]bool
	idioms     *phrases[bool] // set phrases whose number is not a fact
	ranks      map[string]rankWhere
	unitFactor map[string]float64 // post units that scale the number: "dekade" is 10 years
	numStart   map[string]bool    // number words that may start a figure, for mayHoldFigure
	known      map[string]bool    // every word of every table above
	prefixByte [256]bool          // first bytes of prefix cues ("ekspor*")
}

func loadTables() (*tables, error) {
	t := &tables{
		words: map[string]numWord{}, cmult: map[string]float64{}, pre: map[string]string{},
		post: newPhrases[string](), quals: newPhrases[string](), postQuals: newPhrases[string](),
		fillers: newPhrases[bool](), measures: newPhrases[measureCue](), periods: newPhrases[periodCue](),
		months: map[string]int{}, labels: map[string]bool{}, idioms: newPhrases[bool](),
		ranks: map[string]rankWhere{}, unitFactor: map[string]float64{},
		rangeWords: map[string]bool{"hingga": true, "sampai": true, "-": true, "–": true, "—": true, "to": true, "s.d.": true, "s/d": true},
	}
	for _, lang := range lexicon.Languages() {
		for _, load := range []func(string) error{t.loadNumerals, t.loadUnits, t.loadQualifiers, t.loadMeasures, t.loadPeriods, t.loadMonths, t.loadLabels, t.loadIdioms, t.loadRanks} {
			if err := load(lang); err != nil {
				return nil, err
			}
		}
	}
	t.index()
	return t, nil
}

// index fills known and prefixByte from the tables.
func (t *tables) index() {
	t.known = map[string]bool{}
	addWords := func(phrase string) {
		for _, w := range strings.Fields(phrase) {
			t.known[w] = true
		}
	}
	t.numStart = map[string]bool{}
	for w, nw := range t.words {
		t.known[w] = true
		if nw.kind != kindMult && nw.kind != kindScale && nw.kind != kindTeen && nw.kind != kindDen {
			// "twenty-five" is looked up as "twenty": a run of letters.
			first, _, _ := strings.Cut(w, "-")
			t.numStart[first] = true
		}
	}
	for w := range t.cmult {
		t.known[strings.ToLower(w)] = true
	}
	for w := range t.pre {
		t.known[w] = true
	}
	for w := range t.months {
		t.known[w] = true
	}
	for w := range t.labels {
		t.known[w] = true
	}
	for w := range t.rangeWords {
		t.known[w] = true
	}
	for w := range t.ranks {
		t.known[w] = true
	}
	for w := range spanUnits {
		t.known[w] = true
	}
	for _, m := range []map[string]string{t.post.exact, t.quals.exact, t.postQuals.exact} {
		for p := range m {
			addWords(p)
		}
	}
	for p := range t.fillers.exact {
		addWords(p)
	}
	for p := range t.idioms.exact {
		addWords(p)
	}
	for p := range t.measures.exact {
		addWords(p)
	}
	for _, pp := range t.measures.prefixes {
		for _, w := range pp.words[:len(pp.words)-1] {
			t.known[w] = true
		}
		t.prefixByte[pp.words[len(pp.words)-1][0]] = true
	}
	for p := range t.periods.exact {
		addWords(p)
	}
}

func (t *tables) loadNumerals(lang string) error {
	rows, err := lexicon.Rows(lang, "numerals.tsv", 3)
	if err != nil {
		return err
	}
	kinds := map[string]wordKind{"num": kindNum, "weak": kindWeak, "teen": kindTeen, "scale": kindScale,
		"mult": kindMult, "semult": kindSeMult, "cmult": kindCMult, "frac": kindFrac, "den": kindDen}
	for i, r := range rows {
		k, ok := kinds[r[1]]
		if !ok {
			return fmt.Errorf("lexicon %s/numerals.tsv: row %d: unknown kind %q", lang, i+1, r[1])
		}
		v, err := parseRational(r[2])
		if err != nil {
			return fmt.Errorf("lexicon %s/numerals.tsv: row %d: %w", lang, i+1, err)
		}
		if k == kindCMult {
			t.cmult[r[0]] = v
			continue
		}
		t.words[strings.ToLower(r[0])] = numWord{kind: k, value: v}
	}
	return nil
}

// parseRational reads "12", "1e6" or "1/3".
func parseRational(s string) (float64, error) {
	if num, den, ok := strings.Cut(s, "/"); ok {
		n, err1 := strconv.ParseFloat(num, 64)
		d, err2 := strconv.ParseFloat(den, 64)
		if err1 != nil || err2 != nil || d == 0 {
			return 0, fmt.Errorf("bad fraction %q", s)
		}
		return n / d, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("bad value %q: %w", s, err)
	}
	return v, nil
}

func (t *tables) loadUnits(lang string) error {
	rows, err := lexicon.Rows(lang, "units.tsv", 3)
	if err != nil {
		return err
	}
	for i, r := range rows {
		switch r[2] {
		case "pre":
			t.pre[strings.ToLower(r[0])] = r[1]
		case "post":
			u, f, err := unitFactor(r[1])
			if err != nil {
				return fmt.Errorf("lexicon %s/units.tsv: row %d: %w", lang, i+1, err)
			}
			t.post.add(r[0], u)
			if f != 1 {
				t.unitFactor[strings.ToLower(strings.Join(strings.Fields(r[0]), " "))] = f
			}
		case "both":
			t.pre[strings.ToLower(r[0])] = r[1]
			t.post.add(r[0], r[1])
		default:
			return fmt.Errorf("lexicon %s/units.tsv: row %d: where %q is not pre, post or both", lang, i+1, r[2])
		}
	}
	return nil
}

func (t *tables) loadQualifiers(lang string) error {
	rows, err := lexicon.Rows(lang, "qualifiers.tsv", 3)
	if err != nil {
		return err
	}
	for i, r := range rows {
		switch r[2] {
		case "pre":
			t.quals.add(r[0], r[1])
		case "post":
			t.postQuals.add(r[0], r[1])
		case "filler":
			t.fillers.add(r[0], true)
		default:
			return fmt.Errorf("lexicon %s/qualifiers.tsv: row %d: where %q is not pre, post or filler", lang, i+1, r[2])
		}
	}
	return nil
}

func (t *tables) loadMeasures(lang string) error {
	rows, err := lexicon.Rows(lang, "measures.tsv", 3)
	if err != nil {
		return err
	}
	for i, r := range rows {
		cl := 0
		for _, c := range strings.Split(r[2], ",") {
			v, ok := classNames[strings.TrimSpace(c)]
			if !ok {
				return fmt.Errorf("lexicon %s/measures.tsv: row %d: unknown unit class %q", lang, i+1, c)
			}
			cl |= v
		}
		weak := len(r) > 3 && r[3] == "weak"
		t.measures.add(r[0], measureCue{measure: r[1], classes: cl, weak: weak})
	}
	return nil
}

func (t *tables) loadPeriods(lang string) error {
	rows, err := lexicon.Rows(lang, "periods.tsv", 2)
	if err != nil {
		return err
	}
	for i, r := range rows {
		p := periodCue{kind: r[1]}
		for _, base := range []string{"year", "month"} {
			if rest, ok := strings.CutPrefix(r[1], base); ok && rest != "" {
				n, err := strconv.Atoi(rest)
				if err != nil {
					return fmt.Errorf("lexicon %s/periods.tsv: row %d: bad shift %q: %w", lang, i+1, rest, err)
				}
				p = periodCue{kind: base, shift: n}
			}
		}
		switch p.kind {
		case "year", "month", "H1", "H2", "Q1", "Q2", "Q3", "Q4", "since", "none", "next", "past":
		default:
			return fmt.Errorf("lexicon %s/periods.tsv: row %d: unknown period %q", lang, i+1, r[1])
		}
		t.periods.add(r[0], p)
	}
	return nil
}

func (t *tables) loadMonths(lang string) error {
	rows, err := lexicon.Rows(lang, "months.tsv", 2)
	if err != nil {
		return err
	}
	for i, r := range rows {
		n, err := strconv.Atoi(r[1])
		if err != nil || n < 1 || n > 12 {
			return fmt.Errorf("lexicon %s/months.tsv: row %d: bad month %q", lang, i+1, r[1])
		}
		t.months[strings.ToLower(r[0])] = n
	}
	return nil
}

func (t *tables) loadLabels(lang string) error {
	lines, err := lexicon.Lines(lang, "number_labels.txt")
	if err != nil {
		return err
	}
	for _, l := range lines {
		t.labels[strings.ToLower(l)] = true
	}
	return nil
}

func (t *tables) loadIdioms(lang string) error {
	lines, err := lexicon.Lines(lang, "number_idioms.txt")
	if err != nil {
		return err
	}
	for _, l := range lines {
		t.idioms.add(l, true)
	}
	return nil
}

// unitFactor reads a unit of units.tsv: "km", or "year*10" for a unit
// that scales the number ("dekade").
func unitFactor(s string) (string, float64, error) {
	u, f, ok := strings.Cut(s, "*")
	if !ok {
		return s, 1, nil
	}
	v, err := strconv.ParseFloat(f, 64)
	if err != nil || v <= 0 {
		return "", 0, fmt.Errorf("bad unit factor %q", s)
	}
	return u, v, nil
}

// rankWhere is where a word of number_ranks.tsv stands from the number.
type rankWhere uint8

const (
	rankAfter  rankWhere = iota + 1 // "10 besar"
	rankNear                        // "100 universitas terbaik"
	rankBefore                      // "top 10"
)

func (t *tables) loadRanks(lang string) error {
	rows, err := lexicon.Rows(lang, "number_ranks.tsv", 2)
	if err != nil {
		return err
	}
	for i, r := range rows {
		var w rankWhere
		switch r[1] {
		case "after":
			w = rankAfter
		case "near":
			w = rankNear
		case "before":
			w = rankBefore
		default:
			return fmt.Errorf("lexicon %s/number_ranks.tsv: row %d: where %q is not after, near or before", lang, i+1, r[1])
		}
		t.ranks[strings.ToLower(r[0])] = w
	}
	return nil
}

// spanUnits are the words of time after a number in a span of time
// ("10 tahun mendatang"), in months. They are grammar, not vocabulary, so
// they live here rather than in the lexicon.
var spanUnits = map[string]int{
	"tahun": 12, "year": 12, "years": 12, "bulan": 1, "month": 1, "months": 1,
	"dekade": 120, "dasawarsa": 120, "decade": 120, "decades": 120,
}
