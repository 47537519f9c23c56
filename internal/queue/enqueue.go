package queue

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/riverqueue/river"
)

// Defaults of EnqueueOptions.
const (
	DefaultSliceLines = 1000
	DefaultInlineMax  = 4 << 20
)

// EnqueueOptions tune Enqueue. Zero fields take the defaults.
type EnqueueOptions struct {
	// SliceLines is how many lines of a JSON Lines file make one unit
	// (default 1000).
	SliceLines int
	// InlineMax is the largest unit, in bytes before compression, whose
	// content travels in the job (default 4 MiB). Larger units carry an
	// absolute path and byte range, and workers must see the same file at
	// the same path. Negative: never inline.
	InlineMax int64
	// Fail receives each input that cannot be enqueued (missing, unreadable);
	// the others go on. Nil ignores them.
	Fail func(where string, err error)
}

// EnqueueResult counts what Enqueue did.
type EnqueueResult struct {
	Units     int   `json:"units"`     // units found
	Queued    int   `json:"queued"`    // new jobs
	Duplicate int   `json:"duplicate"` // units already queued, running or done: no-ops
	Inline    int   `json:"inline"`    // units that carry their content
	Bytes     int64 `json:"bytes"`     // bytes of input covered
	Failed    int   `json:"failed"`    // inputs reported to Fail
}

// insertBatch bounds one InsertMany: jobs, and bytes of inline content.
const (
	insertBatchJobs  = 500
	insertBatchBytes = 32 << 20
)

// Enqueue turns inputs (files, directories walked recursively, http(s)
// URLs) into units and queues each as a unique job. Re-enqueueing the same
// inputs queues nothing new while the first jobs are kept (see
// WorkConfig.KeepDone). It fails only on a database error; a bad input is
// reported to o.Fail and counted.
func (q *Queue) Enqueue(ctx context.Context, inputs []string, o EnqueueOptions) (EnqueueResult, error) {
	if o.SliceLines <= 0 {
		o.SliceLines = DefaultSliceLines
	}
	if o.InlineMax == 0 {
		o.InlineMax = DefaultInlineMax
	}
	e := &enqueuer{q: q, o: o}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return e.res, err
		}
		if err := e.input(ctx, in); err != nil {
			return e.res, err
		}
	}
	if err := e.flush(ctx); err != nil {
		return e.res, err
	}
	return e.res, nil
}

// enqueuer is the state of one Enqueue: the jobs waiting to be inserted.
type enqueuer struct {
	q       *Queue
	o       EnqueueOptions
	res     EnqueueResult
	pending []river.InsertManyParams
	bytes   int
}

func (e *enqueuer) fail(where string, err error) {
	e.res.Failed++
	if e.o.Fail != nil {
		e.o.Fail(where, err)
	}
}

// add queues one unit, inserting the pending ones when there are enough.
func (e *enqueuer) add(ctx context.Context, a UnitArgs) error {
	e.res.Units++
	if a.Content != nil {
		e.res.Inline++
	}
	e.pending = append(e.pending, river.InsertManyParams{Args: a})
	e.bytes += len(a.Content)
	if len(e.pending) >= insertBatchJobs || e.bytes >= insertBatchBytes {
		return e.flush(ctx)
	}
	return nil
}

func (e *enqueuer) flush(ctx context.Context) error {
	if len(e.pending) == 0 {
		return nil
	}
	res, err := e.q.client.InsertMany(ctx, e.pending)
	if err != nil {
		return fmt.Errorf("enqueue %d units: %w", len(e.pending), err)
	}
	for _, r := range res {
		if r.UniqueSkippedAsDuplicate {
			e.res.Duplicate++
		} else {
			e.res.Queued++
		}
	}
	clear(e.pending)
	e.pending, e.bytes = e.pending[:0], 0
	return nil
}

func (e *enqueuer) input(ctx context.Context, in string) error {
	if isURL(in) {
		return e.add(ctx, UnitArgs{Type: UnitURL, Input: in})
	}
	abs, err := filepath.Abs(in)
	if err != nil {
		e.fail(in, err)
		return nil
	}
	info, err := os.Stat(abs)
	if err != nil {
		e.fail(in, pathErr(err))
		return nil
	}
	if !info.IsDir() {
		return e.file(ctx, abs, info)
	}
	return filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			e.fail(p, pathErr(err))
			return nil
		}
		if p != abs && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || unitKind(p) == "" {
			return nil
		}
		info, err := os.Stat(p) // follows a symlink
		if err != nil {
			e.fail(p, pathErr(err))
			return nil
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		return e.file(ctx, p, info)
	})
}

