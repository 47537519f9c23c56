// Package dedup finds near-duplicate articles: republished wire copies and
// lightly edited versions of one report. It computes a MinHash signature per
// article over word shingles, indexes signatures with LSH banding, verifies
// candidates by their estimated Jaccard similarity and groups the verified
// near-duplicates into stories.
//
// The package does no I/O: the store persists each document's Signature
// (MarshalBinary) and story ID, and rebuilds an Index at start-up by adding
// the stored signatures back in any order.
package dedup

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Config sets how signatures are made and compared. The zero value is not
// usable; start from DefaultConfig.
type Config struct {
	// Shingle is the number of words in a shingle.
	Shingle int
	// Bands and Rows split the signature for LSH: Bands*Rows hash
	// functions, and two documents become candidates when all Rows values of
	// at least one band agree.
	Bands, Rows int
	// Threshold is the estimated Jaccard similarity at or above which a
	// candidate is a near-duplicate.
	Threshold float64
	// Seed picks the hash functions. Signatures made with different seeds,
	// shingle sizes or lengths cannot be compared.
	Seed uint64
}

// DefaultConfig returns the configuration warta uses: 5-word shingles,
// 128 hash functions in 32 bands of 4 rows, and a threshold of 0.7.
//
// Why 32×4: the probability that a pair with Jaccard s becomes a candidate
// is 1-(1-s^4)^32. At s=0.7 that is 0.9998 and at s=0.6 0.985, so pairs at
// the threshold are almost never missed; at s=0.3 it is 0.23 and at s=0.1
// 0.003, and those false candidates cost one 128-value comparison each
// before verification rejects them. 16×8 would put the S-curve's midpoint
// at the threshold itself (recall 0.61 at s=0.7), which loses real copies.
//
// Why 0.7: changing one word removes up to 5 shingles, so a 400-word copy
// with 10 words edited, a byline added and two paragraphs swapped keeps a
// Jaccard near 0.8; two different reports of the same event share names and
// phrases but few 5-word runs, and stay below 0.2.
func DefaultConfig() Config {
	return Config{Shingle: 5, Bands: 32, Rows: 4, Threshold: 0.7, Seed: 0x5761727461}
}

// NumHashes returns the signature length, Bands*Rows.
func (c Config) NumHashes() int { return c.Bands * c.Rows }

func (c Config) validate() error {
	switch {
	case c.Shingle < 1:
		return fmt.Errorf("dedup: shingle size %d: must be at least 1", c.Shingle)
	case c.Bands < 1 || c.Rows < 1:
		return fmt.Errorf("dedup: %d bands × %d rows: both must be at least 1", c.Bands, c.Rows)
	case c.Bands*c.Rows > maxHashes:
		return fmt.Errorf("dedup: %d hash functions: at most %d", c.Bands*c.Rows, maxHashes)
	case c.Threshold <= 0 || c.Threshold > 1:
		return fmt.Errorf("dedup: threshold %v: must be in (0, 1]", c.Threshold)
	}
	return nil
}

// maxHashes bounds the signature length so that its encoding's length fits
// a uint16 and a corrupt length cannot make Unmarshal allocate much.
const maxHashes = 4096

// Signature is a MinHash signature: for each hash function, the least hash
// of any shingle of the text. An empty signature stands for a text with no
// words; it is similar to nothing.
type Signature []uint32

// Hasher makes signatures. It is safe for concurrent use: it holds only the
// hash parameters.
type Hasher struct {
	cfg Config
	// mul and add are the multiply-shift parameters of each hash function:
	// h_i(x) = (mul[i]*x + add[i]) >> 32, with mul[i] odd.
	mul, add []uint64
}

// NewHasher returns a Hasher for a configuration.
func NewHasher(cfg Config) (*Hasher, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	n := cfg.NumHashes()
	h := &Hasher{cfg: cfg, mul: make([]uint64, n), add: make([]uint64, n)}
	state := cfg.Seed
	for i := range n {
		h.mul[i] = splitmix64(&state) | 1
		h.add[i] = splitmix64(&state)
	}
	return h, nil
}

// Config returns the configuration the Hasher was made with.
func (h *Hasher) Config() Config { return h.cfg }

