package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"unsafe"
)

// defaultModel is the trained model shipped with warta (see model/README.md).
//
//go:embed model/ner.bin.gz
var defaultModel []byte

// Model is a trained tagger. It is safe for concurrent use.
type Model struct {
	labels []string // tag of each label index; labels[0] is "O"
	bits   uint     // log2 of the number of feature buckets
	// w holds the quantised emission weights, bucket-major: the weight of
	// bucket b for label y is w[b*len(labels)+y].
	w []int16
	// w8 holds the same weights padded to 8 labels per bucket, so that one
	// bucket is one aligned 16-byte load; Load fills it (and leaves w nil)
	// for models of at most 8 labels.
	w8 [][8]int16
	// trans[(p+1)*L+y] scores label y after label p; row 0 is the start.
	// Forbidden BIO transitions hold -Inf.
	trans []float32
	scale float32 // quantisation scale: real weight = w / scale
	// conventions names the corpora whose annotation conventions the model
	// learnt as separate feature copies; convention is the one Tag applies
	// (0: none, the shared weights only; k: conventions[k-1]).
	conventions []string
	convention  int
	lex         *lexicon
	clusters    *clusters   // word clusters learnt from training and unlabelled text
	dense       *denseModel // word-vector features (dense.go), nil: none
	pool        *sync.Pool  // *scratch
}

// scratch holds per-call buffers so Tag allocates only its result.
type scratch struct {
	infos []tokInfo
	raw   []uint64
	feats []uint32
	offs  []int32
	em    []float32
	back  []uint8
	path  []int
}

// ErrFormat reports a model stream that is not a warta NER model or was made
// with other feature templates or gazetteer lists.
var ErrFormat = errors.New("ner: bad model format")

const modelMagic = "WARTANER"

// Default loads the model embedded in the binary. Loading takes a fraction
// of a second; callers keep the model rather than call Default per sentence.
func Default() (*Model, error) {
	m, err := Load(bytes.NewReader(defaultModel))
	if err != nil {
		return nil, fmt.Errorf("ner: embedded model: %w", err)
	}
	return m, nil
}

// Labels returns the model's tags, "O" first.
func (m *Model) Labels() []string { return append([]string(nil), m.labels...) }

// Tag returns one BIO tag per token (B-PERSON, I-ORG, O, ...). The tags
// always form valid BIO: an I-X only follows B-X or I-X.
func (m *Model) Tag(tokens []string) []string {
	out := make([]string, len(tokens))
	if len(tokens) == 0 {
		return out
	}
	s := m.getScratch(len(tokens))
	defer m.pool.Put(s)
	path := m.decode(tokens, s)
	for i, y := range path {
		out[i] = m.labels[y]
	}
	return out
}

func (m *Model) getScratch(n int) *scratch {
	s, _ := m.pool.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	L := len(m.labels)
	if cap(s.infos) < n+2*pad {
		s.infos = make([]tokInfo, n+2*pad, 2*n+2*pad)
		s.offs = make([]int32, n+1, 2*n+1)
		s.em = make([]float32, n*L, 2*n*L)
		s.back = make([]uint8, n*L, 2*n*L)
		s.path = make([]int, n, 2*n)
	}
	s.infos = s.infos[:n+2*pad]
	s.offs = s.offs[:n+1]
	s.em = s.em[:n*L]
	s.back = s.back[:n*L]
	s.path = s.path[:n]
	return s
}

// extract fills s.feats and s.offs with the feature buckets of every token.
// With a convention k > 0 every feature also fires in a copy keyed by k, so
// that corpus-specific weights add to the shared ones (Daumé's "frustratingly
// easy" domain adaptation).
func extract(tokens []string, lex *lexicon, cl *clusters, bits uint, convention int, s *scratch) {
	caseless := analyze(tokens, lex, cl, s.infos)
	nclu, nvec := cl.levels()
	shift := 64 - bits
	s.feats = s.feats[:0]
	for i := range tokens {
		s.offs[i] = int32(len(s.feats))
		s.raw = features(s.infos, i, caseless, nclu, nvec, s.raw[:0])
		for _, h := range s.raw {
			s.feats = append(s.feats, uint32(finalize(h)>>shift))
		}
		if convention > 0 {
			c := uint64(convention) * 0xc2b2ae3d27d4eb4f
			for _, h := range s.raw {
				s.feats = append(s.feats, uint32(finalize(mix(h, c))>>shift))
			}
		}
	}
	s.offs[len(tokens)] = int32(len(s.feats))
}

