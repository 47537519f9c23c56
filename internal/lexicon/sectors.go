package lexicon

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sectors names the sectors of CODEBOOK.md §6, in the order they are
// reported.
func Sectors() []string {
	return []string{"nuclear", "energy", "trade & finance", "transport & logistics", "space",
		"security & military", "science & technology", "education & culture",
		"agriculture & food", "health", "environment & climate"}
}

// SectorCue is one row of a language's sectors.tsv: a phrase that names a
// sector. A phrase ending in "*" matches any word that starts with it
// ("nuklir*" matches "nuklirnya"); otherwise it matches whole words.
// Matching ignores case.
type SectorCue struct {
	Sector string
	Phrase string
}

// SectorCues returns the sector cues of a language (id or en):
// sectors.tsv, whose rows are "sector<TAB>phrase|phrase|...".
func SectorCues(lang string) ([]SectorCue, error) {
	rows, err := Rows(lang, "sectors.tsv", 2)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, s := range Sectors() {
		known[s] = true
	}
	var out []SectorCue
	for i, r := range rows {
		if !known[r[0]] {
			return nil, fmt.Errorf("lexicon %s/sectors.tsv: row %d: unknown sector %q", lang, i+1, r[0])
		}
		for _, p := range list(r[1]) {
			out = append(out, SectorCue{Sector: r[0], Phrase: strings.ToLower(p)})
		}
	}
	return out, nil
}

// SectorMatcher finds the sectors a text names. It is built once and is
// safe for concurrent use.
type SectorMatcher struct {
	cues  []SectorCue
	order map[string]int
}

// NewSectorMatcher returns a matcher over the sector cues of the given
// languages (Indonesian articles quote English terms, so both are usual).
func NewSectorMatcher(langs ...string) (*SectorMatcher, error) {
	m := &SectorMatcher{order: map[string]int{}}
	for i, s := range Sectors() {
		m.order[s] = i
	}
	for _, l := range langs {
		c, err := SectorCues(l)
		if err != nil {
			return nil, err
		}
		m.cues = append(m.cues, c...)
	}
	return m, nil
}

// Match returns the sectors whose cues occur in text, in the order of
// Sectors, each once; nil when none does.
func (m *SectorMatcher) Match(text string) []string {
	if m == nil || text == "" {
		return nil
	}
	low := strings.ToLower(text)
	found := map[string]bool{}
	for _, c := range m.cues {
		if found[c.Sector] {
			continue
		}
		if containsPhrase(low, c.Phrase) {
			found[c.Sector] = true
		}
	}
	if len(found) == 0 {
		return nil
	}
	out := make([]string, 0, len(found))
	for s := range found {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return m.order[out[i]] < m.order[out[j]] })
	return out
}

// containsPhrase reports whether phrase occurs in low on word boundaries; a
// final "*" lets the last word run on.
func containsPhrase(low, phrase string) bool {
	prefix := strings.HasSuffix(phrase, "*")
	phrase = strings.TrimSuffix(phrase, "*")
	if phrase == "" {
		return false
	}
	for from := 0; from < len(low); {
		i := strings.Index(low[from:], phrase)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(phrase)
		if isBoundary(low, i, true) && (prefix || isBoundary(low, end, false)) {
			return true
		}
		from = i + 1
	}
	return false
}

// isBoundary reports whether position i of s is a word edge: before is true
// for the start of a word (look at the rune before i), false for its end.
func isBoundary(s string, i int, before bool) bool {
	if before {
		if i == 0 {
			return true
		}
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}
