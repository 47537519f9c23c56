package server

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/warta-dev/warta/internal/store"
)

// defaultPage is the page size when a request gives no limit.
const defaultPage = 50

// writeJSON answers with v as JSON. Encoding escapes <, > and & so that
// no response can be read as HTML.
func writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		return
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	// An error here is the client going away mid-response: the status is
	// sent and there is no one left to tell.
	_ = enc.Encode(v)
}

// fail answers an API request with the status err calls for, logging
// what is not the client's fault.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := errStatus(err)
	if status >= 500 {
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	writeError(w, r, status, errMessage(err, status))
}

// apiList serves one paginated list: parse, query, respond.
func apiList[T any](s *Server, w http.ResponseWriter, r *http.Request,
	list func(*Server, *http.Request, store.Query) (store.Page[T], error)) {
	req, err := parseRequest(r, defaultPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := list(s, r, req.query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, page)
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, func(s *Server, r *http.Request, q store.Query) (store.Page[store.EventRecord], error) {
		return s.st.Events(r.Context(), q)
	})
}

func (s *Server) apiArticles(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, func(s *Server, r *http.Request, q store.Query) (store.Page[store.ArticleSummary], error) {
		return s.st.Articles(r.Context(), q)
	})
}

func (s *Server) apiEntities(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, func(s *Server, r *http.Request, q store.Query) (store.Page[store.EntityRecord], error) {
		return s.st.Entities(r.Context(), q)
	})
}

func (s *Server) apiFacts(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, func(s *Server, r *http.Request, q store.Query) (store.Page[store.FactRecord], error) {
		return s.st.Facts(r.Context(), q)
	})
}

func (s *Server) apiQuotes(w http.ResponseWriter, r *http.Request) {
	apiList(s, w, r, func(s *Server, r *http.Request, q store.Query) (store.Page[store.QuoteRecord], error) {
		return s.st.Quotes(r.Context(), q)
	})
}

// apiArticle returns one document's whole extraction record.
func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	if _, err := parseRequest(r, 1); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if !isDocID(id) {
		writeError(w, r, http.StatusBadRequest, "article id: want 64 hex digits")
		return
	}
	a, err := s.st.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, a)
}

// isDocID reports whether id is a document ID: 64 lower-case hex digits.
func isDocID(id string) bool {
	if len(id) != 64 {
		return false
	}
	for _, c := range []byte(id) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// aggregate parses a request for an aggregate (no cursor; limit default
// 100) and responds with what agg returns.
func aggregate[T any](s *Server, w http.ResponseWriter, r *http.Request, agg func(store.Filter, int) (T, error)) {
	req, err := parseRequest(r, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Cursor != "" {
		writeError(w, r, http.StatusBadRequest, "cursor: this list is not paginated; use limit")
		return
	}
	v, err := agg(req.Filter, req.Limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, struct {
		Items T `json:"items"`
	}{v})
}

func (s *Server) apiPairs(w http.ResponseWriter, r *http.Request) {
	aggregate(s, w, r, func(f store.Filter, n int) ([]store.PairStat, error) { return s.pairs(r.Context(), f, n) })
}

func (s *Server) apiActors(w http.ResponseWriter, r *http.Request) {
	aggregate(s, w, r, func(f store.Filter, n int) ([]store.ActorStat, error) { return s.actors(r.Context(), f, n) })
}

func (s *Server) apiSectors(w http.ResponseWriter, r *http.Request) {
	aggregate(s, w, r, func(f store.Filter, n int) ([]store.SectorStat, error) { return s.sectors(r.Context(), f, n) })
}

func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r, 1, "by")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	by := store.Interval(req.values.Get("by"))
	if by == "" {
		by = store.Month
	}
	if !by.Valid() {
		writeError(w, r, http.StatusBadRequest, `by: want "day", "month" or "year"`)
		return
	}
	series, err := s.series(r.Context(), req.Filter, by)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, struct {
		By    store.Interval `json:"by"`
		Items []store.Bucket `json:"items"`
	}{by, series})
}

func (s *Server) apiNetwork(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r, s.opts.NetworkNodes)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	net, err := s.network(r.Context(), req.Filter, req.Limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, net)
}

// statsJSON is the API form of store.Stats.
type statsJSON struct {
	store.Stats
	First *string `json:"first_published"`
	Last  *string `json:"last_published"`
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	if _, err := parseRequest(r, 1); err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, r, statsJSON{Stats: st, First: dateOrNil(st.First), Last: dateOrNil(st.Last)})
}

func dateOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	b, err := assets.ReadFile("openapi.yaml")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	_, _ = w.Write(b)
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, http.StatusNotFound, "no such API route; see /api/v1/openapi.yaml")
}
