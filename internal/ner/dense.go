package ner

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
)

// Dense word-vector features: the distributional vectors of vec.go, kept
// (int8-quantised, keyed by the hash of the lowercased word) and used as
// real-valued features of the token and of its neighbours at −1 and +1,
// each position with its own weights per label, in the shared block and in
// the block of the sentence's convention (as the hashed features are).

// denseQuant maps a vector component to int8: q = round(x·denseQuant),
// clipped to ±127 (components of a unit vector of vecDims dimensions rarely
// exceed 0.5).
const denseQuant = 256

// denseShape is the layout of the dense weights: the vectors of the tokens
// up to radius away feed the features, and with caps each position has two
// weight sets, for capitalised words and for the others.
type denseShape struct {
	radius int
	caps   bool
}

// slots returns the number of weight sets per block.
func (sh denseShape) slots() int {
	n := 2*sh.radius + 1
	if sh.caps {
		n *= 2
	}
	return n
}

// slot returns the weight set of a token at offset index pos (0..2·radius)
// with flags fl.
func (sh denseShape) slot(pos int, fl uint32) int {
	if !sh.caps {
		return pos
	}
	return 2*pos + btoi(fl&flagInitCap != 0)
}

// denseVecs holds the quantised word vectors.
type denseVecs struct {
	dims  int
	index map[uint64]int32 // lowercased word hash → row
	q     []int8           // rows × dims
}

// row returns the row of a lowercased word hash, -1 if it has no vector.
func (d *denseVecs) row(h uint64) int32 {
	if d == nil {
		return -1
	}
	if r, ok := d.index[h]; ok {
		return r
	}
	return -1
}

// newDenseVecs quantises unit vectors (dims per row) of vocab.
func newDenseVecs(vocab []string, vecs []float64, dims int) *denseVecs {
	d := &denseVecs{dims: dims, index: make(map[uint64]int32, len(vocab)), q: make([]int8, len(vocab)*dims)}
	for i, w := range vocab {
		d.index[hashLower(w)] = int32(i)
		for k := 0; k < dims; k++ {
			x := math.Round(vecs[i*dims+k] * denseQuant)
			d.q[i*dims+k] = int8(max(-127, min(127, x)))
		}
	}
	return d
}

// write stores the vectors: dims, count, sorted hashes, rows in hash order.
func (d *denseVecs) write(w io.Writer) error {
	hashes := make([]uint64, 0, len(d.index))
	for h := range d.index {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	q := make([]int8, 0, len(d.q))
	for _, h := range hashes {
		r := int(d.index[h])
		q = append(q, d.q[r*d.dims:(r+1)*d.dims]...)
	}
	for _, p := range []any{uint16(d.dims), uint32(len(hashes)), hashes, q} {
		if err := binary.Write(w, binary.LittleEndian, p); err != nil {
			return err
		}
	}
	return nil
}

func readDenseVecs(r io.Reader) (*denseVecs, error) {
	var dims uint16
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &dims); err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	if dims == 0 || dims > 1024 || n > 1<<22 {
		return nil, fmt.Errorf("%w: %d word vectors of %d dimensions", ErrFormat, n, dims)
	}
	hashes := make([]uint64, n)
	q := make([]int8, int(n)*int(dims))
	for _, p := range []any{hashes, q} {
		if err := binary.Read(r, binary.LittleEndian, p); err != nil {
			return nil, fmt.Errorf("ner: load: %w", err)
		}
	}
	d := &denseVecs{dims: int(dims), index: make(map[uint64]int32, n), q: q}
	for i, h := range hashes {
		d.index[h] = int32(i)
	}
	return d, nil
}

// denseModel is the tagging side: the vectors, the weights (blocks of
// slots × dims × L float32 in emission units per unit of q, block 0
// shared, block k convention k) and, per convention, the projection of
// every word on them, computed on first use.
type denseModel struct {
	vecs  *denseVecs
	shape denseShape
	w     []float32
	L     int
	mu    sync.Mutex
	projs map[int][]float32 // convention → rows × slots × 8
}

// proj returns the projections for a convention: for each vector row and
// position, the score of each label (padded to 8).
func (dm *denseModel) proj(conv int) []float32 {
	dm.mu.Lock()
	defer dm.mu.Unlock()
	if p, ok := dm.projs[conv]; ok {
		return p
	}
	D, L := dm.vecs.dims, dm.L
	S := dm.shape.slots()
	blk := S * D * L
	w := slices.Clone(dm.w[:blk])
	if conv > 0 && (conv+1)*blk <= len(dm.w) {
		for i, x := range dm.w[conv*blk : (conv+1)*blk] {
			w[i] += x
		}
	}
	rows := len(dm.vecs.q) / D
	p := make([]float32, rows*S*8)
	for r := 0; r < rows; r++ {
		q := dm.vecs.q[r*D : (r+1)*D]
		for pos := 0; pos < S; pos++ {
			out := p[(r*S+pos)*8 : (r*S+pos)*8+8]
			for k, x := range q {
				if x == 0 {
					continue
				}
				fx := float32(x)
				ws := w[(pos*D+k)*L : (pos*D+k)*L+L]
				for y, v := range ws {
					out[y] += fx * v
				}
			}
		}
	}
	if dm.projs == nil {
		dm.projs = map[int][]float32{}
	}
	dm.projs[conv] = p
	return p
}

// addDense adds the vector features' scores to the emissions of a tagged
// sentence (infos padded as analyze leaves them).
func (dm *denseModel) addDense(infos []tokInfo, conv int, em []float32) {
	p := dm.proj(conv)
	L := dm.L
	S := dm.shape.slots()
	R := dm.shape.radius
	n := len(infos) - 2*pad
	for i := 0; i < n; i++ {
		row := em[i*L : i*L+L]
		for pos := 0; pos <= 2*R; pos++ {
			ti := &infos[i+pad+pos-R]
			if ti.vrow < 0 {
				continue
			}
			ps := p[(int(ti.vrow)*S+dm.shape.slot(pos, ti.flags))*8:]
			for y := range row {
				row[y] += ps[y]
			}
		}
	}
}
