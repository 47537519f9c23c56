package event

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
)

// roleCodes maps an entity role (internal/lexicon titles and gazetteers) to
// the CAMEO agent code appended to the state's ISO3 code. A role not listed
// adds nothing: the actor is the state itself.
func roleCode(role string) string {
	switch role {
	case "head of state", "head of government", "foreign minister", "defence minister",
		"spokesperson", "ambassador", "government", "seat of government", "central bank",
		"minister", "diplomat":
		return "GOV"
	case "military", "seat of defence ministry":
		return "MIL"
	case "legislature":
		return "LEG"
	case "police":
		return "COP"
	case "intelligence":
		return "SPY"
	case "state media", "media":
		return "MED"
	case "state company", "company":
		return "BUS"
	case "judiciary", "court":
		return "JUD"
	case "opposition":
		return "OPP"
	case "education", "university":
		return "EDU"
	}
	return ""
}

// actorOf turns an entity into an event actor, or reports that it cannot
// act: a city, region or person of no known state is no actor.
func (s *Stage) actorOf(e article.Entity) (article.Actor, bool) {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	country, org, role := str(e.Country), str(e.Org), str(e.Role)
	act := article.Actor{Name: e.Name, Entity: e.ID}
	switch {
	case org != "" && country == "":
		// An intergovernmental organisation or a non-state armed group.
		act.Org = ptr(org)
		act.Code = org
		if c := s.orgCodes[org]; c != "" {
			act.Code = c
		}
		return act, true
	case country == "":
		return act, false
	}
	switch e.Type {
	case "PLACE":
		switch role {
		case "seat of government", "seat of defence ministry", "territory", "capital":
		default:
			return act, false
		}
		if role == "capital" {
			role = "seat of government"
		}
	case "PERSON", "ORG", "COUNTRY":
	default:
		return act, false
	}
	act.Country = ptr(country)
	act.Code = country + roleCode(role)
	return act, true
}

func ptr(s string) *string { return &s }

// actorSpans returns the actor and name spans of the entities whose
// mentions fall in [start,end) of Doc.Text, relative to start. people
// gives, for an entity that is no actor, 1 + the actor its people stand
// for (a place of a state), or 0; it may be nil.
func actorSpans(a *article.Article, idx, people []int, start, end int) []span {
	var out []span
	for ei, e := range a.Entities {
		for _, m := range e.Mentions {
			if m.Start < start || m.End > end || m.Start >= m.End {
				continue
			}
			sp := span{start: m.Start - start, end: m.End - start}
			if idx[ei] < 0 {
				sp.name = true
				if people != nil {
					sp.people = people[ei]
				}
			} else {
				sp.actors = []int{idx[ei]}
			}
			out = append(out, sp)
		}
	}
	return out
}

// peopleOf turns a name token of a place of a state into an actor when a
// noun for its people comes right before it: "warga Papua Barat",
// "mahasiswa Papua", "penduduk Gaza" are people of the place's state.
func (c *coder) peopleOf(toks []token) {
	for k := range toks {
		t := &toks[k]
		if t.kind != tokName || t.people < 0 || k == 0 && c.lang != "en" {
			continue
		}
		var people bool
		if c.lang == "en" {
			// "Hong Kong residents"
			people = k+1 < len(toks) && toks[k+1].kind == tokWord && c.g.has("people", toks[k+1].low)
		} else {
			people = toks[k-1].kind == tokWord && c.g.has("people", toks[k-1].low)
		}
		if people {
			t.kind, t.actors = tokActor, []int{t.people}
		}
	}
}