// Conventions lists the corpora whose annotation conventions the model can
// follow (see WithConvention).
func (m *Model) Conventions() []string { return append([]string(nil), m.conventions...) }

// Convention returns the name of the convention Tag follows, "" for the
// shared one.
func (m *Model) Convention() string {
	if m.convention == 0 {
		return ""
	}
	return m.conventions[m.convention-1]
}

// WithConvention returns a model sharing m's weights that tags following the
// annotation conventions of one training corpus (for instance
// "idner-news-2k", which tags a country as a place only where it is a
// location). "" selects the shared weights, which average all corpora and
// tag every country name as PLACE; that is what Default uses.
func (m *Model) WithConvention(name string) (*Model, error) {
	c := *m
	c.convention = 0
	if name == "" {
		return &c, nil
	}
	for i, n := range m.conventions {
		if n == name {
			c.convention = i + 1
			return &c, nil
		}
	}
	return nil, fmt.Errorf("ner: unknown convention %q (have %v)", name, m.conventions)
}

// emissions sums the weights of each token's features per label into em.
func emissions[W int16 | float32](w []W, L int, feats []uint32, offs []int32, em []float32) {
	for i := 0; i+1 < len(offs); i++ {
		row := em[i*L : i*L+L]
		clear(row)
		for _, f := range feats[offs[i]:offs[i+1]] {
			ws := w[int(f)*L : int(f)*L+L]
			for y := range row {
				row[y] += float32(ws[y])
			}
		}
	}
}

// viterbi finds the best label path given emissions and transitions.
func viterbi(em []float32, trans []float32, L int, back []uint8, path []int) []int {
	n := len(em) / L
	var prevBuf, curBuf [32]float32
	prev, cur := prevBuf[:L], curBuf[:L]
	for y := 0; y < L; y++ {
		prev[y] = trans[y] + em[y]
	}
	for i := 1; i < n; i++ {
		for y := 0; y < L; y++ {
			best, arg := float32(math.Inf(-1)), 0
			for p := 0; p < L; p++ {
				if v := prev[p] + trans[(p+1)*L+y]; v > best {
					best, arg = v, p
				}
			}
			cur[y] = best + em[i*L+y]
			back[i*L+y] = uint8(arg)
		}
		prev, cur = cur, prev
	}
	best, arg := float32(math.Inf(-1)), 0
	for y := 0; y < L; y++ {
		if prev[y] > best {
			best, arg = prev[y], y
		}
	}
	path = path[:n]
	for i := n - 1; i >= 0; i-- {
		path[i] = arg
		arg = int(back[i*L+arg])
	}
	return path
}

// decode tags tokens, returning label indexes in s.path.
func (m *Model) decode(tokens []string, s *scratch) []int {
	L := len(m.labels)
	extract(tokens, m.lex, m.clusters, m.bits, m.convention, s)
	if m.w8 != nil {
		emissions8(m.w8, L, s.feats, s.offs, s.em)
	} else {
		emissions(m.w, L, s.feats, s.offs, s.em)
	}
	if m.dense != nil {
		m.dense.addDense(s.infos, m.convention, s.em)
	}
	return viterbi(s.em, m.trans, L, s.back, s.path)
}

// exactFeatures bounds the features of one token for which emissions8 sums
// in int32: every partial sum of at most that many int16 weights is below
// 2^24 in magnitude, so float32 holds each exactly and the sum equals the
// one emissions computes in float32, in whatever order.
const exactFeatures = 1 << 24 / (1 << 15)

// emissions8 is emissions for weights padded to 8 labels per bucket. It
// gives bit-identical sums: the weights are integers, and for tokens with at
// most exactFeatures features every float32 partial sum is exact.
func emissions8(w8 [][8]int16, L int, feats []uint32, offs []int32, em []float32) {
	for i := 0; i+1 < len(offs); i++ {
		row := em[i*L : i*L+L]
		fs := feats[offs[i]:offs[i+1]]
		if len(fs) > exactFeatures {
			clear(row)
			for _, f := range fs {
				ws := &w8[f]
				for y := range row {
					row[y] += float32(ws[y])
				}
			}
			continue
		}
		var a0, a1, a2, a3, a4, a5, a6, a7 int32
		for _, f := range fs {
			ws := &w8[f]
			a0 += int32(ws[0])
			a1 += int32(ws[1])
			a2 += int32(ws[2])
			a3 += int32(ws[3])
			a4 += int32(ws[4])
			a5 += int32(ws[5])
			a6 += int32(ws[6])
			a7 += int32(ws[7])
		}
		sums := [8]float32{float32(a0), float32(a1), float32(a2), float32(a3),
			float32(a4), float32(a5), float32(a6), float32(a7)}
		copy(row, sums[:])
	}
}

