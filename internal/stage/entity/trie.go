package entity

// caseRule says how one token of a pattern must be written in the text.
type caseRule uint8

const (
	caseAny   caseRule = iota // a lower-case word in the data: any case
	caseCap                   // a capitalised word in the data: capitalised (or all caps)
	caseExact                 // an alias marked "=": exactly as written
)

// pattern is one alias in a trie: the value it stands for and how each of
// its tokens must be written.
type pattern struct {
	value int // what the pattern stands for; its meaning is the trie user's
	rules []caseRule
	exact []string // the data's tokens, for caseExact
}

// trie is a token trie over folded tokens: every alias of a gazetteer is a
// path, and matching walks the text's tokens from each position, keeping the
// longest path whose case rules hold. It is built once and read concurrently.
type trie struct {
	vocab    map[string]int32 // folded token -> id, shared by a language's tries
	own      []bool           // by id: the token is in one of this trie's aliases
	edges    map[uint64]int32 // node<<32 | token id -> child node
	patterns [][]pattern      // by node; empty for inner nodes
}

// newTrie returns an empty trie whose token ids come from vocab. The tries
// of one language share their vocabulary, so that a text's ids serve every
// trie's walk.
func newTrie(vocab map[string]int32) *trie {
	return &trie{vocab: vocab, edges: map[uint64]int32{}, patterns: [][]pattern{nil}}
}

// has reports whether a token of the folded form is in one of t's own
// aliases (the vocabulary holds every trie's words).
func (t *trie) has(fold string) bool {
	id, ok := t.vocab[fold]
	return ok && int(id) < len(t.own) && t.own[id]
}

// add inserts an alias. A leading "=" makes it case-exact. It reports
// whether the alias has any tokens.
func (t *trie) add(alias string, value int) bool {
	exact := false
	if len(alias) > 1 && alias[0] == '=' {
		exact, alias = true, alias[1:]
	}
	toks := tokenize(alias)
	if len(toks) == 0 {
		return false
	}
	p := pattern{value: value, rules: make([]caseRule, len(toks))}
	node := int32(0)
	for i, tk := range toks {
		switch {
		case exact:
			p.rules[i] = caseExact
		case tk.cap:
			p.rules[i] = caseCap
		}
		id, ok := t.vocab[tk.fold]
		if !ok {
			id = int32(len(t.vocab))
			t.vocab[tk.fold] = id
		}
		for int(id) >= len(t.own) {
			t.own = append(t.own, false)
		}
		t.own[id] = true
		key := uint64(node)<<32 | uint64(uint32(id))
		child, ok := t.edges[key]
		if !ok {
			child = int32(len(t.patterns))
			t.patterns = append(t.patterns, nil)
			t.edges[key] = child
		}
		node = child
	}
	if exact {
		p.exact = make([]string, len(toks))
		for i, tk := range toks {
			p.exact[i] = tk.text
		}
	}
	for _, q := range t.patterns[node] {
		if q.value == value && sameRules(q, p) {
			return true
		}
	}
	t.patterns[node] = append(t.patterns[node], p)
	return true
}

func sameRules(a, b pattern) bool {
	if len(a.rules) != len(b.rules) || len(a.exact) != len(b.exact) {
		return false
	}
	for i := range a.rules {
		if a.rules[i] != b.rules[i] {
			return false
		}
	}
	for i := range a.exact {
		if a.exact[i] != b.exact[i] {
			return false
		}
	}
	return true
}

// ids maps the text's tokens to vocabulary ids (-1: in no alias), once per
// text: the ids serve every trie that shares t's vocabulary.
func (t *trie) ids(toks []token) []int32 {
	out := make([]int32, len(toks))
	for i, tk := range toks {
		id, ok := t.vocab[tk.fold]
		if !ok {
			id = -1
		}
		out[i] = id
	}
	return out
}

// longest returns the end (exclusive token index) and pattern of the
// longest alias starting at token i, or end == -1.
func (t *trie) longest(toks []token, ids []int32, i int) (end int, p pattern) {
	end = -1
	node := int32(0)
	for j := i; j < len(toks); j++ {
		if ids[j] < 0 {
			break
		}
		child, ok := t.edges[uint64(node)<<32|uint64(uint32(ids[j]))]
		if !ok {
			break
		}
		node = child
		for _, q := range t.patterns[node] {
			if q.holds(toks[i : j+1]) {
				end, p = j+1, q
				break
			}
		}
	}
	return end, p
}

// holds reports whether the tokens are written as the pattern's case rules
// require. A capitalised data word matches a capitalised or all-caps text
// word; a text word is never required to be lower case.
func (p pattern) holds(toks []token) bool {
	for i, r := range p.rules {
		switch r {
		case caseCap:
			if !toks[i].cap && toks[i].word {
				return false
			}
		case caseExact:
			if toks[i].text != p.exact[i] {
				return false
			}
		}
	}
	return true
}
