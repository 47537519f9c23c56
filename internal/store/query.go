package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/warta-dev/warta/internal/article"
)

// ErrInvalid is wrapped by the errors of queries whose filter or cursor is
// malformed: a caller's mistake (an HTTP 400), not the store's failure.
var ErrInvalid = errors.New("invalid query")

// MaxLimit caps Limit in every query; larger values are an ErrInvalid.
const MaxLimit = 1000

// Querier is the read side a UI or an API needs: filtered, paginated lists
// of the stored records and the aggregates drawn from them. It is embedded
// in Store.
//
// # Actor keys
//
// An event's side is reduced to one actor key: its country (ISO 3166
// alpha-3) when it has one, else its organisation's short code, else its
// actor code ("WST"). Pairs, actors and the Country and Partner filters
// speak in actor keys, so that "Vladimir Putin" (RUS) and "Kazakhstan" (KAZ)
// make the pair RUS–KAZ.
//
// # Which filters apply where
//
// Events are filtered on their own fields: From/To on the event date,
// Country/Partner on actor keys, Actor on the entity of either side, Root,
// PLOVER, Modality, Sector (the event's sectors). Text keeps events of
// documents matching the full-text query.
//
// Documents (Articles, and the documents Facts and Quotes come from) match
// when: Text matches their title or text (Store.Search semantics, including
// the reading of the query as plain words); From/To bound their publication
// date (undated documents are then excluded); Actor is an entity they name;
// Sector is one of their own sectors or a sector of one of their events; and,
// when any of Country, Partner, Root, PLOVER or Modality is set, at least one
// of their events matches all of those. In Quotes, Actor is the speaker
// instead of a named entity.
//
// # Order and cursors
//
// Every list has a fixed, total order, stated on its method, and pages
// through it with an opaque cursor: Page.Next is empty on the last page and
// otherwise, passed back as Cursor with the same filter, yields the rows that
// follow. A cursor that the backend cannot read is an ErrInvalid.
type Querier interface {
	// Events lists events matching q.Filter, newest event date first
	// (undated events last), ties in storing order of document and event,
	// latest first.
	Events(ctx context.Context, q Query) (Page[EventRecord], error)

	// Articles lists documents matching q.Filter, newest publication date
	// first (undated last), ties latest stored first.
	Articles(ctx context.Context, q Query) (Page[ArticleSummary], error)

	// Entities lists the entity catalogue (one row per entity ID, in ID
	// order) with how many documents name each. Only q.Filter.Actor (one
	// entity ID), Country (entities of that country or organisation),
	// EntityType and Text (a case-insensitive substring of the name) apply.
	Entities(ctx context.Context, q Query) (Page[EntityRecord], error)

	// Facts lists facts from matching documents, newest document first,
	// then in the order stored.
	Facts(ctx context.Context, q Query) (Page[FactRecord], error)

	// Quotes lists quotes from matching documents, newest document first,
	// then in the order stored.
	Quotes(ctx context.Context, q Query) (Page[QuoteRecord], error)

	// Pairs aggregates matching events by unordered pair of actor keys
	// (A < B), most events first, then by A and B; events whose two sides
	// share a key are left out. limit <= 0 means MaxLimit.
	Pairs(ctx context.Context, f Filter, limit int) ([]PairStat, error)

	// Actors aggregates matching events by actor key (each event counts
	// for both its sides), most events first, then by key. limit <= 0
	// means MaxLimit.
	Actors(ctx context.Context, f Filter, limit int) ([]ActorStat, error)

	// Series buckets matching events (by event date) and matching
	// documents (by publication date) by period, oldest first. Undated
	// records are left out.
	Series(ctx context.Context, f Filter, by Interval) ([]Bucket, error)

	// Sectors counts sectors over matching events (their own sectors) and
	// matching documents (their article-level sectors), most events then
	// most documents first, then by name. limit <= 0 means MaxLimit.
	Sectors(ctx context.Context, f Filter, limit int) ([]SectorStat, error)
}

