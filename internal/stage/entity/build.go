package entity

import (
	"fmt"
	"strings"

	"github.com/warta-dev/warta/internal/lexicon"
)

// langData is what the passes need for one document language (or both).
type langData struct {
	gaz      *trie // value: index into Stage.statics, or blocked
	titles   *trie // value: index into roles
	roles    []string
	heads    *trie // value: index into types
	tails    map[string]string
	types    []string // type of a head's name: ORG or PLACE
	headOf   []string // state of a head's name, "" for none: "Himpunan Mahasiswa" (ORG:IDN)
	anaphora *trie    // value: anaphoraPair or anaphoraTitle
	blockers map[string]bool
	nameStop map[string]bool // folded
	report   map[string]bool // reporting verbs: `..." kata X`
	folio    map[string]bool // portfolio words after a title: "Menteri Kelautan dan Perikanan X"
	// headKinds are the distinct type fields of heads.tsv ("ORG", "ORG:IDN").
	headKinds []string
}

const (
	blocked       = -1 // a not_entities.txt phrase: matched, then dropped
	anaphoraPair  = 0
	anaphoraTitle = 1
)

// builder assembles the Stage's tables in New.
type builder struct {
	s    *Stage
	byID map[string]int
	// entries kept for the language tries: alias lists by static index,
	// per source, so that stop lists apply per language.
	countries []aliasSet
	entries   []aliasSet
	persons   []aliasSet
}

type aliasSet struct {
	static    int
	aliases   []string
	stoppable bool // single-word aliases may be switched off by stop_places.txt
}

func (b *builder) static(st static) int {
	if i, ok := b.byID[st.id]; ok {
		return i
	}
	b.s.statics = append(b.s.statics, st)
	b.byID[st.id] = len(b.s.statics) - 1
	return len(b.s.statics) - 1
}

// load reads the shared data: countries, gazetteer entries and people.
func (b *builder) load() error {
	cs, err := lexicon.Countries()
	if err != nil {
		return err
	}
	iso := map[string]bool{}
	for _, c := range cs {
		iso[c.ISO3] = true
		var i int
		switch c.PartOf {
		case "":
			i = b.static(static{id: "country:" + c.ISO3, name: c.NameEN, typ: Country, country: c.ISO3})
		case "none":
			i = b.static(static{id: "place:" + slug(c.NameEN), name: c.NameEN, typ: Place})
		default:
			i = b.static(static{id: "place:" + slug(c.NameEN), name: c.NameEN, typ: Place, country: c.PartOf, role: "region", territory: c.ISO3})
		}
		al := []string{c.NameEN, c.NameID}
		if c.NameISO != "" {
			al = append(al, c.NameISO)
		}
		b.countries = append(b.countries, aliasSet{static: i, aliases: al})
	}
	for _, dir := range []string{lexicon.Shared} {
		if err := b.countryAliases(dir, iso, &b.countries); err != nil {
			return err
		}
	}
	for _, f := range lexicon.GazetteerFiles() {
		es, err := lexicon.Entries(lexicon.Shared, f)
		if err != nil {
			return err
		}
		for _, e := range es {
			i := b.static(static{id: strings.ToLower(e.Type) + ":" + e.Key, name: e.Name, typ: e.Type,
				country: e.Country, org: e.Org, role: e.Role})
			// Stop lists switch off place names that are common words;
			// organisation names are chosen not to be.
			b.entries = append(b.entries, aliasSet{static: i, aliases: e.Aliases, stoppable: e.Type == Place})
		}
	}
	terms, err := lexicon.People()
	if err != nil {
		return err
	}
	slugs := map[string]int{} // slug -> index into b.persons
	for _, t := range terms {
		b.s.people[t.Slug] = append(b.s.people[t.Slug], t)
		b.s.holders = append(b.s.holders, t)
		k, seen := slugs[t.Slug]
		if !seen {
			i := b.static(static{id: "person:" + t.Slug, name: t.Name, typ: Person, person: t.Slug})
			b.persons = append(b.persons, aliasSet{static: i, aliases: []string{t.Name}})
			if toks := tokenize(t.Name); len(toks) > 1 {
				last := toks[len(toks)-1].fold
				b.s.surname[last] = append(b.s.surname[last], i)
			}
			k = len(b.persons) - 1
			slugs[t.Slug] = k
		}
		b.persons[k].aliases = append(b.persons[k].aliases, t.Aliases...)
	}
	return nil
}

