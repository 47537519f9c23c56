// Package lexicon holds warta's language knowledge as embedded data files,
// one folder per language (id/, en/) and one for data shared by all languages
// (geo/): abbreviations, gazetteers of countries, places, organisations and
// people with dated roles, title patterns and stop lists. Adding knowledge
// means editing data here; README.md names each file's source and licence.
package lexicon

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strings"
)

//go:embed id en geo
var files embed.FS

// Languages lists the languages warta has data for.
func Languages() []string { return []string{"id", "en"} }

// Lines returns the non-empty, non-comment lines of a data file of one
// language, trimmed. name is the file name inside the language folder.
func Lines(lang, name string) ([]string, error) {
	b, err := files.ReadFile(lang + "/" + name)
	if err != nil {
		return nil, fmt.Errorf("lexicon %s/%s: %w", lang, name, err)
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon %s/%s: %w", lang, name, err)
	}
	return out, nil
}

// Abbreviations returns the lower-case abbreviations (without their final
// period) of all languages, because Indonesian articles quote English titles
// and the other way round.
func Abbreviations() (map[string]bool, error) {
	set := make(map[string]bool)
	for _, lang := range Languages() {
		lines, err := Lines(lang, "abbreviations.txt")
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			set[strings.ToLower(l)] = true
		}
	}
	return set, nil
}
