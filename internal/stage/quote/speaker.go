package quote

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/lexicon"
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
	byID  map[string]int // entity index by ID, built on first use
	canon map[int][]int  // full-name candidates of short-named people
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
	ws := wordsFrom(r.text, from, to, 12)
	for i, w := range ws {
		if i > 4 {
			break
		}
		_, nya, ok := r.isAfterVerb(ws, i)
		if !ok {
			if w.stop {
				break
			}
			continue
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
			if r.nameLike(ws[i+1]) {
				// A name no entity covers ("tulis Peter Schoof disertai foto
				// Habibie"): it is the speaker, not a person named after it.
				return r.unknownName(ws[i+1:], q.open), true
			}
			if id := r.namedAfter(ws[i+1:], w.e, end, q.open); id != "" {
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
		// A partial quote in a sentence whose subject said it: "Hoofe
		// mengatakan ... memerlukan “…,” tulis Der Spiegel".
		return r.saidBefore(q.open), true
	}
	return "", false
}

// isAfterVerb reports whether ws[i] is a verb of saying after a quote:
// "kata", "ujarnya", or a noun of saying right after the quote or after
// "begitu", "demikian", "bunyi" (", begitu pernyataan Gedung Putih").
func (r *resolver) isAfterVerb(ws []word, i int) (verb string, nya, ok bool) {
	low := ws[i].low
	if r.s.after[low] {
		return low, false, true
	}
	if base, ok := strings.CutSuffix(low, "nya"); ok && r.s.after[base] {
		return base, true, true
	}
	if r.s.nouns[low] && (i == 0 || introducesNoun(ws[i-1].low)) {
		return low, false, true
	}
	return "", false, false
}

func introducesNoun(w string) bool {
	switch w {
	case "begitu", "demikian", "bunyi", "isi", "menurut", "kata", "dalam", "in":
		return true
	}
	return false
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
// juru bicara Kremlin Dmitry Peskov", "ujar Kremlin", "ucap pemimpin
// Yordania itu", "begitu pernyataan dari kantor Sekretaris Pers Gedung
// Putih"): a PERSON up to the next punctuation; else the leader of a
// country named after a title ("pemimpin Yordania" is its head of state);
// else an ORG or COUNTRY within six words of the verb with no preposition
// but "dari" between ("tulis X di Twitter", "kata sumber kepada Der
// Spiegel" are not the outlet speaking).
func (r *resolver) namedAfter(ws []word, from, to, pos int) string {
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= from })
	best, rank := "", 9
	for ; i < len(r.ments) && r.ments[i].s < to; i++ {
		m := r.ments[i]
		if m.typ == "PERSON" {
			return r.ents[m.ent].ID
		}
		if best != "" {
			continue
		}
		k := 0 // words between the verb and the mention
		for k < len(ws) && ws[k].e <= m.s {
			k++
		}
		blocked := false
		for _, x := range ws[:k] {
			if blocks(x.low) {
				blocked = true
				break
			}
		}
		if k > 6 || blocked || m.typ == "PLACE" {
			continue
		}
		if m.typ == "COUNTRY" && k > 0 {
			if id := r.leaderOf(ws[:k], m, pos); id != "" {
				return id
			}
		}
		if t := typeRank(m.typ); t < rank {
			best, rank = r.ents[m.ent].ID, t
		}
	}
	return best
}

// blocks reports whether a word between a verb of saying and an
// organisation makes the organisation not the speaker: "kata X di
// Twitter", "ujar sumber kepada Reuters", "kata X dalam wawancara dengan
// CNN".
func blocks(w string) bool {
	switch w {
	case "di", "ke", "kepada", "pada", "dalam", "melalui", "lewat", "via", "untuk", "terhadap",
		"dengan", "bersama", "seperti", "oleh", "tentang", "mengenai", "soal", "terkait", "atas",
		"in", "at", "on", "to", "through", "for", "with", "by", "as", "about", "over":
		return true
	}
	return false
}

// leaderWords name the leader of a country without a title of
// titles.tsv: "pemimpin Yordania", "Jordan's leader".
var leaderWords = map[string]bool{"pemimpin": true, "leader": true, "kepala negara": true, "kepala pemerintahan": true}

