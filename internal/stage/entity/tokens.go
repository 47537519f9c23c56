package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/lexicon"
)

// token is a word (a run of letters and digits) or a single other
// non-space character, with its byte span in the text.
type token struct {
	start, end int
	text       string
	fold       string // lower-cased, accents removed: the matching key
	word       bool   // letters or digits
	cap        bool   // starts with an upper-case letter
	upper      bool   // all letters upper case (an acronym or a shouted headline)
}

// tokenize splits text into tokens. Alias data and article text are split
// the same way, so "U.S.", "al-Qaeda" and "Bangsa-Bangsa" match token by
// token whatever the spacing.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r) || r == '\u00a0':
			i += size
		case isWordRune(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !isWordRune(r2) {
					break
				}
				j += s2
			}
			toks = append(toks, newToken(text, i, j, true))
			i = j
		default:
			toks = append(toks, newToken(text, i, i+size, false))
			i += size
		}
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func newToken(text string, start, end int, word bool) token {
	s := text[start:end]
	t := token{start: start, end: end, text: s, word: word}
	if !word {
		t.fold = foldPunct(s)
		return t
	}
	t.fold = fold(s)
	r, _ := utf8.DecodeRuneInString(s)
	t.cap = unicode.IsUpper(r)
	t.upper = t.cap
	if t.cap {
		for _, c := range s {
			if unicode.IsLower(c) {
				t.upper = false
				break
			}
		}
	}
	return t
}

// foldPunct maps typographic variants of a punctuation mark to one form.
func foldPunct(s string) string {
	switch s {
	case "’", "‘", "`", "´":
		return "'"
	case "‐", "‑", "–":
		return "-"
	}
	return s
}

// fold lower-cases s and strips accents ("Türk" -> "turk").
func fold(s string) string { return lexicon.Fold(s) }

// foldPhrase folds a whole phrase token by token, joined by single spaces:
// the key under which names are compared.
func foldPhrase(s string) string {
	toks := tokenize(s)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.fold
	}
	return strings.Join(parts, " ")
}

// slug makes an ID key from a name: "Vladimir Putin" -> "vladimir-putin".
func slug(s string) string { return lexicon.Slug(s) }

// adjacent reports whether two tokens touch (no space between them).
func adjacent(a, b token) bool { return a.end == b.start }