// Versioner is implemented by stores that can tell cheaply when their
// content changed; the server caches aggregates under the version and,
// without it, for a short while only.
type Versioner interface {
	// Version returns an opaque token that changes whenever a Put stores
	// something, and stays the same otherwise.
	Version(ctx context.Context) (string, error)
}

// Filter narrows a query. The zero Filter matches everything. See Querier
// for how each field applies to each kind of record.
type Filter struct {
	From     string // first date, YYYY-MM-DD, inclusive
	To       string // last date, YYYY-MM-DD, inclusive
	Country  string // actor key on either side: RUS, CSTO, WST
	Partner  string // with Country: the actor key on the other side
	Actor    string // entity ID: country:RUS, person:vladimir-putin
	Root     string // CAMEO root, two digits: "03"
	PLOVER   string // PLOVER event type: COOPERATE
	Modality string // asserted, planned or negated
	Sector   string // sector name: energy
	Text     string // full-text query over documents' titles and texts
	// EntityType narrows Entities to PERSON, COUNTRY, ORG or PLACE.
	EntityType string
}

// Query is a Filter with a page size and the cursor of the previous page.
type Query struct {
	Filter
	Limit  int    // rows per page, 1..MaxLimit
	Cursor string // Page.Next of the previous page; empty for the first
}

// Page is one page of a list. Next is empty on the last page.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// Interval is the width of a Series bucket.
type Interval string

// The intervals Series accepts.
const (
	Day   Interval = "day"
	Month Interval = "month"
	Year  Interval = "year"
)

// DocRef names the document a record comes from.
type DocRef struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD in the article's zone; empty when unknown
}

// EventRecord is a stored event with where it comes from: Ord is its index
// in the document's Events.
type EventRecord struct {
	Doc DocRef `json:"doc"`
	Ord int    `json:"ord"`
	article.Event
}

// FactRecord is a stored fact; Ord is its index in the document's Facts.
type FactRecord struct {
	Doc DocRef `json:"doc"`
	Ord int    `json:"ord"`
	article.Fact
}

// QuoteRecord is a stored quote; Ord is its index in the document's Quotes.
// SpeakerName is the catalogue name of the speaker, or empty when the
// speaker is not in the catalogue.
type QuoteRecord struct {
	Doc         DocRef `json:"doc"`
	Ord         int    `json:"ord"`
	SpeakerName string `json:"speaker_name"`
	article.Quote
}

