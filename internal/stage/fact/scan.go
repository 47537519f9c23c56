package fact

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/warta-dev/warta/internal/article"
)

// scan reads the figures of one sentence (or the headline).
type scan struct {
	t       *tables
	text    string // the text that toks index: Doc.Text or the headline
	toks    []token
	lang    string
	pub     article.Published
	title   bool
	key     []byte      // scratch for phrase keys
	hits    []cueHit    // measure cues of the sentence, found on first use
	periods []periodHit // period phrases of the sentence, found on first use
}

// figure is a number found in a sentence, before its measure and period.
type figure struct {
	value       float64
	unit        string
	qualifier   string
	multBy      float64 // the multiplier applied, 1 when none
	s, e        int     // byte span of the number, currency and unit
	first, last int     // token span [first, last)
}

// zones are words after a clock time.
var zones = map[string]bool{"wib": true, "wita": true, "wit": true, "gmt": true, "utc": true,
	"a.m": true, "p.m": true, "am": true, "pm": true}

// figures returns the figures of the sentence in order.
func (sc *scan) figures() []figure {
	var out []figure
	for k := 0; k < len(sc.toks); {
		fs, next := sc.at(k, true)
		out = append(out, fs...)
		if next <= k {
			next = k + 1
		}
		k = next
	}
	return out
}

