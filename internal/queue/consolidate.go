package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/warta-dev/warta/internal/store"
)

// KindConsolidate is the job that rebuilds the store's stories and
// canonical events after units stored new articles.
const KindConsolidate = "warta_consolidate"

// maintenanceQueue is the River queue of consolidations: one at a time per
// worker, and one at a time overall by an advisory lock.
const maintenanceQueue = "warta_maintenance"

// consolidateLock is the advisory lock key of a running consolidation:
// "warta_c".
const consolidateLock = 0x77617274615f63

// consolidateArgs is the args of a KindConsolidate job.
type consolidateArgs struct{}

// Kind implements river.JobArgs.
func (consolidateArgs) Kind() string { return KindConsolidate }

// scheduleConsolidate queues a consolidation at the end of the current
// period of length after; within a period only the first unit's request
// queues one, so a busy queue consolidates once per period.
func (q *Queue) scheduleConsolidate(ctx context.Context, after time.Duration) error {
	at := time.Now().Truncate(after).Add(after)
	_, err := q.client.Insert(ctx, consolidateArgs{}, &river.InsertOpts{
		Queue:       maintenanceQueue,
		MaxAttempts: 3,
		ScheduledAt: at,
		UniqueOpts:  river.UniqueOpts{ByPeriod: after},
	})
	if err != nil {
		return fmt.Errorf("schedule consolidation: %w", err)
	}
	return nil
}

// consolidateWorker works KindConsolidate jobs.
type consolidateWorker struct {
	river.WorkerDefaults[consolidateArgs]
	q   *Queue
	cfg WorkConfig
}

// Work rebuilds stories and canonical events, unless another worker is
// doing it, in which case it waits for its turn: the rebuild reads every
// document, so the one that runs later sees the newer articles.
func (w *consolidateWorker) Work(ctx context.Context, _ *river.Job[consolidateArgs]) error {
	conn, err := w.q.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("consolidate: %w", err)
	}
	defer conn.Release()
	var locked bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", int64(consolidateLock)).Scan(&locked); err != nil {
		return fmt.Errorf("consolidate: lock: %w", err)
	}
	if !locked {
		return river.JobSnooze(10 * time.Second)
	}
	defer func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(consolidateLock)); err != nil {
			_ = conn.Conn().Close(context.WithoutCancel(ctx)) // the session's end frees the lock
		}
	}()
	res, err := w.cfg.Store.Consolidate(ctx, store.DefaultConsolidateOptions())
	if rerr := river.RecordOutput(ctx, res); rerr != nil {
		w.cfg.Logger.Warn("record consolidation output", "err", rerr)
	}
	if err != nil {
		return fmt.Errorf("consolidate: %w", err)
	}
	return nil
}
