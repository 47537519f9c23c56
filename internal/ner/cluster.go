package ner

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
)

// Word clusters: words that occur in similar contexts get the same cluster
// id, which lets the tagger generalise from a word seen in training to
// words seen only in unlabelled text. They are learnt from the text of the
// training sentences (no tags) and of an unlabelled news corpus (see
// unlabeled.go) with the exchange algorithm for a two-sided class bigram
// model (Kneser & Ney 1993; Martin, Liermann & Ney 1998), once per
// granularity, and stored in the model keyed by the hash of the lowercased
// word.

// clusterMinCount is how often a lowercased word must occur to be clustered.
const clusterMinCount = 2

// clusterIters is the number of exchange passes over the vocabulary.
const clusterIters = 12

// clusters maps the hash of a lowercased word to its cluster id at each
// granularity (ids start at 1; 0 means unknown).
type clusters struct {
	sizes []int
	// vec counts the last levels of sizes that are k-means classes of word
	// vectors (vec.go) rather than exchange classes.
	vec int
	ids map[uint64][maxClusterLevels]uint16
	// dense, if set, holds word vectors for the dense features (dense.go).
	dense *denseVecs
}

// vecRow returns the word-vector row of a lowercased word hash, -1 if none.
func (c *clusters) vecRow(h uint64) int32 {
	if c == nil {
		return -1
	}
	return c.dense.row(h)
}

// levels returns the numbers of exchange and of k-means levels.
func (c *clusters) levels() (exchange, vec int) {
	if c == nil {
		return 0, 0
	}
	return len(c.sizes) - c.vec, c.vec
}

// vecLevel marks the size of a k-means level in the model file.
const vecLevel = 0x8000

// lookup returns the cluster ids of a lowercased word hash; all zero and
// false if the word is unknown.
func (c *clusters) lookup(h uint64) ([maxClusterLevels]uint16, bool) {
	if c == nil {
		return [maxClusterLevels]uint16{}, false
	}
	ids, ok := c.ids[h]
	return ids, ok
}

// learnClusters clusters the lowercased words of texts (token sequences) at
// each granularity in sizes, keeping the maxVocab most frequent words (0: all
// words seen at least clusterMinCount times). It is deterministic; the
// granularities are learnt in parallel.
func learnClusters(texts [][]string, sizes []int, maxVocab int) *clusters {
	cl := &clusters{sizes: append([]int(nil), sizes...), ids: map[uint64][maxClusterLevels]uint16{}}
	if len(sizes) == 0 {
		return cl
	}
	vocab, index := clusterVocab(texts, maxVocab)
	// Word ids: vocabulary words, then the boundary and the pooled rare
	// words, which keep classes of their own.
	V := len(vocab)
	bound, rare := int32(V), int32(V+1)
	big := map[[2]int32]int32{}
	id := func(w string) int32 {
		if i, ok := index[strings.ToLower(w)]; ok {
			return i
		}
		return rare
	}
	for _, t := range texts {
		prev := bound
		for _, w := range t {
			cur := id(w)
			big[[2]int32{prev, cur}]++
			prev = cur
		}
		big[[2]int32{prev, bound}]++
	}
	g := newBigramGraph(V+2, big)
	classes := make([][]int32, len(sizes))
	var wg sync.WaitGroup
	for gi, k := range sizes {
		wg.Go(func() { classes[gi] = exchange(g, V, k) })
	}
	wg.Wait()
	for gi, class := range classes {
		for i, w := range vocab {
			h := hashLower(w)
			ids := cl.ids[h]
			ids[gi] = uint16(class[i] + 1)
			cl.ids[h] = ids
		}
	}
	return cl
}

// bigramGraph holds bigram counts as adjacency lists.
type bigramGraph struct {
	right, left [][]edge // right[v]: (w, N(v,w)); left[w]: (v, N(v,w))
	nl, nr      []int32
	self        []int32
	// xlogx[n] is n·log n for every count n up to the number of bigrams.
	xlogx []float64
}

type edge struct {
	w, n int32
}

func newBigramGraph(n int, big map[[2]int32]int32) *bigramGraph {
	g := &bigramGraph{right: make([][]edge, n), left: make([][]edge, n),
		nl: make([]int32, n), nr: make([]int32, n), self: make([]int32, n)}
	keys := make([][2]int32, 0, len(big))
	for k := range big {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int32) int {
		if a[0] != b[0] {
			return int(a[0] - b[0])
		}
		return int(a[1] - b[1])
	})
	for _, k := range keys {
		c := big[k]
		v, w := k[0], k[1]
		g.nl[v] += c
		g.nr[w] += c
		if v == w {
			g.self[v] += c
			continue
		}
		g.right[v] = append(g.right[v], edge{w, c})
		g.left[w] = append(g.left[w], edge{v, c})
	}
	var total int32
	for _, c := range g.nl {
		total += c
	}
	g.xlogx = make([]float64, total+1)
	for i := 1; i <= int(total); i++ {
		g.xlogx[i] = float64(i) * math.Log(float64(i))
	}
	return g
}