// unitKind is the unit kind of a file by its name, the way ingest reads
// it; "" for a name a directory walk skips.
func unitKind(name string) string {
	n := strings.TrimSuffix(strings.ToLower(filepath.Base(name)), ".gz")
	switch filepath.Ext(n) {
	case ".jsonl", ".ndjson":
		return UnitLines
	case ".warc":
		return UnitWARC
	case ".xml", ".rss", ".atom":
		return UnitFeed
	case ".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".csv", ".tsv":
		return UnitFile
	}
	return ""
}

// file queues one file: a unit, or a unit per slice of a JSON Lines file.
func (e *enqueuer) file(ctx context.Context, path string, info fs.FileInfo) error {
	kind := unitKind(path)
	if kind == UnitLines {
		return e.lines(ctx, path)
	}
	if kind == "" {
		kind = UnitFile // named explicitly: ingest sniffs its format
	}
	return e.whole(ctx, kind, path, info)
}

// whole queues a whole file as one unit.
func (e *enqueuer) whole(ctx context.Context, kind, path string, info fs.FileInfo) error {
	e.res.Bytes += info.Size()
	a := UnitArgs{Type: kind, Input: path, Size: info.Size()}
	if e.o.InlineMax < 0 || info.Size() > e.o.InlineMax {
		// Too big to travel in the job: the worker reads the file itself
		// and checks its size. Hashing gigabytes of WARC here would cost
		// as much as reading them there.
		return e.add(ctx, a)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		e.fail(path, pathErr(err))
		return nil
	}
	a.Digest = digest(data)
	if a.Content, err = pack(data); err != nil {
		return err
	}
	return e.add(ctx, a)
}

// lines queues a JSON Lines file (gzip-compressed or not) in slices of
// SliceLines lines. Line numbers and byte offsets count the decompressed
// stream, as ingest does.
func (e *enqueuer) lines(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		e.fail(path, pathErr(err))
		return nil
	}
	defer f.Close()
	lr := bufio.NewReaderSize(f, 256<<10)
	if magic, _ := lr.Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(lr)
		if err != nil {
			e.fail(path, fmt.Errorf("read: %w", err))
			return nil
		}
		defer zr.Close()
		lr = bufio.NewReaderSize(zr, 256<<10)
	}
	if head, _ := lr.Peek(4096); isJSONArray(head) {
		// A JSON array misnamed .jsonl, which ingest reads whole: one unit.
		f.Close()
		info, err := os.Stat(path)
		if err != nil {
			e.fail(path, pathErr(err))
			return nil
		}
		return e.whole(ctx, UnitFile, path, info)
	}
	var (
		buf    bytes.Buffer
		first  = 1
		n      int   // lines in buf
		offset int64 // of buf's first byte
	)
	emit := func() error {
		if n == 0 {
			return nil
		}
		data := buf.Bytes()
		a := UnitArgs{Type: UnitLines, Input: path, First: first, Lines: n,
			Offset: offset, Size: int64(len(data)), Digest: digest(data)}
		if e.o.InlineMax >= 0 && int64(len(data)) <= e.o.InlineMax {
			var err error
			if a.Content, err = pack(data); err != nil {
				return err
			}
		}
		e.res.Bytes += int64(len(data))
		offset += int64(len(data))
		first += n
		n = 0
		buf.Reset()
		return e.add(ctx, a)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := lr.ReadSlice('\n')
		for err == bufio.ErrBufferFull { // a long line: keep reading it
			buf.Write(line)
			line, err = lr.ReadSlice('\n')
		}
		buf.Write(line)
		if len(line) > 0 && line[len(line)-1] == '\n' || err == io.EOF && len(line) > 0 {
			n++
		}
		if err != nil && err != io.EOF {
			// What was read is queued; the failure is the line it broke at.
			if eerr := emit(); eerr != nil {
				return eerr
			}
			e.fail(fmt.Sprintf("%s:%d", path, first), fmt.Errorf("read: %w", err))
			return nil
		}
		if n == e.o.SliceLines || err == io.EOF {
			if eerr := emit(); eerr != nil {
				return eerr
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// digest is the hex SHA-256 of data.
func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// pack returns data gzip-compressed, or as it is when it already is.
func pack(data []byte) ([]byte, error) {
	if isGzip(data) {
		return data, nil
	}
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	if err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	if _, err := zw.Write(data); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	return b.Bytes(), nil
}

// isJSONArray reports whether a stream starts, after a byte-order mark and
// white space, with '['.
func isJSONArray(head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(head) > 0 && head[0] == '['
}

func isGzip(data []byte) bool { return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b }

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
