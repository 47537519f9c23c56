package lexicon

import "testing"

// TestData loads every data file and checks what a loader cannot: terms
// end after they start, and every alias row names a known country.
func TestData(t *testing.T) {
	cs, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 249 {
		t.Errorf("Countries() = %d rows, want 249", len(cs))
	}
	iso := map[string]bool{}
	for _, c := range cs {
		iso[c.ISO3] = true
	}
	for _, dir := range []string{Shared, "id", "en"} {
		rows, err := CountryAliases(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if !iso[r.ISO3] {
				t.Errorf("%s/country_aliases.tsv: unknown country %q", dir, r.ISO3)
			}
		}
	}
	for _, f := range GazetteerFiles() {
		es, err := Entries(Shared, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Country != "" && !iso[e.Country] {
				t.Errorf("%s: %s: unknown country %q", f, e.Key, e.Country)
			}
		}
	}
	terms, err := People()
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range terms {
		if !tm.To.IsZero() && !tm.To.After(tm.From) {
			t.Errorf("people.tsv: %s: term ends %s before it starts %s", tm.Slug, tm.To.Format("2006-01-02"), tm.From.Format("2006-01-02"))
		}
		if tm.Country != "" && !iso[tm.Country] {
			t.Errorf("people.tsv: %s: unknown country %q", tm.Slug, tm.Country)
		}
	}
	for _, lang := range Languages() {
		for _, f := range []string{"titles.tsv", "heads.tsv", "tails.tsv", "anaphora.tsv"} {
			if _, err := Pairs(lang, f); err != nil {
				t.Error(err)
			}
		}
	}
}

// TestOrgKeys checks that no organisation key is used twice across the
// gazetteer files: two rows with one key would silently merge into one
// entity. (Places may repeat: a city row and a province row of one name
// are one place.)
func TestOrgKeys(t *testing.T) {
	seen := map[string]string{}
	for _, f := range GazetteerFiles() {
		es, err := Entries(Shared, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Type != "ORG" {
				continue
			}
			if g, ok := seen[e.Key]; ok {
				t.Errorf("%s: ORG key %q already used in %s", f, e.Key, g)
			}
			seen[e.Key] = f
			if len(e.Aliases) == 0 {
				t.Errorf("%s: %s has no alias", f, e.Key)
			}
			if e.Role == "" && e.Org == "" {
				t.Errorf("%s: %s has neither a role nor an org code", f, e.Key)
			}
		}
	}
}