// leaderOf resolves a title and a country after a verb of saying
// ("pemimpin Yordania itu", "Menlu Iran") to the person of that country
// with that role (a head of state or government for "pemimpin"): the one,
// or the one named last before pos.
func (r *resolver) leaderOf(ws []word, country mention, pos int) string {
	if len(ws) > 0 && (ws[0].low == "sang" || ws[0].low == "the") {
		ws = ws[1:]
	}
	if len(ws) == 0 || len(ws) > r.s.maxTitle {
		return ""
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.low
	}
	title := strings.Join(parts, " ")
	role, leader := r.s.titles[title], leaderWords[title]
	if role == "" && !leader {
		return ""
	}
	c := r.ents[country.ent].Country
	if c == nil || *c == "" {
		return ""
	}
	var holders []int
	for i, e := range r.ents {
		if e.Type != "PERSON" || e.Country == nil || *e.Country != *c || e.Role == nil {
			continue
		}
		if *e.Role == role || leader && (*e.Role == "head of state" || *e.Role == "head of government") {
			holders = append(holders, i)
		}
	}
	if len(holders) == 0 {
		return ""
	}
	return r.pick(holders, "", pos)
}

// nameLike reports whether w may start a name that no entity covers: a
// capitalised word, not an acronym ("AFP"), no pronoun, no title word.
func (r *resolver) nameLike(w word) bool {
	c, _ := utf8.DecodeRuneInString(r.text[w.s:])
	if !unicode.IsUpper(c) || r.covered(w.s, w.e) || r.s.pronouns[w.low] || r.s.titleStart[w.low] || honorifics[w.low] && !w.stop {
		return false
	}
	return strings.ToUpper(r.text[w.s:w.e]) != r.text[w.s:w.e] || w.e-w.s > 5
}

// unknownName is the speaker a verb of saying names when no entity covers
// the name ("ucap Rabei", a name the entity stage missed or misspelt): the
// capitalised words right after the verb, up to three. A single word is
// first taken for the person of the article whose surname or first name
// it is (or a one-letter misspelling of it). Otherwise the speaker is a
// person no entity of the article stands for: "person:" and the slug of
// the name, as the entity stage makes IDs, so that it matches the same
// person in other articles; the store and the UI show such a speaker
// without a name.
func (r *resolver) unknownName(ws []word, pos int) string {
	n := 0
	for n < len(ws) && n < 3 && (n == 0 || r.nameLike(ws[n])) {
		n++
		if ws[n-1].stop {
			break
		}
	}
	if n == 3 && n < len(ws) && !ws[n-1].stop && isUpperWord(r.text, ws[n]) {
		return "" // a longer run of capitals: an organisation
	}
	name := r.text[ws[0].s:ws[n-1].e]
	nw := nameWords(name)
	if len(nw) == 0 {
		return ""
	}
	if len(nw) == 1 {
		var tiers [3][]int
		for j, e := range r.ents {
			if e.Type != "PERSON" {
				continue
			}
			full := nameWords(e.Name)
			switch {
			case len(full) < 2:
			case full[len(full)-1] == nw[0]:
				tiers[0] = append(tiers[0], j)
			case full[0] == nw[0]:
				tiers[1] = append(tiers[1], j)
			case misspelt(full[len(full)-1], nw[0]):
				tiers[2] = append(tiers[2], j)
			}
		}
		for _, t := range tiers {
			if len(t) > 0 {
				return r.pick(t, "", pos)
			}
		}
	}
	return "person:" + lexicon.Slug(name)
}

func isUpperWord(text string, w word) bool {
	c, _ := utf8.DecodeRuneInString(text[w.s:])
	return unicode.IsUpper(c)
}

// covered reports whether an entity mention overlaps text[s:e].
func (r *resolver) covered(s, e int) bool {
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= s-maxMention })
	for ; i < len(r.ments) && r.ments[i].s < e; i++ {
		if r.ments[i].e > s {
			return true
		}
	}
	return false
}

// saidBefore is the subject of a verb of saying earlier in the sentence
// of pos ("X mengatakan kepada komisi ..., ... memerlukan “…”"), or "".
func (r *resolver) saidBefore(pos int) string {
	from := r.sentenceStart(pos)
	if from >= pos {
		return ""
	}
	ws := wordsFrom(r.text, from, pos, 60)
	for v, w := range ws {
		if r.s.before[w.low] {
			return r.subject(ws, v, from)
		}
	}
	return ""
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

// lastPerson is the person a "katanya", "Ia mengatakan" or "he said" before
// pos stands for: the subject of the nearest sentence before pos that names
// a person, that is the first person it names not right after a
// preposition ("Trump akan menjamu Taliban dan Presiden Afghanistan Ashraf
// Ghani" → Trump). A sentence that opens with a pronoun ("Dia kecewa dengan
// kunjungan Kanselir Jerman Angela Merkel") carries on the subject of the
// sentences before it, so it is passed over, up to four sentences back;
// when every one is, the first person of the nearest one is taken.
func (r *resolver) lastPerson(pos int) string {
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= pos }) - 1
	fallback := ""
	for hops := 0; hops < 4; hops++ {
		for i >= 0 && r.ments[i].typ != "PERSON" {
			i--
		}
		if i < 0 {
			break
		}
		from := r.sentenceStart(r.ments[i].s)
		first, subj := -1, -1
		for j := i; j >= 0 && r.ments[j].s >= from; j-- {
			if r.ments[j].typ != "PERSON" {
				continue
			}
			first = j
			if !r.afterPreposition(r.ments[j].s) {
				subj = j
			}
		}
		if subj < 0 {
			subj = first
		}
		if fallback == "" {
			fallback = r.ents[r.ments[first].ent].ID
		}
		if !r.pronounLed(from, r.ments[first].s) {
			return r.ents[r.ments[subj].ent].ID
		}
		i = first - 1
	}
	return fallback
}

