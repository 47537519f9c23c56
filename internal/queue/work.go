package queue

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/ingest"
	"github.com/warta-dev/warta/internal/pipeline"
	"github.com/warta-dev/warta/internal/store"
)

// Defaults of WorkConfig.
const (
	DefaultBatch        = 256
	DefaultUnitTimeout  = 30 * time.Minute
	DefaultStopTimeout  = time.Minute
	DefaultHostInterval = time.Second
	DefaultPollEvery    = time.Minute
	DefaultKeepDone     = 7 * 24 * time.Hour
	DefaultConsolidate  = time.Minute
)

// feedQueue is the River queue of feed polls, apart from the units so that
// long units never hold polls back.
const feedQueue = "warta_feeds"

// WorkConfig configures Work. Store, Stages and Reader are required; zero
// durations and counts take the defaults.
type WorkConfig struct {
	// Store receives the articles.
	Store store.Store
	// Stages are the pipeline's stages (pipeline.DefaultStages). Work builds
	// its pipeline over them with Store.Has as the seen check.
	Stages pipeline.Stages
	// Reader reads the units' inputs.
	Reader *ingest.Reader
	// Concurrency is how many units this process works at once (default:
	// the number of CPUs). Articles within a unit go one at a time.
	Concurrency int
	// Batch is the most articles written per store transaction (default 256).
	Batch int
	// UnitTimeout bounds one attempt at a unit (default 30m).
	UnitTimeout time.Duration
	// RescueAfter is how long a unit may stay running before River's
	// rescuer, run by whichever worker is the leader, takes it as
	// abandoned by a dead worker and queues it again (default UnitTimeout
	// plus 5m). It must exceed UnitTimeout.
	RescueAfter time.Duration
	// StopTimeout is how long a stop waits for running units to finish
	// before it cancels them; a cancelled unit goes back to the queue
	// without using an attempt (default 1m).
	StopTimeout time.Duration
	// HostInterval is the least time between two fetches from one host,
	// across all workers: feed polls and units that fetch a URL (default
	// 1s; negative: none).
	HostInterval time.Duration
	// PollEvery is how often the queue's leader checks for watched feeds
	// that are due (default 1m).
	PollEvery time.Duration
	// KeepDone is how long completed units are kept, for warta queue and
	// so that enqueueing them again is a no-op (default 7 days).
	KeepDone time.Duration
	// ConsolidateAfter is how long after a unit stores new articles the
	// store's stories and canonical events are rebuilt (Store.Consolidate),
	// by one worker at a time; units that finish meanwhile join that
	// rebuild (default 1m; negative: never, as when an operator runs it).
	ConsolidateAfter time.Duration
	// Feeds fetches watched feeds; nil uses a client like Reader's
	// (public addresses only unless AllowPrivate).
	Feeds *FeedClient
	// Logger receives the worker's log; nil uses the Queue's.
	Logger *slog.Logger
	// ID names this worker in the queue (river_job.attempted_by); default
	// host name and process ID.
	ID string
	// Done, when set, is called after each attempt at a unit with what it
	// did and the error that fails the attempt (nil when it is done). It
	// may be called from several goroutines at once.
	Done func(a UnitArgs, out UnitOutput, err error)

	// testOnly starts River's maintenance (the rescuer) without its
	// production start-up jitter, for tests.
	testOnly bool
}

