// Package quote is the quote stage: it finds direct quotations (in “…”,
// "…" or '…', also when they run over several sentences or paragraphs) and
// indirect ones ("mengatakan bahwa ...", "said that ..."), each with the
// entity ID of its speaker and the byte span of the quoted words
// (CODEBOOK.md §8).
//
// A speaker is found, in order:
//
//  1. after the quote, by a verb of saying and the name after it
//     (", kata Putin", "ujar Menlu Retno", `," said Putin`, `," Putin said`),
//     in the same sentence or at the start of the next line;
//  2. with a -nya verb ("katanya", "ujarnya") or a pronoun ("he said"), the
//     person named last before the quote;
//  3. before the quote, the subject of a verb of saying ("Menlu Retno
//     mengatakan, “…”", "Putin said: “…”"), in the same paragraph or at the end
//     of the one before;
//  4. a title without a name ("kata Presiden") is the one person of that role
//     (titles.tsv), or the one of them named last;
//  5. a quote that opens a paragraph right after another quote continues its
//     speaker;
//  6. quoted words inside a sentence take its subject: a person, an
//     institution that opens it ("Pemerintah Arab Saudi ... “…”"), or the
//     subject of a verb of saying before them;
//  7. a quote left open at its paragraph's end takes the speaker of an
//     attributed quote in the next paragraph.
//
// "katanya", "Ia mengatakan" and "he said" stand for the subject of the
// nearest sentence that names a person and does not itself open with a
// pronoun. After a verb, an institution is a speaker too ("ujar Kremlin",
// ", begitu pernyataan dari kantor ... Gedung Putih"), but not after a
// preposition ("kata sumber kepada Der Spiegel"); a title and a country
// ("ucap pemimpin Yordania itu") are that country's person of that role.
// A speaker that the entity stage left as a surname or a misspelling
// beside the full name ("Johnson", "Dr Ong", "Rabei") is the full name's
// entity. A capitalised name after the verb that no entity covers is
// matched the same way, else it becomes "person:" and the slug of the
// name as the entity stage makes IDs: an ID that names no entity of the
// article (the only case where a speaker is not one of a.Entities).
//
// Otherwise the speaker is "" and the quote is kept. Quoted words of fewer
// than three words without a verb of saying ("rezim otokratis", a name in
// quotes) are not quotes. Speech verbs, pronouns and titles are data in
// internal/lexicon ({id,en}/speech_verbs.tsv, pronouns.txt, titles.tsv).
package quote

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/lexicon"
)

// Stage is the quote stage. It is safe for concurrent use.
type Stage struct {
	after      map[string]bool   // verbs that come after a quote: kata, ujar, said
	before     map[string]bool   // verbs that come before a quote: mengatakan, said
	nouns      map[string]bool   // nouns of saying after a quote: pernyataan, statement
	pronouns   map[string]bool   // ia, dia, he, she
	titles     map[string]string // lower-case title -> role
	titleStart map[string]bool   // first words of titles
	maxTitle   int               // words in the longest title
}

// New builds the quote stage from the embedded lexicon.
func New() (*Stage, error) {
	s := &Stage{after: map[string]bool{}, before: map[string]bool{}, nouns: map[string]bool{}, pronouns: map[string]bool{},
		titles: map[string]string{}, titleStart: map[string]bool{}}
	for _, lang := range lexicon.Languages() {
		rows, err := lexicon.Rows(lang, "speech_verbs.tsv", 2)
		if err != nil {
			return nil, fmt.Errorf("quote: %w", err)
		}
		for i, r := range rows {
			v := strings.ToLower(r[0])
			switch r[1] {
			case "after":
				s.after[v] = true
			case "before":
				s.before[v] = true
			case "both":
				s.after[v], s.before[v] = true, true
			case "noun":
				s.nouns[v] = true
			default:
				return nil, fmt.Errorf("quote: lexicon %s/speech_verbs.tsv: row %d: where %q is not after, before, both or noun", lang, i+1, r[1])
			}
		}
		lines, err := lexicon.Lines(lang, "pronouns.txt")
		if err != nil {
			return nil, fmt.Errorf("quote: %w", err)
		}
		for _, l := range lines {
			s.pronouns[strings.ToLower(l)] = true
		}
		titles, err := lexicon.Pairs(lang, "titles.tsv")
		if err != nil {
			return nil, fmt.Errorf("quote: %w", err)
		}
		for _, t := range titles {
			title := strings.ToLower(strings.TrimPrefix(t[0], "="))
			s.titles[title] = t[1]
			fs := strings.Fields(title)
			s.maxTitle = max(s.maxTitle, len(fs))
			if len(fs) > 0 {
				s.titleStart[fs[0]] = true
			}
		}
	}
	return s, nil
}

