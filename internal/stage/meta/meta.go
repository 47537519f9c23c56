// Package meta is warta's metadata stage. It reads the cleaned text
// (a.Doc.Text) and the raw record and fills what the record did not give:
// the publication time with its zone, the title, the author, the outlet,
// the dateline and the source URL (CODEBOOK §2). Record fields win over what
// the text suggests. Byline, date and "Sumber:" lines are metadata, not
// article text: they are removed from a.Doc.Text.
//
// Rules, in the order they apply:
//   - published: the record's string (raw.Published) when it parses; else the
//     time from the page's metadata (set by clean); else the first date line
//     in the header (the first six lines); else the first date written with
//     its weekday ("Selasa (10/9/2019)", "Rabu, 11 September 2019") in the
//     header, then in the first 3,000 bytes. Bare dates deep in the body
//     ("11 September 2001") are never taken. Years outside 1990..next year
//     are rejected for text dates.
//   - Time zones: WIB = +07:00, WITA = +08:00, WIT = +09:00, written offsets
//     are kept, GMT/UTC/Z are UTC. A clock with no zone is read as WIB: warta
//     reads Indonesian news first. A date with no clock has HasClock false
//     and its Time at 00:00 UTC.
//   - Slash dates: in the text a/b/yyyy is day/month ("Kamis (19/6/2025)").
//     In a record it is month/day ("10/21/2025 20:43", the spreadsheet export
//     of the detik corpus) unless the first part is above 12, when it is
//     day/month; a second part above 12 always means month/day.
//   - Weekday contradicting its date: the nearest year where they agree is
//     taken, with a warning.
//   - outlet and dateline: a lede opening "JAKARTA, KOMPAS.com -",
//     "TEMPO.CO, Jakarta -", "INDOPOS.CO.ID –", "Jakarta (ANTARA) -" or
//     "JAKARTA -" gives the dateline and outlet (a site name in lower case,
//     "kompas.com"), and that formula is cut from the lede, as is a stray
//     leading dash. A lede "Istanbul: ..." gives the dateline but keeps its
//     text, since the sentence reads on from it. With no outlet anywhere,
//     the URL's registrable domain is used (dunia.tempo.co → tempo.co).
//   - title: for a text without one, a short first line with no final full
//     stop, followed by more text, is the headline; it leaves the body.
package meta

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
	"golang.org/x/net/publicsuffix"
)

// headerLines is how many lines at the top of the text are read as header.
const headerLines = 6

// bodyScan is how far into the text a weekday-qualified date is looked for
// when the header has none.
const bodyScan = 3000

// Stage is the metadata stage. It is safe for concurrent use.
type Stage struct {
	dates dateRE
	now   func() time.Time

	authorLabel *regexp.Regexp
	editorLabel *regexp.Regexp
	dateLabel   *regexp.Regexp
	sumber      *regexp.Regexp
	ledes       []ledeRule
	colonLede   *regexp.Regexp
}

// ledeRule is one outlet/dateline formula at the start of a lede. Its
// regexp has named groups "city" and "outlet" (either may be absent).
type ledeRule struct {
	name string
	re   *regexp.Regexp
}

// New returns a metadata stage.
func New() (*Stage, error) {
	const (
		city   = `(?P<city>[A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]+){0,2})`
		domain = `(?P<outlet>[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,6}){1,2})`
		dash   = `\s*(?:-{1,2}|–|—)\s*`
	)
	s := &Stage{
		dates: newDateRE(),
		now:   time.Now,
		authorLabel: regexp.MustCompile(`(?i)^(?:laporan(?: wartawan| reporter)? [^,:]{2,40},|laporan|penulis|reporter|pewarta|` +
			`oleh|ditulis oleh|wartawan|kontributor|written by|by|author)\s*:?\s+(.+)$`),
		editorLabel: regexp.MustCompile(`(?i)^(?:editor|penyunting|redaktur|editing|penerjemah|foto|fotografer|` +
			`videografer|ilustrasi|kontributor foto)\s*:?\s+\S.*$`),
		dateLabel: regexp.MustCompile(`(?i)^(?:diperbarui|dipublikasikan|diterbitkan|terbit|tayang|published|updated|posted|last updated)(?: pada| on)?\s*:?\s*$`),
		sumber:    regexp.MustCompile(`(?i)^(?:sumber|source)\s*:\s*(https?://\S+)$`),
		ledes: []ledeRule{
			{"city-domain", regexp.MustCompile(`^(?P<city>[A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]+){0,2}),\s*` + domain + dash)},
			{"domain-city", regexp.MustCompile(`^` + domain + `\s*,\s*` + city + dash)},
			{"domain", regexp.MustCompile(`^` + domain + dash)},
			{"city-agency", regexp.MustCompile(`^` + city + `\s*\((?P<outlet>[A-Za-z][A-Za-z .]{1,24})\)` + dash)},
			{"city-caps-outlet", regexp.MustCompile(`^(?P<city>[A-Z]{3,}(?: [A-Z]{2,}){0,2}),\s*(?P<outlet>[A-Za-z][A-Za-z0-9]+(?: [A-Z][A-Za-z]+)?)` + dash)},
			{"city-caps", regexp.MustCompile(`^(?P<city>[A-Z]{3,}(?: [A-Z]{2,}){0,2})` + dash)},
			{"city-weekday-date", regexp.MustCompile(`(?i)^(?P<city>[a-z][a-z'.-]+(?: [a-z][a-z'.-]+){0,2}),\s*(?:` + weekdayNames + `)\s*\(\d{1,2}/\d{1,2}/\d{2,4}\)` + dash)},
			{"dash", regexp.MustCompile(`^(?:-{1,2}|–|—)\s+`)},
		},
		colonLede: regexp.MustCompile(`^` + city + `\s*:\s+\S`),
	}
	return s, nil
}

