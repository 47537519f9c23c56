package ner

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// Distributional clusters: a second, different view of the unlabelled text.
// The exchange clusters (cluster.go) only see the word right before and
// right after; these see the words up to two away on each side. Every word
// of the clustering vocabulary gets a vector: its positive pointwise mutual
// information with the most frequent words at each of the four positions
// (Levy, Goldberg & Dagan 2015, context distribution smoothed by 0.75),
// reduced to vecDims dimensions by a randomised truncated SVD (Halko,
// Martinsson & Tropp 2011). Spherical k-means then quantises the vectors
// into cluster ids, which the tagger uses like the exchange clusters.

const (
	// vecContexts is the number of most frequent words used as contexts
	// (at each of the positions -2, -1, +1, +2; the sentence boundary is
	// one more).
	vecContexts = 2000
	// vecDims is the dimension of the reduced vectors.
	vecDims = 100
	// vecKMeansIters is the number of k-means passes.
	vecKMeansIters = 15
	// vecSeed fixes the random projection and the k-means seeds.
	vecSeed uint64 = 0x6a09e667f3bcc908
)

// clusterVocab returns the lowercased words of texts seen at least
// clusterMinCount times, most frequent first (ties by byte order), at most
// maxVocab of them (0: all), and the index of each.
func clusterVocab(texts [][]string, maxVocab int) ([]string, map[string]int32) {
	count := map[string]int{}
	for _, t := range texts {
		for _, w := range t {
			count[strings.ToLower(w)]++
		}
	}
	var vocab []string
	for w, n := range count {
		if n >= clusterMinCount {
			vocab = append(vocab, w)
		}
	}
	slices.SortFunc(vocab, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	if maxVocab > 0 && len(vocab) > maxVocab {
		vocab = vocab[:maxVocab]
	}
	index := make(map[string]int32, len(vocab))
	for i, w := range vocab {
		index[w] = int32(i)
	}
	return vocab, index
}

// wordVectors returns one unit vector of vecDims float64 per vocabulary
// word (row-major), from the PPMI of the words with their contexts in texts.
func wordVectors(texts [][]string, vocab []string, index map[string]int32) []float64 {
	V := len(vocab)
	C := min(vecContexts, V)
	bound := int32(C)                 // the sentence boundary as a context word
	offsets := [...]int{-2, -1, 1, 2} // context positions
	D := len(offsets) * (C + 1)
	// (word, context) pairs packed as word<<32 | context, sorted, counted.
	var pairs []uint64
	ids := make([]int32, 0, 64)
	for _, t := range texts {
		ids = ids[:0]
		for _, w := range t {
			i, ok := index[strings.ToLower(w)]
			if !ok {
				i = -1
			}
			ids = append(ids, i)
		}
		for p, w := range ids {
			if w < 0 {
				continue
			}
			for k, off := range offsets {
				q := p + off
				c := bound
				switch {
				case q >= 0 && q < len(ids):
					c = ids[q]
					if c < 0 || c >= int32(C) {
						continue
					}
				case q != -1 && q != len(ids):
					continue // only the nearest boundary counts
				}
				pairs = append(pairs, uint64(w)<<32|uint64(int32(k)*int32(C+1)+c))
			}
		}
	}
	slices.Sort(pairs)
	type cell struct {
		c int32
		v float64
	}
	rows := make([][]cell, V)
	nw := make([]float64, V)
	nc := make([]float64, D)
	total := 0.0
	for i := 0; i < len(pairs); {
		j := i
		for j < len(pairs) && pairs[j] == pairs[i] {
			j++
		}
		w, c := int32(pairs[i]>>32), int32(uint32(pairs[i]))
		n := float64(j - i)
		rows[w] = append(rows[w], cell{c, n})
		nw[w] += n
		nc[c] += n
		total += n
		i = j
	}
	// Smoothed context probabilities.
	pc := make([]float64, D)
	sum := 0.0
	for c, n := range nc {
		pc[c] = math.Pow(n, 0.75)
		sum += pc[c]
	}
	for c := range pc {
		pc[c] /= sum
	}
	for w, row := range rows {
		kept := row[:0]
		for _, e := range row {
			pmi := math.Log(e.v / total / (nw[w] / total) / pc[e.c])
			if pmi > 0 {
				kept = append(kept, cell{e.c, pmi})
			}
		}
		rows[w] = kept
	}
	// Randomised SVD: Y = A Ω, one power iteration, Q = orth(Y),
	// B = Qᵀ A, B = Ub Σ Vᵀ, word vectors = rows of Q Ub (first vecDims).
	// r columns (oversampled), fewer for a tiny vocabulary; vectors of
	// fewer than vecDims dimensions are padded with zeros.
	r := min(vecDims+20, D, V)
	dims := min(vecDims, r)
	rng := rand.New(rand.NewPCG(vecSeed, vecSeed^0x9e3779b97f4a7c15))
	omega := make([]float64, D*r)
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}
	// mulA computes A X (V×r) for X D×r; mulAT computes Aᵀ Y (D×r).
	mulA := func(x []float64) []float64 {
		y := make([]float64, V*r)
		for w, row := range rows {
			yw := y[w*r : w*r+r]
			for _, e := range row {
				xc := x[int(e.c)*r : int(e.c)*r+r]
				for k := range yw {
					yw[k] += e.v * xc[k]
				}
			}
		}
		return y
	}
	mulAT := func(y []float64) []float64 {
		x := make([]float64, D*r)
		for w, row := range rows {
			yw := y[w*r : w*r+r]
			for _, e := range row {
				xc := x[int(e.c)*r : int(e.c)*r+r]
				for k := range xc {
					xc[k] += e.v * yw[k]
				}
			}
		}
		return x
	}
	// orth orthonormalises the columns of y (V×r) by modified Gram-Schmidt,
	// twice for accuracy.
	orth := func(y []float64) []float64 {
		cols := make([][]float64, r)
		for k := range cols {
			cols[k] = make([]float64, V)
			for i := 0; i < V; i++ {
				cols[k][i] = y[i*r+k]
			}
		}
		for range 2 {
			for k := range cols {
				for j := 0; j < k; j++ {
					d := dot(cols[j], cols[k])
					for i, x := range cols[j] {
						cols[k][i] -= d * x
					}
				}
				normalize(cols[k])
			}
		}
		out := make([]float64, V*r)
		for k, c := range cols {
			for i, x := range c {
				out[i*r+k] = x
			}
		}
		return out
	}
	q := orth(mulA(omega))
	q = orth(mulA(mulAT(q)))
	bt := mulAT(q) // Bᵀ, D×r
	var svd mat.SVD
	if !svd.Factorize(mat.NewDense(D, r, bt), mat.SVDThin) {
		return nil
	}
	var vb mat.Dense // B = Ub Σ Vᵀ, so Bᵀ = V Σ Ubᵀ: Ub is Bᵀ's right factor
	svd.VTo(&vb)
	vecs := make([]float64, V*vecDims)
	for i := 0; i < V; i++ {
		qi := q[i*r : i*r+r]
		out := vecs[i*vecDims : (i+1)*vecDims]
		for d := 0; d < dims; d++ {
			s := 0.0
			for k := 0; k < r; k++ {
				s += qi[k] * vb.At(k, d)
			}
			out[d] = s
		}
		normalize(out)
	}
	return vecs
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i, x := range a {
		s += x * b[i]
	}
	return s
}