// Run sets a.Quotes from a.Doc.Text, reading a.Entities for speakers and
// a.Sentences for indirect quotes.
func (s *Stage) Run(ctx context.Context, a *article.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a.Quotes = s.Extract(a)
	return nil
}

// Extract returns the quotes of an article without changing it, in text
// order.
func (s *Stage) Extract(a *article.Article) []article.Quote {
	text := a.Doc.Text
	out := []article.Quote{}
	if text == "" {
		return out
	}
	r := resolver{s: s, text: text, ments: mentionsOf(a.Entities), ents: a.Entities, sents: a.Sentences}
	spans := findQuotes(text)
	prevEnd, prevSpeaker := -1, ""
	var kept []span
	var open []int // quotes left open at a paragraph end, with no speaker: index in out
	for _, q := range spans {
		speaker, attributed := "", false
		if q.unclosed {
			// "“… buatan kata Al-Mouallimi.": the closing mark is missing
			// but the attribution is there.
			q, speaker, attributed = r.tail(q)
		}
		if !attributed {
			speaker, attributed = r.speaker(q)
		}
		if !attributed && words(text[q.s:q.e]) < 3 {
			continue // a scare quote or a quoted name
		}
		if speaker == "" && prevEnd >= 0 && (r.opensParagraphAfter(q.open, prevEnd) || r.sameLine(prevEnd, q.open)) {
			speaker = prevSpeaker
		}
		if speaker == "" && !attributed {
			// Quoted words inside a sentence ("Dia mendesak ... “…”"): the
			// sentence's subject.
			speaker = r.sentenceSubject(q.open)
		}
		speaker = r.canonical(speaker, q.open)
		if speaker == "" && q.unclosed {
			open = append(open, len(out))
		}
		out = append(out, article.Quote{Speaker: speaker, Text: quoteText(text, q), Start: q.s, End: q.e})
		kept = append(kept, q)
		prevEnd, prevSpeaker = q.close, speaker
	}
	// A quote left open at its paragraph's end runs on into the next one
	// (a post or a letter quoted at length); when that paragraph has an
	// attributed quote, it is the same speaker's.
	for _, i := range open {
		if i+1 < len(out) && out[i+1].Speaker != "" && r.nextParagraph(kept[i].close, kept[i+1].open) {
			out[i].Speaker = out[i+1].Speaker
		}
	}
	out = append(out, r.indirect(a.Sentences, kept)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// quoteText is the quoted words: the span, with the opening marks of the
// paragraphs it runs over removed and line breaks made spaces.
func quoteText(text string, q span) string {
	t := text[q.s:q.e]
	if strings.IndexByte(t, '\n') < 0 {
		return t
	}
	var b strings.Builder
	for i, line := range strings.Split(t, "\n") {
		line = strings.TrimSpace(line)
		if i > 0 {
			for _, m := range []string{"“", "\"", "‘", "'"} {
				line = strings.TrimPrefix(line, m)
			}
			if line == "" {
				continue
			}
			b.WriteByte(' ')
		}
		b.WriteString(line)
	}
	return b.String()
}

// words counts the white-space separated words of s.
func words(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\n' || s[i] == '\t'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}
