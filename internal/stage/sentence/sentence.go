// Package sentence splits an article's cleaned text into sentences, with
// byte offsets into the text. It is rule-based: a sentence ends at ".", "!",
// "?" or "…" (with any closing quotes or brackets) followed by white space
// and a capital, digit or opening quote, unless the word before the period
// is a known abbreviation or an initial. A line break always ends a sentence.
package sentence

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/lexicon"
)

// Splitter is the sentence stage.
type Splitter struct {
	abbrev map[string]bool
}

// New builds a Splitter from the embedded abbreviation lists.
func New() (*Splitter, error) {
	ab, err := lexicon.Abbreviations()
	if err != nil {
		return nil, err
	}
	return &Splitter{abbrev: ab}, nil
}

// Run sets a.Sentences from a.Doc.Text.
func (s *Splitter) Run(_ context.Context, a *article.Article) error {
	a.Sentences = s.Split(a.Doc.Text)
	return nil
}

// Split returns the sentences of text as byte spans, trimmed of white space.
func (s *Splitter) Split(text string) []article.Sentence {
	out := []article.Sentence{}
	start := 0
	for start < len(text) {
		nl := strings.IndexByte(text[start:], '\n')
		end := len(text)
		if nl >= 0 {
			end = start + nl
		}
		out = s.splitLine(text, start, end, out)
		start = end + 1
	}
	return out
}

// splitLine appends the sentences of text[start:end], which holds no newline.
func (s *Splitter) splitLine(text string, start, end int, out []article.Sentence) []article.Sentence {
	from := start
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if !isTerminator(r) {
			i += size
			continue
		}
		j := i + size
		// A run of terminators ("?!", "...") and closing quotes or brackets.
		for j < end {
			r2, sz := utf8.DecodeRuneInString(text[j:end])
			if !isTerminator(r2) && !isCloser(r2) {
				break
			}
			j += sz
		}
		if s.boundary(text, from, i, j, end, r) {
			out = appendTrimmed(out, text, from, j)
			from = j
		}
		i = j
	}
	return appendTrimmed(out, text, from, end)
}

// boundary reports whether the terminator at text[i] (ending with its closers
// at j) ends a sentence that began at from.
func (s *Splitter) boundary(text string, from, i, j, end int, term rune) bool {
	// Must be followed by white space, then a sentence opener.
	k := j
	for k < end {
		r, sz := utf8.DecodeRuneInString(text[k:end])
		if !unicode.IsSpace(r) {
			break
		}
		k += sz
	}
	if k == j || k >= end {
		return false
	}
	next, _ := utf8.DecodeRuneInString(text[k:end])
	if !(unicode.IsUpper(next) || unicode.IsDigit(next) || isOpener(next)) {
		return false
	}
	if term != '.' || j > i+1 {
		return true
	}
	// A single period: not after an abbreviation or an initial.
	w := i
	for w > from {
		r, sz := utf8.DecodeLastRuneInString(text[from:w])
		if unicode.IsSpace(r) || r == '(' || isOpener(r) {
			break
		}
		w -= sz
	}
	word := text[w:i]
	if word == "" {
		return true
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		if unicode.IsUpper(r) {
			return false // an initial: "M. Hendra", "B.J. Habibie"
		}
	}
	if isInitials(word) {
		return false // "B.J. Habibie", "U.S. officials"
	}
	return !s.abbrev[strings.ToLower(word)]
}

// isInitials reports whether word is dotted initials such as "B.J" or "U.S".
func isInitials(word string) bool {
	if !strings.Contains(word, ".") {
		return false
	}
	for _, part := range strings.Split(word, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
	}
	return true
}

func appendTrimmed(out []article.Sentence, text string, start, end int) []article.Sentence {
	for start < end {
		r, sz := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += sz
	}
	for end > start {
		r, sz := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= sz
	}
	if end > start {
		out = append(out, article.Sentence{Start: start, End: end})
	}
	return out
}

func isTerminator(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '«':
		return true
	}
	return false
}
