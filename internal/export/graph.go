package export

import (
	"bufio"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Node is an actor in the network.
type Node struct {
	ID        string  // actor key: ISO3, IGO code, WST, ...
	Label     string  // display name
	Type      string  // COUNTRY, ORG, BLOC, OTHER, ...
	Weight    float64 // size in the drawing
	Events    int     // canonical events the actor takes part in
	Goldstein float64 // net Goldstein score of those events
	Community *int    // community (e.g. from modularity), nil if not computed
}

// Edge is a directed tie from source to target actor.
type Edge struct {
	Source, Target string  // node IDs
	Weight         float64 // strength for layout and drawing
	Count          int     // canonical events from source to target
	Goldstein      float64 // their net Goldstein score
}

// Graph is an actor network.
type Graph struct {
	Nodes []Node
	Edges []Edge
	// Undirected marks a graph whose edges have no direction.
	Undirected bool
	// Description and Modified go into GEXF's meta element when set.
	Description string
	Modified    time.Time
}

// Network builds the directed actor network of canonical events: one node
// per actor key, one edge per ordered pair. An edge's Count is its number
// of canonical events, its Weight their number of articles (how much the
// tie was reported), its Goldstein their summed scores. A node's Events
// and Goldstein sum over the events it is a side of (a self-tie counts
// once), and its Weight is its edges' weight. Events with an unknown side
// are left out. Nodes are sorted by ID and edges by source then target.
func Network(events []Event) Graph {
	type pair struct{ s, t string }
	nodes := map[string]*Node{}
	labels := map[string]map[string]int{}
	edges := map[pair]*Edge{}
	node := func(a Actor) *Node {
		n := nodes[a.Key]
		if n == nil {
			n = &Node{ID: a.Key, Type: actorType(a)}
			nodes[a.Key] = n
			labels[a.Key] = map[string]int{}
		}
		if a.Name != "" {
			labels[a.Key][a.Name]++
		}
		return n
	}
	for i := range events {
		ev := &events[i]
		s, t := ev.Source, ev.Target
		if s.Key == "" || t.Key == "" {
			continue
		}
		ns, nt := node(s), node(t)
		e := edges[pair{s.Key, t.Key}]
		if e == nil {
			e = &Edge{Source: s.Key, Target: t.Key}
			edges[pair{s.Key, t.Key}] = e
		}
		w := float64(max(ev.NumArticles, 1))
		e.Count++
		e.Weight += w
		e.Goldstein += ev.Goldstein
		ns.Events++
		ns.Goldstein += ev.Goldstein
		ns.Weight += w
		if nt != ns {
			nt.Events++
			nt.Goldstein += ev.Goldstein
			nt.Weight += w
		}
	}
	// Sums of one-decimal scores pick up float noise (4.699999999999999)
	// that depends on input order: round it away.
	round := func(f float64) float64 { return math.Round(f*1e6) / 1e6 }
	var g Graph
	for id, n := range nodes {
		n.Goldstein, n.Weight = round(n.Goldstein), round(n.Weight)
		n.Label = id
		best := 0
		for name, k := range labels[id] {
			if k > best || k == best && name < n.Label {
				n.Label, best = name, k
			}
		}
		g.Nodes = append(g.Nodes, *n)
	}
	for _, e := range edges {
		e.Goldstein, e.Weight = round(e.Goldstein), round(e.Weight)
		g.Edges = append(g.Edges, *e)
	}
	slices.SortFunc(g.Nodes, func(a, b Node) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Edges, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target))
	})
	return g
}

func actorType(a Actor) string {
	switch {
	case a.Country != "":
		return "COUNTRY"
	case a.Org != "":
		return "ORG"
	case a.Key == "WST":
		return "BLOC"
	}
	return "OTHER"
}

// check rejects a graph that no reader could load: a node without an ID,
// a repeated node ID, or an edge naming a node that is not there.
func (g *Graph) check() error {
	ids := make(map[string]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		if n.ID == "" {
			return fmt.Errorf("export: graph has a node without an ID (label %q)", n.Label)
		}
		if ids[n.ID] {
			return fmt.Errorf("export: graph has node %q twice", n.ID)
		}
		ids[n.ID] = true
	}
	for _, e := range g.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			return fmt.Errorf("export: edge %q→%q names a node that is not in the graph", e.Source, e.Target)
		}
	}
	return nil
}

