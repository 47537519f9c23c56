package ner

import (
	"unicode"
	"unicode/utf8"
)

// featureVersion changes whenever the feature templates below change, so a
// model trained with other templates fails to load instead of tagging badly.
const featureVersion = 6

// Hashing: FNV-1a over bytes for strings, a multiply-xorshift mix to combine
// hashes, and a splitmix64 finaliser before taking the top bits as bucket.
const (
	fnvOffset  uint64 = 14695981039346656037
	fnvPrime   uint64 = 1099511628211
	seedPhrase uint64 = 0x5bd1e9955bd1e995
	seedSuffix uint64 = 0x27d4eb2f165667c5
)

func mix(h, v uint64) uint64 {
	h = (h ^ v) * 0x9e3779b97f4a7c15
	return h ^ h>>29
}

func finalize(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

func hashString(s string) uint64 {
	h := fnvOffset
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

func hashRune(h uint64, r rune) uint64 {
	if r < utf8.RuneSelf {
		return (h ^ uint64(r)) * fnvPrime
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, b := range buf[:n] {
		h = (h ^ uint64(b)) * fnvPrime
	}
	return h
}

// hashLower hashes s lowercased without allocating.
func hashLower(s string) uint64 {
	h := fnvOffset
	for _, r := range s {
		h = hashRune(h, unicode.ToLower(r))
	}
	return h
}

// Token flags.
const (
	flagInitCap uint32 = 1 << iota
	flagAllCaps
	flagHasUpper
	flagHasDigit
	flagAllDigit
	flagHasHyphen
	flagHasDot
	flagPunct
	flagMixedCase
)

// tokInfo is everything the templates need about one token, as hashes.
type tokInfo struct {
	word, lower, shape, short uint64
	pre, suf                  [4]uint64
	flags                     uint32
	length                    uint8
	gaz                       uint8 // class<<1 | inside
	cue                       uint8
	clu                       [maxClusterLevels]uint16 // cluster ids, 0: unknown word
	vrow                      int32                    // word-vector row (dense.go), -1: none
}

// maxClusterLevels is the most cluster granularities (exchange and
// k-means levels together) a model may have.
const maxClusterLevels = 4

// pad is the number of padding slots on each side of a sentence's infos.
const pad = 4

// padInfo is the info of a padding token; v tells before from after.
func padInfo(v uint64) tokInfo {
	return tokInfo{word: v, lower: v, shape: v, short: v, suf: [4]uint64{v, v, v, v},
		clu: [maxClusterLevels]uint16{0xffff, 0xffff, 0xffff, 0xffff}, vrow: -1}
}

// analyze fills infos (len(tokens)+2*pad long; token i at i+pad) and reports whether the sentence has no
// uppercase letter at all (NERP's lowercased text, or careless input), in
// which case case-dependent features are left out.
func analyze(tokens []string, lex *lexicon, cl *clusters, infos []tokInfo) (caseless bool) {
	caseless = true
	for k := 0; k < pad; k++ {
		infos[k] = padInfo(0xb0 + uint64(k))
		infos[len(infos)-1-k] = padInfo(0xe0 + uint64(k))
	}
	toks := infos[pad : len(infos)-pad]
	for i, t := range tokens {
		ti := &toks[i]
		*ti = tokInfo{word: hashString(t)}
		h := fnvOffset
		shape, short := fnvOffset, fnvOffset
		var last byte
		run := 0
		n := 0
		letters, uppers, digits := 0, 0, 0
		lowerSeen := false
		for _, r := range t {
			lr := unicode.ToLower(r)
			h = hashRune(h, lr)

			if n < 4 {
				ti.pre[n] = h
			}
			n++
			var c byte
			switch {
			case unicode.IsUpper(r):
				c = 'X'
				letters++
				uppers++
				if lowerSeen {
					ti.flags |= flagMixedCase
				}
			case unicode.IsLetter(r):
				c = 'x'
				letters++
				lowerSeen = true
			case unicode.IsDigit(r):
				c = 'd'
				digits++
			default:
				c = byte(r)
				if r >= utf8.RuneSelf {
					c = '?'
				}
				switch r {
				case '-':
					ti.flags |= flagHasHyphen
				case '.':
					ti.flags |= flagHasDot
				}
			}
			if c == last {
				run++
			} else {
				run = 1
				short = (short ^ uint64(c)) * fnvPrime
			}
			if run <= 3 {
				shape = (shape ^ uint64(c)) * fnvPrime
			}
			last = c
		}
		for k := n; k < 4; k++ {
			ti.pre[k] = h
		}

		ti.lower, ti.shape, ti.short = h, shape, short
		// Suffixes: hash the last runes from the end backwards.
		s := seedSuffix
		rest := t
		for k := 0; k < 4; k++ {
			if len(rest) > 0 {
				r, size := utf8.DecodeLastRuneInString(rest)
				rest = rest[:len(rest)-size]
				s = hashRune(s, unicode.ToLower(r))
			}
			ti.suf[k] = s
		}
		ti.length = uint8(min(n, 12))
		if uppers > 0 {
			caseless = false
			ti.flags |= flagHasUpper
			first, _ := utf8.DecodeRuneInString(t)
			if unicode.IsUpper(first) {
				ti.flags |= flagInitCap
			}
			if uppers == letters {
				ti.flags |= flagAllCaps
			}
		}
		if digits > 0 {
			ti.flags |= flagHasDigit
			if digits == n {
				ti.flags |= flagAllDigit
			}
		}
		if letters == 0 && digits == 0 {
			ti.flags |= flagPunct
		}
		ti.cue = lex.cues[ti.lower]
		ti.clu, _ = cl.lookup(ti.lower)
		ti.vrow = cl.vecRow(ti.lower)
	}
	// Longest gazetteer match from left to right.
	for i := 0; i < len(tokens); {
		h := seedPhrase
		best, class := -1, uint8(0)
		for j := i; j < len(tokens) && j-i < lex.maxLen; j++ {
			h = mix(h, toks[j].lower)
			c := lex.phrases[h]
			if c&^gazPrefix != 0 {
				best, class = j, c&^gazPrefix
			}
			if c&gazPrefix == 0 {
				break
			}
		}
		if best < 0 {
			i++
			continue
		}
		toks[i].gaz = class << 1
		for j := i + 1; j <= best; j++ {
			toks[j].gaz = class<<1 | 1
		}
		i = best + 1
	}
	return caseless
}

// Feature templates. Each feature is the template id mixed with its values.
const (
	tBias uint64 = iota + 1
	tCaseless
	tWord
	tLower
	tLowerM1
	tLowerP1
	tLowerM2
	tLowerP2
	tPre
	tSuf
	tShape
	tShort
	tShortM1
	tShortP1
	tShortM2
	tShortP2
	tBigramM1
	tBigramP1
	tSkip
	tShortTri
	tFlag
	tFirstCap
	tLength
	tGaz
	tGazM1
	tGazP1
	tCue
	tCueM1
	tCueM2
	tCueP1
	tSufM1
	tSufP1
	tLowerM1Short
	tShortLowerP1
	tCueM1Short
	tGazShort
	tClu
	tCluM1
	tCluP1
	tCluShort
	tBagL
	tBagR
	tCluM1Short
	tCluP1Short
	tLowerM1Clu
	tCluLowerP1
	tVec
	tVecM1
	tVecP1
)

func f1(t, a uint64) uint64       { return mix(mix(t*0x2545f4914f6cdd1d, a), t) }
func f2(t, a, b uint64) uint64    { return mix(mix(mix(t*0x2545f4914f6cdd1d, a), b), t) }
func f3(t, a, b, c uint64) uint64 { return mix(mix(mix(mix(t*0x2545f4914f6cdd1d, a), b), c), t) }

// features appends the hashes of the features of token i (counted without
// padding) to out; infos is padded as analyze leaves it. The first nclu
// cluster levels are exchange classes, the nvec after them k-means classes.
func features(infos []tokInfo, i int, caseless bool, nclu, nvec int, out []uint64) []uint64 {
	add := func(h uint64) { out = append(out, h) }
	j := i + pad
	cur, m1, p1, m2, p2 := &infos[j], &infos[j-1], &infos[j+1], &infos[j-2], &infos[j+2]

	add(f1(tBias, 0))
	add(f1(tLower, cur.lower))
	add(f1(tLowerM1, m1.lower))
	add(f1(tLowerP1, p1.lower))
	add(f1(tLowerM2, m2.lower))
	add(f1(tLowerP2, p2.lower))
	for k := 0; k < 4; k++ {
		add(f2(tPre, uint64(k), cur.pre[k]))
		add(f2(tSuf, uint64(k), cur.suf[k]))
	}
	add(f2(tBigramM1, m1.lower, cur.lower))
	add(f2(tBigramP1, cur.lower, p1.lower))
	add(f2(tSkip, m1.lower, p1.lower))
	add(f1(tLength, uint64(cur.length)))
	add(f1(tSufM1, m1.suf[2]))
	add(f1(tSufP1, p1.suf[2]))
	add(f2(tGaz, uint64(cur.gaz), 0))
	add(f1(tGazM1, uint64(m1.gaz)))
	add(f1(tGazP1, uint64(p1.gaz)))
	add(f1(tCue, uint64(cur.cue)))
	add(f1(tCueM1, uint64(m1.cue)))
	add(f1(tCueM2, uint64(m2.cue)))
	add(f1(tCueP1, uint64(p1.cue)))
	for k := range nclu {
		add(f2(tClu, uint64(k), uint64(cur.clu[k])))
		add(f2(tCluM1, uint64(k), uint64(m1.clu[k])))
		add(f2(tCluP1, uint64(k), uint64(p1.clu[k])))
	}
	for k := nclu; k < nclu+nvec; k++ {
		add(f2(tVec, uint64(k), uint64(cur.clu[k])))
		add(f2(tVecM1, uint64(k), uint64(m1.clu[k])))
		add(f2(tVecP1, uint64(k), uint64(p1.clu[k])))
	}
	// Bag of the words up to four tokens away on each side.
	for d := 1; d <= pad; d++ {
		add(f1(tBagL, infos[j-d].lower))
		add(f1(tBagR, infos[j+d].lower))
	}
	if nclu > 0 {
		add(f2(tLowerM1Clu, m1.lower, uint64(cur.clu[nclu-1])))
		add(f2(tCluLowerP1, uint64(cur.clu[nclu-1]), p1.lower))
	}
	for fl := cur.flags &^ (flagInitCap | flagAllCaps | flagHasUpper | flagMixedCase); fl != 0; fl &= fl - 1 {
		add(f1(tFlag, uint64(fl&-fl)))
	}
	if caseless {
		add(f1(tCaseless, 0))
		return out
	}
	add(f1(tWord, cur.word))
	add(f1(tShape, cur.shape))
	add(f1(tShort, cur.short))
	add(f1(tShortM1, m1.short))
	add(f1(tShortP1, p1.short))
	add(f1(tShortM2, m2.short))
	add(f1(tShortP2, p2.short))
	add(f3(tShortTri, m1.short, cur.short, p1.short))
	add(f2(tLowerM1Short, m1.lower, cur.short))
	add(f2(tShortLowerP1, cur.short, p1.lower))
	add(f2(tCueM1Short, uint64(m1.cue), cur.short))
	add(f2(tGazShort, uint64(cur.gaz), cur.short))
	if nclu > 0 {
		add(f2(tCluShort, uint64(cur.clu[nclu/2]), cur.short))
		add(f3(tCluM1Short, uint64(m1.clu[nclu/2]), m1.short, cur.short))
		add(f3(tCluP1Short, uint64(p1.clu[nclu/2]), p1.short, cur.short))
	}
	for fl := cur.flags & (flagInitCap | flagAllCaps | flagMixedCase); fl != 0; fl &= fl - 1 {
		add(f1(tFlag, uint64(fl&-fl)))
	}
	add(f2(tFirstCap, uint64(btoi(i == 0)), uint64(cur.flags&flagInitCap)))
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
