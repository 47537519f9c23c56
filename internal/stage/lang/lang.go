// Package lang decides an article's language, Indonesian ("id") or English
// ("en"). A language given by the article record wins. Detection uses
// whatlanggo restricted to the languages warta has lexicons for, because
// unrestricted detection fails on short text (Indonesian is read as Malay).
package lang

import (
	"context"
	"strings"
	"unicode"

	"github.com/abadojack/whatlanggo"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/lexicon"
)

// sample bounds how much text detection reads: a few paragraphs decide it.
const sample = 2000

// Detector is the language stage.
type Detector struct {
	opts  whatlanggo.Options
	words map[string]string // function word -> its language
}

// New returns a Detector limited to Indonesian and English.
func New() (*Detector, error) {
	d := &Detector{
		opts: whatlanggo.Options{
			Whitelist: map[whatlanggo.Lang]bool{whatlanggo.Ind: true, whatlanggo.Eng: true},
		},
		words: map[string]string{},
	}
	for _, l := range lexicon.Languages() {
		ws, err := lexicon.Lines(l, "function_words.txt")
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			d.words[w] = l
		}
	}
	return d, nil
}

// Run sets a.Doc.Language unless the record already gave one.
func (d *Detector) Run(_ context.Context, a *article.Article) error {
	if l := normalise(a.Doc.Language); l != "" {
		a.Doc.Language = l
		return nil
	}
	a.Doc.Language = d.Detect(a.Doc.Title + "\n" + a.Doc.Text)
	return nil
}

// Detect returns "id" or "en" for text; "id" when undecidable, because
// Indonesian is warta's first language.
func (d *Detector) Detect(text string) string {
	if len(text) > sample {
		cut := sample
		for cut < len(text) && text[cut]&0xC0 == 0x80 {
			cut++ // do not split a UTF-8 sequence
		}
		text = text[:cut]
	}
	if strings.TrimSpace(text) == "" {
		return "id"
	}
	// Function words decide most texts in microseconds; trigram detection
	// (about a millisecond an article) settles the rest.
	var id, en int
	for _, w := range strings.FieldsFunc(text, notLetter) {
		switch d.words[strings.ToLower(w)] {
		case "id":
			id++
		case "en":
			en++
		}
	}
	switch {
	case id >= 3 && id >= 3*en:
		return "id"
	case en >= 3 && en >= 3*id:
		return "en"
	}
	info := whatlanggo.DetectWithOptions(text, d.opts)
	if info.Lang == whatlanggo.Eng {
		return "en"
	}
	return "id"
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// normalise maps the language names records use to "id" or "en", and
// keeps any other ISO 639-1 code as written in lower case.
func normalise(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	switch l {
	case "":
		return ""
	case "id", "ind", "in", "indonesian", "bahasa", "bahasa indonesia", "id-id":
		return "id"
	case "en", "eng", "english", "en-us", "en-gb":
		return "en"
	}
	return l
}
