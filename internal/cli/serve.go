package cli

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/warta-dev/warta/internal/server"
)

// serveOptions are the flags of warta serve.
type serveOptions struct {
	db   string
	addr string
}

func (e *env) serveCmd() *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--db PATH] [--addr 127.0.0.1:8080]",
		Short: "Serve a read-only web UI and JSON API over the database",
		Long: `Serve the record over HTTP: an overview, the network of relations, pairs,
actors, an article reader, search and exports, and a JSON API under /api/v1/
(described at /api/v1/openapi.yaml). Nothing can be written over HTTP.

It listens on loopback unless --addr says otherwise, and stops gracefully on
SIGINT or SIGTERM, letting requests in flight finish.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.serve(cmd.Context(), o)
		},
	}
	dbFlag(cmd, &o.db)
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	return cmd
}

func (e *env) serve(ctx context.Context, o serveOptions) error {
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return usageError{fmt.Sprintf("--addr %q: want host:port", o.addr)}
	}
	st, err := e.openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := server.New(st, e.log, server.DefaultOptions())
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(e.stderr, "warta: serving %s on http://%s/ (Ctrl-C to stop)\n", o.db, ln.Addr())
	return srv.Serve(ctx, ln, 10*time.Second)
}
