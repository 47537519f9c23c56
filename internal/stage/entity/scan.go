package entity

import (
	"slices"
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
	ids      []int32 // the tokens' ids in the language's trie vocabulary
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
	t.ids = ld.gaz.ids(t.toks) // the same for every trie of ld
	s.gazetteer(ld, t)
	s.titlePass(ld, t)
	s.headPass(ld, t)
	s.attributionPass(ld, t)
	s.anaphoraPass(ld, t)
	return t
}

// gazetteer finds the longest known alias at each position, left to right.
func (s *Stage) gazetteer(ld *langData, t *textScan) {
	ids := t.ids
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
		if st := s.statics[p.value]; end == i+1 && (st.typ == Person || st.typ == Org && (st.role == "company" || st.role == "media") &&
			(end == len(t.toks) || !t.toks[end].cap || t.breakBetween(end))) {
			// "Melania Trump": a known surname after an unknown first name is
			// someone else of that family; "Keisuke Honda", "Michael
			// Bloomberg": a company's name after a first name is a person's.
			if j := s.givenNames(ld, t, i, st.typ == Org); j < i {
				name := normSpace(t.span(j, end))
				t.matches = append(t.matches, match{tok: j, tokEnd: end, name: j, nameEnd: end, how: byHead,
					static: -1, titleState: -1, proto: static{id: "person:" + slug(name), name: name, typ: Person}})
				t.cover(j, end)
				i = end
				continue
			}
		}
		if st := s.statics[p.value]; st.typ == Person && end == i+1 && !(t.headline && titleCase(t.toks)) {
			if e, same := s.surnameAfter(ld, t, ids, st, end); e > end {
				if !same {
					// "Boris Becker" is not Boris Johnson.
					name := normSpace(t.span(i, e))
					t.matches = append(t.matches, match{tok: i, tokEnd: e, name: i, nameEnd: e, how: byHead,
						static: -1, titleState: -1, proto: static{id: "person:" + slug(name), name: name, typ: Person}})
					t.cover(i, e)
					i = e
					continue
				}
				end = e // "Boris Jhonson": Boris Johnson, misspelt
			}
		}
		t.matches = append(t.matches, match{tok: i, tokEnd: end, name: i, nameEnd: end,
			how: byGazetteer, static: p.value, titleState: -1})
		t.cover(i, end)
		s.nested(ld, t, ids, i, end, p.value)
		i = end
	}
}

// surnameAfter looks at the word after a known person's one-word alias that
// is the person's first name ("Boris"): when it is a capitalised word of no
// known name, it returns the end of the name, and whether the word is the
// person's surname misspelt ("Boris Jhonson") rather than another family's.
func (s *Stage) surnameAfter(ld *langData, t *textScan, ids []int32, st static, end int) (int, bool) {
	name := tokenize(st.name)
	if len(name) < 2 || end >= len(t.toks) || name[0].fold != t.toks[end-1].fold || t.breakBetween(end) {
		return end, false
	}
	tk := t.toks[end]
	if !tk.word || !tk.cap || tk.upper || ld.nameStop[tk.fold] || particles[tk.fold] {
		return end, false
	}
	if e, _ := ld.gaz.longest(t.toks, ids, end); e > 0 {
		return end, false
	}
	last := name[len(name)-1].fold
	return end + 1, last[0] == tk.fold[0] && editDistance(last, tk.fold) <= 2
}