// Run fills a.Doc's metadata from raw (which may be nil) and from the
// cleaned text, and removes the metadata lines from a.Doc.Text.
func (s *Stage) Run(ctx context.Context, a *article.Article, raw *article.Raw) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("meta: %w", err)
	}
	if raw != nil && strings.TrimSpace(raw.Published) != "" {
		p, warn, err := s.ParseRecord(raw.Published)
		switch {
		case err != nil:
			a.Warn(err.Error())
		default:
			a.Doc.Published = p
			if warn != "" {
				a.Warn(warn)
			}
		}
	}

	lines := strings.Split(a.Doc.Text, "\n")
	lines = dropEmpty(lines)

	// Header: byline and date lines.
	var textDate *dateMatch
	author := ""
	for i := 0; i < len(lines) && i < headerLines; {
		info, ok := s.metaLine(lines[i])
		if !ok {
			i++
			continue
		}
		if author == "" {
			author = info.author
		}
		if textDate == nil && info.date != nil {
			textDate = info.date
		}
		if a.Doc.Dateline == "" && info.place != "" {
			a.Doc.Dateline = info.place
		}
		lines = append(lines[:i], lines[i+1:]...)
	}
	// Footer: "Penulis: X", "Editor: Y", "Sumber: URL".
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-4 && i > 0; i-- {
		if m := s.sumber.FindStringSubmatch(lines[i]); m != nil {
			if a.Doc.URL == "" {
				a.Doc.URL = m[1]
			}
			lines = append(lines[:i], lines[i+1:]...)
			continue
		}
		if info, ok := s.metaLine(lines[i]); ok && info.date == nil {
			if author == "" {
				author = info.author
			}
			lines = append(lines[:i], lines[i+1:]...)
		}
	}
	if a.Doc.Author == "" {
		a.Doc.Author = author
	}

	// The headline, when the record and page gave none; a first line that
	// repeats the given headline goes too.
	if len(lines) >= 2 {
		switch {
		case a.Doc.Title == "" && s.titleLike(lines[0], lines[1]):
			a.Doc.Title = lines[0]
			lines = lines[1:]
		case a.Doc.Title != "" && strings.EqualFold(strings.TrimSpace(lines[0]), a.Doc.Title):
			lines = lines[1:]
		}
	}

	// Lede: the outlet and dateline formula opens one of the first lines
	// (after a headline the record kept in the text).
	for i := 0; i < len(lines) && i < 3; i++ {
		l, ok := s.lede(a, lines[i], i == 0)
		if !ok {
			continue
		}
		if l == "" {
			lines = append(lines[:i], lines[i+1:]...)
		} else {
			lines[i] = l
		}
		break
	}

	// Published from the text, when neither record nor page gave one.
	if !a.Doc.Published.Known() {
		if textDate == nil {
			textDate = s.weekdayDate(lines)
		}
		if textDate != nil {
			if t, warn, ok := s.dates.resolve(*textDate); ok && s.sane(t) {
				a.Doc.Published = article.Published{Time: t, HasClock: textDate.hasClock}
				if warn != "" {
					a.Warn(warn)
				}
			}
		}
	}

	if a.Doc.Outlet == "" && a.Doc.URL != "" {
		a.Doc.Outlet = outletFromURL(a.Doc.URL)
	}
	a.Doc.Text = strings.Join(lines, "\n")
	return nil
}

