package clean

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// rulesFS holds the chrome rules, one TSV file per language.
//
//go:embed rules/*.tsv
var rulesFS embed.FS

// ruleKind says how a chrome rule is applied; see rules/id.tsv.
type ruleKind int

const (
	kindLine    ruleKind = iota // the whole line is chrome
	kindHeading                 // the line heads a headline list
	kindLead                    // a lead-in cut with the headline after it
	kindInline                  // the match is cut from the line
)

// parseKind reads a rule kind from its name in a rules file.
func parseKind(s string) (ruleKind, bool) {
	switch s {
	case "line":
		return kindLine, true
	case "heading":
		return kindHeading, true
	case "lead":
		return kindLead, true
	case "inline":
		return kindInline, true
	}
	return 0, false
}

// Rule is one named chrome rule.
type Rule struct {
	Name string // "id/baca-juga"
	Kind string // line, heading, lead, inline
	Note string // what it matches
	// Needs is a literal a line must contain for the rule to be tried.
	Needs string
	// Max is the longest line, in bytes, a line or heading rule applies to.
	Max  int
	re   *regexp.Regexp
	kind ruleKind
}

// chrome is the compiled rule set.
type chrome struct {
	rules []Rule
	// any is the union of the line and heading rules, used to reject most
	// lines with one match.
	anyLine   *regexp.Regexp
	inline    []*Rule
	lead      *regexp.Regexp // union of the lead rules
	leadNeeds []string       // what lines a lead rule may match must contain
}

// maxChromeLine is the longest line (in bytes) a line or heading rule is
// tried on: chrome lines are short, and skipping long paragraphs keeps
// cleaning fast.
const maxChromeLine = 300

// maxListLines bounds the headline list dropped after a heading.
const maxListLines = 15

// loadRules reads and compiles every rules/*.tsv file.
func loadRules(fsys fs.FS) (*chrome, error) {
	files, err := fs.Glob(fsys, "rules/*.tsv")
	if err != nil {
		return nil, fmt.Errorf("list rules: %w", err)
	}
	sort.Strings(files)
	c := &chrome{}
	var lines, leads []string
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("read rules: %w", err)
		}
		lang := strings.TrimSuffix(strings.TrimPrefix(f, "rules/"), ".tsv")
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		n := 0
		for sc.Scan() {
			n++
			line := sc.Text()
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) < 5 {
				return nil, fmt.Errorf("%s:%d: want kind, name, needs, max, pattern, note separated by tabs", f, n)
			}
			needs, maxLen := cols[2], maxChromeLine
			if needs == "-" {
				needs = ""
			}
			if cols[3] != "-" {
				if maxLen, err = strconv.Atoi(cols[3]); err != nil || maxLen <= 0 {
					return nil, fmt.Errorf("%s:%d: max %q: want a positive number or -", f, n, cols[3])
				}
			}
			kind, ok := parseKind(cols[0])
			if !ok {
				return nil, fmt.Errorf("%s:%d: unknown rule kind %q", f, n, cols[0])
			}
			pat := cols[4]
			var full string
			switch kind {
			case kindLine, kindHeading:
				full = `(?i)^(?:` + pat + `)$`
				lines = append(lines, pat)
			case kindInline, kindLead:
				if needs == "" {
					return nil, fmt.Errorf("%s:%d: rule %s: an inline or lead rule needs a literal", f, n, cols[1])
				}
				full = `(?i)` + pat
				if kind == kindLead {
					leads = append(leads, pat)
					c.leadNeeds = append(c.leadNeeds, needs)
				}
			}
			re, err := regexp.Compile(full)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: rule %s: %w", f, n, cols[1], err)
			}
			r := Rule{Name: lang + "/" + cols[1], Kind: cols[0], Needs: needs, Max: maxLen, re: re, kind: kind}
			if len(cols) > 5 {
				r.Note = cols[5]
			}
			c.rules = append(c.rules, r)
		}
	}
	union := func(pats []string, anchored bool) (*regexp.Regexp, error) {
		if len(pats) == 0 {
			return nil, nil
		}
		s := `(?i)(?:` + strings.Join(pats, `)|(?:`) + `)`
		if anchored {
			s = `(?i)^(?:(?:` + strings.Join(pats, `)|(?:`) + `))$`
		}
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("compile rule union: %w", err)
		}
		return re, nil
	}
	if c.anyLine, err = union(lines, true); err != nil {
		return nil, err
	}
	for i := range c.rules {
		if c.rules[i].kind == kindInline {
			c.inline = append(c.inline, &c.rules[i])
		}
	}
	if c.lead, err = union(leads, false); err != nil {
		return nil, err
	}
	if c.lead, err = regexp.Compile(c.lead.String() + `$`); err != nil {
		return nil, err
	}
	return c, nil
}