func (c *WorkConfig) defaults(q *Queue) error {
	if c.Store == nil || c.Reader == nil {
		return errors.New("work: Store and Reader are required")
	}
	if c.Concurrency <= 0 {
		c.Concurrency = runtime.NumCPU()
	}
	if c.Batch <= 0 {
		c.Batch = DefaultBatch
	}
	if c.UnitTimeout <= 0 {
		c.UnitTimeout = DefaultUnitTimeout
	}
	if c.RescueAfter <= 0 {
		c.RescueAfter = c.UnitTimeout + 5*time.Minute
	}
	if c.RescueAfter <= c.UnitTimeout {
		return fmt.Errorf("work: the rescue delay (%s) must exceed the unit timeout (%s)", c.RescueAfter, c.UnitTimeout)
	}
	if c.StopTimeout <= 0 {
		c.StopTimeout = DefaultStopTimeout
	}
	if c.HostInterval == 0 {
		c.HostInterval = DefaultHostInterval
	}
	if c.PollEvery <= 0 {
		c.PollEvery = DefaultPollEvery
	}
	if c.KeepDone <= 0 {
		c.KeepDone = DefaultKeepDone
	}
	switch {
	case c.ConsolidateAfter == 0:
		c.ConsolidateAfter = DefaultConsolidate
	case c.ConsolidateAfter > 0 && c.ConsolidateAfter < time.Second:
		c.ConsolidateAfter = time.Second // River's least unique period
	}
	if c.Logger == nil {
		c.Logger = q.log
	}
	if c.Feeds == nil {
		c.Feeds = NewFeedClient(FeedClientOptions{})
	}
	if c.ID == "" {
		host, _ := os.Hostname()
		c.ID = fmt.Sprintf("%s-%d", cmp.Or(host, "warta"), os.Getpid())
	}
	return nil
}

// Work runs a worker until ctx is done: it takes units from the queue,
// reads them, runs them through the pipeline and stores the articles; and
// it polls watched feeds when they are due. Any number of processes may
// work one queue. When ctx is done Work stops gracefully: it takes no new
// units, waits up to StopTimeout for running ones, then cancels them (they
// go back to the queue) and returns nil. It returns an error when the
// worker cannot start.
func (q *Queue) Work(ctx context.Context, cfg WorkConfig) error {
	if err := cfg.defaults(q); err != nil {
		return err
	}
	client, err := q.workClient(cfg)
	if err != nil {
		return err
	}
	if err := client.Start(ctx); err != nil {
		return fmt.Errorf("start worker: %w", err)
	}
	<-client.Stopped()
	return nil
}

// workClient builds the River client of a worker.
func (q *Queue) workClient(cfg WorkConfig) (*river.Client[pgx.Tx], error) {
	w := &unitWorker{q: q, cfg: cfg}
	w.pipe = pipeline.New(cfg.Stages, pipeline.Options{Seen: w.seen})
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	river.AddWorker(workers, &pollWorker{q: q, cfg: cfg})
	river.AddWorker(workers, &tickWorker{q: q})
	river.AddWorker(workers, &consolidateWorker{q: q, cfg: cfg})
	client, err := river.NewClient(riverpgxv5.New(q.pool), &river.Config{
		ID:     cfg.ID,
		Logger: cfg.Logger,
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: cfg.Concurrency},
			feedQueue:          {MaxWorkers: 2},
			maintenanceQueue:   {MaxWorkers: 1},
		},
		Workers:                     workers,
		JobTimeout:                  cfg.UnitTimeout,
		RescueStuckJobsAfter:        cfg.RescueAfter,
		SoftStopTimeout:             cfg.StopTimeout,
		CompletedJobRetentionPeriod: cfg.KeepDone,
		TestOnly:                    cfg.testOnly,
		PeriodicJobs: []*river.PeriodicJob{
			// Every worker carries the tick, since only the elected leader
			// runs periodic jobs and any worker may be the leader.
			river.NewPeriodicJob(river.PeriodicInterval(cfg.PollEvery),
				func() (river.JobArgs, *river.InsertOpts) { return tickArgs{}, nil },
				&river.PeriodicJobOpts{ID: KindTick, RunOnStart: true}),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("start worker: %w", err)
	}
	return client, nil
}

// UnitOutput is what a unit did, recorded on its job (metadata "output")
// and shown by warta queue. Failures of single inputs inside a unit (a bad
// line, a page that is gone) are listed here and do not fail the unit.
type UnitOutput struct {
	Read      int       `json:"read"`
	Stored    int       `json:"stored"`
	Present   int       `json:"present"`
	Failed    int       `json:"failed"`
	Failures  []Failure `json:"failures,omitempty"`
	Seconds   float64   `json:"seconds"`
	Truncated bool      `json:"truncated,omitempty"` // more failures than listed
}

