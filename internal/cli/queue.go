package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/queue"
)

// isPostgres reports whether a --db value names a PostgreSQL database.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openQueue opens the job queue in the PostgreSQL database named by db.
func (e *env) openQueue(ctx context.Context, db string) (*queue.Queue, error) {
	if !isPostgres(db) {
		return nil, usageError{"the queue needs a PostgreSQL database: --db postgres://... (or $WARTA_DB)"}
	}
	return queue.Open(ctx, db, e.log)
}

// enqueueOptions are the flags warta ingest takes for --queue.
type enqueueOptions struct {
	queue      bool
	sliceLines int
	inlineMax  int64
}

// flags registers the --queue flags on warta ingest.
func (o *enqueueOptions) flags(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&o.queue, "queue", false, "queue the inputs as units for warta worker instead of ingesting them (PostgreSQL --db)")
	cmd.Flags().IntVar(&o.sliceLines, "slice-lines", queue.DefaultSliceLines, "with --queue: lines of a .jsonl file per unit")
	cmd.Flags().Int64Var(&o.inlineMax, "inline-max", queue.DefaultInlineMax,
		"with --queue: units up to this many bytes carry their content; larger ones a path that workers must see (-1: never)")
}

// enqueue is warta ingest --queue: the inputs become units in the queue.
func (e *env) enqueue(ctx context.Context, db string, o enqueueOptions, quiet bool, inputs []string) error {
	if o.sliceLines < 1 {
		return usageError{"--slice-lines must be at least 1"}
	}
	q, err := e.openQueue(ctx, db)
	if err != nil {
		return err
	}
	defer q.Close()
	start := time.Now()
	res, err := q.Enqueue(ctx, inputs, queue.EnqueueOptions{
		SliceLines: o.sliceLines,
		InlineMax:  o.inlineMax,
		Fail: func(where string, err error) {
			if !quiet {
				fmt.Fprintf(e.stderr, "warta: %s: %v\n", where, err)
			}
		},
	})
	fmt.Fprintf(e.stderr, "queued %d units, %d already queued or done (%d carry their content, %.1f MB of input), %d inputs failed (%.1fs)\n",
		res.Queued, res.Duplicate, res.Inline, float64(res.Bytes)/1e6, res.Failed, time.Since(start).Seconds())
	if err != nil {
		return err
	}
	if res.Failed > 0 {
		return errFailedInputs
	}
	return nil
}

