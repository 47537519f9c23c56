package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/golden"
	"github.com/warta-dev/warta/internal/merge"
)

// checkGolden compares got with testdata/name (-update rewrites it).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

func f64(f float64) *float64 { return &f }

// fixtureEvents are hand-made canonical events with awkward values: a tab
// and a line break in names, markup characters, a negative score, known
// tone and geography, a group actor, and an undated event.
func fixtureEvents() []Event {
	wib := time.FixedZone("WIB", 7*3600)
	return []Event{
		{
			ID: "e0000000000000001", Date: "2024-05-12", EndDate: "2024-05-14",
			Source: Actor{Key: "IDN", Code: "IDNGOV", Name: "Menteri Luar Negeri\tIndonesia", Country: "IDN"},
			Target: Actor{Key: "VNM", Code: "VNMGOV", Name: "Vietnam", Country: "VNM"},
			Code:   "042", QuadClass: 1, Goldstein: 1.9, NumMentions: 5, NumSources: 3, NumArticles: 4,
			IsRoot: true, FirstSeen: time.Date(2024, 5, 12, 9, 30, 0, 0, wib), LastSeen: time.Date(2024, 5, 14, 0, 0, 0, 0, time.UTC),
			SourceURL: "https://contoh.example/a?x=1&y=2",
			ActionGeo: &Geo{Type: 4, FullName: "Jakarta, Jakarta Raya, Indonesia", CountryCode: "ID", ADM1Code: "ID04", Lat: -6.2146, Long: 106.845, HasPoint: true, FeatureID: "-2679652"},
			Mentions:  []Mention{{Doc: "d1", Start: 0, End: 80, Code: "042", Date: "2024-05-12", Outlet: "contoh.example", URL: "https://contoh.example/a?x=1&y=2", Sentence: "Kedua menteri bertemu \"di Jakarta\" <hari ini> & besok."}},
		},
		{
			ID: "e0000000000000002", Date: "2024-02-10", EndDate: "2024-02-11",
			Source: Actor{Key: "RUS", Code: "RUSMIL", Name: "Rusia", Country: "RUS"},
			Target: Actor{Key: "UKR", Code: "UKRGOVMIL", Name: "Ukraina\nKyiv", Country: "UKR"},
			Code:   "195", QuadClass: 4, Goldstein: -10, NumMentions: 3, NumSources: 2, NumArticles: 3, Tone: f64(-7.25),
			FirstSeen: time.Date(2024, 2, 10, 0, 0, 0, 0, time.UTC), LastSeen: time.Date(2024, 2, 11, 0, 0, 0, 0, time.UTC),
			Added: time.Date(2024, 2, 12, 1, 2, 3, 0, time.UTC), SourceURL: "https://contoh.example/b\n",
		},
		{
			ID: "e0000000000000003", Date: "2024-12-31", EndDate: "2024-12-31",
			Source: Actor{Key: "NATO", Code: "IGONAT", Name: "NATO", Org: "NATO"},
			Target: Actor{Key: "WST", Code: "WST", Name: "Barat"},
			Code:   "10", QuadClass: 3, Goldstein: -5, NumMentions: 1, NumSources: 1, NumArticles: 1,
			FirstSeen: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), LastSeen: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
		},
		{
			ID: "e0000000000000004", Source: Actor{Key: "IDN", Code: "IDN", Name: "Indonesia", Country: "IDN"},
			Target: Actor{Key: "=CMD", Code: "=CMD", Name: "@group"}, Code: "0431", QuadClass: 1, Goldstein: 2.8,
			NumMentions: 1, NumSources: 1, NumArticles: 1,
		},
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		got, err := ParseFormat(strings.ToUpper(string(f)))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", strings.ToUpper(string(f)), got, err, f)
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil {
		t.Error("ParseFormat(xlsx) = nil error, want one")
	}
	if _, err := NewEventWriter(&bytes.Buffer{}, GEXF); err == nil {
		t.Error("NewEventWriter(gexf) = nil error, want one")
	}
}

func TestGDELTColumns(t *testing.T) {
	cols := GDELTColumns()
	if len(cols) != 61 {
		t.Fatalf("len(GDELTColumns()) = %d, want 61", len(cols))
	}
	for i, want := range map[int]string{0: "GlobalEventID", 15: "Actor2Code", 25: "IsRootEvent", 34: "AvgTone",
		35: "Actor1Geo_Type", 39: "Actor1Geo_ADM2Code", 51: "ActionGeo_Type", 59: "DATEADDED", 60: "SOURCEURL"} {
		if cols[i] != want {
			t.Errorf("GDELTColumns()[%d] = %q, want %q", i, cols[i], want)
		}
	}
}

