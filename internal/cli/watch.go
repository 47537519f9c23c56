package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/queue"
)

func (e *env) watchCmd() *cobra.Command {
	var (
		o       workerOptions
		every   time.Duration
		addOnly bool
		remove  bool
	)
	cmd := &cobra.Command{
		Use:   "watch --db postgres://... [--every 15m] FEED...",
		Short: "Poll RSS/Atom feeds on a schedule and ingest their new items (a live record for a team)",
		Long: `Add FEED URLs to the database's watched feeds, then work the queue like warta
worker, polling each watched feed every --every. Polls are conditional
(If-None-Match / If-Modified-Since with the feed's last ETag and
Last-Modified), so an unchanged feed costs one 304; each item not seen before
becomes a unit that any worker ingests. Fetches from one host are at least
--per-host apart, across all workers.

The watched feeds live in the database, and every warta worker polls them
too, so one watch process is enough to add feeds (--add-only adds them and
exits) and any number of workers keep them polled. --remove stops watching.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, feeds []string) error {
			ctx := cmd.Context()
			if every < time.Second {
				return usageError{"--every must be at least 1s"}
			}
			prepare := func(ctx context.Context, q *queue.Queue) error {
				if remove {
					return q.Unwatch(ctx, feeds)
				}
				if err := q.Watch(ctx, feeds, every); err != nil {
					return usageOr(err)
				}
				fmt.Fprintf(e.stderr, "watching %d feeds every %s\n", len(feeds), every)
				return nil
			}
			if addOnly || remove {
				q, err := e.openQueue(ctx, o.db)
				if err != nil {
					return err
				}
				defer q.Close()
				return prepare(ctx, q)
			}
			return e.work(ctx, o, prepare)
		},
	}
	o.flags(cmd)
	cmd.Flags().DurationVar(&every, "every", queue.DefaultFeedEvery, "time between two polls of a feed")
	cmd.Flags().BoolVar(&addOnly, "add-only", false, "add the feeds and exit: workers poll them")
	cmd.Flags().BoolVar(&remove, "remove", false, "stop watching the feeds and exit")
	return cmd
}
