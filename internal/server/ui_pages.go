package server

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/store"
)

// The rows of the overview's tables.
const (
	overviewRows = 15
	sectorRows   = 12
)

// overviewData is the overview page's.
type overviewData struct {
	Stats   store.Stats
	First   *string
	Last    *string
	Pairs   []store.PairStat
	Actors  []store.ActorStat
	Sectors []store.SectorStat
	MaxPair int
	Series  string // API URL of the series charts
}

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r, overviewRows)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	ctx := r.Context()
	d := overviewData{Series: withParams("/api/v1/series", req.Filter, "by", "month")}
	if d.Stats, err = s.stats(ctx); err != nil {
		s.pageError(w, r, err)
		return
	}
	d.First, d.Last = dateOrNil(d.Stats.First), dateOrNil(d.Stats.Last)
	if d.Pairs, err = s.pairs(ctx, req.Filter, req.Limit); err != nil {
		s.pageError(w, r, err)
		return
	}
	if len(d.Pairs) > 0 {
		d.MaxPair = d.Pairs[0].Events
	}
	if d.Actors, err = s.actors(ctx, req.Filter, req.Limit); err != nil {
		s.pageError(w, r, err)
		return
	}
	if d.Sectors, err = s.sectors(ctx, req.Filter, sectorRows); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, "overview", page{Title: "Overview", Nav: "overview", Filter: req.Filter, Data: d})
}

// networkData is the network page's.
type networkData struct {
	Src, GEXF string
}

func (s *Server) networkPage(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r, s.opts.NetworkNodes)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := networkData{
		Src:  withParams("/api/v1/network", req.Filter),
		GEXF: withParams("/export/network.gexf", req.Filter),
	}
	s.render(w, r, "network", page{Title: "Network", Nav: "network", Filter: req.Filter, Data: d})
}

// relationData is shared by the pair and actor pages: a filter's events,
// partners, sectors, facts and quotes.
type relationData struct {
	Heading  string
	Sub      string
	Kind     string
	Entity   *store.EntityRecord
	Stat     *store.PairStat
	Events   store.Page[store.EventRecord]
	MoreURL  string
	Partners []store.PairStat
	Sectors  []store.SectorStat
	Facts    []store.FactRecord
	Quotes   []store.QuoteRecord
	Series   string
	Self     string // the actor key whose partners are listed
}

func (s *Server) pairPage(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r, 100)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	a, b := strings.ToUpper(r.PathValue("a")), strings.ToUpper(r.PathValue("b"))
	if a == b {
		s.pageError(w, r, paramError{"a pair needs two different actors"})
		return
	}
	req.Country, req.Partner = a, b
	if err := req.Filter.Validate(); err != nil {
		s.pageError(w, r, err)
		return
	}
	if a > b {
		http.Redirect(w, r, pairURL(b, a)+queryOf(r), http.StatusFound)
		return
	}
	d, err := s.relation(r, req)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	pairs, err := s.pairs(r.Context(), req.Filter, 1)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	nameA, nameB := a, b
	if len(pairs) == 1 {
		d.Stat = &pairs[0]
		nameA, nameB = pairs[0].NameA, pairs[0].NameB
	}
	d.Heading, d.Kind = nameA+" – "+nameB, "pair"
	d.Sub = a + " · " + b
	// A pair's partners are the other relations of its two sides.
	if d.Partners, err = s.pairPartners(r, req.Filter); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, "relation", page{Title: d.Heading, Nav: "network", Filter: req.Filter, Data: d})
}

func (s *Server) actorPage(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r, 100)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	id := r.PathValue("id")
	var d relationData
	if strings.Contains(id, ":") {
		req.Actor = id
		if err := req.Filter.Validate(); err != nil {
			s.pageError(w, r, err)
			return
		}
		ents, err := s.st.Entities(r.Context(), store.Query{Filter: store.Filter{Actor: id}, Limit: 1})
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		if len(ents.Items) == 0 {
			s.pageError(w, r, fmt.Errorf("entity %s: %w", id, store.ErrNotFound))
			return
		}
		e := ents.Items[0]
		if e.Type == "COUNTRY" && e.Country != nil {
			http.Redirect(w, r, actorURL(*e.Country)+queryOf(r), http.StatusFound)
			return
		}
		if d, err = s.relation(r, req); err != nil {
			s.pageError(w, r, err)
			return
		}
		d.Entity = &e
		d.Heading, d.Kind = e.Name, strings.ToLower(e.Type)
		d.Sub = e.ID
		if e.Role != nil {
			d.Sub = *e.Role + " · " + e.ID
		}
		if e.Country != nil {
			d.Self = *e.Country
		} else if e.Org != nil {
			d.Self = *e.Org
		}
	} else {
		req.Country = strings.ToUpper(id)
		if err := req.Filter.Validate(); err != nil {
			s.pageError(w, r, err)
			return
		}
		if d, err = s.relation(r, req); err != nil {
			s.pageError(w, r, err)
			return
		}
		actors, err := s.actors(r.Context(), store.Filter{Country: req.Country}, store.MaxLimit)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		d.Heading, d.Kind, d.Self = req.Country, "actor", req.Country
		for _, a := range actors {
			if a.Key == req.Country {
				d.Heading, d.Kind = a.Name, a.Kind
			}
		}
		d.Sub = req.Country
	}
	s.render(w, r, "relation", page{Title: d.Heading, Nav: "network", Filter: req.Filter, Data: d})
}

