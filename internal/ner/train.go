package ner

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"
)

// TrainOptions configures Train.
type TrainOptions struct {
	// Epochs is the number of passes over the data.
	Epochs int
	// HashBits is log2 of the number of feature buckets (8..26).
	HashBits int
	// Seed fixes the shuffle order, so training is reproducible.
	Seed uint64
	// Oversample visits each sentence of the named corpora this many times
	// per epoch instead of once (a corpus with few sentences but the
	// conventions one cares about can be given more say).
	Oversample map[string]int
	// Runs is the number of models trained on differently shuffled data
	// whose weights are averaged (a bagging of sorts at no tagging cost).
	Runs int
	// Clusters lists the numbers of word clusters learnt from the words of
	// the training sentences and ClusterText (one feature set per
	// granularity, at most 4; nil: no cluster features).
	Clusters []int
	// VecClusters lists the numbers of k-means classes of distributional
	// word vectors learnt from the same text and vocabulary as Clusters
	// (vec.go; one feature set per granularity; nil: none).
	VecClusters []int
	// ClusterVocab caps the clustered words at the most frequent ones (0:
	// every word seen at least twice).
	ClusterVocab int
	// ClusterCorpus is a JSON Lines file of unlabelled articles whose
	// sentences TrainFromDir adds to the clustering text (relative paths
	// are resolved against its data folder; "": none).
	ClusterCorpus string
	// ClusterText is unlabelled text clustered together with the words of
	// the training sentences (TrainFromDir fills it from ClusterCorpus).
	ClusterText [][]string
	// Dense, if above 0, adds the word vectors of vec.go as real-valued
	// features of the token and its neighbours (dense.go), scaled by Dense
	// (a unit vector's components are multiplied by it).
	Dense float64
	// DenseRadius is how far the tokens whose vectors feed the dense
	// features may be (0: 1); DenseCaps gives capitalised words their own
	// dense weights.
	DenseRadius int
	DenseCaps   bool
	// Dev, if set, is tagged after each epoch and its F1 logged.
	Dev []Sentence
	// learnt, if set, replaces the clusters Train would learn (tests use
	// it to reuse clusters across experiments).
	learnt *clusters
	// learntDense, if set, replaces the word vectors Train would learn.
	learntDense *denseVecs
}

// DefaultTrainOptions returns the options the shipped model was trained with.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{Epochs: 12, HashBits: 22, Seed: 20240601, Runs: 3, Clusters: []int{256, 1024},
		VecClusters: []int{256}, ClusterVocab: 50000, ClusterCorpus: ClusterCorpusPath, Dense: 1}
}

// trainer holds the perceptron's state: current weights and the running
// sums that give averaged weights (w - u/c, the usual lazy-averaging trick).
type trainer struct {
	m        *Model
	w, u     []float32
	tw, tu   []float32
	c        float32
	mask     []float32 // BIO transition mask
	live     []float32 // mask + current transition weights
	featsOf  [][]uint32
	offsOf   [][]int32
	goldOf   [][]int
	corpusOf []string
	scratch  *scratch
	labelIdx map[string]int
	// Dense features: weights and running sums (blocks of slots × dims
	// × L, block 0 shared, block k convention k), the feature scale per
	// unit of q, and per sentence the vector rows and weight slots of its
	// tokens with radius padding rows on each side, and its convention.
	dw, du  []float32
	dscale  float32
	dshape  denseShape
	vrowsOf [][]int32
	slotsOf [][]uint8
	convOf  []int
}