// weights returns the emission weights unpadded, L per bucket.
func (m *Model) weights() []int16 {
	if m.w8 == nil {
		return m.w
	}
	L := len(m.labels)
	w := make([]int16, 0, len(m.w8)*L)
	for i := range m.w8 {
		w = append(w, m.w8[i][:L]...)
	}
	return w
}

// readPadded reads n buckets of L little-endian int16 weights into rows
// padded to 8 labels.
func readPadded(r io.Reader, n, L int) ([][8]int16, error) {
	w8 := make([][8]int16, n)
	adviseHuge(unsafe.Pointer(unsafe.SliceData(w8)), uintptr(n)*unsafe.Sizeof(w8[0]))
	buf := make([]byte, 1<<16/(2*L)*(2*L))
	for b := 0; b < n; {
		k := min(n-b, len(buf)/(2*L))
		chunk := buf[:k*2*L]
		if _, err := io.ReadFull(r, chunk); err != nil {
			return nil, fmt.Errorf("ner: load: %w", err)
		}
		for j := range k {
			row := &w8[b+j]
			for y := range L {
				row[y] = int16(binary.LittleEndian.Uint16(chunk[(j*L+y)*2:]))
			}
		}
		b += k
	}
	return w8, nil
}

// bioTransitions returns the transition mask for labels: 0 where allowed,
// -Inf where an I-X would follow anything but B-X or I-X (or start).
func bioTransitions(labels []string) []float32 {
	L := len(labels)
	t := make([]float32, (L+1)*L)
	for p := -1; p < L; p++ {
		for y, tag := range labels {
			if !strings.HasPrefix(tag, "I-") {
				continue
			}
			if p < 0 || labels[p] == "O" || labels[p][2:] != tag[2:] {
				t[(p+1)*L+y] = float32(math.Inf(-1))
			}
		}
	}
	return t
}

// Span is one entity found in text: its type (PERSON, ORG, PLACE), byte
// offsets into the tokenised text, and its text.
type Span struct {
	Type       string
	Start, End int
	Text       string
}

// Spans tags tokens made by Tokenize and returns the entities. Span.Text is
// rebuilt from the tokens, with one space wherever the text had a gap.
func (m *Model) Spans(tokens []Token) []Span {
	texts := make([]string, len(tokens))
	for i, t := range tokens {
		texts[i] = t.Text
	}
	var out []Span
	for _, c := range chunks(m.Tag(texts)) {
		var b strings.Builder
		for i := c.start; i < c.end; i++ {
			if i > c.start && tokens[i].Start > tokens[i-1].End {
				b.WriteByte(' ')
			}
			b.WriteString(tokens[i].Text)
		}
		out = append(out, Span{Type: c.typ, Start: tokens[c.start].Start, End: tokens[c.end-1].End, Text: b.String()})
	}
	return out
}

// header is the fixed part of the model file after the magic.
type header struct {
	Version     uint32
	Features    uint32
	Fingerprint uint64
	Bits        uint32
	Labels      uint32
	Scale       float32
}

