package merge

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// cueFiles holds the language knowledge the merge rules read in sentences:
// one TSV file per language (cues/id.tsv describes the kinds).
//
//go:embed cues/*.tsv
var cueFiles embed.FS

// Cue is one phrase of a kind the merge rules look for in sentences.
type Cue struct {
	Kind   string // see the cue kinds below
	Phrase string // lower-case words; "#" stands for a number
}

// Cue kinds.
const (
	// CuePast: an indefinite or distant past ("beberapa waktu lalu"): a
	// mention dated only by publication is of an unknown earlier day.
	CuePast = "past"
	// CueRelative opens a relative clause ("yang"): an earlier year in
	// it does not date the event.
	CueRelative = "relative"
	// CuePlan: plan or intent wording ("dijadwalkan", "menyerukan"),
	// which near a CueMeet word makes a mention of Config.PlanRoots a
	// plan.
	CuePlan = "plan"
	// CueNotPlan: a phrase with a plan word that is none ("akan
	// tetapi").
	CueNotPlan = "notplan"
	// CueMeet: a meeting, talks or visit word.
	CueMeet = "meet"
	// CueNum: a numeral that "#" matches besides digits.
	CueNum = "num"
	// CueBackground: a reference back to a past time ("saat itu"): a
	// mention dated only by publication is background.
	CueBackground = "background"
	// CueAgo: a reference a few days back without a date ("beberapa
	// hari lalu", "pekan lalu"): the event happened within the family's
	// lookback before the article's publication, whatever day the coder
	// resolved it to.
	CueAgo = "ago"
	// CueSame: words that tell one event in other words ("menuding
	// menuduh menyalahkan"); similarity and topics count them as the
	// phrase's first word.
	CueSame = "same"
	// CueTalks: a noun for negotiations as a process ("perundingan",
	// "talks"). A mention of Config.PlanRoots whose trigger is one and
	// that is dated only by its article's publication refers to talks
	// under way or ahead rather than reporting a meeting of that day:
	// it merges on topic as plans do (Config.PlanTopic).
	CueTalks = "talks"
	// CueAfter: a word that puts the meeting word after it in the past
	// ("usai bertemu Filipina, Indonesia akan melawan ..."): that
	// meeting is no plan, whatever plan word is near.
	CueAfter = "after"
)

func isCueKind(k string) bool {
	switch k {
	case CuePast, CueRelative, CuePlan, CueNotPlan, CueMeet, CueNum, CueBackground, CueAgo, CueSame, CueTalks, CueAfter:
		return true
	}
	return false
}

// DefaultCues returns the cues of every language warta reads.
func DefaultCues() []Cue {
	var out []Cue
	files, err := fs.Glob(cueFiles, "cues/*.tsv")
	if err != nil {
		panic(err) // the pattern is constant
	}
	for _, name := range files {
		b, err := cueFiles.ReadFile(name)
		if err != nil {
			panic(err) // embedded
		}
		cues, err := ParseCues(string(b))
		if err != nil {
			panic(fmt.Sprintf("merge: %s: %v", name, err)) // tested
		}
		out = append(out, cues...)
	}
	return out
}

// ParseCues reads cue lines, "kind<TAB>phrase"; blank lines and lines
// starting with "#" are skipped.
func ParseCues(text string) ([]Cue, error) {
	var out []Cue
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, phrase, ok := strings.Cut(line, "\t")
		phrase = strings.Join(strings.Fields(strings.ToLower(phrase)), " ")
		if !ok || phrase == "" {
			return nil, fmt.Errorf("line %d: want kind<TAB>phrase", n+1)
		}
		if !isCueKind(kind) {
			return nil, fmt.Errorf("line %d: unknown cue kind %q", n+1, kind)
		}
		out = append(out, Cue{Kind: kind, Phrase: phrase})
	}
	return out, nil
}

// cueSet finds cues in tokenized sentences.
type cueSet struct {
	phrases map[string][][]string // kind → phrases as words
	nums    map[string]bool
	same    map[string]string // content word (stemmed) → its CueSame class
}

