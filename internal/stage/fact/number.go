package fact

import (
	"strconv"
	"strings"
)

// parseNumber reads a numeral written with digits and the separators "."
// and ",": "7.200", "1,5", "1.732.842", "1,732,842", "2,5". lang says which
// separator is decimal when a single one could be either ("7.200" is 7200
// in Indonesian, 7.2 in English). ok is false for what is not a quantity:
// "1.2.3", "13,05,1".
func parseNumber(s string, lang string) (v float64, hasSep bool, ok bool) {
	if s == "" || s[0] < '0' || s[0] > '9' || s[len(s)-1] < '0' || s[len(s)-1] > '9' {
		return 0, false, false
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	if dots == 0 && commas == 0 {
		v, err := strconv.ParseFloat(s, 64)
		return v, false, err == nil
	}
	var thousands, decimal byte
	switch {
	case dots > 0 && commas > 0:
		// Both: the last one is the decimal mark, the other groups thousands.
		if strings.LastIndexByte(s, '.') > strings.LastIndexByte(s, ',') {
			thousands, decimal = ',', '.'
			if dots > 1 {
				return 0, true, false
			}
		} else {
			thousands, decimal = '.', ','
			if commas > 1 {
				return 0, true, false
			}
		}
	case dots > 1:
		thousands = '.'
	case commas > 1:
		thousands = ','
	default:
		sep := byte('.')
		if commas == 1 {
			sep = ','
		}
		after := len(s) - strings.IndexByte(s, sep) - 1
		// "7.200" (id) and "7,200" (en) group thousands; "1,5" and "1.5" do not.
		if after == 3 && (sep == '.') == (lang != "en") {
			thousands = sep
		} else {
			decimal = sep
		}
	}
	var buf [64]byte
	b := buf[:0]
	group := -1 // digits since the last thousands mark; -1 before the first
	lead := 0   // digits before the first thousands mark
	seenDecimal := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b = append(b, c)
			if !seenDecimal {
				if group >= 0 {
					group++
				} else {
					lead++
				}
			}
		case c == thousands && !seenDecimal:
			if group >= 0 && group != 3 || group < 0 && (lead == 0 || lead > 3) {
				return 0, true, false
			}
			group = 0
		case c == decimal && !seenDecimal:
			if group >= 0 && group != 3 {
				return 0, true, false
			}
			b = append(b, '.')
			seenDecimal = true
		default:
			return 0, true, false
		}
		if len(b) == len(buf) {
			return 0, true, false
		}
	}
	if !seenDecimal && group >= 0 && group != 3 {
		return 0, true, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, true, err == nil
}

// digitTok is a token that holds a numeral written in digits, with a
// currency glued before it ("Rp75", "USD200") and a unit or range glued
// after it ("80%", "15km", "60-63", "18-year").
type digitTok struct {
	value   float64
	unit    string  // from the prefix or suffix
	mult    float64 // a glued multiplier ("5jt", "$5bn"); 0 when none
	hasSep  bool
	digits  int  // number of digits before any decimal mark
	zero    bool // starts with "0" and has more digits: a code or phone number
	prefix  bool // unit came from a currency prefix
	hasTo   bool // a glued range ("60-63")
	to      float64
	toUnit  string
	toDigit int
}

// parseDigitTok reads a token core that holds a digit.
func (t *tables) parseDigitTok(core, lang string) (digitTok, bool) {
	var d digitTok
	i := 0
	for i < len(core) && (core[i] < '0' || core[i] > '9') {
		i++
	}
	if i > 0 {
		u, ok := t.pre[strings.ToLower(core[:i])]
		if !ok {
			return d, false // "ke-16", "G20", "COVID-19", "+62"
		}
		d.unit, d.prefix = u, true
	}
	j := i
	for j < len(core) && (core[j] >= '0' && core[j] <= '9' || core[j] == '.' || core[j] == ',') {
		j++
	}
	for j > i && (core[j-1] == '.' || core[j-1] == ',') {
		j--
	}
	v, sep, ok := parseNumber(core[i:j], lang)
	if !ok {
		return d, false
	}
	d.value, d.hasSep = v, sep
	for k := i; k < j && core[k] != '.' && core[k] != ','; k++ {
		d.digits++
	}
	if !sep {
		d.digits = j - i
	}
	d.zero = core[i] == '0' && j-i > 1 && (j-i < 2 || core[i+1] != '.' && core[i+1] != ',')
	suffix := core[j:]
	if suffix == "" {
		return d, true
	}
	if u, ok := t.suffixUnit(suffix, d.prefix); ok {
		if u.mult != 0 {
			d.mult = u.mult
		} else if d.unit == "" {
			d.unit = u.unit
		}
		return d, true
	}
	if rest, ok := cutDash(suffix); ok && rest != "" {
		if rest[0] >= '0' && rest[0] <= '9' {
			to, ok := t.parseDigitTok(rest, lang)
			if !ok || to.hasTo || to.prefix || to.mult != 0 {
				return d, false
			}
			d.hasTo, d.to, d.toUnit, d.toDigit = true, to.value, to.unit, to.digits
			return d, true
		}
		if u, ok := t.post.exact[strings.ToLower(rest)]; ok && d.unit == "" {
			d.unit = u // "18-year", "22-tahun"
			return d, true
		}
	}
	return d, false // "13:05", "9/11", "2+2", "16th", "3D", "1990-an"
}

