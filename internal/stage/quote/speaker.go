package quote

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
)

// mention is an entity mention by position.
type mention struct {
	s, e int
	ent  int // index into the article's entities
	typ  string
}

func mentionsOf(ents []article.Entity) []mention {
	var out []mention
	for i, e := range ents {
		for _, m := range e.Mentions {
			out = append(out, mention{s: m.Start, e: m.End, ent: i, typ: e.Type})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].s < out[j].s })
	return out
}

// resolver finds the speakers of one article's quotes.
type resolver struct {
	s     *Stage
	text  string
	ments []mention
	ents  []article.Entity
	sents []article.Sentence
}

// word is a word of the text near a quote.
type word struct {
	s, e int
	low  string
	stop bool // punctuation right after it: , . ; : ! ?
}

// wordsFrom returns up to n words of text[from:to], stopping at a sentence
// end or a quotation mark.
func wordsFrom(text string, from, to, n int) []word {
	var out []word
	i := from
	for i < to && len(out) < n {
		r, size := utf8.DecodeRuneInString(text[i:])
		if k, _, _, _ := markAt(text, i); k != notMark && !(k == single && isLetter(text, i, true) && isLetter(text, i+size, false)) {
			break
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if r == '.' || r == '!' || r == '?' || r == '\n' {
				if len(out) > 0 {
					out[len(out)-1].stop = true
				}
				break
			}
			if (r == ',' || r == ';' || r == ':' || r == '(' || r == ')') && len(out) > 0 {
				out[len(out)-1].stop = true
			}
			i += size
			continue
		}
		j := i
		for j < to {
			r2, sz := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) && r2 != '-' && r2 != '\'' {
				break
			}
			j += sz
		}
		out = append(out, word{s: i, e: j, low: strings.ToLower(text[i:j])})
		i = j
	}
	return out
}

// wordsBefore returns up to n words that end before pos, nearest last,
// stopping at a sentence end or a line break.
func wordsBefore(text string, from, pos, n int) []word {
	var rev []word
	i := pos
	for i > from && len(rev) < n {
		r, size := utf8.DecodeLastRuneInString(text[from:i])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if r == '\n' || (r == '.' || r == '!' || r == '?') && i < pos {
				break
			}
			if k, _, _, _ := markAt(text, i-size); k != notMark && !(k == single && isLetter(text, i-size, true) && isLetter(text, i, false)) {
				break
			}
			i -= size
			continue
		}
		j := i
		for j > from {
			r2, sz := utf8.DecodeLastRuneInString(text[from:j])
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) && r2 != '-' {
				break
			}
			j -= sz
		}
		rev = append(rev, word{s: j, e: i, low: strings.ToLower(text[j:i])})
		i = j
	}
	for l, r := 0, len(rev)-1; l < r; l, r = l+1, r-1 {
		rev[l], rev[r] = rev[r], rev[l]
	}
	return rev
}

// speaker resolves the speaker of a direct quote. attributed is true when a
// verb of saying ties the quote to someone, resolved or not.
func (r *resolver) speaker(q span) (string, bool) {
	text := r.text
	lineEnd := len(text)
	if nl := indexByteFrom(text, q.close, '\n'); nl >= 0 {
		lineEnd = nl
	}
	// 1, 2: after the quote, on its line, or at the start of the next line
	// when the quote ends its line.
	if id, ok := r.after(q, q.close, lineEnd); ok {
		return id, true
	}
	if strings.TrimSpace(text[q.close:lineEnd]) == "" && lineEnd < len(text) {
		next := lineEnd + 1
		nextEnd := len(text)
		if nl := indexByteFrom(text, next, '\n'); nl >= 0 {
			nextEnd = nl
		}
		if id, ok := r.after(q, next, nextEnd); ok {
			return id, true
		}
	}
	// 3: before the quote, on its line, or at the end of the line before.
	lineStart := strings.LastIndexByte(text[:q.open], '\n') + 1
	if id, ok := r.before(q, lineStart, q.open); ok {
		return id, true
	}
	if intro := strings.TrimSpace(text[lineStart:q.open]); strings.HasSuffix(intro, ":") {
		// "Trump ... meminta 14.000 tentara ...: “…”": the subject of the line.
		from := r.sentenceStart(q.open)
		if id := r.firstPerson(from, q.open); id != "" {
			return id, true
		}
	}
	if strings.TrimSpace(text[lineStart:q.open]) == "" && lineStart > 0 {
		prevStart := strings.LastIndexByte(text[:lineStart-1], '\n') + 1
		if strings.HasSuffix(strings.TrimSpace(text[prevStart:lineStart-1]), ":") {
			if id, ok := r.before(q, prevStart, lineStart-1); ok {
				return id, true
			}
		}
	}
	return "", false
}

