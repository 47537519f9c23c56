// Package postgres is the PostgreSQL backend of store.Store, built on pgx.
//
// It is the store for a team or a large backfill: many warta processes on
// many machines write to one database at once. A batch is one transaction.
// Documents go in with INSERT ... ON CONFLICT (id) DO NOTHING, so a document
// that another process stored first, even concurrently, is a no-op counted
// as present; everything extracted from the new documents goes in with COPY.
// Events are partitioned by month (see migrations/00001_init.sql) and the
// months' partitions are created on demand. Full-text search uses
// PostgreSQL's indonesian and english configurations by document language.
//
// The schema lives in migrations/ and is applied by goose when the store is
// opened; an advisory lock keeps processes that open it at once from
// migrating twice.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/warta-dev/warta/internal/store"
)

// migrationFS holds the schema migrations, applied in order by goose.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is a store.Store kept in a PostgreSQL database.
// It is safe for concurrent use, within a process and across processes.
type DB struct {
	pool   *pgxpool.Pool
	name   string // the DSN without its password, for messages
	logger *slog.Logger

	mu     sync.Mutex
	months map[int]bool // events partitions known to exist, by year*12 + month-1
}

var _ store.Store = (*DB)(nil)

// Open connects to the PostgreSQL database named by dsn (a postgres:// URL
// or a key=value connection string) and brings its schema up to date. The
// database must exist; the user needs the right to create tables in it, and
// to create the unaccent extension unless it is already there. A nil logger
// discards the store's log.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	pool, name, err := Connect(ctx, dsn, "warta")
	if err != nil {
		return nil, fmt.Errorf("open postgres store %s: %w", name, err)
	}
	db := &DB{pool: pool, name: name, logger: logger, months: make(map[int]bool)}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres store %s: %w", name, err)
	}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres store %s: %w", name, err)
	}
	return db, nil
}

// migrate applies any pending migrations, holding a session advisory lock
// so that workers starting together take turns.
func (db *DB) migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return fmt.Errorf("migrations: lock: %w", err)
	}
	// Closing sqlDB leaves the pool open: stdlib hands out the pool's
	// connections and keeps none idle.
	sqlDB := stdlib.OpenDBFromPool(db.pool)
	defer func() { _ = sqlDB.Close() }()
	// goose prints nothing unless verbose; it gets our logger anyway so that
	// nothing it says can reach stdout, which is kept for command output.
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, fsys,
		goose.WithSlog(db.logger),
		goose.WithVerbose(false),
		goose.WithDisableGlobalRegistry(true),
		goose.WithSessionLocker(locker),
	)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		db.logger.LogAttrs(ctx, slog.LevelInfo, "store migrated",
			slog.String("db", db.name),
			slog.Int64("version", r.Source.Version),
			slog.Duration("took", r.Duration))
	}
	return nil
}

// Close closes the connection pool, waiting for connections in use to be
// returned. It must not be called while other methods are running.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// redact returns a DSN fit for messages: a URL without its password; a
// key=value string as it is unless it holds a password; else only its kind.
// Connect opens a connection pool to the PostgreSQL database named by dsn,
// reporting itself as appName unless the DSN names an application. It also
// returns the DSN without its password, for messages: pgx's own parse
// errors can quote the password, so they are not passed on.
func Connect(ctx context.Context, dsn, appName string) (*pgxpool.Pool, string, error) {
	name := Redact(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, name, errors.New("invalid connection string")
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = appName
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, name, err
	}
	return pool, name, nil
}

// Redact returns dsn without its password, or a placeholder when it cannot
// tell where the password is.
func Redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		return u.Redacted()
	}
	if strings.Contains(dsn, "://") {
		return "(unreadable connection URL)"
	}
	if strings.Contains(dsn, "password") {
		return "(connection string)"
	}
	return dsn
}

// ctxErr returns the context's error, wrapped with what was being done, so
// that a method called with a finished context fails before any I/O.
func ctxErr(ctx context.Context, what string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
