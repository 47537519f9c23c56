package meta

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Month and weekday names, Indonesian and English, full and abbreviated.
// Longer alternatives come first so that "Sept" is not read as "Sep".
const (
	monthNames = `januari|january|jan|februari|pebruari|february|feb|maret|march|mar|april|apr|` +
		`mei|may|juni|june|jun|juli|july|jul|agustus|august|agus|agt|agu|aug|september|sept|sep|` +
		`oktober|october|okt|oct|november|nopember|nov|desember|december|des|dec`
	weekdayNames = `senin|selasa|rabu|kamis|jumat|jum'at|jum’at|sabtu|minggu|ahad|` +
		`monday|tuesday|wednesday|thursday|friday|saturday|sunday|` +
		`mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun`
)

// monthOf returns the month a month name or abbreviation stands for.
func monthOf(s string) time.Month {
	s = strings.ToLower(s)
	switch {
	case strings.HasPrefix(s, "jan"):
		return time.January
	case strings.HasPrefix(s, "feb"), strings.HasPrefix(s, "peb"):
		return time.February
	case strings.HasPrefix(s, "mar"):
		return time.March
	case strings.HasPrefix(s, "apr"):
		return time.April
	case s == "mei" || s == "may":
		return time.May
	case strings.HasPrefix(s, "jun"):
		return time.June
	case strings.HasPrefix(s, "jul"):
		return time.July
	case strings.HasPrefix(s, "ag"), strings.HasPrefix(s, "au"):
		return time.August
	case strings.HasPrefix(s, "sep"):
		return time.September
	case strings.HasPrefix(s, "ok"), strings.HasPrefix(s, "oc"):
		return time.October
	case strings.HasPrefix(s, "nov"), strings.HasPrefix(s, "nop"):
		return time.November
	case strings.HasPrefix(s, "des"), strings.HasPrefix(s, "dec"):
		return time.December
	}
	return 0
}

// weekdayOf returns the weekday a weekday name stands for.
func weekdayOf(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	switch s {
	case "senin", "monday", "mon":
		return time.Monday, true
	case "selasa", "tuesday", "tue", "tues":
		return time.Tuesday, true
	case "rabu", "wednesday", "wed":
		return time.Wednesday, true
	case "kamis", "thursday", "thu", "thur", "thurs":
		return time.Thursday, true
	case "jumat", "jum'at", "jum’at", "friday", "fri":
		return time.Friday, true
	case "sabtu", "saturday", "sat":
		return time.Saturday, true
	case "minggu", "ahad", "sunday", "sun":
		return time.Sunday, true
	}
	return 0, false
}

// dateRE are the compiled date patterns.
type dateRE struct {
	dmy   *regexp.Regexp // [Weekday,] 28 November 2024
	mdy   *regexp.Regexp // [Weekday,] November 28, 2024
	slash *regexp.Regexp // [Weekday] (19/6/2025), 10/21/2025
	iso   *regexp.Regexp // 2024-11-28
	clock *regexp.Regexp // the clock and zone after a date
	zones map[string]*time.Location
}

func newDateRE() dateRE {
	wd := `(?:(` + weekdayNames + `)\.?\s*,?\s*)?`
	return dateRE{
		dmy:   regexp.MustCompile(`\b` + wd + `(\d{1,2})\s+(` + monthNames + `)\.?,?\s+(\d{4})\b`),
		mdy:   regexp.MustCompile(`\b` + wd + `(` + monthNames + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`),
		slash: regexp.MustCompile(`(?:\b(` + weekdayNames + `)\s*,?\s*)?(\()?\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b(\))?`),
		iso:   regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`),
		clock: regexp.MustCompile(`(?i)^(?:\s*[|,•·-]|\s*T|\s+(?:pukul|jam|at)\b|\s)\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?` +
			`(?:\s*([ap])\.?m\b\.?)?(?:\s*(wita|wib|wit|z)\b)?` +
			`(?:\s*(?:(?:gmt|utc)\s*([+-]\d{1,2})(?::?(\d{2}))?\b|([+-]\d{2}):?(\d{2})\b|(gmt|utc)\b))?`),
		zones: map[string]*time.Location{
			"wib": time.FixedZone("WIB", 7*3600), "wita": time.FixedZone("WITA", 8*3600),
			"wit": time.FixedZone("WIT", 9*3600), "utc": time.UTC, "gmt": time.UTC, "z": time.UTC,
		},
	}
}