// at reads a figure starting at token k. It returns the figures found (none,
// one, or two for a range) and the token to go on from.
func (sc *scan) at(k int, allowRange bool) ([]figure, int) {
	toks := sc.toks
	n := len(toks)
	tk := toks[k]
	if !sc.mayStart(tk) {
		return nil, k + 1
	}
	f := figure{multBy: 1, first: k, s: tk.s}

	// A currency written as a word of its own before the number: "Rp 16.288".
	p := k - 1
	if p >= 0 {
		if u, ok := sc.t.pre[toks[p].low]; ok {
			f.unit, f.s, f.first = u, toks[p].s, p
			p--
		}
	}

	j := k + 1
	var (
		isDigits bool
		d        digitTok
		mult     bool
	)
	if hasDigit(tk.low) {
		var ok bool
		d, ok = sc.t.parseDigitTok(sc.text[tk.s:tk.e], sc.lang)
		if !ok {
			return nil, k + 1
		}
		isDigits = true
		f.value = d.value
		if d.unit != "" && (f.unit == "" || d.prefix) {
			f.unit = d.unit
		}
		if d.mult != 0 {
			f.value *= d.mult
			f.multBy, mult = d.mult, true
		}
		if f.value == 1 && f.unit == "" && !d.hasSep && !d.hasTo && d.mult == 0 {
			if r, next, ok := sc.ratio(j); ok {
				f.value, f.unit, j = r, "%", next // "1 dari 4 pasien"
			}
		}
		for j < n && !toks[j-1].stop && f.unit != "%" {
			if w, ok := sc.t.words[toks[j].low]; ok && w.kind == kindMult {
				f.multBy *= w.value
				mult = true
				j++
				continue
			}
			if w, ok := sc.t.words[toks[j].low]; ok && w.kind == kindScale && !mult && !d.hasSep && f.value < 10 {
				f.multBy *= w.value // "3 ratus"
				j++
				continue
			}
			if m, ok := sc.t.cmult[sc.text[toks[j].s:toks[j].e]]; ok && isMoney(f.unit) {
				f.multBy *= m // "Rp5 M"
				mult = true
				j++
				continue
			}
			break
		}
		if f.multBy != 1 && d.mult == 0 {
			f.value *= f.multBy
		}
	} else {
		v, next, weak, frac, m := sc.t.wordNumber(toks, k, n)
		if next == k {
			return nil, k + 1
		}
		j = next
		if v == 1 && !frac && !m {
			if r, next, ok := sc.ratio(j); ok {
				// "satu dari empat pasien", "one in four": a share, like
				// "seperempat".
				f.value, f.unit, j = r, "%", next
				weak = false
				v = r
			}
		}
		if weak && !m {
			return nil, j // "salah satu", "one of"
		}
		if f.unit == "%" {
			// the ratio read above
		} else if f.value, mult = v, m; frac {
			// A share: "sepertiga" is 33.3 %. "setengah" and "half" alone are
			// too often idioms ("setengah hati") unless "dari"/"of" follows.
			if v == 0.5 && (j >= n || toks[j-1].stop || toks[j].low != "dari" && toks[j].low != "of") {
				return nil, j
			}
			f.value, f.unit = v*100, "%"
		}
	}
	f.last = j
	f.e = toks[j-1].e

	// After the number: a qualifier ("2.000 lebih"), a unit ("dolar AS").
	if j < n && !toks[j-1].stop {
		if q, m := matchFwd(sc, sc.t.postQuals, j); m > 0 {
			f.qualifier = q
			j += m
		}
	}
	if f.unit == "" && j < n && !toks[j-1].stop {
		if u, m := matchFwd(sc, sc.t.post, j); m > 0 && !(u == "year" && j+m < n && yearOf(toks[j+m].low) != 0) {
			if fac, ok := sc.t.unitFactor[sc.phrase(j, j+m)]; ok {
				f.value *= fac // "tujuh dekade" is 70 years
			}
			f.unit = u
			j += m
			f.last, f.e = j, toks[j-1].e
		}
	}
	if f.qualifier == "" && j < n && !toks[j-1].stop {
		if q, m := matchFwd(sc, sc.t.postQuals, j); m > 0 && m == 1 && toks[j].low != "plus" {
			f.qualifier = q
			j += m
		}
	}

	// Before the number: a qualifier, perhaps with a filler ("hingga sebesar").
	if f.qualifier == "" && p >= 0 && !toks[p].stop {
		q := p
		if _, m := matchBack(sc, sc.t.fillers, q); m > 0 {
			q -= m
		}
		if q >= 0 && !toks[q].stop {
			if v, m := matchBack(sc, sc.t.quals, q); m > 0 {
				f.qualifier = v
			}
		}
	}

	if sc.reject(f, d, isDigits, mult, k, p, j) {
		return nil, j
	}

	// A range: "60-63 persen", "4 hingga 6 bulan", "dua sampai tiga juta".
	if isDigits && d.hasTo {
		to := f
		to.value = d.to * f.multBy
		if d.toUnit != "" && to.unit == "" {
			to.unit, f.unit = d.toUnit, d.toUnit
		}
		if to.value <= f.value {
			return nil, j // "2-1": a score, not a range
		}
		return []figure{f, to}, j
	}
	if allowRange && j+1 < n && !toks[j-1].stop && sc.t.rangeWords[toks[j].low] {
		if bs, next := sc.at(j+1, false); len(bs) == 1 {
			b := bs[0]
			a := f
			if !mult && b.multBy != 1 && a.unit == "" {
				a.value *= b.multBy
			}
			if a.unit == "" {
				a.unit = b.unit
			}
			if a.value < b.value && (a.unit == b.unit) {
				b.qualifier = ""
				if a.qualifier == "up to" {
					a.qualifier = ""
				}
				return []figure{a, b}, next
			}
		}
	}
	return []figure{f}, j
}

// mayStart is a cheap test of whether a number may start with a word.
func (sc *scan) mayStart(tk token) bool {
	low := tk.low
	if hasDigit(low) {
		return true
	}
	if !tk.known {
		return strings.IndexByte(low, '-') > 0
	}
	if w, ok := sc.t.words[low]; ok {
		return w.kind != kindMult && w.kind != kindScale && w.kind != kindTeen && w.kind != kindDen
	}
	return strings.IndexByte(low, '-') > 0
}