// colType is what a GDELT 2.0 column holds, per the Event Codebook V2.0.
type colType int

const (
	tString    colType = iota
	tInt               // signed integer, required
	tDay               // YYYYMMDD
	tMonth             // YYYYMM
	tYear              // YYYY
	tFraction          // YYYY.FFFF
	tCountry           // empty or three upper-case letters
	tBool              // 0 or 1
	tEventCode         // 2-4 digits
	tQuad              // 1-4
	tFloat             // required float
	tOptFloat          // empty or float
	tGeoType           // 0-5
	tCount             // integer ≥ 1
	tDateAdded         // YYYYMMDDHHMMSS
)

func gdeltTypes() []colType {
	types := []colType{tInt, tDay, tMonth, tYear, tFraction}
	for range 2 {
		types = append(types, tString, tString, tCountry, tString, tString, tString, tString, tString, tString, tString)
	}
	types = append(types, tBool, tEventCode, tEventCode, tEventCode, tQuad, tFloat, tCount, tCount, tCount, tOptFloat)
	for range 3 {
		types = append(types, tGeoType, tString, tString, tString, tString, tOptFloat, tOptFloat, tString)
	}
	return append(types, tDateAdded, tString)
}

var (
	reDay       = regexp.MustCompile(`^\d{8}$`)
	reMonth     = regexp.MustCompile(`^\d{6}$`)
	reYear      = regexp.MustCompile(`^\d{4}$`)
	reFraction  = regexp.MustCompile(`^\d{4}\.\d{4}$`)
	reCountry   = regexp.MustCompile(`^([A-Z]{3})?$`)
	reEventCode = regexp.MustCompile(`^\d{2,4}$`)
	reAdded     = regexp.MustCompile(`^\d{14}$`)
)

// checkGDELTLine parses one line of gdelt output against the column count
// and types, and the consistency of the date columns.
func checkGDELTLine(line string) error {
	cells := strings.Split(line, "\t")
	if len(cells) != 61 {
		return fmt.Errorf("%d columns, want 61", len(cells))
	}
	cols := GDELTColumns()
	for i, typ := range gdeltTypes() {
		c := cells[i]
		bad := func(why string) error { return fmt.Errorf("column %d %s = %q: %s", i+1, cols[i], c, why) }
		switch typ {
		case tInt, tCount, tQuad, tGeoType, tBool:
			n, err := strconv.ParseInt(c, 10, 64)
			switch {
			case err != nil:
				return bad("not an integer")
			case typ == tCount && n < 1:
				return bad("count below 1")
			case typ == tQuad && (n < 1 || n > 4):
				return bad("not a quad class")
			case typ == tGeoType && (n < 0 || n > 5):
				return bad("not a geo type")
			case typ == tBool && n != 0 && n != 1:
				return bad("not 0 or 1")
			case typ == tInt && n <= 0:
				return bad("not a positive ID")
			}
		case tDay:
			if _, err := time.Parse("20060102", c); err != nil || !reDay.MatchString(c) {
				return bad("not YYYYMMDD")
			}
		case tMonth:
			if !reMonth.MatchString(c) || c != cells[1][:6] {
				return bad("not the Day's YYYYMM")
			}
		case tYear:
			if !reYear.MatchString(c) || c != cells[1][:4] {
				return bad("not the Day's YYYY")
			}
		case tFraction:
			if !reFraction.MatchString(c) || c[:4] != cells[3] {
				return bad("not YYYY.FFFF of the Day's year")
			}
		case tCountry:
			if !reCountry.MatchString(c) {
				return bad("not empty or ISO3")
			}
		case tEventCode:
			if !reEventCode.MatchString(c) {
				return bad("not a CAMEO code")
			}
		case tFloat, tOptFloat:
			if c == "" && typ == tOptFloat {
				continue
			}
			if _, err := strconv.ParseFloat(c, 64); err != nil {
				return bad("not a number")
			}
		case tDateAdded:
			if _, err := time.Parse("20060102150405", c); err != nil || !reAdded.MatchString(c) {
				return bad("not YYYYMMDDHHMMSS")
			}
		case tString:
			if strings.ContainsAny(c, "\r\n") {
				return bad("line break in a cell")
			}
		}
	}
	code, base, root := cells[26], cells[27], cells[28]
	if !strings.HasPrefix(code, base) || !strings.HasPrefix(base, root) || len(root) != 2 {
		return fmt.Errorf("EventCode %s, EventBaseCode %s, EventRootCode %s do not nest", code, base, root)
	}
	return nil
}

