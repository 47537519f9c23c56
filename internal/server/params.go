package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/warta-dev/warta/internal/store"
)

// paramError is a malformed request parameter: the client's mistake.
type paramError struct{ msg string }

func (e paramError) Error() string { return e.msg }

func isInvalid(err error) bool  { return errors.Is(err, store.ErrInvalid) }
func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// filterParams returns the query parameters of a store.Filter, shared by
// the pages, the API and the exports.
func filterParams() []string {
	return []string{"from", "to", "country", "partner", "actor", "root", "plover", "modality", "sector", "q", "type"}
}

// request is a parsed query string: the filter, the page and the rest.
type request struct {
	store.Filter
	Limit  int
	Cursor string
	values url.Values
}

// parseRequest reads the query string of r. allowed lists the parameters
// the route takes beyond the filter, limit and cursor; any other parameter,
// a repeated one or a malformed one is a paramError.
func parseRequest(r *http.Request, defLimit int, allowed ...string) (request, error) {
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return request{}, paramError{"malformed query string: " + err.Error()}
	}
	known := map[string]bool{"limit": true, "cursor": true}
	for _, p := range filterParams() {
		known[p] = true
	}
	for _, p := range allowed {
		known[p] = true
	}
	for k, v := range vals {
		if !known[k] {
			return request{}, paramError{fmt.Sprintf("unknown parameter %q", k)}
		}
		if len(v) > 1 {
			return request{}, paramError{fmt.Sprintf("parameter %q given %d times", k, len(v))}
		}
	}
	get := func(k string) string { return strings.TrimSpace(vals.Get(k)) }
	req := request{values: vals, Limit: defLimit, Cursor: get("cursor")}
	req.Filter = store.Filter{
		From:       get("from"),
		To:         get("to"),
		Country:    strings.ToUpper(get("country")),
		Partner:    strings.ToUpper(get("partner")),
		Actor:      get("actor"),
		Root:       get("root"),
		PLOVER:     strings.ToUpper(get("plover")),
		Modality:   strings.ToLower(get("modality")),
		Sector:     strings.ToLower(get("sector")),
		Text:       get("q"),
		EntityType: strings.ToUpper(get("type")),
	}
	if len(req.Root) == 1 && req.Root[0] >= '0' && req.Root[0] <= '9' {
		req.Root = "0" + req.Root // root=3 means 03
	}
	if s := get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > store.MaxLimit {
			return request{}, paramError{fmt.Sprintf("limit %q: want a number from 1 to %d", s, store.MaxLimit)}
		}
		req.Limit = n
	}
	if err := req.Filter.Validate(); err != nil {
		return request{}, err
	}
	return req, nil
}

// query is the store query of a request.
func (r request) query() store.Query {
	return store.Query{Filter: r.Filter, Limit: r.Limit, Cursor: r.Cursor}
}

// filterValues encodes a filter as query parameters, empty fields left out,
// in a fixed order.
func filterValues(f store.Filter) url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{
		{"q", f.Text}, {"from", f.From}, {"to", f.To}, {"country", f.Country}, {"partner", f.Partner},
		{"actor", f.Actor}, {"root", f.Root}, {"plover", f.PLOVER}, {"modality", f.Modality},
		{"sector", f.Sector}, {"type", f.EntityType},
	} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	return v
}

// withParams returns path?filter&extra, the extra pairs given as key, value.
func withParams(path string, f store.Filter, extra ...string) string {
	v := filterValues(f)
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] != "" {
			v.Set(extra[i], extra[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// errorBody is the JSON of every API error.
type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// writeError answers with status and msg: JSON under /api/ and /export/,
// plain text elsewhere (pages render their own error page).
func writeError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h := w.Header()
	h.Del("Content-Length")
	h.Set("Cache-Control", "no-store")
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/export/") {
		h.Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(errorBody{Error: msg, Status: status})
		return
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}

// errMessage is what a client is told about err: the message of its own
// mistakes, and nothing internal.
func errMessage(err error, status int) string {
	switch status {
	case http.StatusBadRequest:
		var pe paramError
		if errors.As(err, &pe) {
			return pe.msg
		}
		// The store's message after "invalid query: " names the parameter.
		msg := err.Error()
		if i := strings.Index(msg, store.ErrInvalid.Error()); i >= 0 {
			msg = msg[i:]
		}
		return msg
	case http.StatusNotFound:
		return "not found"
	case http.StatusServiceUnavailable:
		return "the query took too long; narrow the filter"
	}
	return "internal error"
}