// reject reports whether a number is not a fact: a year, a date, a clock
// time, a label, a code, a name's number.
func (sc *scan) reject(f figure, d digitTok, isDigits, mult bool, k, p, j int) bool {
	toks := sc.toks
	n := len(toks)
	bare := f.unit == "" && !mult
	integer := f.value == math.Trunc(f.value)
	if isDigits {
		if d.zero || !d.hasSep && d.digits >= 9 && f.unit == "" {
			return true // "0812", "021", an ID
		}
		if bare && !d.hasSep && d.digits == 4 && f.value >= 1800 && f.value <= 2100 {
			return true // a year
		}
	}
	next := ""
	if j < n && !toks[j-1].stop {
		next = toks[j].low
	}
	if bare && integer && f.value <= 31 && next != "" {
		if _, ok := sc.t.months[next]; ok {
			return true // "17 September"
		}
		// "7 sampai 28 Maret", "17 dan 18 Oktober", "12-14 September"
		if (sc.t.rangeWords[next] || next == "dan" || next == "and") && j+2 < n && !toks[j].stop && !toks[j+1].stop {
			if _, ok := sc.t.months[toks[j+2].low]; ok && hasDigit(toks[j+1].low) {
				return true
			}
		}
	}
	if isDigits && d.hasTo && bare && next != "" {
		if _, ok := sc.t.months[next]; ok {
			return true
		}
	}
	if bare {
		// The size of a ranking: "masuk 10 besar", "100 universitas
		// terbaik", "top 10".
		if next != "" && sc.t.ranks[next] == rankAfter {
			return true
		}
		for i := j; i < n && i < j+2 && (i == j || !toks[i-1].stop) && !toks[j-1].stop; i++ {
			if sc.t.ranks[toks[i].low] == rankNear {
				return true
			}
		}
		if p >= 0 && !toks[p].stop && sc.t.ranks[toks[p].low] == rankBefore {
			return true
		}
	}
	if !isDigits && !sc.title && k > 0 && toks[k].cap && !toks[k-1].stop && !toks[k].open {
		return true // "Negri Sembilan", "Nine Eleven": a name
	}
	if sc.idiom(k) {
		return true // "solusi dua negara"
	}
	if bare && zones[next] {
		return true // "13.05 WIB"
	}
	if bare && next == "bulan" && j+1 < n && (toks[j+1].low == "pertama" || toks[j+1].low == "terakhir") {
		return true // "9 bulan pertama tahun 2024" is a period
	}
	if p >= 0 {
		prev := toks[p]
		if sc.t.labels[prev.low] && (bare || f.unit == "year") {
			return true // "Pasal 5", "No. 10", "ke 5"
		}
		if _, ok := sc.t.months[prev.low]; ok && prev.cap && bare && integer && f.value <= 31 {
			return true // "September 17"
		}
		if prev.low == "first" && bare {
			return true // "the first nine months"
		}
		if !sc.title && isDigits && bare && p > 0 && prev.cap && !prev.stop {
			if _, isWord := sc.t.words[prev.low]; !isWord {
				return true // "American 77", "Boeing 737", "Windows 10"
			}
		}
	}
	return false
}

// idiom reports whether the number at toks[k] is part of a set phrase
// (number_idioms.txt): "solusi dua negara", "two-state solution".
func (sc *scan) idiom(k int) bool {
	ph := sc.t.idioms
	for from := max(0, k-ph.maxWords+1); from <= k; from++ {
		if !ph.first[sc.toks[from].low] && !ph.exact[sc.toks[from].low] {
			continue
		}
		for to := k + 1; to <= len(sc.toks) && to-from <= ph.maxWords; to++ {
			if ph.exact[sc.phrase(from, to)] {
				return true
			}
		}
	}
	return false
}

func isMoney(unit string) bool { return unitClass(unit) == classMoney }

