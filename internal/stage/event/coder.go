package event

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/lexicon"
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
	attackers   []int            // sources of the last violent event (roots 18-20)
	accusers    map[string][]int // target key -> sources of the last accusation against it
	nounCue     map[int]*cue     // this sentence: event noun token -> its cue
	cueAt       map[int]*cue     // this sentence: first token of each cue match -> its cue
	meeting     []int            // the participants of the last meeting named ("pertemuan itu")
	prevDate    time.Time        // the last explicit date of the sentence before, for "saat itu"
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
	c.peopleOf(toks)
	c.refineAgents(toks)
	speaker := c.speaker(toks)
	ms := c.matches(toks)
	nouns := map[int]bool{}
	c.nounCue = map[int]*cue{}
	c.cueAt = map[int]*cue{}
	for _, m := range ms {
		c.cueAt[m.i] = m.c
		if c.frame(toks, m) == frameNoun {
			nouns[m.i] = true
			c.nounCue[m.i] = m.c
		}
	}
	var out []article.Event
	seen := map[string]bool{}
	var subjects []int
	desired := c.complements(toks, ms)
	for n, m := range ms {
		if desired[n] || c.promiseOf(toks, ms, n) {
			continue
		}
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
	out = c.nested(out, speaker, seen)
	// An attack only alleged or denied is no attack reported as done; its
	// accusation is coded from its own cue or as nested.
	out = slices.DeleteFunc(out, func(ev article.Event) bool { return ev.Modality == alleged })
	// Discourse state for the next sentence.
	if base < 0 {
		c.prevDate = time.Time{} // a headline is no antecedent
	} else {
		c.rememberDate(toks)
	}
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

// nested adds, for each violent event a speaker reports of another actor
// ("The US said that Iraq had attacked ...", "X mengatakan Y menyerang
// ..."), the speaker's accusation of that actor (112).
func (c *coder) nested(out []article.Event, speaker []int, seen map[string]bool) []article.Event {
	cc, ok := c.s.codes["112"]
	if len(speaker) == 0 || !ok {
		return out
	}
	n := len(out)
	for _, ev := range out[:n] {
		if !violent(ev.CAMEO) {
			continue
		}
		self := false // "Obama and Putin said they ...": no accusation
		for _, sp := range speaker {
			self = self || actorKey(c.actors[sp]) == actorKey(ev.Source)
		}
		if self {
			continue
		}
		for _, sp := range speaker {
			src := c.actors[sp]
			if actorKey(src) == actorKey(ev.Target) || media(src) {
				continue
			}
			k := actorKey(src) + "|" + src.Code + ">" + actorKey(ev.Source) + "|" + ev.Source.Code + "|112"
			if seen[k] {
				continue
			}
			seen[k] = true
			acc := ev
			if acc.Modality == alleged {
				acc.Modality = Asserted // the accusation itself was made
			}
			acc.Source, acc.Target = src, ev.Source
			acc.CAMEO, acc.Root, acc.QuadClass, acc.Goldstein, acc.PLOVER = cc.Code, cc.Root, cc.QuadClass, cc.Goldstein, cc.PLOVER
			acc.Confidence = math.Round(ev.Confidence*0.8*100) / 100
			out = append(out, acc)
		}
	}
	return out
}

// promiseOf reports an intent cue (root 03) whose infinitive is another
// cue ("pledged to expel", "agreed to lift"): that cue, coded as an intent,
// says what is promised, so the bare intent is not coded.
func (c *coder) promiseOf(toks []token, ms []match, n int) bool {
	m := ms[n]
	if !strings.HasPrefix(m.c.code, "03") || n+1 >= len(ms) {
		return false
	}
	j := m.j
	if j < len(toks) && toks[j].kind == tokWord && c.g.has("infinitive", toks[j].low) {
		return ms[n+1].i == j+1
	}
	return false
}

// media reports an actor of the news media: what it reports is no
// accusation of its own.
func media(a article.Actor) bool { return strings.HasSuffix(a.Code, "MED") }

// appealCode reports a code that asks another actor to act: appeals,
// demands and pressure.
func appealCode(code string) bool {
	return strings.HasPrefix(code, "02") || strings.HasPrefix(code, "10") || code == "170"
}

// complements marks the cues that only say what an appeal asks for or
// what a speaker wants another actor to do ("asking Obama to help Iran",
// "mendesak Israel untuk menghentikan ...", "wants Putin to attack ..."):
// the act has not happened, and is not coded.
func (c *coder) complements(toks []token, ms []match) map[int]bool {
	var out map[int]bool
	mark := func(n int) {
		if out == nil {
			out = map[int]bool{}
		}
		out[n] = true
	}
	for n, b := range ms {
		// "wants Putin to attack": a wish about another actor;
		// "permission to Russia to help", "a call on Iran to halt": what
		// a noun asks an actor to do.
		if c.lang == "en" && b.i >= 3 && toks[b.i-1].low == "to" && toks[b.i-2].kind == tokActor {
			k := b.i - 2
			for k > 0 && toks[k-1].kind == tokActor {
				k--
			}
			if k > 0 && toks[k-1].kind == tokWord && c.g.has("wish", toks[k-1].low) || c.obliqueBefore(toks, k) {
				mark(n)
				continue
			}
		}
		for x := n - 1; x >= 0; x-- {
			a := ms[x]
			if !appealCode(a.c.code) || b.i-a.j > 10 || a.c.flags&flagObjTo != 0 && c.infinitiveObject(toks, a.j) == nil {
				continue // "wants to attack": no appeal
			}
			comp := false
			for k := a.j; k < b.i; k++ {
				t := toks[k]
				if isStop(t) || t.low == "." {
					comp = false
					break
				}
				if t.kind != tokWord {
					continue
				}
				if c.lang == "en" && t.low == "to" && k >= b.i-2 || c.lang != "en" && c.g.has("complement", t.low) {
					comp = true
				}
			}
			if comp {
				mark(n)
				break
			}
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
		if c.g.has("refuse", toks[m.i].low) && n+1 < len(out) && out[n+1].i-m.j <= 2 && onlyWords(toks, m.j, out[n+1].i) &&
			!c.g.has("accusation", toks[out[n+1].i].low) { // "menolak keras tuduhan itu" rejects the accusation
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
				if skip > 0 && toks[k+skip-1].kind == tokPunct {
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
		case m.c.flags&flagNoun != 0 && c.actorBefore(toks, m.i):
			return frameNoun // "US sanctions", "Israeli tank shelling"
		case m.c.flags&flagNoun != 0 && prev < 0:
			return frameNoun // "Evidence against X was presented by Y"
		case m.form == formBare && c.lightBefore(toks, m.i) >= 0:
			return frameNoun // "staged a dramatic protest"
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
	case m.form == formBare && passiveWord(toks[m.i]):
		return framePassive // an exact cue word in di- ("=diperangi")
	case m.c.flags&flagVerb != 0:
		return frameActive
	case m.form == formNoun:
		return frameNoun
	}
	return frameActive
}

// actorBefore reports an actor right before token i, over words of kind
// adj ("Israeli tank shelling").
func (c *coder) actorBefore(toks []token, i int) bool {
	k := i - 1
	for k >= 0 && toks[k].kind == tokWord && c.g.has("adj", toks[k].low) {
		k--
	}
	return k >= 0 && toks[k].kind == tokActor
}

// passiveWord reports an Indonesian di- word that the stemmer reads as a
// passive of a known stem.
func passiveWord(t token) bool {
	if !strings.HasPrefix(t.low, "di") {
		return false
	}
	for _, a := range t.ans {
		if a.form == formPassive {
			return true
		}
	}
	return false
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
	// alleged: the nearest "allegation" or "claim_resp" word back in the
	// clause is an allegation or denial ("menuding Iran di balik
	// serangan"), or there is neither but an "attribution" ("Iran berada
	// di balik serangan itu"): a violent cue there is no attack reported
	// as done.
	alleged bool
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
	attributed := false
	for k, n := i-1, 0; k >= 0 && n < clauseBack; k-- {
		t := toks[k]
		if t.kind == tokPunct && (t.low == "," || t.low == ";" || t.low == ":") {
			break
		}
		if t.kind != tokWord {
			continue
		}
		n++
		if k+1 < i && c.phraseAt(toks, "claim_resp", k, k+2) {
			attributed = false
			break
		}
		if c.g.has("allegation", t.low) {
			md.alleged = true
			break
		}
		if c.phraseAt(toks, "attribution", k, k+1) || k > 0 && c.phraseAt(toks, "attribution", k-1, k+1) {
			attributed = true
		}
	}
	md.alleged = md.alleged || attributed
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
	if md.alleged && violent(code) {
		// Coded for the discourse state and nested accusations, then
		// dropped (sentence).
		modal = alleged
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
	var pair, place bool
	how := byNone
	switch frame {
	case framePassive:
		tgts, _ = c.leftSubject(toks, m.i, speaker)
		srcs = c.agent(toks, m.j)
		conf -= 0.05
	case frameNoun:
		srcs, tgts, pair = c.nominal(toks, m, speaker, nouns)
	default:
		for k := m.i + 1; k < m.j; k++ {
			if toks[k].kind == tokActor {
				// "engaged Filipino peacekeepers in a firefight": the object
				// stands inside the cue.
				m.j = k
				break
			}
		}
		if c.relativeSubject(toks, m.i) {
			return nil, nil
		}
		srcs, how = c.leftSubject(toks, m.i, speaker)
		if how == bySpeaker {
			conf -= 0.1
		}
		if len(srcs) == 0 {
			srcs = c.frontedSubject(toks, m)
		}
		view := toks
		if c.lang == "en" && appealCode(code) {
			// "asking Obama to help Iran": the addressee stands before
			// the infinitive.
			for k := m.j; k+1 < len(toks); k++ {
				if toks[k].low == "to" && toks[k+1].kind == tokWord && !c.g.has("det", toks[k+1].low) {
					view = toks[:k]
					break
				}
			}
		}
		tgts, place = c.object(view, m, nouns)
		if m.c.flags&flagObjTo != 0 {
			tgts = c.infinitiveObject(toks, m.j)
		}
	}
	if len(srcs) == 0 {
		return nil, nil
	}
	if strings.HasPrefix(code, "04") && len(tgts) > 0 && !place {
		c.meeting = tgts // "the EU summit": who a later "that meeting" is with
	}
	if how == byReported && modal == Planned && !md.neg && !md.refuse {
		// "Israel announced it would free ...": a speaker's own plan is
		// an expressed intent.
		code = intentCode(code)
	}
	tgts = c.otherThan(tgts, srcs)
	if len(tgts) == 0 && frame != framePassive {
		tgts = c.impliedTarget(toks, m, code, srcs, speaker, nouns)
	}
	c.remember(code, srcs, tgts)
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
		if m.c.flags&flagSym != 0 && place {
			// "A and B met in Zurich": they met each other, there.
			for _, s := range srcs {
				for _, t := range srcs {
					if s != t {
						dirs = append(dirs, dir{s, t})
					}
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
	if len(dirs) == 0 && violent(code) && modal == Asserted && (how == byToken || frame == framePassive) {
		// "The US said that Iraq had attacked": an attack with no target
		// a speaker reports of another actor is an accusation (as nested).
		for _, sp := range speaker {
			for _, s := range srcs {
				if actorKey(c.actors[sp]) != actorKey(c.actors[s]) && !media(c.actors[sp]) {
					dirs = append(dirs, dir{sp, s})
				}
			}
		}
		code, conf = "112", conf*0.8
	}
	if len(dirs) == 0 {
		return nil, srcs
	}
	if m.c.flags&flagRiot != 0 && len(srcs) == 1 && strings.HasSuffix(c.actors[srcs[0]].Code, "OPP") {
		code = "145" // "the building was demolished by protesters"
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
	ccs := []lexicon.CAMEOCode{cc}
	if claim, ok := c.s.codes["015"]; ok && how == byReported && modal == Asserted && violent(code) {
		// "The US said it had attacked Iraq": the speaker also claims
		// the act.
		ccs = append(ccs, claim)
	}
	var out []article.Event
	for _, cc := range ccs {
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
	}
	return out, srcs
}

// infinitiveObject returns the actors right after token j when an
// infinitive follows them ("wants Putin to attack": Putin), else nil.
func (c *coder) infinitiveObject(toks []token, j int) []int {
	if j+1 < len(toks) && toks[j].kind == tokWord && c.g.has("det", toks[j].low) {
		j++
	}
	if j >= len(toks) || toks[j].kind != tokActor {
		return nil
	}
	end := c.coordEnd(toks, j)
	if end < len(toks) && toks[end].kind == tokWord && c.g.has("infinitive", toks[end].low) {
		return c.coordRight(toks, j)
	}
	return nil
}

// violent reports a root of assault, fight or mass violence.
func violent(code string) bool {
	return strings.HasPrefix(code, "18") || strings.HasPrefix(code, "19") || strings.HasPrefix(code, "20")
}

// frontedSubject finds the subject of a cue in a clause that opens the
// sentence without one ("Berbicara di Ankara bersama dengan Erdogan, Putin
// mengutip ...", "Speaking in Ankara with Erdogan, Putin said"): the actor
// right after the comma that closes the clause.
func (c *coder) frontedSubject(toks []token, m match) []int {
	for k := 0; k < m.i; k++ {
		t := toks[k]
		switch {
		case t.kind == tokActor && !c.obliqueBefore(toks, k):
			return nil
		case t.kind == tokWord && (c.g.has("boundary", t.low) && !c.datedBoundary(toks, k) || t.pron != ""):
			return nil
		case t.kind == tokPunct && t.low != "(" && t.low != ")" && t.low != "/":
			return nil
		}
	}
	for k := m.j; k < len(toks) && k < m.j+24; k++ {
		t := toks[k]
		if t.kind == tokPunct && t.low == "," {
			if k+1 < len(toks) && toks[k+1].kind == tokActor {
				return c.coordRight(toks, k+1)
			}
			return nil
		}
		if isStop(t) && t.low != "(" && t.low != ")" || t.low == "." || t.kind == tokWord && c.g.has("boundary", t.low) {
			return nil
		}
	}
	return nil
}

// otherThan drops the targets that are the sources themselves ("seruan
// ketua HAM PBB, Michelle Bachelet, agar ...": Bachelet is the UN again).
func (c *coder) otherThan(tgts, srcs []int) []int {
	var out []int
	for _, t := range tgts {
		same := false
		for _, s := range srcs {
			if actorKey(c.actors[s]) == actorKey(c.actors[t]) {
				same = true
				break
			}
		}
		if !same {
			out = append(out, t)
		}
	}
	return out
}

// remember keeps what a later sentence may refer to: the last attackers
// ("mengutuk serangan itu") and who accused whom ("menolak tuduhan").
func (c *coder) remember(code string, srcs, tgts []int) {
	switch {
	case violent(code) && len(tgts) > 0:
		c.attackers = srcs
	case strings.HasPrefix(code, "11") && len(tgts) > 0:
		if c.accusers == nil {
			c.accusers = map[string][]int{}
		}
		for _, t := range tgts {
			c.accusers[actorKey(c.actors[t])] = srcs
		}
	}
}

// impliedTarget finds the target of a cue with no actor after it, where
// the language implies one:
//   - an appeal to the subject of the clause it asks for ("menyerukan agar
//     Indonesia melindungi"), unless that clause is passive;
//   - a condemnation or rejection of an event ("mengutuk serangan yang
//     menewaskan ..."): the actor it is called the act of ("sebagai
//     tindakan perang Iran"), else the last attackers; the rejection of an
//     accusation ("menolak keras tuduhan itu"): its accusers;
//   - sanctions named by a speaker of another state: that state.
func (c *coder) impliedTarget(toks []token, m match, code string, srcs, speaker []int, nouns map[int]bool) []int {
	root := code[:2]
	switch root {
	case "02":
		return c.appealTarget(toks, m.j)
	case "11", "12":
		if root == "11" && m.j < len(toks) && toks[m.j].kind == tokWord && c.g.has("complementizer", toks[m.j].low) {
			// "alleged that France was aware": the subject of the claim.
			return c.clauseSubject(toks, m.j+1)
		}
		for k, n := m.j, 0; k < len(toks) && n < 3; k++ {
			t := toks[k]
			if t.kind != tokWord {
				return nil
			}
			if c.g.has("accusation", t.low) {
				var out []int
				for _, s := range srcs {
					out = appendUnique(out, c.accusers[actorKey(c.actors[s])]...)
				}
				return out
			}
			if nouns[k] {
				if a := c.asTarget(toks, k+1); len(a) > 0 {
					return a
				}
				if violent(c.nounCue[k].code) && !c.nounHasActor(toks, k) {
					return c.attackers
				}
				return nil
			}
			n++
		}
	case "16":
		if m.c.flags&flagNoun != 0 && len(speaker) > 0 && c.stateActor(token{actors: speaker}) {
			for _, s := range srcs {
				for _, p := range speaker {
					if actorKey(c.actors[s]) == actorKey(c.actors[p]) {
						return nil
					}
				}
			}
			return speaker
		}
	}
	return nil
}

// appealTarget finds the subject of the clause an appeal asks for: "agar
// X ...", "supaya X ...", after the cue's object words.
func (c *coder) appealTarget(toks []token, j int) []int {
	for k, n := j, 0; k < len(toks) && n < 14; k++ {
		t := toks[k]
		if isStop(t) || t.low == "." {
			return nil
		}
		if t.kind != tokWord || !c.g.has("complementizer", t.low) {
			n++
			continue
		}
		for x := k + 1; x < len(toks) && x <= k+3; x++ {
			if toks[x].kind == tokActor {
				y := x + 1
				for y < len(toks) && (toks[y].kind == tokActor || toks[y].kind == tokWord && c.g.has("coord", toks[y].low)) {
					y++
				}
				for y < len(toks) && toks[y].kind == tokWord && c.modifier(toks, y) {
					y++
				}
				if y < len(toks) && toks[y].kind == tokWord && (c.passiveVerb(toks[y]) || c.g.has("be", toks[y].low)) {
					return nil // "agar rakyat Palestina dibakar": no addressee
				}
				return c.coordRight(toks, x)
			}
			if toks[x].kind != tokWord {
				break
			}
		}
		return nil
	}
	return nil
}

// clauseSubject returns the actors that open the clause at token k, over
// up to two words ("that the French military ..."), or nil.
func (c *coder) clauseSubject(toks []token, k int) []int {
	for x := k; x < len(toks) && x <= k+2; x++ {
		switch toks[x].kind {
		case tokActor:
			if c.obliqueBefore(toks, x) {
				return nil
			}
			return c.coordRight(toks, x)
		case tokWord:
			continue
		}
		return nil
	}
	return nil
}

// passiveVerb reports an Indonesian di- verb of any stem ("dibakar").
func (c *coder) passiveVerb(t token) bool {
	if c.lang == "en" || !strings.HasPrefix(t.low, "di") {
		return false
	}
	for _, a := range stemID(t.low) {
		if a.form == formPassive {
			return true
		}
	}
	return false
}

// asTarget finds the actor an act is called the act of: "... sebagai
// tindakan perang Iran", "as an act of war by Iran".
func (c *coder) asTarget(toks []token, k int) []int {
	for n := 0; k < len(toks) && n < 8; k++ {
		t := toks[k]
		if isStop(t) && t.low != "\"" && t.low != "“" && t.low != "”" || t.low == "." || t.low == "," {
			return nil
		}
		if t.kind != tokWord || !c.g.has("as", t.low) {
			n++
			continue
		}
		for x, w := k+1, 0; x < len(toks) && w <= 4; x++ {
			switch {
			case toks[x].kind == tokActor:
				return c.coordRight(toks, x)
			case toks[x].kind == tokWord:
				w++
			case toks[x].low == "\"" || toks[x].low == "“" || toks[x].low == "”":
			default:
				return nil
			}
		}
		return nil
	}
	return nil
}

// nounHasActor reports an actor right after an event noun (its own source
// or target, "serangan Israel", "serangan terhadap Iran").
func (c *coder) nounHasActor(toks []token, k int) bool {
	for x, n := k+1, 0; x < len(toks) && n <= 3; x++ {
		if toks[x].kind == tokActor {
			return true
		}
		if toks[x].kind != tokWord {
			return false
		}
		n++
	}
	return false
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
