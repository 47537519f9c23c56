package dedup

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
)

// Match is a verified near-duplicate of a document.
type Match struct {
	ID         string  // the other document's ID
	Similarity float64 // estimated Jaccard similarity, at least the threshold
}

// AddResult says what adding a document did.
type AddResult struct {
	// Story is the document's story ID after the add: the smallest document
	// ID among all documents connected to it by near-duplicate links.
	Story string
	// Matches are the verified near-duplicates already in the index, most
	// similar first (ties by ID).
	Matches []Match
	// Relabeled lists story IDs that no longer exist because the add joined
	// their stories into Story (sorted). Every document whose stored story
	// is one of them now belongs to Story: the store runs
	// UPDATE ... SET story = Story WHERE story IN (Relabeled).
	Relabeled []string
	// Present is true when the ID was already indexed; nothing changed.
	Present bool
}

// Index holds signatures for near-duplicate search and story assignment.
// It is safe for concurrent use.
//
// Stories are the connected components of the graph whose edges join two
// documents that share at least one LSH band and whose estimated Jaccard
// similarity is at least the threshold. Both conditions depend only on the
// pair, so the graph, its components and each component's smallest document
// ID are the same whatever order documents are added in: rebuilding an Index
// from stored signatures reproduces the stored story IDs. The price of
// components (single linkage) is chaining: A~B and B~C put A and C in one
// story even when A and C differ more; for copies of one report that is
// what is wanted.
type Index struct {
	cfg Config

	mu   sync.Mutex
	ids  []string       // document ordinal → ID
	sigs []Signature    // document ordinal → signature
	byID map[string]int // ID → ordinal
	// buckets maps a band key to the last document added with it; next
	// chains to the previous one: next[o*Bands+b] for band b of document
	// o, -1 at the end. One int32 per band per document instead of a slice
	// per bucket halves the index's memory.
	buckets map[uint64]int32
	next    []int32
	parent  []int32  // union-find forest over ordinals
	story   []string // root ordinal → smallest ID in its component
	size    []int32  // root ordinal → component size
	seen    []uint32 // ordinal → last query stamp, to skip repeated candidates
	stamp   uint32
}

// NewIndex returns an empty index.
func NewIndex(cfg Config) (*Index, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &Index{cfg: cfg, byID: map[string]int{}, buckets: map[uint64]int32{}}, nil
}

// Len returns the number of indexed documents.
func (ix *Index) Len() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return len(ix.ids)
}

// Add indexes a document's signature, links it to its verified
// near-duplicates and returns its story. Adding an ID that is already
// indexed changes nothing and reports Present. A signature of the wrong
// length is an error; an empty one (a text with no words) makes a story of
// its own.
func (ix *Index) Add(id string, sig Signature) (AddResult, error) {
	if len(sig) != 0 && len(sig) != ix.cfg.NumHashes() {
		return AddResult{}, fmt.Errorf("dedup: add %s: signature has %d values, want %d", id, len(sig), ix.cfg.NumHashes())
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if o, ok := ix.byID[id]; ok {
		return AddResult{Story: ix.story[ix.find(o)], Present: true}, nil
	}
	matches := ix.query(sig)

	o := len(ix.ids)
	ix.ids = append(ix.ids, id)
	ix.sigs = append(ix.sigs, sig)
	ix.byID[id] = o
	ix.parent = append(ix.parent, int32(o))
	ix.story = append(ix.story, id)
	ix.size = append(ix.size, 1)
	ix.seen = append(ix.seen, 0)
	if len(sig) != 0 {
		r := ix.cfg.Rows
		for b := range ix.cfg.Bands {
			k := bandKey(b, sig[b*r:(b+1)*r])
			head, ok := ix.buckets[k]
			if !ok {
				head = -1
			}
			ix.next = append(ix.next, head)
			ix.buckets[k] = int32(o)
		}
	} else {
		for range ix.cfg.Bands {
			ix.next = append(ix.next, -1)
		}
	}

	var old []string
	for _, m := range matches {
		other := ix.find(ix.byID[m.ID])
		if other == ix.find(o) {
			continue
		}
		old = append(old, ix.story[other])
		ix.union(o, other)
	}
	res := AddResult{Story: ix.story[ix.find(o)], Matches: matches}
	for _, s := range old {
		if s != res.Story {
			res.Relabeled = append(res.Relabeled, s)
		}
	}
	slices.Sort(res.Relabeled)
	res.Relabeled = slices.Compact(res.Relabeled)
	return res, nil
}

// Query returns the verified near-duplicates of a signature among the
// indexed documents, most similar first, without adding it.
func (ix *Index) Query(sig Signature) []Match {
	if len(sig) != ix.cfg.NumHashes() {
		return nil
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.query(sig)
}

// query finds LSH candidates and keeps those at or above the threshold.
// The caller holds ix.mu.
func (ix *Index) query(sig Signature) []Match {
	if len(sig) == 0 {
		return nil
	}
	ix.stamp++
	if ix.stamp == 0 { // wrapped: old stamps could collide
		clear(ix.seen)
		ix.stamp = 1
	}
	var out []Match
	r := ix.cfg.Rows
	for b := range ix.cfg.Bands {
		o, ok := ix.buckets[bandKey(b, sig[b*r:(b+1)*r])]
		if !ok {
			continue
		}
		for ; o >= 0; o = ix.next[int(o)*ix.cfg.Bands+b] {
			if ix.seen[o] == ix.stamp {
				continue
			}
			ix.seen[o] = ix.stamp
			if s := Similarity(sig, ix.sigs[o]); s >= ix.cfg.Threshold {
				out = append(out, Match{ID: ix.ids[o], Similarity: s})
			}
		}
	}
	slices.SortFunc(out, func(a, b Match) int {
		if c := cmp.Compare(b.Similarity, a.Similarity); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// Story returns the story ID of an indexed document.
func (ix *Index) Story(id string) (string, bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	o, ok := ix.byID[id]
	if !ok {
		return "", false
	}
	return ix.story[ix.find(o)], true
}

// Members returns the IDs of the documents in the same story as id,
// id included, sorted; nil when id is not indexed. It scans the index, so
// it is meant for tests and rebuilds; the store answers "list an article's
// copies" from its stored story IDs.
func (ix *Index) Members(id string) []string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	o, ok := ix.byID[id]
	if !ok {
		return nil
	}
	root := ix.find(o)
	var out []string
	for i := range ix.ids {
		if ix.find(i) == root {
			out = append(out, ix.ids[i])
		}
	}
	slices.Sort(out)
	return out
}

// Stories returns every document's story ID, keyed by document ID.
func (ix *Index) Stories() map[string]string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make(map[string]string, len(ix.ids))
	for i, id := range ix.ids {
		out[id] = ix.story[ix.find(i)]
	}
	return out
}

// find returns the root of o's component, halving paths as it goes.
func (ix *Index) find(o int) int {
	for int(ix.parent[o]) != o {
		ix.parent[o] = ix.parent[ix.parent[o]]
		o = int(ix.parent[o])
	}
	return o
}

// union joins two components (union by size) and keeps the smaller story ID.
func (ix *Index) union(a, b int) {
	ra, rb := ix.find(a), ix.find(b)
	if ra == rb {
		return
	}
	if ix.size[ra] < ix.size[rb] {
		ra, rb = rb, ra
	}
	ix.parent[rb] = int32(ra)
	ix.size[ra] += ix.size[rb]
	ix.story[ra] = min(ix.story[ra], ix.story[rb])
	ix.story[rb] = ""
}