// matchFwd matches the longest phrase of ph that starts at toks[j] and does
// not cross punctuation; it returns its value and length in tokens.
func matchFwd[V any](sc *scan, ph *phrases[V], j int) (V, int) {
	var zero V
	if !sc.toks[j].known {
		return zero, 0
	}
	top := min(ph.maxWords, len(sc.toks)-j)
	if !ph.first[sc.toks[j].low] {
		top = min(top, 1)
	}
	for L := top; L >= 1; L-- {
		if v, ok := ph.exact[sc.phrase(j, j+L)]; ok {
			return v, L
		}
	}
	return zero, 0
}

// matchBack is matchFwd for a phrase that ends at toks[end].
func matchBack[V any](sc *scan, ph *phrases[V], end int) (V, int) {
	if !sc.toks[end].known {
		var zero V
		return zero, 0
	}
	for L := min(ph.maxWords, end+1); L >= 1; L-- {
		if L > 1 && !ph.first[sc.toks[end-L+1].low] {
			continue
		}
		if v, ok := ph.exact[sc.phrase(end-L+1, end+1)]; ok {
			return v, L
		}
	}
	var zero V
	return zero, 0
}

// phrase returns the lower-case words of toks[i:j] joined by spaces, or ""
// when punctuation stands between them. The result is only valid until the
// next call.
func (sc *scan) phrase(i, j int) string {
	if j-i == 1 {
		return sc.toks[i].low
	}
	sc.key = sc.key[:0]
	for m := i; m < j; m++ {
		if m > i {
			if sc.toks[m-1].stop {
				return ""
			}
			sc.key = append(sc.key, ' ')
		}
		sc.key = append(sc.key, sc.toks[m].low...)
	}
	return string(sc.key)
}

// measure names what a figure counts, from the cue of its sentence nearest
// to it (a cue right after it first), else from its unit.
func (sc *scan) measure(f figure) string {
	cls := unitClass(f.unit)
	if sc.hits == nil {
		sc.hits = sc.measureHits()
	}
	best, bestD := "", math.MaxInt
	consider := func(m, end int, cue measureCue) {
		if cue.classes&cls == 0 {
			return
		}
		var dist int
		if m >= f.last {
			dist = 2 * (m - f.last)
		} else {
			dist = 2*(f.first-end) + 1
		}
		if cue.weak {
			dist += 1000 // any specific cue of the sentence wins
		}
		// A cue in another clause ("..., sementara impor ...") is farther.
		lo, hi := end, f.first
		if m >= f.last {
			lo, hi = f.last, m
		}
		for k := max(lo-1, 0); k < hi; k++ {
			if sc.toks[k].stop {
				dist += 20
			}
		}
		if dist < bestD {
			best, bestD = cue.measure, dist
		}
	}
	for _, h := range sc.hits {
		if h.end <= f.first || h.start >= f.last {
			consider(h.start, h.end, h.cue)
		}
	}
	if best == "" {
		return defaultMeasure[cls]
	}
	return best
}

// cueHit is a measure cue found in a sentence.
type cueHit struct {
	start, end int // token span
	cue        measureCue
}

// measureHits finds the measure cues of the sentence, once for all its
// figures.
func (sc *scan) measureHits() []cueHit {
	ms := sc.t.measures
	hits := []cueHit{}
	for m := 0; m < len(sc.toks); m++ {
		low := sc.toks[m].low
		if !sc.toks[m].known && !sc.t.prefixByte[low[0]] {
			continue
		}
		top := min(ms.maxWords, len(sc.toks)-m)
		if !ms.first[sc.toks[m].low] {
			top = min(top, 1)
		}
		for L := top; L >= 1; L-- {
			if cue, ok := ms.exact[sc.phrase(m, m+L)]; ok {
				hits = append(hits, cueHit{m, m + L, cue})
				break
			}
		}
		if !sc.t.prefixByte[low[0]] || !ms.shortPrefix && (len(low) < 3 || !ms.prefixStart[low[:3]]) {
			continue
		}
		for _, pp := range ms.prefixes {
			L := len(pp.words)
			if m+L > len(sc.toks) {
				continue
			}
			ok := true
			for i, w := range pp.words {
				low := sc.toks[m+i].low
				if i == L-1 && !strings.HasPrefix(low, w) || i < L-1 && low != w {
					ok = false
					break
				}
			}
			if ok {
				hits = append(hits, cueHit{m, m + L, pp.value})
			}
		}
	}
	return hits
}

