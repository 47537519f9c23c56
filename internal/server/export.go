package server

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/warta-dev/warta/internal/store"
)

// exportWriter writes rows in one format.
type exportWriter interface {
	header(cols []string) error
	row(v any, cells []string) error
	flush() error
}

type csvExport struct{ w *csv.Writer }

func (c csvExport) header(cols []string) error      { return c.w.Write(cols) }
func (c csvExport) row(_ any, cells []string) error { return c.w.Write(csvSafe(cells)) }
func (c csvExport) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// csvSafe defuses cells that a spreadsheet would run as a formula.
func csvSafe(cells []string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			if _, err := strconv.ParseFloat(c, 64); err != nil {
				cells[i] = "'" + c
			}
		}
	}
	return cells
}

type jsonlExport struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func (j jsonlExport) header([]string) error       { return nil }
func (j jsonlExport) row(v any, _ []string) error { return j.enc.Encode(v) }
func (j jsonlExport) flush() error                { return j.bw.Flush() }

// export streams a filtered list as CSV or JSONL: /export/events?format=csv.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	req, err := parseRequest(r, store.MaxLimit, "format")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := req.values.Get("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "jsonl" {
		writeError(w, r, http.StatusBadRequest, `format: want "csv" or "jsonl"`)
		return
	}
	what := r.PathValue("what")
	run, ok := s.exporters()[what]
	if !ok {
		writeError(w, r, http.StatusNotFound, fmt.Sprintf("cannot export %q: want events, articles, entities, facts, quotes, pairs, actors or sectors", what))
		return
	}
	// Check the filter and cursor before the first byte is sent, so that a
	// bad one still gets a 400.
	if q := req.query(); q.Cursor != "" {
		writeError(w, r, http.StatusBadRequest, "cursor: an export starts at the beginning")
		return
	} else if err := q.Validate(); err != nil {
		s.fail(w, r, err)
		return
	}

	name := fmt.Sprintf("warta-%s-%s.%s", what, time.Now().UTC().Format("20060102"), format)
	h := w.Header()
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	var ew exportWriter
	bw := bufio.NewWriterSize(w, 64<<10)
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		ew = csvExport{csv.NewWriter(bw)}
	} else {
		h.Set("Content-Type", "application/jsonl; charset=utf-8")
		ew = jsonlExport{bw: bw, enc: json.NewEncoder(bw)}
	}
	if r.Method == http.MethodHead {
		return
	}
	err = run(r.Context(), req, ew)
	if err == nil {
		err = ew.flush()
	}
	if err == nil && format == "csv" {
		err = bw.Flush()
	}
	if err != nil {
		// Part of the file is sent: the status cannot change, so the
		// truncation is marked in the file and logged.
		s.log.WarnContext(r.Context(), "export cut short", "what", what, "err", err)
		_ = ew.flush()
		fmt.Fprintf(bw, "\n# export cut short: %s\n", errMessage(err, errStatus(err)))
		_ = bw.Flush()
	}
}

// exportFunc writes the rows of one list.
type exportFunc func(ctx context.Context, req request, w exportWriter) error

