package entity

import (
	"strings"
)

// How a match was found; it decides what the match adds to its entity.
type how uint8

const (
	byGazetteer how = iota // an alias of a known entity
	byTitle                // a title pattern with a name: "Presiden Rusia Vladimir Putin"
	byHead                 // a head or tail word pattern: "Partai Buruh"
	byTagger               // a span of the statistical tagger
	byCoref                // a bare surname of a person named before
	byAnaphora             // a bare title or "kedua negara": no alias
)

// match is one mention found in a text, before entities are merged.
type match struct {
	tok, tokEnd   int // token span of the whole mention
	name, nameEnd int // token span of the name in it (for aliases)
	how           how
	static        int    // index into Stage.statics, or -1
	proto         static // for a new entity when static < 0
	titleRole     string // role the title gave, "" for none
	titleState    int    // static of the title's state, -1 for none
	inner         bool   // found inside a longer name; fills no slot
}

// bareTitle is a title with no name after it, resolved once all names are
// known: "Presiden Indonesia" (with a state), "Presiden" or "sang presiden".
type bareTitle struct {
	tok, tokEnd int
	role        string
	state       int // static of the state or organisation, -1 for none
}

// textScan is the state of the passes over one text (body or headline).
type textScan struct {
	text     string
	headline bool
	toks     []token
	covered  []bool
	matches  []match
	bare     []bareTitle
	pairs    [][2]int // token spans of "kedua negara"
}

func (t *textScan) cover(i, j int) {
	for k := i; k < j; k++ {
		t.covered[k] = true
	}
}

func (t *textScan) free(i, j int) bool {
	for k := i; k < j; k++ {
		if t.covered[k] {
			return false
		}
	}
	return true
}

// span returns the text of tokens [i, j).
func (t *textScan) span(i, j int) string { return t.text[t.toks[i].start:t.toks[j-1].end] }

// breakBetween reports whether a line break separates tokens i-1 and i:
// no pattern crosses one.
func (t *textScan) breakBetween(i int) bool {
	return i > 0 && i < len(t.toks) && strings.ContainsAny(t.text[t.toks[i-1].end:t.toks[i].start], "\n\r")
}

// titleCase reports whether most words of a headline are capitalised: then
// capitals say nothing about names, and unknown names are not guessed.
func titleCase(toks []token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		if t.word && !isDigits(t.text) {
			words++
			if t.cap {
				caps++
			}
		}
	}
	return words >= 3 && caps*10 >= words*7
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// scan runs the rule passes (gazetteer, titles, heads and tails) over one text.
func (s *Stage) scan(ld *langData, text string, headline bool) *textScan {
	t := &textScan{text: text, headline: headline, toks: tokenize(text)}
	t.covered = make([]bool, len(t.toks))
	s.gazetteer(ld, t)
	s.titlePass(ld, t)
	s.headPass(ld, t)
	s.anaphoraPass(ld, t)
	return t
}

// gazetteer finds the longest known alias at each position, left to right.
func (s *Stage) gazetteer(ld *langData, t *textScan) {
	ids := ld.gaz.ids(t.toks)
	for i := 0; i < len(t.toks); {
		end, p := ld.gaz.longest(t.toks, ids, i)
		if end < 0 || t.crossesBreak(i, end) {
			i++
			continue
		}
		// "US$", "S$": a currency, not a country.
		if end < len(t.toks) && t.toks[end].text == "$" && adjacent(t.toks[end-1], t.toks[end]) {
			i = end
			continue
		}
		if p.value == blocked {
			t.cover(i, end)
			i = end
			continue
		}
		if st := s.statics[p.value]; st.typ == Person && end == i+1 {
			// "Melania Trump": a known surname after an unknown first name is
			// someone else of that family.
			if j := s.givenNames(ld, t, i); j < i {
				name := normSpace(t.span(j, end))
				t.matches = append(t.matches, match{tok: j, tokEnd: end, name: j, nameEnd: end, how: byHead,
					static: -1, titleState: -1, proto: static{id: "person:" + slug(name), name: name, typ: Person}})
				t.cover(j, end)
				i = end
				continue
			}
		}
		t.matches = append(t.matches, match{tok: i, tokEnd: end, name: i, nameEnd: end,
			how: byGazetteer, static: p.value, titleState: -1})
		t.cover(i, end)
		s.nested(ld, t, ids, i, end, p.value)
		i = end
	}
}

