package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSVColumns are the csv format's columns: warta's canonical event fields.
func CSVColumns() []string {
	return []string{
		"id", "date", "end_date",
		"source_key", "source_code", "source_name", "source_country", "source_org",
		"target_key", "target_code", "target_name", "target_country", "target_org",
		"cameo", "root", "quad_class", "goldstein",
		"num_mentions", "num_articles", "num_sources", "is_root",
		"first_seen", "last_seen", "source_url",
	}
}

type csvWriter struct {
	w   *csv.Writer
	row []string
}

func newCSVWriter(w io.Writer) (*csvWriter, error) {
	c := &csvWriter{w: csv.NewWriter(w)}
	if err := c.w.Write(CSVColumns()); err != nil {
		return nil, fmt.Errorf("export: csv header: %w", err)
	}
	return c, nil
}

// WriteEvent writes one CSV row. Text cells that a spreadsheet would run
// as a formula (starting with =, +, -, @) get a leading apostrophe.
func (c *csvWriter) WriteEvent(ev *Event) error {
	r := append(c.row[:0],
		ev.ID, ev.Date, ev.EndDate,
		ev.Source.Key, ev.Source.Code, ev.Source.Name, ev.Source.Country, ev.Source.Org,
		ev.Target.Key, ev.Target.Code, ev.Target.Name, ev.Target.Country, ev.Target.Org,
		ev.Code, ev.Root(), strconv.Itoa(ev.QuadClass), strconv.FormatFloat(ev.Goldstein, 'f', -1, 64),
		strconv.Itoa(ev.NumMentions), strconv.Itoa(ev.NumArticles), strconv.Itoa(ev.NumSources),
		strconv.FormatBool(ev.IsRoot), timeString(ev.FirstSeen), timeString(ev.LastSeen), ev.SourceURL,
	)
	for i, s := range r {
		r[i] = defuse(s)
	}
	c.row = r
	if err := c.w.Write(r); err != nil {
		return fmt.Errorf("export: csv row for event %s: %w", ev.ID, err)
	}
	return nil
}

// Close flushes the buffered rows.
func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	return nil
}

// defuse prefixes an apostrophe to a cell that is not a number and starts
// like a spreadsheet formula.
func defuse(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// timeString is RFC 3339 in UTC, "" for the zero time.
func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// jsonEvent is one line of the jsonl format.
type jsonEvent struct {
	ID          string    `json:"id"`
	Date        string    `json:"date"`
	EndDate     string    `json:"end_date"`
	Source      Actor     `json:"source"`
	Target      Actor     `json:"target"`
	CAMEO       string    `json:"cameo"`
	Root        string    `json:"root"`
	QuadClass   int       `json:"quad_class"`
	Goldstein   float64   `json:"goldstein"`
	NumMentions int       `json:"num_mentions"`
	NumArticles int       `json:"num_articles"`
	NumSources  int       `json:"num_sources"`
	IsRoot      bool      `json:"is_root"`
	Tone        *float64  `json:"tone"`
	FirstSeen   string    `json:"first_seen"`
	LastSeen    string    `json:"last_seen"`
	SourceURL   string    `json:"source_url"`
	Mentions    []Mention `json:"mentions"`
}

type jsonlWriter struct {
	w   *bufio.Writer
	enc *json.Encoder
}

func newJSONLWriter(w io.Writer) *jsonlWriter {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonlWriter{w: bw, enc: enc}
}

// WriteEvent writes one JSON object and a newline.
func (j *jsonlWriter) WriteEvent(ev *Event) error {
	mentions := ev.Mentions
	if mentions == nil {
		mentions = []Mention{}
	}
	err := j.enc.Encode(jsonEvent{
		ID: ev.ID, Date: ev.Date, EndDate: ev.EndDate, Source: ev.Source, Target: ev.Target,
		CAMEO: ev.Code, Root: ev.Root(), QuadClass: ev.QuadClass, Goldstein: ev.Goldstein,
		NumMentions: ev.NumMentions, NumArticles: ev.NumArticles, NumSources: ev.NumSources,
		IsRoot: ev.IsRoot, Tone: ev.Tone, FirstSeen: timeString(ev.FirstSeen), LastSeen: timeString(ev.LastSeen),
		SourceURL: ev.SourceURL, Mentions: mentions,
	})
	if err != nil {
		return fmt.Errorf("export: jsonl line for event %s: %w", ev.ID, err)
	}
	return nil
}

// Close flushes the buffered lines.
func (j *jsonlWriter) Close() error {
	if err := j.w.Flush(); err != nil {
		return fmt.Errorf("export: jsonl: %w", err)
	}
	return nil
}
