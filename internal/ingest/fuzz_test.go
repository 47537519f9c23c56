package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzRead parses data as format f (formatUnknown sniffs) and checks what
// every parser promises: no panic, only articles with text, one-line
// failures with a where.
func fuzzRead(t *testing.T, data []byte, f format) {
	opts := DefaultOptions()
	opts.MaxBytes = 1 << 20
	opts.MaxLine = 1 << 16
	r := offline(opts)
	c := &collect{}
	w := &walker{r: r, sink: c, progress: c.Progress}
	d := doc{src: "fuzz", format: f, tick: func() {}}
	if err := w.read(context.Background(), d, bufio.NewReaderSize(bytes.NewReader(data), 64<<10)); err != nil {
		t.Fatalf("read = %v, want nil (only ctx or the sink stop a walk)", err)
	}
	for _, raw := range c.raws {
		if strings.TrimSpace(raw.Content) == "" {
			t.Errorf("article %q has no text", raw.Where())
		}
		if raw.Line < 0 {
			t.Errorf("article line %d", raw.Line)
		}
	}
	for _, fl := range c.fails {
		if !strings.HasPrefix(fl, "fuzz") || strings.ContainsAny(fl, "\n\r") {
			t.Errorf("failure %q: want one line starting with where", fl)
		}
	}
}

// addFixtures seeds f with testdata files matching pattern.
func addFixtures(f *testing.F, pattern string) {
	paths, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		if fi, err := os.Stat(p); err != nil || fi.IsDir() {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzJSONL(f *testing.F) {
	addFixtures(f, "*.jsonl")
	f.Add([]byte("{\"text\": \"a\"}\n\n{\"text\": 1}\n[\n{\"content\": \"\\ud800\"}"))
	f.Add(gz(f, []byte("{\"text\": \"dikompresi\"}\n")))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, formatJSONL) })
}

func FuzzJSON(f *testing.F) {
	addFixtures(f, "*.json")
	f.Add([]byte(`[{"text": "a"}, 1, {"body": "b"}] trailing`))
	f.Add([]byte("{\"text\": \"a\"}\n{\"text\": \"b\"}"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, formatJSON) })
}

func FuzzCSV(f *testing.F) {
	addFixtures(f, "*.csv")
	addFixtures(f, "*.tsv")
	f.Add([]byte("\ufefftext,title\n\"a\nb\",c\n\"unterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, formatCSV)
		fuzzRead(t, data, formatTSV)
	})
}

func FuzzFeed(f *testing.F) {
	addFixtures(f, "*.xml")
	f.Add([]byte(`<rss><channel><item><title>x</title><link>http://contoh.id/</link></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content>` + strings.Repeat("a ", 300) + `</content></entry></feed>`))
	f.Add([]byte(`{"version": "https://jsonfeed.org/version/1.1", "items": [{"content_text": "x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, formatFeed) })
}

func FuzzWARC(f *testing.F) {
	recs, _ := warcFixture(f)
	f.Add(warcBytes(f, "WARC/1.1", false, recs...))
	f.Add(warcBytes(f, "WARC/1.0", true, recs[:4]...))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nteks\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, formatWARC)
		// The reader alone: offsets grow and records end where they say.
		wr := newWARCReader(bytes.NewReader(data))
		last := int64(-1)
		for range 1000 {
			rec, err := wr.Next()
			if err != nil {
				break
			}
			if rec.Offset <= last {
				t.Fatalf("record offset %d after %d", rec.Offset, last)
			}
			last = rec.Offset
		}
	})
}

// FuzzSniff feeds anything to the dispatcher, as for a file with an unknown
// extension given on the command line.
func FuzzSniff(f *testing.F) {
	addFixtures(f, "*")
	f.Add([]byte("\xff\xfeA\x00B\x00"))
	f.Add(gz(f, []byte("<html><body><p>x</p></body></html>")))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, formatUnknown) })
}

// FuzzJSONUnquote checks the string decoder against encoding/json on every
// literal json accepts: parseRecord only hands it values json has validated.
func FuzzJSONUnquote(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\nb\u00e9\ud83d\ude00"`, `"\ud800"`, `"\"\\\/"`, `"\u"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = bytes.Trim(data, " \t\r\n") // as parseRecord's values are
		got, ok := jsonUnquote(data)
		var want string
		if json.Unmarshal(data, &want) != nil || !utf8.Valid(data) {
			return // json turns invalid UTF-8 into U+FFFD; jsonUnquote keeps it
		}
		if !ok || got != want {
			t.Fatalf("jsonUnquote(%q) = %q, %v; json.Unmarshal = %q", data, got, ok, want)
		}
	})
}
