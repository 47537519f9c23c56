package entity

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
)

// corefNames joins bare name parts ("Putin", "Tokayev", "Jokowi") to the one
// person in the article whose name has that part. A part shared by two
// people ("Trump" of Donald and Melania Trump) joins neither, and a part
// written next to another capitalised word is a different name.
func (s *Stage) corefNames(ld *langData, t *textScan, r *registry) {
	parts, shared := r.nameParts(ld)
	for i, tk := range t.toks {
		if !tk.word || !tk.cap || t.covered[i] || shared[tk.fold] {
			continue
		}
		e, ok := parts[tk.fold]
		if !ok {
			continue
		}
		if t.nameNeighbour(ld, i-1) || t.nameNeighbour(ld, i+1) {
			continue
		}
		r.addMention(e, t, match{tok: i, tokEnd: i + 1, name: i, nameEnd: i + 1, how: byCoref, static: -1})
		t.covered[i] = true
	}
}

// nameNeighbour reports whether token i is a capitalised word that could
// belong to the same name as its neighbour.
func (t *textScan) nameNeighbour(ld *langData, i int) bool {
	if i < 0 || i >= len(t.toks) {
		return false
	}
	tk := t.toks[i]
	return tk.word && tk.cap && !ld.nameStop[tk.fold] && !t.covered[i] && !t.headline
}

// resolveTitles resolves bare titles. With a state ("Presiden Indonesia",
// "Sekjen PBB") the title names whoever held that office on the article's
// date. Without one ("Presiden", "sang presiden") it joins the one person of
// that role named before it in the article; with two or more, nothing.
func (s *Stage) resolveTitles(t *textScan, r *registry) {
	for _, b := range t.bare {
		start := t.toks[b.tok].start
		if b.state >= 0 {
			st := s.statics[b.state]
			country, org := st.country, ""
			if st.typ == Org && st.country == "" {
				org = st.org
			}
			slug := s.holder(country, org, b.role, r.date)
			if slug == "" {
				// "pemimpin Yordania itu": the one person of that state
				// and role named before.
				if e := r.earlier(country, org, b.role, start); e != nil {
					r.addMention(e, t, match{tok: b.tok, tokEnd: b.tokEnd, how: byAnaphora, static: -1})
				}
				continue
			}
			idx, ok := s.personIndex(slug)
			if !ok {
				continue
			}
			e := r.get(idx, static{})
			r.addMention(e, t, match{tok: b.tok, tokEnd: b.tokEnd, how: byAnaphora, static: -1})
			continue
		}
		var only *ent
		n := 0
		for _, e := range r.persons() {
			if e.role != b.role || e.first < 0 || e.first >= start {
				continue
			}
			only = e
			n++
		}
		if n == 1 {
			r.addMention(only, t, match{tok: b.tok, tokEnd: b.tokEnd, how: byAnaphora, static: -1})
		}
	}
}

// earlier returns the one person of a state (or organisation) and role
// first named before byte offset start, or nil. A leader is a head of state
// or of government.
func (r *registry) earlier(country, org, role string, start int) *ent {
	var only *ent
	for _, e := range r.persons() {
		if e.country != country || e.org != org || e.first < 0 || e.first >= start {
			continue
		}
		if e.role != role && !(role == "leader" && (e.role == "head of state" || e.role == "head of government")) {
			continue
		}
		if only != nil {
			return nil
		}
		only = e
	}
	return only
}

// personIndex returns the static index of a known person.
func (s *Stage) personIndex(slug string) (int, bool) {
	for i, st := range s.statics {
		if st.person == slug {
			return i, true
		}
	}
	return 0, false
}

