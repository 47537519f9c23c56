package main

// End-to-end tests of stories, canonical events and warta export: one event
// reported by several outlets, ingested in two orders into two databases.

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// storyArticles are made-up reports: three copies of one wire story from
// three outlets (a byline, a changed word, a credit line), an independent
// report of the same condemnation by a fourth outlet, and an unrelated
// report.
func storyArticles() []map[string]string {
	wire := "Australia mengecam uji coba rudal balistik yang dilakukan Korea Utara pada Selasa (10/9/2019).\n" +
		"Menteri Luar Negeri Australia menyebut uji coba itu melanggar resolusi Dewan Keamanan dan mengancam keamanan kawasan.\n" +
		"Rudal itu ditembakkan dari pesisir timur dan jatuh di laut setelah terbang sekitar tiga ratus kilometer, menurut militer Korea Selatan.\n" +
		"Pemerintah di Pyongyang belum memberikan tanggapan atas kecaman tersebut hingga Selasa malam."
	return []map[string]string{
		{"outlet": "Kawat Satu", "url": "https://kawat-satu.example/1", "published": "2019-09-10T14:00:00+07:00",
			"title": "Australia Kecam Uji Coba Rudal Korea Utara", "text": wire},
		{"outlet": "Harian Dua", "url": "https://harian-dua.example/2", "published": "2019-09-10T16:30:00+07:00",
			"title": "Australia Kecam Korea Utara", "text": "CANBERRA, Harian Dua -\n" + strings.Replace(wire, "sekitar tiga ratus", "kira-kira tiga ratus", 1)},
		{"outlet": "Portal Tiga", "url": "https://portal-tiga.example/3", "published": "2019-09-11",
			"title": "Rudal Korea Utara Dikecam", "text": wire + "\n(rtr/ant)"},
		{"outlet": "Warta Empat", "url": "https://warta-empat.example/4", "published": "2019-09-10T20:00:00+07:00",
			"title": "Canberra Kecam Pyongyang", "text": "Australia mengecam uji coba rudal balistik yang dilakukan Korea Utara pada Selasa (10/9/2019).\n" +
				"Dalam pernyataan tertulis, pemerintah Australia meminta Pyongyang kembali ke meja perundingan tanpa syarat."},
		{"outlet": "Kawat Satu", "url": "https://kawat-satu.example/5", "published": "2019-09-12",
			"title": "Jepang dan Indonesia Tandatangani Perjanjian", "text": "Pemerintah Jepang dan Indonesia menandatangani perjanjian kerja sama keamanan maritim di Tokyo, Kamis (12/9/2019).\n" +
				"Perjanjian itu mencakup patroli bersama dan pelatihan penjaga pantai."},
	}
}

