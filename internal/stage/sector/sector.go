// Package sector is the sector stage: it weighs the sectors of CODEBOOK.md
// §6 (nuclear, energy, trade & finance, ...) for an article as a whole.
//
// It counts the sector cues of internal/lexicon ({id,en}/sectors.tsv, read
// through lexicon.SectorCues, the same cues the event stage uses per
// sentence) over the headline and the text. A cue in the headline counts
// TitleWeight times. A sector is kept when it has enough evidence: at least
// MinScore, and at least MinShare of the best sector's score. The weights of
// the kept sectors are their scores normalised to sum to 1, rounded to three
// decimals, in decreasing order.
package sector

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/lexicon"
)

// Evidence thresholds and weights.
const (
	// TitleWeight is what a cue in the headline counts for.
	TitleWeight = 3
	// MinScore is the least score of a kept sector: one mention in the
	// text is not enough; a headline mention or repeated mentions are.
	MinScore = 3
	// MinShare is the least score of a kept sector relative to the best.
	MinShare = 0.15
)

// cue is a sector cue split into lower-case words; the last word may be a
// prefix ("nuklir*").
type cue struct {
	sector int
	words  []string
	prefix bool
}

// Stage is the sector stage. It is safe for concurrent use.
type Stage struct {
	names    []string         // sector names, in lexicon.Sectors order
	single   map[string][]int // one-word cues: word -> sectors
	multi    map[string][]cue // cues of several words or prefixes, by first word
	prefixes map[string][]cue // one-word prefix cues by their first three bytes
	short    []cue            // one-word prefix cues under three bytes
}

// New builds the sector stage from the embedded sector cues of both
// languages (Indonesian articles use English terms and the other way round).
func New() (*Stage, error) {
	s := &Stage{names: lexicon.Sectors(), single: map[string][]int{}, multi: map[string][]cue{}, prefixes: map[string][]cue{}}
	index := map[string]int{}
	for i, n := range s.names {
		index[n] = i
	}
	for _, lang := range lexicon.Languages() {
		cues, err := lexicon.SectorCues(lang)
		if err != nil {
			return nil, fmt.Errorf("sector: %w", err)
		}
		for _, c := range cues {
			sec, ok := index[c.Sector]
			if !ok {
				return nil, fmt.Errorf("sector: unknown sector %q", c.Sector)
			}
			phrase := strings.ToLower(c.Phrase)
			prefix := strings.HasSuffix(phrase, "*")
			ws := splitWords(strings.TrimSuffix(phrase, "*"), nil)
			if len(ws) == 0 {
				continue
			}
			words := make([]string, len(ws))
			for i, w := range ws {
				words[i] = phrase[w.s:w.e]
			}
			switch {
			case len(words) == 1 && !prefix:
				if !slices.Contains(s.single[words[0]], sec) {
					s.single[words[0]] = append(s.single[words[0]], sec)
				}
			case len(words) == 1:
				c := cue{sector: sec, words: words, prefix: true}
				if len(words[0]) < 3 {
					s.short = append(s.short, c)
				} else {
					k := words[0][:3]
					s.prefixes[k] = append(s.prefixes[k], c)
				}
			default:
				s.multi[words[0]] = append(s.multi[words[0]], cue{sector: sec, words: words, prefix: prefix})
			}
		}
	}
	return s, nil
}

// Run sets a.Sectors from a.Doc.Title and a.Doc.Text.
func (s *Stage) Run(ctx context.Context, a *article.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.Sectors = s.Weigh(a.Doc.Title, a.Doc.Text)
	return nil
}

// Weigh returns the sectors of an article with their weights, heaviest
// first; an empty list when no sector has enough evidence.
func (s *Stage) Weigh(title, text string) []article.Sector {
	scores := make([]float64, len(s.names))
	s.count(title, TitleWeight, scores)
	s.count(text, 1, scores)
	best := slices.Max(scores)
	total := 0.0
	for i, v := range scores {
		if v < MinScore || v < MinShare*best {
			scores[i] = 0
		}
		total += scores[i]
	}
	out := []article.Sector{}
	if total == 0 {
		return out
	}
	for i, v := range scores {
		if v > 0 {
			out = append(out, article.Sector{Name: s.names[i], Weight: math.Round(v/total*1000) / 1000})
		}
	}
	slices.SortStableFunc(out, func(a, b article.Sector) int { return cmp.Compare(b.Weight, a.Weight) })
	return out
}

// count adds weight to the score of each sector for each cue in text.
func (s *Stage) count(text string, weight float64, scores []float64) {
	if text == "" {
		return
	}
	low := strings.ToLower(text)
	ws := splitWords(low, make([]span, 0, len(low)/6))
	for i, w := range ws {
		word := low[w.s:w.e]
		for _, sec := range s.single[word] {
			scores[sec] += weight
		}
		for _, c := range s.multi[word] {
			if matches(low, ws[i:], c) {
				scores[c.sector] += weight
			}
		}
		var cands []cue
		if len(word) >= 3 {
			cands = s.prefixes[word[:3]]
		}
		for _, list := range [][]cue{cands, s.short} {
			for _, c := range list {
				if strings.HasPrefix(word, c.words[0]) && !(len(word) == len(c.words[0]) && s.hasSingle(word, c.sector)) {
					scores[c.sector] += weight
				}
			}
		}
	}
}

// hasSingle reports whether word is also a whole-word cue of sector, so
// that a prefix cue does not count it twice.
func (s *Stage) hasSingle(word string, sector int) bool {
	return slices.Contains(s.single[word], sector)
}

// matches reports whether the words ws (from the cue's first word on) hold
// the cue.
func matches(low string, ws []span, c cue) bool {
	if len(ws) < len(c.words) {
		return false
	}
	for k, cw := range c.words {
		w := low[ws[k].s:ws[k].e]
		if k == len(c.words)-1 && c.prefix {
			if !strings.HasPrefix(w, cw) {
				return false
			}
		} else if w != cw {
			return false
		}
	}
	return true
}

// span is a word of a text.
type span struct{ s, e int }

// splitWords appends the words of s: runs of letters and digits, joined by
// inner hyphens ("S-400", "COVID-19").
func splitWords(s string, out []span) []span {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r2) {
				j += sz
				continue
			}
			if r2 == '-' && j+1 < len(s) {
				if r3, _ := utf8.DecodeRuneInString(s[j+1:]); isWordRune(r3) {
					j += sz
					continue
				}
			}
			break
		}
		out = append(out, span{i, j})
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
