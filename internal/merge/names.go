package merge

import (
	"fmt"
	"strings"

	"github.com/warta-dev/warta/internal/lexicon"
)

// DefaultKeyNames returns, for each actor key that the lexicon names (a
// country's ISO3 code, an organisation's code), the names a sentence may
// call it by: the country's names and aliases in every language and its
// seats of government ("Iran", "Teheran"; "AS", "Amerika Serikat",
// "Washington"), or the organisation's aliases ("PBB"). Every report of a
// pair names them, so like the actors' own names they say nothing about
// which of its events a sentence reports (see entry.topic).
func DefaultKeyNames() (map[string]string, error) {
	names := map[string][]string{}
	add := func(key string, aliases ...string) {
		for _, a := range aliases {
			if a = strings.TrimPrefix(strings.TrimSpace(a), "="); a != "" && a != "-" {
				names[key] = append(names[key], a)
			}
		}
	}
	lines, err := lexicon.Lines("geo", "countries.tsv")
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("merge: countries.tsv: short line %q", l)
		}
		add(f[0], f[1:4]...)
	}
	for _, dir := range append([]string{"geo"}, lexicon.Languages()...) {
		lines, err := lexicon.Lines(dir, "country_aliases.tsv")
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			iso, aliases, ok := strings.Cut(l, "\t")
			if !ok {
				return nil, fmt.Errorf("merge: %s/country_aliases.tsv: no tab in %q", dir, l)
			}
			add(iso, strings.Split(aliases, "|")...)
		}
	}
	// type key name country org role aliases [cameo]
	for _, file := range []string{"seats.tsv", "orgs.tsv"} {
		lines, err := lexicon.Lines("geo", file)
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			f := strings.Split(l, "\t")
			if len(f) < 7 {
				return nil, fmt.Errorf("merge: %s: short line %q", file, l)
			}
			switch {
			case f[5] == "seat of government" && f[3] != "-":
				add(f[3], strings.Split(f[6], "|")...)
				add(f[3], f[2])
			case f[0] == "ORG" && f[3] == "-" && f[4] != "-":
				add(f[4], strings.Split(f[6], "|")...)
				add(f[4], f[2])
			}
		}
	}
	out := make(map[string]string, len(names))
	for k, v := range names {
		out[k] = strings.Join(v, " ")
	}
	return out, nil
}