// Train fits a model on sents with a structured averaged perceptron. Tags are
// repaired to strict BIO first; sentences are visited in an order shuffled
// by opts.Seed. logf, if not nil, receives progress lines.
func Train(ctx context.Context, sents []Sentence, opts TrainOptions, logf func(string, ...any)) (*Model, error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	if opts.Epochs <= 0 {
		opts.Epochs = DefaultTrainOptions().Epochs
	}
	if opts.HashBits == 0 {
		opts.HashBits = DefaultTrainOptions().HashBits
	}
	if opts.HashBits < 8 || opts.HashBits > 26 {
		return nil, fmt.Errorf("ner: train: hash bits %d out of 8..26", opts.HashBits)
	}
	lex, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("ner: train: %w", err)
	}
	labels, err := labelSet(sents)
	if err != nil {
		return nil, fmt.Errorf("ner: train: %w", err)
	}
	L := len(labels)
	m := &Model{labels: labels, bits: uint(opts.HashBits), lex: lex, trans: bioTransitions(labels),
		conventions: conventionSet(sents), pool: &sync.Pool{}}
	convID := map[string]int{}
	for i, c := range m.conventions {
		convID[c] = i + 1
	}
	t := &trainer{
		m:        m,
		w:        make([]float32, (1<<m.bits)*L),
		u:        make([]float32, (1<<m.bits)*L),
		tw:       make([]float32, len(m.trans)),
		tu:       make([]float32, len(m.trans)),
		c:        1,
		mask:     bioTransitions(labels),
		live:     make([]float32, len(m.trans)),
		labelIdx: map[string]int{},
	}
	for i, l := range labels {
		t.labelIdx[l] = i
	}
	if len(opts.Clusters)+len(opts.VecClusters) > maxClusterLevels {
		return nil, fmt.Errorf("ner: train: %d+%d cluster levels, at most %d", len(opts.Clusters), len(opts.VecClusters), maxClusterLevels)
	}
	for _, k := range append(opts.Clusters[:len(opts.Clusters):len(opts.Clusters)], opts.VecClusters...) {
		if k < 2 || k > 1<<12 {
			return nil, fmt.Errorf("ner: train: %d clusters out of 2..4096", k)
		}
	}
	texts := make([][]string, 0, len(sents)+len(opts.ClusterText))
	for _, s := range sents {
		texts = append(texts, s.Tokens)
	}
	texts = append(texts, opts.ClusterText...)
	start := time.Now()
	if m.clusters = opts.learnt; m.clusters == nil {
		m.clusters = learnClusters(texts, opts.Clusters, opts.ClusterVocab)
	}
	if m.clusters.vec == 0 {
		learnVecClusters(m.clusters, texts, opts.VecClusters, opts.ClusterVocab)
	}
	if opts.Dense > 0 {
		if opts.learntDense != nil {
			m.clusters.dense = opts.learntDense
		} else if m.clusters.dense == nil {
			vocab, index := clusterVocab(texts, opts.ClusterVocab)
			m.clusters.dense = newDenseVecs(vocab, wordVectors(texts, vocab, index), vecDims)
		}
		t.dshape = denseShape{radius: max(1, opts.DenseRadius), caps: opts.DenseCaps}
		if t.dshape.radius > pad {
			return nil, fmt.Errorf("ner: train: dense radius %d above %d", t.dshape.radius, pad)
		}
		blk := t.dshape.slots() * m.clusters.dense.dims * L
		t.dw = make([]float32, blk*(len(m.conventions)+1))
		t.du = make([]float32, len(t.dw))
		t.dscale = float32(opts.Dense / denseQuant)
		m.dense = &denseModel{vecs: m.clusters.dense, shape: t.dshape, L: L}
	} else {
		m.clusters.dense = nil
	}
	logf("clustered %d words of %d sentences at %v + %v in %s", len(m.clusters.ids), len(texts), opts.Clusters, opts.VecClusters,
		time.Since(start).Round(time.Millisecond))
	// Features are extracted once; epochs only re-score them.
	for _, s := range sents {
		if len(s.Tokens) == 0 {
			continue
		}
		if len(s.Tags) != len(s.Tokens) {
			return nil, fmt.Errorf("ner: train: %d tokens but %d tags", len(s.Tokens), len(s.Tags))
		}
		tags := append([]string(nil), s.Tags...)
		Repair(tags)
		gold := make([]int, len(tags))
		for i, tag := range tags {
			gold[i] = t.labelIdx[tag]
		}
		sc := m.getScratch(len(s.Tokens))
		extract(s.Tokens, lex, m.clusters, m.bits, convID[s.Corpus], sc)
		t.featsOf = append(t.featsOf, append([]uint32(nil), sc.feats...))
		t.offsOf = append(t.offsOf, append([]int32(nil), sc.offs...))
		t.goldOf = append(t.goldOf, gold)
		t.corpusOf = append(t.corpusOf, s.Corpus)
		t.convOf = append(t.convOf, convID[s.Corpus])
		if len(t.dw) > 0 {
			R := t.dshape.radius
			vr := make([]int32, len(s.Tokens)+2*R)
			fl := make([]uint8, len(s.Tokens)+2*R)
			for i := range vr {
				vr[i] = sc.infos[pad-R+i].vrow
				fl[i] = uint8(btoi(sc.infos[pad-R+i].flags&flagInitCap != 0))
			}
			t.vrowsOf = append(t.vrowsOf, vr)
			t.slotsOf = append(t.slotsOf, fl)
		}
	}
	t.scratch = m.getScratch(1)
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	var order []int
	for i := range t.goldOf {
		for range max(1, opts.Oversample[t.corpusOf[i]]) {
			order = append(order, i)
		}
	}
	runs := max(1, opts.Runs)
	var sumW, sumT, sumD []float32
	for run := 0; run < runs; run++ {
		if run > 0 {
			clear(t.w)
			clear(t.u)
			clear(t.tw)
			clear(t.tu)
			clear(t.dw)
			clear(t.du)
			t.c = 1
		}
		for epoch := 1; epoch <= opts.Epochs; epoch++ {
			start := time.Now()
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			wrong := 0
			for k, idx := range order {
				if k%1024 == 0 {
					if err := ctx.Err(); err != nil {
						return nil, fmt.Errorf("ner: train: %w", err)
					}
				}
				wrong += t.step(idx)
				t.c++
			}
			msg := fmt.Sprintf("epoch %d/%d: %d tokens wrong, %s", epoch, opts.Epochs, wrong, time.Since(start).Round(time.Millisecond))
			if len(opts.Dev) > 0 && (epoch%3 == 0 || epoch == opts.Epochs) {
				t.finish()
				msg += fmt.Sprintf(", dev F1 %.4f", evaluate(m, opts.Dev).Overall.F1)
			}
			logf("%s", msg)
		}
		if runs > 1 {
			if sumW == nil {
				sumW, sumT, sumD = make([]float32, len(t.w)), make([]float32, len(t.tw)), make([]float32, len(t.dw))
			}
			for i := range t.dw {
				sumD[i] += t.avg(t.dw[i], t.du[i]) / float32(runs)
			}
			for i := range t.w {
				sumW[i] += t.avg(t.w[i], t.u[i]) / float32(runs)
			}
			for i := range t.tw {
				sumT[i] += t.avg(t.tw[i], t.tu[i]) / float32(runs)
			}
		}
	}
	if runs > 1 {
		t.w, t.tw, t.dw = sumW, sumT, sumD
		clear(t.u)
		clear(t.tu)
		clear(t.du)
		t.c = 1
	}
	t.finish()
	return m, nil
}