// after reads ", kata X", "ujarnya", `said Putin`, `Putin said`, `he said`
// in text[from:to] right after a quote.
func (r *resolver) after(q span, from, to int) (string, bool) {
	ws := wordsFrom(r.text, from, to, 8)
	for i, w := range ws {
		if i > 4 {
			break
		}
		verb, nya := w.low, false
		if !r.s.after[verb] {
			if base, ok := strings.CutSuffix(verb, "nya"); ok && r.s.after[base] {
				verb, nya = base, true
			} else {
				if w.stop {
					break
				}
				continue
			}
		}
		if nya {
			return r.lastPerson(q.open), true
		}
		if i > 0 && r.s.pronouns[ws[i-1].low] {
			return r.lastPerson(q.open), true // "he said"
		}
		// The name after the verb, up to the next punctuation.
		end := to
		for _, x := range ws[i+1:] {
			if x.stop {
				end = x.e
				break
			}
		}
		if i+1 < len(ws) {
			if r.s.pronouns[ws[i+1].low] {
				return r.lastPerson(q.open), true // `said he`
			}
			if id := r.namedAfter(ws[i+1:], w.e, end); id != "" {
				return id, true
			}
			if id := r.titled(ws[i+1:], q.open); id != "" {
				return id, true
			}
		}
		// `," Putin said`: the name before the verb.
		if i > 0 {
			if id := r.named(from, w.s); id != "" {
				return id, true
			}
		}
		return "", true
	}
	return "", false
}

// before reads "X mengatakan, “…”" and "X said: “…”" in text[from:to], the
// words before a quote's opening mark.
func (r *resolver) before(q span, from, to int) (string, bool) {
	ws := wordsBefore(r.text, from, to, 12)
	for i := len(ws) - 1; i >= 0 && i >= len(ws)-3; i-- {
		if !r.s.before[ws[i].low] {
			continue
		}
		return r.subject(ws, i, from), true
	}
	return "", false
}

// subject is the speaker of the verb ws[v]: a pronoun or a name right before
// it, else a title.
func (r *resolver) subject(ws []word, v int, from int) string {
	if v > 0 && r.s.pronouns[ws[v-1].low] {
		return r.lastPerson(ws[v-1].s)
	}
	// A mention that ends within three words of the verb.
	lo := from
	if v >= 4 {
		lo = ws[v-4].e
	}
	if id := r.namedBefore(lo, ws[v].s); id != "" {
		return id
	}
	for k := max(0, v-3); k < v; k++ {
		if id := r.titled(ws[k:v], ws[v].s); id != "" {
			return id
		}
	}
	return ""
}

// namedAfter returns the speaker named after a verb ("kata Putin", "kata
// juru bicara Kremlin Dmitry Peskov", "ujar Kremlin"): a PERSON up to the
// next punctuation, else an ORG or COUNTRY within two words of the verb
// and not after a preposition ("tulis X di Twitter").
func (r *resolver) namedAfter(ws []word, from, to int) string {
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= from })
	best, rank := "", 9
	for ; i < len(r.ments) && r.ments[i].s < to; i++ {
		m := r.ments[i]
		if m.typ == "PERSON" {
			return r.ents[m.ent].ID
		}
		k := 0 // words between the verb and the mention
		for k < len(ws) && ws[k].e <= m.s {
			k++
		}
		if k > 2 || k > 0 && isPreposition(ws[k-1].low) {
			continue
		}
		if t := typeRank(m.typ); t < rank && m.typ != "PLACE" {
			best, rank = r.ents[m.ent].ID, t
		}
	}
	return best
}

