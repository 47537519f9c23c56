package entity

import (
	"sort"
	"strings"
)

// homeState is the state an article's language is written for: an
// Indonesian article's unqualified "Kementerian Kesehatan" is Indonesia's.
func homeState(lang string) string {
	if strings.EqualFold(lang, "en") {
		return ""
	}
	return "IDN"
}

// contextStates gives a state to the people and bodies that have none, from
// the words around their mentions, once every mention is known:
//
//   - a bare name that is part of the name of one person of a known state,
//     titled ("Raja Abdullah" after "Raja Abdullah II"), is that person;
//   - "Kementerian Lingkungan di Malaysia": a body "di" a country is that
//     country's;
//   - a state body named without its state ("Kementerian Sains") is the
//     state that dominates the article, when that is one foreign state;
//   - "Sumbue Antas dari Misi Permanen Vanuatu", "Menteri Budi dari
//     Vanuatu", "Ali, petugas dari Kementerian X": a person "dari" a state
//     or a state's body belongs to that state.
func (s *Stage) contextStates(ld *langData, t *textScan, r *registry, home string) {
	r.mergeParts(ld)
	if len(t.toks) == 0 {
		return
	}
	at := map[int]*ent{} // first token of a body mention -> its entity
	for _, e := range r.order {
		for _, m := range e.mentions {
			if k := t.tokenAt(m.Start); k >= 0 {
				if o, ok := at[k]; !ok || o.typ != Country && e.typ == Country {
					at[k] = e
				}
			}
		}
	}
	stateAt := func(k int, types ...string) string {
		if k < 0 || k >= len(t.toks) {
			return ""
		}
		e := at[k]
		if e == nil || e.country == "" {
			return ""
		}
		for _, typ := range types {
			if e.typ == typ {
				return e.country
			}
		}
		return ""
	}
	// A body "di" a country.
	for _, e := range r.order {
		if e.typ != Org || e.country != "" || e.org != "" {
			continue
		}
		for _, m := range e.mentions {
			k := t.tokenAfter(m.End)
			if k < 0 || !t.lowerWord(k, "di") {
				continue
			}
			if c := stateAt(k+1, Country); c != "" {
				e.country = c
				break
			}
		}
	}
	// A state body of no named state.
	if dom := r.dominantState(home); dom != "" {
		for _, e := range r.order {
			if e.stateBody && e.country == "" && e.org == "" {
				e.country = dom
				if e.role == "" {
					e.role = "government"
				}
			}
		}
	}
	// A person "dari" a state or a state's body.
	for _, e := range r.order {
		if e.typ != Person || e.country != "" || e.org != "" {
			continue
		}
		for _, m := range e.mentions {
			k := t.tokenAfter(m.End)
			if k < 0 || t.breakBetween(k) {
				continue
			}
			if t.toks[k].text == "," {
				// "Ali, petugas dari ...": up to three lower-case words.
				j := k + 1
				for j < len(t.toks) && j-k <= 3 && t.toks[j].word && !t.toks[j].cap && !t.lowerWord(j, "dari") {
					j++
				}
				if j == k+1 {
					continue
				}
				k = j
			}
			if !t.lowerWord(k, "dari") || t.breakBetween(k+1) {
				continue
			}
			if c := stateAt(k+1, Country, Org); c != "" {
				e.country = c
				break
			}
		}
	}
	r.mergeParts(ld) // "Antas" after "Sumbue Antas dari Vanuatu"
}

// lowerWord reports whether token k is the lower-case word w.
func (t *textScan) lowerWord(k int, w string) bool {
	return k >= 0 && k < len(t.toks) && t.toks[k].word && !t.toks[k].cap && t.toks[k].fold == w
}

// tokenAt returns the index of the token starting at byte off, or -1.
func (t *textScan) tokenAt(off int) int {
	k := sort.Search(len(t.toks), func(i int) bool { return t.toks[i].start >= off })
	if k < len(t.toks) && t.toks[k].start == off {
		return k
	}
	return -1
}

// tokenAfter returns the index of the first token starting at or after
// byte off, or -1.
func (t *textScan) tokenAfter(off int) int {
	k := sort.Search(len(t.toks), func(i int) bool { return t.toks[i].start >= off })
	if k < len(t.toks) {
		return k
	}
	return -1
}

// dominantState returns the one state, other than home, that the article's
// mentions name most: at least three mentions and twice as many as any
// other state (home included). "" when there is none.
func (r *registry) dominantState(home string) string {
	if home == "" {
		return ""
	}
	count := map[string]int{}
	for _, e := range r.order {
		if e.country == "" {
			continue
		}
		n := len(e.mentions)
		if n == 0 {
			n = 1 // named in the headline only
		}
		count[e.country] += n
	}
	top, first, second := "", 0, 0
	for c, n := range count {
		switch {
		case n > first || n == first && c < top:
			top, first, second = c, n, max(second, first)
		case n > second:
			second = n
		}
	}
	if top == home || first < 3 || first < 2*second {
		return ""
	}
	return top
}

// mergeParts joins a person of no state whose name is one word to the one
// person of a known state whose name has that word: "Raja Abdullah" is
// "Raja Abdullah II" of Jordan. Roles must not disagree.
func (r *registry) mergeParts(ld *langData) {
	var keep []*ent
	for _, e := range r.order {
		if e.typ != Person || e.person != "" || e.country != "" || e.org != "" || strings.Contains(e.name, " ") {
			keep = append(keep, e)
			continue
		}
		w := fold(e.name)
		var only *ent
		n := 0
		for _, o := range r.order {
			if o == e || o.typ != Person || o.country == "" && o.org == "" {
				continue
			}
			if e.role != "" && o.role != "" && e.role != o.role {
				continue
			}
			if hasPart(ld, o, w) {
				only = o
				n++
			}
		}
		if n != 1 {
			keep = append(keep, e)
			continue
		}
		only.mentions = append(only.mentions, e.mentions...)
		if e.first >= 0 && (only.first < 0 || e.first < only.first) {
			only.first = e.first
		}
		r.alias(only, e.name)
		for _, a := range e.aliases {
			r.alias(only, a)
		}
		r.byID[e.id] = only
	}
	r.order = keep
}

// hasPart reports whether the folded word w is a part of a person's name
// (or of a name it was written as) of two or more words.
func hasPart(ld *langData, e *ent, w string) bool {
	for _, n := range append([]string{e.name}, e.aliases...) {
		toks := tokenize(n)
		if len(toks) < 2 {
			continue
		}
		for _, tk := range toks {
			if tk.word && tk.fold == w && !ld.nameStop[tk.fold] && !particles[tk.fold] {
				return true
			}
		}
	}
	return false
}
