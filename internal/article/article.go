// Package article holds warta's domain types: the raw input an ingest reader
// produces, and the enriched Article that the pipeline stages fill in and the
// store keeps. It does no I/O.
package article

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// Kind says how a Raw input's Content is to be read.
type Kind int

const (
	// KindText is plain text, possibly with page chrome around the article.
	KindText Kind = iota
	// KindHTML is an HTML page whose main text must be extracted.
	KindHTML
)

// Raw is one article as an ingest reader found it, before any cleaning.
// Only Content is required; the other fields come from an article record
// (JSON, CSV, feed item) and win over what the text suggests.
type Raw struct {
	Source    string // path or URL it came from
	Line      int    // 1-based line (JSONL) or record (CSV) number; 0 when not applicable
	Kind      Kind
	Content   string
	Title     string
	Published string // as written in the record: "2019-09-17", RFC 3339, "10/21/2025 20:43", ...
	URL       string
	Outlet    string
	Author    string
	Language  string
}

// Where names a raw input for error messages: "file.jsonl:12" or "file.txt".
func (r *Raw) Where() string {
	if r.Line > 0 {
		return r.Source + ":" + strconv.Itoa(r.Line)
	}
	return r.Source
}

// Doc is the article's metadata and cleaned text (the "doc" of the
// extraction record in OUTPUT.md).
type Doc struct {
	ID        string    `json:"id"`
	Source    string    `json:"source"`
	Title     string    `json:"title"`
	Published Published `json:"published"`
	Author    string    `json:"author"`
	Outlet    string    `json:"outlet"`
	URL       string    `json:"url"`
	Language  string    `json:"language"`
	Dateline  string    `json:"dateline"`
	Text      string    `json:"text"`
	Warnings  []string  `json:"warnings"`
}

// Sentence is a span of Doc.Text. Start and End are byte offsets, end exclusive.
type Sentence struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Mention is one occurrence of an entity in Doc.Text.
type Mention struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Entity is a canonical entity with all its mentions in one article.
type Entity struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Type     string    `json:"type"` // PERSON, COUNTRY, ORG, PLACE
	Country  *string   `json:"country"`
	Org      *string   `json:"org"`
	Role     *string   `json:"role"`
	Aliases  []string  `json:"aliases"`
	Mentions []Mention `json:"mentions"`
}

// Actor is one side of an event.
type Actor struct {
	Name    string  `json:"name"`
	Code    string  `json:"code"`
	Country *string `json:"country"`
	Org     *string `json:"org"`
	Entity  string  `json:"entity"`
}

// Event is one coded interaction between two actors, tied to its sentence.
type Event struct {
	Date       string   `json:"date"`
	Source     Actor    `json:"source"`
	Target     Actor    `json:"target"`
	CAMEO      string   `json:"cameo"`
	Root       string   `json:"root"`
	QuadClass  int      `json:"quad_class"`
	Goldstein  float64  `json:"goldstein"`
	PLOVER     string   `json:"plover"`
	Modality   string   `json:"modality"`
	Sectors    []string `json:"sectors"`
	Trigger    string   `json:"trigger"`
	Sentence   string   `json:"sentence"`
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Confidence float64  `json:"confidence"`
}

// Fact is a number with what it counts.
type Fact struct {
	Value     float64  `json:"value"`
	Unit      *string  `json:"unit"`
	Text      string   `json:"text"`
	Measure   string   `json:"measure"`
	Period    string   `json:"period"`
	Qualifier string   `json:"qualifier,omitempty"`
	Actors    []string `json:"actors"`
	Sentence  string   `json:"sentence"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
}

// Quote is a direct or indirect quotation with its speaker's entity ID.
type Quote struct {
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// Sector is an article-level sector with its weight.
type Sector struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
}

// Article is the extraction record of OUTPUT.md. Stages fill it in order.
type Article struct {
	Doc       Doc        `json:"doc"`
	Sentences []Sentence `json:"sentences"`
	Entities  []Entity   `json:"entities"`
	Events    []Event    `json:"events"`
	Facts     []Fact     `json:"facts"`
	Quotes    []Quote    `json:"quotes"`
	Sectors   []Sector   `json:"sectors"`
}

// New returns an empty article whose lists are non-nil, so that they print
// as [] rather than null.
func New() *Article {
	return &Article{
		Doc:       Doc{Warnings: []string{}},
		Sentences: []Sentence{},
		Entities:  []Entity{},
		Events:    []Event{},
		Facts:     []Fact{},
		Quotes:    []Quote{},
		Sectors:   []Sector{},
	}
}

// Warn records a warning on the article.
func (a *Article) Warn(msg string) { a.Doc.Warnings = append(a.Doc.Warnings, msg) }

// HashText returns the document ID: the hex SHA-256 of the cleaned text.
func HashText(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}
