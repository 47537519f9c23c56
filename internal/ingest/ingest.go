// Package ingest turns user inputs (files, directories and URLs) into
// article.Raw values: plain text, HTML pages, JSON and JSON Lines article
// records, CSV tables, RSS and Atom feeds, and WARC archives.
//
// It only reads and splits. Cleaning, metadata and storage belong to later
// stages, so an HTML page goes out as article.KindHTML with the page as
// written, and text is passed through byte for byte even when it is not valid
// UTF-8 (the clean stage repairs Latin-1 and mojibake).
//
// Bad input never stops a walk: each bad file, line, record or feed item is
// reported to Sink.Fail with a one-line error, and the walk goes on.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/warta-dev/warta/internal/article"
)

// DefaultUserAgent is the User-Agent header sent with every fetch.
const DefaultUserAgent = "warta/0.1 (+https://github.com/warta-dev/warta)"

// Defaults used by DefaultOptions and for zero fields of Options.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultMaxBytes     = 10 << 20
	DefaultMaxRedirects = 5
	DefaultMaxLine      = 64 << 20
)

// Errors reported to Sink.Fail, for callers that count failures by kind.
// Each is wrapped with detail, so test them with errors.Is.
var (
	// ErrBinary means an input is not text.
	ErrBinary = errors.New("binary file, not text")
	// ErrEmpty means an input has no content.
	ErrEmpty = errors.New("empty file")
	// ErrTooLarge means an input is over Options.MaxBytes or Options.MaxLine.
	ErrTooLarge = errors.New("input too large")
	// ErrNoText means an article record or CSV table has no usable text.
	ErrNoText = errors.New("no text")
	// ErrPrivateAddress means a fetch was refused because the host resolved
	// to a loopback, private, link-local or unspecified address.
	ErrPrivateAddress = errors.New("refusing non-public address")
)

// Sink receives what a walk finds.
type Sink interface {
	// Article receives one raw article. A non-nil error (e.g. ctx cancelled) stops the walk.
	Article(ctx context.Context, raw *article.Raw) error
	// Fail records one bad input; the walk goes on. where = "path" or "path:line".
	Fail(where string, err error)
}

// Progresser is implemented by sinks that show progress. Walk calls Progress
// with the bytes of local input consumed since the previous call (per JSONL
// line, CSV record, feed item, WARC record or file); over a whole walk the
// calls add up to Size of the same inputs. Compressed files count their
// compressed bytes. URLs count nothing.
type Progresser interface {
	Progress(n int64)
}

// Options configures a Reader. Zero fields take the defaults.
type Options struct {
	// AllowPrivate lets fetches reach loopback, private, link-local and
	// unspecified addresses. It is off by default so that a feed link or a
	// redirect cannot reach services inside the host's own network.
	AllowPrivate bool
	// Timeout bounds one whole fetch, body included (default 20s).
	Timeout time.Duration
	// MaxBytes is the largest document read whole into memory: a fetched
	// body, a .txt, .html or feed file, or a WARC payload (default 10 MiB).
	// Larger ones fail with ErrTooLarge.
	MaxBytes int64
	// MaxRedirects is how many redirects a fetch follows (default 5);
	// negative forbids redirects.
	MaxRedirects int
	// UserAgent is sent with every fetch (default DefaultUserAgent).
	UserAgent string
	// MaxLine is the longest JSON Lines line, JSON value in a .json file or
	// CSV record accepted (default 64 MiB). Longer ones fail with ErrTooLarge.
	MaxLine int
	// Logger receives debug logs (skipped files, fetches); nil discards them.
	Logger *slog.Logger
}

// DefaultOptions returns the options used for the command line: public
// addresses only, 20s timeout, 10 MiB documents, 5 redirects.
func DefaultOptions() Options {
	return Options{
		Timeout:      DefaultTimeout,
		MaxBytes:     DefaultMaxBytes,
		MaxRedirects: DefaultMaxRedirects,
		UserAgent:    DefaultUserAgent,
		MaxLine:      DefaultMaxLine,
	}
}

// Reader walks inputs and sends the articles it finds to a Sink. It holds an
// HTTP client, so make one and reuse it. A Reader is safe for concurrent use
// by several walks.
type Reader struct {
	opts Options
	log  *slog.Logger
	// fetch gets one URL; it is r.get except in tests that must not touch
	// the network.
	fetch func(ctx context.Context, url string) (*page, error)
}