// titleSpans finds the entities in a headline by their names, aliases and
// mention texts, since the entity stage records no headline offsets.
func titleSpans(a *article.Article, idx []int, title string) []span {
	var out []span
	for ei, e := range a.Entities {
		names := map[string]bool{e.Name: true}
		for _, al := range e.Aliases {
			names[al] = true
		}
		for _, m := range e.Mentions {
			names[m.Text] = true
		}
		for n := range names {
			if utf8.RuneCountInString(n) < 2 {
				continue
			}
			for from := 0; from < len(title); {
				i := strings.Index(title[from:], n)
				if i < 0 {
					break
				}
				i += from
				j := i + len(n)
				if edge(title, i, true) && edge(title, j, false) {
					sp := span{start: i, end: j}
					if idx[ei] < 0 {
						sp.name = true
					} else {
						sp.actors = []int{idx[ei]}
					}
					out = append(out, sp)
				}
				from = i + 1
			}
		}
	}
	return out
}

// edge reports whether byte i of s is a word boundary.
func edge(s string, i int, before bool) bool {
	if before {
		if i == 0 {
			return true
		}
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		return !isWordRune(r)
	}
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r)
}

// westSpans finds "the West" as an actor: a phrase of kind "west" written
// with a capital (Barat, the West) that is not part of a longer name
// ("Papua Barat", "Tepi Barat", "West Bank").
func westSpans(g *grammar, text string, covered []span, west int) []span {
	var out []span
	low := strings.ToLower(text)
	if len(low) != len(text) {
		// Lower-casing changed byte lengths: offsets in low would not be
		// offsets in text, so lower-case piece by piece as the text goes.
		low = ""
	}
	for p := range g.kinds["west"] {
		for from := 0; from < len(text); {
			var i int
			if low != "" {
				i = strings.Index(low[from:], p)
			} else {
				i = strings.Index(strings.ToLower(text[from:]), p)
			}
			if i < 0 {
				break
			}
			i += from
			j := i + len(p)
			from = i + 1
			if !edge(text, i, true) || !edge(text, j, false) {
				continue
			}
			// The key word ("barat", "west") must be capitalised.
			words := strings.Fields(text[i:j])
			last := words[len(words)-1]
			if r, _ := utf8.DecodeRuneInString(last); !unicode.IsUpper(r) {
				continue
			}
			if insideSpan(covered, i, j) || nameBefore(text, i) || nameAfter(text, j) {
				continue
			}
			out = append(out, span{start: i, end: j, actors: []int{west}})
		}
	}
	return out
}

func insideSpan(spans []span, i, j int) bool {
	for _, sp := range spans {
		if i < sp.end && j > sp.start {
			return true
		}
	}
	return false
}

// nameBefore reports whether a capitalised word that is not the start of a
// sentence comes right before i ("Papua Barat").
func nameBefore(text string, i int) bool {
	k := i
	for k > 0 && text[k-1] == ' ' {
		k--
	}
	if k == i || k == 0 {
		return false
	}
	j := k
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:j])
		if !isWordRune(r) && r != '-' {
			break
		}
		j -= n
	}
	w := text[j:k]
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	// A capitalised word at the start of the sentence is no name.
	return strings.TrimSpace(text[:j]) != ""
}

// nameAfter reports whether a capitalised word follows j ("West Bank",
// "West Java").
func nameAfter(text string, j int) bool {
	k := j
	for k < len(text) && text[k] == ' ' {
		k++
	}
	if k == j || k >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[k:])
	return unicode.IsUpper(r)
}

// phraseSpans finds the phrases of a grammar kind in text (case-insensitive,
// whole words) outside the spans already found.
func phraseSpans(g *grammar, kind, text string, covered []span) []span {
	var out []span
	low := strings.ToLower(text)
	for p := range g.kinds[kind] {
		for from := 0; from < len(low); {
			i := strings.Index(low[from:], p)
			if i < 0 {
				break
			}
			i += from
			j := i + len(p)
			from = i + 1
			if len(low) != len(text) || !edge(text, i, true) || !edge(text, j, false) || insideSpan(covered, i, j) || insideSpan(out, i, j) {
				continue
			}
			sp := span{start: i, end: j, group: true}
			if kind == "anaphor_pair" {
				sp.group, sp.pair = false, true
			}
			out = append(out, sp)
		}
	}
	return out
}