// period returns the year or span a figure refers to: the period phrase of
// its sentence nearest to it ("pada tahun 2023", "9 bulan pertama tahun
// 2024" → "2024-01/2024-09", "tahun ini" → the article's year), or "".
func (sc *scan) period(f figure) string {
	if sc.periods == nil {
		sc.periods = sc.periodHits()
	}
	best, bestD := "", math.MaxInt
	for _, h := range sc.periods {
		if h.at >= f.first && h.at < f.last {
			continue
		}
		dist := h.at - f.last
		if h.at < f.first {
			dist = f.first - h.at
		}
		if dist < bestD {
			best, bestD = h.period, dist
		}
	}
	return best
}

// periodHit is a period phrase of a sentence at token at; "" for a rate
// ("per tahun").
type periodHit struct {
	at     int
	period string
}

// periodHits finds the period phrases of the sentence, once for all its
// figures.
func (sc *scan) periodHits() []periodHit {
	toks := sc.toks
	hits := []periodHit{}
	add := func(m int, p string) { hits = append(hits, periodHit{m, p}) }
	pubYear, pubMonth := 0, 0
	if sc.pub.Known() {
		pubYear, pubMonth = sc.pub.Time.Year(), int(sc.pub.Time.Month())
	}
	for m := 0; m < len(toks); m++ {
		if !toks[m].known && !hasDigit(toks[m].low) {
			continue
		}
		if mo, dir, end := sc.spanAt(m); mo > 0 {
			if pubYear != 0 {
				add(m, spanFromPub(pubYear, pubMonth, mo, dir))
			}
			m = end - 1
			continue
		}
		if cue, L := sc.matchPeriod(m); L > 0 {
			switch cue.kind {
			case "next", "past":
				// only after or before a number of years: spanAt
			case "none":
				add(m, "")
			case "year":
				if pubYear != 0 {
					add(m, strconv.Itoa(pubYear+cue.shift))
				}
			case "month":
				if pubYear != 0 {
					y, mo := pubYear, pubMonth+cue.shift
					for mo < 1 {
						y, mo = y-1, mo+12
					}
					add(m, fmt.Sprintf("%04d-%02d", y, mo))
				}
			default:
				y, yi := sc.yearAfter(m + L)
				if y == 0 {
					if cue.kind == "since" {
						break
					}
					y, yi = pubYear, m
				}
				if y != 0 {
					add(m, spanOf(cue.kind, y))
					m = max(m, yi)
				}
			}
			continue
		}
		if y := yearOf(toks[m].low); y != 0 {
			add(m, sc.yearPeriod(m, y))
			continue
		}
		if mo, ok := sc.t.months[toks[m].low]; ok && toks[m].cap && pubYear != 0 && len(toks[m].low) > 3 {
			// A month without a year: the last such month up to the article's.
			if m+1 < len(toks) && yearOf(toks[m+1].low) != 0 {
				continue
			}
			if m > 0 && hasDigit(toks[m-1].low) {
				continue // a date: "17 Desember"
			}
			y := pubYear
			if mo > pubMonth {
				y--
			}
			add(m, fmt.Sprintf("%04d-%02d", y, mo))
		}
		if a, b, ok := yearRange(toks[m].low); ok {
			add(m, fmt.Sprintf("%d/%d", a, b))
		}
	}
	return hits
}

// matchPeriod matches a period phrase at toks[m].
func (sc *scan) matchPeriod(m int) (periodCue, int) { return matchFwd(sc, sc.t.periods, m) }