func writeJSONL(t *testing.T, path string, recs []map[string]string) {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// canonicalRow is a canonical event as stored, with its mentions' documents.
type canonicalRow struct {
	ID, Date, Source, Target, Code      string
	Mentions, Articles, Sources, IsRoot int
	Docs                                string
}

func canonicalRows(t *testing.T, path string) []canonicalRow {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT ce.id, ce.date, ce.source_key, ce.target_key, ce.cameo,
	ce.num_mentions, ce.num_articles, ce.num_sources, ce.is_root,
	(SELECT group_concat(d.id || '#' || cm.ord, ' ') FROM canonical_mentions cm JOIN documents d ON d.seq = cm.doc_seq
	 WHERE cm.event_id = ce.id ORDER BY cm.pos)
FROM canonical_events ce ORDER BY ce.id`)
	if err != nil {
		t.Fatalf("read canonical events of %s: %v", path, err)
	}
	defer rows.Close()
	var out []canonicalRow
	for rows.Next() {
		var r canonicalRow
		if err := rows.Scan(&r.ID, &r.Date, &r.Source, &r.Target, &r.Code, &r.Mentions, &r.Articles, &r.Sources, &r.IsRoot, &r.Docs); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExportCanonicalEventsOrderIndependent(t *testing.T) {
	dir := t.TempDir()
	recs := storyArticles()
	fwd, rev := filepath.Join(dir, "fwd.jsonl"), filepath.Join(dir, "rev.jsonl")
	writeJSONL(t, fwd, recs)
	reversed := slices.Clone(recs)
	slices.Reverse(reversed)
	writeJSONL(t, rev, reversed)

	dbA, dbB := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	r := run(t, "ingest", "-q", "--db", dbA, fwd)
	if r.code != 0 {
		t.Fatalf("ingest forward: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "consolidated 5 documents") {
		t.Errorf("ingest stderr = %q, want a consolidation line", r.stderr)
	}
	// The reverse order goes in two runs, so that the second updates the
	// canonical events the first made.
	writeJSONL(t, filepath.Join(dir, "rev1.jsonl"), reversed[:2])
	writeJSONL(t, filepath.Join(dir, "rev2.jsonl"), reversed[2:])
	for _, in := range []string{"rev1.jsonl", "rev2.jsonl", "rev.jsonl"} {
		if r := run(t, "ingest", "-q", "--db", dbB, filepath.Join(dir, in)); r.code != 0 {
			t.Fatalf("ingest %s: exit %d\n%s", in, r.code, r.stderr)
		}
	}

	a, b := canonicalRows(t, dbA), canonicalRows(t, dbB)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("canonical events, forward vs reversed in two runs (-forward +reversed):\n%s", diff)
	}
	// The condemnation: four articles, four outlets, one event.
	var found bool
	for _, ev := range a {
		if ev.Source == "AUS" && ev.Target == "PRK" && strings.HasPrefix(ev.Code, "11") {
			found = true
			if ev.Articles != 4 || ev.Sources != 4 || ev.Date != "2019-09-10" || ev.IsRoot != 1 {
				t.Errorf("AUS→PRK condemnation = %+v, want 4 articles from 4 sources on 2019-09-10, in a lede", ev)
			}
		}
	}
	if !found {
		t.Errorf("no AUS→PRK disapproval among the canonical events %+v", a)
	}

	// Copies are stored: the three wire copies form one story.
	db, err := sql.Open("sqlite", dbA)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stories, copies int
	if err := db.QueryRow(`SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM doc_stories GROUP BY story HAVING n > 1)`).Scan(&stories, &copies); err != nil {
		t.Fatal(err)
	}
	if stories != 1 || copies != 3 {
		t.Errorf("stories with copies = %d holding %d documents, want 1 holding 3", stories, copies)
	}

	// gdelt to a file, and to stdout: the same bytes.
	out := filepath.Join(dir, "events.tsv")
	r = run(t, "export", "--db", dbA, "--format", "gdelt", "-o", out)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("export gdelt -o: exit %d, stdout %q\n%s", r.code, r.stdout, r.stderr)
	}
	file, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	r = run(t, "export", "--db", dbA, "--format", "gdelt")
	if r.code != 0 || r.stdout != string(file) {
		t.Fatalf("export gdelt to stdout: exit %d, %d bytes, want the file's %d\n%s", r.code, len(r.stdout), len(file), r.stderr)
	}
	n, err := checkGDELT(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if n != len(a) {
		t.Errorf("gdelt rows = %d, want %d (every event is dated)", n, len(a))
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".events.tsv.*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	// Filters narrow the rows.
	r = run(t, "export", "--db", dbA, "--format", "gdelt", "--country", "aus", "--root", "11", "--from", "2019-09-01", "--to", "2019-09-30")
	if got := strings.Count(r.stdout, "\n"); r.code != 0 || got != 1 {
		t.Errorf("export --country aus --root 11: exit %d, %d rows, want 1\n%s", r.code, got, r.stderr)
	}
	if r := run(t, "export", "--db", dbA, "--format", "gdelt", "--root", "1"); r.code != 2 {
		t.Errorf("export --root 1: exit %d, want 2 (usage)", r.code)
	}
	if r := run(t, "export", "--db", dbA, "--format", "xls"); r.code != 2 {
		t.Errorf("export --format xls: exit %d, want 2 (usage)", r.code)
	}

	// jsonl carries every mention's sentence.
	r = run(t, "export", "--db", dbA, "--format", "jsonl")
	if r.code != 0 {
		t.Fatalf("export jsonl: exit %d\n%s", r.code, r.stderr)
	}
	for i, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var ev struct {
			NumMentions int `json:"num_mentions"`
			Mentions    []struct {
				Sentence string `json:"sentence"`
			} `json:"mentions"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("jsonl line %d: %v", i+1, err)
		}
		if len(ev.Mentions) != ev.NumMentions || ev.Mentions[0].Sentence == "" {
			t.Errorf("jsonl line %d: %d mentions (want %d) with sentence %q", i+1, len(ev.Mentions), ev.NumMentions, ev.Mentions[0].Sentence)
		}
	}

	// The graph formats are well-formed XML of the right structure.
	for _, f := range []string{"gexf", "graphml"} {
		r := run(t, "export", "--db", dbA, "--format", f)
		if r.code != 0 {
			t.Fatalf("export %s: exit %d\n%s", f, r.code, r.stderr)
		}
		if err := checkGraphXML(f, r.stdout); err != nil {
			t.Errorf("export %s: %v", f, err)
		}
	}
}

