package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/ingest"
	"github.com/warta-dev/warta/internal/pipeline"
	"github.com/warta-dev/warta/internal/store"
)

// ingestOptions are the flags of warta ingest.
type ingestOptions struct {
	db           string
	allowPrivate bool
	workers      int
	batch        int
	timeout      time.Duration
	quiet        bool
	cpuProfile   string // bench only
}

func (e *env) ingestCmd() *cobra.Command {
	var o ingestOptions
	var qo enqueueOptions // --queue: queue.go
	cmd := &cobra.Command{
		Use:   "ingest [--db PATH] INPUT...",
		Short: "Read articles (files, folders, URLs, feeds, WARC) into the database",
		Long: `Read articles into the database. INPUT is a .txt, .html/.htm, .json, .jsonl,
.jsonl.gz, .csv, RSS/Atom feed or WARC (.warc, .warc.gz) file, an http(s) URL
(a page or a feed), or a directory (read recursively).

Documents are keyed by the hash of their cleaned text, so re-running the same
command adds nothing, and a run that was killed finishes where it stopped.
Bad inputs are reported one line each and counted; the rest of the batch goes
on. The exit status is 1 when any input failed.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if qo.queue {
				return e.enqueue(cmd.Context(), o.db, qo, o.quiet, args)
			}
			return e.ingest(cmd.Context(), o, args)
		},
	}
	dbFlag(cmd, &o.db)
	qo.flags(cmd)
	cmd.Flags().BoolVar(&o.allowPrivate, "allow-private", false, "allow fetching URLs on loopback and private networks")
	cmd.Flags().IntVar(&o.workers, "workers", runtime.NumCPU(), "articles processed in parallel")
	cmd.Flags().IntVar(&o.batch, "batch", 256, "articles written per database transaction")
	cmd.Flags().DurationVar(&o.timeout, "timeout", 20*time.Second, "timeout of one URL fetch")
	cmd.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar and no per-input error lines")
	return cmd
}

// errFailedInputs makes the exit status 1 after a summary that already said why.
var errFailedInputs = errors.New("some inputs failed (see above)")

func (e *env) ingest(ctx context.Context, o ingestOptions, inputs []string) error {
	if o.workers < 1 || o.batch < 1 {
		return usageError{"--workers and --batch must be at least 1"}
	}
	st, err := e.openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()

	pipe, err := pipeline.Default(pipeline.Options{Seen: st.Has})
	if err != nil {
		return fmt.Errorf("build pipeline: %w", err)
	}
	ropts := ingest.DefaultOptions()
	ropts.AllowPrivate = o.allowPrivate
	ropts.Timeout = o.timeout
	ropts.Logger = e.log
	reader := ingest.New(ropts)

	run := newIngestRun(e.stderr, o.quiet)
	run.startProgress(ctx, ingest.Size(inputs))
	sum, err := run.process(ctx, reader, pipe, st, inputs, o)
	run.stopProgress()
	fmt.Fprintln(e.stderr, sum.String())
	if err != nil {
		return err
	}
	if err := e.consolidate(ctx, st); err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errFailedInputs
	}
	return nil
}

// Summary counts what an ingest run did.
type Summary struct {
	Read    int64          `json:"read"`
	Stored  int64          `json:"stored"`
	Present int64          `json:"present"`
	Failed  int64          `json:"failed"`
	Reasons map[string]int `json:"reasons"`
	Elapsed time.Duration  `json:"-"`
}

// String is the one-paragraph summary printed after every run.
func (s Summary) String() string {
	var b strings.Builder
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Read) / s.Elapsed.Seconds()
	}
	fmt.Fprintf(&b, "read %d, stored %d, already present %d, failed %d (%.1fs, %.0f articles/s)",
		s.Read, s.Stored, s.Present, s.Failed, s.Elapsed.Seconds(), rate)
	if len(s.Reasons) > 0 {
		type kv struct {
			k string
			v int
		}
		var rs []kv
		for k, v := range s.Reasons {
			rs = append(rs, kv{k, v})
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i].v > rs[j].v || rs[i].v == rs[j].v && rs[i].k < rs[j].k })
		b.WriteString("\nfailures by reason:")
		for _, r := range rs {
			fmt.Fprintf(&b, "\n  %6d  %s", r.v, r.k)
		}
	}
	return b.String()
}

// ingestRun is one ingest: a reader feeding workers that feed one writer.
type ingestRun struct {
	stderr io.Writer
	quiet  bool

	mu      sync.Mutex // guards sum.Reasons and writes to out
	sum     Summary
	read    atomic.Int64
	stored  atomic.Int64
	present atomic.Int64
	failed  atomic.Int64

	progress *mpb.Progress
	bar      *mpb.Bar
	out      io.Writer // where failure lines go: above the bar, or stderr
	start    time.Time
}

func newIngestRun(stderr io.Writer, quiet bool) *ingestRun {
	return &ingestRun{stderr: stderr, quiet: quiet, out: stderr, start: time.Now(),
		sum: Summary{Reasons: map[string]int{}}}
}

// isTerminal reports whether w is a terminal, so that progress is drawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (r *ingestRun) startProgress(ctx context.Context, total int64) {
	if r.quiet || !isTerminal(r.stderr) {
		return
	}
	r.progress = mpb.NewWithContext(ctx, mpb.WithOutput(r.stderr), mpb.WithWidth(40),
		mpb.WithRefreshRate(150*time.Millisecond))
	articles := decor.Any(func(decor.Statistics) string {
		n := r.read.Load()
		secs := time.Since(r.start).Seconds()
		if secs <= 0 {
			secs = 1
		}
		return fmt.Sprintf("%d articles, %.0f/s", n, float64(n)/secs)
	})
	if total <= 0 {
		total = 1 // URLs only: the bar shows articles and rate
	}
	r.bar = r.progress.AddBar(total,
		mpb.PrependDecorators(decor.Name("ingest "), decor.Percentage(decor.WCSyncSpace)),
		mpb.AppendDecorators(articles, decor.Name("  ETA "), decor.AverageETA(decor.ET_STYLE_GO)),
	)
	r.out = r.progress
}

func (r *ingestRun) stopProgress() {
	if r.progress == nil {
		return
	}
	r.bar.SetTotal(-1, true)
	r.progress.Wait()
	r.out = r.stderr
}

// Progress implements ingest's optional progress callback (bytes read).
func (r *ingestRun) Progress(n int64) {
	if r.bar != nil {
		r.bar.IncrInt64(n)
	}
}

// fail records one failed input and prints its line.
func (r *ingestRun) fail(where string, err error) {
	r.failed.Add(1)
	reason := reasonOf(err)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Reasons[reason]++
	if !r.quiet {
		fmt.Fprintf(r.out, "warta: %s: %v\n", where, err)
	}
}

// reasonOf reduces an error to a short category for the summary: its
// innermost message, without file names and line numbers.
func reasonOf(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			break
		}
		err = u
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		msg = msg[i+2:]
	}
	if len(msg) > 80 {
		msg = msg[:80] + "…"
	}
	return msg
}

// sink adapts an ingestRun to ingest.Sink.
type sink struct {
	r    *ingestRun
	raws chan<- *article.Raw
}

func (s sink) Article(ctx context.Context, raw *article.Raw) error {
	s.r.read.Add(1)
	select {
	case s.raws <- raw:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s sink) Fail(where string, err error) { s.r.fail(where, err) }

func (s sink) Progress(n int64) { s.r.Progress(n) }

// process runs the reader, the pipeline workers and the batch writer until
// every input is done, and returns the run's summary.
func (r *ingestRun) process(ctx context.Context, reader *ingest.Reader, pipe *pipeline.Pipeline,
	st store.Store, inputs []string, o ingestOptions) (Summary, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	raws := make(chan *article.Raw, o.workers*4)
	done := make(chan *article.Article, o.batch)

	var workers sync.WaitGroup
	for range o.workers {
		workers.Go(func() {
			for raw := range raws {
				a, err := pipe.Process(ctx, raw)
				switch {
				case errors.Is(err, pipeline.ErrSeen):
					r.present.Add(1)
				case err != nil:
					if ctx.Err() == nil {
						r.fail(raw.Where(), err)
					}
				default:
					select {
					case done <- a:
					case <-ctx.Done():
					}
				}
			}
		})
	}

	writerErr := make(chan error, 1)
	go func() { writerErr <- r.write(ctx, st, done, o.batch, cancel) }()

	walkErr := reader.Walk(ctx, inputs, sink{r: r, raws: raws})
	close(raws)
	workers.Wait()
	close(done)
	werr := <-writerErr

	s := r.snapshot()
	switch {
	case werr != nil:
		return s, werr
	case walkErr != nil && !errors.Is(walkErr, context.Canceled):
		return s, fmt.Errorf("read inputs: %w", walkErr)
	case ctx.Err() != nil:
		return s, fmt.Errorf("interrupted: %w (re-run the same command to finish)", context.Cause(ctx))
	}
	return s, nil
}

// write stores finished articles in batches: a full batch, or whatever has
// waited a quarter second, goes in one transaction.
// On a database error it stops the run through stop and drains in.
func (r *ingestRun) write(ctx context.Context, st store.Store, in <-chan *article.Article, size int,
	stop context.CancelCauseFunc) error {
	batch := make([]*article.Article, 0, size)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		// The last batch is kept even after an interrupt: its articles are done.
		res, err := st.Put(context.WithoutCancel(ctx), batch)
		if err != nil {
			return fmt.Errorf("store batch of %d articles: %w", len(batch), err)
		}
		r.stored.Add(int64(res.Stored))
		r.present.Add(int64(res.Present))
		clear(batch)
		batch = batch[:0]
		return nil
	}
	for {
		select {
		case a, ok := <-in:
			if !ok {
				return flush()
			}
			batch = append(batch, a)
			if len(batch) >= size {
				if err := flush(); err != nil {
					stop(err)
					drain(in)
					return err
				}
			}
		case <-tick.C:
			if err := flush(); err != nil {
				stop(err)
				drain(in)
				return err
			}
		}
	}
}

func drain(in <-chan *article.Article) {
	for range in {
	}
}

func (r *ingestRun) snapshot() Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sum
	s.Read = r.read.Load()
	s.Stored = r.stored.Load()
	s.Present = r.present.Load()
	s.Failed = r.failed.Load()
	s.Elapsed = time.Since(r.start)
	return s
}
