package clean

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// codepage maps the runes of one single-byte code page back to their bytes,
// so that UTF-8 text misread through that code page can be re-encoded.
type codepage struct {
	name   string
	toByte map[rune]byte
	// c1 makes U+0080..U+009F stand for their own byte value: decoders
	// that meet a byte undefined in Windows-1252 (0x81, 0x8D, 0x8F, 0x90,
	// 0x9D) often pass it through as a C1 control.
	c1 bool
}

func newCodepage(name string, cm *charmap.Charmap, c1 bool) codepage {
	cp := codepage{name: name, toByte: make(map[rune]byte, 128), c1: c1}
	for b := 0x80; b <= 0xFF; b++ {
		r := cm.DecodeByte(byte(b))
		if r == utf8.RuneError {
			continue
		}
		cp.toByte[r] = byte(b)
	}
	return cp
}

func (cp codepage) byteOf(r rune) (byte, bool) {
	if b, ok := cp.toByte[r]; ok {
		return b, true
	}
	if cp.c1 && r >= 0x80 && r <= 0x9F {
		return byte(r), true
	}
	return 0, false
}

// plausible reports whether r is a rune that UTF-8 mojibake plausibly
// stood for in news text: Latin letters with diacritics, combining marks,
// typographic punctuation, currency and letterlike symbols, emoji. A
// Cyrillic or CJK result of re-encoding is far likelier to be a
// coincidence in correct text (“é” re-encoded through Mac Roman is
// U+048E), so it is not taken.
func plausible(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x24F: // Latin-1 supplement, Latin extended A/B
	case r >= 0x300 && r <= 0x36F: // combining diacritics (NFD text)
	case r >= 0x2000 && r <= 0x206F: // general punctuation
	case r >= 0x20A0 && r <= 0x20CF: // currency
	case r >= 0x2100 && r <= 0x214F: // letterlike (™, №)
	case r == 0xFEFF:
	case r >= 0x1F000 && r <= 0x1FAFF: // emoji
	default:
		return false
	}
	return true
}

// repairMojibake undoes UTF-8 that was decoded through cp: each maximal
// sequence of runes whose bytes under cp form one valid, plausible
// multi-byte UTF-8 character is replaced by that character. Correct text is
// left alone because a lone “é” or “£” maps to a single byte ≥ 0x80, which is
// never valid UTF-8 on its own. It returns the text and how many characters
// it repaired.
func repairMojibake(s string, cp codepage) (string, int) {
	// Fast path: mojibake needs at least two adjacent non-ASCII runes.
	if !hasNonASCIIPair(s) {
		return s, 0
	}
	var b strings.Builder
	repaired, done := 0, 0 // done: s[:done] is already in b
	var buf [4]byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		lead, ok := cp.byteOf(r)
		n := utf8Len(lead)
		if !ok || n < 2 {
			i += size
			continue
		}
		buf[0] = lead
		j := i + size
		good := true
		for k := 1; k < n && good; k++ {
			if j >= len(s) {
				good = false
				break
			}
			cr, csize := utf8.DecodeRuneInString(s[j:])
			cb, ok := cp.byteOf(cr)
			if !ok || cb < 0x80 || cb > 0xBF {
				good = false
				break
			}
			buf[k] = cb
			j += csize
		}
		if !good {
			i += size
			continue
		}
		dec, dsize := utf8.DecodeRune(buf[:n])
		if dec == utf8.RuneError || dsize != n || !plausible(dec) {
			i += size
			continue
		}
		if repaired == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[done:i])
		b.WriteRune(dec)
		repaired++
		i, done = j, j
	}
	if repaired == 0 {
		return s, 0
	}
	b.WriteString(s[done:])
	return b.String(), repaired
}

// utf8Len returns the length of the UTF-8 sequence that lead byte b starts,
// or 0 when b cannot start a multi-byte sequence.
func utf8Len(b byte) int {
	switch {
	case b >= 0xC2 && b <= 0xDF:
		return 2
	case b >= 0xE0 && b <= 0xEF:
		return 3
	case b >= 0xF0 && b <= 0xF4:
		return 4
	}
	return 0
}

func hasNonASCIIPair(s string) bool {
	prev := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			prev = false
			continue
		}
		// Count rune starts only.
		if c >= 0xC0 {
			if prev {
				return true
			}
			prev = true
		}
	}
	return false
}

// decodeLegacy decodes bytes that are not valid UTF-8 as Windows-1252, the
// superset of Latin-1 that Indonesian and English pages in a legacy
// encoding almost always use.
func decodeLegacy(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	dec := charmap.Windows1252
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			b.WriteByte(c)
			continue
		}
		r := dec.DecodeByte(c)
		if r == utf8.RuneError {
			r = rune(c) // undefined byte: keep it as its C1 control
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fixEncoding returns s as valid, repaired, NFC-normalised UTF-8 with
// Unix line ends, no NBSP and no zero-width characters, and the warnings
// that describe what it did.
func (s *Stage) fixEncoding(text string) (string, []string) {
	var warns []string
	if !utf8.ValidString(text) {
		text = decodeLegacy(text)
		warns = append(warns, "decoded as windows-1252")
	}
	// Repair and normalise to a fixed point: a repair can reveal another
	// layer (text misread twice), and cleaning must be idempotent.
	for range 8 {
		changed := false
		for _, cp := range s.codepages {
			var n int
			text, n = repairMojibake(text, cp)
			if n > 0 {
				changed = true
				warns = appendOnce(warns, "repaired mojibake ("+cp.name+")")
			}
		}
		// A right double quote whose last byte (0x9D, undefined in
		// Windows-1252) was lost to U+FFFD or dropped.
		if strings.Contains(text, "â€") {
			text = strings.ReplaceAll(text, "â€\uFFFD", "”")
			text = strings.ReplaceAll(text, "â€", "”")
			warns = appendOnce(warns, "repaired mojibake (windows-1252)")
			changed = true
		}
		// Normalising can form a new suspect pair (composing a repaired
		// combining mark, dropping a control between two runes), so the
		// repair runs again until nothing changes.
		if n := normalizeChars(text); n != text {
			text, changed = n, true
		}
		if !changed {
			break
		}
	}
	if strings.ContainsRune(text, utf8.RuneError) {
		warns = append(warns, "text contains undecodable characters (U+FFFD)")
	}
	return text, warns
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// normalizeChars applies NFC and maps the characters that only get in the
// way of reading: CR and CRLF become LF, NBSP and other spaces become a
// plain space, zero-width characters, BOMs, soft hyphens and C0/C1 controls
// (other than tab and newline) are dropped.
func normalizeChars(s string) string {
	s = norm.NFC.String(s)
	clean := true
	for _, r := range s {
		if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7F) || r >= 0x80 && needsMap(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7F || r >= 0x80 && r <= 0x9F:
			// control: drop
		case r == 0xA0 || r == 0x2007 || r == 0x202F || r >= 0x2000 && r <= 0x200A || r == 0x3000:
			b.WriteByte(' ')
		case r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r == 0xAD:
			// zero-width and soft hyphen: drop
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsMap(r rune) bool {
	return r <= 0x9F || r == 0xA0 || r == 0xAD || r >= 0x2000 && r <= 0x200D ||
		r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x2060 || r == 0x3000 || r == 0xFEFF
}