// lineRule returns the line or heading rule the whole line matches.
func (c *chrome) lineRule(line string) *Rule {
	if len(line) > maxChromeLine || c.anyLine == nil || !c.anyLine.MatchString(line) {
		return nil
	}
	for i := range c.rules {
		r := &c.rules[i]
		if (r.kind == kindLine || r.kind == kindHeading) && len(line) <= r.Max &&
			(r.Needs == "" || strings.Contains(line, r.Needs)) && r.re.MatchString(line) {
			return r
		}
	}
	return nil
}

// strip removes chrome from lines (already trimmed, no blank lines) and
// returns the lines kept.
func (c *chrome) strip(lines []string) []string {
	out := lines[:0]
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if r := c.lineRule(line); r != nil {
			if r.kind == kindHeading {
				i = c.skipList(lines, i)
			}
			continue
		}
		for _, r := range c.inline {
			if strings.Contains(line, r.Needs) {
				line = r.re.ReplaceAllString(line, " ")
			}
		}
		if c.lead != nil {
			var whole bool
			line, whole = c.cutLeads(line)
			if whole {
				// "Baca juga: <headline>" as the whole line heads a list too.
				i = c.skipList(lines, i)
				continue
			}
		}
		line = collapseSpaces(line)
		if line == "" {
			continue
		}
		if r := c.lineRule(line); r != nil {
			if r.kind == kindHeading {
				i = c.skipList(lines, i)
			}
			continue
		}
		out = append(out, line)
	}
	return out
}

// skipList returns the index of the last line of the headline list that
// follows the heading at lines[i].
func (c *chrome) skipList(lines []string, i int) int {
	for n := 0; n < maxListLines && i+1 < len(lines); n++ {
		next := lines[i+1]
		if !headlineLike(next) && c.lineRule(next) == nil {
			break
		}
		i++
	}
	return i
}

// cutLeads cuts every lead-in ("Baca juga:") with the headline after it.
// whole reports that the line was nothing but a lead-in and a headline.
func (c *chrome) cutLeads(line string) (out string, whole bool) {
	need := false
	for _, n := range c.leadNeeds {
		if strings.Contains(line, n) {
			need = true
			break
		}
	}
	if !need {
		return line, false
	}
	locs := c.findLeads(line)
	if locs == nil {
		return line, false
	}
	if locs[0][0] == 0 {
		rest := strings.TrimSpace(line[locs[0][1]:])
		if rest == "" || headlineLike(rest) && len(locs) == 1 {
			return "", true
		}
	}
	var b strings.Builder
	prev := 0
	for _, loc := range locs {
		if loc[0] < prev {
			continue
		}
		b.WriteString(line[prev:loc[0]])
		end := loc[1] + headlineEnd(line[loc[1]:])
		// A bracketed lead-in "(Baca juga: ...)" closes its bracket.
		if strings.HasPrefix(line[loc[0]:], "(") {
			if j := strings.IndexByte(line[loc[1]:], ')'); j >= 0 {
				end = loc[1] + j + 1
			}
		}
		b.WriteByte(' ')
		prev = end
	}
	b.WriteString(line[prev:])
	return b.String(), false
}