// step decodes sentence idx with the current weights and updates them where
// the prediction differs from gold. It returns the number of wrong tokens.
func (t *trainer) step(idx int) int {
	L := len(t.m.labels)
	feats, offs, gold := t.featsOf[idx], t.offsOf[idx], t.goldOf[idx]
	n := len(gold)
	s := t.scratch
	if cap(s.em) < n*L {
		s.em = make([]float32, n*L)
		s.back = make([]uint8, n*L)
		s.path = make([]int, n)
	}
	em, back := s.em[:n*L], s.back[:n*L]
	emissions(t.w, L, feats, offs, em)
	if len(t.dw) > 0 {
		t.denseScores(idx, em)
	}
	for i := range t.live {
		t.live[i] = t.mask[i] + t.tw[i]
	}
	pred := viterbi(em, t.live, L, back, s.path[:n])
	wrong := 0
	for i := 0; i < n; i++ {
		g, p := gold[i], pred[i]
		pg, pp := 0, 0 // the start row
		if i > 0 {
			pg, pp = gold[i-1]+1, pred[i-1]+1
		}
		if g != p {
			wrong++
			for _, f := range feats[offs[i]:offs[i+1]] {
				t.update(int(f)*L+g, 1)
				t.update(int(f)*L+p, -1)
			}
			if len(t.dw) > 0 {
				t.denseUpdate(idx, i, g, p)
			}
		}
		if g != p || pg != pp {
			t.updateTrans(pg*L+g, 1)
			t.updateTrans(pp*L+p, -1)
		}
	}
	return wrong
}

func (t *trainer) update(i int, d float32) {
	t.w[i] += d
	t.u[i] += t.c * d
}

func (t *trainer) updateTrans(i int, d float32) {
	t.tw[i] += d
	t.tu[i] += t.c * d
}

// finish writes the averaged, int16-quantised weights into the model.
// avg returns the real weight of a stored weight w with running sum u.
func (t *trainer) avg(w, u float32) float32 {
	return w - u/t.c
}

func (t *trainer) finish() {
	avg := t.avg
	maxAbs := float32(0)
	for i := range t.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(avg(t.w[i], t.u[i])))))
	}
	scale := float32(1)
	if maxAbs > 0 {
		scale = math.MaxInt16 / maxAbs
	}
	t.m.w8 = nil
	if len(t.m.w) != len(t.w) {
		t.m.w = make([]int16, len(t.w))
	}
	for i := range t.w {
		t.m.w[i] = int16(math.Round(float64(avg(t.w[i], t.u[i]) * scale)))
	}
	t.m.trans = make([]float32, len(t.mask))
	for i := range t.mask {
		t.m.trans[i] = t.mask[i] + avg(t.tw[i], t.tu[i])*scale
	}
	t.m.scale = scale
	if len(t.dw) > 0 {
		dm := t.m.dense
		dm.mu.Lock()
		dm.projs = nil
		dm.w = make([]float32, len(t.dw))
		for i := range t.dw {
			dm.w[i] = avg(t.dw[i], t.du[i]) * scale * t.dscale
		}
		dm.mu.Unlock()
	}
}

// denseBlocks returns the offsets of the shared and the convention block
// of sentence idx (-1: none).
func (t *trainer) denseBlocks(idx int) (int, int) {
	blk := t.dshape.slots() * t.m.clusters.dense.dims * len(t.m.labels)
	if c := t.convOf[idx]; c > 0 {
		return 0, c * blk
	}
	return 0, -1
}

