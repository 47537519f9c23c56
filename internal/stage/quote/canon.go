package quote

import (
	"strings"
	"unicode"

	"github.com/warta-dev/warta/internal/lexicon"
)

// honorifics are words before a name that are not part of it ("Dr Ong",
// "Pak Jokowi"); a speaker named with one is the same person as the full
// name.
var honorifics = map[string]bool{
	"dr": true, "drs": true, "prof": true, "ir": true, "h": true, "hj": true,
	"pak": true, "bu": true, "bapak": true, "ibu": true, "mr": true, "mrs": true,
	"ms": true, "sir": true, "dame": true, "syekh": true, "sheikh": true,
}

// nameWords returns the folded words of a name without honorifics.
func nameWords(name string) []string {
	ws := strings.FieldsFunc(lexicon.Fold(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
	})
	for len(ws) > 1 && honorifics[ws[0]] {
		ws = ws[1:]
	}
	return ws
}

// canonical returns the entity a speaker stands for. The entity stage may
// leave a surname ("Johnson", "Dr Ong", "Rabei" for "Ali Rabiei") or a
// name with words glued on ("Aktivis Joshua Wong Terbang") as an entity of
// its own beside the full name; the quote's speaker is then the full name,
// the one named last before pos when several fit. Tiers, best first: the
// whole full name inside the short one, the last word, the first word, a
// last word one letter off (a misspelling of five letters or more).
func (r *resolver) canonical(id string, pos int) string {
	if id == "" {
		return id
	}
	i, ok := r.entIndex()[id]
	if !ok || r.ents[i].Type != "PERSON" {
		return id
	}
	if j, ok := r.canon[i]; ok {
		return r.pick(j, id, pos)
	}
	ws := nameWords(r.ents[i].Name)
	var tiers [4][]int
	for j, e := range r.ents {
		if j == i || e.Type != "PERSON" {
			continue
		}
		full := nameWords(e.Name)
		if len(full) < 2 {
			continue
		}
		switch {
		case len(ws) > len(full) && containsRun(ws, full):
			tiers[0] = append(tiers[0], j)
		case len(ws) == 1 && full[len(full)-1] == ws[0]:
			tiers[1] = append(tiers[1], j)
		case len(ws) == 1 && full[0] == ws[0]:
			tiers[2] = append(tiers[2], j)
		case len(ws) == 1 && misspelt(full[len(full)-1], ws[0]):
			tiers[3] = append(tiers[3], j)
		}
	}
	var found []int
	for _, t := range tiers {
		if len(t) > 0 {
			found = t
			break
		}
	}
	if r.canon == nil {
		r.canon = map[int][]int{}
	}
	r.canon[i] = found
	return r.pick(found, id, pos)
}

// pick returns the ID of the one candidate, or of the one named last before
// pos, or of the first; id when there is none.
func (r *resolver) pick(cands []int, id string, pos int) string {
	switch len(cands) {
	case 0:
		return id
	case 1:
		return r.ents[cands[0]].ID
	}
	best, bestAt := cands[0], -1
	for _, c := range cands {
		for _, m := range r.ents[c].Mentions {
			if m.Start < pos && m.Start > bestAt {
				best, bestAt = c, m.Start
			}
		}
	}
	return r.ents[best].ID
}

// entIndex maps entity IDs to their index, built on first use.
func (r *resolver) entIndex() map[string]int {
	if r.byID == nil {
		r.byID = make(map[string]int, len(r.ents))
		for i, e := range r.ents {
			r.byID[e.ID] = i
		}
	}
	return r.byID
}

// containsRun reports whether sub occurs in ws as consecutive words.
func containsRun(ws, sub []string) bool {
	for i := 0; i+len(sub) <= len(ws); i++ {
		ok := true
		for k, w := range sub {
			if ws[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// misspelt reports whether a and b, of five letters or more and the same
// first letter, are one insertion, deletion or substitution apart.
func misspelt(a, b string) bool {
	if len(a) < 5 || len(b) < 5 || a[0] != b[0] || a == b {
		return false
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i+1:] == b[i:]
}