func normalize(v []float64) {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	if s == 0 {
		return
	}
	s = 1 / math.Sqrt(s)
	for i := range v {
		v[i] *= s
	}
}

// kmeans clusters the unit vectors (dim per row) into k classes by
// spherical k-means, seeded with k rows drawn by a fixed random order, and
// returns each row's class.
func kmeans(vecs []float64, dim, k int) []int32 {
	n := len(vecs) / dim
	class := make([]int32, n)
	if n == 0 {
		return class
	}
	k = min(k, n)
	rng := rand.New(rand.NewPCG(vecSeed^uint64(k), vecSeed))
	perm := rng.Perm(n)
	cent := make([]float64, k*dim)
	for c := 0; c < k; c++ {
		copy(cent[c*dim:(c+1)*dim], vecs[perm[c]*dim:(perm[c]+1)*dim])
	}
	const workers = 2
	for iter := 0; iter < vecKMeansIters; iter++ {
		var wg sync.WaitGroup
		moved := make([]int, workers)
		for g := range workers {
			wg.Go(func() {
				for i := g; i < n; i += workers {
					v := vecs[i*dim : (i+1)*dim]
					best, bestDot := int32(0), math.Inf(-1)
					for c := 0; c < k; c++ {
						ce := cent[c*dim : (c+1)*dim]
						d := 0.0
						for j, x := range v {
							d += x * ce[j]
						}
						if d > bestDot {
							best, bestDot = int32(c), d
						}
					}
					if iter == 0 || class[i] != best {
						moved[g]++
					}
					class[i] = best
				}
			})
		}
		wg.Wait()
		if moved[0]+moved[1] == 0 {
			break
		}
		clear(cent)
		size := make([]int, k)
		for i, c := range class {
			size[c]++
			ce := cent[int(c)*dim : int(c+1)*dim]
			for j, x := range vecs[i*dim : (i+1)*dim] {
				ce[j] += x
			}
		}
		for c := 0; c < k; c++ {
			ce := cent[c*dim : (c+1)*dim]
			if size[c] == 0 {
				// An empty class takes a row from a fixed random order.
				p := perm[(k+c+iter*k)%n]
				copy(ce, vecs[p*dim:(p+1)*dim])
				continue
			}
			normalize(ce)
		}
	}
	return class
}

// learnVecClusters adds to cl one level per size in sizes: the k-means
// classes of the word vectors learnt from texts over the same vocabulary
// as learnClusters (maxVocab most frequent words).
func learnVecClusters(cl *clusters, texts [][]string, sizes []int, maxVocab int) {
	if len(sizes) == 0 {
		return
	}
	vocab, index := clusterVocab(texts, maxVocab)
	vecs := wordVectors(texts, vocab, index)
	if vecs == nil {
		return
	}
	classes := make([][]int32, len(sizes))
	for gi, k := range sizes {
		classes[gi] = kmeans(vecs, vecDims, k)
	}
	base := len(cl.sizes)
	for gi, k := range sizes {
		cl.sizes = append(cl.sizes, k)
		for i, w := range vocab {
			h := hashLower(w)
			ids := cl.ids[h]
			ids[base+gi] = uint16(classes[gi][i] + 1)
			cl.ids[h] = ids
		}
	}
	cl.vec += len(sizes)
}