// givenNames returns the first token of the capitalised words just before a
// known surname at token i, or i when there are none. A word at the start
// of a sentence or of a headline in title case does not count: it is
// capitalised for its position.
func (s *Stage) givenNames(ld *langData, t *textScan, i int) int {
	if t.headline && titleCase(t.toks) {
		return i
	}
	j := i
	for j > 0 && i-j < 3 && !t.breakBetween(j) {
		p := t.toks[j-1]
		if !p.word || !p.cap || p.upper || t.covered[j-1] || ld.nameStop[p.fold] || particles[p.fold] {
			break
		}
		j--
	}
	if j == i || j == 0 || t.breakBetween(j) {
		return i
	}
	switch t.toks[j-1].text {
	case ".", "!", "?", "\"", "“", "”", ":", "(":
		return i
	}
	return j
}

// nested records the countries and intergovernmental organisations named
// inside a longer name: "Majelis Umum PBB" also mentions the UN,
// "Kementerian Luar Negeri Rusia" Russia.
func (s *Stage) nested(ld *langData, t *textScan, ids []int32, i, end, outer int) {
	for k := i; k < end; k++ {
		limit := end
		if k == i {
			limit = end - 1 // at the start, only a shorter name: "Chinese" of "Chinese Foreign Ministry"
		}
		e, p := ld.gaz.longest(t.toks[:limit], ids[:limit], k)
		if e < 0 || p.value == blocked || p.value == outer {
			continue
		}
		st := s.statics[p.value]
		if st.typ == Country || st.typ == Org && st.org != "" {
			t.matches = append(t.matches, match{tok: k, tokEnd: e, name: k, nameEnd: e,
				how: byGazetteer, static: p.value, titleState: -1, inner: true})
			k = e - 1
		}
	}
}

func (t *textScan) crossesBreak(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if t.breakBetween(k) {
			return true
		}
	}
	return false
}

// matchAt returns the index of the gazetteer match starting (or, with end,
// ending) at token i, or -1.
func (t *textScan) matchAt(i int, end bool) int {
	for k, m := range t.matches {
		if m.how != byGazetteer || m.inner {
			continue
		}
		if !end && m.tok == i || end && m.tokEnd == i {
			return k
		}
	}
	return -1
}

// isState reports whether a static can fill a title's state slot: a
// country, or a body or place that belongs to one, or an organisation.
func (s *Stage) isState(i int) bool {
	if i < 0 {
		return false
	}
	st := s.statics[i]
	switch st.typ {
	case Country:
		return true
	case Org:
		return st.country != "" || st.org != ""
	case Place:
		// A capital stands for its government; a region ("Perdana Menteri
		// Skotlandia") gives at least the state.
		return st.country != ""
	}
	return false
}

