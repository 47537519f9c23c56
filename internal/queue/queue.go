// Package queue spreads ingest work over many processes on many machines
// through a job queue kept in PostgreSQL: River (github.com/riverqueue/river).
//
// A unit of work is one input, or a slice of lines of a JSON Lines file:
//
//	file   a local file (text, HTML, JSON, CSV, ...)
//	warc   a WARC archive
//	feed   an RSS/Atom feed file
//	url    an http(s) URL: a page or a feed
//	lines  lines First..First+Lines-1 of a .jsonl (or .jsonl.gz) file
//	item   one new item of a watched feed (warta watch)
//
// Enqueue turns inputs into units, Work processes them through the pipeline
// into the store, Watch polls feeds on a schedule. River supplies what a
// home-made queue would get wrong: a unit is locked by one worker at a time,
// a unit whose worker died is rescued and retried elsewhere, failures back
// off and end after MaxAttempts, unique jobs make re-enqueueing a no-op, and
// periodic jobs drive the feed polls. The store's document hash is a unique
// key, so a retried or concurrent unit never stores an article twice.
//
// The queue lives in the same database as the store: River's tables
// (river_job, ...), migrated by rivermigrate when a Queue is opened, and
// warta's own small tables for watched feeds (warta_feeds, warta_feed_items)
// and per-host politeness (warta_hosts).
package queue

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/warta-dev/warta/internal/store/postgres"
)

// Job kinds, as River stores them in river_job.kind.
const (
	KindUnit = "warta_unit" // UnitArgs: ingest one unit
	KindPoll = "warta_poll" // PollArgs: poll one watched feed
	KindTick = "warta_tick" // tickArgs: enqueue polls of the feeds that are due
)

// Unit kinds (UnitArgs.Kind).
const (
	UnitFile  = "file"
	UnitWARC  = "warc"
	UnitFeed  = "feed"
	UnitURL   = "url"
	UnitLines = "lines"
	UnitItem  = "item"
)

// UnitArgs is one unit of ingest work: the args of a KindUnit job.
//
// The fields tagged river:"unique" make the job's unique key, so enqueueing
// the same unit again (same input, same range, same bytes) is a no-op while
// the first job is queued, running or kept as completed; a changed file
// makes a new unit.
type UnitArgs struct {
	// Type is one of the Unit* constants.
	Type string `json:"type" river:"unique"`
	// Input is an absolute file path on the enqueuing machine, or a URL.
	Input string `json:"input" river:"unique"`
	// First and Lines bound a slice of a JSON Lines file: lines
	// First..First+Lines-1, counted from 1. Zero for other kinds.
	First int `json:"first,omitempty" river:"unique"`
	Lines int `json:"lines,omitempty" river:"unique"`
	// Offset and Size are the slice's bytes in the file (after gzip
	// decompression for a .gz file), for a worker that reads the file.
	Offset int64 `json:"offset,omitempty"`
	Size   int64 `json:"size,omitempty"`
	// Digest is the SHA-256 of the unit's bytes (hex). A worker that reads
	// the file checks it, so a file changed after enqueueing fails the unit
	// instead of ingesting something else under its name.
	Digest string `json:"digest,omitempty" river:"unique"`
	// Content, when set, is the unit's bytes, gzip-compressed unless they
	// already were: a small unit travels in the job so that workers need no
	// access to the enqueuing machine's files.
	Content []byte `json:"content,omitempty"`
	// Feed is the watched feed a KindItem unit came from.
	Feed string `json:"feed,omitempty"`
}

// Kind implements river.JobArgs.
func (UnitArgs) Kind() string { return KindUnit }

// MaxAttempts is how often a unit is tried before it fails for good; the
// retries back off as attempt⁴ seconds (1s, 16s, 81s, ... about 80 minutes
// in all).
const MaxAttempts = 8

// InsertOpts makes units unique by their args in every state but failed
// (discarded) and cancelled: enqueueing a unit that failed for good queues
// it again.
func (UnitArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Where names the unit for messages: a path, "path:1-100" or a URL.
func (a UnitArgs) Where() string {
	if a.Type == UnitLines {
		return a.Input + ":" + strconv.Itoa(a.First) + "-" + strconv.Itoa(a.First+a.Lines-1)
	}
	return a.Input
}

// Queue is a handle on the job queue in one PostgreSQL database. It
// enqueues, lists and retries units; Work runs a worker on it. It is safe
// for concurrent use.
type Queue struct {
	pool   *pgxpool.Pool
	client *river.Client[pgx.Tx] // insert-only: enqueue, list, retry
	name   string                // the DSN without its password
	log    *slog.Logger
}

// Open connects to the PostgreSQL database named by dsn, and creates or
// updates River's tables and warta's queue tables in it (idempotent, and
// serialised by an advisory lock, so workers may start together). A nil
// logger discards the queue's log.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*Queue, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	pool, name, err := postgres.Connect(ctx, dsn, "warta-queue")
	if err != nil {
		return nil, fmt.Errorf("open queue %s: %w", name, err)
	}
	if err := migrate(ctx, pool, logger); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open queue %s: %w", name, err)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: logger})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open queue %s: %w", name, err)
	}
	return &Queue{pool: pool, client: client, name: name, log: logger}, nil
}

// Close closes the connection pool. It must not be called while other
// methods, Work included, are running.
func (q *Queue) Close() error {
	q.pool.Close()
	return nil
}

// migrateLock is the advisory lock key held while migrating: "warta_q".
const migrateLock = 0x77617274615f71

// schema is warta's own queue tables; every statement is idempotent.
const schema = `
CREATE TABLE IF NOT EXISTS warta_feeds (
    url           text PRIMARY KEY,
    every         interval NOT NULL,
    etag          text NOT NULL DEFAULT '',
    last_modified text NOT NULL DEFAULT '',
    next_poll_at  timestamptz NOT NULL DEFAULT now(),
    polled_at     timestamptz,
    last_status   int NOT NULL DEFAULT 0,
    last_error    text NOT NULL DEFAULT '',
    polls         bigint NOT NULL DEFAULT 0,
    items         bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS warta_feed_items (
    feed     text NOT NULL REFERENCES warta_feeds (url) ON DELETE CASCADE,
    item     text NOT NULL,
    seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed, item)
);
CREATE TABLE IF NOT EXISTS warta_hosts (
    host     text PRIMARY KEY,
    next_at  timestamptz NOT NULL
);`

// migrate brings River's schema and warta's queue tables up to date,
// holding a session advisory lock so that workers starting together take
// turns. (River's migrations are not all fit for one transaction.)
func migrate(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: logger})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrateLock)); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer func() {
		// On a failed unlock the session ends with the lock.
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(migrateLock)); err != nil {
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	res, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("migrate river: %w", err)
	}
	for _, v := range res.Versions {
		logger.LogAttrs(ctx, slog.LevelInfo, "queue migrated", slog.Int("river_version", v.Version))
	}
	if _, err := conn.Exec(ctx, schema); err != nil {
		return fmt.Errorf("migrate queue tables: %w", err)
	}
	return nil
}
