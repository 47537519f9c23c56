package merge

import (
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
	countries, err := lexicon.Countries()
	if err != nil {
		return nil, err
	}
	for _, c := range countries {
		add(c.ISO3, c.NameEN, c.NameID, c.NameISO)
	}
	for _, dir := range append([]string{lexicon.Shared}, lexicon.Languages()...) {
		aliases, err := lexicon.CountryAliases(dir)
		if err != nil {
			return nil, err
		}
		for _, a := range aliases {
			add(a.ISO3, a.Aliases...)
		}
	}
	for _, file := range []string{"seats.tsv", "orgs.tsv"} {
		entries, err := lexicon.Entries(lexicon.Shared, file)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			switch {
			case e.Role == "seat of government" && e.Country != "":
				add(e.Country, e.Aliases...)
				add(e.Country, e.Name)
			case e.Type == "ORG" && e.Country == "" && e.Org != "":
				add(e.Org, e.Aliases...)
				add(e.Org, e.Name)
			}
		}
	}
	out := make(map[string]string, len(names))
	for k, v := range names {
		out[k] = strings.Join(v, " ")
	}
	return out, nil
}
