package fact

import "unicode/utf8"

// token is a white-space separated word with its surrounding punctuation
// trimmed off: the core. Offsets are into the text given to tokenize.
type token struct {
	s, e int    // the core
	low  string // the core in ASCII lower case
	cap  bool   // the core starts with an upper-case ASCII letter
	stop bool   // punctuation after the core ends a phrase: , . ; : ) ” ...
	open bool   // punctuation before the core: ( “ ...
	// known: the core is a word of some table of the stage (a number word,
	// unit, qualifier, cue, month, ...). Most words are not, and the scans
	// skip them without a map lookup per table.
	known bool
}

// asciiLower lower-cases the ASCII letters of s and keeps every other byte,
// so that offsets into the result are offsets into s.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// spaceAt returns the length of the white space at text[i], or 0.
func spaceAt(text string, i int) int {
	switch text[i] {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return 1
	case 0xC2: // no-break space
		if i+1 < len(text) && text[i+1] == 0xA0 {
			return 2
		}
	}
	return 0
}

// leadPunct returns the length of an opening bracket or quote at text[i], or 0.
func leadPunct(text string, i int) int {
	switch text[i] {
	case '"', '\'', '(', '[', '{':
		return 1
	case 0xE2: // “ ‘
		if i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0x9C || text[i+2] == 0x98) {
			return 3
		}
	case 0xC2: // «
		if i+1 < len(text) && text[i+1] == 0xAB {
			return 2
		}
	}
	return 0
}

// trailPunct returns the length of closing punctuation that ends at text[e],
// or 0.
func trailPunct(text string, s, e int) int {
	switch text[e-1] {
	case '"', '\'', ')', ']', '}', ',', '.', ';', ':', '!', '?':
		return 1
	}
	if e-s >= 3 && text[e-3] == 0xE2 && text[e-2] == 0x80 {
		switch text[e-1] {
		case 0x9D, 0x99, 0xA6: // ” ’ …
			return 3
		}
	}
	if e-s >= 2 && text[e-2] == 0xC2 && text[e-1] == 0xBB { // »
		return 2
	}
	return 0
}

// tokenize appends the tokens of text[from:to] to buf. lower is text in
// ASCII lower case; known is the set of words of the stage's tables.
func tokenize(text, lower string, from, to int, known map[string]bool, buf []token) []token {
	i := from
	for i < to {
		if n := spaceAt(text, i); n > 0 {
			i += n
			continue
		}
		j := i
		for j < to && spaceAt(text, j) == 0 {
			j++
		}
		s, e := i, j
		open := false
		for s < e {
			n := leadPunct(text, s)
			if n == 0 {
				break
			}
			s += n
			open = true
		}
		stop := false
		for e > s {
			n := trailPunct(text, s, e)
			if n == 0 {
				break
			}
			e -= n
			stop = true
		}
		// A dash glued to the end of a word ("tahun-") ends a phrase; a lone
		// dash is kept as a word of its own (a range: "60 - 63").
		if e-s > 1 && text[e-1] == '-' {
			e--
			stop = true
		} else if e-s > 3 && text[e-3:e] == "–" {
			e -= 3
			stop = true
		}
		if e > s {
			r, _ := utf8.DecodeRuneInString(text[s:])
			low := lower[s:e]
			buf = append(buf, token{s: s, e: e, low: low, cap: 'A' <= r && r <= 'Z', stop: stop, open: open, known: known[low]})
		} else if len(buf) > 0 {
			buf[len(buf)-1].stop = true // a lone quote or dash of punctuation
		}
		i = j
	}
	return buf
}

// hasDigit reports whether s holds an ASCII digit.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

// mayHoldFigure is a cheap test, before tokenising, of whether a sentence
// (in ASCII lower case) may hold a figure: a digit, or a word that may
// start a number word ("dua", "sepertiga", "twenty-five"). It looks each
// run of ASCII letters up once, with no allocation.
func (t *tables) mayHoldFigure(low string) bool {
	for i := 0; i < len(low); {
		c := low[i]
		if '0' <= c && c <= '9' {
			return true
		}
		if c < 'a' || c > 'z' {
			i++
			continue
		}
		j := i
		for j < len(low) && 'a' <= low[j] && low[j] <= 'z' {
			j++
		}
		if t.numStart[low[i:j]] {
			return true
		}
		i = j
	}
	return false
}
