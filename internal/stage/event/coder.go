package event

import (
	"math"
	"sort"
	"strings"

	"github.com/warta-dev/warta/internal/article"
)

// Frames: where a cue finds its actors.
const (
	frameActive  = iota // source on the left, target on the right
	framePassive        // target on the left, agent ("oleh X", "by X") the source
	frameNoun           // source right after the noun (or the subject of a light verb)
)

// Search windows, in words.
const (
	maxGap     = 3  // ".." in a pattern
	leftWords  = 8  // from a verb back to its subject
	rightWords = 7  // from a cue on to its target
	modWords   = 6  // from a cue back over its modifiers
	clauseBack = 14 // from a cue back to a hypothetical "jika"
)

// coder codes the sentences of one article. It carries the discourse state
// that reported speech and pronouns need: the last subject and speaker.
type coder struct {
	s      *Stage
	g      *grammar
	lang   string
	a      *article.Article
	idx    []int           // entity index -> actor index, -1 for none
	actors []article.Actor // entity actors, then WST, then derived agents
	west   int
	derive map[string]int // "actor|agent" -> derived actor index

	lastSubj    []int
	lastSpeaker []int
	lastGroup   int              // last non-state group named (an armed group), -1 for none
	recent      []int            // actors named so far, latest last, for "kedua pihak"
	nounTarget  map[string][]int // root -> target of the last event noun ("serangan itu")
}

// match is a cue found at tokens [i,j).
type match struct {
	c    *cue
	i, j int
	form int
}

// sentence codes one sentence (or, with base -1, the headline).
func (c *coder) sentence(text string, base int, spans []span) []article.Event {
	spans = append(spans, westSpans(c.g, text, spans, c.west)...)
	spans = append(spans, phraseSpans(c.g, "anaphor_group", text, spans)...)
	spans = append(spans, phraseSpans(c.g, "anaphor_pair", text, spans)...)
	toks := c.s.tokenize(c.g, c.lang, text, spans)
	c.resolveGroups(toks)
	c.refineAgents(toks)
	speaker := c.speaker(toks)
	ms := c.matches(toks)
	nouns := map[int]bool{}
	for _, m := range ms {
		if c.frame(toks, m) == frameNoun {
			nouns[m.i] = true
		}
	}
	var out []article.Event
	seen := map[string]bool{}
	var subjects []int
	for _, m := range ms {
		evs, srcs := c.code(toks, m, speaker, nouns, text, base)
		if len(subjects) == 0 {
			subjects = srcs // the main clause's subject, for a later pronoun
		}
		for _, ev := range evs {
			k := actorKey(ev.Source) + "|" + ev.Source.Code + ">" + actorKey(ev.Target) + "|" + ev.Target.Code + "|" + ev.CAMEO
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, ev)
		}
	}
	// Discourse state for the next sentence.
	if len(speaker) > 0 {
		c.lastSpeaker = speaker
	}
	switch {
	case len(subjects) > 0:
		c.lastSubj = subjects
	case len(speaker) > 0:
		c.lastSubj = speaker
	default:
		if s := c.firstSubject(toks); len(s) > 0 {
			c.lastSubj = s
		}
	}
	return out
}

