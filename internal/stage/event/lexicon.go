package event

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/warta-dev/warta/internal/lexicon"
)

// Cue flags (the fourth column of event_cues.tsv).
const (
	flagSym    = 1 << iota // joint actors or "antara A dan B" give both directions
	flagNoun               // the cue is a noun: nominal frame whatever its affixes
	flagVerb               // the cue is a verb: active frame whatever its affixes
	flagLoc                // a place after di-/ke-/in/to may be the target (visits)
	flagSpeech             // a speech verb: coded only with an explicit addressee
	flagFrom               // an actor after "dari"/"from" is the target (withdrawals)
	flagObjTo              // coded only with an actor object and an infinitive after it ("wants Putin to ...")
	flagRiot               // done by protesters (an OPP agent) it is a violent protest, 145
	flagEvent              // an event noun object gives its own target ("claimed responsibility for an attack on X")
)

// elem is one position of a cue pattern: alternatives matched against a
// token's stems (or, written "=word", its lower-case surface only), or a
// gap.
type elem struct {
	alts  []string
	exact []bool // per alternative
	gap   bool   // ".." : up to maxGap word tokens
}

// cue is one row of a language's event_cues.tsv.
type cue struct {
	pattern []elem
	code    string // CAMEO code when asserted or planned
	neg     string // CAMEO code when negated or refused; "" drops the event
	flags   int
	text    string // the pattern as written, for errors and tests
	weight  int    // words in the pattern: longer cues win
}

// grammar holds a language's function words (event_grammar.tsv): each kind
// is a set of lower-case phrases.
type grammar struct {
	kinds     map[string]map[string]bool
	maxWords  map[string]int    // longest phrase of a kind, in words
	agents    map[string]string // agent noun -> CAMEO role code
	irregular map[string]string // English irregular form -> lemma
	months    map[string]int    // month name -> 1..12
	weekdays  map[string]int    // weekday name -> time.Weekday
	// weekdaysCap are weekday names that are other words too ("Minggu",
	// Sunday, and "minggu", week): a weekday only when capitalised and
	// not followed by a "weekday_cap_not" word ("minggu lalu").
	weekdaysCap map[string]int
	relDays     map[string]int    // "kemarin" -> -1
	cues        map[string][]*cue // first stem/word -> cues, longest first
	stems       map[string]bool   // every pattern word: a stem the analyser may keep
}

// loadGrammar reads event_grammar.tsv and event_cues.tsv of a language.
func loadGrammar(lang string, codes map[string]lexicon.CAMEOCode) (*grammar, error) {
	g := &grammar{kinds: map[string]map[string]bool{}, maxWords: map[string]int{},
		agents: map[string]string{}, irregular: map[string]string{}, months: map[string]int{},
		weekdays: map[string]int{}, weekdaysCap: map[string]int{}, relDays: map[string]int{}, cues: map[string][]*cue{},
		stems: map[string]bool{}}
	rows, err := lexicon.Rows(lang, "event_grammar.tsv", 2)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		kind, arg, _ := strings.Cut(r[0], ":")
		phrases := strings.Split(r[1], "|")
		for _, p := range phrases {
			p = strings.ToLower(strings.TrimSpace(p))
			if p == "" {
				continue
			}
			switch kind {
			case "agent":
				g.agents[p] = arg
			case "lemma":
				form, lemma, ok := strings.Cut(p, "=")
				if !ok {
					return nil, fmt.Errorf("lexicon %s/event_grammar.tsv: row %d: lemma %q wants form=lemma", lang, i+1, p)
				}
				g.irregular[form] = lemma
				continue
			case "month", "weekday", "weekday_cap", "reldays":
				n, err := strconv.Atoi(arg)
				if err != nil {
					return nil, fmt.Errorf("lexicon %s/event_grammar.tsv: row %d: %s: %w", lang, i+1, kind, err)
				}
				switch kind {
				case "month":
					g.months[p] = n
				case "weekday":
					g.weekdays[p] = n
				case "weekday_cap":
					g.weekdaysCap[p] = n
				default:
					g.relDays[p] = n
				}
			}
			if g.kinds[kind] == nil {
				g.kinds[kind] = map[string]bool{}
			}
			g.kinds[kind][p] = true
			if n := len(strings.Fields(p)); n > g.maxWords[kind] {
				g.maxWords[kind] = n
			}
		}
	}
	cues, err := lexicon.Rows(lang, "event_cues.tsv", 2)
	if err != nil {
		return nil, err
	}
	for i, r := range cues {
		c, err := parseCue(r)
		if err != nil {
			return nil, fmt.Errorf("lexicon %s/event_cues.tsv: row %d: %w", lang, i+1, err)
		}
		for _, code := range []string{c.code, c.neg} {
			if code == "" {
				continue
			}
			if _, ok := codes[code]; !ok {
				return nil, fmt.Errorf("lexicon %s/event_cues.tsv: row %d: unknown CAMEO code %q", lang, i+1, code)
			}
		}
		for _, e := range c.pattern {
			for _, a := range e.alts {
				g.stems[a] = true
				if lang == "en" {
					for _, an := range stemEN(a, g.irregular) {
						g.stems[an.stem] = true
					}
				}
			}
		}
		for _, a := range c.pattern[0].alts {
			g.cues[a] = append(g.cues[a], c)
		}
	}
	for k := range g.cues {
		sort.SliceStable(g.cues[k], func(i, j int) bool { return g.cues[k][i].weight > g.cues[k][j].weight })
	}
	return g, nil
}

// parseCue reads one row: pattern, code, negated code, flags.
func parseCue(r []string) (*cue, error) {
	c := &cue{text: r[0], code: r[1]}
	if len(r) > 2 && r[2] != "-" {
		c.neg = r[2]
	}
	if len(r) > 3 && r[3] != "-" {
		for _, f := range strings.Split(r[3], ",") {
			switch strings.TrimSpace(f) {
			case "sym":
				c.flags |= flagSym
			case "noun":
				c.flags |= flagNoun
			case "verb":
				c.flags |= flagVerb
			case "loc":
				c.flags |= flagLoc
			case "notgt":
				// Documentation only: a symmetric cue without a target
				// needs joint actors anyway.
			case "speech":
				c.flags |= flagSpeech
			case "from":
				c.flags |= flagFrom
			case "objto":
				c.flags |= flagObjTo
			case "riot":
				c.flags |= flagRiot
			case "event":
				c.flags |= flagEvent
			case "":
			default:
				return nil, fmt.Errorf("cue %q: unknown flag %q", r[0], f)
			}
		}
	}
	for _, w := range strings.Fields(strings.ToLower(r[0])) {
		if w == ".." {
			c.pattern = append(c.pattern, elem{gap: true})
			continue
		}
		e := elem{}
		for _, a := range strings.Split(w, "|") {
			exact := strings.HasPrefix(a, "=")
			a = strings.TrimPrefix(a, "=")
			if a == "" {
				return nil, fmt.Errorf("cue %q: empty alternative", r[0])
			}
			e.alts = append(e.alts, a)
			e.exact = append(e.exact, exact)
		}
		c.pattern = append(c.pattern, e)
		c.weight++
	}
	if len(c.pattern) == 0 || c.pattern[0].gap || c.pattern[len(c.pattern)-1].gap {
		return nil, fmt.Errorf("cue %q: a pattern starts and ends with a word", r[0])
	}
	return c, nil
}

// has reports whether phrase (lower case) is of a kind.
func (g *grammar) has(kind, phrase string) bool { return g.kinds[kind][phrase] }
