package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/warta-dev/warta/internal/article"
)

// Months from firstYear up to lastYear (exclusive) get their own events
// partition; any other day goes to the default one. The bounds keep a
// misread date ("0001-01-01", "9999") from creating a partition.
const (
	firstYear = 1900
	lastYear  = 2200
)

// partitionLockKey is the advisory lock that creators of events partitions
// take in turn. It is an arbitrary constant, unique within warta.
const partitionLockKey = 0x77617274_61657674 // "wartaevt"

// eventDays returns the partition key of every event of the batch: its
// date read as a day (see eventDate), or NULL.
func eventDays(articles []*article.Article) map[*article.Event]pgtype.Date {
	days := make(map[*article.Event]pgtype.Date)
	for _, a := range articles {
		for i := range a.Events {
			ev := &a.Events[i]
			if t, ok := eventDate(ev.Date); ok {
				days[ev] = pgtype.Date{Time: t, Valid: true}
			} else {
				days[ev] = pgtype.Date{}
			}
		}
	}
	return days
}

// eventDate reads an event's date as a day: 2024-11-27, with anything after
// it (a clock), or 2024-11 or 2024 as their first day. The day orders as the
// text does against any full date, which is what lets queries filtering on
// the text add the same bounds on the day and so skip partitions.
func eventDate(s string) (time.Time, bool) {
	if len(s) > len(time.DateOnly) {
		s = s[:len(time.DateOnly)]
	}
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		if len(s) != len(layout) {
			continue
		}
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// month numbers a month for the partition cache.
func month(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// ensurePartitions creates the events partitions that the batch's days need
// and this process has not seen yet. It runs in its own short transaction,
// before the batch's: creating a partition locks the whole events table, and
// a batch holding rows in it meanwhile could deadlock with another process
// creating the same month. An advisory lock makes creators take turns, so
// IF NOT EXISTS is not raced.
func (db *DB) ensurePartitions(ctx context.Context, days map[*article.Event]pgtype.Date) error {
	var missing []int
	db.mu.Lock()
	for _, d := range days {
		if !d.Valid || d.Time.Year() < firstYear || d.Time.Year() >= lastYear {
			continue
		}
		if m := month(d.Time); !db.months[m] && !slices.Contains(missing, m) {
			missing = append(missing, m)
		}
	}
	db.mu.Unlock()
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing)

	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(partitionLockKey)); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		for _, m := range missing {
			from := time.Date(m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC)
			to := from.AddDate(0, 1, 0)
			bare := fmt.Sprintf("events_%04d_%02d", from.Year(), from.Month())
			// Another process may have made it already. CREATE ... IF NOT
			// EXISTS would still lock events against its writers and can
			// deadlock with them, so look first.
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, bare).Scan(&exists); err != nil {
				return fmt.Errorf("look up %s: %w", bare, err)
			}
			if exists {
				continue
			}
			name := pgx.Identifier{bare}.Sanitize()
			// The bounds are formatted dates, not user input.
			sql := fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s PARTITION OF events FOR VALUES FROM ('%s') TO ('%s')`,
				name, from.Format(time.DateOnly), to.Format(time.DateOnly))
			if _, err := tx.Exec(ctx, sql); err != nil {
				return fmt.Errorf("create %s: %w", name, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("events partitions: %w", err)
	}
	db.mu.Lock()
	for _, m := range missing {
		db.months[m] = true
	}
	db.mu.Unlock()
	db.logger.LogAttrs(ctx, slog.LevelDebug, "events partitions ready", slog.Int("months", len(missing)))
	return nil
}
