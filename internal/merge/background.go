package merge

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// timing is what a mention's sentence says about when its event happened,
// beyond the date the coder gave it.
type timing int

const (
	// dated: the event date is explicit (the sentence has a date
	// expression, or the date differs from the publication date), or
	// there is no sentence or publication date to tell.
	dated timing = iota
	// current: the date is only the publication date and the sentence
	// reads as news of the day.
	current
	// background: the date is only the publication date and the sentence
	// reads as background: a perfect or past marker ("telah", "sebelumnya",
	// "has"), an anaphoric reference to a known event ("serangan itu") or
	// a claim of responsibility. The event happened on or before that
	// date, so the mention may join an earlier canonical event.
	background
	// elsewhen: the date is only the publication date but the sentence
	// names an earlier year or month ("pada 2016", "pada bulan Juni"):
	// the event is not of the publication date, and its day is unknown.
	elsewhen
	// ago: the sentence points a few days back without a date
	// ("beberapa hari lalu", "pekan lalu"; CueAgo), whatever day the
	// coder resolved that to: the event happened within the lookback
	// before the publication date. It is background, and where one
	// date suffices to merge (rules.sameDay) any date of that span does.
	ago
)

// isBackground reports a timing whose date only bounds the event's.
func (t timing) isBackground() bool { return t == background || t == ago }

// timingOf classifies a mention's date. date is the coder's event date and
// pub the article's publication date ("" when unknown), both YYYY-MM-DD.
// A sentence with an indefinite or distant past (a CuePast: "beberapa
// waktu lalu", "tahun lalu") is elsewhen, as one naming an earlier year or
// month outside a relative clause.
//
// A sentence that points a few days back without a date (a CueAgo:
// "beberapa hari lalu", "pekan lalu") is ago, whether or not the coder
// resolved it to a day before the publication.
func timingOf(sentence, date, pub string, cues cueSet) timing {
	if sentence == "" || pub == "" || date > pub {
		return dated
	}
	words := tokenize(sentence)
	if hasDateExpr(words) {
		return dated
	}
	if date != pub {
		if cues.has(CueAgo, words) && !cues.has(CuePast, words) {
			return ago
		}
		return dated
	}
	if cues.has(CuePast, words) {
		return elsewhen
	}
	if p, err := time.Parse(time.DateOnly, pub); err == nil && namesEarlierTime(sentence, p, cues) {
		return elsewhen
	}
	if cues.has(CueAgo, words) {
		return ago
	}
	if hasBackground(words) || cues.has(CueBackground, words) {
		return background
	}
	return current
}