// relation gathers what the pair and actor pages show for a filter. The
// queries are independent, so they run at once on the store's read pool.
func (s *Server) relation(r *http.Request, req request) (relationData, error) {
	ctx := r.Context()
	d := relationData{Series: withParams("/api/v1/series", req.Filter, "by", "month")}
	err := parallel(ctx,
		func(ctx context.Context) (err error) {
			d.Events, err = s.st.Events(ctx, req.query())
			return err
		},
		func(ctx context.Context) (err error) {
			d.Partners, err = s.pairs(ctx, req.Filter, 25)
			return err
		},
		func(ctx context.Context) (err error) {
			d.Sectors, err = s.sectors(ctx, req.Filter, sectorRows)
			return err
		},
		func(ctx context.Context) error {
			facts, err := s.st.Facts(ctx, store.Query{Filter: req.Filter, Limit: 50})
			d.Facts = facts.Items
			return err
		},
		func(ctx context.Context) error {
			quotes, err := s.st.Quotes(ctx, store.Query{Filter: req.Filter, Limit: 30})
			d.Quotes = quotes.Items
			return err
		},
		func(ctx context.Context) error {
			// Computed here so that the chart's API call finds it cached.
			_, err := s.series(ctx, req.Filter, store.Month)
			return err
		},
	)
	if err != nil {
		return d, err
	}
	if d.Events.Next != "" {
		d.MoreURL = withParams(r.URL.Path, req.withoutKeys(r), "cursor", d.Events.Next)
	}
	return d, nil
}

// parallel runs fns at once and returns the first error; the others' ctx is
// cancelled on it.
func parallel(ctx context.Context, fns ...func(context.Context) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Go(func() {
			if err := fn(ctx); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && ctx.Err() != nil {
		return err
	}
	return nil
}

// pairPartners lists the other pairs that either side of f's pair is in,
// most events first.
func (s *Server) pairPartners(r *http.Request, f store.Filter) ([]store.PairStat, error) {
	var each [2][]store.PairStat
	err := parallel(r.Context(),
		func(ctx context.Context) (err error) {
			g := f
			g.Partner = ""
			each[0], err = s.pairs(ctx, g, 25)
			return err
		},
		func(ctx context.Context) (err error) {
			g := f
			g.Country, g.Partner = f.Partner, ""
			each[1], err = s.pairs(ctx, g, 25)
			return err
		})
	if err != nil {
		return nil, err
	}
	var out []store.PairStat
	for _, pairs := range each {
		for _, p := range pairs {
			if (p.A == f.Country && p.B == f.Partner) || (p.A == f.Partner && p.B == f.Country) {
				continue
			}
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(x, y store.PairStat) int { return cmp.Compare(y.Events, x.Events) })
	return out[:min(len(out), 25)], nil
}

// withoutKeys is the request's filter without what the path already says
// (the pair or the actor), for links back to the same page.
func (req request) withoutKeys(r *http.Request) store.Filter {
	f := req.Filter
	if strings.HasPrefix(r.URL.Path, "/pair/") {
		f.Country, f.Partner = "", ""
	}
	if strings.HasPrefix(r.URL.Path, "/actor/") {
		f.Country, f.Actor = "", ""
	}
	return f
}

func queryOf(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return "?" + r.URL.RawQuery
}

// articleData is the reader's.
type articleData struct {
	A         *article.Article
	Published string
	Body      []Segment
	Names     map[string]string // entity ID to name
	Warnings  []string
}

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) {
	if _, err := parseRequest(r, 1); err != nil {
		s.pageError(w, r, err)
		return
	}
	id := r.PathValue("id")
	if !isDocID(id) {
		s.pageError(w, r, paramError{"article id: want 64 hex digits"})
		return
	}
	a, err := s.st.Get(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := articleData{A: a, Body: highlight(a), Names: map[string]string{}}
	if a.Doc.Published.Known() {
		d.Published = a.Doc.Published.Date()
	}
	for _, e := range a.Entities {
		d.Names[e.ID] = e.Name
	}
	title := a.Doc.Title
	if title == "" {
		title = "Untitled article"
	}
	s.render(w, r, "article", page{Title: title, Nav: "search", Data: d})
}

// searchData is the search page's.
type searchData struct {
	Results  store.Page[store.ArticleSummary]
	MoreURL  string
	MoreHX   string
	Fragment bool
	Exports  []exportLink
}

type exportLink struct{ Label, URL string }

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r, 25, "fragment")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	res, err := s.st.Articles(r.Context(), req.query())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := searchData{Results: res, Fragment: req.values.Get("fragment") == "1"}
	if res.Next != "" {
		limit := ""
		if req.values.Get("limit") != "" {
			limit = fmt.Sprint(req.Limit)
		}
		d.MoreURL = withParams("/search", req.Filter, "cursor", res.Next, "limit", limit)
		d.MoreHX = withParams("/search", req.Filter, "cursor", res.Next, "limit", limit, "fragment", "1")
	}
	for _, x := range []struct{ label, what, format string }{
		{"Articles (CSV)", "articles", "csv"}, {"Events (CSV)", "events", "csv"}, {"Events (JSONL)", "events", "jsonl"},
		{"Facts (CSV)", "facts", "csv"}, {"Quotes (CSV)", "quotes", "csv"},
	} {
		d.Exports = append(d.Exports, exportLink{x.label, withParams("/export/"+x.what, req.Filter, "format", x.format)})
	}
	part := "layout"
	if d.Fragment {
		part = "rows"
	}
	s.renderPart(w, r, "search", part, page{Title: "Search", Nav: "search", Filter: req.Filter, Data: d})
}