// maxLeadIn is the longest lead-in ("(Baca juga:") in bytes.
const maxLeadIn = 32

// findLeads returns the spans of the lead-ins in line. Lead-ins end in the
// literal their rule needs (a colon), so the lead regexp is only run on the
// few bytes before each occurrence rather than over the whole paragraph.
func (c *chrome) findLeads(line string) [][]int {
	var locs [][]int
	for _, need := range c.leadNeeds {
		for off := 0; off < len(line); {
			i := strings.Index(line[off:], need)
			if i < 0 {
				break
			}
			end := off + i + len(need)
			start := max(0, end-maxLeadIn)
			for start > 0 && !utf8.RuneStart(line[start]) {
				start++
			}
			if loc := c.lead.FindStringIndex(line[start:end]); loc != nil {
				e := start + loc[1]
				for e < len(line) && line[e] == ' ' {
					e++
				}
				if len(locs) == 0 || start+loc[0] >= locs[len(locs)-1][1] {
					locs = append(locs, []int{start + loc[0], e})
				}
			}
			off = end
		}
	}
	sort.Slice(locs, func(i, j int) bool { return locs[i][0] < locs[j][0] })
	return locs
}

// isFunctionWord reports whether w may appear in lower case inside a
// Title Case headline.
func isFunctionWord(w string) bool {
	switch strings.ToLower(w) {
	case "di", "ke", "dari", "dan", "yang", "untuk", "dengan", "atau", "ini", "itu",
		"jadi", "vs", "soal", "usai", "jelang", "pada", "dalam", "tak",
		"of", "the", "in", "to", "and", "for", "on", "at", "a", "an", "by", "with":
		return true
	}
	return false
}

// headlineEnd returns how many bytes of s (the text after a lead-in) are
// the headline: a run of Title Case words. When the run is followed by a
// lower-case word, its last capitalised word is given back: it most likely
// opens the sentence that the lead-in interrupted ("... Revisi UU KPK
// Pemerintah akan ...").
func headlineEnd(s string) int {
	type word struct{ start, end int }
	var words []word
	i := 0
	stopLower := false
	for i < len(s) {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			break
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		w := s[i:j]
		r, _ := utf8.DecodeRuneInString(w)
		if r == '"' || r == '“' || r == '\'' || r == '‘' {
			break
		}
		isHead := unicode.IsUpper(r) || unicode.IsDigit(r) || isFunctionWord(w) ||
			w == "-" || w == "–" || w == "|"
		if !isHead {
			stopLower = unicode.IsLower(r)
			break
		}
		words = append(words, word{i, j})
		i = j
		if last, _ := utf8.DecodeLastRuneInString(w); last == '.' && !strings.HasSuffix(w, "...") {
			// A full stop ends the headline's sentence.
			break
		}
	}
	if len(words) == 0 {
		return 0
	}
	if stopLower && len(words) >= 3 {
		words = words[:len(words)-1]
	}
	return words[len(words)-1].end
}

// headlineLike reports whether a line reads as a headline in a list: short,
// not a quotation, not ending a sentence.
func headlineLike(line string) bool {
	if line == "" || len(line) > 200 || utf8.RuneCountInString(line) > 150 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	switch first {
	case '"', '“', '\'', '‘', '(':
		return false
	}
	// A trailing "Sumber: URL" is metadata for the meta stage, not a headline.
	if l := strings.ToLower(line); strings.HasPrefix(l, "sumber:") || strings.HasPrefix(l, "source:") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	switch last {
	case '.':
		return strings.HasSuffix(line, "...")
	case '"', '”', '\'', '’', ',', ';', ':', ')':
		return false
	}
	// Two sentences are a paragraph.
	if strings.Count(line, ". ") >= 2 {
		return false
	}
	return true
}

// collapseSpaces trims s and folds runs of spaces and tabs to one space.
func collapseSpaces(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") && !strings.ContainsRune(s, '\t') {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