// resolvePairs gives "kedua negara" a mention of each of the two countries
// named in its sentence (before it) and the two sentences before, when
// there are exactly two.
func (s *Stage) resolvePairs(t *textScan, sents []article.Sentence, r *registry) {
	for _, p := range t.pairs {
		start := t.toks[p[0]].start
		from := 0
		for k, sn := range sents {
			if sn.Start <= start && start < sn.End || sn.Start > start {
				from = sents[max(0, k-2)].Start
				break
			}
		}
		var found []*ent
		for _, e := range r.order {
			if e.typ != Country {
				continue
			}
			for _, m := range e.mentions {
				if m.Start >= from && m.End <= start {
					found = append(found, e)
					break
				}
			}
		}
		if len(found) != 2 {
			continue
		}
		for _, e := range found {
			r.addMention(e, t, match{tok: p[0], tokEnd: p[1], how: byAnaphora, static: -1})
		}
	}
}

// tagContext is how many tokens of context the tagger sees on each side of
// a name candidate. The tagger's features look at most four tokens away, so
// a candidate's own features are those of the whole sentence.
const tagContext = 5

// tag adds the tagger's spans that no rule found. The tagger reads only the
// stretches of each sentence around a name candidate (a capitalised word no
// rule covered and not a name stop word), with tagContext tokens either side:
// addSpan keeps nothing else, and the tagger is most of the stage's cost.
func (s *Stage) tag(ld *langData, t *textScan, sents []article.Sentence, r *registry) {
	if t.text == "" {
		return
	}
	if len(sents) == 0 {
		sents = []article.Sentence{{Start: 0, End: len(t.text)}}
	}
	var windows [][2]int
	for _, sn := range sents {
		if sn.Start < 0 || sn.End > len(t.text) || sn.Start >= sn.End {
			continue
		}
		windows = t.tagWindows(ld, sn.Start, sn.End, windows[:0])
		for _, w := range windows {
			spans := s.tagger.Spans(t.text[w[0]:w[1]])
			// Longer spans first where two start together, so the result does not
			// depend on the tagger's order.
			sort.SliceStable(spans, func(i, j int) bool {
				if spans[i].Start != spans[j].Start {
					return spans[i].Start < spans[j].Start
				}
				return spans[i].End > spans[j].End
			})
			for _, sp := range spans {
				start, end := w[0]+sp.Start, w[0]+sp.End
				if sp.Start < 0 || start >= end || end > w[1] {
					continue
				}
				s.addSpan(ld, t, r, sp.Type, start, end)
			}
		}
	}
}

// tagWindows appends to out the byte ranges of the sentence text[start:end]
// that the tagger should read: every name candidate with tagContext tokens
// on each side, clipped to the sentence, overlapping or touching ranges
// merged. A sentence without a candidate gives none.
func (t *textScan) tagWindows(ld *langData, start, end int, out [][2]int) [][2]int {
	first := sort.Search(len(t.toks), func(k int) bool { return t.toks[k].end > start })
	last := first // one past the sentence's last token
	for last < len(t.toks) && t.toks[last].start < end {
		last++
	}
	lo, hi := -1, -1 // the token range [lo, hi) being grown
	flush := func() {
		if lo >= 0 {
			out = append(out, [2]int{max(start, t.toks[lo].start), min(end, t.toks[hi-1].end)})
		}
	}
	for k := first; k < last; k++ {
		tk := t.toks[k]
		if t.covered[k] || !tk.word || !tk.cap || ld.nameStop[tk.fold] {
			continue
		}
		a, b := max(first, k-tagContext), min(last, k+tagContext+1)
		if lo >= 0 && a <= hi {
			hi = max(hi, b)
			continue
		}
		flush()
		lo, hi = a, b
	}
	flush()
	return out
}