// matches finds the cues of a sentence, longest first, without overlaps.
func (c *coder) matches(toks []token) []match {
	var all []match
	for i, t := range toks {
		if t.kind != tokWord {
			continue
		}
		tried := map[*cue]bool{}
		keys := []string{t.low}
		for _, a := range t.ans {
			keys = append(keys, a.stem)
		}
		for _, k := range keys {
			for _, cu := range c.g.cues[k] {
				if tried[cu] {
					continue
				}
				tried[cu] = true
				if j, form, ok := c.matchAt(toks, cu, i); ok {
					all = append(all, match{c: cu, i: i, j: j, form: form})
				}
			}
		}
	}
	sort.SliceStable(all, func(x, y int) bool {
		if all[x].c.weight != all[y].c.weight {
			return all[x].c.weight > all[y].c.weight
		}
		return all[x].i < all[y].i
	})
	used := make([]bool, len(toks))
	var out []match
	for _, m := range all {
		free := true
		for k := m.i; k < m.j; k++ {
			if used[k] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for k := m.i; k < m.j; k++ {
			used[k] = true
		}
		out = append(out, m)
	}
	sort.Slice(out, func(x, y int) bool { return out[x].i < out[y].i })
	// A refusal verb right before another cue modifies it ("menolak
	// bertemu"): the inner cue carries the event.
	kept := out[:0]
	for n, m := range out {
		if c.g.has("refuse", toks[m.i].low) && n+1 < len(out) && out[n+1].i-m.j <= 2 && onlyWords(toks, m.j, out[n+1].i) {
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

func onlyWords(toks []token, i, j int) bool {
	for k := i; k < j; k++ {
		if toks[k].kind != tokWord {
			return false
		}
	}
	return true
}

// matchAt matches cue cu at token i; it returns the end token and the form
// of the first word.
func (c *coder) matchAt(toks []token, cu *cue, i int) (int, int, bool) {
	form, ok := elemMatch(cu.pattern[0], toks[i])
	if !ok {
		return 0, 0, false
	}
	var rec func(p, k int) int
	rec = func(p, k int) int {
		if p == len(cu.pattern) {
			return k
		}
		e := cu.pattern[p]
		if e.gap {
			for skip := 0; skip <= maxGap && k+skip <= len(toks); skip++ {
				if skip > 0 && toks[k+skip-1].kind != tokWord {
					break
				}
				if end := rec(p+1, k+skip); end >= 0 {
					return end
				}
			}
			return -1
		}
		if k >= len(toks) {
			return -1
		}
		if _, ok := elemMatch(e, toks[k]); !ok {
			return -1
		}
		return rec(p+1, k+1)
	}
	end := rec(1, i+1)
	if end < 0 {
		return 0, 0, false
	}
	return end, form, true
}

// elemMatch matches one pattern element against a token and returns the
// form of the analysis that matched.
func elemMatch(e elem, t token) (int, bool) {
	if t.kind != tokWord {
		return 0, false
	}
	for n, alt := range e.alts {
		if t.low == alt {
			return formBare, true
		}
		if e.exact[n] {
			continue
		}
		for _, a := range t.ans {
			if a.stem == alt {
				return a.form, true
			}
		}
	}
	return 0, false
}

// frame decides where a cue's actors are.
func (c *coder) frame(toks []token, m match) int {
	if c.lang == "en" {
		prev := prevWord(toks, m.i)
		switch {
		case prev >= 0 && (c.g.has("det", toks[prev].low) || toks[prev].low == "'s" || c.g.has("light", toks[prev].low)):
			return frameNoun
		case m.c.flags&flagNoun != 0 && prev >= 0 && toks[prev].kind == tokActor && prev == m.i-1:
			return frameNoun // "US sanctions", "Russian attack"
		case m.form != formBare && c.beBefore(toks, m.i) && !strings.HasSuffix(toks[m.i].low, "ing"):
			return framePassive
		}
		return frameActive
	}
	switch {
	case m.c.flags&flagNoun != 0:
		return frameNoun
	case m.form == formPassive:
		return framePassive
	case m.c.flags&flagVerb != 0:
		return frameActive
	case m.form == formNoun:
		return frameNoun
	}
	return frameActive
}

// beBefore reports an English form of "be" or "get" up to two words before
// token i (a passive: "was attacked", "has been criticised").
func (c *coder) beBefore(toks []token, i int) bool {
	for k, n := i-1, 0; k >= 0 && n < 3; k-- {
		if toks[k].kind != tokWord {
			return false
		}
		if c.g.has("be", toks[k].low) {
			return true
		}
		n++
	}
	return false
}

func prevWord(toks []token, i int) int {
	if i-1 >= 0 && toks[i-1].kind != tokPunct {
		return i - 1
	}
	return -1
}

// modality is what the words before a cue say about it.
type modality struct {
	planned, intent, neg, refuse, hypo bool
}

// modality reads the modifiers before token i, back to the subject or
// modWords words; and a hypothetical back to the clause start.
func (c *coder) modality(toks []token, i int) modality {
	var md modality
	for k, n := i-1, 0; k >= 0 && n < modWords; k-- {
		t := toks[k]
		if t.kind != tokWord {
			break
		}
		n++
		low := t.low
		if !c.modifier(toks, k) {
			break
		}
		if k > 0 && toks[k-1].kind == tokWord {
			two := toks[k-1].low + " " + low
			if c.g.has("planned", two) {
				md.planned = true
			}
			if c.g.has("intent", two) {
				md.intent = true
			}
			if c.g.has("negation", two) {
				md.neg = true
			}
		}
		switch {
		case c.g.has("planned", low):
			md.planned = true
		case c.g.has("intent", low):
			md.intent = true
		case c.g.has("negation", low):
			md.neg = true
		case c.g.has("refuse", low):
			md.refuse = true
		}
	}
	for k, n := i-1, 0; k >= 0 && n < clauseBack; k-- {
		t := toks[k]
		if t.kind == tokPunct && (t.low == ";" || t.low == ":" || t.low == "\"" || t.low == "“" || t.low == "”") {
			break
		}
		if t.kind == tokWord && c.g.has("hypothetical", t.low) {
			md.hypo = true
			break
		}
		if t.kind == tokWord && c.g.has("boundary", t.low) {
			break
		}
		n++
	}
	return md
}

// code turns one cue match into events. It also returns the sources it
// found, for the discourse state.
func (c *coder) code(toks []token, m match, speaker []int, nouns map[int]bool, text string, base int) ([]article.Event, []int) {
	md := c.modality(toks, m.i)
	if md.hypo {
		return nil, nil
	}
	code := m.c.code
	modal := Asserted
	if md.planned {
		modal = Planned
	}
	switch {
	case md.refuse:
		code = m.c.neg
		if code == "" {
			code = "120"
		}
	case md.neg:
		code = m.c.neg
		modal = Negated
	}
	if code == "" {
		return nil, nil
	}
	if md.intent && !md.neg && !md.refuse {
		code = intentCode(code)
	}
	frame := c.frame(toks, m)
	conf := 0.55
	if m.c.weight >= 2 {
		conf += 0.1
	}
	var srcs, tgts []int
	var pair bool
	switch frame {
	case framePassive:
		tgts, _ = c.leftSubject(toks, m.i, speaker)
		srcs = c.agent(toks, m.j)
		conf -= 0.05
	case frameNoun:
		srcs, tgts, pair = c.nominal(toks, m, speaker, nouns)
	default:
		var how int
		srcs, how = c.leftSubject(toks, m.i, speaker)
		if how == bySpeaker {
			conf -= 0.1
		}
		tgts = c.rightObject(toks, m, nouns)
	}
	if len(srcs) == 0 {
		return nil, nil
	}
	if m.c.flags&flagSpeech != 0 && len(tgts) == 0 {
		return nil, srcs
	}
	type dir struct{ s, t int }
	var dirs []dir
	switch {
	case len(tgts) > 0:
		for _, s := range srcs {
			for _, t := range tgts {
				dirs = append(dirs, dir{s, t})
			}
		}
		if m.c.flags&flagSym != 0 && pair {
			for _, s := range srcs {
				for _, t := range tgts {
					dirs = append(dirs, dir{t, s})
				}
			}
		}
	case len(srcs) > 1 && m.c.flags&flagSym != 0:
		for _, s := range srcs {
			for _, t := range srcs {
				if s != t {
					dirs = append(dirs, dir{s, t})
				}
			}
		}
	}
	if len(dirs) == 0 {
		return nil, srcs
	}
	cc, ok := c.s.codes[code]
	if !ok {
		return nil, srcs
	}
	trig := text[toks[m.i].start:toks[m.j-1].end]
	sent := strings.TrimSpace(text)
	start, end := 0, 0
	if base >= 0 {
		start, end = base, base+len(text)
	}
	date := c.date(toks, m.i, modal == Planned)
	sectors := c.s.sectors[c.lang].Match(text)
	if sectors == nil {
		sectors = []string{}
	}
	var out []article.Event
	for _, d := range dirs {
		src, tgt := c.actors[d.s], c.actors[d.t]
		if actorKey(src) == actorKey(tgt) {
			continue
		}
		out = append(out, article.Event{
			Date: date, Source: src, Target: tgt,
			CAMEO: cc.Code, Root: cc.Root, QuadClass: cc.QuadClass, Goldstein: cc.Goldstein,
			PLOVER: cc.PLOVER, Modality: modal, Sectors: sectors, Trigger: trig,
			Sentence: sent, Start: start, End: end,
			Confidence: math.Round(math.Min(0.95, math.Max(0.1, conf))*100) / 100,
		})
	}
	return out, srcs
}

// intentCode is the "express intent to" code (root 03) of a cue's code:
// "siap bertemu" is 036, "berjanji membantu" 033, "siap menyerang" a
// threat (138).
func intentCode(code string) string {
	switch {
	case strings.HasPrefix(code, "04"):
		return "036"
	case strings.HasPrefix(code, "05"):
		return "032"
	case code == "061":
		return "0311"
	case code == "062":
		return "0312"
	case strings.HasPrefix(code, "06"):
		return "031"
	case code == "071":
		return "0331"
	case code == "072":
		return "0332"
	case code == "073":
		return "0333"
	case code == "074":
		return "0334"
	case strings.HasPrefix(code, "07"):
		return "033"
	case code == "085":
		return "0354"
	case strings.HasPrefix(code, "084"):
		return "0353"
	case strings.HasPrefix(code, "087"):
		return "0356"
	case strings.HasPrefix(code, "08"):
		return "035"
	case code == "163":
		return "1312"
	case code == "161":
		return "1313"
	case code == "164":
		return "134"
	case strings.HasPrefix(code, "16"):
		return "131"
	case strings.HasPrefix(code, "18"), strings.HasPrefix(code, "19"), strings.HasPrefix(code, "20"):
		return "138"
	case strings.HasPrefix(code, "17"):
		return "137"
	}
	return code
}

// actorKey is an actor's scoring key (GOLD.md): its state, else its
// organisation, else its code.
func actorKey(a article.Actor) string {
	switch {
	case a.Country != nil:
		return *a.Country
	case a.Org != nil:
		return *a.Org
	}
	return a.Code
}

// resolveGroups resolves "kelompok tersebut", "the group" to the last
// non-state group named before it in the article; with none, the phrase is
// plain words.
func (c *coder) resolveGroups(toks []token) {
	for k := range toks {
		t := &toks[k]
		if t.kind != tokActor {
			continue
		}
		switch t.pron {
		case "group":
			t.pron = ""
			if c.lastGroup >= 0 {
				t.actors = []int{c.lastGroup}
			} else {
				t.kind = tokName
			}
			continue
		case "pair":
			t.pron = ""
			if p := c.lastPair(); len(p) == 2 {
				t.actors = p
			} else {
				t.kind = tokName
			}
			continue
		}
		for _, x := range t.actors {
			a := c.actors[x]
			if a.Country == nil && a.Org != nil && a.Code == *a.Org {
				c.lastGroup = x
			}
			c.recent = append(c.recent, x)
		}
	}
}

// modifier reports whether the word at k may stand between a cue and its
// subject without ending the scope of a negation or modal: modals, aspect
// and light verbs ("tidak akan pernah mau melakukan pertemuan").
func (c *coder) modifier(toks []token, k int) bool {
	low := toks[k].low
	for _, kind := range []string{"planned", "intent", "negation", "refuse", "aux", "light"} {
		if c.g.has(kind, low) {
			return true
		}
	}
	if k > 0 {
		two := toks[k-1].low + " " + low
		for _, kind := range []string{"planned", "intent", "negation"} {
			if c.g.has(kind, two) {
				return true
			}
		}
	}
	// The second word of a two-word modifier ("sepakat untuk", "plan to").
	if k+1 < len(toks) {
		two := low + " " + toks[k+1].low
		for _, kind := range []string{"planned", "intent", "negation"} {
			if c.g.has(kind, two) {
				return true
			}
		}
	}
	return false
}

// lastPair returns the last two actors of different keys named so far: what
// "kedua pihak", "both sides" refer to.
func (c *coder) lastPair() []int {
	var out []int
	for i := len(c.recent) - 1; i >= 0 && len(out) < 2; i-- {
		x := c.recent[i]
		if len(out) == 1 && actorKey(c.actors[out[0]]) == actorKey(c.actors[x]) {
			continue
		}
		out = append(out, x)
	}
	return out
}
