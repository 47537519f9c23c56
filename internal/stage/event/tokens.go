package event

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	tokWord  = iota // a word, analysed into stems
	tokPunct        // one punctuation rune
	tokActor        // an actor mention: one or more actors (a pair for "kedua negara")
	tokName         // an entity that is not an actor (a city): a word that matches no cue
)

// token is a word, punctuation mark or actor mention of a sentence. start
// and end are byte offsets into the sentence's text.
type token struct {
	kind       int
	start, end int
	text       string
	low        string
	ans        []analysis // tokWord only
	actors     []int      // tokActor only: indexes into the article's actors
	pron       string     // "self" or "other" for pronouns, "" otherwise
	people     int        // tokName of a place of a state: the actor its people stand for, or -1
	headed     bool       // tokActor headed by an agent noun before it ("dissidents from Egypt")
}

// span is an entity mention inside a sentence: [start,end) relative to the
// sentence, and the actors (or, for tokName, nothing) it stands for.
type span struct {
	start, end int
	actors     []int
	name       bool // an entity that is no actor
	people     int  // name of a place of a state: 1 + its people's actor ("warga Papua Barat"), 0 for none
	group      bool // "kelompok tersebut": resolved to the last armed group
	pair       bool // "kedua pihak": resolved to the last two actors
}

// tokenize splits text into tokens, collapsing each mention span into one
// token. Spans may overlap: the longest wins, and two entities with the very
// same span (a pair anaphor) share one token.
func (s *Stage) tokenize(g *grammar, lang, text string, spans []span) []token {
	spans = mergeSpans(spans)
	var out []token
	si := 0
	for i := 0; i < len(text); {
		for si < len(spans) && spans[si].end <= i {
			si++
		}
		if si < len(spans) && spans[si].start <= i {
			sp := spans[si]
			t := token{kind: tokActor, start: sp.start, end: sp.end, text: text[sp.start:sp.end], actors: sp.actors, people: -1}
			if sp.name {
				t.kind = tokName
				if sp.people > 0 {
					t.people = sp.people - 1
				}
			}
			if sp.group {
				t.pron = "group"
			}
			if sp.pair {
				t.pron = "pair"
			}
			t.low = strings.ToLower(t.text)
			out = append(out, t)
			i = sp.end
			si++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case isWordRune(r):
			j := i + size
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if isWordRune(r2) {
					j += n2
					continue
				}
				// An inner hyphen or period joins ("negara-negara", "S-400", "U.S").
				if (r2 == '-' || r2 == '.') && j+n2 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+n2:])
					if isWordRune(r3) && (r2 == '-' || unicode.IsUpper(r3)) {
						j += n2
						continue
					}
				}
				break
			}
			if si < len(spans) && j > spans[si].start {
				j = spans[si].start
			}
			out = append(out, s.word(g, lang, text, i, j))
			i = j
		case (r == '\'' || r == '’') && i+size < len(text) && (text[i+size] == 's' || text[i+size] == 'S'):
			// English possessive "'s" is one token.
			j := i + size + 1
			out = append(out, token{kind: tokWord, start: i, end: j, text: text[i:j], low: "'s", ans: []analysis{{"'s", formBare}}})
			i = j
		default:
			out = append(out, token{kind: tokPunct, start: i, end: i + size, text: text[i : i+size], low: text[i : i+size]})
			i += size
		}
	}
	return out
}

func (s *Stage) word(g *grammar, lang, text string, i, j int) token {
	t := token{kind: tokWord, start: i, end: j, text: text[i:j]}
	t.low = strings.ToLower(t.text)
	var all []analysis
	if lang == "en" {
		all = stemEN(t.text, g.irregular)
	} else {
		all = stemID(t.text)
	}
	// Keep the literal word and the stems the lexicon knows.
	t.ans = all[:1]
	for _, a := range all[1:] {
		if g.stems[a.stem] {
			t.ans = append(t.ans, a)
		}
	}
	switch {
	case g.has("pron_self", t.low):
		t.pron = "self"
	case g.has("pron_other", t.low):
		t.pron = "other"
	}
	return t
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mergeSpans orders spans by start and drops spans inside longer ones;
// identical spans join their actors.
func mergeSpans(spans []span) []span {
	if len(spans) < 2 {
		return spans
	}
	sort.SliceStable(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	out := spans[:0:0]
	for _, sp := range spans {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if sp.start == last.start && sp.end == last.end {
				if !sp.name {
					if last.name {
						last.name = false
					}
					last.actors = appendUnique(last.actors, sp.actors...)
				}
				continue
			}
			if sp.start < last.end {
				// Overlap: the earlier, longer span stands; a person's
				// mention covers the country of its title.
				continue
			}
		}
		out = append(out, sp)
	}
	return out
}

func appendUnique(xs []int, ys ...int) []int {
	for _, y := range ys {
		found := false
		for _, x := range xs {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			xs = append(xs, y)
		}
	}
	return xs
}