// addSpan turns one tagger span into a mention, unless a rule already
// covers part of it or it is junk.
func (s *Stage) addSpan(ld *langData, t *textScan, r *registry, typ string, start, end int) {
	if typ != Person && typ != Org && typ != Place {
		return
	}
	i, j := -1, -1
	for k, tk := range t.toks {
		if tk.start >= start && i < 0 {
			i = k
		}
		if tk.end <= end {
			j = k + 1
		}
	}
	if i < 0 || j <= i || !t.free(i, j) || t.crossesBreak(i, j) {
		return
	}
	// Junk: no capitalised word, or only stop words (weekdays, months, "Namun").
	content := false
	for k := i; k < j; k++ {
		tk := t.toks[k]
		if tk.word && tk.cap && !ld.nameStop[tk.fold] {
			content = true
		}
	}
	if !content || j-i == 1 && !t.toks[i].cap {
		return
	}
	// Trim punctuation at the edges.
	for i < j && !t.toks[i].word {
		i++
	}
	for j > i && !t.toks[j-1].word && t.toks[j-1].text != "." {
		j--
	}
	if i >= j {
		return
	}
	if typ == Person {
		j = t.initials(ld, j)
	}
	name := normSpace(t.span(i, j))
	key := foldPhrase(name)
	var e *ent
	for _, o := range r.order {
		if o.typ != typ {
			continue
		}
		if foldPhrase(o.name) == key {
			e = o
			break
		}
		for _, a := range o.aliases {
			if foldPhrase(a) == key {
				e = o
			}
		}
	}
	if e == nil && typ == Person && j-i == 1 {
		e = r.personByPart(ld, t.toks[i].fold)
	}
	if e == nil {
		e = r.get(-1, static{id: strings.ToLower(typ) + ":" + slug(name), name: name, typ: typ})
	}
	r.addMention(e, t, match{tok: i, tokEnd: j, name: i, nameEnd: j, how: byTagger, static: -1})
	t.cover(i, j)
}

// initials extends a person's name ending before token j over the initials
// after it and the surname after those: "Franco" + "A." is "Franco A.",
// "Saddam" + "R. Jihad" is "Saddam R. Jihad"; a name ending in a bare
// initial ("Saddam R") takes its period.
func (t *textScan) initials(ld *langData, j int) int {
	if j < len(t.toks) && j > 0 && t.toks[j].text == "." && t.isInitial(j-1) && adjacent(t.toks[j-1], t.toks[j]) {
		j++
	}
	ext := false
	for j+1 < len(t.toks) && !t.covered[j] && !t.breakBetween(j) && t.isInitial(j) &&
		t.toks[j+1].text == "." && adjacent(t.toks[j], t.toks[j+1]) {
		j += 2
		ext = true
	}
	if ext && j < len(t.toks) && !t.covered[j] && !t.breakBetween(j) {
		if tk := t.toks[j]; tk.word && tk.cap && !tk.upper && !ld.nameStop[tk.fold] {
			j++
		}
	}
	return j
}

// isInitial reports whether token i is one capital letter.
func (t *textScan) isInitial(i int) bool {
	tk := t.toks[i]
	return tk.word && tk.upper && len(tk.text) == 1
}

// nameParts maps each part of a person's full name (and of the names it was
// written as) to that person; parts shared by two people are listed in
// shared instead.
func (r *registry) nameParts(ld *langData) (map[string]*ent, map[string]bool) {
	parts := map[string]*ent{}
	shared := map[string]bool{}
	for _, e := range r.persons() {
		names := append([]string{e.name}, e.aliases...)
		for _, n := range names {
			toks := tokenize(n)
			if len(toks) < 2 {
				continue
			}
			for _, tk := range toks {
				if !tk.word || !tk.cap || utf8.RuneCountInString(tk.text) < 3 || ld.nameStop[tk.fold] || particles[tk.fold] {
					continue
				}
				if o, ok := parts[tk.fold]; ok && o != e {
					shared[tk.fold] = true
				}
				parts[tk.fold] = e
			}
		}
	}
	return parts, shared
}

// personByPart returns the one person with a name part, or nil.
func (r *registry) personByPart(ld *langData, part string) *ent {
	parts, shared := r.nameParts(ld)
	if shared[part] {
		return nil
	}
	return parts[part]
}