// Sign returns the signature of a text. Words are maximal runs of letters
// and digits, compared case-insensitively; everything else (punctuation,
// spacing, line breaks) only separates words, so reflowed or re-punctuated
// copies shingle alike. A text with fewer words than a shingle has a single
// shingle made of all its words; a text with no words has an empty
// signature.
func (h *Hasher) Sign(text string) Signature {
	k := h.cfg.Shingle
	n := len(h.mul)
	mins := make(Signature, n)
	for i := range mins {
		mins[i] = ^uint32(0)
	}
	// window holds the hashes of the last k words, as a ring.
	var small [16]uint64
	window := small[:0]
	if k > len(small) {
		window = make([]uint64, 0, k)
	}
	words, shingles := 0, 0
	pos := 0
	for {
		w, next, ok := nextWord(text, pos)
		if !ok {
			break
		}
		pos = next
		if len(window) < k {
			window = append(window, w)
		} else {
			window[words%k] = w
		}
		words++
		if words >= k {
			h.update(mins, shingleHash(window, words%k))
			shingles++
		}
	}
	switch {
	case words == 0:
		return Signature{}
	case shingles == 0:
		h.update(mins, shingleHash(window, 0))
	}
	return mins
}

// update folds one shingle's hash into the running minima.
func (h *Hasher) update(mins Signature, x uint64) {
	mul, add := h.mul, h.add[:len(h.mul)]
	mins = mins[:len(mul)]
	for i, m := range mul {
		v := uint32((m*x + add[i]) >> 32)
		if v < mins[i] {
			mins[i] = v
		}
	}
}

// shingleHash combines the word hashes of a window, oldest first; start is
// the ring position of the oldest word.
func shingleHash(window []uint64, start int) uint64 {
	var x uint64 = 0x9e3779b97f4a7c15
	for i := range window {
		x = mix64(x ^ window[(start+i)%len(window)])
	}
	return x
}

// nextWord finds the next word at or after byte pos and returns its hash
// (FNV-1a over the lower-cased runes) and the byte after it.
func nextWord(s string, pos int) (hash uint64, next int, ok bool) {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	i := pos
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isWordRune(r) {
			break
		}
		i += size
	}
	if i >= len(s) {
		return 0, len(s), false
	}
	hash = offset
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !isWordRune(r) {
			break
		}
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		// Hash the rune value, four bytes at a time: cheaper than
		// re-encoding and equally deterministic.
		hash = (hash ^ uint64(r)) * prime
		i += size
	}
	return hash, i, true
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// splitmix64 is the seeding generator of Steele, Lea and Flood (2014).
func splitmix64(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	return mix64(*state)
}

// mix64 is splitmix64's finaliser: a bijective avalanche mix.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Similarity estimates the Jaccard similarity of the two texts behind two
// signatures: the fraction of hash functions whose minima agree. Signatures
// of different lengths, and empty ones, have similarity 0.
func Similarity(a, b Signature) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// signatureVersion is the first byte of an encoded signature.
const signatureVersion = 1

// ErrBadSignature is wrapped by the errors UnmarshalBinary returns.
var ErrBadSignature = errors.New("bad signature encoding")

// MarshalBinary encodes a signature for storage: a version byte (1), the
// number of values as a little-endian uint16, then each value as a
// little-endian uint32. A 128-value signature takes 515 bytes.
func (s Signature) MarshalBinary() ([]byte, error) {
	if len(s) > maxHashes {
		return nil, fmt.Errorf("dedup: signature of %d values: at most %d", len(s), maxHashes)
	}
	b := make([]byte, 3, 3+4*len(s))
	b[0] = signatureVersion
	binary.LittleEndian.PutUint16(b[1:], uint16(len(s)))
	for _, v := range s {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (s *Signature) UnmarshalBinary(b []byte) error {
	if len(b) < 3 {
		return fmt.Errorf("dedup: %d bytes: %w: too short", len(b), ErrBadSignature)
	}
	if b[0] != signatureVersion {
		return fmt.Errorf("dedup: version %d: %w: want version %d", b[0], ErrBadSignature, signatureVersion)
	}
	n := int(binary.LittleEndian.Uint16(b[1:]))
	if n > maxHashes || len(b) != 3+4*n {
		return fmt.Errorf("dedup: %d values in %d bytes: %w: length mismatch", n, len(b), ErrBadSignature)
	}
	sig := make(Signature, n)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(b[3+4*i:])
	}
	*s = sig
	return nil
}

// candidateProbability is the chance that LSH with b bands of r rows makes
// a pair of Jaccard similarity s a candidate: 1-(1-s^r)^b.
func candidateProbability(s float64, b, r int) float64 {
	p := 1.0
	for range r {
		p *= s
	}
	q := 1.0
	for range b {
		q *= 1 - p
	}
	return 1 - q
}

// bandKey hashes one band of a signature, with the band's number, into a
// single map key, so that one map serves every band.
func bandKey(band int, rows []uint32) uint64 {
	x := mix64(uint64(band) + 0x632be59bd9b4e019)
	for _, v := range rows {
		x = mix64(x ^ uint64(v))
		x = bits.RotateLeft64(x, 17)
	}
	return x
}
