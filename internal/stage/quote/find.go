package quote

import (
	"unicode"
	"unicode/utf8"
)

// span is a direct quote: the opening mark at open, the quoted words in
// [s, e), and the closing mark ending at close (the paragraph end for a
// quote left open).
type span struct {
	open, s, e, close int
	unclosed          bool // no closing mark: the quote ends with its paragraph
}

// mark kinds.
const (
	notMark = iota
	double
	single
)

// markAt returns the kind and byte length of a quotation mark at text[i],
// and whether it is a typographic opener (“ ‘) or closer (” ’).
func markAt(text string, i int) (kind, size int, opener, closer bool) {
	switch text[i] {
	case '"':
		return double, 1, false, false
	case '\'':
		return single, 1, false, false
	case 0xE2:
		if i+2 < len(text) && text[i+1] == 0x80 {
			switch text[i+2] {
			case 0x9C: // “
				return double, 3, true, false
			case 0x9D: // ”
				return double, 3, false, true
			case 0x98: // ‘
				return single, 3, true, false
			case 0x99: // ’
				return single, 3, false, true
			}
		}
	}
	return notMark, 0, false, false
}

// leftOpen reports whether the rune before i allows an opening mark: the
// paragraph start, a space, or an opening bracket or dash.
func leftOpen(text string, from, i int) bool {
	if i <= from {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[from:i])
	return unicode.IsSpace(r) || r == '(' || r == '[' || r == '—' || r == '–' || r == '-' || r == ':'
}

// rightWord reports whether a word starts at j (no space after the mark).
func rightWord(text string, j, to int) bool {
	if j >= to {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[j:to])
	return !unicode.IsSpace(r)
}

// rightEnd reports whether the mark ending at j closes: the paragraph end,
// a space or punctuation follows.
func rightEnd(text string, j, to int) bool {
	if j >= to {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[j:to])
	return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '\'' && r != '-'
}

func isLetter(text string, i int, before bool) bool {
	var r rune
	if before {
		if i <= 0 {
			return false
		}
		r, _ = utf8.DecodeLastRuneInString(text[:i])
	} else {
		if i >= len(text) {
			return false
		}
		r, _ = utf8.DecodeRuneInString(text[i:])
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// findQuotes returns the direct quotes of text in order.
func findQuotes(text string) []span {
	var out []span
	open := notMark
	var cur span
	for ps := 0; ps < len(text); {
		pe := len(text)
		if nl := indexByteFrom(text, ps, '\n'); nl >= 0 {
			pe = nl
		}
		i := ps
		if open != notMark {
			// A quote runs on from the paragraph before: skip its opening mark.
			j := skipSpace(text, ps, pe)
			k, size, _, _ := markAt(text, min(j, len(text)-1))
			if j < pe && k == open {
				i = j + size
			}
		}
		for i < pe {
			k, size, opener, closer := markAt(text, i)
			if k == notMark {
				i++
				continue
			}
			j := i + size
			switch {
			case open == notMark && k == single && isLetter(text, i, true) && isLetter(text, j, false):
				// an apostrophe: "Qur'an", "don't"
			case open == notMark && !closer && leftOpen(text, ps, i) && rightWord(text, j, pe):
				open, cur = k, span{open: i, s: j}
			case open == k && !opener && !unicode.IsSpace(lastRune(text, i)) && rightEnd(text, j, pe):
				cur.e, cur.close = i, j
				if q, ok := trim(text, cur); ok {
					out = append(out, q)
				}
				open = notMark
			}
			i = j
		}
		if open != notMark {
			// Left open at the paragraph end: it runs on when the next
			// paragraph opens with the same mark, else it ends here.
			next := pe + 1
			j := skipSpace(text, next, len(text))
			k := notMark
			if j < len(text) {
				k, _, _, _ = markAt(text, j)
			}
			if k != open {
				if open == double {
					cur.e, cur.close, cur.unclosed = pe, pe, true
					if q, ok := trim(text, cur); ok && words(text[q.s:q.e]) >= 3 {
						out = append(out, q)
					}
				}
				open = notMark
			}
		}
		ps = pe + 1
	}
	return out
}

// trim narrows a quote to its words: no outer spaces, no comma before the
// closing mark.
func trim(text string, q span) (span, bool) {
	for q.s < q.e && isSpaceByte(text[q.s]) {
		q.s++
	}
	for q.e > q.s && (isSpaceByte(text[q.e-1]) || text[q.e-1] == ',') {
		q.e--
	}
	return q, q.e > q.s
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func lastRune(text string, i int) rune {
	if i <= 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

func skipSpace(text string, i, to int) int {
	for i < to && isSpaceByte(text[i]) {
		i++
	}
	return i
}

func indexByteFrom(s string, from int, c byte) int {
	for i := from; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