// yearAfter finds a year within two words after toks[m] ("tahun 2024").
func (sc *scan) yearAfter(m int) (int, int) {
	for i := m; i < len(sc.toks) && i < m+3; i++ {
		if y := yearOf(sc.toks[i].low); y != 0 {
			return y, i
		}
		if i > m && sc.toks[i-1].stop {
			break
		}
	}
	return 0, 0
}

// yearPeriod is the period of the year at toks[m]: "2023", "2019-08" after
// a month, "2024-01/2024-09" after "9 bulan pertama (tahun)".
func (sc *scan) yearPeriod(m, y int) string {
	toks := sc.toks
	i := m - 1
	if i >= 0 && (toks[i].low == "tahun" || toks[i].low == "of") {
		i--
	}
	if i >= 0 {
		if mo, ok := sc.t.months[toks[i].low]; ok && toks[i].cap {
			if i > 0 {
				if day, err := strconv.Atoi(toks[i-1].low); err == nil && day >= 1 && day <= 31 {
					return fmt.Sprintf("%04d-%02d-%02d", y, mo, day)
				}
			}
			return fmt.Sprintf("%04d-%02d", y, mo)
		}
	}
	// "9 bulan pertama", "the first nine months of"
	if i >= 2 && (toks[i].low == "pertama" && toks[i-1].low == "bulan") {
		if nm := sc.smallNumber(i - 2); nm >= 1 && nm <= 12 {
			return fmt.Sprintf("%04d-01/%04d-%02d", y, y, nm)
		}
	}
	if i >= 2 && toks[i].low == "months" && toks[i-2].low == "first" {
		if nm := sc.smallNumber(i - 1); nm >= 1 && nm <= 12 {
			return fmt.Sprintf("%04d-01/%04d-%02d", y, y, nm)
		}
	}
	if i >= 0 && (toks[i].low == "sejak" || toks[i].low == "since") {
		return fmt.Sprintf("%04d/..", y)
	}
	return strconv.Itoa(y)
}

// smallNumber reads a count of months written in digits or as a word.
func (sc *scan) smallNumber(i int) int {
	if v, err := strconv.Atoi(sc.toks[i].low); err == nil {
		return v
	}
	if w, ok := sc.t.words[sc.toks[i].low]; ok && (w.kind == kindNum || w.kind == kindWeak) {
		return int(w.value)
	}
	return 0
}

// spanOf writes a half or quarter of year y, or "since y".
func spanOf(kind string, y int) string {
	switch kind {
	case "H1":
		return fmt.Sprintf("%04d-01/%04d-06", y, y)
	case "H2":
		return fmt.Sprintf("%04d-07/%04d-12", y, y)
	case "Q1", "Q2", "Q3", "Q4":
		q := int(kind[1] - '0')
		return fmt.Sprintf("%04d-%02d/%04d-%02d", y, 3*q-2, y, 3*q)
	case "since":
		return fmt.Sprintf("%04d/..", y)
	}
	return strconv.Itoa(y)
}

// yearOf returns the year a token is ("2023"), or 0.
func yearOf(low string) int {
	if len(low) != 4 || low[0] != '1' && low[0] != '2' {
		return 0
	}
	y := 0
	for i := 0; i < 4; i++ {
		c := low[i]
		if c < '0' || c > '9' {
			return 0
		}
		y = 10*y + int(c-'0')
	}
	if y < 1900 || y > 2100 {
		return 0
	}
	return y
}

// yearRange reads "2019-2023", "2019–2023" or "2020/2021".
func yearRange(low string) (int, int, bool) {
	for _, sep := range []string{"-", "–", "/"} {
		if a, b, ok := strings.Cut(low, sep); ok {
			ya, yb := yearOf(a), yearOf(b)
			if ya != 0 && yb > ya {
				return ya, yb, true
			}
		}
	}
	return 0, 0, false
}

