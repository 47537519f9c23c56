package cli

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/ingest"
	"github.com/warta-dev/warta/internal/pipeline"
	"github.com/warta-dev/warta/internal/queue"
)

// workerOptions are the flags of warta worker (and warta watch).
type workerOptions struct {
	db           string
	concurrency  int
	batch        int
	unitTimeout  time.Duration
	rescueAfter  time.Duration
	stopTimeout  time.Duration
	perHost      time.Duration
	pollEvery    time.Duration
	consolidate  time.Duration
	allowPrivate bool
	timeout      time.Duration
	quiet        bool
}

func (o *workerOptions) flags(cmd *cobra.Command) {
	dbFlag(cmd, &o.db)
	f := cmd.Flags()
	f.IntVar(&o.concurrency, "concurrency", runtime.NumCPU(), "units worked at once by this process")
	f.IntVar(&o.batch, "batch", queue.DefaultBatch, "articles written per database transaction")
	f.DurationVar(&o.unitTimeout, "unit-timeout", queue.DefaultUnitTimeout, "time allowed for one attempt at a unit")
	f.DurationVar(&o.rescueAfter, "rescue-after", 0,
		"time a unit may run before it is taken as abandoned by a dead worker and queued again (default unit-timeout + 5m)")
	f.DurationVar(&o.stopTimeout, "stop-timeout", queue.DefaultStopTimeout,
		"on SIGTERM or Ctrl-C, time to finish running units before they are put back in the queue")
	f.DurationVar(&o.perHost, "per-host", queue.DefaultHostInterval, "least time between two fetches from one host, across all workers")
	f.DurationVar(&o.pollEvery, "poll-check", queue.DefaultPollEvery, "how often watched feeds are checked for being due")
	f.DurationVar(&o.consolidate, "consolidate-after", queue.DefaultConsolidate,
		"rebuild stories and canonical events this long after units store new articles (negative: never)")
	f.BoolVar(&o.allowPrivate, "allow-private", false, "allow fetching URLs on loopback and private networks")
	f.DurationVar(&o.timeout, "timeout", 20*time.Second, "timeout of one URL fetch")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no line per unit")
}

func (e *env) workerCmd() *cobra.Command {
	var o workerOptions
	cmd := &cobra.Command{
		Use:   "worker --db postgres://... [--concurrency N]",
		Short: "Work the ingest queue: run on any number of machines against one PostgreSQL database",
		Long: `Take units queued by warta ingest --queue and warta watch, read them, run
them through the pipeline and store the articles in the --db database. Run
as many workers on as many machines as you like: each unit is worked by one
worker at a time, and a document already stored is never stored twice.

A unit whose worker dies (crash, SIGKILL, lost machine) is queued again once
it has run longer than --rescue-after. A unit fails, and is retried with
backoff up to 8 attempts, only when the database, its file or a fetch
failed; bad inputs inside it are listed in warta queue and the unit is done.
On SIGTERM or Ctrl-C the worker takes no new units, gives running ones
--stop-timeout to finish, then puts the rest back in the queue and exits.

Units that name a file, rather than carry it, need that file at the same
path on every worker (a shared mount); see warta ingest --inline-max.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.work(cmd.Context(), o, nil)
		},
	}
	o.flags(cmd)
	return cmd
}

// work runs a worker until ctx is done; before it starts, prepare (when not
// nil) gets the queue.
func (e *env) work(ctx context.Context, o workerOptions, prepare func(context.Context, *queue.Queue) error) error {
	if o.concurrency < 1 || o.batch < 1 {
		return usageError{"--concurrency and --batch must be at least 1"}
	}
	if o.rescueAfter != 0 && o.rescueAfter <= o.unitTimeout {
		return usageError{"--rescue-after must exceed --unit-timeout"}
	}
	q, err := e.openQueue(ctx, o.db)
	if err != nil {
		return err
	}
	defer q.Close()
	if prepare != nil {
		if err := prepare(ctx, q); err != nil {
			return err
		}
	}
	st, err := e.openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	stages, err := pipeline.DefaultStages()
	if err != nil {
		return fmt.Errorf("build pipeline: %w", err)
	}
	ropts := ingest.DefaultOptions()
	ropts.AllowPrivate = o.allowPrivate
	ropts.Timeout = o.timeout
	ropts.Logger = e.log

	var (
		mu    sync.Mutex
		units int
		sum   queue.UnitOutput
	)
	start := time.Now()
	cfg := queue.WorkConfig{
		Store:            st,
		Stages:           stages,
		Reader:           ingest.New(ropts),
		Concurrency:      o.concurrency,
		Batch:            o.batch,
		UnitTimeout:      o.unitTimeout,
		RescueAfter:      o.rescueAfter,
		StopTimeout:      o.stopTimeout,
		HostInterval:     o.perHost,
		PollEvery:        o.pollEvery,
		ConsolidateAfter: o.consolidate,
		Feeds:            queue.NewFeedClient(queue.FeedClientOptions{AllowPrivate: o.allowPrivate, Timeout: o.timeout}),
		Logger:           e.log,
		Done: func(a queue.UnitArgs, out queue.UnitOutput, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				units++
			}
			sum.Read += out.Read
			sum.Stored += out.Stored
			sum.Present += out.Present
			sum.Failed += out.Failed
			if o.quiet {
				return
			}
			line := fmt.Sprintf("unit %s: read %d, stored %d, present %d, failed %d (%.1fs)",
				a.Where(), out.Read, out.Stored, out.Present, out.Failed, out.Seconds)
			if err != nil {
				line += ": " + err.Error()
			}
			fmt.Fprintln(e.stderr, line)
		},
	}
	if !o.quiet {
		fmt.Fprintf(e.stderr, "warta worker: working the queue with %d units at a time; SIGTERM or Ctrl-C stops\n", o.concurrency)
	}
	err = q.Work(ctx, cfg)
	mu.Lock()
	elapsed := time.Since(start)
	fmt.Fprintf(e.stderr, "worker stopped: %d units done; read %d, stored %d, already present %d, failed %d (%.1fs, %.0f articles/s)\n",
		units, sum.Read, sum.Stored, sum.Present, sum.Failed, elapsed.Seconds(), float64(sum.Read)/elapsed.Seconds())
	mu.Unlock()
	return err
}
