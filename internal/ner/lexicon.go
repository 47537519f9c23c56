package ner

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strings"
)

// gazetteerFS holds the small word lists that give the tagger gazetteer and
// cue features. They are part of the feature definition: a model records a
// fingerprint of them and refuses to load against different lists.
//
//go:embed gazetteer/*.txt
var gazetteerFS embed.FS

// Gazetteer phrase classes.
const (
	gazCountry uint8 = 1 + iota
	gazPlace
	gazOrg
	gazCity
	gazRegion
	gazVillage
	// gazPrefix marks a phrase hash that begins a longer phrase, so that
	// matching stops as soon as no phrase can continue.
	gazPrefix uint8 = 0x80
)

// Cue classes, a bit mask per lowercased word.
const (
	cuePerson uint8 = 1 << iota
	cueOrg
	cuePlace
	cueName
)

// lexicon is the loaded gazetteer: phrases keyed by the hash of their
// lowercased token sequence (class, or-ed with gazPrefix where a longer
// phrase goes on), and single-word cues keyed by lowercased hash.
type lexicon struct {
	phrases     map[uint64]uint8
	maxLen      int
	cues        map[uint64]uint8
	fingerprint uint64
}

// loadLexicon builds the lexicon from the embedded lists.
func loadLexicon() (*lexicon, error) {
	lex := &lexicon{phrases: map[uint64]uint8{}, cues: map[uint64]uint8{}, fingerprint: fnvOffset}
	phraseFiles := []struct {
		name  string
		class uint8
	}{{"countries.txt", gazCountry}, {"places.txt", gazPlace}, {"orgs.txt", gazOrg}, {"geonames.txt", gazCity},
		{"regions.txt", gazRegion}, {"villages.txt", gazVillage}}
	for _, f := range phraseFiles {
		lines, err := readLines(f.name)
		if err != nil {
			return nil, err
		}
		for _, line := range lines {
			lex.fingerprint = mix(lex.fingerprint, hashString(line)+uint64(f.class))
			toks := Tokenize(line)
			if len(toks) == 0 {
				continue
			}
			h := seedPhrase
			for i, t := range toks {
				h = mix(h, hashLower(t.Text))
				if i+1 < len(toks) {
					lex.phrases[h] |= gazPrefix
				}
			}
			// The first list to name a phrase wins: countries, then
			// places, organisations, GeoNames cities, Indonesian regions
			// and villages.
			if lex.phrases[h]&^gazPrefix == 0 {
				lex.phrases[h] |= f.class
			}
			lex.maxLen = max(lex.maxLen, len(toks))
		}
	}
	names, err := readLines("names.txt")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		lex.fingerprint = mix(lex.fingerprint, hashString(name))
		lex.cues[hashLower(name)] |= cueName
	}
	lines, err := readLines("cues.txt")
	if err != nil {
		return nil, err
	}
	for _, line := range lines {
		class, word, ok := strings.Cut(line, " ")
		if !ok {
			return nil, fmt.Errorf("gazetteer cues.txt: bad line %q", line)
		}
		var bit uint8
		switch class {
		case "person":
			bit = cuePerson
		case "org":
			bit = cueOrg
		case "place":
			bit = cuePlace
		default:
			return nil, fmt.Errorf("gazetteer cues.txt: unknown class %q", class)
		}
		lex.fingerprint = mix(lex.fingerprint, hashString(line))
		lex.cues[hashLower(word)] |= bit
	}
	return lex, nil
}

// readLines returns the non-empty, non-comment lines of an embedded list.
func readLines(name string) ([]string, error) {
	b, err := gazetteerFS.ReadFile("gazetteer/" + name)
	if err != nil {
		return nil, fmt.Errorf("gazetteer %s: %w", name, err)
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
		return nil, fmt.Errorf("gazetteer %s: %w", name, err)
	}
	return out, nil
}
