// Package server is warta's read-only web UI and JSON API over a store:
// one route table (routes.go), HTML pages from embedded templates
// (ui_*.go), the API under /api/v1/ (api.go), exports (export.go), and the
// charting libraries vendored under static/vendor, embedded so that building
// needs no Node.
package server

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/warta-dev/warta/internal/store"
)

// assets holds the page templates, the static files and the OpenAPI
// description.
//
//go:embed templates/*.html static openapi.yaml
var assets embed.FS

// Options bound what one request may cost.
type Options struct {
	// RequestTimeout bounds every request's store queries; exports get
	// ExportTimeout instead.
	RequestTimeout time.Duration
	// ExportTimeout bounds one export download.
	ExportTimeout time.Duration
	// MaxExportRows caps the rows of one export.
	MaxExportRows int
	// NetworkNodes caps the nodes of the network (the most active actors).
	NetworkNodes int
}

// DefaultOptions returns the bounds warta serve uses.
func DefaultOptions() Options {
	return Options{
		RequestTimeout: 10 * time.Second,
		ExportTimeout:  2 * time.Minute,
		MaxExportRows:  200_000,
		NetworkNodes:   150,
	}
}

// Server serves the UI and the API over a store. It never writes to it.
type Server struct {
	st     store.Store
	log    *slog.Logger
	opts   Options
	pages  map[string]*template.Template
	static fs.FS
	cache  *aggCache
}

// New returns a server over st. A nil logger discards the log.
func New(st store.Store, logger *slog.Logger, opts Options) (*Server, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	def := DefaultOptions()
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = def.RequestTimeout
	}
	if opts.ExportTimeout <= 0 {
		opts.ExportTimeout = def.ExportTimeout
	}
	if opts.MaxExportRows <= 0 {
		opts.MaxExportRows = def.MaxExportRows
	}
	if opts.NetworkNodes <= 0 {
		opts.NetworkNodes = def.NetworkNodes
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Server{st: st, log: logger, opts: opts, pages: pages, static: static, cache: newAggCache(512)}, nil
}

// Serve accepts connections on ln until ctx is done, then shuts down
// gracefully: it stops accepting, lets requests in flight finish for up to
// grace, and returns. It returns nil after a shutdown that ctx asked for.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      s.opts.ExportTimeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// The cache warmer stops, and is waited for, before Serve returns, so
	// that the caller may close the store right after.
	wctx, stopWarm := context.WithCancel(ctx)
	warmed := make(chan struct{})
	go func() { defer close(warmed); s.warm(wctx, 5*time.Second) }()
	defer func() { stopWarm(); <-warmed }()
	s.log.LogAttrs(ctx, slog.LevelInfo, "serving", slog.String("addr", ln.Addr().String()))
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, "stopped")
	return nil
}
