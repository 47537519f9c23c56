package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/warta-dev/warta/internal/store"
)

// parsePages parses each page template together with the layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(templateFuncs()).ParseFS(assets, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", base, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// templateFuncs are the helpers pages use; each returns text that
// html/template then escapes for where it lands.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"actorURL":   actorURL,
		"pairURL":    pairURL,
		"articleURL": func(id string) string { return "/article/" + url.PathEscape(id) },
		"withParams": withParams,
		"filterQS":   func(f store.Filter) string { return filterValues(f).Encode() },
		"num":        formatNum,
		"amount":     formatAmount,
		"score":      func(f float64) string { return fmt.Sprintf("%+.1f", f) },
		"pct":        func(n, of int) string { return fmt.Sprintf("%.0f%%", 100*float64(n)/math.Max(float64(of), 1)) },
		"tone":       toneClass,
		"quadName":   quadName,
		"rootName":   rootName,
		"deref":      str,
		"add":        func(a, b int) int { return a + b },
		"coop":       func(q [4]int) int { return q[0] + q[1] },
		"conflict":   func(q [4]int) int { return q[2] + q[3] },
		"roots":      rootOptions,
		"upper":      strings.ToUpper,
	}
}

// actorURL links an actor key (RUS) or an entity ID (person:x).
func actorURL(id string) string { return "/actor/" + url.PathEscape(id) }

func pairURL(a, b string) string { return "/pair/" + url.PathEscape(a) + "/" + url.PathEscape(b) }

// formatNum writes a count with thin thousands separators.
func formatNum(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u202f')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatAmount writes a fact's value: whole numbers with thousands
// separators, others with at most three decimals.
func formatAmount(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		if v < 0 {
			return "−" + formatNum(int(-v))
		}
		return formatNum(int(v))
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}

// toneClass names the CSS class of a Goldstein score or net cooperation.
func toneClass(g float64) string {
	switch {
	case g >= 1:
		return "coop"
	case g <= -1:
		return "conf"
	}
	return "neutral"
}

// quadName is the name of a CAMEO quad class.
func quadName(q int) string {
	switch q {
	case 1:
		return "verbal cooperation"
	case 2:
		return "material cooperation"
	case 3:
		return "verbal conflict"
	case 4:
		return "material conflict"
	}
	return "unknown"
}

// rootName is the name of a CAMEO root code.
func rootName(root string) string {
	switch root {
	case "01":
		return "Make public statement"
	case "02":
		return "Appeal"
	case "03":
		return "Express intent to cooperate"
	case "04":
		return "Consult"
	case "05":
		return "Engage in diplomatic cooperation"
	case "06":
		return "Engage in material cooperation"
	case "07":
		return "Provide aid"
	case "08":
		return "Yield"
	case "09":
		return "Investigate"
	case "10":
		return "Demand"
	case "11":
		return "Disapprove"
	case "12":
		return "Reject"
	case "13":
		return "Threaten"
	case "14":
		return "Protest"
	case "15":
		return "Exhibit force posture"
	case "16":
		return "Reduce relations"
	case "17":
		return "Coerce"
	case "18":
		return "Assault"
	case "19":
		return "Fight"
	case "20":
		return "Use unconventional mass violence"
	}
	return "Unknown"
}

// rootOption is one entry of the CAMEO root select.
type rootOption struct{ Code, Name string }

func rootOptions() []rootOption {
	out := make([]rootOption, 0, 20)
	for i := 1; i <= 20; i++ {
		c := fmt.Sprintf("%02d", i)
		out = append(out, rootOption{c, rootName(c)})
	}
	return out
}

// page is what every template gets: its title, the active nav entry, the
// filter in force and the page's own data.
type page struct {
	Title  string
	Nav    string
	Filter store.Filter
	Data   any
}

// render executes a page template into a buffer first, so that a template
// error becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	s.renderPart(w, r, name, "layout", p)
}

// renderPart executes one named template of a page: the whole page is
// "layout", a fragment for htmx is a template the page defines.
func (s *Server) renderPart(w http.ResponseWriter, r *http.Request, name, part string, p page) {
	t, ok := s.pages[name]
	if !ok {
		s.pageError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, part, p); err != nil {
		s.pageError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = buf.WriteTo(w)
}

// pageError renders the error page with the status err calls for.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status := errStatus(err)
	if status >= 500 {
		s.log.LogAttrs(r.Context(), slog.LevelError, "page failed", slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	msg := errMessage(err, status)
	t, ok := s.pages["error"]
	var buf bytes.Buffer
	if ok {
		err = t.ExecuteTemplate(&buf, "layout", page{Title: http.StatusText(status), Data: struct {
			Status  int
			Message string
		}{status, msg}})
	}
	if !ok || err != nil {
		writeError(w, r, status, msg)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