// Failure is one input inside a unit that could not be ingested.
type Failure struct {
	Where string `json:"where"`
	Error string `json:"error"`
}

// maxFailures is how many failures a unit's output lists.
const maxFailures = 50

// ErrStopped is what WorkConfig.Done gets for a unit that was put back in
// the queue because the worker stopped.
var ErrStopped = errors.New("worker stopped: unit back in the queue")

// unitWorker works KindUnit jobs.
type unitWorker struct {
	river.WorkerDefaults[UnitArgs]
	q    *Queue
	cfg  WorkConfig
	pipe *pipeline.Pipeline
}

// infraError marks a failure of the worker's infrastructure (the store,
// the file system), which fails the unit so that it is retried, unlike a
// bad input.
type infraError struct{ err error }

func (e infraError) Error() string { return e.err.Error() }
func (e infraError) Unwrap() error { return e.err }

// seen is the pipeline's check for stored documents; its errors are the
// store's, so they fail the unit.
func (w *unitWorker) seen(ctx context.Context, id string) (bool, error) {
	ok, err := w.cfg.Store.Has(ctx, id)
	if err != nil {
		return false, infraError{err}
	}
	return ok, nil
}

// Work processes one unit. It returns an error, and the unit is retried
// with backoff, only when the infrastructure failed: the store, the
// unit's file, a fetch that may succeed later. What was stored before
// stays stored; the retry finds it present.
func (w *unitWorker) Work(ctx context.Context, job *river.Job[UnitArgs]) error {
	start := time.Now()
	a := job.Args
	if a.Type == UnitURL || a.Type == UnitItem {
		if wait, err := w.q.claimHost(ctx, hostOf(a.Input), w.cfg.HostInterval); err != nil {
			return err
		} else if wait > 0 {
			return river.JobSnooze(wait)
		}
	}
	u := &unitRun{w: w, args: a, batch: make([]*article.Article, 0, w.cfg.Batch)}
	err := u.run(ctx)
	u.out.Seconds = time.Since(start).Seconds()
	if rerr := river.RecordOutput(ctx, u.out); rerr != nil {
		w.cfg.Logger.Warn("record unit output", "unit", a.Where(), "err", rerr)
	}
	if err != nil && ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled) &&
		!errors.Is(context.Cause(ctx), rivertype.ErrJobCancelledRemotely) {
		// The worker is stopping: the unit goes back to the queue at once,
		// without using an attempt; what it stored stays.
		if w.cfg.Done != nil {
			w.cfg.Done(a, u.out, ErrStopped)
		}
		return river.JobSnooze(0)
	}
	if err == nil && u.retry != nil {
		err = u.retry
	}
	if u.out.Stored > 0 && w.cfg.ConsolidateAfter > 0 {
		// The articles are stored: a failure here only delays the rebuild
		// to the next unit that stores something.
		if cerr := w.q.scheduleConsolidate(ctx, w.cfg.ConsolidateAfter); cerr != nil {
			w.cfg.Logger.Warn("schedule consolidation", "unit", a.Where(), "err", cerr)
		}
	}
	if err != nil {
		err = fmt.Errorf("unit %s: %w", a.Where(), err)
	}
	if w.cfg.Done != nil {
		w.cfg.Done(a, u.out, err)
	}
	return err
}

// unitRun is one attempt at one unit; it is the ingest.Sink of its walk.
type unitRun struct {
	w     *unitWorker
	args  UnitArgs
	out   UnitOutput
	batch []*article.Article
	// tmp is the temporary file a unit with content is walked from; its
	// name is replaced by the unit's input in sources and messages.
	tmp string
	// retry is a transient fetch failure of a unit that is one URL, which
	// fails the unit so that it is tried again later.
	retry error
}

func (u *unitRun) run(ctx context.Context) error {
	path, cleanup, err := u.materialize(ctx)
	if err != nil {
		return infraError{err}
	}
	defer cleanup()
	if err := u.w.cfg.Reader.Walk(ctx, []string{path}, u); err != nil {
		return err
	}
	return u.flush(ctx)
}