// ParseRecord parses a record's published string: "2019-09-17", RFC 3339,
// "2019-09-10 21:48 WIB", "10/21/2025 20:43", RFC 1123 ("Tue, 17 Sep 2019
// 10:00:00 +0700"), "Selasa, 17 September 2019 10:00 WIB". It returns a
// warning when a written weekday contradicts the date.
func (s *Stage) ParseRecord(v string) (article.Published, string, error) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{time.RFC3339Nano, time.RFC1123Z, time.RFC1123, "2006-01-02T15:04:05Z0700", "Mon, 2 Jan 2006 15:04:05 -0700"} {
		if t, err := time.Parse(layout, v); err == nil {
			if t.Location().String() == "UTC" && strings.HasSuffix(v, "GMT") {
				t = t.UTC()
			}
			return article.Published{Time: t, HasClock: true}, "", nil
		}
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return article.Published{Time: t}, "", nil
	}
	m, ok := s.dates.findIn(v, monthFirst)
	if ok {
		s.dates.clockAfter(v, &m)
		// The date must be the string, give or take a weekday and labels.
		rest := strings.Trim(v[:m.start]+v[m.end:], " ,|-()")
		if len(rest) <= 12 && !strings.ContainsAny(rest, "0123456789") {
			if t, warn, ok := s.dates.resolve(m); ok {
				return article.Published{Time: t, HasClock: m.hasClock}, warn, nil
			}
		}
	}
	return article.Published{}, "", fmt.Errorf("published %q: not a recognised date", v)
}

// sane reports whether a date read from the text is a plausible
// publication date.
func (s *Stage) sane(t time.Time) bool {
	return t.Year() >= 1990 && t.Before(s.now().AddDate(1, 0, 0))
}

// weekdayDate returns the first date written with its weekday in the first
// bytes of the text.
func (s *Stage) weekdayDate(lines []string) *dateMatch {
	n := 0
	for _, line := range lines {
		if n > bodyScan {
			break
		}
		if len(line) > bodyScan-n {
			line = line[:bodyScan-n]
		}
		n += len(line) + 1
		// Cheap test first: a weekday date has a year of four digits.
		if !hasYear(line) {
			continue
		}
		for off := 0; off < len(line); {
			m, ok := s.dates.find(line[off:], dayFirst)
			if !ok {
				break
			}
			if m.weekday != "" {
				m.start += off
				m.end += off
				return &m
			}
			off += m.end
		}
	}
	return nil
}

func hasYear(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run >= 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// lineInfo is what a metadata line says.
type lineInfo struct {
	author string
	date   *dateMatch
	place  string
}

// metaLine reports whether line is a byline, date or editor line, and what
// it says. A line is metadata when every part of it, split at "|" and "•",
// is a date, a clock, a labelled author or editor, a date label, or a name
// or place standing beside a date.
func (s *Stage) metaLine(line string) (lineInfo, bool) {
	if len(line) > 160 {
		return lineInfo{}, false
	}
	var info lineInfo
	rest := line
	if m, ok := s.dates.find(line, dayFirst); ok {
		info.date = &m
		rest = line[:m.start] + " | " + line[m.end:]
	}
	labelled := false
	var names, places []string
	for _, seg := range splitSegments(rest) {
		seg = strings.Trim(seg, " ,;-–—()[]/")
		if seg == "" {
			continue
		}
		if m := s.authorLabel.FindStringSubmatch(seg); m != nil && nameLike(strings.Trim(m[1], " ,")) {
			if info.author == "" {
				info.author = cleanName(strings.Trim(m[1], " ,"))
			}
			labelled = true
			continue
		}
		if s.editorLabel.MatchString(seg) {
			labelled = true
			continue
		}
		if info.date != nil && s.dateLabel.MatchString(seg) {
			continue
		}
		if info.date != nil && nameLike(seg) {
			// "Fajar Nugraha • 28 November 2024" or "Jakarta, Selasa (10/9/2019)".
			if strings.HasSuffix(strings.TrimSpace(line[:info.date.start]), ",") {
				places = append(places, seg)
			} else {
				names = append(names, seg)
			}
			continue
		}
		return lineInfo{}, false
	}
	if info.date == nil && !labelled {
		return lineInfo{}, false
	}
	if info.author == "" && len(names) == 1 && len(strings.Fields(names[0])) >= 2 {
		info.author = cleanName(names[0])
	}
	if len(places) == 1 {
		info.place = titleCaps(places[0])
	}
	return info, true
}

func splitSegments(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '•' || r == '·' })
}

// nameLike reports whether s reads as a person's or place's name: one to
// six capitalised words of letters.
func nameLike(s string) bool {
	if s == "" || len(s) > 60 {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 6 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			switch strings.ToLower(w) {
			case "bin", "binti", "van", "de", "al", "el", "dan", "and", "von", "da":
				continue
			}
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '.' && c != '\'' && c != '-' && c != '’' && c != ',' {
				return false
			}
		}
	}
	return true
}