func (g *Graph) hasCommunities() bool {
	return slices.ContainsFunc(g.Nodes, func(n Node) bool { return n.Community != nil })
}

// xmlWriter writes XML text with escaping, remembering the first error.
type xmlWriter struct {
	w   *bufio.Writer
	err error
}

func (x *xmlWriter) raw(parts ...string) {
	for _, p := range parts {
		if x.err == nil {
			_, x.err = x.w.WriteString(p)
		}
	}
}

// esc escapes text for an attribute value or element content. Characters
// XML 1.0 forbids are replaced by U+FFFD.
func esc(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		return ""
	}
	return b.String()
}

// num formats a weight or score; NaN and infinities, which graph tools
// reject, become 0.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// WriteGEXF writes the network as GEXF 1.3 (gexf.net), which Gephi opens.
// Node attributes: type, weight, events, goldstein and, when any node has
// one, community; nodes also carry viz:size = weight. Edges carry GEXF's
// own weight attribute and count and goldstein attributes.
func WriteGEXF(w io.Writer, g Graph) error {
	if err := g.check(); err != nil {
		return err
	}
	x := &xmlWriter{w: bufio.NewWriter(w)}
	x.raw(xml.Header,
		`<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" `,
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" `,
		`xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">`, "\n")
	x.raw("  <meta")
	if !g.Modified.IsZero() {
		x.raw(` lastmodifieddate="`, g.Modified.UTC().Format(time.DateOnly), `"`)
	}
	x.raw(">\n    <creator>warta</creator>\n")
	if g.Description != "" {
		x.raw("    <description>", esc(g.Description), "</description>\n")
	}
	x.raw("  </meta>\n")
	edgeType := "directed"
	if g.Undirected {
		edgeType = "undirected"
	}
	x.raw(`  <graph mode="static" defaultedgetype="`, edgeType, `">`, "\n")
	x.raw(`    <attributes class="node">`, "\n",
		`      <attribute id="type" title="type" type="string"/>`, "\n",
		`      <attribute id="weight" title="weight" type="double"/>`, "\n",
		`      <attribute id="events" title="events" type="integer"/>`, "\n",
		`      <attribute id="goldstein" title="goldstein" type="double"/>`, "\n")
	communities := g.hasCommunities()
	if communities {
		x.raw(`      <attribute id="community" title="community" type="integer"/>`, "\n")
	}
	x.raw("    </attributes>\n",
		`    <attributes class="edge">`, "\n",
		`      <attribute id="count" title="count" type="integer"/>`, "\n",
		`      <attribute id="goldstein" title="goldstein" type="double"/>`, "\n",
		"    </attributes>\n")
	x.raw("    <nodes>\n")
	for _, n := range g.Nodes {
		x.raw(`      <node id="`, esc(n.ID), `" label="`, esc(n.Label), `">`, "\n",
			"        <attvalues>\n",
			`          <attvalue for="type" value="`, esc(n.Type), `"/>`, "\n",
			`          <attvalue for="weight" value="`, num(n.Weight), `"/>`, "\n",
			`          <attvalue for="events" value="`, strconv.Itoa(n.Events), `"/>`, "\n",
			`          <attvalue for="goldstein" value="`, num(n.Goldstein), `"/>`, "\n")
		if n.Community != nil {
			x.raw(`          <attvalue for="community" value="`, strconv.Itoa(*n.Community), `"/>`, "\n")
		}
		x.raw("        </attvalues>\n")
		if n.Weight > 0 {
			x.raw(`        <viz:size value="`, num(n.Weight), `"/>`, "\n")
		}
		x.raw("      </node>\n")
	}
	x.raw("    </nodes>\n    <edges>\n")
	for i, e := range g.Edges {
		x.raw(`      <edge id="`, strconv.Itoa(i), `" source="`, esc(e.Source), `" target="`, esc(e.Target),
			`" weight="`, num(e.Weight), `">`, "\n",
			"        <attvalues>\n",
			`          <attvalue for="count" value="`, strconv.Itoa(e.Count), `"/>`, "\n",
			`          <attvalue for="goldstein" value="`, num(e.Goldstein), `"/>`, "\n",
			"        </attvalues>\n      </edge>\n")
	}
	x.raw("    </edges>\n  </graph>\n</gexf>\n")
	if x.err == nil {
		x.err = x.w.Flush()
	}
	if x.err != nil {
		return fmt.Errorf("export: gexf: %w", x.err)
	}
	return nil
}