// editDistance is the Levenshtein distance of two short strings, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// givenNames returns the first token of the capitalised words just before a
// known surname at token i, or i when there are none. A word at the start
// of a sentence or of a headline in title case does not count: it is
// capitalised for its position.
func (s *Stage) givenNames(ld *langData, t *textScan, i int, strict bool) int {
	if t.headline && titleCase(t.toks) {
		return i
	}
	j := i
	for j > 0 && i-j < 3 && !t.breakBetween(j) {
		p := t.toks[j-1]
		if !p.word || !p.cap || p.upper || t.covered[j-1] || ld.nameStop[p.fold] || particles[p.fold] {
			break
		}
		// A head word is not a first name ("Bandara Soekarno"), nor, before
		// a company's name (strict), a title ("Direktur Toyota").
		if ld.heads.has(p.fold) {
			break
		}
		if strict && ld.titles.has(p.fold) {
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
	ids := slices.Clone(t.ids)
	for k := range ids {
		if t.covered[k] {
			ids[k] = -1 // a title never runs into a known name ("Juru Bicara" + "Kemlu China")
		}
	}
	guess := !(t.headline && titleCase(t.toks))
	hids := t.ids
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
		// A state after the title: "Presiden Rusia", "Juru Bicara Kremlin",
		// "Sekjen PBB", "President of Russia".
		if state < 0 && !t.breakBetween(k) {
			at := s.qualifiers(t, k)
			if at == k && at+1 < len(t.toks) && t.toks[at].fold == "of" && !t.toks[at].cap {
				at++
				if at+1 < len(t.toks) && t.toks[at].fold == "the" && !t.toks[at].cap {
					at++
				}
			}
			if m := t.matchAt(at, false); m >= 0 && s.isState(t.matches[m].static) {
				state = t.matches[m].static
				k = t.matches[m].tokEnd
			}
		}
		// A portfolio belongs to the title: "Menteri Kelautan dan Perikanan".
		if state < 0 {
			for k < len(t.toks) && !t.breakBetween(k) && !t.covered[k] {
				tk := t.toks[k]
				if tk.word && tk.cap && ld.folio[tk.fold] {
					k++
					continue
				}
				if k > end && k+1 < len(t.toks) && (tk.fold == "dan" && !tk.cap || tk.text == "," || tk.text == "&") &&
					t.toks[k+1].cap && ld.folio[t.toks[k+1].fold] {
					k++
					continue
				}
				break
			}
			if k > end && !t.breakBetween(k) {
				if m := t.matchAt(k, false); m >= 0 && s.isState(t.matches[m].static) {
					state = t.matches[m].static
					k = t.matches[m].tokEnd
				}
			}
		}
		blockedTitle := i > 0 && t.toks[i-1].word && ld.blockers[t.toks[i-1].fold] && !t.breakBetween(i)
		// An unknown body's acronym between the title and the name: "Sekjen
		// ACYF Meng Yang", "Kepala BNPB Doni Monardo". It is an ORG; it fills
		// no state slot.
		if state < 0 && guess && k+1 < len(t.toks) && t.isAcronym(k) && !t.covered[k] && !t.breakBetween(k) && !t.breakBetween(k+1) &&
			t.toks[k+1].word && t.toks[k+1].cap && !t.toks[k+1].upper {
			t.addHead(k, k+1, Org, "")
			k++
		}
		nameStart := t.skipAside(k)
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
			// A head word opens a body's name, not a person's: "Kepala Dinas
			// Kesehatan", "Direktur Utama PT Transportasi".
			if e, _ := ld.heads.longest(t.toks, hids, nameStart); guess && e < 0 {
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
		if s.appositive(ld, t, start, role, state, blockedTitle, guess) {
			i = max(end, k) - 1
			continue
		}
		if !blockedTitle {
			t.bare = append(t.bare, bareTitle{tok: start, tokEnd: max(end, k), role: role, state: state})
		}
		i = end - 1
	}
}

// maxQualifiers lower-case words may stand between a title and its state: "aktivis
// demokrasi Hong Kong X", "pemimpin oposisi Belarus X".
const maxQualifiers = 2

// qualifiers returns the token after the lower-case words that qualify a
// title ending at token k ("aktivis demokrasi Hong Kong Joshua Wong"), when
// a state and a capitalised name follow them; else k.
func (s *Stage) qualifiers(t *textScan, k int) int {
	j := k
	for j < len(t.toks) && j-k < maxQualifiers && !t.breakBetween(j) {
		tk := t.toks[j]
		if !tk.word || tk.cap || len(tk.text) < 4 || t.covered[j] || qualifierStop[tk.fold] {
			break
		}
		j++
	}
	if j == k || t.breakBetween(j) {
		return k
	}
	m := t.matchAt(j, false)
	if m < 0 || !s.isState(t.matches[m].static) {
		return k
	}
	n := t.matches[m].tokEnd
	if n >= len(t.toks) || t.breakBetween(n) || !t.toks[n].word || !t.toks[n].cap || t.toks[n].upper {
		return k
	}
	return j
}

// qualifierStop are function words that end a title's qualifiers.
var qualifierStop = map[string]bool{"dari": true, "yang": true, "untuk": true, "dengan": true, "pada": true,
	"oleh": true, "serta": true, "atau": true, "tersebut": true, "bahwa": true, "kepada": true, "terhadap": true,
	"tentang": true, "dalam": true, "bersama": true, "from": true, "with": true, "that": true, "have": true, "were": true}

// isAcronym reports whether token i is an all-caps word of two to six
// letters: "ACYF", "BNPB".
func (t *textScan) isAcronym(i int) bool {
	tk := t.toks[i]
	return tk.word && tk.upper && len(tk.text) >= 2 && len(tk.text) <= 6 && !isDigits(tk.text)
}

// appositive attaches a title with no name after it to the name before it:
// "Dmitry Peskov, juru bicara Kremlin", "Sergei Lavrov, the Russian foreign
// minister", "Lincoln sebagai presiden AS". title is the first token of the
// title (or of the state before it). It reports whether a name took the
// title.
func (s *Stage) appositive(ld *langData, t *textScan, title int, role string, state int, blockedTitle, guess bool) bool {
	p := title - 1
	if p >= 0 && t.toks[p].fold == "the" && !t.toks[p].cap {
		p--
	}
	if p < 1 || t.breakBetween(p+1) || t.breakBetween(p) {
		return false
	}
	switch tk := t.toks[p]; {
	case tk.text == ",":
	case tk.word && !tk.cap && (tk.fold == "sebagai" || tk.fold == "selaku"):
		blockedTitle = true // "terpilih sebagai presiden": a role held or sought, not named
	default:
		return false
	}
	apply := func(m *match) {
		m.how = byTitle
		m.titleState = state
		if !blockedTitle {
			m.titleRole = role
		}
	}
	if k := t.matchAt(p, true); k >= 0 {
		m := &t.matches[k]
		switch st := s.statics[m.static]; {
		case st.typ == Person:
			apply(m)
			return true
		case st.typ == Place && m.tokEnd-m.tok == 1:
			// A place name that is also a known person's surname, given a
			// person's title: "Lincoln, presiden AS ke-16".
			if idx := s.bySurname(t.toks[m.tok].fold, state); idx >= 0 {
				m.static = idx
				apply(m)
				return true
			}
		}
		return false
	}
	if !guess {
		return false
	}
	// An unknown name: the capitalised words just before the comma.
	j := p
	for j > 0 && p-j < 4 && !t.breakBetween(j) {
		q := t.toks[j-1]
		if !q.word || !q.cap || q.upper && len(q.text) > 1 || t.covered[j-1] || ld.nameStop[q.fold] {
			break
		}
		j--
	}
	if j == p {
		return false
	}
	// One capitalised word at the start of a sentence may be any word.
	if p-j == 1 && (j == 0 || t.sentenceStart(j)) {
		return false
	}
	name := normSpace(t.span(j, p))
	m := match{tok: j, tokEnd: p, name: j, nameEnd: p, static: -1,
		proto: static{id: "person:" + slug(name), name: name, typ: Person}}
	apply(&m)
	t.matches = append(t.matches, m)
	t.cover(j, p)
	return true
}

// sentenceStart reports whether token i opens a sentence: it follows a
// line break, a full stop or a quotation mark, or opens the text.
func (t *textScan) sentenceStart(i int) bool {
	if i == 0 || t.breakBetween(i) {
		return true
	}
	switch t.toks[i-1].text {
	case ".", "!", "?", "\"", "“", "”", ":":
		return true
	}
	return false
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
	// In a title-case headline every word is capitalised: a head word's run
	// would take the whole line.
	if t.headline && titleCase(t.toks) {
		return
	}
	ids := t.ids
	for i := 0; i < len(t.toks); i++ {
		end, p := ld.heads.longest(t.toks, ids, i)
		if end < 0 || !t.free(i, end) || !t.toks[i].cap {
			continue
		}
		typ := ld.types[p.value]
		e, country := s.orgRun(ld, t, end, typ == Org)
		if e == end {
			continue
		}
		body := false
		switch of := ld.headOf[p.value]; {
		case country != "":
		case of == "state":
			body = true // "Kementerian Sains": a state body of no named state
		default:
			country = of // "Himpunan Mahasiswa ...": a national body
		}
		// "Kota Beijing", "Provinsi Papua": the head and one known place of a
		// state are a mention of that place.
		if m := t.matchAt(end, false); typ == Place && m >= 0 && t.matches[m].tokEnd == e {
			if st := s.statics[t.matches[m].static]; st.typ == Place && st.country != "" {
				t.matches[m].tok = i
				t.cover(i, e)
				i = e - 1
				continue
			}
		}
		t.addHead(i, e, typ, country)
		t.matches[len(t.matches)-1].proto.stateBody = body
		// "Pulau Grande dan Chiquita": a second name of the same kind.
		if typ == Place && e+1 < len(t.toks) && !t.breakBetween(e) && !t.breakBetween(e+1) &&
			t.toks[e].word && !t.toks[e].cap && (t.toks[e].fold == "dan" || t.toks[e].fold == "and") &&
			t.toks[e+1].cap && t.matchAt(e+1, false) < 0 {
			if e2, _ := s.orgRun(ld, t, e+1, false); e2 > e+1 {
				t.addHead(e+1, e2, Place, country)
				e = e2
			}
		}
		i = e - 1
	}
	// Tails right to left, so that the longest name wins: "National
	// University Hospital", not "National University".
	for i := len(t.toks) - 1; i >= 1; i-- {
		tk := t.toks[i]
		typ, ok := ld.tails[tk.fold]
		if !ok || !tk.cap || !tk.word || t.covered[i] {
			continue
		}
		j, words := i, 0
		for j > 0 && words < 5 && !t.breakBetween(j) {
			p := t.toks[j-1]
			// "Duke-NUS Medical School": a hyphen glues two words.
			if p.text == "-" && j > 1 && adjacent(t.toks[j-2], p) && adjacent(p, t.toks[j]) && t.toks[j-2].word && !t.covered[j-2] {
				j -= 2
				words++
				continue
			}
			if !p.word || !p.cap || t.covered[j-1] || ld.nameStop[p.fold] {
				break
			}
			j--
			words++
		}
		if j == i {
			continue
		}
		t.addHead(j, i+1, typ, "")
		i = j
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
		case connectors && tk.text == "," && j > i && t.enumeration(ld, j):
			// "Kementerian Sains, Teknologi dan Inovasi": a comma inside a
			// list that "dan" closes.
			j++
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

// enumeration reports whether the comma at token c opens the rest of a list
// of capitalised words that "dan", "and" or "&" closes: ", Teknologi dan
// Inovasi", ", Trade and Industry".
func (t *textScan) enumeration(ld *langData, c int) bool {
	words := 0
	for j := c + 1; j < len(t.toks) && j-c < 12; j++ {
		if t.breakBetween(j) {
			return false
		}
		tk := t.toks[j]
		switch {
		case tk.word && tk.cap && !ld.nameStop[tk.fold] && !t.covered[j]:
			words++
		case tk.text == "," && words > 0:
			words = 0
		case words > 0 && (tk.text == "&" || tk.word && !tk.cap && (tk.fold == "dan" || tk.fold == "and")):
			return j+1 < len(t.toks) && t.toks[j+1].word && t.toks[j+1].cap && !ld.nameStop[t.toks[j+1].fold]
		default:
			return false
		}
	}
	return false
}

func (t *textScan) addHead(i, j int, typ, country string) {
	name := normSpace(t.span(i, j))
	m := match{tok: i, tokEnd: j, name: i, nameEnd: j, how: byHead, static: -1, titleState: -1}
	m.proto = static{id: strings.ToLower(typ) + ":" + slug(name), name: name, typ: typ, country: country}
	t.matches = append(t.matches, m)
	t.cover(i, j)
}

// attributionPass finds the speaker named after a quotation: `...," kata
// Budi Santoso`, `...," said Jane Doe`.
func (s *Stage) attributionPass(ld *langData, t *textScan) {
	if t.headline {
		return
	}
	for i := 1; i+1 < len(t.toks); i++ {
		tk := t.toks[i]
		if !tk.word || tk.cap || !ld.report[tk.fold] || t.covered[i+1] || t.breakBetween(i+1) {
			continue
		}
		q := i - 1
		if t.toks[q].text == "," && q > 0 {
			q--
		}
		if !isQuote(t.toks[q].text) || q == i-1 && t.toks[q].text == "“" {
			continue
		}
		// A title or a body's head word is no name: `," kata Direktur Eksekutif`.
		if e, _ := ld.titles.longest(t.toks, t.ids, i+1); e > 0 {
			continue
		}
		if e, _ := ld.heads.longest(t.toks, t.ids, i+1); e > 0 {
			continue
		}
		e := s.nameRun(ld, t, i+1)
		if e == i+1 {
			continue
		}
		name := normSpace(t.span(i+1, e))
		t.matches = append(t.matches, match{tok: i + 1, tokEnd: e, name: i + 1, nameEnd: e, how: byHead,
			static: -1, titleState: -1, proto: static{id: "person:" + slug(name), name: name, typ: Person}})
		t.cover(i+1, e)
		i = e - 1
	}
}

func isQuote(s string) bool {
	switch s {
	case "\"", "”", "“", "'", "’":
		return true
	}
	return false
}

// anaphoraPass finds "kedua negara" and "sang presiden".
func (s *Stage) anaphoraPass(ld *langData, t *textScan) {
	ids := t.ids
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
				if e, q := ld.titles.longest(t.toks, ids, k); e == end {
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
