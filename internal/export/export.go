// Package export writes canonical events and the actor network in formats
// other tools read: GDELT 2.0 event rows (gdelt), warta's own fields (csv,
// jsonl), and the actor network for Gephi and graph libraries (gexf,
// graphml). Writers take plain values and an io.Writer; the caller queries
// the store and opens the output.
package export

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/warta-dev/warta/internal/merge"
)

// Format names an output format.
type Format string

// The formats `warta export --format` accepts.
const (
	GDELT   Format = "gdelt"   // tab-separated GDELT 2.0 event table, no header
	CSV     Format = "csv"     // warta's canonical event fields, with a header
	JSONL   Format = "jsonl"   // one canonical event per line, with its mentions
	GEXF    Format = "gexf"    // actor network, GEXF 1.3
	GraphML Format = "graphml" // actor network, GraphML
)

// Formats lists every format, events first.
func Formats() []Format { return []Format{GDELT, CSV, JSONL, GEXF, GraphML} }

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("export: unknown format %q (want gdelt, csv, jsonl, gexf or graphml)", s)
}

// IsGraph reports whether the format holds the actor network rather than
// event rows.
func (f Format) IsGraph() bool { return f == GEXF || f == GraphML }

// ErrNoDate is wrapped by the error a GDELT writer returns for an event
// without a date: GDELT's date columns are required. Nothing is written
// for that event.
var ErrNoDate = errors.New("event has no date")

// Actor is one side of an event.
type Actor struct {
	Key     string `json:"key"`               // merge key: ISO3, IGO code, WST or upper-case code
	Code    string `json:"code"`              // CAMEO actor code, e.g. RUSGOV
	Name    string `json:"name"`              // as written, e.g. "Vladimir Putin"
	Country string `json:"country,omitempty"` // ISO 3166 alpha-3
	Org     string `json:"org,omitempty"`     // intergovernmental organisation's short code
}

// Geo is a place in GDELT's geography columns. GDELT writes FIPS 10-4
// country codes and ADM codes here, not ISO codes: the caller converts.
type Geo struct {
	Type        int // 1 country, 2 US state, 3 US city, 4 world city, 5 world state
	FullName    string
	CountryCode string // FIPS 10-4, two letters
	ADM1Code    string
	ADM2Code    string
	Lat, Long   float64
	HasPoint    bool // Lat and Long are known
	FeatureID   string
}

// Mention is one report of an event, for the jsonl format.
type Mention struct {
	Doc       string `json:"doc"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Code      string `json:"cameo"`
	Date      string `json:"date,omitempty"`
	Published string `json:"published,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	URL       string `json:"url,omitempty"`
	Sentence  string `json:"sentence,omitempty"` // filled by the caller if it has the text
}

// Event is a canonical event as the writers see it.
type Event struct {
	ID string
	// GlobalID is the GDELT GlobalEventID; 0 derives one from ID (GlobalID).
	GlobalID  int64
	Date      string // "2006-01-02": the event's first day
	EndDate   string // its last day
	Source    Actor
	Target    Actor
	Code      string // CAMEO event code
	QuadClass int
	Goldstein float64
	// NumMentions, NumSources and NumArticles are the counts GDELT has
	// under the same names.
	NumMentions, NumSources, NumArticles int
	// Tone is the average tone, nil when unknown (warta does not score
	// tone yet; GDELT's AvgTone column is then empty).
	Tone   *float64
	IsRoot bool // reported in a headline or lede
	// FirstSeen and LastSeen bound when the event was reported.
	FirstSeen, LastSeen time.Time
	// Added is GDELT's DATEADDED, when the event entered the database;
	// zero uses FirstSeen.
	Added                           time.Time
	SourceURL                       string
	SourceGeo, TargetGeo, ActionGeo *Geo
	Mentions                        []Mention
}

// Root returns the CAMEO root code: the first two digits.
func (e *Event) Root() string {
	if len(e.Code) < 2 {
		return e.Code
	}
	return e.Code[:2]
}

// BaseCode returns GDELT's EventBaseCode: the first three digits.
func (e *Event) BaseCode() string {
	if len(e.Code) < 3 {
		return e.Code
	}
	return e.Code[:3]
}

// GlobalEventID returns e.GlobalID, or when that is 0 a positive integer
// derived from e.ID: the first 53 bits of its SHA-256, plus one, so that
// it survives tools that read numbers as float64 and is never 0. Among a
// million events the chance of any collision is about 1 in 18,000.
func (e *Event) GlobalEventID() int64 {
	if e.GlobalID != 0 {
		return e.GlobalID
	}
	sum := sha256.Sum256([]byte(e.ID))
	return int64(binary.BigEndian.Uint64(sum[:8])>>11) + 1
}

// FromMerge converts a canonical event from package merge.
func FromMerge(ev merge.Event) Event {
	out := Event{
		ID: ev.ID, Date: ev.Date, EndDate: ev.EndDate,
		Source: Actor(ev.Source), Target: Actor(ev.Target),
		Code: ev.Code, QuadClass: ev.QuadClass, Goldstein: ev.Goldstein,
		NumMentions: ev.NumMentions, NumSources: ev.NumSources, NumArticles: ev.NumArticles,
		IsRoot: ev.IsRoot, FirstSeen: ev.FirstSeen, LastSeen: ev.LastSeen, SourceURL: ev.SourceURL,
		Mentions: make([]Mention, len(ev.Mentions)),
	}
	for i, m := range ev.Mentions {
		out.Mentions[i] = Mention{Doc: m.Doc, Start: m.Start, End: m.End, Code: m.Code, Date: m.Date,
			Published: m.Published, Outlet: m.Outlet, URL: m.URL}
	}
	return out
}

// EventWriter writes events one at a time in one format.
type EventWriter interface {
	// WriteEvent writes one event.
	WriteEvent(ev *Event) error
	// Close flushes what is buffered. It does not close the underlying
	// io.Writer.
	Close() error
}

// NewEventWriter returns a writer of event rows in format f: gdelt, csv or
// jsonl. The graph formats take a whole Graph: see WriteGraph.
func NewEventWriter(w io.Writer, f Format) (EventWriter, error) {
	switch f {
	case GDELT:
		return newGDELTWriter(w), nil
	case CSV:
		return newCSVWriter(w)
	case JSONL:
		return newJSONLWriter(w), nil
	}
	return nil, fmt.Errorf("export: format %q does not write event rows", f)
}

// WriteEvents writes events in format f: rows for gdelt, csv and jsonl,
// the actor network (Network) for gexf and graphml. Events without a date
// are left out of gdelt output and counted in skipped.
func WriteEvents(w io.Writer, f Format, events []Event) (skipped int, err error) {
	if f.IsGraph() {
		return 0, WriteGraph(w, f, Network(events))
	}
	ew, err := NewEventWriter(w, f)
	if err != nil {
		return 0, err
	}
	for i := range events {
		if err := ew.WriteEvent(&events[i]); err != nil {
			if errors.Is(err, ErrNoDate) {
				skipped++
				continue
			}
			return skipped, err
		}
	}
	return skipped, ew.Close()
}

// WriteGraph writes an actor network in format f: gexf or graphml.
func WriteGraph(w io.Writer, f Format, g Graph) error {
	switch f {
	case GEXF:
		return WriteGEXF(w, g)
	case GraphML:
		return WriteGraphML(w, g)
	}
	return fmt.Errorf("export: format %q does not write a graph", f)
}