func (e *env) queueCmd() *cobra.Command {
	var (
		db     string
		asJSON bool
		states []string
		limit  int
	)
	cmd := &cobra.Command{
		Use:   "queue --db postgres://... [--json] [--state STATE]... [--limit N]",
		Short: "Show the ingest units in the queue: pending, running, retrying, failed and done, with their errors",
		Long: `Show the units that warta ingest --queue and warta watch queued and warta
worker processes: counts by state, then the newest units with their attempts,
the error of each failed attempt, and what each done unit stored. A done unit
may list inputs that failed inside it (a bad line, a page that is gone): those
do not fail the unit. Units done more than a week ago are no longer kept.

STATE is pending, running, retrying, failed or done. See warta queue retry.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.queueShow(cmd.Context(), db, asJSON, states, limit)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	cmd.Flags().StringSliceVar(&states, "state", nil, "list only units in this state (repeatable)")
	cmd.Flags().IntVar(&limit, "limit", 30, "most units listed, newest first")

	var failed bool
	retry := &cobra.Command{
		Use:   "retry --db postgres://... ID... | --failed",
		Short: "Queue units again: by ID, or every failed and retrying one",
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.queueRetry(cmd.Context(), db, failed, args)
		},
	}
	dbFlag(retry, &db)
	retry.Flags().BoolVar(&failed, "failed", false, "retry every failed and retrying unit")
	cmd.AddCommand(retry)
	return cmd
}

// queueJSON is the --json form of warta queue.
type queueJSON struct {
	Counts queue.Counts       `json:"counts"`
	Units  []queue.Unit       `json:"units"`
	Feeds  []queue.FeedStatus `json:"feeds"`
}

func (e *env) queueShow(ctx context.Context, db string, asJSON bool, states []string, limit int) error {
	q, err := e.openQueue(ctx, db)
	if err != nil {
		return err
	}
	defer q.Close()
	var out queueJSON
	if out.Counts, err = q.Count(ctx); err != nil {
		return err
	}
	if out.Units, err = q.List(ctx, queue.ListOptions{States: states, Limit: limit}); err != nil {
		return usageOr(err)
	}
	if out.Feeds, err = q.Feeds(ctx); err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("write queue: %w", err)
		}
		return nil
	}
	printQueue(e.stdout, out)
	return nil
}

// usageOr turns the queue's ErrInvalid (an unknown --state, a feed that is
// not a URL) into a usage error.
func usageOr(err error) error {
	if errors.Is(err, queue.ErrInvalid) {
		return usageError{err.Error()}
	}
	return err
}

// printQueue writes warta queue's table.
func printQueue(w io.Writer, out queueJSON) {
	c := out.Counts
	fmt.Fprintf(w, "units: %d pending, %d running, %d retrying, %d failed, %d done (%d with failed inputs)\n",
		c.Pending, c.Running, c.Retrying, c.Failed, c.Done, c.DoneWithErrors)
	fmt.Fprintf(w, "articles in done units: read %d, stored %d, already present %d, failed inputs %d\n",
		c.Read, c.Stored, c.Present, c.Inputs)
	if len(out.Units) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATE\tTRY\tTYPE\tUNIT\tRESULT")
		for _, u := range out.Units {
			fmt.Fprintf(tw, "%d\t%s\t%d/%d\t%s\t%s\t%s\n", u.ID, u.State, u.Attempt, u.MaxAttempts, u.Type,
				clip(u.Where, 70), unitResult(u))
		}
		_ = tw.Flush()
		for _, u := range out.Units {
			if u.State == queue.StateDone && (u.Output == nil || len(u.Output.Failures) == 0) {
				continue
			}
			if len(u.Errors) == 0 && (u.Output == nil || len(u.Output.Failures) == 0) {
				continue
			}
			fmt.Fprintf(w, "\nunit %d %s:\n", u.ID, u.Where)
			for i, msg := range u.Errors {
				fmt.Fprintf(w, "  attempt %d: %s\n", i+1, msg)
			}
			if u.Output != nil {
				for _, f := range u.Output.Failures {
					fmt.Fprintf(w, "  input %s: %s\n", f.Where, f.Error)
				}
				if u.Output.Truncated {
					fmt.Fprintf(w, "  … %d failed inputs in all\n", u.Output.Failed)
				}
			}
		}
	}
	if len(out.Feeds) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "FEED\tEVERY\tPOLLS\tITEMS\tLAST\tNEXT")
		for _, f := range out.Feeds {
			last := "never"
			if f.PolledAt != nil {
				last = strconv.Itoa(f.LastStatus) + " " + f.PolledAt.Local().Format(time.DateTime)
			}
			if f.LastError != "" {
				last += " " + clip(f.LastError, 60)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", clip(f.URL, 70), f.Every, f.Polls, f.Items, last,
				f.NextPollAt.Local().Format(time.DateTime))
		}
		_ = tw.Flush()
	}
}

// unitResult is the RESULT column: counts of a unit that ran, else its
// last error.
func unitResult(u queue.Unit) string {
	if u.Output != nil && u.State == queue.StateDone {
		s := fmt.Sprintf("read %d, stored %d, present %d", u.Output.Read, u.Output.Stored, u.Output.Present)
		if u.Output.Failed > 0 {
			s += fmt.Sprintf(", %d failed", u.Output.Failed)
		}
		return s
	}
	if n := len(u.Errors); n > 0 {
		return clip(u.Errors[n-1], 80)
	}
	return ""
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (e *env) queueRetry(ctx context.Context, db string, failed bool, args []string) error {
	if failed == (len(args) > 0) {
		return usageError{"give unit IDs or --failed, not both"}
	}
	ids := make([]int64, 0, len(args))
	for _, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			return usageError{fmt.Sprintf("not a unit ID: %q", a)}
		}
		ids = append(ids, id)
	}
	q, err := e.openQueue(ctx, db)
	if err != nil {
		return err
	}
	defer q.Close()
	if failed {
		n, err := q.RetryFailed(ctx)
		fmt.Fprintf(e.stderr, "queued %d failed units again\n", n)
		return err
	}
	if err := q.Retry(ctx, ids...); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "queued %d units again\n", len(ids))
	return nil
}
