package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Unit states as warta queue shows them, each a set of River job states.
const (
	StatePending  = "pending"  // available, scheduled (backing off or snoozed) or pending
	StateRunning  = "running"  // a worker has it
	StateRetrying = "retrying" // failed an attempt, will be tried again
	StateFailed   = "failed"   // failed its last attempt (discarded) or was cancelled
	StateDone     = "done"     // completed; its output may list failed inputs
)

// riverStates returns the River job states of a unit state.
func riverStates(state string) ([]rivertype.JobState, error) {
	switch state {
	case StatePending:
		return []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStatePending}, nil
	case StateRunning:
		return []rivertype.JobState{rivertype.JobStateRunning}, nil
	case StateRetrying:
		return []rivertype.JobState{rivertype.JobStateRetryable}, nil
	case StateFailed:
		return []rivertype.JobState{rivertype.JobStateDiscarded, rivertype.JobStateCancelled}, nil
	case StateDone:
		return []rivertype.JobState{rivertype.JobStateCompleted}, nil
	}
	return nil, fmt.Errorf("%w: unknown state %q (want pending, running, retrying, failed or done)", ErrInvalid, state)
}

// stateOf maps a River job state to a unit state.
func stateOf(s rivertype.JobState) string {
	switch s {
	case rivertype.JobStateRunning:
		return StateRunning
	case rivertype.JobStateRetryable:
		return StateRetrying
	case rivertype.JobStateDiscarded, rivertype.JobStateCancelled:
		return StateFailed
	case rivertype.JobStateCompleted:
		return StateDone
	}
	return StatePending
}

// Counts are the units by state, and the done ones with failed inputs.
type Counts struct {
	Pending        int `json:"pending"`
	Running        int `json:"running"`
	Retrying       int `json:"retrying"`
	Failed         int `json:"failed"`
	Done           int `json:"done"`
	DoneWithErrors int `json:"done_with_input_failures"`
	// Articles totals the done units' outputs.
	Read    int64 `json:"read"`
	Stored  int64 `json:"stored"`
	Present int64 `json:"present"`
	Inputs  int64 `json:"failed_inputs"`
}

// Count counts the units in the queue. Units done longer ago than the
// workers' KeepDone are gone from the count.
func (q *Queue) Count(ctx context.Context) (Counts, error) {
	var c Counts
	rows, err := q.pool.Query(ctx, `
		SELECT state::text, count(*),
		       count(*) FILTER (WHERE (metadata->'output'->>'failed')::int > 0),
		       coalesce(sum((metadata->'output'->>'read')::bigint), 0),
		       coalesce(sum((metadata->'output'->>'stored')::bigint), 0),
		       coalesce(sum((metadata->'output'->>'present')::bigint), 0),
		       coalesce(sum((metadata->'output'->>'failed')::bigint), 0)
		FROM river_job WHERE kind = $1 GROUP BY state`, KindUnit)
	if err != nil {
		return c, fmt.Errorf("count units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			state                        string
			n, withErrs                  int
			read, stored, present, inErr int64
		)
		if err := rows.Scan(&state, &n, &withErrs, &read, &stored, &present, &inErr); err != nil {
			return c, fmt.Errorf("count units: %w", err)
		}
		switch stateOf(rivertype.JobState(state)) {
		case StatePending:
			c.Pending += n
		case StateRunning:
			c.Running += n
		case StateRetrying:
			c.Retrying += n
		case StateFailed:
			c.Failed += n
		case StateDone:
			c.Done += n
			c.DoneWithErrors += withErrs
		}
		c.Read += read
		c.Stored += stored
		c.Present += present
		c.Inputs += inErr
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("count units: %w", err)
	}
	return c, nil
}

// Unit is one unit as warta queue lists it.
type Unit struct {
	ID          int64       `json:"id"`
	State       string      `json:"state"`
	Type        string      `json:"type"`
	Where       string      `json:"where"` // input, with the line range of a slice
	Inline      bool        `json:"inline"`
	Attempt     int         `json:"attempt"`
	MaxAttempts int         `json:"max_attempts"`
	Errors      []string    `json:"errors,omitempty"` // one per failed attempt, oldest first
	Output      *UnitOutput `json:"output,omitempty"` // of the last attempt
	Worker      string      `json:"worker,omitempty"` // the last worker to attempt it
	CreatedAt   time.Time   `json:"created_at"`
	ScheduledAt time.Time   `json:"scheduled_at"`
	FinishedAt  *time.Time  `json:"finished_at,omitempty"`
}

// ListOptions filter List.
type ListOptions struct {
	// States are unit states (StatePending, ...); none means all.
	States []string
	// IDs, when set, lists these units only.
	IDs []int64
	// Limit is the most units listed, newest first (default 50).
	Limit int
}