// TestGDELTExportFile checks a gdelt export named by $WARTA_GDELT_FILE, as
// the acceptance check of a corpus export: every line must parse.
func TestGDELTExportFile(t *testing.T) {
	path := os.Getenv("WARTA_GDELT_FILE")
	if path == "" {
		t.Skip("WARTA_GDELT_FILE not set")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := checkGDELT(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d rows, all valid", path, n)
}

var (
	reInt     = regexp.MustCompile(`^-?[0-9]+$`)
	reFloat   = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	reCAMEO   = regexp.MustCompile(`^[0-9]{2,4}$`)
	reDay     = regexp.MustCompile(`^[0-9]{8}$`)
	reAdded   = regexp.MustCompile(`^[0-9]{14}$`)
	reCountry = regexp.MustCompile(`^([A-Z]{3})?$`)
)

// checkGDELT parses every line of a GDELT 2.0 event file: 61 tab-separated
// columns of the codebook's types. It returns the number of rows.
func checkGDELT(r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		if err := checkGDELTRow(sc.Text()); err != nil {
			return n, fmt.Errorf("gdelt line %d: %w", n, err)
		}
	}
	return n, sc.Err()
}

func checkGDELTRow(line string) error {
	c := strings.Split(line, "\t")
	if len(c) != 61 {
		return fmt.Errorf("%d columns, want 61", len(c))
	}
	check := func(i int, ok bool, what string) error {
		if !ok {
			return fmt.Errorf("column %d %q: not %s", i+1, c[i], what)
		}
		return nil
	}
	num := func(i int, lo, hi float64) bool {
		v, err := strconv.ParseFloat(c[i], 64)
		return err == nil && reFloat.MatchString(c[i]) && v >= lo && v <= hi
	}
	id, err := strconv.ParseInt(c[0], 10, 64)
	errs := []error{
		check(0, err == nil && id > 0, "a positive GlobalEventID"),
		check(1, reDay.MatchString(c[1]), "a YYYYMMDD day"),
		check(2, c[2] == c[1][:6], "the day's YYYYMM"),
		check(3, c[3] == c[1][:4], "the day's year"),
		check(4, num(4, 1900, 2200) && strings.HasPrefix(c[4], c[3]+"."), "a fraction date in the year"),
		check(7, reCountry.MatchString(c[7]), "an ISO3 country or empty"),
		check(17, reCountry.MatchString(c[17]), "an ISO3 country or empty"),
		check(25, c[25] == "0" || c[25] == "1", "IsRootEvent 0 or 1"),
		check(26, reCAMEO.MatchString(c[26]), "a CAMEO event code"),
		check(27, strings.HasPrefix(c[26], c[27]) && len(c[27]) <= 3, "the base code"),
		check(28, len(c[28]) == 2 && strings.HasPrefix(c[26], c[28]), "the root code"),
		check(29, c[29] >= "1" && c[29] <= "4" && len(c[29]) == 1, "a QuadClass 1-4"),
		check(30, num(30, -10, 10), "a Goldstein score in [-10, 10]"),
		check(34, c[34] == "" || reFloat.MatchString(c[34]), "a tone or empty"),
		check(59, reAdded.MatchString(c[59]), "a YYYYMMDDHHMMSS DATEADDED"),
	}
	for i := 31; i <= 33; i++ { // NumMentions, NumSources, NumArticles
		v, err := strconv.Atoi(c[i])
		errs = append(errs, check(i, err == nil && v >= 1 && reInt.MatchString(c[i]), "a count of at least 1"))
	}
	if m, s, a := c[31], c[32], c[33]; len(m) > 0 && len(s) > 0 && len(a) > 0 {
		nm, _ := strconv.Atoi(m)
		ns, _ := strconv.Atoi(s)
		na, _ := strconv.Atoi(a)
		errs = append(errs, check(32, ns <= na && na <= nm, "NumSources <= NumArticles <= NumMentions"))
	}
	for g := 35; g < 59; g += 8 { // three geographies: type, name, country, ADM1, ADM2, lat, long, feature
		errs = append(errs, check(g, reInt.MatchString(c[g]), "a geo type"),
			check(g+5, c[g+5] == "" || num(g+5, -90, 90), "a latitude or empty"),
			check(g+6, c[g+6] == "" || num(g+6, -180, 180), "a longitude or empty"))
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkGraphXML parses a GEXF or GraphML document and checks its
// structure: the root element, one graph, nodes with IDs, and edges whose
// ends are nodes.
func checkGraphXML(format, doc string) error {
	type edge struct {
		Source string `xml:"source,attr"`
		Target string `xml:"target,attr"`
	}
	type node struct {
		ID string `xml:"id,attr"`
	}
	var nodes []node
	var edges []edge
	switch format {
	case "gexf":
		var g struct {
			XMLName xml.Name `xml:"http://gexf.net/1.3 gexf"`
			Version string   `xml:"version,attr"`
			Graph   []struct {
				Nodes []node `xml:"nodes>node"`
				Edges []edge `xml:"edges>edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal([]byte(doc), &g); err != nil {
			return err
		}
		if len(g.Graph) != 1 || g.Version != "1.3" {
			return fmt.Errorf("gexf version %q with %d graphs, want 1.3 with 1", g.Version, len(g.Graph))
		}
		nodes, edges = g.Graph[0].Nodes, g.Graph[0].Edges
	case "graphml":
		var g struct {
			XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
			Graph   []struct {
				Nodes []node `xml:"node"`
				Edges []edge `xml:"edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal([]byte(doc), &g); err != nil {
			return err
		}
		if len(g.Graph) != 1 {
			return fmt.Errorf("%d graphs, want 1", len(g.Graph))
		}
		nodes, edges = g.Graph[0].Nodes, g.Graph[0].Edges
	}
	if len(nodes) == 0 || len(edges) == 0 {
		return fmt.Errorf("%d nodes and %d edges, want some of each", len(nodes), len(edges))
	}
	ids := map[string]bool{}
	for _, n := range nodes {
		if n.ID == "" || ids[n.ID] {
			return fmt.Errorf("node ID %q empty or repeated", n.ID)
		}
		ids[n.ID] = true
	}
	for _, e := range edges {
		if !ids[e.Source] || !ids[e.Target] {
			return fmt.Errorf("edge %s→%s: an end is not a node", e.Source, e.Target)
		}
	}
	return nil
}
