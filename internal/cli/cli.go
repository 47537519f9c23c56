// Package cli holds warta's subcommands, one file each. Run is the whole
// command line: cmd/warta only wires signals and the exit code.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/store"
	"github.com/warta-dev/warta/internal/store/postgres"
	"github.com/warta-dev/warta/internal/store/sqlite"
)

// env is what every subcommand shares: its streams and logger.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
}

// Run executes the command line args (without the program name) and
// returns the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	root := &cobra.Command{
		Use:           "warta",
		Short:         "warta turns news about international relations into a structured, source-linked record",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetArgs(args)
	root.AddCommand(
		e.ingestCmd(),
		e.extractCmd(),
		e.statsCmd(),
		e.evalCmd(),
		e.benchCmd(),
		e.serveCmd(),
		e.exportCmd(),
		e.workerCmd(),
		e.queueCmd(),
		e.watchCmd(),
		e.nerCmd(),
		e.trainCmd(),
		e.mergeCheckCmd(),
	)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintf(stderr, "warta: %v\n", err)
		var ue usageError
		if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") ||
			strings.HasPrefix(err.Error(), "unknown flag") || strings.Contains(err.Error(), "arg(s)") {
			return 2
		}
		return 1
	}
	return 0
}

// usageError marks a wrong command line (exit code 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// dbFlag registers --db with its default: $WARTA_DB, else ./warta.db.
func dbFlag(cmd *cobra.Command, dst *string) {
	def := os.Getenv("WARTA_DB")
	if def == "" {
		def = "warta.db"
	}
	cmd.Flags().StringVar(dst, "db", def, "database: a SQLite file path or a postgres:// URL (default $WARTA_DB or ./warta.db)")
}

// openStore opens the store named by a --db value: a postgres:// or
// postgresql:// URL names a PostgreSQL database, anything else a SQLite file.
func (e *env) openStore(ctx context.Context, db string) (store.Store, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		// postgres.Open names the database in its errors without the password.
		s, err := postgres.Open(ctx, db, e.log)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	s, err := sqlite.Open(ctx, db, e.log)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", db, err)
	}
	return s, nil
}