// titlePass applies the title patterns.
func (s *Stage) titlePass(ld *langData, t *textScan) {
	ids := ld.titles.ids(t.toks)
	for k := range ids {
		if t.covered[k] {
			ids[k] = -1 // a title never runs into a known name ("Juru Bicara" + "Kemlu China")
		}
	}
	guess := !(t.headline && titleCase(t.toks))
	for i := 0; i < len(t.toks); i++ {
		end, p := ld.titles.longest(t.toks, ids, i)
		if end < 0 || !t.free(i, end) || t.crossesBreak(i, end) {
			continue
		}
		role := ld.roles[p.value]
		start := i
		// A state before the title: "Russian President", "Chinese Foreign Ministry spokesperson".
		state := -1
		if k := t.matchAt(i, true); k >= 0 && s.isState(t.matches[k].static) && !t.breakBetween(i) {
			state = t.matches[k].static
			start = t.matches[k].tok
		}
		k := end
		// A state after the title: "Presiden Rusia", "Juru Bicara Kremlin", "Sekjen PBB".
		if state < 0 && !t.breakBetween(k) {
			if m := t.matchAt(k, false); m >= 0 && s.isState(t.matches[m].static) {
				state = t.matches[m].static
				k = t.matches[m].tokEnd
			}
		}
		nameStart := t.skipAside(k)
		blockedTitle := i > 0 && t.toks[i-1].word && ld.blockers[t.toks[i-1].fold] && !t.breakBetween(i)
		// The name: a known person, else a run of capitalised words.
		if nameStart < len(t.toks) && !t.breakBetween(nameStart) {
			if m := t.matchAt(nameStart, false); m >= 0 && s.statics[t.matches[m].static].typ == Person {
				mm := &t.matches[m]
				mm.tok, mm.how = start, byTitle
				mm.titleState = state
				if !blockedTitle {
					mm.titleRole = role
				}
				t.cover(start, mm.tokEnd)
				i = mm.tokEnd - 1
				continue
			}
			if guess {
				if e := s.nameRun(ld, t, nameStart); e > nameStart {
					m := match{tok: start, tokEnd: e, name: nameStart, nameEnd: e, how: byTitle, static: -1,
						titleState: state}
					name := normSpace(t.span(nameStart, e))
					m.proto = static{id: "person:" + slug(name), name: name, typ: Person}
					if !blockedTitle {
						m.titleRole = role
					}
					t.matches = append(t.matches, m)
					t.cover(start, e)
					i = e - 1
					continue
				}
			}
		}
		if !blockedTitle {
			t.bare = append(t.bare, bareTitle{tok: start, tokEnd: max(end, k), role: role, state: state})
		}
		i = end - 1
	}
}

// skipAside skips "(AS)" and a comma between a title's state and the name:
// "Presiden Amerika Serikat (AS), Donald Trump".
func (t *textScan) skipAside(k int) int {
	if k < len(t.toks) && t.toks[k].text == "(" {
		for j := k + 1; j < len(t.toks) && j <= k+5; j++ {
			if t.toks[j].text == ")" {
				k = j + 1
				break
			}
		}
	}
	if k < len(t.toks) && t.toks[k].text == "," {
		k++
	}
	return k
}

// particles may stand inside a name in lower case.
var particles = map[string]bool{"bin": true, "binti": true, "bint": true, "al": true, "el": true, "van": true,
	"von": true, "der": true, "den": true, "de": true, "da": true, "dos": true, "du": true, "le": true,
	"la": true, "ibn": true, "e": true, "y": true}

// nameRun returns the end of a run of capitalised name words starting at
// token i (i itself when there is none): "Dmitry Peskov", "Mohammed bin
// Salman", "Jean-Yves Le Drian", "Saddam R. Jihad", "Abdullah II".
func (s *Stage) nameRun(ld *langData, t *textScan, i int) int {
	end, words := i, 0
	for j := i; j < len(t.toks) && words < 5; {
		if j > i && t.breakBetween(j) {
			break
		}
		tk := t.toks[j]
		switch {
		case tk.word && tk.cap && !ld.nameStop[tk.fold] && !t.covered[j] && (!tk.upper || len(tk.text) > 1 || j+1 < len(t.toks) && t.toks[j+1].text == "."):
			j++
			words++
			// An initial's period: "R." (only right after a one-letter word).
			if len(tk.text) == 1 && j < len(t.toks) && t.toks[j].text == "." && adjacent(tk, t.toks[j]) {
				j++
			}
			end = j
		case (tk.text == "-" || tk.text == "'") && j > i && j+1 < len(t.toks) && adjacent(t.toks[j-1], tk) && adjacent(tk, t.toks[j+1]) && t.toks[j+1].word:
			// "Jean-Yves", "Takht-e", "O'Neill": glue the next word whatever its case.
			j += 2
			end = j
		case tk.word && !tk.cap && particles[tk.fold] && j > i && j+1 < len(t.toks) && t.toks[j+1].cap && t.toks[j+1].word && !ld.nameStop[t.toks[j+1].fold]:
			j++
		default:
			return end
		}
	}
	return end
}