// tokenize splits a sentence into lower-case words of letters and digits;
// a slash between digits ("16/9") is kept as its own word.
func tokenize(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\''
		if word && start < 0 {
			start = i
		}
		if !word && start >= 0 {
			out = append(out, strings.ToLower(s[start:i]))
			start = -1
		}
		if r == '/' {
			out = append(out, "/")
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

// months maps month names to their numbers. English "may" and "march" are
// words too, so they count only next to a day number.
// Abbreviations count only next to a day number too.
var months = map[string]int{
	"januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
	"juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11, "desember": 12,
	"january": 1, "february": 2, "june": 6, "july": 7, "august": 8, "october": 10, "december": 12,
}

var nearMonths = map[string]bool{
	"may": true, "march": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "agu": true, "agt": true, "aug": true, "sep": true, "sept": true, "okt": true,
	"oct": true, "nov": true, "des": true, "dec": true,
}

// bareMonth returns the number of a month named in full.
func bareMonth(w string) (int, bool) {
	n, ok := months[w]
	return n, ok
}

// monthNear reports a month name or abbreviation, as next to a day number.
func monthNear(w string) bool {
	_, ok := months[w]
	return ok || nearMonths[w]
}

// dateWords are weekdays and relative days: the coder resolves them, so a
// sentence with one is dated even when it resolves to the publication date.
var dateWords = map[string]bool{
	"senin": true, "selasa": true, "rabu": true, "kamis": true, "jumat": true, "jum'at": true,
	"sabtu": true, "ahad": true, "minggu": true, "kemarin": true, "semalam": true, "besok": true,
	"esok": true, "lusa": true, "monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "yesterday": true, "today": true,
	"tonight": true, "tomorrow": true,
}

var dateBigrams = map[string]bool{
	"hari ini": true, "pagi ini": true, "siang ini": true, "sore ini": true, "malam ini": true,
	"tadi malam": true, "tadi pagi": true, "tadi siang": true,
}

func dayNumber(w string) bool {
	n, err := strconv.Atoi(w)
	return err == nil && n >= 1 && n <= 31
}

// hasDateExpr reports a date expression: a day and a month ("14
// September", "September 14", "14/9"), a weekday or a relative day.
func hasDateExpr(words []string) bool {
	for i, w := range words {
		if dateWords[w] {
			return true
		}
		if i+1 < len(words) && dateBigrams[w+" "+words[i+1]] {
			return true
		}
		if !dayNumber(w) {
			continue
		}
		if i+1 < len(words) && (monthNear(words[i+1]) || words[i+1] == "/" && i+2 < len(words) && dayNumber(words[i+2])) {
			return true
		}
		if i > 0 && monthNear(words[i-1]) {
			return true
		}
	}
	return false
}

// namesEarlierTime reports a year before the publication year, or a bare
// month name before the publication month; a year only outside relative
// clauses: in "Tepi Barat yang diduduki Israel pada 1967" the year tells
// which land, not when the event was. A relative clause runs from its CueRelative to
// the next comma, semicolon, colon or bracket.
func namesEarlierTime(sentence string, pub time.Time, cues cueSet) bool {
	for _, part := range strings.FieldsFunc(sentence, func(r rune) bool { return strings.ContainsRune(",;:()[]", r) }) {
		words := tokenize(part)
		rel := len(words)
		if at := cues.starts(CueRelative, words); len(at) > 0 {
			rel = at[0]
		}
		if earlierTime(words, rel, pub) {
			return true
		}
	}
	return false
}

// earlierTime reports an earlier year before word rel, or an earlier
// month anywhere: a month named in a relative clause ("yang terhenti
// sejak Februari") still places a recent event.
func earlierTime(words []string, rel int, pub time.Time) bool {
	for i, w := range words {
		if len(w) == 4 && i < rel {
			if y, err := strconv.Atoi(w); err == nil && y >= 1900 && y < pub.Year() {
				return true
			}
		}
		if m, ok := bareMonth(w); ok && m < int(pub.Month()) {
			return true
		}
	}
	return false
}

// backgroundWords mark a perfect or past event in Indonesian and English.
var backgroundWords = map[string]bool{
	"telah": true, "sudah": true, "sebelumnya": true, "sempat": true, "pernah": true,
	"sejak": true, "silam": true, "dulu": true, "dahulu": true, "pasca": true,
	"has": true, "had": true, "have": true, "earlier": true, "previously": true,
	"ago": true, "since": true,
}

// periodWords before "lalu" make it "ago" ("pekan lalu") rather than "then".
var periodWords = map[string]bool{
	"pekan": true, "minggu": true, "bulan": true, "tahun": true, "waktu": true, "hari": true,
	"masa": true, "malam": true, "last": true,
}

// eventNouns followed by a demonstrative refer to an event the reader
// already knows: "serangan itu", "insiden tersebut".
var eventNouns = map[string]bool{
	"serangan": true, "penyerangan": true, "insiden": true, "peristiwa": true, "kejadian": true,
	"tragedi": true, "ledakan": true, "pengeboman": true, "pembunuhan": true, "penembakan": true,
	"attack": true, "attacks": true, "strike": true, "strikes": true, "incident": true,
}

var demonstratives = map[string]bool{"itu": true, "tersebut": true, "ini": true, "that": true, "this": true}

func hasBackground(words []string) bool {
	for i, w := range words {
		if backgroundWords[w] {
			return true
		}
		if i == 0 {
			continue
		}
		prev := words[i-1]
		switch {
		case w == "lalu" && periodWords[prev],
			(w == "week" || w == "month" || w == "year") && prev == "last",
			demonstratives[w] && eventNouns[prev],
			w == "jawab" && prev == "bertanggung",
			w == "responsibility" && prev == "claimed":
			return true
		}
	}
	return false
}

// afterTrigger reports whether the event's trigger comes right after a
// CueAfter word ("harga minyak melonjak pada Senin, setelah serangan
// drone"): the event happened before the sentence's date, which is that
// of its main clause.
// words and tw are the tokenized sentence and trigger.
func afterTrigger(words, tw []string, cues cueSet) bool {
	if len(tw) == 0 {
		return false
	}
	for i := 1; i+len(tw) <= len(words); i++ {
		if slices.Equal(words[i:i+len(tw)], tw) {
			after := cues.spans(CueAfter, words[:i])
			return after != nil && after[i-1]
		}
	}
	return false
}

// namedTimes returns the years and months a sentence names, as "y2015"
// and "m06", sorted and distinct: a year outside relative clauses (as
// namesEarlierTime reads them), a month named in full anywhere. For an
// undated mention they are the coarse date of its event: "pada Juni" and
// "pada bulan Juni" name one month, "sejak Maret 2015" and "sejak 2015"
// one year.
func namedTimes(sentence string, cues cueSet) []string {
	var out []string
	for _, part := range strings.FieldsFunc(sentence, func(r rune) bool { return strings.ContainsRune(",;:()[]", r) }) {
		words := tokenize(part)
		rel := len(words)
		if at := cues.starts(CueRelative, words); len(at) > 0 {
			rel = at[0]
		}
		for i, w := range words {
			if len(w) == 4 && i < rel {
				if y, err := strconv.Atoi(w); err == nil && y >= 1900 && y <= 2100 {
					out = append(out, "y"+w)
				}
			}
			if m, ok := bareMonth(w); ok {
				out = append(out, fmt.Sprintf("m%02d", m))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
