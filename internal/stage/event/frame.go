package event

import (
	"strings"
	"unicode"
)

// How a subject was found.
const (
	byNone = iota
	byToken
	byPronoun
	bySpeaker
	byReported // a pronoun after the speech verb: the speaker
)

// isStop reports punctuation that ends a clause for the subject search.
// isAcronym reports whether a word is written in capitals: "HAM", "UNHCR".
func isAcronym(w string) bool {
	if len(w) < 2 || len(w) > 8 {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func isStop(t token) bool {
	if t.kind != tokPunct {
		return false
	}
	switch t.low {
	case ";", ":", "\"", "“", "”", "(", ")", "?", "!", "[", "]", "—", "–":
		return true
	}
	return false
}

// obliqueBefore reports whether the word before token k makes the actor at
// k an oblique (location, source, agent, companion): not a subject.
func (c *coder) obliqueBefore(toks []token, k int) bool {
	if toks[k].headed {
		return false // "dissidents from Egypt": Egypt's dissidents
	}
	the := k > 1 && toks[k-1].kind == tokWord && toks[k-1].low == "the"
	if the {
		k-- // "from the Gaza Strip"
	}
	if k == 0 || toks[k-1].kind != tokWord {
		return false
	}
	p := toks[k-1].low
	if the && c.g.has("boundary", p) {
		return false // "as the US leader prepared": a clause opens
	}
	if c.g.has("genitive", p) && k > 1 && toks[k-2].kind == tokWord && c.g.has("quantity", toks[k-2].low) {
		return false // "hundreds of UN troops": the actor heads the subject
	}
	return c.g.has("prep", p) || c.g.has("prep_loc", p) || c.g.has("prep_agent", p) || c.g.has("prep_source", p)
}

// locPrep reports a preposition of place that may introduce a visit's or
// meeting's target: any of kind prep_loc, but Indonesian "di" only before a
// state ("di Jakarta" is where, "ke Jakarta" whom).
func (c *coder) locPrep(p string, state bool) bool {
	return c.g.has("prep_loc", p) && (p != "di" || state)
}

// prepBefore returns the preposition before the actor token at k, over a
// "the".
func (c *coder) prepBefore(toks []token, k int) string {
	if k > 1 && toks[k-1].kind == tokWord && toks[k-1].low == "the" {
		k--
	}
	p := toks[k-1].low
	// "in the east of the Gaza Strip": the preposition of the region.
	if c.g.has("genitive", p) && k >= 4 && toks[k-2].kind == tokWord && c.g.has("region", toks[k-2].low) &&
		toks[k-3].kind == tokWord && toks[k-3].low == "the" && toks[k-4].kind == tokWord && c.g.has("prep_loc", toks[k-4].low) {
		return toks[k-4].low
	}
	return p
}

// coordEnd returns the index after the actors coordinated with the actor
// token at k ("dari Rusia dan China", "from Moscow and Beijing").
func (c *coder) coordEnd(toks []token, k int) int {
	j := k + 1
	for j+1 < len(toks) {
		t := toks[j]
		if !(t.kind == tokPunct && t.low == "," || t.kind == tokWord && c.g.has("coord", t.low)) {
			break
		}
		x := j + 1
		if x+1 < len(toks) && toks[x].kind == tokWord && (toks[x].low == "the" || c.g.has("coord", toks[x].low)) {
			x++
		}
		if toks[x].kind != tokActor {
			break
		}
		j = x + 1
	}
	return j
}

// relativeSubject reports a relative pronoun subject of the English verb
// at i ("the group that has seized ...", "which attacked"): a description
// of its antecedent, not a reported event.
func (c *coder) relativeSubject(toks []token, i int) bool {
	if c.lang != "en" {
		return false
	}
	for k, n := i-1, 0; k >= 0 && n < 4; k-- {
		t := toks[k]
		if t.kind != tokWord {
			return false
		}
		if c.g.has("relative", t.low) {
			return k > 0 && !c.g.has("speech_pre", toks[k-1].low) && !c.g.has("speech_post", toks[k-1].low)
		}
		if !c.modifier(toks, k) {
			return false
		}
		n++
	}
	return false
}

// leftSubject finds the subject of the verb at token i: the nearest actor
// on its left in the same clause that is not after a preposition, with the
// actors coordinated with it; a pronoun resolved from the discourse; or,
// when the clause has none, the sentence's speaker.
func (c *coder) leftSubject(toks []token, i int, speaker []int) ([]int, int) {
	words, limit := 0, leftWords
	if i > 0 && toks[i-1].kind == tokWord && c.g.has("coord", toks[i-1].low) {
		// "X scheduled to give a speech on ... and meet with Y": the
		// second verb of a pair shares the first one's subject.
		limit = 2*leftWords + 4
	}
	// "A report released in the Rwandan capital alleged ...": a document
	// speaks for the actor named in the phrase that describes it.
	var oblique []int
	doc := false
	fallback := func() ([]int, int) {
		if doc && len(oblique) > 0 {
			return oblique, byToken
		}
		return c.fallbackSpeaker(speaker)
	}
	for k := i - 1; k >= 0; k-- {
		t := toks[k]
		switch t.kind {
		case tokPunct:
			if t.low == ")" {
				if open := c.dateParen(toks, k); open >= 0 {
					k = open // "pada hari Jumat (06/09)": a date, not a clause
					continue
				}
			}
			if isStop(t) {
				return fallback()
			}
			if t.low == "," && !c.dateWord(toks, k-1) {
				words++
			}
			continue
		case tokActor:
			for k > 0 && toks[k-1].kind == tokActor {
				k-- // "Kelompok Houthi Yaman": the head comes first
			}
			if c.obliqueBefore(toks, k) {
				if oblique == nil && !doc {
					oblique = c.coordRight(toks, k)
				}
				words++
				continue
			}
			return c.coordLeft(toks, k), byToken
		case tokName:
			words++
			continue
		}
		if t.pron != "" {
			if r := c.reportedSubject(toks, k); len(r) > 0 {
				return r, byReported
			}
			if r := c.pronoun(t, speaker); len(r) > 0 {
				return r, byPronoun
			}
			return nil, byNone
		}
		if c.dateWord(toks, k) {
			continue // "pada Rabu, 18 September 2019,": dates do not count
		}
		if c.g.has("boundary", t.low) && !c.datedBoundary(toks, k) {
			return fallback()
		}
		doc = doc || len(oblique) > 0 && c.g.has("document", t.low)
		words++
		if words > limit {
			return nil, byNone
		}
	}
	return fallback()
}

// reportedSubject resolves a third-person pronoun right after a verb of
// saying ("Obama said he would ...", "X mengatakan dia ...", over a
// complementizer "that"/"bahwa") to the subject of that verb: the speaker
// reports on itself. It returns nil for any other pronoun.
func (c *coder) reportedSubject(toks []token, k int) []int {
	if toks[k].pron != "other" {
		return nil
	}
	v := k - 1
	if v >= 0 && toks[v].kind == tokWord && c.g.has("complementizer", toks[v].low) {
		v--
	}
	if v < 1 || toks[v].kind != tokWord || !c.g.has("speech_pre", toks[v].low) {
		return nil
	}
	for n, j := 0, v-1; j >= 0 && n < 4; j-- {
		t := toks[j]
		switch {
		case t.kind == tokActor:
			for j > 0 && toks[j-1].kind == tokActor {
				j--
			}
			if c.obliqueBefore(toks, j) && !c.g.has("boundary", c.prepBefore(toks, j)) {
				return nil // "as Israel announced it ...": a clause opens
			}
			return c.coordLeft(toks, j)
		case t.kind == tokPunct, t.pron != "":
			return nil
		}
		n++
	}
	return nil
}

// dateWord reports a word of a date expression: a number, a month or
// weekday name, a relative day, or a word that introduces a date ("pada",
// "hari", "on").
func (c *coder) dateWord(toks []token, k int) bool {
	if k < 0 || k >= len(toks) || toks[k].kind != tokWord {
		return false
	}
	low := toks[k].low
	if isNumber(low) {
		return true
	}
	_, mon := c.g.months[low]
	_, wd := c.g.weekdays[low]
	_, rd := c.g.relDays[low]
	return mon || wd || rd || c.g.has("date_intro", low)
}

func isNumber(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// dateParen returns the index of the "(" of a bracketed date closed at k
// ("(06/09)", "(18/9/2019)"), or -1.
func (c *coder) dateParen(toks []token, k int) int {
	for j := k - 1; j >= 0 && j >= k-6; j-- {
		t := toks[j]
		switch {
		case t.kind == tokPunct && t.low == "(":
			if j == k-1 {
				return -1
			}
			return j
		case t.kind == tokPunct && (t.low == "/" || t.low == "-" || t.low == "."):
		case t.kind == tokWord && isNumber(t.low):
		default:
			return -1
		}
	}
	return -1
}

// datedBoundary reports a clause word that only dates the clause ("sejak
// 2015", "since 2011"): a boundary followed by a number.
func (c *coder) datedBoundary(toks []token, k int) bool {
	return k+1 < len(toks) && toks[k+1].kind == tokWord && isNumber(toks[k+1].low)
}

func (c *coder) fallbackSpeaker(speaker []int) ([]int, int) {
	if len(speaker) > 0 {
		return speaker, bySpeaker
	}
	return nil, byNone
}

// pronoun resolves a pronoun: "saya", "kami", "we" to the speaker, "dia",
// "mereka", "he" to the last subject.
func (c *coder) pronoun(t token, speaker []int) []int {
	if t.pron == "self" {
		if len(speaker) > 0 {
			return speaker
		}
		return c.lastSpeaker
	}
	return c.lastSubj
}

// coordLeft collects the actors coordinated with the actor token at k,
// leftwards: "Rusia dan China", "A, B dan C". A comma joins only inside a
// list closed by "dan" ("A, B" alone is an apposition or two clauses).
func (c *coder) coordLeft(toks []token, k int) []int {
	out := append([]int(nil), toks[k].actors...)
	and := false
	for {
		j := k - 1 - c.apposBefore(toks, k) // "AS dan sekutunya Arab Saudi"
		if j >= 1 && toks[j].kind == tokWord && toks[j].low == "the" {
			j-- // "Brazil and the United States"
		}
		if j < 1 {
			return out
		}
		t := toks[j]
		isAnd := t.kind == tokWord && c.g.has("coord", t.low)
		if !(t.kind == tokPunct && t.low == "," && and) && !isAnd {
			return out
		}
		and = and || isAnd
		if toks[j-1].kind == tokPunct && toks[j-1].low == "," && t.kind == tokWord {
			j-- // "A, B, dan C"
		}
		if j < 1 || toks[j-1].kind != tokActor {
			return out
		}
		k = j - 1
		out = appendUnique(out, toks[k].actors...)
	}
}

// apposBefore returns how many words of an apposition noun ("sekutunya",
// "its ally") stand right before token k, 0 for none.
func (c *coder) apposBefore(toks []token, k int) int {
	for n := 2; n >= 1; n-- {
		if k-n >= 0 && c.phraseAt(toks, "appos", k-n, k) {
			return n
		}
	}
	return 0
}

// apposAfter returns how many words of an apposition noun start at token
// k, 0 for none.
func (c *coder) apposAfter(toks []token, k int) int {
	for n := 2; n >= 1; n-- {
		if k+n <= len(toks) && c.phraseAt(toks, "appos", k, k+n) {
			return n
		}
	}
	return 0
}

// phraseAt reports whether the words [i,j) are a phrase of a kind.
func (c *coder) phraseAt(toks []token, kind string, i, j int) bool {
	var sb strings.Builder
	for x := i; x < j; x++ {
		if toks[x].kind != tokWord {
			return false
		}
		if x > i {
			sb.WriteByte(' ')
		}
		sb.WriteString(toks[x].low)
	}
	return c.g.has(kind, sb.String())
}

// coordRight collects the actors coordinated with the actor token at k,
// rightwards.
func (c *coder) coordRight(toks []token, k int) []int {
	out := append([]int(nil), toks[k].actors...)
	var pending []int // joined by commas, kept once a "dan" closes the list
	for {
		j := k + 1
		if j >= len(toks) {
			return out
		}
		t := toks[j]
		isAnd := t.kind == tokWord && c.g.has("coord", t.low)
		if !(t.kind == tokPunct && t.low == ",") && !isAnd {
			return out
		}
		if t.kind == tokPunct && j+1 < len(toks) && toks[j+1].kind == tokWord && c.g.has("coord", toks[j+1].low) {
			j++
			isAnd = true
		}
		if j+2 < len(toks) && toks[j+1].kind == tokWord && toks[j+1].low == "the" {
			j++
		}
		j += c.apposAfter(toks, j+1)
		if j+1 >= len(toks) || toks[j+1].kind != tokActor {
			return out
		}
		k = j + 1
		if isAnd {
			out = appendUnique(out, pending...)
			out = appendUnique(out, toks[k].actors...)
			pending = nil
			continue
		}
		pending = appendUnique(pending, toks[k].actors...)
	}
}

// stateActor reports whether a token stands for a state or a place of one
// (not an organisation): "di PBB" is membership, "di Jakarta" a place.
func (c *coder) stateActor(t token) bool {
	for _, x := range t.actors {
		if c.actors[x].Country != nil {
			return true
		}
	}
	return false
}

// rightObject finds the target of the cue m: the first actor after it in
// the same clause that is not a place ("di Jakarta"), a source ("dari") or
// an agent ("oleh"). When the cue's object is itself an event noun
// ("mengecam serangan Israel"), the target is that event's actor.
func (c *coder) rightObject(toks []token, m match, nouns map[int]bool) []int {
	tgts, _ := c.object(toks, m, nouns)
	return tgts
}

// object is rightObject that also reports whether the target is the place
// where a visit or meeting takes place ("meet in Zurich") rather than a
// participant.
func (c *coder) object(toks []token, m match, nouns map[int]bool) ([]int, bool) {
	words := 0
	for k := m.j; k < len(toks); k++ {
		t := toks[k]
		switch t.kind {
		case tokPunct:
			// An apposition: "dengan pemimpin Yordania, Raja Abdullah II".
			if t.low == "," && words <= 4 && k+1 < len(toks) && toks[k+1].kind == tokActor && k > m.j {
				continue
			}
			// An acronym in parentheses: "hak asasi manusia (HAM) terhadap ...".
			if t.low == "(" && k+2 < len(toks) && toks[k+1].kind == tokWord && isAcronym(toks[k+1].text) && toks[k+2].low == ")" {
				k += 2
				continue
			}
			if isStop(t) || t.low == "," || t.low == "." {
				return nil, false
			}
			continue
		case tokActor:
			if k > m.j && c.obliqueBefore(toks, k) {
				p := c.prepBefore(toks, k)
				loc := c.locPrep(p, c.stateActor(toks[k])) &&
					!(c.g.has("aim", p) && violent(m.c.code)) // "fired rockets at Israel"
				from := c.g.has("prep_source", p) && m.c.flags&flagFrom != 0
				place := loc && m.c.flags&flagLoc != 0
				if !place && !from && (loc || c.g.has("prep_agent", p) || c.g.has("prep_source", p)) {
					words++
					k = c.coordEnd(toks, k) - 1 // "dari Rusia dan China": all of them
					continue
				}
				return c.coordRight(toks, k), place
			}
			return c.coordRight(toks, k), false
		case tokName:
			// A place of a state where a visit, meeting or exercise takes
			// place ("meet in Zurich"): its state. Only after a
			// preposition of kind prep_venue.
			if t.people >= 0 && m.c.flags&flagLoc != 0 && k > m.j && c.obliqueBefore(toks, k) &&
				c.g.has("prep_venue", c.prepBefore(toks, k)) {
				return []int{t.people}, true
			}
			words++
			continue
		}
		if cu := c.cueAt[k]; cu != nil && k != m.i && m.c.flags&flagLoc != 0 && strings.HasPrefix(m.c.code, "04") &&
			strings.HasPrefix(cu.code, "04") && c.demonstrativeAfter(toks, k) {
			// "pergi ke pertemuan penting itu", "attend that meeting": the
			// meeting named before, with its participants.
			return c.meeting, false
		}
		if nouns[k] && k != m.i && m.c.flags&flagEvent != 0 {
			// "claimed responsibility for an attack in Kenya": the
			// event's target.
			return c.object(toks, match{c: c.nounCue[k], i: k, j: k + 1}, nouns)
		}
		if nouns[k] && k != m.i && m.c.flags&flagLoc != 0 && c.nounCue[k].code[:2] == m.c.code[:2] {
			// "attend a summit in Switzerland": the object is the meeting
			// itself; its place follows.
			words++
			continue
		}
		if nouns[k] && k != m.i {
			// The object is an event: its own actor, right after it or
			// after a few modifiers ("serangan pesawat tak berawak kelompok
			// Houthi").
			for x, n := k+1, 0; x < len(toks) && n <= 4; x++ {
				if toks[x].kind == tokActor {
					return c.coordRight(toks, x), false
				}
				if toks[x].kind != tokWord || c.g.has("prep", toks[x].low) || c.g.has("boundary", toks[x].low) {
					break
				}
				n++
			}
			return nil, false
		}
		if t.pron == "other" && k == m.j {
			return c.lastSubj, false
		}
		if c.g.has("boundary", t.low) || c.g.has("hypothetical", t.low) {
			return nil, false
		}
		words++
		if words > rightWords {
			return nil, false
		}
	}
	return nil, false
}

// agent finds the source of a passive verb: "oleh X", "by X", or in
// Indonesian an actor right after the verb ("diserang Israel").
func (c *coder) agent(toks []token, j int) []int {
	if c.lang != "en" && j < len(toks) && toks[j].kind == tokActor {
		return c.coordRight(toks, j)
	}
	words := 0
	for k := j; k < len(toks)-1; k++ {
		t := toks[k]
		if t.kind == tokPunct {
			if isStop(t) || t.low == "," {
				return nil
			}
			continue
		}
		if t.kind == tokWord && c.g.has("prep_agent", t.low) {
			// "oleh militer Arab Saudi": up to two words before the agent.
			for x := k + 1; x < len(toks) && x <= k+3; x++ {
				if toks[x].kind == tokActor {
					return c.coordRight(toks, x)
				}
				if toks[x].kind != tokWord {
					break
				}
			}
			return nil
		}
		words++
		if words > rightWords {
			return nil
		}
	}
	return nil
}

// nominal finds the actors of an event noun: its source right after it
// ("kunjungan Putin", "serangan oleh Houthi") or before it in English
// ("Russia's attack", "US sanctions"), else the subject of a light verb
// ("melakukan kunjungan", "held talks"); its target after a preposition
// ("ke Astana", "terhadap Iran"). "antara A dan B" makes a pair.
func (c *coder) nominal(toks []token, m match, speaker []int, nouns map[int]bool) (srcs, tgts []int, pair bool) {
	j := m.j
	// "antara A dan B", "between A and B", after at most two words
	// ("penandatanganan nota kesepahaman antara A dan B").
	for k := j; k+1 < len(toks) && k <= j+2 && toks[k].kind == tokWord; k++ {
		if c.g.has("between", toks[k].low) && toks[k+1].kind == tokActor {
			if all := c.coordRight(toks, k+1); len(all) >= 2 {
				return all[:1], all[1:], true
			}
			break
		}
	}
	after := j
	// The noun's own actor: right after it, after "oleh"/"dari", or after a
	// few modifiers ("serangan pesawat tak berawak kelompok Houthi"); not
	// after a cue that ends in a preposition ("evidence against").
	lead := true // only date words so far ("seruan pekan lalu dari PBB")
	for k, n := j, 0; k < len(toks) && n <= 4 && !c.endsInPrep(m.c); k++ {
		t := toks[k]
		if t.kind == tokActor {
			srcs = c.coordRight(toks, k)
			after = k + 1
			for after < len(toks) && (toks[after].kind == tokActor || (toks[after].kind == tokWord && c.g.has("coord", toks[after].low))) {
				after++
			}
			break
		}
		if t.kind != tokWord {
			break
		}
		if lead && (c.g.has("prep_agent", t.low) || c.g.has("genitive", t.low)) {
			lead = false
			continue
		}
		if lead && c.dateWord(toks, k) && !c.g.has("prep", t.low) {
			continue
		}
		lead = false
		if c.g.has("prep", t.low) || c.g.has("boundary", t.low) || c.g.has("demonstrative", t.low) || nouns[k] {
			break
		}
		n++
	}
	if len(srcs) == 0 && c.lang == "en" {
		// "Russia's attack", "US sanctions", "the US attack".
		k := m.i - 1
		for k >= 0 && toks[k].kind == tokWord && (c.g.has("det", toks[k].low) || toks[k].low == "'s" || c.g.has("adj", toks[k].low)) && toks[k].low != "the" && toks[k].low != "a" {
			k--
		}
		if k >= 0 && toks[k].kind == tokActor {
			srcs = c.coordLeft(toks, k)
		}
	}
	if len(srcs) == 0 {
		if lv := c.lightBefore(toks, m.i); lv >= 0 {
			srcs, _ = c.leftSubject(toks, lv, speaker)
		}
	}
	if len(srcs) == 0 {
		srcs = c.passiveLight(toks, after)
	}
	tgts = c.rightObject(toks, match{c: m.c, i: m.i, j: after}, nouns)
	root := m.c.code[:2]
	switch {
	case len(tgts) > 0:
		c.nounTarget[root] = tgts
	case after < len(toks) && toks[after].kind == tokWord && c.g.has("demonstrative", toks[after].low):
		// "serangan itu": the attack named before, on its target.
		tgts = c.nounTarget[root]
	}
	if len(srcs) == 0 {
		return nil, nil, false
	}
	return srcs, tgts, false
}

// demonstrativeAfter reports a demonstrative within two words after token
// k ("pertemuan penting itu", "that meeting" is before: see det).
func (c *coder) demonstrativeAfter(toks []token, k int) bool {
	for x := k + 1; x < len(toks) && x <= k+2; x++ {
		if toks[x].kind != tokWord {
			return false
		}
		if c.g.has("demonstrative", toks[x].low) {
			return true
		}
	}
	return false
}

// passiveLight finds the agent of an event noun that is the subject of a
// passive light verb ("Evidence against X was presented by Y", "the attack
// was carried out by Y"): the actor after the verb's agent preposition.
func (c *coder) passiveLight(toks []token, j int) []int {
	for k := j; k+1 < len(toks) && k < j+8; k++ {
		t := toks[k]
		if t.kind == tokPunct || t.kind == tokWord && c.g.has("boundary", t.low) {
			return nil
		}
		if t.kind == tokWord && c.g.has("be", t.low) && toks[k+1].kind == tokWord && c.g.has("light", toks[k+1].low) {
			return c.agent(toks, k+2)
		}
	}
	return nil
}

// endsInPrep reports a cue whose last word is a preposition: the actor
// after it is its target.
func (c *coder) endsInPrep(cu *cue) bool {
	for _, a := range cu.pattern[len(cu.pattern)-1].alts {
		if c.g.has("prep", a) {
			return true
		}
	}
	return false
}

// lightBefore returns the index of a light verb governing the noun at i
// ("melakukan kunjungan", "mengadakan pertemuan", "held talks"), or -1.
func (c *coder) lightBefore(toks []token, i int) int {
	for k, n := i-1, 0; k >= 0 && n < 3; k-- {
		t := toks[k]
		if t.kind != tokWord {
			return -1
		}
		if c.g.has("light", t.low) {
			return k
		}
		if k > 0 && toks[k-1].kind == tokWord && c.g.has("light", toks[k-1].low+" "+t.low) {
			return k - 1
		}
		if t.pron != "" || c.g.has("planned", t.low) || c.g.has("be", t.low) {
			return -1 // "announced it would free": a clause between
		}
		n++
	}
	return -1
}

// speaker finds who speaks in a sentence: "kata X", "X mengatakan",
// "said X", "X said", "menurut X"; "katanya" is the last speaker.
func (c *coder) speaker(toks []token) []int {
	for k, t := range toks {
		if t.kind != tokWord {
			continue
		}
		if c.g.has("speech_nya", t.low) {
			if len(c.lastSpeaker) > 0 {
				return c.lastSpeaker
			}
			return c.lastSubj
		}
		if c.g.has("speech_post", t.low) {
			for n, j := 0, k+1; j < len(toks) && n < 4; j++ {
				if toks[j].kind == tokActor {
					return c.coordRight(toks, j)
				}
				if toks[j].pron != "" {
					if j+1 < len(toks) && toks[j+1].kind == tokWord && c.g.has("speech_pre", t.low) {
						break // "said he would ...": the pronoun opens the reported clause
					}
					return c.pronoun(toks[j], nil)
				}
				if toks[j].kind == tokPunct || toks[j].kind == tokWord && c.g.has("boundary", toks[j].low) {
					break // "said that Ukraine ...": Ukraine is no speaker
				}
				n++
			}
		}
		if c.g.has("speech_pre", t.low) {
			for n, j := 0, k-1; j >= 0 && n < 4; j-- {
				if toks[j].kind == tokActor {
					if c.obliqueBefore(toks, j) {
						break
					}
					return c.coordLeft(toks, j)
				}
				if toks[j].pron != "" {
					return c.pronoun(toks[j], nil)
				}
				if toks[j].kind == tokPunct && toks[j].low != "," {
					break
				}
				n++
			}
		}
	}
	return nil
}

// firstSubject is the first actor of a sentence not after a preposition:
// the topic a later pronoun most likely refers to; nil when a third-person
// pronoun comes first (the topic goes on).
func (c *coder) firstSubject(toks []token) []int {
	for k, t := range toks {
		if t.pron == "other" {
			return nil // "... dia akan mengadvokasi Jerman": the topic goes on
		}
		if t.kind == tokActor && !c.obliqueBefore(toks, k) {
			return c.coordRight(toks, k)
		}
	}
	return nil
}

// ofAgent returns the agent code of an agent noun that heads the actor at
// k through a preposition of kind agent_of ("dissidents from Egypt",
// "officials of the EU"), or "". After nouns of kind moved_from (troops,
// warships), "from" names a place they leave.
func (c *coder) ofAgent(toks []token, k int) string {
	j := k - 1
	if j >= 0 && toks[j].kind == tokWord && toks[j].low == "the" {
		j--
	}
	if j < 1 || toks[j].kind != tokWord || !c.g.has("agent_of", toks[j].low) || toks[j-1].kind != tokWord {
		return ""
	}
	if c.g.has("prep_source", toks[j].low) && c.g.has("moved_from", toks[j-1].low) {
		return "" // "withdrew troops from Ukraine": where they leave
	}
	return c.g.agents[toks[j-1].low]
}

// refineAgents gives a country actor its agent code from the noun that
// heads it: "pemerintah AS" is USAGOV, "militer Rusia" RUSMIL, "US troops"
// USAMIL.
func (c *coder) refineAgents(toks []token) {
	for k := range toks {
		t := &toks[k]
		if t.kind != tokActor || len(t.actors) != 1 {
			continue
		}
		of := c.ofAgent(toks, k)
		if of != "" {
			t.headed = true
		}
		base := c.actors[t.actors[0]]
		if base.Country == nil || base.Code != *base.Country {
			continue
		}
		var agent string
		if c.lang == "en" {
			if k+1 < len(toks) && toks[k+1].kind == tokWord {
				agent = c.g.agents[toks[k+1].low]
			}
			if agent == "" && k > 0 && toks[k-1].kind == tokWord {
				agent = c.g.agents[toks[k-1].low]
			}
			if agent == "" {
				agent = of
			}
		} else if k > 0 && toks[k-1].kind == tokWord {
			agent = c.g.agents[toks[k-1].low]
			if agent == "" && k > 1 && toks[k-2].kind == tokWord {
				agent = c.g.agents[toks[k-2].low+" "+toks[k-1].low]
			}
		}
		if agent == "" {
			continue
		}
		key := base.Entity + "|" + agent
		if c.derive == nil {
			c.derive = map[string]int{}
		}
		idx, ok := c.derive[key]
		if !ok {
			d := base
			d.Code = *base.Country + agent
			idx = len(c.actors)
			c.actors = append(c.actors, d)
			c.derive[key] = idx
		}
		t.actors = []int{idx}
	}
}
