package lexicon

import (
	"fmt"
	"strings"
	"time"
)

// Shared is the folder of data that holds for every language.
const Shared = "geo"

// Rows returns the tab-separated rows of a data file in folder dir (a
// language, or Shared), skipping blank and comment lines. Each row has at
// least min fields; a shorter row is an error naming the file and row.
func Rows(dir, name string, min int) ([][]string, error) {
	lines, err := Lines(dir, name)
	if err != nil {
		return nil, err
	}
	out := make([][]string, 0, len(lines))
	for i, l := range lines {
		f := strings.Split(l, "\t")
		for j := range f {
			f[j] = strings.TrimSpace(f[j])
		}
		if len(f) < min {
			return nil, fmt.Errorf("lexicon %s/%s: row %d: %d fields, want at least %d", dir, name, i+1, len(f), min)
		}
		out = append(out, f)
	}
	return out, nil
}

// field returns "" for the "-" placeholder of an empty field.
func field(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// list splits a "|"-separated field; "-" is the empty list.
func list(s string) []string {
	if s == "" || s == "-" {
		return nil
	}
	var out []string
	for _, a := range strings.Split(s, "|") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// Country is one row of geo/countries.tsv.
type Country struct {
	ISO3    string
	NameEN  string
	NameID  string
	NameISO string // formal English name, "" when it is awkward to write
	// PartOf is "" for a state; for a territory coded as a place it is the
	// ISO3 code of its state, or "none" for a place of no state.
	PartOf string
}

// Countries returns the 249 countries and territories of geo/countries.tsv.
func Countries() ([]Country, error) {
	rows, err := Rows(Shared, "countries.tsv", 5)
	if err != nil {
		return nil, err
	}
	out := make([]Country, len(rows))
	for i, r := range rows {
		out[i] = Country{ISO3: r[0], NameEN: r[1], NameID: r[2], NameISO: field(r[3]), PartOf: field(r[4])}
	}
	return out, nil
}

// CountryAlias gives more names of one country.
type CountryAlias struct {
	ISO3    string
	Aliases []string // "=" before an alias: match in exactly that case
}

// CountryAliases returns the country aliases of a folder (a language or
// Shared): country_aliases.tsv.
func CountryAliases(dir string) ([]CountryAlias, error) {
	rows, err := Rows(dir, "country_aliases.tsv", 2)
	if err != nil {
		return nil, err
	}
	out := make([]CountryAlias, len(rows))
	for i, r := range rows {
		out[i] = CountryAlias{ISO3: r[0], Aliases: list(r[1])}
	}
	return out, nil
}

// Entry is one named entity of a gazetteer file (geo/orgs.tsv,
// geo/parties.tsv, geo/media.tsv, geo/companies.tsv, geo/seats.tsv,
// geo/regions.tsv, geo/cities.tsv, geo/idn_admin.tsv).
type Entry struct {
	Type    string // ORG or PLACE
	Key     string // its ID is lower(Type) + ":" + Key
	Name    string
	Country string // ISO3, "" for none
	Org     string // organisation short code, "" for none
	Role    string
	Aliases []string // "=" before an alias: match in exactly that case
	CAMEO   string   // CAMEO actor code where one exists
}

// GazetteerFiles returns the gazetteer files of Shared, highest priority
// first: when two entries claim one alias, the earlier file wins. The
// organisation files come before the places, so that "Toyota" is the
// company and not the Japanese city of that name.
func GazetteerFiles() []string {
	return []string{"orgs.tsv", "parties.tsv", "media.tsv", "companies.tsv",
		"seats.tsv", "regions.tsv", "idn_admin.tsv", "cities.tsv"}
}

// Entries returns the entries of one gazetteer file.
func Entries(dir, name string) ([]Entry, error) {
	rows, err := Rows(dir, name, 7)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(rows))
	for i, r := range rows {
		e := Entry{Type: r[0], Key: r[1], Name: r[2], Country: field(r[3]), Org: field(r[4]),
			Role: field(r[5]), Aliases: list(r[6])}
		if len(r) > 7 {
			e.CAMEO = field(r[7])
		}
		if e.Type != "ORG" && e.Type != "PLACE" {
			return nil, fmt.Errorf("lexicon %s/%s: row %d: type %q, want ORG or PLACE", dir, name, i+1, e.Type)
		}
		out[i] = e
	}
	return out, nil
}

// Term is one office a person held: a row of geo/people.tsv.
type Term struct {
	Slug    string // the person's ID is "person:" + Slug
	Name    string
	Aliases []string
	Country string // ISO3, "" for none
	Org     string // organisation key, "" for none
	Role    string // "" for no office
	From    time.Time
	To      time.Time // zero: still in office
	Approx  bool      // the exact day is uncertain
}

// People returns the dated terms of geo/people.tsv, in file order.
func People() ([]Term, error) {
	rows, err := Rows(Shared, "people.tsv", 8)
	if err != nil {
		return nil, err
	}
	out := make([]Term, len(rows))
	for i, r := range rows {
		t := Term{Slug: r[0], Name: r[1], Aliases: list(r[2]), Country: field(r[3]), Org: field(r[4]), Role: field(r[5])}
		if t.From, err = date(r[6]); err != nil {
			return nil, fmt.Errorf("lexicon geo/people.tsv: row %d: %w", i+1, err)
		}
		if t.To, err = date(r[7]); err != nil {
			return nil, fmt.Errorf("lexicon geo/people.tsv: row %d: %w", i+1, err)
		}
		t.Approx = len(r) > 8 && r[8] == "approx"
		out[i] = t
	}
	return out, nil
}

func date(s string) (time.Time, error) {
	if s == "-" || s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: %w", s, err)
	}
	return t, nil
}

// Pairs returns the two-column rows (phrase, value) of a language's data
// file: titles.tsv (title, role), heads.tsv and tails.tsv (word, type),
// anaphora.tsv (phrase, kind).
func Pairs(lang, name string) ([][2]string, error) {
	rows, err := Rows(lang, name, 2)
	if err != nil {
		return nil, err
	}
	out := make([][2]string, len(rows))
	for i, r := range rows {
		out[i] = [2]string{r[0], r[1]}
	}
	return out, nil
}