// named returns the entity named in text[from:to]: the first PERSON, else
// the first ORG, else the first COUNTRY.
func (r *resolver) named(from, to int) string {
	best, rank := "", 9
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= from })
	for ; i < len(r.ments) && r.ments[i].s < to; i++ {
		m := r.ments[i]
		if k := typeRank(m.typ); k < rank {
			best, rank = r.ents[m.ent].ID, k
		}
	}
	return best
}

// namedBefore is named for a subject: the PERSON or ORG nearest before to,
// else a COUNTRY not after a preposition ("di Hong Kong").
func (r *resolver) namedBefore(from, to int) string {
	best, rank := "", 9
	// A mention may start well before from ("Presiden Amerika Serikat,
	// Donald Trump, mengatakan"): it counts when it ends after from.
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= from-maxMention })
	for ; i < len(r.ments) && r.ments[i].s < to; i++ {
		m := r.ments[i]
		if m.e <= from || m.e > to {
			continue
		}
		if m.typ == "COUNTRY" || m.typ == "PLACE" {
			prev := wordsBefore(r.text, 0, m.s, 1)
			if len(prev) == 1 && isPreposition(prev[0].low) {
				continue
			}
		}
		if k := typeRank(m.typ); k <= rank {
			best, rank = r.ents[m.ent].ID, k
		}
	}
	return best
}

// maxMention bounds the length in bytes of an entity mention with its title.
const maxMention = 200

func isPreposition(w string) bool {
	switch w {
	case "di", "ke", "dari", "dengan", "untuk", "kepada", "in", "at", "from", "to", "of", "with":
		return true
	}
	return false
}

func typeRank(t string) int {
	switch t {
	case "PERSON":
		return 0
	case "ORG":
		return 1
	case "COUNTRY":
		return 2
	}
	return 3
}

// lastPerson is the person a "katanya" or "he said" before pos stands for:
// of the last sentence before pos that names a person, the first person it
// names (its subject, more often than not: "Trump akan menjamu Taliban dan
// Presiden Afghanistan Ashraf Ghani" → Trump).
func (r *resolver) lastPerson(pos int) string {
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= pos })
	last := -1
	for i--; i >= 0; i-- {
		if r.ments[i].typ == "PERSON" {
			last = i
			break
		}
	}
	if last < 0 {
		return ""
	}
	from := r.sentenceStart(r.ments[last].s)
	for j := last - 1; j >= 0 && r.ments[j].s >= from; j-- {
		if r.ments[j].typ == "PERSON" {
			last = j
		}
	}
	return r.ents[r.ments[last].ent].ID
}

// firstPerson is the first person named in text[from:to].
func (r *resolver) firstPerson(from, to int) string {
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= from })
	for ; i < len(r.ments) && r.ments[i].s < to; i++ {
		if r.ments[i].typ == "PERSON" {
			return r.ents[r.ments[i].ent].ID
		}
	}
	return ""
}

// sentenceStart returns the start of the sentence holding pos, or of its
// line when sentences are unknown.
func (r *resolver) sentenceStart(pos int) int {
	i := sort.Search(len(r.sents), func(i int) bool { return r.sents[i].End > pos })
	if i < len(r.sents) && r.sents[i].Start <= pos {
		return r.sents[i].Start
	}
	return strings.LastIndexByte(r.text[:pos], '\n') + 1
}