// checkGDELT checks every line of a gdelt export and returns their count.
func checkGDELT(t *testing.T, out []byte) int {
	t.Helper()
	if len(out) > 0 && !bytes.HasSuffix(out, []byte("\n")) {
		t.Error("gdelt output does not end with a newline")
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	for i, line := range lines {
		if err := checkGDELTLine(line); err != nil {
			t.Errorf("line %d: %v\n%s", i+1, err, line)
		}
	}
	return len(lines)
}

func TestGDELT(t *testing.T) {
	var buf bytes.Buffer
	skipped, err := WriteEvents(&buf, GDELT, fixtureEvents())
	if err != nil {
		t.Fatal(err)
	}
	if skipped != 1 {
		t.Errorf("skipped = %d, want 1 (the undated event)", skipped)
	}
	if n := checkGDELT(t, buf.Bytes()); n != 3 {
		t.Errorf("%d lines, want 3", n)
	}
	checkGolden(t, "events.gdelt", buf.Bytes())

	cells := strings.Split(strings.Split(buf.String(), "\n")[0], "\t")
	want := map[string]string{
		"Day": "20240512", "FractionDate": "2024.3644", "Actor1Name": "MENTERI LUAR NEGERI INDONESIA",
		"Actor1CountryCode": "IDN", "Actor1Type1Code": "GOV", "IsRootEvent": "1", "EventBaseCode": "042",
		"EventRootCode": "04", "AvgTone": "", "ActionGeo_Type": "4", "ActionGeo_Lat": "-6.2146",
		"Actor1Geo_Type": "0", "DATEADDED": "20240512023000", "SOURCEURL": "https://contoh.example/a?x=1&y=2",
	}
	for i, col := range GDELTColumns() {
		if w, ok := want[col]; ok && cells[i] != w {
			t.Errorf("%s = %q, want %q", col, cells[i], w)
		}
	}

	w, _ := NewEventWriter(&bytes.Buffer{}, GDELT)
	undated := fixtureEvents()[3]
	if err := w.WriteEvent(&undated); !errors.Is(err, ErrNoDate) {
		t.Errorf("WriteEvent(undated) = %v, want ErrNoDate", err)
	}
}

func TestActorTypes(t *testing.T) {
	tests := []struct {
		a    Actor
		want []string
	}{
		{Actor{Code: "RUSGOV", Country: "RUS"}, []string{"GOV"}},
		{Actor{Code: "UKRGOVMIL", Country: "UKR"}, []string{"GOV", "MIL"}},
		{Actor{Code: "USABUSMEDEDUCVL", Country: "USA"}, []string{"BUS", "MED", "EDU"}},
		{Actor{Code: "IGONAT", Org: "NATO"}, []string{"IGO"}},
		{Actor{Code: "WST"}, nil},
		{Actor{Code: "REB"}, []string{"REB"}},
		{Actor{Code: "chn", Country: "CHN"}, nil},
	}
	for _, tt := range tests {
		if got := actorTypes(tt.a); !cmp.Equal(got, tt.want) {
			t.Errorf("actorTypes(%+v) = %v, want %v", tt.a, got, tt.want)
		}
	}
}

// TestGDELTFromMerge runs merged mentions through FromMerge into gdelt and
// parses the result.
func TestGDELTFromMerge(t *testing.T) {
	ptr := func(s string) *string { return &s }
	var ms []merge.Mention
	actors := []article.Actor{
		{Name: "Indonesia", Code: "IDNGOV", Country: ptr("IDN")},
		{Name: "Rusia", Code: "RUSGOV", Country: ptr("RUS")},
		{Name: "PBB", Code: "IGOUNO", Org: ptr("UN")},
	}
	for i := range 60 {
		pub, _ := article.ParsePublished(fmt.Sprintf("2024-03-%02d", 1+i%20))
		ms = append(ms, merge.Mention{
			Doc: fmt.Sprintf("doc%d", i/3), Outlet: fmt.Sprintf("outlet%d", i%4), Published: pub,
			URL: fmt.Sprintf("https://o%d.example/%d", i%4, i/3), Lede: i%5 == 0,
			Event: article.Event{Source: actors[i%3], Target: actors[(i+1)%3], CAMEO: []string{"040", "042", "112", "190"}[i%4],
				Goldstein: 1, QuadClass: 1, Start: i * 10, End: i*10 + 9},
		})
	}
	merged, err := merge.Merge(merge.DefaultConfig(), ms)
	if err != nil {
		t.Fatal(err)
	}
	events := make([]Event, len(merged))
	for i, ev := range merged {
		events[i] = FromMerge(ev)
	}
	var buf bytes.Buffer
	if _, err := WriteEvents(&buf, GDELT, events); err != nil {
		t.Fatal(err)
	}
	if n := checkGDELT(t, buf.Bytes()); n != len(merged) {
		t.Errorf("%d lines for %d events", n, len(merged))
	}
	seen := map[string]bool{}
	for line := range strings.SplitSeq(strings.TrimSpace(buf.String()), "\n") {
		id := strings.SplitN(line, "\t", 2)[0]
		if seen[id] {
			t.Errorf("GlobalEventID %s repeated", id)
		}
		seen[id] = true
	}
}

func FuzzGDELTRow(f *testing.F) {
	f.Add("RUSGOV", "Vladimir Putin", "RUS", "NATO", "0421", "https://x.example/a\tb", "2024-02-29", 4.5, 3)
	f.Add("", "\n\r\u2028", "", "", "19", "", "1999-12-31", -10.0, 0)
	f.Fuzz(func(t *testing.T, code, name, country, org, cameo, url, date string, goldstein float64, n int) {
		ev := Event{ID: name + code, Date: date, Source: Actor{Code: code, Name: name, Country: country, Org: org},
			Target: Actor{Code: code, Name: url}, Code: cameo, QuadClass: 1 + abs(n)%4, Goldstein: goldstein,
			NumMentions: 1 + abs(n)%1000, NumSources: 1, NumArticles: 1, SourceURL: url}
		var buf bytes.Buffer
		w, _ := NewEventWriter(&buf, GDELT)
		err := w.WriteEvent(&ev)
		if err != nil {
			if !errors.Is(err, ErrNoDate) {
				t.Fatalf("WriteEvent: %v", err)
			}
			return
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		line := strings.TrimSuffix(buf.String(), "\n")
		if strings.Count(line, "\t") != 60 || strings.ContainsAny(line, "\n\r") {
			t.Fatalf("row has %d tabs or a line break: %q", strings.Count(line, "\t"), line)
		}
		if ok := goodCAMEO(cameo) && (country == "" || reCountry.MatchString(country)) && goodFloat(goldstein) && !strings.ContainsAny(code+name+org, "\u0085"); ok && date[:4] > "0000" {
			if err := checkGDELTLine(line); err != nil {
				t.Fatalf("%v\n%q", err, line)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -(n + 1)
	}
	return n
}

func goodCAMEO(c string) bool { return reEventCode.MatchString(c) }
func goodFloat(f float64) bool {
	_, err := strconv.ParseFloat(strconv.FormatFloat(f, 'f', -1, 64), 64)
	return err == nil
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteEvents(&buf, CSV, fixtureEvents()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "events.csv", buf.Bytes())
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatalf("reading the csv back: %v", err)
	}
	if len(rows) != 5 || !cmp.Equal(rows[0], CSVColumns()) {
		t.Fatalf("csv has %d rows, header %v", len(rows), rows[0])
	}
	last := rows[4]
	if last[8] != "'=CMD" || last[10] != "'@group" {
		t.Errorf("formula-like cells = %q, %q; want them defused", last[8], last[10])
	}
	if rows[2][16] != "-10" {
		t.Errorf("goldstein cell = %q, want -10 untouched", rows[2][16])
	}
}

func TestJSONL(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteEvents(&buf, JSONL, fixtureEvents()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "events.jsonl", buf.Bytes())
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4", len(lines))
	}
	for i, line := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		for _, k := range []string{"id", "cameo", "root", "num_mentions", "num_articles", "num_sources", "mentions", "source", "target"} {
			if _, ok := v[k]; !ok {
				t.Errorf("line %d has no %q", i+1, k)
			}
		}
	}
}
