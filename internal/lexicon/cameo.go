package lexicon

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"
)

// cameoFiles holds the CAMEO event-code table (cameo/eventcodes.tsv). It is
// kept apart from the language folders because it holds for every language.
//
//go:embed cameo
var cameoFiles embed.FS

// CAMEOCode is one CAMEO 1.1b3 event code with its Goldstein score, quad
// class and PLOVER event type: a row of cameo/eventcodes.tsv.
type CAMEOCode struct {
	Code        string  // "042", "0311", ...
	Root        string  // its first two digits
	Level       int     // 1 for a root, 2 for a three-digit code, 3 for four
	Goldstein   float64 // -10 .. +10
	QuadClass   int     // 1 verbal cooperation .. 4 material conflict (CODEBOOK.md §5)
	PLOVER      string  // "" where PLOVER has no type (roots 01 and 02)
	Description string
}

// CAMEOCodes returns the CAMEO event codes of cameo/eventcodes.tsv by code.
func CAMEOCodes() (map[string]CAMEOCode, error) {
	b, err := cameoFiles.ReadFile("cameo/eventcodes.tsv")
	if err != nil {
		return nil, fmt.Errorf("lexicon cameo/eventcodes.tsv: %w", err)
	}
	out := make(map[string]CAMEOCode, 320)
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 7 {
			return nil, fmt.Errorf("lexicon cameo/eventcodes.tsv: line %d: %d fields, want 7", n, len(f))
		}
		c := CAMEOCode{Code: f[0], Root: f[1], PLOVER: field(f[5]), Description: f[6]}
		if c.Level, err = strconv.Atoi(f[2]); err != nil {
			return nil, fmt.Errorf("lexicon cameo/eventcodes.tsv: line %d: level: %w", n, err)
		}
		if c.Goldstein, err = strconv.ParseFloat(f[3], 64); err != nil {
			return nil, fmt.Errorf("lexicon cameo/eventcodes.tsv: line %d: goldstein: %w", n, err)
		}
		if c.QuadClass, err = strconv.Atoi(f[4]); err != nil {
			return nil, fmt.Errorf("lexicon cameo/eventcodes.tsv: line %d: quad: %w", n, err)
		}
		if len(c.Code) < 2 || !strings.HasPrefix(c.Code, c.Root) {
			return nil, fmt.Errorf("lexicon cameo/eventcodes.tsv: line %d: code %q is not under root %q", n, c.Code, c.Root)
		}
		out[c.Code] = c
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lexicon cameo/eventcodes.tsv: %w", err)
	}
	return out, nil
}