// List lists units, newest first.
func (q *Queue) List(ctx context.Context, o ListOptions) ([]Unit, error) {
	if o.Limit <= 0 {
		o.Limit = 50
	}
	p := river.NewJobListParams().Kinds(KindUnit).First(o.Limit).OrderBy(river.JobListOrderByID, river.SortOrderDesc)
	if len(o.IDs) > 0 {
		p = p.IDs(o.IDs...)
	}
	var states []rivertype.JobState
	for _, s := range o.States {
		rs, err := riverStates(s)
		if err != nil {
			return nil, err
		}
		states = append(states, rs...)
	}
	if len(states) > 0 {
		p = p.States(states...)
	}
	res, err := q.client.JobList(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	units := make([]Unit, 0, len(res.Jobs))
	for _, j := range res.Jobs {
		units = append(units, unitOf(j))
	}
	return units, nil
}

// unitOf describes a job row; args it cannot read leave the input empty.
func unitOf(j *rivertype.JobRow) Unit {
	u := Unit{ID: j.ID, State: stateOf(j.State), Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
		CreatedAt: j.CreatedAt, ScheduledAt: j.ScheduledAt, FinishedAt: j.FinalizedAt}
	var a UnitArgs
	if err := json.Unmarshal(j.EncodedArgs, &a); err == nil {
		u.Type, u.Where, u.Inline = a.Type, a.Where(), a.Content != nil
	}
	for _, e := range j.Errors {
		u.Errors = append(u.Errors, e.Error)
	}
	if len(j.AttemptedBy) > 0 {
		u.Worker = j.AttemptedBy[len(j.AttemptedBy)-1]
	}
	var meta struct {
		Output *UnitOutput `json:"output"`
	}
	if err := json.Unmarshal(j.Metadata, &meta); err == nil {
		u.Output = meta.Output
	}
	return u
}

// ErrInvalid is returned, wrapped with detail, for a malformed argument: an
// unknown state, a feed that is not an http(s) URL.
var ErrInvalid = errors.New("invalid argument")

// ErrNotUnit is returned by Retry for an ID that is not a unit.
var ErrNotUnit = errors.New("no such unit")

// Retry queues units again at once, whatever their state: a failed unit
// gets a fresh set of attempts. A running unit is left alone.
func (q *Queue) Retry(ctx context.Context, ids ...int64) error {
	for _, id := range ids {
		j, err := q.client.JobGet(ctx, id)
		if errors.Is(err, rivertype.ErrNotFound) || err == nil && j.Kind != KindUnit {
			return fmt.Errorf("retry unit %d: %w", id, ErrNotUnit)
		}
		if err != nil {
			return fmt.Errorf("retry unit %d: %w", id, err)
		}
		if _, err := q.client.JobRetry(ctx, id); err != nil {
			return fmt.Errorf("retry unit %d: %w", id, err)
		}
	}
	return nil
}

// RetryFailed queues every failed and retrying unit again at once, and
// returns how many.
func (q *Queue) RetryFailed(ctx context.Context) (int, error) {
	rows, err := q.pool.Query(ctx, "SELECT id FROM river_job WHERE kind = $1 AND state IN ('discarded', 'cancelled', 'retryable') ORDER BY id", KindUnit)
	if err != nil {
		return 0, fmt.Errorf("retry failed units: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("retry failed units: %w", err)
	}
	for i, id := range ids {
		if _, err := q.client.JobRetry(ctx, id); err != nil {
			return i, fmt.Errorf("retry unit %d: %w", id, err)
		}
	}
	return len(ids), nil
}

// FeedStatus is one watched feed as warta queue lists it.
type FeedStatus struct {
	URL        string     `json:"url"`
	Every      string     `json:"every"`
	PolledAt   *time.Time `json:"polled_at,omitempty"`
	NextPollAt time.Time  `json:"next_poll_at"`
	LastStatus int        `json:"last_status"` // HTTP status of the last poll; 0 before the first
	LastError  string     `json:"last_error,omitempty"`
	Polls      int64      `json:"polls"`
	Items      int64      `json:"items"` // items queued over all polls
}

// Feeds lists the watched feeds.
func (q *Queue) Feeds(ctx context.Context) ([]FeedStatus, error) {
	rows, err := q.pool.Query(ctx, `SELECT url, every::text, polled_at, next_poll_at, last_status, last_error,
		polls, items FROM warta_feeds ORDER BY url`)
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	feeds, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (FeedStatus, error) {
		var f FeedStatus
		err := r.Scan(&f.URL, &f.Every, &f.PolledAt, &f.NextPollAt, &f.LastStatus, &f.LastError, &f.Polls, &f.Items)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	return feeds, nil
}
