package postgres

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// The tests need a PostgreSQL server whose user may create databases:
// $WARTA_TEST_PG names its database (scripts/test.sh starts one and sets
// it). Without it, TestMain tries to start a throwaway one with
// scripts/pg.sh, never installing anything; failing that, the tests skip,
// except in CI ($CI set), where they fail.
var (
	serverDSN     string // a database on the test server, for CREATE DATABASE
	serverMissing string // why there is no server, when there is none
	dbCounter     atomic.Int64
)

func TestMain(m *testing.M) {
	stop := findServer()
	code := m.Run()
	stop()
	os.Exit(code)
}

// findServer sets serverDSN or serverMissing and returns what stops a server
// it started.
func findServer() (stop func()) {
	if dsn := os.Getenv("WARTA_TEST_PG"); dsn != "" {
		serverDSN = dsn
		return func() {}
	}
	script, err := filepath.Abs("../../../scripts/pg.sh")
	if err != nil {
		serverMissing = err.Error()
		return func() {}
	}
	// The server may run as another user (postgres, when we are root), so
	// its directory sits directly in the temporary directory, which anyone
	// may traverse.
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("warta-pg-test-%d", os.Getpid()))
	run := func(arg string) (string, error) {
		cmd := exec.Command("bash", script, arg)
		cmd.Env = append(os.Environ(), "WARTA_PG_DIR="+dir, "WARTA_PG_NO_INSTALL=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			// The script's last line says what failed.
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			return "", fmt.Errorf("pg.sh %s: %w: %s", arg, err, lines[len(lines)-1])
		}
		return strings.TrimSpace(stdout.String()), nil
	}
	cleanup := func() { _, _ = run("stop") }
	out, err := run("start")
	dsn, ok := strings.CutPrefix(out, "WARTA_TEST_PG=")
	if err != nil || !ok {
		serverMissing = fmt.Sprintf("WARTA_TEST_PG is unset and scripts/pg.sh could not start a server (%v)", err)
		cleanup()
		return func() {}
	}
	serverDSN = dsn
	return cleanup
}

// testDSN returns the DSN of a new, empty database that is dropped when the
// test ends, or skips the test when there is no server.
func testDSN(t testing.TB) string {
	t.Helper()
	if serverDSN == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("no PostgreSQL server in CI: %s", serverMissing)
		}
		t.Skipf("no PostgreSQL server: %s; set WARTA_TEST_PG=postgres://... or run scripts/test.sh", serverMissing)
	}
	u, err := url.Parse(serverDSN)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("WARTA_TEST_PG must be a postgres:// URL, got %s", Redact(serverDSN))
	}
	name := fmt.Sprintf("warta_test_%d_%d", os.Getpid(), dbCounter.Add(1))
	admin(t, "CREATE DATABASE "+name)
	t.Cleanup(func() { admin(t, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u.Path = "/" + name
	return u.String()
}

// admin runs one statement on the server's own database.
func admin(t testing.TB, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, serverDSN)
	if err != nil {
		t.Fatalf("connect to test server %s: %v", Redact(serverDSN), err)
	}
	defer func() { _ = conn.Close(ctx) }()
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// tWriter sends log lines to the test log.
type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// openTemp opens a store on a new database, closed when the test ends.
func openTemp(t testing.TB) *DB {
	t.Helper()
	dsn := testDSN(t)
	db, err := Open(context.Background(), dsn, testLogger(t))
	if err != nil {
		t.Fatalf("Open(%s) error: %v", Redact(dsn), err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close() error: %v", err)
		}
	})
	return db
}