// titled resolves a title without a name ("kata Presiden", "ujar sang
// Menlu"): the one person of that role, or the one of them named last
// before pos.
func (r *resolver) titled(ws []word, pos int) string {
	if len(ws) > 0 && (ws[0].low == "sang" || ws[0].low == "the") {
		ws = ws[1:]
	}
	role := ""
	for n := min(len(ws), r.s.maxTitle); n >= 1 && role == ""; n-- {
		parts := make([]string, n)
		for i := range n {
			parts[i] = ws[i].low
		}
		role = r.s.titles[strings.Join(parts, " ")]
	}
	if role == "" {
		return ""
	}
	var holders []int
	for i, e := range r.ents {
		if e.Type == "PERSON" && e.Role != nil && *e.Role == role {
			holders = append(holders, i)
		}
	}
	switch len(holders) {
	case 0:
		return ""
	case 1:
		return r.ents[holders[0]].ID
	}
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= pos })
	for i--; i >= 0; i-- {
		for _, h := range holders {
			if r.ments[i].ent == h {
				return r.ents[h].ID
			}
		}
	}
	return ""
}

// opensParagraphAfter reports whether a quote opening at open starts the
// paragraph right after the one where a quote closed at prevClose.
func (r *resolver) opensParagraphAfter(open, prevClose int) bool {
	lineStart := strings.LastIndexByte(r.text[:open], '\n') + 1
	if strings.TrimSpace(r.text[lineStart:open]) != "" || lineStart == 0 || prevClose > lineStart {
		return false
	}
	prevStart := strings.LastIndexByte(r.text[:lineStart-1], '\n') + 1
	return prevClose >= prevStart
}

// indirect finds indirect quotes: a verb of saying followed by "bahwa" or
// "that" (perhaps after "kepada wartawan"), up to the end of the sentence.
// Sentences with a direct quote are skipped.
func (r *resolver) indirect(sents []article.Sentence, direct []span) []article.Quote {
	var out []article.Quote
	text := r.text
	di := 0
	for _, sent := range sents {
		if sent.Start < 0 || sent.End > len(text) || sent.Start >= sent.End {
			continue
		}
		for di < len(direct) && direct[di].close <= sent.Start {
			di++
		}
		if di < len(direct) && direct[di].open < sent.End {
			continue
		}
		// A cheap test first: most sentences have no "bahwa" or "that".
		st := text[sent.Start:sent.End]
		if !strings.Contains(st, "bahwa") && !strings.Contains(st, "that") {
			continue
		}
		ws := wordsFrom(text, sent.Start, sent.End, 200)
		for v, w := range ws {
			if !r.s.before[w.low] {
				continue
			}
			b := -1
			for k := v + 1; k < len(ws) && k <= v+6; k++ {
				if ws[k].low == "bahwa" || ws[k].low == "that" {
					b = k
					break
				}
			}
			if b < 0 || b+1 >= len(ws) {
				continue
			}
			s, e := ws[b+1].s, sent.End
			for e > s && (text[e-1] == '.' || isSpaceByte(text[e-1])) {
				e--
			}
			q := article.Quote{Speaker: r.subject(ws, v, sent.Start), Text: text[s:e], Start: s, End: e}
			out = append(out, q)
			break
		}
	}
	return out
}

// sameLine reports whether a quote opening at open is on the line of a quote
// that closed at prevClose ("…,” katanya. “…”).
func (r *resolver) sameLine(prevClose, open int) bool {
	return prevClose <= open && strings.IndexByte(r.text[prevClose:open], '\n') < 0
}

// sentenceSubject is the speaker of quoted words with no verb of saying: a
// pronoun or a -nya verb of saying opening the sentence ("Dia juga
// mendesak", "katanya") stands for the person last named; else the first
// person the sentence names before the quote.
func (r *resolver) sentenceSubject(open int) string {
	from := r.sentenceStart(open)
	ws := wordsFrom(r.text, from, open, 1)
	if len(ws) == 1 {
		w := ws[0].low
		base, nya := strings.CutSuffix(w, "nya")
		if r.s.pronouns[w] || nya && r.s.after[base] {
			return r.lastPerson(from)
		}
	}
	return r.firstPerson(from, open)
}