// ArticleSummary is a document's metadata with counts of what was
// extracted from it.
type ArticleSummary struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD; empty when unknown
	Outlet    string `json:"outlet"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Events    int    `json:"events"`
	Entities  int    `json:"entities"`
	Facts     int    `json:"facts"`
	Quotes    int    `json:"quotes"`
}

// EntityRecord is one entry of the entity catalogue.
type EntityRecord struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Type      string  `json:"type"`
	Country   *string `json:"country"`
	Org       *string `json:"org"`
	Role      *string `json:"role"`
	Documents int     `json:"documents"` // documents naming it
}

// PairStat aggregates the events between two actor keys, both directions.
type PairStat struct {
	A      string `json:"a"`
	B      string `json:"b"`
	NameA  string `json:"name_a"`
	NameB  string `json:"name_b"`
	Events int    `json:"events"`
	Quad   [4]int `json:"quad"` // events per quad class 1..4
	// Goldstein is the mean Goldstein score.
	Goldstein float64 `json:"goldstein"`
	First     string  `json:"first,omitempty"` // earliest event date
	Last      string  `json:"last,omitempty"`  // latest event date
}

// ActorStat aggregates the events one actor key takes part in.
type ActorStat struct {
	Key       string  `json:"key"`
	Name      string  `json:"name"`
	Kind      string  `json:"kind"` // country, org or other
	Events    int     `json:"events"`
	Quad      [4]int  `json:"quad"`
	Goldstein float64 `json:"goldstein"`
}

// Bucket is one period of a Series: Period is YYYY-MM-DD, YYYY-MM or YYYY.
type Bucket struct {
	Period    string  `json:"period"`
	Articles  int     `json:"articles"`
	Events    int     `json:"events"`
	Quad      [4]int  `json:"quad"`
	Goldstein float64 `json:"goldstein"` // mean over the bucket's events; 0 with none
}

// SectorStat counts one sector.
type SectorStat struct {
	Name     string `json:"name"`
	Events   int    `json:"events"`
	Articles int    `json:"articles"`
}

// isKey reports whether s looks like an actor key: an upper-case letter,
// then 1 to 15 upper-case letters or digits.
func isKey(s string) bool {
	if len(s) < 2 || len(s) > 16 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// isWord reports whether s is 1 to 40 ASCII letters, '_' or '-'.
func isWord(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// isEntityID reports whether s looks like an entity ID: a lower-case type,
// a colon, then up to 200 bytes without spaces or control characters.
func isEntityID(s string) bool {
	typ, rest, ok := strings.Cut(s, ":")
	if !ok || typ == "" || rest == "" || len(rest) > 200 {
		return false
	}
	for _, c := range []byte(typ) {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return !strings.ContainsFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

// Validate reports the first malformed field of f as an error wrapping
// ErrInvalid. Backends call it before querying.
func (f *Filter) Validate() error {
	bad := func(field, val, want string) error {
		return fmt.Errorf("%w: %s %q: %s", ErrInvalid, field, val, want)
	}
	for _, d := range []struct{ name, val string }{{"from", f.From}, {"to", f.To}} {
		if d.val == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.val); err != nil {
			return bad(d.name, d.val, "want a date YYYY-MM-DD")
		}
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		return bad("from", f.From, "after to")
	}
	for _, k := range []struct{ name, val string }{{"country", f.Country}, {"partner", f.Partner}} {
		if k.val != "" && !isKey(k.val) {
			return bad(k.name, k.val, "want an actor key such as RUS or ASEAN")
		}
	}
	if f.Partner != "" && f.Country == "" {
		return bad("partner", f.Partner, "needs country")
	}
	if f.Partner != "" && f.Partner == f.Country {
		return bad("partner", f.Partner, "same as country")
	}
	if f.Actor != "" && !isEntityID(f.Actor) {
		return bad("actor", f.Actor, "want an entity ID such as person:vladimir-putin")
	}
	if f.Root != "" && (len(f.Root) != 2 || f.Root[0] < '0' || f.Root[0] > '9' || f.Root[1] < '0' || f.Root[1] > '9') {
		return bad("root", f.Root, "want two digits, 01 to 20")
	}
	for _, w := range []struct{ name, val string }{
		{"plover", f.PLOVER}, {"modality", f.Modality}, {"type", f.EntityType},
	} {
		if w.val != "" && !isWord(w.val) {
			return bad(w.name, w.val, "want a single word")
		}
	}
	if len(f.Sector) > 80 {
		return bad("sector", f.Sector[:20]+"…", "too long")
	}
	if len(f.Text) > 500 {
		return bad("q", f.Text[:20]+"…", "too long (500 bytes at most)")
	}
	return nil
}

// Validate checks the filter and the page size.
func (q *Query) Validate() error {
	if q.Limit < 1 || q.Limit > MaxLimit {
		return fmt.Errorf("%w: limit %d: want 1 to %d", ErrInvalid, q.Limit, MaxLimit)
	}
	if len(q.Cursor) > 512 {
		return fmt.Errorf("%w: cursor too long", ErrInvalid)
	}
	return q.Filter.Validate()
}

// HasEventFilter reports whether f restricts events beyond dates and text:
// documents must then contain a matching event.
func (f *Filter) HasEventFilter() bool {
	return f.Country != "" || f.Partner != "" || f.Root != "" || f.PLOVER != "" || f.Modality != ""
}

// Valid reports whether by is a known interval.
func (by Interval) Valid() bool { return by == Day || by == Month || by == Year }