// denseScores adds the dense features' scores under the current weights.
func (t *trainer) denseScores(idx int, em []float32) {
	L := len(t.m.labels)
	d := t.m.clusters.dense
	D := d.dims
	b0, b1 := t.denseBlocks(idx)
	vr, caps := t.vrowsOf[idx], t.slotsOf[idx]
	R := t.dshape.radius
	var acc [32]float32
	for i := 0; i+2*R < len(vr); i++ {
		row := em[i*L : i*L+L]
		for pos := 0; pos <= 2*R; pos++ {
			r := vr[i+pos]
			if r < 0 {
				continue
			}
			sl := t.dshape.slot(pos, uint32(caps[i+pos])*flagInitCap)
			clear(acc[:L])
			q := d.q[int(r)*D : int(r)*D+D]
			for k, x := range q {
				if x == 0 {
					continue
				}
				fx := float32(x) * t.dscale
				o := (sl*D + k) * L
				w0 := t.dw[b0+o : b0+o+L]
				for y, v := range w0 {
					acc[y] += fx * v
				}
				if b1 >= 0 {
					w1 := t.dw[b1+o : b1+o+L]
					for y, v := range w1 {
						acc[y] += fx * v
					}
				}
			}
			for y := range row {
				row[y] += acc[y]
			}
		}
	}
}

// denseUpdate moves the dense weights of token i towards gold label g and
// away from predicted label p.
func (t *trainer) denseUpdate(idx, i, g, p int) {
	L := len(t.m.labels)
	d := t.m.clusters.dense
	D := d.dims
	b0, b1 := t.denseBlocks(idx)
	vr, caps := t.vrowsOf[idx], t.slotsOf[idx]
	R := t.dshape.radius
	for pos := 0; pos <= 2*R; pos++ {
		r := vr[i+pos]
		if r < 0 {
			continue
		}
		sl := t.dshape.slot(pos, uint32(caps[i+pos])*flagInitCap)
		q := d.q[int(r)*D : int(r)*D+D]
		for k, x := range q {
			if x == 0 {
				continue
			}
			fx := float32(x) * t.dscale
			o := (sl*D + k) * L
			for _, b := range []int{b0, b1} {
				if b < 0 {
					continue
				}
				t.dw[b+o+g] += fx
				t.du[b+o+g] += t.c * fx
				t.dw[b+o+p] -= fx
				t.du[b+o+p] -= t.c * fx
			}
		}
	}
}

// conventionSet returns the sorted corpus names of sents.
func conventionSet(sents []Sentence) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range sents {
		if s.Corpus != "" && !seen[s.Corpus] {
			seen[s.Corpus] = true
			out = append(out, s.Corpus)
		}
	}
	sort.Strings(out)
	return out
}

// labelSet returns "O" followed by B-/I- tags of every type in sents,
// types sorted.
func labelSet(sents []Sentence) ([]string, error) {
	types := map[string]bool{}
	for _, s := range sents {
		for _, tag := range s.Tags {
			if tag == "O" {
				continue
			}
			p, typ := splitTag(tag)
			if p == 'O' {
				return nil, fmt.Errorf("bad tag %q", tag)
			}
			types[typ] = true
		}
	}
	if len(types) == 0 {
		return nil, fmt.Errorf("no entities in training data")
	}
	if len(types) > 15 {
		return nil, fmt.Errorf("%d entity types, at most 15", len(types))
	}
	sorted := make([]string, 0, len(types))
	for typ := range types {
		sorted = append(sorted, typ)
	}
	sort.Strings(sorted)
	labels := []string{"O"}
	for _, typ := range sorted {
		labels = append(labels, "B-"+typ, "I-"+typ)
	}
	return labels, nil
}

// evaluate tags sents with m and scores against their tags.
func evaluate(m *Model, sents []Sentence) Scores {
	gold := make([][]string, len(sents))
	pred := make([][]string, len(sents))
	for i, s := range sents {
		gold[i] = s.Tags
		pred[i] = m.Tag(s.Tokens)
	}
	return Score(gold, pred)
}

// String lists the options on one line.
func (o TrainOptions) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "epochs=%d hash_bits=%d seed=%d runs=%d clusters=%v vec_clusters=%v cluster_vocab=%d cluster_corpus=%q",
		o.Epochs, o.HashBits, o.Seed, max(1, o.Runs), o.Clusters, o.VecClusters, o.ClusterVocab, o.ClusterCorpus)
	if o.Dense > 0 {
		fmt.Fprintf(&b, " dense=%g dense_radius=%d dense_caps=%v", o.Dense, max(1, o.DenseRadius), o.DenseCaps)
	}
	return b.String()
}