// ratio reads "dari empat" or "in four" at toks[j] after a number 1: one
// in b is 100/b percent. The words after b must not be a unit or a
// multiplier ("satu dari empat pasien", not "1 dari 4 juta").
func (sc *scan) ratio(j int) (float64, int, bool) {
	toks := sc.toks
	n := len(toks)
	if j < 1 || j+1 >= n || toks[j-1].stop || toks[j].stop || toks[j].low != "dari" && toks[j].low != "in" {
		return 0, j, false
	}
	var b float64
	next := j + 1
	if hasDigit(toks[next].low) {
		v, err := strconv.Atoi(toks[next].low)
		if err != nil {
			return 0, j, false
		}
		b, next = float64(v), next+1
	} else {
		v, nx, _, frac, mult := sc.t.wordNumber(toks, next, n)
		if nx == next || frac || mult {
			return 0, j, false
		}
		b, next = v, nx
	}
	if b < 2 || b > 1000 || b != math.Trunc(b) {
		return 0, j, false
	}
	if next < n && !toks[next-1].stop {
		if _, m := matchFwd(sc, sc.t.post, next); m > 0 {
			return 0, j, false
		}
		if w, ok := sc.t.words[toks[next].low]; ok && (w.kind == kindMult || w.kind == kindScale) {
			return 0, j, false
		}
	}
	return 100 / b, next, true
}

// spanAt reads a span of time that starts with a number at toks[k]: "10
// tahun mendatang", "tujuh dekade terakhir", "6 bulan ke depan", "the next
// 10 years", "over the past two decades". It returns the span in months,
// +1 for one that runs on from the article's date or -1 for one up to it,
// and the token after it; months is 0 when there is none. The span is the
// period of the other figures of its sentence; its number stays a figure
// of its own (a duration: "selama 40 tahun terakhir", as the gold files
// count it).
func (sc *scan) spanAt(k int) (months, dir, end int) {
	toks := sc.toks
	n := len(toks)
	var v float64
	u := k + 1
	if hasDigit(toks[k].low) {
		x, err := strconv.Atoi(toks[k].low)
		if err != nil || x <= 0 || x > 100 {
			return 0, 0, 0
		}
		v = float64(x)
	} else {
		if !toks[k].known {
			return 0, 0, 0
		}
		x, nx, _, frac, mult := sc.t.wordNumber(toks, k, n)
		if nx == k || frac || mult || x <= 0 || x > 100 {
			return 0, 0, 0
		}
		v, u = x, nx
	}
	if u >= n || toks[u-1].stop {
		return 0, 0, 0
	}
	per, ok := spanUnits[toks[u].low]
	if !ok {
		return 0, 0, 0
	}
	months = int(v) * per
	end = u + 1
	if end < n && !toks[u].stop {
		if pc, L := matchFwd(sc, sc.t.periods, end); L > 0 && (pc.kind == "next" || pc.kind == "past") {
			return months, spanDir(pc.kind), end + L
		}
	}
	if k > 0 && !toks[k-1].stop {
		if pc, L := matchBack(sc, sc.t.periods, k-1); L > 0 && (pc.kind == "next" || pc.kind == "past") {
			return months, spanDir(pc.kind), end
		}
	}
	return 0, 0, 0
}

func spanDir(kind string) int {
	if kind == "next" {
		return 1
	}
	return -1
}

// spanFromPub writes a span of months from or up to the article's month:
// whole years as "2019/2029", else "2019-09/2020-03".
func spanFromPub(y, mo, months, dir int) string {
	if months%12 == 0 {
		if dir > 0 {
			return fmt.Sprintf("%d/%d", y, y+months/12)
		}
		return fmt.Sprintf("%d/%d", y-months/12, y)
	}
	a := y*12 + mo - 1
	b := a + dir*months
	if b < a {
		a, b = b, a
	}
	return fmt.Sprintf("%04d-%02d/%04d-%02d", a/12, a%12+1, b/12, b%12+1)
}
