// Package qtest finds a PostgreSQL server for the queue's tests and makes a
// fresh database on it per test.
//
// The server is $WARTA_TEST_PG (scripts/test.sh starts one and sets it).
// Without it, Main tries to start a throwaway one with scripts/pg.sh, never
// installing anything; failing that, the tests skip with the reason, except
// in CI ($CI set), where they fail.
package qtest

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Server is a PostgreSQL server on which tests may create databases.
type Server struct {
	dsn     string // a database on the server, for CREATE DATABASE
	missing string // why there is no server, when there is none
	stop    func()
	n       atomic.Int64
}

// Start finds or starts the test server. Call Stop when the tests are done.
func Start() *Server {
	s := &Server{stop: func() {}}
	if dsn := os.Getenv("WARTA_TEST_PG"); dsn != "" {
		s.dsn = dsn
		return s
	}
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "..", "..", "..", "scripts", "pg.sh")
	// The server may run as another user (postgres, when we are root), so
	// its directory sits directly in the temporary directory.
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("warta-pg-qtest-%d", os.Getpid()))
	run := func(arg string) (string, error) {
		cmd := exec.Command("bash", script, arg)
		cmd.Env = append(os.Environ(), "WARTA_PG_DIR="+dir, "WARTA_PG_NO_INSTALL=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			return "", fmt.Errorf("pg.sh %s: %w: %s", arg, err, lines[len(lines)-1])
		}
		return strings.TrimSpace(stdout.String()), nil
	}
	out, err := run("start")
	dsn, ok := strings.CutPrefix(out, "WARTA_TEST_PG=")
	if err != nil || !ok {
		s.missing = fmt.Sprintf("WARTA_TEST_PG is unset and scripts/pg.sh could not start a server (%v)", err)
		_, _ = run("stop")
		return s
	}
	s.dsn = dsn
	s.stop = func() { _, _ = run("stop") }
	return s
}

// Stop stops a server that Start started.
func (s *Server) Stop() { s.stop() }

// Database returns the DSN of a new, empty database, dropped when the test
// ends, or skips the test when there is no server (fails it in CI).
func (s *Server) Database(t testing.TB) string {
	t.Helper()
	if s.dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("no PostgreSQL server in CI: %s", s.missing)
		}
		t.Skipf("no PostgreSQL server: %s; set WARTA_TEST_PG=postgres://... or run scripts/test.sh", s.missing)
	}
	u, err := url.Parse(s.dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("WARTA_TEST_PG must be a postgres:// URL")
	}
	name := fmt.Sprintf("warta_qtest_%d_%d", os.Getpid(), s.n.Add(1))
	s.admin(t, "CREATE DATABASE "+name)
	t.Cleanup(func() { s.admin(t, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u.Path = "/" + name
	return u.String()
}

// admin runs one statement on the server's own database.
func (s *Server) admin(t testing.TB, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer func() { _ = conn.Close(ctx) }()
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
