package ner

import (
	"unicode"
	"unicode/utf8"
)

// Token is one token of raw text with its byte offsets: text[Start:End] == Text.
type Token struct {
	Text       string
	Start, End int
}

// Tokenize splits raw article text into tokens the way the training corpora
// are tokenised: punctuation becomes its own token, but dotted acronyms
// ("U.S."), numbers with inner separators ("2.000", "1,5", "8/4/2015"),
// letter-digit runs ("Rp75") and inner hyphens or apostrophes ("al-Qaeda",
// "Ma'ruf") stay whole. It never allocates per character and keeps offsets
// so spans can be mapped back onto the text.
func Tokenize(text string) []Token {
	toks := make([]Token, 0, len(text)/6+1)
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case isWordRune(r):
			end := scanWord(text, i)
			toks = append(toks, Token{Text: text[i:end], Start: i, End: end})
			i = end
		default:
			// A run of the same punctuation ("...", "--") is one token.
			end := i + size
			for end < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[end:])
				if r2 != r {
					break
				}
				end += s2
			}
			toks = append(toks, Token{Text: text[i:end], Start: i, End: end})
			i = end
		}
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// scanWord returns the end of the word starting at start.
func scanWord(text string, start int) int {
	if end, ok := scanAcronym(text, start); ok {
		return end
	}
	i := start
	var prev rune
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			prev = r
			i += size
			continue
		}
		next, nsize := utf8.DecodeRuneInString(text[i+size:])
		if nsize == 0 {
			break
		}
		joined := false
		switch r {
		case '-', '\'', '\u2019', '_':
			// al-Qaeda, Covid-19, Ma'ruf.
			joined = isWordRune(next)
		case '.', ',', '/', ':':
			// 2.000, 1,5, 8/4/2015, 10:30.
			joined = unicode.IsDigit(prev) && unicode.IsDigit(next)
		}
		if !joined {
			break
		}
		prev = r
		i += size
	}
	return i
}

// scanAcronym matches two or more single letters each followed by a dot
// ("U.S.", "A.S.", "S.H.") at start.
func scanAcronym(text string, start int) (int, bool) {
	i, n := start, 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) || i+size >= len(text) || text[i+size] != '.' {
			break
		}
		j := i + size + 1
		// The letter must be single: the next rune may not be a letter
		// directly before the dot.
		n++
		i = j
		if i >= len(text) {
			break
		}
		r2, _ := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r2) {
			break
		}
	}
	if n < 2 {
		return start, false
	}
	// The acronym must not run on into a longer word ("U.Sxyz").
	if i < len(text) {
		r, _ := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			return start, false
		}
	}
	return i, true
}