// exporters lists what can be exported, by the name in the URL.
func (s *Server) exporters() map[string]exportFunc {
	return map[string]exportFunc{
		"events": func(ctx context.Context, req request, w exportWriter) error {
			return exportPages(ctx, s, req, w, s.st.Events,
				[]string{"date", "source", "source_code", "source_country", "target", "target_code", "target_country",
					"cameo", "root", "quad_class", "goldstein", "plover", "modality", "sectors", "sentence", "doc_id", "doc_title", "ord"},
				func(e store.EventRecord) []string {
					return []string{e.Date, e.Source.Name, e.Source.Code, str(e.Source.Country), e.Target.Name, e.Target.Code,
						str(e.Target.Country), e.CAMEO, e.Root, strconv.Itoa(e.QuadClass), ftoa(e.Goldstein), e.PLOVER,
						e.Modality, strings.Join(e.Sectors, ";"), e.Sentence, e.Doc.ID, e.Doc.Title, strconv.Itoa(e.Ord)}
				})
		},
		"articles": func(ctx context.Context, req request, w exportWriter) error {
			return exportPages(ctx, s, req, w, s.st.Articles,
				[]string{"id", "published", "title", "outlet", "url", "source", "events", "entities", "facts", "quotes"},
				func(a store.ArticleSummary) []string {
					return []string{a.ID, a.Published, a.Title, a.Outlet, a.URL, a.Source, strconv.Itoa(a.Events),
						strconv.Itoa(a.Entities), strconv.Itoa(a.Facts), strconv.Itoa(a.Quotes)}
				})
		},
		"entities": func(ctx context.Context, req request, w exportWriter) error {
			return exportPages(ctx, s, req, w, s.st.Entities,
				[]string{"id", "name", "type", "country", "org", "role", "documents"},
				func(e store.EntityRecord) []string {
					return []string{e.ID, e.Name, e.Type, str(e.Country), str(e.Org), str(e.Role), strconv.Itoa(e.Documents)}
				})
		},
		"facts": func(ctx context.Context, req request, w exportWriter) error {
			return exportPages(ctx, s, req, w, s.st.Facts,
				[]string{"published", "value", "unit", "text", "measure", "period", "qualifier", "actors", "sentence", "doc_id", "doc_title", "ord"},
				func(f store.FactRecord) []string {
					return []string{f.Doc.Published, ftoa(f.Value), str(f.Unit), f.Text, f.Measure, f.Period, f.Qualifier,
						strings.Join(f.Actors, ";"), f.Sentence, f.Doc.ID, f.Doc.Title, strconv.Itoa(f.Ord)}
				})
		},
		"quotes": func(ctx context.Context, req request, w exportWriter) error {
			return exportPages(ctx, s, req, w, s.st.Quotes,
				[]string{"published", "speaker", "speaker_name", "text", "doc_id", "doc_title", "ord"},
				func(q store.QuoteRecord) []string {
					return []string{q.Doc.Published, q.Speaker, q.SpeakerName, q.Text, q.Doc.ID, q.Doc.Title, strconv.Itoa(q.Ord)}
				})
		},
		"pairs": func(ctx context.Context, req request, w exportWriter) error {
			pairs, err := s.pairs(ctx, req.Filter, store.MaxLimit)
			if err != nil {
				return err
			}
			return exportAll(w, pairs, []string{"a", "b", "name_a", "name_b", "events", "quad1", "quad2", "quad3", "quad4", "goldstein", "first", "last"},
				func(p store.PairStat) []string {
					return []string{p.A, p.B, p.NameA, p.NameB, strconv.Itoa(p.Events), strconv.Itoa(p.Quad[0]), strconv.Itoa(p.Quad[1]),
						strconv.Itoa(p.Quad[2]), strconv.Itoa(p.Quad[3]), ftoa(p.Goldstein), p.First, p.Last}
				})
		},
		"actors": func(ctx context.Context, req request, w exportWriter) error {
			actors, err := s.actors(ctx, req.Filter, store.MaxLimit)
			if err != nil {
				return err
			}
			return exportAll(w, actors, []string{"key", "name", "kind", "events", "quad1", "quad2", "quad3", "quad4", "goldstein"},
				func(a store.ActorStat) []string {
					return []string{a.Key, a.Name, a.Kind, strconv.Itoa(a.Events), strconv.Itoa(a.Quad[0]), strconv.Itoa(a.Quad[1]),
						strconv.Itoa(a.Quad[2]), strconv.Itoa(a.Quad[3]), ftoa(a.Goldstein)}
				})
		},
		"sectors": func(ctx context.Context, req request, w exportWriter) error {
			sectors, err := s.sectors(ctx, req.Filter, store.MaxLimit)
			if err != nil {
				return err
			}
			return exportAll(w, sectors, []string{"name", "events", "articles"},
				func(x store.SectorStat) []string {
					return []string{x.Name, strconv.Itoa(x.Events), strconv.Itoa(x.Articles)}
				})
		},
	}
}