// cleanName trims a byline name and title-cases one written in capitals.
func cleanName(s string) string {
	s = strings.Trim(strings.TrimSpace(s), ",.")
	return titleCaps(s)
}

// titleCaps title-cases s when it has no lower-case letter ("RENI ERINA"
// → "Reni Erina"); otherwise it returns s as written.
func titleCaps(s string) string {
	for _, r := range s {
		if unicode.IsLower(r) {
			return s
		}
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(words, " ")
}

// titleLike reports whether first reads as a headline over the text next.
func (s *Stage) titleLike(first, next string) bool {
	n := utf8.RuneCountInString(first)
	if n < 10 || n > 160 || len(strings.Fields(first)) < 2 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(first)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(first)
	if last == '.' && !strings.HasSuffix(first, "...") || last == ',' || last == ':' || last == ';' {
		return false
	}
	if strings.Contains(first, ", ,") || strings.Contains(first, ",,") || strings.HasSuffix(first, "-") {
		return false // a fragment of a scraped body
	}
	words := strings.Fields(first)
	if isFunctionWord(words[len(words)-1]) {
		return false // "... hutan dan lahan di"
	}
	caps, content := 0, 0
	for _, w := range words {
		if isFunctionWord(w) {
			continue
		}
		content++
		if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, "\"'“‘(")); unicode.IsUpper(r) || unicode.IsDigit(r) {
			caps++
		}
	}
	if caps*2 < content {
		return false // headlines are in Title Case; this reads as a sentence
	}
	if _, ok := s.metaLine(first); ok {
		return false
	}
	for _, l := range s.ledes[:len(s.ledes)-1] {
		if l.re.MatchString(first) {
			return false
		}
	}
	return utf8.RuneCountInString(next) > n/2
}

// lede reads and cuts the outlet/dateline formula at the start of the lede.
// ok reports that line opens with one; a stray leading dash counts only on
// the first line.
func (s *Stage) lede(a *article.Article, line string, first bool) (string, bool) {
	for _, l := range s.ledes {
		if l.name == "dash" && !first {
			continue
		}
		m := l.re.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		if i := l.re.SubexpIndex("city"); i > 0 && m[2*i] >= 0 && a.Doc.Dateline == "" {
			a.Doc.Dateline = titleCaps(line[m[2*i]:m[2*i+1]])
		}
		if i := l.re.SubexpIndex("outlet"); i > 0 && m[2*i] >= 0 && a.Doc.Outlet == "" {
			o := line[m[2*i]:m[2*i+1]]
			if strings.Contains(o, ".") {
				o = strings.ToLower(o)
			}
			a.Doc.Outlet = strings.TrimSpace(o)
		}
		return strings.TrimSpace(line[m[1]:]), true
	}
	if m := s.colonLede.FindStringSubmatchIndex(line); m != nil && first {
		place := line[m[2]:m[3]]
		if notPlace(place) {
			return line, false
		}
		if a.Doc.Dateline == "" {
			a.Doc.Dateline = titleCaps(place)
		}
		return line, true
	}
	return line, false
}

// isFunctionWord reports whether w is a word a Title Case headline keeps in
// lower case, and that a headline does not end with.
func isFunctionWord(w string) bool {
	switch strings.ToLower(w) {
	case "di", "ke", "dari", "dan", "yang", "untuk", "dengan", "atau", "pada", "dalam",
		"akan", "karena", "soal", "usai", "jelang", "tak", "vs", "oleh", "bagi", "serta",
		"the", "of", "in", "to", "and", "for", "on", "at", "a", "an", "by", "with", "or":
		return true
	}
	return false
}

// notPlace lists words that open a lede with a colon but are labels, not
// places.
func notPlace(s string) bool {
	switch strings.ToLower(strings.Fields(s)[0]) {
	case "foto", "video", "baca", "sumber", "editor", "penulis", "laporan", "reporter", "oleh",
		"catatan", "update", "pasal", "bahan", "kesimpulan", "source", "note", "photo", "breaking",
		"info", "berita", "live", "eksklusif", "exclusive", "opini", "opinion", "tajuk", "analisis":
		return true
	}
	return false
}

// outletFromURL returns the registrable domain of u's host.
func outletFromURL(u string) string {
	pu, err := url.Parse(u)
	if err != nil || pu.Hostname() == "" {
		return ""
	}
	host := strings.ToLower(pu.Hostname())
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return strings.TrimPrefix(host, "www.")
}

func dropEmpty(lines []string) []string {
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