// WriteGraphML writes the network as GraphML (graphml.graphdrawing.org).
// Keys: node label, type, weight, events, goldstein, community (when any
// node has one) and key (the actor key); edge weight, count, goldstein.
// A node's GraphML id is its actor key when that is a valid XML name token
// (as the schema requires), else "n" and its position.
func WriteGraphML(w io.Writer, g Graph) error {
	if err := g.check(); err != nil {
		return err
	}
	ids := make(map[string]string, len(g.Nodes))
	for i, n := range g.Nodes {
		ids[n.ID] = n.ID
		if !isNmtoken(n.ID) {
			ids[n.ID] = "n" + strconv.Itoa(i)
		}
	}
	x := &xmlWriter{w: bufio.NewWriter(w)}
	x.raw(xml.Header,
		`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" `,
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" `,
		`xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">`, "\n")
	key := func(id, domain, name, typ string) {
		x.raw(`  <key id="`, id, `" for="`, domain, `" attr.name="`, name, `" attr.type="`, typ, `"/>`, "\n")
	}
	key("label", "node", "label", "string")
	key("key", "node", "key", "string")
	key("type", "node", "type", "string")
	key("nweight", "node", "weight", "double")
	key("events", "node", "events", "int")
	key("ngoldstein", "node", "goldstein", "double")
	communities := g.hasCommunities()
	if communities {
		key("community", "node", "community", "int")
	}
	key("weight", "edge", "weight", "double")
	key("count", "edge", "count", "int")
	key("egoldstein", "edge", "goldstein", "double")
	edgeDefault := "directed"
	if g.Undirected {
		edgeDefault = "undirected"
	}
	x.raw(`  <graph id="actors" edgedefault="`, edgeDefault, `">`, "\n")
	data := func(k, v string) { x.raw(`      <data key="`, k, `">`, v, "</data>\n") }
	for _, n := range g.Nodes {
		x.raw(`    <node id="`, esc(ids[n.ID]), `">`, "\n")
		data("label", esc(n.Label))
		data("key", esc(n.ID))
		data("type", esc(n.Type))
		data("nweight", num(n.Weight))
		data("events", strconv.Itoa(n.Events))
		data("ngoldstein", num(n.Goldstein))
		if n.Community != nil {
			data("community", strconv.Itoa(*n.Community))
		}
		x.raw("    </node>\n")
	}
	for i, e := range g.Edges {
		x.raw(`    <edge id="e`, strconv.Itoa(i), `" source="`, esc(ids[e.Source]), `" target="`, esc(ids[e.Target]), `">`, "\n")
		data("weight", num(e.Weight))
		data("count", strconv.Itoa(e.Count))
		data("egoldstein", num(e.Goldstein))
		x.raw("    </edge>\n")
	}
	x.raw("  </graph>\n</graphml>\n")
	if x.err == nil {
		x.err = x.w.Flush()
	}
	if x.err != nil {
		return fmt.Errorf("export: graphml: %w", x.err)
	}
	return nil
}

// isNmtoken reports whether s is safely an XML Nmtoken, as GraphML's node
// ids must be. It accepts ASCII letters, digits, '.', '-', '_' and ':', and
// non-ASCII letters and digits: a subset of XML's name characters, so an
// unusual key falls back to a positional id rather than an invalid one.
func isNmtoken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r == '.' || r == '-' || r == '_' || r == ':':
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9':
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return true
}