// exportPages writes every page of a list, up to MaxExportRows rows.
func exportPages[T any](ctx context.Context, s *Server, req request, w exportWriter,
	list func(context.Context, store.Query) (store.Page[T], error), cols []string, cells func(T) []string) error {
	if err := w.header(cols); err != nil {
		return err
	}
	q := req.query()
	q.Limit = store.MaxLimit
	for n := 0; ; {
		page, err := list(ctx, q)
		if err != nil {
			return err
		}
		for _, v := range page.Items {
			if n == s.opts.MaxExportRows {
				return paramError{fmt.Sprintf("more than %d rows: narrow the filter", s.opts.MaxExportRows)}
			}
			if err := w.row(v, cells(v)); err != nil {
				return err
			}
			n++
		}
		if page.Next == "" {
			return nil
		}
		q.Cursor = page.Next
	}
}

func exportAll[T any](w exportWriter, items []T, cols []string, cells func(T) []string) error {
	if err := w.header(cols); err != nil {
		return err
	}
	for _, v := range items {
		if err := w.row(v, cells(v)); err != nil {
			return err
		}
	}
	return nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// GEXF 1.3 documents, for Gephi.
type gexfDoc struct {
	XMLName xml.Name  `xml:"gexf"`
	XMLNS   string    `xml:"xmlns,attr"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	LastModified string `xml:"lastmodifieddate,attr"`
	Creator      string `xml:"creator"`
	Description  string `xml:"description"`
}

type gexfGraph struct {
	DefaultEdgeType string      `xml:"defaultedgetype,attr"`
	Attributes      []gexfAttrs `xml:"attributes"`
	Nodes           []gexfNode  `xml:"nodes>node"`
	Edges           []gexfEdge  `xml:"edges>edge"`
}

type gexfAttrs struct {
	Class string     `xml:"class,attr"`
	Attrs []gexfAttr `xml:"attribute"`
}

type gexfAttr struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Weight int         `xml:"weight,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// exportGEXF writes the filtered network as a GEXF file.
func (s *Server) exportGEXF(w http.ResponseWriter, r *http.Request) {
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
	doc := gexfDoc{
		XMLNS: "http://gexf.net/1.3", Version: "1.3",
		Meta: gexfMeta{LastModified: time.Now().UTC().Format(time.DateOnly), Creator: "warta",
			Description: "Relations between actors; filter: " + filterValues(req.Filter).Encode()},
		Graph: gexfGraph{DefaultEdgeType: "undirected", Attributes: []gexfAttrs{
			{Class: "node", Attrs: []gexfAttr{{"kind", "kind", "string"}, {"events", "events", "integer"},
				{"goldstein", "goldstein", "double"}, {"community", "community", "integer"}}},
			{Class: "edge", Attrs: []gexfAttr{{"events", "events", "integer"}, {"goldstein", "goldstein", "double"},
				{"net", "net cooperation", "double"}}},
		}},
	}
	for _, n := range net.Nodes {
		doc.Graph.Nodes = append(doc.Graph.Nodes, gexfNode{ID: n.ID, Label: n.Label, Values: []gexfValue{
			{"kind", n.Kind}, {"events", strconv.Itoa(n.Events)}, {"goldstein", ftoa(n.Goldstein)}, {"community", strconv.Itoa(n.Community)}}})
	}
	for i, e := range net.Edges {
		doc.Graph.Edges = append(doc.Graph.Edges, gexfEdge{ID: strconv.Itoa(i), Source: e.Source, Target: e.Target, Weight: e.Events,
			Values: []gexfValue{{"events", strconv.Itoa(e.Events)}, {"goldstein", ftoa(e.Goldstein)}, {"net", ftoa(e.Net)}}})
	}
	h := w.Header()
	h.Set("Content-Type", "application/gexf+xml; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="warta-network-`+time.Now().UTC().Format("20060102")+`.gexf"`)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		s.log.WarnContext(r.Context(), "gexf export cut short", "err", err)
	}
}