func compileCues(cues []Cue) (cueSet, error) {
	s := cueSet{phrases: map[string][][]string{}, nums: map[string]bool{}, same: map[string]string{}}
	for _, c := range cues {
		if !isCueKind(c.Kind) {
			return s, fmt.Errorf("merge: unknown cue kind %q", c.Kind)
		}
		words := tokenizeCue(c.Phrase)
		if len(words) == 0 {
			return s, fmt.Errorf("merge: empty %s cue", c.Kind)
		}
		if c.Kind == CueNum {
			s.nums[strings.Join(words, " ")] = true
			continue
		}
		if c.Kind == CueSame {
			if err := s.addSame(words); err != nil {
				return s, err
			}
			continue
		}
		s.phrases[c.Kind] = append(s.phrases[c.Kind], words)
	}
	return s, nil
}

// tokenizeCue splits a phrase as tokenize splits sentences, keeping "#".
func tokenizeCue(phrase string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(phrase)) {
		if f == "#" {
			out = append(out, f)
			continue
		}
		out = append(out, tokenize(f)...)
	}
	return out
}

// matchAt reports whether phrase p starts at words[i].
func (s cueSet) matchAt(p, words []string, i int) bool {
	if i+len(p) > len(words) {
		return false
	}
	for k, w := range p {
		got := words[i+k]
		if w == "#" {
			if !isNumber(got) && !s.nums[got] {
				return false
			}
			continue
		}
		if got != w && got != w+"nya" {
			// The enclitic "-nya" ("rencananya", "kesediaannya")
			// keeps a word's sense.
			return false
		}
	}
	return true
}

// spans returns, for each word, whether a cue of the kind covers it.
func (s cueSet) spans(kind string, words []string) []bool {
	var out []bool
	for i := range words {
		for _, p := range s.phrases[kind] {
			if s.matchAt(p, words, i) {
				if out == nil {
					out = make([]bool, len(words))
				}
				for k := range p {
					out[i+k] = true
				}
			}
		}
	}
	return out
}

// starts returns the word indices at which a cue of the kind starts.
func (s cueSet) starts(kind string, words []string) []int {
	var out []int
	for i := range words {
		for _, p := range s.phrases[kind] {
			if s.matchAt(p, words, i) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// has reports a cue of the kind in words.
func (s cueSet) has(kind string, words []string) bool {
	return len(s.starts(kind, words)) > 0
}

// planNear is how many words may separate a plan word from a meeting word.
const planNear = 4

// planned reports plan wording near a meeting word: "akan melakukan
// perjalanan", "menyerukan pertemuan", "pertemuan ... dijadwalkan". A
// meeting word right after a CueAfter word ("usai bertemu") is past.
func (s cueSet) planned(words []string) bool {
	meets := s.starts(CueMeet, words)
	if after := s.spans(CueAfter, words); after != nil {
		meets = slices.DeleteFunc(meets, func(j int) bool { return j > 0 && after[j-1] })
	}
	if len(meets) == 0 {
		return false
	}
	not := s.spans(CueNotPlan, words)
	for _, i := range s.starts(CuePlan, words) {
		if not != nil && not[i] {
			continue
		}
		for _, j := range meets {
			if j != i && j-i <= planNear && i-j <= planNear {
				return true
			}
		}
	}
	return false
}

// addSame records a class of equivalent words: each word's content-word
// form (contentWords) stands for the first word's. A word in two classes
// is an error; a class may be extended by another line with its first
// word.
func (s cueSet) addSame(words []string) error {
	var keys []string
	for _, w := range words {
		keys = append(keys, contentWords(w)...)
	}
	if len(keys) < 2 {
		return fmt.Errorf("merge: same cue %q: want two content words or more", strings.Join(words, " "))
	}
	class := keys[0]
	if c, ok := s.same[class]; ok {
		class = c
	}
	for _, k := range keys {
		if c, ok := s.same[k]; ok && c != class {
			return fmt.Errorf("merge: word %q is in same classes %q and %q", k, c, class)
		}
		s.same[k] = class
	}
	return nil
}

// canon returns sorted, distinct content words with each word of a
// CueSame class replaced by the class: "menuding" and "menyalahkan" count
// as one word.
func (s cueSet) canon(words []string) []string {
	if len(s.same) == 0 || len(words) == 0 {
		return words
	}
	out := make([]string, len(words))
	changed := false
	for i, w := range words {
		if c, ok := s.same[w]; ok && c != w {
			w, changed = c, true
		}
		out[i] = w
	}
	if !changed {
		return words
	}
	slices.Sort(out)
	return slices.Compact(out)
}