// pronounLed reports whether a pronoun or a -nya verb of saying stands in
// the first three words of text[from:to] ("Dia menerangkan, ...", "Namun,
// ia ...", "Katanya, ...").
func (r *resolver) pronounLed(from, to int) bool {
	for _, w := range wordsFrom(r.text, from, to, 3) {
		if r.s.pronouns[w.low] {
			return true
		}
		if base, ok := strings.CutSuffix(w.low, "nya"); ok && r.s.after[base] {
			return true
		}
	}
	return false
}

// afterPreposition reports whether the word right before pos is a
// preposition ("kunjungan ke Putin", "bertemu dengan Trump").
func (r *resolver) afterPreposition(pos int) bool {
	prev := wordsBefore(r.text, 0, pos, 1)
	return len(prev) == 1 && (isPreposition(prev[0].low) || blocks(prev[0].low))
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
	if id := r.firstPerson(from, open); id != "" {
		return id
	}
	// An institution as the subject: "Pemerintah Arab Saudi hari Rabu
	// merilis ... “…”", opening the sentence, with no comma before the
	// quote (a comma may open a clause with a subject of its own: "Saat
	// Pengadilan Tokyo mengumumkan ..., seorang perempuan berteriak").
	i := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= from })
	if i >= len(r.ments) || r.ments[i].s >= open || r.ments[i].typ != "ORG" && r.ments[i].typ != "COUNTRY" {
		return ""
	}
	m := r.ments[i]
	lead := wordsFrom(r.text, from, m.s, 2)
	if len(lead) > 1 || len(lead) == 1 && !institutionHeads[lead[0].low] || strings.ContainsAny(r.text[m.e:open], ",;:") {
		return ""
	}
	return r.ents[m.ent].ID
}

// institutionHeads may stand before a country or organisation that is the
// subject of a sentence: "Pemerintah Arab Saudi", "pihak Kremlin".
var institutionHeads = map[string]bool{"pemerintah": true, "pihak": true, "otoritas": true, "the": true}

// tail finds the attribution at the end of a quote left open: "“… buatan
// kata Al-Mouallimi." (the comma lost, the closing mark lost or misplaced
// on a line of its own). The verb must be
// among the last six words and name a speaker the stage resolves, and
// nothing but the name may follow it; the quote then ends before the verb.
func (r *resolver) tail(q span) (span, string, bool) {
	ws := wordsBefore(r.text, q.s, q.e, 6)
	for k := len(ws) - 2; k >= 0; k-- {
		if !r.s.after[ws[k].low] {
			continue
		}
		id := r.namedAfter(ws[k+1:], ws[k].e, q.e, q.open)
		if id == "" {
			return q, "", false
		}
		// the name must end the quote
		last := sort.Search(len(r.ments), func(i int) bool { return r.ments[i].s >= ws[k].e })
		end := ws[k].e
		for ; last < len(r.ments) && r.ments[last].s < q.e; last++ {
			end = max(end, r.ments[last].e)
		}
		if strings.Trim(r.text[end:q.e], " .") != "" {
			return q, "", false
		}
		nq := q
		nq.e = ws[k].s
		for nq.e > nq.s && (isSpaceByte(r.text[nq.e-1]) || r.text[nq.e-1] == ',' || r.text[nq.e-1] == '"') {
			nq.e--
		}
		if nq.e <= nq.s {
			return q, "", false
		}
		return nq, id, true
	}
	return q, "", false
}

// nextParagraph reports whether open is in the paragraph right after the
// one that ends at end.
func (r *resolver) nextParagraph(end, open int) bool {
	if end >= len(r.text) || open <= end {
		return false
	}
	nl := strings.IndexByte(r.text[end:], '\n')
	if nl < 0 {
		return false
	}
	next := end + nl + 1
	return next <= open && strings.IndexByte(r.text[next:open], '\n') < 0
}