// dateMatch is one date found in a string.
type dateMatch struct {
	start, end int // byte span, clock and zone included
	year       int
	month      time.Month
	day        int
	weekday    string // as written, "" when none
	hasClock   bool
	hour, min  int
	sec        int
	loc        *time.Location // nil when no zone was written
}

// slashOrder says how an ambiguous a/b/yyyy date is read.
type slashOrder int

const (
	dayFirst   slashOrder = iota // Indonesian text: (19/6/2025)
	monthFirst                   // record exports: 10/21/2025 20:43
)

// windowBefore is how far before a year a date written in words can start
// ("Wednesday, 30 September " is 25 bytes).
const windowBefore = 48

// find returns the first date in s with a four-digit year. The regexps
// only run on the window before each year, which keeps the stage fast on
// long paragraphs.
func (r *dateRE) find(s string, order slashOrder) (dateMatch, bool) {
	run := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			run++
			continue
		}
		if run == 4 {
			ys := i - 4
			ws := max(0, ys-windowBefore)
			we := min(len(s), i+2)
			if ys+4 < len(s) && s[ys+4] == '-' {
				we = min(len(s), i+8) // ISO: the month and day follow
			}
			if m, ok := r.findIn(s[ws:we], order); ok {
				m.start += ws
				m.end += ws
				r.clockAfter(s, &m)
				return m, true
			}
		}
		run = 0
	}
	return dateMatch{}, false
}

// findIn returns the first date in s by running every pattern over it,
// without its clock. The patterns are written in lower case and run on an
// ASCII-lowered copy (same byte offsets): case-insensitive alternations are
// several times slower in Go's regexp.
func (r *dateRE) findIn(s string, order slashOrder) (dateMatch, bool) {
	orig := s
	s = lowerASCII(s)
	// Cheap tests decide which patterns can match at all.
	named := hasMonthWord(s)
	best := dateMatch{start: -1}
	try := func(m dateMatch, ok bool) {
		if ok && (best.start < 0 || m.start < best.start) {
			best = m
		}
	}
	if named {
		r.findNamed(s, orig, try)
	}
	if strings.IndexByte(s, '/') >= 0 {
		r.findSlash(s, orig, order, try)
	}
	if strings.IndexByte(s, '-') >= 0 {
		if loc := r.iso.FindStringSubmatchIndex(s); loc != nil {
			m := dateMatch{start: loc[0], end: loc[1]}
			m.year, m.month, m.day = atoi(sub(s, loc, 1)), time.Month(atoi(sub(s, loc, 2))), atoi(sub(s, loc, 3))
			try(m, true)
		}
	}
	return best, best.start >= 0
}

// hasMonthWord reports whether lower-case s has a month name as a word.
func hasMonthWord(s string) bool {
	for i := 0; i < len(s); {
		for i < len(s) && (s[i] < 'a' || s[i] > 'z') {
			i++
		}
		j := i
		for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
			j++
		}
		if j > i && isMonthWord(s[i:j]) {
			return true
		}
		i = j
	}
	return false
}

// isMonthWord reports whether w is one of monthNames.
func isMonthWord(w string) bool {
	switch w {
	case "januari", "january", "jan", "februari", "pebruari", "february", "feb", "maret", "march",
		"mar", "april", "apr", "mei", "may", "juni", "june", "jun", "juli", "july", "jul",
		"agustus", "august", "agus", "agt", "agu", "aug", "september", "sept", "sep", "oktober",
		"october", "okt", "oct", "november", "nopember", "nov", "desember", "december", "des", "dec":
		return true
	}
	return false
}

// findNamed finds dates with a month name: "28 November 2024", "Nov 28, 2024".
func (r *dateRE) findNamed(s, orig string, try func(dateMatch, bool)) {
	if loc := r.dmy.FindStringSubmatchIndex(s); loc != nil {
		m := dateMatch{start: loc[0], end: loc[1], weekday: sub(orig, loc, 1)}
		m.day = atoi(sub(s, loc, 2))
		m.month = monthOf(sub(s, loc, 3))
		m.year = atoi(sub(s, loc, 4))
		try(m, true)
	}
	if loc := r.mdy.FindStringSubmatchIndex(s); loc != nil {
		m := dateMatch{start: loc[0], end: loc[1], weekday: sub(orig, loc, 1)}
		m.month = monthOf(sub(s, loc, 2))
		m.day = atoi(sub(s, loc, 3))
		m.year = atoi(sub(s, loc, 4))
		try(m, true)
	}
}

