package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// GDELTColumns are the 61 columns of the GDELT 2.0 Events table, in order
// (GDELT Event Codebook V2.0). The gdelt format writes no header, as GDELT's
// own files do not; this list is for callers and tests that want one.
func GDELTColumns() []string {
	cols := []string{"GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"}
	for _, a := range []string{"Actor1", "Actor2"} {
		for _, f := range []string{"Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
			"Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code"} {
			cols = append(cols, a+f)
		}
	}
	cols = append(cols, "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
		"GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
	for _, g := range []string{"Actor1Geo", "Actor2Geo", "ActionGeo"} {
		for _, f := range []string{"Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"} {
			cols = append(cols, g+"_"+f)
		}
	}
	return append(cols, "DATEADDED", "SOURCEURL")
}

// gdeltWriter writes GDELT 2.0 event rows.
type gdeltWriter struct {
	w   *bufio.Writer
	row []string
}

func newGDELTWriter(w io.Writer) *gdeltWriter {
	return &gdeltWriter{w: bufio.NewWriter(w), row: make([]string, 0, 61)}
}

// WriteEvent writes one tab-separated row.
//
// Column choices: Actor*Name is the name upper-cased, as GDELT writes it;
// Actor*CountryCode is the ISO3 country (CAMEO country codes are ISO3 for
// states); Actor*KnownGroupCode is the IGO's CAMEO group code; the three
// Actor*Type*Code columns are the role codes in the CAMEO actor code after
// its country (RUSGOV → GOV); ethnic and religion codes are empty.
// IsRootEvent is 1 when some report has the event in its headline or lede,
// GDELT's own proxy for importance. AvgTone is empty unless known.
// Geography columns come from the Geo values when given; otherwise the
// type is 0, as in GDELT, and the rest empty. DATEADDED is YYYYMMDDHHMMSS in
// UTC. Tabs and line breaks inside text become spaces.
func (g *gdeltWriter) WriteEvent(ev *Event) error {
	day, err := time.Parse(time.DateOnly, ev.Date)
	if err != nil {
		return fmt.Errorf("export: gdelt row for event %s (date %q): %w", ev.ID, ev.Date, ErrNoDate)
	}
	r := g.row[:0]
	r = append(r,
		strconv.FormatInt(ev.GlobalEventID(), 10),
		day.Format("20060102"),
		day.Format("200601"),
		day.Format("2006"),
		fractionDate(day),
	)
	r = appendActor(r, ev.Source)
	r = appendActor(r, ev.Target)
	r = append(r,
		boolDigit(ev.IsRoot),
		clean(ev.Code),
		clean(ev.BaseCode()),
		clean(ev.Root()),
		strconv.Itoa(ev.QuadClass),
		strconv.FormatFloat(ev.Goldstein, 'f', -1, 64),
		strconv.Itoa(ev.NumMentions),
		strconv.Itoa(ev.NumSources),
		strconv.Itoa(ev.NumArticles),
		optFloat(ev.Tone),
	)
	r = appendGeo(r, ev.SourceGeo)
	r = appendGeo(r, ev.TargetGeo)
	r = appendGeo(r, ev.ActionGeo)
	added := ev.Added
	if added.IsZero() {
		added = ev.FirstSeen
	}
	if added.IsZero() {
		added = day
	}
	r = append(r, added.UTC().Format("20060102150405"), clean(ev.SourceURL))
	g.row = r

	for i, c := range r {
		if i > 0 {
			g.w.WriteByte('\t')
		}
		g.w.WriteString(c)
	}
	if err := g.w.WriteByte('\n'); err != nil {
		return fmt.Errorf("export: gdelt row for event %s: %w", ev.ID, err)
	}
	return nil
}

// Close flushes the buffered rows.
func (g *gdeltWriter) Close() error {
	if err := g.w.Flush(); err != nil {
		return fmt.Errorf("export: gdelt: %w", err)
	}
	return nil
}

// fractionDate is GDELT's YYYY.FFFF: the year plus the fraction of it
// completed by that day, day of year / 365 as GDELT computes it
// (2019-01-25 → 2019.0685). The fraction is capped at .9999 so that the
// last day or two of a year do not print as the next year.
func fractionDate(day time.Time) string {
	frac := min(float64(day.YearDay())/365, 0.9999)
	return fmt.Sprintf("%04d.%04d", day.Year(), int(frac*10000+0.5))
}

// appendActor appends the ten Actor columns.
func appendActor(r []string, a Actor) []string {
	types := actorTypes(a)
	for len(types) < 3 {
		types = append(types, "")
	}
	country := a.Country
	if len(country) != 3 {
		country = ""
	}
	return append(r,
		clean(strings.ToUpper(a.Code)),
		clean(strings.ToUpper(a.Name)),
		clean(country),
		clean(knownGroup(a.Org)),
		"", "", "", // ethnic, religion 1 and 2
		types[0], types[1], types[2],
	)
}

// actorTypes returns up to three CAMEO role codes from an actor code: the
// three-letter chunks after its country prefix that are role codes.
func actorTypes(a Actor) []string {
	code := strings.ToUpper(a.Code)
	if a.Country != "" && strings.HasPrefix(code, strings.ToUpper(a.Country)) {
		code = code[len(a.Country):]
	} else if len(code) >= 3 && !isRole(code[:3]) {
		code = code[3:] // a region or group prefix, e.g. WST, IGO's NAT
	}
	var out []string
	for len(code) >= 3 && len(out) < 3 {
		if isRole(code[:3]) {
			out = append(out, code[:3])
		}
		code = code[3:]
	}
	return out
}

// isRole reports whether a three-letter code is a CAMEO actor role (type)
// code: the domestic and international roles of the CAMEO actor codebook.
func isRole(c string) bool {
	switch c {
	case "COP", "GOV", "INS", "JUD", "MIL", "OPP", "PTY", "REB", "SEP", "SPY", "UAF",
		"AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB",
		"LEG", "MED", "REF", "MOD", "RAD",
		"IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS", "SET":
		return true
	}
	return false
}

// knownGroup maps an IGO short code to its CAMEO known-group code where
// they differ; others pass through upper-cased.
func knownGroup(org string) string {
	switch o := strings.ToUpper(org); o {
	case "UN", "PBB":
		return "UNO"
	case "NATO":
		return "NAT"
	case "EU":
		return "EEC"
	case "ASEAN":
		return "ASN"
	default:
		return o
	}
}

// appendGeo appends the eight geography columns of one place.
func appendGeo(r []string, g *Geo) []string {
	if g == nil {
		return append(r, "0", "", "", "", "", "", "", "")
	}
	lat, long := "", ""
	if g.HasPoint {
		lat = strconv.FormatFloat(g.Lat, 'f', -1, 64)
		long = strconv.FormatFloat(g.Long, 'f', -1, 64)
	}
	return append(r, strconv.Itoa(g.Type), clean(g.FullName), clean(g.CountryCode),
		clean(g.ADM1Code), clean(g.ADM2Code), lat, long, clean(g.FeatureID))
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func optFloat(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// clean makes a value safe for a tab-separated cell: tabs and line breaks
// become spaces.
func clean(s string) string {
	if !strings.ContainsAny(s, "\t\r\n\v\f\u0085\u2028\u2029") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\r', '\n', '\v', '\f', '\u0085', '\u2028', '\u2029':
			return ' '
		}
		return r
	}, s)
}
