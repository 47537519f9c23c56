package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/warta-dev/warta/internal/article"
)

// collect is a Sink that keeps everything it gets.
type collect struct {
	mu        sync.Mutex
	raws      []article.Raw
	fails     []string // "where: err"
	errs      []error
	progress  int64
	calls     int // Progress calls
	stopAfter int // Article returns errStop after this many; 0 never
}

var errStop = errors.New("stop")

func (c *collect) Article(_ context.Context, raw *article.Raw) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.raws = append(c.raws, *raw)
	if c.stopAfter > 0 && len(c.raws) >= c.stopAfter {
		return errStop
	}
	return nil
}

func (c *collect) Fail(where string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fails = append(c.fails, where+": "+err.Error())
	c.errs = append(c.errs, err)
}

func (c *collect) Progress(n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n <= 0 {
		panic(fmt.Sprintf("Progress(%d)", n))
	}
	c.progress += n
	c.calls++
}

// plainSink is a Sink without Progress.
type plainSink struct{ c *collect }

func (p plainSink) Article(ctx context.Context, raw *article.Raw) error { return p.c.Article(ctx, raw) }
func (p plainSink) Fail(where string, err error)                        { p.c.Fail(where, err) }

// offline returns a Reader whose fetches fail without touching the network.
func offline(opts Options) *Reader {
	r := New(opts)
	r.fetch = func(_ context.Context, url string) (*page, error) {
		return nil, fmt.Errorf("GET %s: offline test", url)
	}
	return r
}

// walk runs r over inputs and returns what the sink got.
func walk(t *testing.T, r *Reader, inputs ...string) *collect {
	t.Helper()
	c := &collect{}
	if err := r.Walk(context.Background(), inputs, c); err != nil {
		t.Fatalf("Walk(%q) = %v, want nil", inputs, err)
	}
	return c
}

// writeFile writes data to name in dir and returns the path.
func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// gz compresses data as one gzip member.
func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// warcRec is a WARC record for tests.
type warcRec struct {
	typ, uri, contentType string
	block                 string
}

// warcBytes writes records as a WARC file, each its own gzip member when
// compress is set, the way .warc.gz files are written.
func warcBytes(t testing.TB, version string, compress bool, recs ...warcRec) []byte {
	t.Helper()
	var out bytes.Buffer
	for i, r := range recs {
		var b strings.Builder
		fmt.Fprintf(&b, "%s\r\n", version)
		fmt.Fprintf(&b, "WARC-Type: %s\r\n", r.typ)
		fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n", i)
		fmt.Fprintf(&b, "WARC-Date: 2025-03-04T05:06:07Z\r\n")
		if r.uri != "" {
			fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.uri)
		}
		if r.contentType != "" {
			fmt.Fprintf(&b, "Content-Type: %s\r\n", r.contentType)
		}
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s\r\n\r\n", len(r.block), r.block)
		if compress {
			out.Write(gz(t, []byte(b.String())))
		} else {
			out.WriteString(b.String())
		}
	}
	return out.Bytes()
}

// httpResponse writes a stored HTTP response.
func httpResponse(status, contentType, body string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %s\r\n", status)
	if contentType != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", contentType)
	}
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	if !strings.Contains(strings.Join(extra, "\n"), "Transfer-Encoding") {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n" + body)
	return b.String()
}

// readFixture returns a testdata file as a string.
func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