// Save writes the model gzip-compressed: magic, header, labels, transitions
// (float32) and the int16 emission weights, all little-endian.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	bw := bufio.NewWriterSize(zw, 1<<16)
	version := uint32(3)
	if m.dense != nil {
		version = 4
	}
	h := header{Version: version, Features: featureVersion, Fingerprint: m.lex.fingerprint,
		Bits: uint32(m.bits), Labels: uint32(len(m.labels)), Scale: m.scale}
	parts := []any{[]byte(modelMagic), h}
	for _, l := range m.labels {
		parts = append(parts, uint8(len(l)), []byte(l))
	}
	parts = append(parts, uint8(len(m.conventions)))
	for _, c := range m.conventions {
		parts = append(parts, uint8(len(c)), []byte(c))
	}
	hashes, ids, sizes := m.clusters.flat()
	parts = append(parts, uint8(len(sizes)), sizes, uint32(len(hashes)), hashes, ids)
	// Forbidden transitions are stored as 0 and rebuilt from the labels.
	trans := make([]float32, len(m.trans))
	for i, v := range m.trans {
		if !math.IsInf(float64(v), -1) {
			trans[i] = v
		}
	}
	parts = append(parts, trans, m.weights())
	for _, p := range parts {
		if err := binary.Write(bw, binary.LittleEndian, p); err != nil {
			return fmt.Errorf("ner: save: %w", err)
		}
	}
	if m.dense != nil {
		if err := m.dense.vecs.write(bw); err != nil {
			return fmt.Errorf("ner: save: %w", err)
		}
		sh := m.dense.shape
		for _, p := range []any{uint8(sh.radius), uint8(btoi(sh.caps)), uint32(len(m.dense.w)), m.dense.w} {
			if err := binary.Write(bw, binary.LittleEndian, p); err != nil {
				return fmt.Errorf("ner: save: %w", err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	return nil
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	defer zr.Close()
	br := bufio.NewReaderSize(zr, 1<<16)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	if string(magic) != modelMagic {
		return nil, fmt.Errorf("%w: magic %q", ErrFormat, magic)
	}
	var h header
	if err := binary.Read(br, binary.LittleEndian, &h); err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	lex, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	switch {
	case h.Version != 3 && h.Version != 4:
		return nil, fmt.Errorf("%w: version %d", ErrFormat, h.Version)
	case h.Features != featureVersion:
		return nil, fmt.Errorf("%w: feature version %d, want %d", ErrFormat, h.Features, featureVersion)
	case h.Fingerprint != lex.fingerprint:
		return nil, fmt.Errorf("%w: gazetteer fingerprint differs", ErrFormat)
	case h.Bits < 8 || h.Bits > 26 || h.Labels < 1 || h.Labels > 32:
		return nil, fmt.Errorf("%w: %d bits, %d labels", ErrFormat, h.Bits, h.Labels)
	}
	m := &Model{bits: uint(h.Bits), scale: h.Scale, lex: lex, pool: &sync.Pool{}}
	readString := func() (string, error) {
		n, err := br.ReadByte()
		if err != nil {
			return "", fmt.Errorf("ner: load: %w", err)
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			return "", fmt.Errorf("ner: load: %w", err)
		}
		return string(b), nil
	}
	for range h.Labels {
		l, err := readString()
		if err != nil {
			return nil, err
		}
		m.labels = append(m.labels, l)
	}
	nconv, err := br.ReadByte()
	if err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	for range nconv {
		c, err := readString()
		if err != nil {
			return nil, err
		}
		m.conventions = append(m.conventions, c)
	}
	if m.clusters, err = readClusters(br); err != nil {
		return nil, err
	}
	if m.labels[0] != "O" {
		return nil, fmt.Errorf("%w: first label %q", ErrFormat, m.labels[0])
	}
	L := len(m.labels)
	m.trans = make([]float32, (L+1)*L)
	if err := binary.Read(br, binary.LittleEndian, m.trans); err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	if L <= 8 {
		if m.w8, err = readPadded(br, 1<<m.bits, L); err != nil {
			return nil, err
		}
	} else {
		m.w = make([]int16, (1<<m.bits)*L)
		if err := binary.Read(br, binary.LittleEndian, m.w); err != nil {
			return nil, fmt.Errorf("ner: load: %w", err)
		}
	}
	if h.Version == 4 {
		vecs, err := readDenseVecs(br)
		if err != nil {
			return nil, err
		}
		var n uint32
		var radius, caps uint8
		for _, p := range []any{&radius, &caps, &n} {
			if err := binary.Read(br, binary.LittleEndian, p); err != nil {
				return nil, fmt.Errorf("ner: load: %w", err)
			}
		}
		sh := denseShape{radius: int(radius), caps: caps != 0}
		blk := sh.slots() * vecs.dims * L
		if radius > pad || n == 0 || int(n)%blk != 0 || int(n)/blk != len(m.conventions)+1 {
			return nil, fmt.Errorf("%w: %d dense weights", ErrFormat, n)
		}
		dm := &denseModel{vecs: vecs, shape: sh, L: L, w: make([]float32, n)}
		if err := binary.Read(br, binary.LittleEndian, dm.w); err != nil {
			return nil, fmt.Errorf("ner: load: %w", err)
		}
		if m.clusters == nil {
			m.clusters = &clusters{ids: map[uint64][maxClusterLevels]uint16{}}
		}
		m.clusters.dense = vecs
		m.dense = dm
	}
	for i, v := range bioTransitions(m.labels) {
		m.trans[i] += v
	}
	return m, nil
}