// headPass finds ORG and PLACE names opened by a head word ("Kementerian
// Kehakiman AS") or closed by a tail word ("Labour Party").
func (s *Stage) headPass(ld *langData, t *textScan) {
	ids := ld.heads.ids(t.toks)
	for i := 0; i < len(t.toks); i++ {
		end, p := ld.heads.longest(t.toks, ids, i)
		if end < 0 || !t.free(i, end) || !t.toks[i].cap {
			continue
		}
		e, country := s.orgRun(ld, t, end, ld.types[p.value] == Org)
		if e == end {
			continue
		}
		t.addHead(i, e, ld.types[p.value], country)
		i = e - 1
	}
	for i := 1; i < len(t.toks); i++ {
		tk := t.toks[i]
		typ, ok := ld.tails[tk.fold]
		if !ok || !tk.cap || !tk.word || t.covered[i] {
			continue
		}
		j := i
		for j > 0 && i-j < 5 && !t.breakBetween(j) {
			p := t.toks[j-1]
			if !p.word || !p.cap || t.covered[j-1] || ld.nameStop[p.fold] {
				break
			}
			j--
		}
		if j == i {
			continue
		}
		t.addHead(j, i+1, typ, "")
	}
}

// orgRun returns the end of the capitalised words after a head, and the
// country named among them (the last one). Only organisation names take
// connectors ("Kementerian Sains, Teknologi dan Inovasi"): for places "dan"
// joins two names ("Pulau Grande dan Chiquita").
func (s *Stage) orgRun(ld *langData, t *textScan, i int, connectors bool) (int, string) {
	end, country := i, ""
	for j := i; j < len(t.toks) && j-i < 8; {
		if t.breakBetween(j) {
			break
		}
		tk := t.toks[j]
		if m := t.matchAt(j, false); m >= 0 {
			st := s.statics[t.matches[m].static]
			if st.typ == Country {
				country = st.country
			}
			j = t.matches[m].tokEnd
			end = j
			continue
		}
		switch {
		case tk.word && tk.cap && !ld.nameStop[tk.fold] && !t.covered[j]:
			j++
			end = j
		case connectors && tk.word && !tk.cap && (tk.fold == "dan" || tk.fold == "and" || tk.fold == "of" || tk.fold == "for" || tk.fold == "the") &&
			j+1 < len(t.toks) && t.toks[j+1].cap && t.toks[j+1].word:
			j++
		case tk.text == "&" || tk.text == "-" && j > i && adjacent(t.toks[j-1], tk):
			j++
		default:
			return end, country
		}
	}
	return end, country
}

func (t *textScan) addHead(i, j int, typ, country string) {
	name := normSpace(t.span(i, j))
	m := match{tok: i, tokEnd: j, name: i, nameEnd: j, how: byHead, static: -1, titleState: -1}
	m.proto = static{id: strings.ToLower(typ) + ":" + slug(name), name: name, typ: typ, country: country}
	t.matches = append(t.matches, m)
	t.cover(i, j)
}

// anaphoraPass finds "kedua negara" and "sang presiden".
func (s *Stage) anaphoraPass(ld *langData, t *textScan) {
	ids := ld.anaphora.ids(t.toks)
	tids := ld.titles.ids(t.toks)
	for i := 0; i < len(t.toks); i++ {
		end, p := ld.anaphora.longest(t.toks, ids, i)
		if end < 0 || !t.free(i, end) {
			continue
		}
		switch p.value {
		case anaphoraPair:
			t.pairs = append(t.pairs, [2]int{i, end})
		case anaphoraTitle:
			for k := i; k < end; k++ {
				if e, q := ld.titles.longest(t.toks, tids, k); e == end {
					t.dropBare(i, end)
					t.bare = append(t.bare, bareTitle{tok: i, tokEnd: end, role: ld.roles[q.value], state: -1})
					break
				}
			}
		}
		i = end - 1
	}
}

// normSpace collapses white space runs to single spaces.
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// dropBare forgets the bare titles inside tokens [i, j).
func (t *textScan) dropBare(i, j int) {
	out := t.bare[:0]
	for _, b := range t.bare {
		if b.tok >= i && b.tok < j {
			continue
		}
		out = append(out, b)
	}
	t.bare = out
}