// glued is a unit or multiplier glued after digits.
type glued struct {
	unit string
	mult float64
}

func (t *tables) suffixUnit(suffix string, money bool) (glued, bool) {
	if m, ok := t.cmult[suffix]; ok && money {
		return glued{mult: m}, true
	}
	low := strings.ToLower(suffix)
	if w, ok := t.words[low]; ok && w.kind == kindMult {
		return glued{mult: w.value}, true // "5jt", "10rb"
	}
	if u, ok := t.post.exact[low]; ok {
		return glued{unit: u}, true // "80%", "15km", "200USD"
	}
	return glued{}, false
}

// cutDash removes a leading hyphen or en dash.
func cutDash(s string) (string, bool) {
	if strings.HasPrefix(s, "-") {
		return s[1:], true
	}
	if strings.HasPrefix(s, "–") {
		return s[len("–"):], true
	}
	return s, false
}

// wordNumber reads number words from toks[k]: "dua puluh lima", "seribu",
// "enam ribu", "dua pertiga", "setengah juta", "twenty-five". It returns the
// value, the index after the last word, whether only weak words ("satu")
// were read, whether the value is a bare fraction, and whether a multiplier
// was read. n == k means no number starts at k.
func (t *tables) wordNumber(toks []token, k int, stopAt int) (v float64, n int, weak, frac, mult bool) {
	var total, group, unit, lastMult float64
	seen, strong := false, false
	fracV := 0.0
	n = k
	for m := k; m < stopAt; m++ {
		if m > k && toks[m-1].stop {
			break
		}
		parts := []string{toks[m].low}
		if strings.IndexByte(parts[0], '-') > 0 {
			parts = strings.Split(parts[0], "-")
		}
		ok := true
		for _, p := range parts {
			w, found := t.words[p]
			if !found {
				ok = false
				break
			}
			switch w.kind {
			case kindNum, kindWeak:
				if unit != 0 && w.value < 10 || fracV != 0 {
					ok = false // "dua tiga": two numbers
					break
				}
				if w.value >= 10 {
					group += w.value
				} else {
					unit = w.value
				}
				if w.kind == kindNum {
					strong = true
				}
			case kindTeen:
				if unit == 0 {
					ok = false
					break
				}
				group += unit + w.value
				unit, strong = 0, true
			case kindScale:
				if unit == 0 && group == 0 {
					ok = false
					break
				}
				if unit != 0 {
					group += unit * w.value
					unit = 0
				} else {
					group *= w.value
				}
				strong = true
			case kindMult, kindSeMult:
				g := group + unit
				if w.kind == kindSeMult {
					if g != 0 {
						ok = false
						break
					}
					g = 1
				}
				if fracV != 0 {
					g += fracV
					fracV = 0
				}
				if g == 0 {
					ok = false
					break
				}
				if lastMult != 0 && w.value > lastMult {
					total = (total + g) * w.value
				} else {
					total += g * w.value
				}
				lastMult, group, unit = w.value, 0, 0
				strong, mult = true, true
			case kindFrac:
				if fracV != 0 {
					ok = false
					break
				}
				fracV = w.value
				strong = true
			case kindDen:
				if unit == 0 || group != 0 || fracV != 0 {
					ok = false
					break
				}
				fracV, unit = unit/w.value, 0
				strong = true
			default:
				ok = false
			}
			if !ok {
				break
			}
			seen = true
		}
		if !ok {
			// A multiplier or scale word alone does not start a number.
			break
		}
		n = m + 1
	}
	if !seen || n == k {
		return 0, k, false, false, false
	}
	v = total + group + unit
	if fracV != 0 {
		if v == 0 {
			return fracV, n, false, true, false
		}
		v += fracV
	}
	return v, n, !strong, false, mult
}