// New returns a Reader with opts, zero fields replaced by their defaults.
func New(opts Options) *Reader {
	def := DefaultOptions()
	if opts.Timeout <= 0 {
		opts.Timeout = def.Timeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = def.MaxBytes
	}
	switch {
	case opts.MaxRedirects == 0:
		opts.MaxRedirects = def.MaxRedirects
	case opts.MaxRedirects < 0:
		opts.MaxRedirects = 0
	}
	if opts.UserAgent == "" {
		opts.UserAgent = def.UserAgent
	}
	if opts.MaxLine <= 0 {
		opts.MaxLine = def.MaxLine
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Reader{opts: opts, log: log}
	client := newClient(opts)
	r.fetch = func(ctx context.Context, url string) (*page, error) { return r.get(ctx, client, url) }
	return r
}

// Walk reads every input in order (a file, a directory walked recursively,
// or an http(s) URL) and sends each article to sink.Article and each bad
// input to sink.Fail. It returns only when the inputs are done (nil), ctx is
// cancelled (ctx.Err()), or sink.Article returns an error (that error).
func (r *Reader) Walk(ctx context.Context, inputs []string, sink Sink) error {
	w := &walker{r: r, sink: sink}
	if p, ok := sink.(Progresser); ok {
		w.progress = p.Progress
	}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.input(ctx, in); err != nil {
			return err
		}
	}
	return nil
}

// Size returns the total bytes of local inputs (files, dir contents) for a progress bar; URLs count 0.
// Directories count only the files Walk would read.
func Size(inputs []string) int64 {
	var total int64
	for _, in := range inputs {
		if isURL(in) {
			continue
		}
		info, err := os.Stat(in)
		if err != nil {
			continue
		}
		if !info.IsDir() {
			total += info.Size()
			continue
		}
		_ = eachFile(in, func(_ string, info fs.FileInfo, err error) error {
			if err == nil {
				total += info.Size()
			}
			return nil
		})
	}
	return total
}

// walker is the state of one Walk.
type walker struct {
	r        *Reader
	sink     Sink
	progress func(int64) // nil when the sink does not want progress
}

// doc is one input stream on its way to a parser.
type doc struct {
	src    string // Raw.Source, and the "where" of failures
	url    string // final URL of a fetched page; "" for files
	format format // from the name or content type; formatUnknown sniffs
	gz     bool   // the stream was gzip-compressed
	tick   func() // reports progress so far
}

func (d doc) at(line int) string {
	if line <= 0 {
		return d.src
	}
	return d.src + ":" + strconv.Itoa(line)
}

func (w *walker) fail(where string, err error) {
	w.r.log.Debug("ingest: bad input", "where", where, "err", err)
	w.sink.Fail(where, err)
}

func (w *walker) emit(ctx context.Context, raw *article.Raw) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return w.sink.Article(ctx, raw)
}

// readErr describes a failed read of d's stream.
func (w *walker) readErr(d doc, err error) error {
	if d.gz && errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("truncated gzip stream: %w", err)
	}
	return fmt.Errorf("read: %w", err)
}

func (w *walker) input(ctx context.Context, in string) error {
	if isURL(in) {
		return w.url(ctx, in)
	}
	info, err := os.Stat(in)
	if err != nil {
		w.fail(in, pathErr(err))
		return nil
	}
	if info.IsDir() {
		return w.dir(ctx, in)
	}
	return w.file(ctx, in, info, formatByName(in))
}

func (w *walker) dir(ctx context.Context, root string) error {
	return eachFile(root, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			w.fail(p, pathErr(err))
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return w.file(ctx, p, info, formatByName(p))
	})
}

// eachFile calls visit for every file under root that Walk reads: supported
// extensions, hidden files and directories skipped, in lexical order.
// Symbolic links to files are followed; links to directories are not.
// A visit error other than nil stops the walk and is returned.
func eachFile(root string, visit func(path string, info fs.FileInfo, err error) error) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return visit(p, nil, err)
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || formatByName(p) == formatUnknown {
			return nil
		}
		info, err := os.Stat(p) // follows a symlink
		if err != nil {
			return visit(p, nil, err)
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		return visit(p, info, nil)
	})
}

