package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// Handler returns the server's one route table, wrapped in the checks every
// request goes through (method, size, time, headers, log, panics).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()

	// Pages.
	mux.HandleFunc("GET /{$}", s.overviewPage)
	mux.HandleFunc("GET /network", s.networkPage)
	mux.HandleFunc("GET /pair/{a}/{b}", s.pairPage)
	mux.HandleFunc("GET /actor/{id...}", s.actorPage)
	mux.HandleFunc("GET /article/{id}", s.articlePage)
	mux.HandleFunc("GET /search", s.searchPage)

	// Exports of any filtered view.
	mux.HandleFunc("GET /export/network.gexf", s.exportGEXF)
	mux.HandleFunc("GET /export/{what}", s.export)

	// The JSON API.
	mux.HandleFunc("GET /api/v1/openapi.yaml", s.openAPI)
	mux.HandleFunc("GET /api/v1/stats", s.apiStats)
	mux.HandleFunc("GET /api/v1/events", s.apiEvents)
	mux.HandleFunc("GET /api/v1/articles", s.apiArticles)
	mux.HandleFunc("GET /api/v1/articles/{id}", s.apiArticle)
	mux.HandleFunc("GET /api/v1/entities", s.apiEntities)
	mux.HandleFunc("GET /api/v1/facts", s.apiFacts)
	mux.HandleFunc("GET /api/v1/quotes", s.apiQuotes)
	mux.HandleFunc("GET /api/v1/pairs", s.apiPairs)
	mux.HandleFunc("GET /api/v1/actors", s.apiActors)
	mux.HandleFunc("GET /api/v1/series", s.apiSeries)
	mux.HandleFunc("GET /api/v1/sectors", s.apiSectors)
	mux.HandleFunc("GET /api/v1/network", s.apiNetwork)
	mux.HandleFunc("GET /api/v1/", s.apiNotFound)

	// Embedded assets.
	mux.Handle("GET /static/", http.StripPrefix("/static/", s.staticHandler()))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})

	return s.guard(mux)
}

// maxQuery bounds the query string: filters are short, and a longer one is
// a mistake or an attack.
const maxQuery = 4 << 10

// guard is the middleware every request passes: only GET and HEAD, a
// bounded URL and body, a deadline, security headers, a log line, and a 500
// instead of a crash on panic.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.LogAttrs(r.Context(), slog.LevelError, "panic serving request",
					slog.String("path", r.URL.Path), slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
				if !rec.wrote {
					http.Error(rec, "internal error", http.StatusInternalServerError)
				}
			}
			s.log.LogAttrs(r.Context(), slog.LevelDebug, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", rec.status), slog.Duration("took", time.Since(start)))
		}()

		h := rec.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		// Scripts come only from this server's embedded files; the charting
		// libraries set inline styles, so styles may be inline.
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			writeError(rec, r, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed: this server is read-only")
			return
		}
		if len(r.URL.RawQuery) > maxQuery {
			writeError(rec, r, http.StatusRequestURITooLong, fmt.Sprintf("query string too long (%d bytes at most)", maxQuery))
			return
		}
		if r.ContentLength > 0 {
			writeError(rec, r, http.StatusRequestEntityTooLarge, "a GET request takes no body")
			return
		}
		r.Body = http.MaxBytesReader(rec, r.Body, 0)

		timeout := s.opts.RequestTimeout
		if isExport(r.URL.Path) {
			timeout = s.opts.ExportTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}

func isExport(path string) bool {
	return len(path) > len("/export/") && path[:len("/export/")] == "/export/"
}

// statusRecorder remembers the status written, for the log and for
// knowing whether a panic can still be answered with a 500.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// Flush lets streamed exports reach the client as they are written.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// staticHandler serves the embedded assets, cacheable for a day.
func (s *Server) staticHandler() http.Handler {
	fsrv := http.FileServerFS(s.static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fsrv.ServeHTTP(w, r)
	})
}

// errStatus maps a handler's error to a status: a bad query is the
// client's (400), a missing record 404, a deadline 503, the rest 500.
func errStatus(err error) int {
	var pe paramError
	switch {
	case errors.As(err, &pe), isInvalid(err):
		return http.StatusBadRequest
	case isNotFound(err):
		return http.StatusNotFound
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
