// Package sqlite is the SQLite backend of store.Store, built on the pure-Go
// driver modernc.org/sqlite.
//
// A DB holds two connection pools on one database file in WAL mode: a writer
// pool of exactly one connection, whose transactions begin IMMEDIATE, and a
// read-only pool for everything else. One writer connection means writers
// queue in Go rather than fight over SQLite's lock, and IMMEDIATE means a
// write transaction takes the lock up front instead of failing with
// SQLITE_BUSY when it upgrades from a read; readers never block the writer in
// WAL mode, nor it them.
//
// The schema lives in migrations/ and is applied by goose when the database
// is opened.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/warta-dev/warta/internal/store"
)

// migrationFS holds the schema migrations, applied in order by goose.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// busyTimeout is how long a connection waits for a lock held by another
// process (say, a second warta writing to the same file) before giving up.
const busyTimeout = 10 * time.Second

// DB is a store.Store kept in one SQLite database file.
// It is safe for concurrent use.
type DB struct {
	path string
	w    *sql.DB // one connection; every write goes through it
	r    *sql.DB // query_only connections for reads
	// has is Has's statement, prepared once: the pipeline asks it of every
	// article, and compiling the query each time cost more than running it.
	has    *sql.Stmt
	logger *slog.Logger
}

var _ store.Store = (*DB)(nil)

var _ store.Versioner = (*DB)(nil)

// Open opens the SQLite database at path, creating it if needed, and brings
// its schema up to date. path must name a file: an in-memory database would
// be a different, empty database on each pooled connection. A nil logger
// discards the store's log.
func Open(ctx context.Context, path string, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("open sqlite store %q: want the path of a database file", path)
	}
	db := &DB{path: path, logger: logger}

	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db.w = w
	if err := w.PingContext(ctx); err != nil {
		db.closePools()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	if err := db.migrate(ctx); err != nil {
		db.closePools()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}

	// The read pool is opened after migrating so that its connections find
	// the file already in WAL mode with the schema in place.
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		db.closePools()
		return nil, fmt.Errorf("open sqlite store %s: read pool: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db.r = r
	if err := r.PingContext(ctx); err != nil {
		db.closePools()
		return nil, fmt.Errorf("open sqlite store %s: read pool: %w", path, err)
	}
	if db.has, err = r.PrepareContext(ctx, `SELECT 1 FROM documents WHERE id = ?`); err != nil {
		db.closePools()
		return nil, fmt.Errorf("open sqlite store %s: prepare: %w", path, err)
	}
	return db, nil
}

// dsn returns the driver's data source name for path. The pragmas go in the
// DSN because database/sql opens connections whenever it likes: the driver
// runs them on every new connection, so no connection misses them.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		// query_only makes a stray write through the read pool an error
		// instead of a second writer competing for the lock.
		q.Add("_pragma", "query_only(ON)")
	} else {
		q.Set("_txlock", "immediate")
		// A larger page cache keeps the indexes' hot pages in memory across
		// a batch; 32 MiB for the single writer connection.
		q.Add("_pragma", "cache_size(-32768)")
		q.Add("_pragma", "temp_store(MEMORY)")
		// Checkpoint every 40 MB of WAL rather than every 4 MB: a bulk
		// ingest then copies hot index pages back and syncs far less often.
		q.Add("_pragma", "wal_autocheckpoint(10000)")
	}
	// With the "file:" prefix SQLite reads the name as a URI, so characters
	// that mean something in a URI must be escaped in the path.
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc + "?" + q.Encode()
}

// migrate applies any pending migrations through the writer pool.
func (db *DB) migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	// goose logs nothing unless verbose; hand it our logger anyway so that
	// nothing it might print can reach stdout, which is reserved for command
	// output.
	p, err := goose.NewProvider(goose.DialectSQLite3, db.w, fsys,
		goose.WithSlog(db.logger),
		goose.WithVerbose(false),
		goose.WithDisableGlobalRegistry(true),
	)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	// p.Close would close db.w, so it is not called; the provider holds
	// nothing else.
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		db.logger.LogAttrs(ctx, slog.LevelInfo, "store migrated",
			slog.String("path", db.path),
			slog.Int64("version", r.Source.Version),
			slog.Duration("took", r.Duration))
	}
	return nil
}

// Close runs PRAGMA optimize and closes both pools. It must not be called
// while other methods are running.
func (db *DB) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var errs []error
	// optimize refreshes the query planner's statistics where they have
	// gone stale; SQLite recommends it before closing a connection.
	if _, err := db.w.ExecContext(ctx, "PRAGMA optimize"); err != nil {
		errs = append(errs, fmt.Errorf("optimize: %w", err))
	}
	if err := db.closePools(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close sqlite store %s: %w", db.path, err)
	}
	return nil
}

// closePools closes whichever pools are open.
func (db *DB) closePools() error {
	var errs []error
	if db.has != nil {
		if err := db.has.Close(); err != nil {
			errs = append(errs, fmt.Errorf("statement: %w", err))
		}
	}
	if db.r != nil {
		if err := db.r.Close(); err != nil {
			errs = append(errs, fmt.Errorf("read pool: %w", err))
		}
	}
	if db.w != nil {
		if err := db.w.Close(); err != nil {
			errs = append(errs, fmt.Errorf("write pool: %w", err))
		}
	}
	return errors.Join(errs...)
}