func (w *walker) file(ctx context.Context, path string, info fs.FileInfo, f format) error {
	file, err := os.Open(path)
	if err != nil {
		w.fail(path, pathErr(err))
		return nil
	}
	defer file.Close()
	m := &meter{r: file, report: w.progress}
	defer m.finish(info.Size())
	br := bufio.NewReaderSize(m, 64<<10)
	m.buffered = br.Buffered
	return w.read(ctx, doc{src: path, format: f, tick: m.tick}, br)
}

// sniffLen is how much of a stream is looked at to tell its format and
// whether it is text.
const sniffLen = 8 << 10

// read decompresses, sniffs and parses one input stream.
func (w *walker) read(ctx context.Context, d doc, br *bufio.Reader) error {
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			w.fail(d.src, w.readErr(doc{gz: true}, err))
			return nil
		}
		defer zr.Close()
		d.gz = true
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	head, err := br.Peek(sniffLen)
	if len(head) == 0 {
		if err != nil && err != io.EOF {
			w.fail(d.src, w.readErr(d, err))
		} else {
			w.fail(d.src, ErrEmpty)
		}
		return nil
	}
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		// UTF-16 with a byte-order mark (Windows "Unicode" text files).
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
		head, _ = br.Peek(sniffLen)
	}
	if d.format == formatUnknown {
		d.format = sniff(head)
	}
	// WARC records may carry binary payloads (images), so only WARC skips
	// the text check.
	if d.format != formatWARC && isBinary(head) {
		w.fail(d.src, ErrBinary)
		return nil
	}
	switch d.format {
	case formatText, formatHTML:
		return w.whole(ctx, d, br)
	case formatJSON:
		return w.json(ctx, d, br)
	case formatJSONL:
		if first := bytes.TrimLeft(trimBOM(head), " \t\r\n"); len(first) > 0 && first[0] == '[' {
			return w.json(ctx, d, br) // a JSON array misnamed .jsonl
		}
		return w.jsonl(ctx, d, br)
	case formatCSV:
		return w.csv(ctx, d, br, ',')
	case formatTSV:
		return w.csv(ctx, d, br, '\t')
	case formatFeed:
		return w.feed(ctx, d, br)
	case formatWARC:
		return w.warc(ctx, d, br)
	}
	w.fail(d.src, ErrBinary)
	return nil
}

// readWhole reads all of r, failing with ErrTooLarge past limit bytes.
func readWhole(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: over the %s limit", ErrTooLarge, formatSize(limit))
	}
	return data, nil
}

// whole emits a text or HTML document read whole.
func (w *walker) whole(ctx context.Context, d doc, r io.Reader) error {
	data, err := readWhole(r, w.r.opts.MaxBytes)
	if err != nil {
		if !errors.Is(err, ErrTooLarge) {
			err = w.readErr(d, err)
		}
		w.fail(d.src, err)
		return nil
	}
	data = trimBOM(data)
	if len(bytes.TrimSpace(data)) == 0 {
		w.fail(d.src, ErrEmpty)
		return nil
	}
	kind := article.KindText
	if d.format == formatHTML {
		kind = article.KindHTML
	}
	return w.emit(ctx, &article.Raw{Source: d.src, Kind: kind, Content: string(data), URL: d.url})
}

// meter counts the bytes read from a local file and reports them as progress.
type meter struct {
	r        io.Reader
	n        int64
	last     int64
	report   func(int64)
	buffered func() int // bytes read but still in the buffer above; may be nil
}

func (m *meter) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	m.n += int64(n)
	return n, err
}

// tick reports the bytes consumed since the last report. It is exact for
// plain files; for compressed ones the decompressor's read-ahead makes it run
// a little ahead, which is fine for a progress bar.
func (m *meter) tick() {
	if m.report == nil {
		return
	}
	pos := m.n
	if m.buffered != nil {
		pos -= int64(m.buffered())
	}
	if pos > m.last {
		m.report(pos - m.last)
		m.last = pos
	}
}

// finish reports the rest of a file of size bytes, read or not, so that a
// walk's reports add up to Size.
func (m *meter) finish(size int64) {
	if m.report != nil && size > m.last {
		m.report(size - m.last)
		m.last = size
	}
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// pathErr drops the operation and path from an os error: the path is
// already the "where" of the failure.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// formatSize writes a byte count the way limits are set: "10 MiB", "512 B".
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " B"
}