// materialize returns the path or URL to walk for the unit: the unit's
// content in a temporary file, a slice of its file copied to one, the file
// itself, or the URL.
func (u *unitRun) materialize(ctx context.Context) (string, func(), error) {
	a := u.args
	nothing := func() {}
	switch {
	case a.Type == UnitURL:
		return a.Input, nothing, nil
	case a.Content != nil:
		return u.temp(a.Content)
	case a.Type == UnitLines:
		data, err := readSlice(ctx, a)
		if err != nil {
			return "", nothing, err
		}
		return u.temp(data)
	}
	info, err := os.Stat(a.Input)
	if err != nil {
		return "", nothing, fmt.Errorf("%w (workers need the enqueuing machine's files at the same path)", err)
	}
	if a.Size > 0 && info.Size() != a.Size {
		return "", nothing, fmt.Errorf("%s changed since it was enqueued: %d bytes, was %d", a.Input, info.Size(), a.Size)
	}
	return a.Input, nothing, nil
}

// temp writes data to a temporary file named like the unit's input, so
// that ingest picks the same format, and returns its path.
func (u *unitRun) temp(data []byte) (string, func(), error) {
	dir, err := os.MkdirTemp("", "warta-unit-")
	if err != nil {
		return "", func() {}, fmt.Errorf("temporary file: %w", err)
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	name := filepath.Base(u.args.Input)
	switch {
	case u.args.Type == UnitItem:
		name = "item.xml" // a feed of one item
	case unitKind(name) == "":
		name = "unit" // ingest sniffs the format, as for the original
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		cleanup()
		return "", func() {}, fmt.Errorf("temporary file: %w", err)
	}
	u.tmp = path
	return path, cleanup, nil
}

// readSlice reads a JSON Lines slice from the unit's file and checks it
// against the digest taken when it was enqueued.
func readSlice(ctx context.Context, a UnitArgs) ([]byte, error) {
	f, err := os.Open(a.Input)
	if err != nil {
		return nil, fmt.Errorf("%w (workers need the enqueuing machine's files at the same path)", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	var r io.Reader = br
	if magic, _ := br.Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", a.Input, err)
		}
		defer zr.Close()
		// A gzip stream cannot seek: skip to the slice.
		if _, err := io.CopyN(io.Discard, zr, a.Offset); err != nil {
			return nil, fmt.Errorf("read %s: %w", a.Input, err)
		}
		r = zr
	} else if _, err := f.Seek(a.Offset, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read %s: %w", a.Input, err)
	} else {
		r = f
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data := make([]byte, a.Size)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("read %s: %w", a.Where(), err)
	}
	if a.Digest != "" && digest(data) != a.Digest {
		return nil, fmt.Errorf("%s changed since it was enqueued", a.Where())
	}
	return data, nil
}

// where maps a place in the walked file back to the unit's input:
// the temporary name becomes the input, line numbers count from the
// slice's first line.
func (u *unitRun) where(w string) string {
	if u.tmp == "" || !strings.HasPrefix(w, u.tmp) {
		return w
	}
	rest := strings.TrimPrefix(w, u.tmp)
	src := u.source()
	if n, err := strconv.Atoi(strings.TrimPrefix(rest, ":")); err == nil && rest != "" {
		return src + ":" + strconv.Itoa(n+max(u.args.First, 1)-1)
	}
	return src + rest
}

// source is the Raw.Source of the unit's articles: the feed of an item,
// else the input.
func (u *unitRun) source() string {
	if u.args.Type == UnitItem && u.args.Feed != "" {
		return u.args.Feed
	}
	return u.args.Input
}

// Article implements ingest.Sink: it runs one article through the pipeline
// and adds it to the batch.
func (u *unitRun) Article(ctx context.Context, raw *article.Raw) error {
	if u.tmp != "" && raw.Source == u.tmp {
		raw.Source = u.source()
		if raw.Line > 0 {
			raw.Line += max(u.args.First, 1) - 1
		}
	}
	u.out.Read++
	a, err := u.w.pipe.Process(ctx, raw)
	var ie infraError
	switch {
	case errors.Is(err, pipeline.ErrSeen):
		u.out.Present++
		return nil
	case errors.As(err, &ie):
		return ie
	case err != nil:
		if ctx.Err() != nil {
			return ctx.Err()
		}
		u.fail(raw.Where(), err)
		return nil
	}
	u.batch = append(u.batch, a)
	if len(u.batch) >= u.w.cfg.Batch {
		return u.flush(ctx)
	}
	return nil
}

// Fail implements ingest.Sink.
func (u *unitRun) Fail(where string, err error) {
	where = u.where(where)
	if (u.args.Type == UnitURL || u.args.Type == UnitItem) && transient(err) && u.retry == nil {
		u.retry = fmt.Errorf("%s: %w", where, err)
	}
	u.fail(where, err)
}

func (u *unitRun) fail(where string, err error) {
	u.out.Failed++
	if len(u.out.Failures) >= maxFailures {
		u.out.Truncated = true
		return
	}
	u.out.Failures = append(u.out.Failures, Failure{Where: where, Error: err.Error()})
}

// flush stores the batch. Articles already processed are stored even when
// the unit is being cancelled: the work is done.
func (u *unitRun) flush(ctx context.Context) error {
	if len(u.batch) == 0 {
		return nil
	}
	res, err := u.w.cfg.Store.Put(context.WithoutCancel(ctx), u.batch)
	// A deadlock or serialization failure between workers writing at once
	// is PostgreSQL asking for a retry: a batch is one transaction, so it
	// is tried again at once, a few times, before the unit fails.
	for try := 1; err != nil && retryable(err) && try <= 3; try++ {
		u.w.cfg.Logger.Info("store batch again", "unit", u.args.Where(), "try", try, "err", err)
		time.Sleep(time.Duration(try*50+rand.IntN(100)) * time.Millisecond)
		res, err = u.w.cfg.Store.Put(context.WithoutCancel(ctx), u.batch)
	}
	if err != nil {
		return infraError{fmt.Errorf("store %d articles: %w", len(u.batch), err)}
	}
	u.out.Stored += res.Stored
	u.out.Present += res.Present
	clear(u.batch)
	u.batch = u.batch[:0]
	return nil
}

// retryable reports whether a store error is a deadlock or serialization
// failure, which PostgreSQL resolves by aborting one of the transactions.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// transient reports whether a fetch failure may go away by itself: a
// network error, a timeout, or an HTTP 429 or 5xx status.
func transient(err error) bool {
	if errors.Is(err, ingest.ErrPrivateAddress) {
		return false
	}
	var se *ingest.StatusError
	if errors.As(err, &se) {
		return se.Code == 429 || se.Code >= 500
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.ErrUnexpectedEOF)
}

// hostOf returns the host of a URL, lower-cased, or "" when it has none.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// claimHost takes the next fetch slot of a host: it returns 0 when this
// worker may fetch now (and the host's next slot moves interval ahead),
// else how long to wait. One row per host in warta_hosts makes the
// interval hold across all workers.
func (q *Queue) claimHost(ctx context.Context, host string, interval time.Duration) (time.Duration, error) {
	if host == "" || interval <= 0 {
		return 0, nil
	}
	var waitMS float64
	err := q.pool.QueryRow(ctx, `
		WITH claim AS (
		    INSERT INTO warta_hosts AS h (host, next_at) VALUES ($1, now() + $2 * interval '1 microsecond')
		    ON CONFLICT (host) DO UPDATE SET next_at = now() + $2 * interval '1 microsecond' WHERE h.next_at <= now()
		    RETURNING 0::float8 AS wait
		)
		SELECT wait FROM claim
		UNION ALL
		SELECT greatest(extract(epoch FROM next_at - now()) * 1000, 1) FROM warta_hosts
		WHERE host = $1 AND NOT EXISTS (SELECT FROM claim)`,
		host, interval.Microseconds()).Scan(&waitMS)
	if err != nil {
		return 0, fmt.Errorf("claim host %s: %w", host, err)
	}
	return time.Duration(waitMS * float64(time.Millisecond)), nil
}