// exchange assigns the first V words of g to k classes maximising the
// likelihood of the class bigram model; words V and V+1 (boundary, rare
// words) keep classes k and k+1.
func exchange(g *bigramGraph, V, k int) []int32 {
	T := k + 2
	class := make([]int32, V+2)
	for i := 0; i < V; i++ {
		class[i] = int32(i % k)
	}
	class[V], class[V+1] = int32(k), int32(k+1)
	ncc := make([]int32, T*T)
	nl := make([]int32, T)
	nr := make([]int32, T)
	xlogx := g.xlogx
	for v := range g.right {
		cv := int(class[v])
		for _, e := range g.right[v] {
			ncc[cv*T+int(class[e.w])] += e.n
		}
		ncc[cv*T+cv] += g.self[v]
		nl[cv] += g.nl[v]
		nr[cv] += g.nr[v]
	}
	// Per-word scratch: class counts of right and left neighbours.
	rc := make([]int32, T)
	lc := make([]int32, T)
	var rtouch, ltouch []int32
	for iter := 0; iter < clusterIters && V > k; iter++ {
		moved := 0
		for w := 0; w < V; w++ {
			a := int(class[w])
			rtouch, ltouch = rtouch[:0], ltouch[:0]
			for _, e := range g.right[w] {
				c := class[e.w]
				if rc[c] == 0 {
					rtouch = append(rtouch, c)
				}
				rc[c] += e.n
			}
			for _, e := range g.left[w] {
				c := class[e.w]
				if lc[c] == 0 {
					ltouch = append(ltouch, c)
				}
				lc[c] += e.n
			}
			s := g.self[w]
			// Take w out of class a.
			for _, d := range rtouch {
				ncc[a*T+int(d)] -= rc[d]
			}
			for _, c := range ltouch {
				ncc[int(c)*T+a] -= lc[c]
			}
			ncc[a*T+a] -= s
			nl[a] -= g.nl[w]
			nr[a] -= g.nr[w]
			// Find the class where w adds most.
			best, bestGain := a, math.Inf(-1)
			for b := 0; b < k; b++ {
				gain := 0.0
				for _, d := range rtouch {
					if int(d) == b {
						continue
					}
					x := ncc[b*T+int(d)]
					gain += xlogx[x+rc[d]] - xlogx[x]
				}
				for _, c := range ltouch {
					if int(c) == b {
						continue
					}
					x := ncc[int(c)*T+b]
					gain += xlogx[x+lc[c]] - xlogx[x]
				}
				x := ncc[b*T+b]
				gain += xlogx[x+rc[b]+lc[b]+s] - xlogx[x]
				gain -= xlogx[nl[b]+g.nl[w]] - xlogx[nl[b]]
				gain -= xlogx[nr[b]+g.nr[w]] - xlogx[nr[b]]
				if gain > bestGain+1e-9 || (b == a && gain >= bestGain-1e-9) {
					best, bestGain = b, gain
				}
			}
			if best != a {
				moved++
			}
			// Put w into class best.
			class[w] = int32(best)
			b := best
			for _, d := range rtouch {
				ncc[b*T+int(d)] += rc[d]
			}
			for _, c := range ltouch {
				ncc[int(c)*T+b] += lc[c]
			}
			ncc[b*T+b] += s
			nl[b] += g.nl[w]
			nr[b] += g.nr[w]
			for _, d := range rtouch {
				rc[d] = 0
			}
			for _, c := range ltouch {
				lc[c] = 0
			}
		}
		if moved == 0 {
			break
		}
	}
	return class[:V]
}

// flat returns the cluster table as sorted word hashes, their ids (levels
// per word, row-major) and the granularities, as Save writes them.
func (c *clusters) flat() (hashes []uint64, ids []uint16, sizes []uint16) {
	if c == nil {
		return nil, nil, nil
	}
	for i, k := range c.sizes {
		if i >= len(c.sizes)-c.vec {
			k |= vecLevel
		}
		sizes = append(sizes, uint16(k))
	}
	hashes = make([]uint64, 0, len(c.ids))
	for h := range c.ids {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	ids = make([]uint16, 0, len(hashes)*len(sizes))
	for _, h := range hashes {
		v := c.ids[h]
		ids = append(ids, v[:len(sizes)]...)
	}
	return hashes, ids, sizes
}

// readClusters reads the cluster table written by Save.
func readClusters(r io.Reader) (*clusters, error) {
	var levels uint8
	if err := binary.Read(r, binary.LittleEndian, &levels); err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	if levels > maxClusterLevels {
		return nil, fmt.Errorf("%w: %d cluster levels", ErrFormat, levels)
	}
	sizes := make([]uint16, levels)
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, sizes); err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	if n > 1<<24 || (levels == 0 && n > 0) {
		return nil, fmt.Errorf("%w: %d clustered words", ErrFormat, n)
	}
	hashes := make([]uint64, n)
	ids := make([]uint16, int(n)*int(levels))
	for _, p := range []any{hashes, ids} {
		if err := binary.Read(r, binary.LittleEndian, p); err != nil {
			return nil, fmt.Errorf("ner: load: %w", err)
		}
	}
	c := &clusters{ids: make(map[uint64][maxClusterLevels]uint16, n)}
	for _, k := range sizes {
		if k&vecLevel != 0 {
			c.vec++
		} else if c.vec > 0 {
			return nil, fmt.Errorf("%w: cluster levels %v", ErrFormat, sizes)
		}
		c.sizes = append(c.sizes, int(k&^vecLevel))
	}
	for i, h := range hashes {
		var v [maxClusterLevels]uint16
		copy(v[:], ids[i*int(levels):(i+1)*int(levels)])
		c.ids[h] = v
	}
	return c, nil
}