// findSlash finds slash dates: "(19/6/2025)", "10/21/2025".
func (r *dateRE) findSlash(s, orig string, order slashOrder, try func(dateMatch, bool)) {
	if loc := r.slash.FindStringSubmatchIndex(s); loc != nil {
		m := dateMatch{start: loc[0], end: loc[1], weekday: sub(orig, loc, 1)}
		if sub(s, loc, 2) != "" && sub(s, loc, 6) == "" {
			// "(" without ")": leave the bracket out of the span.
			m.start = loc[5]
			if m.weekday != "" {
				m.start = loc[0]
			}
		}
		a, b := atoi(sub(s, loc, 3)), atoi(sub(s, loc, 4))
		m.year = atoi(sub(s, loc, 5))
		if m.year < 100 {
			m.year += 2000
		}
		m.day, m.month = a, time.Month(b)
		if order == monthFirst && a <= 12 || b > 12 {
			m.day, m.month = b, time.Month(a)
		}
		try(m, true)
	}
}

// clockAfter reads a clock and zone right after the date in m.
func (r *dateRE) clockAfter(s string, m *dateMatch) {
	rest := s[m.end:]
	loc := r.clock.FindStringSubmatchIndex(rest)
	if loc == nil {
		return
	}
	h, mi := atoi(sub(rest, loc, 1)), atoi(sub(rest, loc, 2))
	if ampm := strings.ToLower(sub(rest, loc, 4)); ampm != "" {
		switch {
		case ampm == "p" && h < 12:
			h += 12
		case ampm == "a" && h == 12:
			h = 0
		}
	}
	if h > 23 || mi > 59 {
		return
	}
	m.hasClock, m.hour, m.min = true, h, mi
	m.sec = atoi(sub(rest, loc, 3))
	if z := strings.ToLower(sub(rest, loc, 5) + sub(rest, loc, 10)); z != "" {
		m.loc = r.zones[z]
	}
	oh, om := sub(rest, loc, 6), sub(rest, loc, 7)
	if oh == "" {
		oh, om = sub(rest, loc, 8), sub(rest, loc, 9)
	}
	if oh != "" {
		off := atoi(oh[1:])*3600 + atoi(om)*60
		if oh[0] == '-' {
			off = -off
		}
		if off > -15*3600 && off < 15*3600 {
			m.loc = time.FixedZone("", off)
		}
	}
	m.end += loc[1]
}

// resolve turns a match into a time. A written weekday that contradicts the
// date moves the date to the nearest year (±1 to ±6, the earlier year first
// on a tie) where they agree, with a warning; when none agrees the date is
// kept and the warning says so. A clock without a zone is read as WIB.
func (r *dateRE) resolve(m dateMatch) (time.Time, string, bool) {
	if m.month < 1 || m.month > 12 || m.day < 1 || m.day > 31 || m.year < 1 {
		return time.Time{}, "", false
	}
	valid := func(y int) (time.Time, bool) {
		t := time.Date(y, m.month, m.day, 0, 0, 0, 0, time.UTC)
		return t, t.Day() == m.day && t.Month() == m.month
	}
	t, ok := valid(m.year)
	var warn string
	if wd, has := weekdayOf(m.weekday); has && ok && t.Weekday() != wd {
		warn = fmt.Sprintf("weekday %q contradicts %s; kept", m.weekday, t.Format(time.DateOnly))
		for d := 1; d <= 6; d++ {
			found := false
			for _, y := range []int{m.year - d, m.year + d} {
				if t2, ok2 := valid(y); ok2 && t2.Weekday() == wd {
					warn = fmt.Sprintf("weekday %q contradicts %s; read as %s", m.weekday, t.Format(time.DateOnly), t2.Format(time.DateOnly))
					m.year, t, found = y, t2, true
					break
				}
			}
			if found {
				break
			}
		}
	}
	if !ok {
		return time.Time{}, "", false
	}
	if !m.hasClock {
		return t, warn, true
	}
	loc := m.loc
	if loc == nil {
		loc = r.zones["wib"]
	}
	return time.Date(m.year, m.month, m.day, m.hour, m.min, m.sec, 0, loc), warn, true
}

// lowerASCII returns s with its ASCII letters in lower case.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func sub(s string, loc []int, i int) string {
	if 2*i+1 >= len(loc) || loc[2*i] < 0 {
		return ""
	}
	return s[loc[2*i]:loc[2*i+1]]
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