func (b *builder) countryAliases(dir string, iso map[string]bool, into *[]aliasSet) error {
	rows, err := lexicon.CountryAliases(dir)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if !iso[r.ISO3] {
			return fmt.Errorf("lexicon %s/country_aliases.tsv: unknown country %q", dir, r.ISO3)
		}
		*into = append(*into, aliasSet{static: b.byID["country:"+r.ISO3], aliases: r.Aliases})
	}
	return nil
}

// lang builds the tries of a set of languages.
func (b *builder) lang(langs []string) (*langData, error) {
	vocab := map[string]int32{}
	ld := &langData{gaz: newTrie(vocab), titles: newTrie(vocab), heads: newTrie(vocab), anaphora: newTrie(vocab),
		tails: map[string]string{}, blockers: map[string]bool{}, nameStop: map[string]bool{}, report: map[string]bool{},
		folio: map[string]bool{}}
	stop := map[string]bool{}
	var countries []aliasSet
	iso := map[string]bool{}
	for _, st := range b.s.statics {
		if st.typ == Country {
			iso[st.country] = true
		}
	}
	countries = append(countries, b.countries...)
	for _, l := range langs {
		if err := b.countryAliases(l, iso, &countries); err != nil {
			return nil, err
		}
		if err := words(l, "stop_places.txt", stop); err != nil {
			return nil, err
		}
		if err := words(l, "name_stop.txt", ld.nameStop); err != nil {
			return nil, err
		}
		if err := words(l, "title_blockers.txt", ld.blockers); err != nil {
			return nil, err
		}
		if err := words(l, "report_verbs.txt", ld.report); err != nil {
			return nil, err
		}
		if l == "id" {
			if err := words(l, "portfolios.txt", ld.folio); err != nil {
				return nil, err
			}
		}
	}
	// Insertion order is priority for equal aliases: countries, then
	// organisations and places, then people.
	for _, set := range [][]aliasSet{countries, b.entries, b.persons} {
		for _, as := range set {
			for _, al := range as.aliases {
				if as.stoppable && !strings.HasPrefix(al, "=") && stop[foldPhrase(al)] {
					continue
				}
				ld.gaz.add(al, as.static)
			}
		}
	}
	roleIdx := map[string]int{}
	typeIdx := map[string]int{}
	for _, l := range langs {
		lines, err := lexicon.Lines(l, "not_entities.txt")
		if err != nil {
			return nil, err
		}
		for _, p := range lines {
			ld.gaz.add(p, blocked)
		}
		titles, err := lexicon.Pairs(l, "titles.tsv")
		if err != nil {
			return nil, err
		}
		for _, t := range titles {
			title := t[0]
			if !strings.HasPrefix(title, "=") {
				title = strings.ToLower(title) // titles match in any case
			}
			ld.titles.add(title, index(roleIdx, &ld.roles, t[1]))
		}
		heads, err := lexicon.Pairs(l, "heads.tsv")
		if err != nil {
			return nil, err
		}
		for _, h := range heads {
			i := index(typeIdx, &ld.headKinds, h[1])
			if i == len(ld.types) {
				typ, country, _ := strings.Cut(h[1], ":")
				ld.types, ld.headOf = append(ld.types, typ), append(ld.headOf, country)
			}
			ld.heads.add(h[0], i)
		}
		tails, err := lexicon.Pairs(l, "tails.tsv")
		if err != nil {
			return nil, err
		}
		for _, t := range tails {
			ld.tails[fold(t[0])] = t[1]
		}
		ana, err := lexicon.Pairs(l, "anaphora.tsv")
		if err != nil {
			return nil, err
		}
		for _, a := range ana {
			switch a[1] {
			case "pair":
				ld.anaphora.add(a[0], anaphoraPair)
			case "title":
				ld.anaphora.add(a[0], anaphoraTitle)
			default:
				return nil, fmt.Errorf("lexicon %s/anaphora.tsv: kind %q, want pair or title", l, a[1])
			}
		}
	}
	return ld, nil
}

func index(idx map[string]int, list *[]string, v string) int {
	if i, ok := idx[v]; ok {
		return i
	}
	*list = append(*list, v)
	idx[v] = len(*list) - 1
	return idx[v]
}

// words adds the folded lines of a word list to set.
func words(lang, name string, set map[string]bool) error {
	lines, err := lexicon.Lines(lang, name)
	if err != nil {
		return err
	}
	for _, l := range lines {
		set[foldPhrase(l)] = true
	}
	return nil
}
