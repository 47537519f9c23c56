package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestNetwork(t *testing.T) {
	g := Network(fixtureEvents())
	want := Graph{
		Nodes: []Node{
			{ID: "=CMD", Label: "@group", Type: "OTHER", Weight: 1, Events: 1, Goldstein: 2.8},
			{ID: "IDN", Label: "Indonesia", Type: "COUNTRY", Weight: 5, Events: 2, Goldstein: 4.7},
			{ID: "NATO", Label: "NATO", Type: "ORG", Weight: 1, Events: 1, Goldstein: -5},
			{ID: "RUS", Label: "Rusia", Type: "COUNTRY", Weight: 3, Events: 1, Goldstein: -10},
			{ID: "UKR", Label: "Ukraina\nKyiv", Type: "COUNTRY", Weight: 3, Events: 1, Goldstein: -10},
			{ID: "VNM", Label: "Vietnam", Type: "COUNTRY", Weight: 4, Events: 1, Goldstein: 1.9},
			{ID: "WST", Label: "Barat", Type: "BLOC", Weight: 1, Events: 1, Goldstein: -5},
		},
		Edges: []Edge{
			{Source: "IDN", Target: "=CMD", Weight: 1, Count: 1, Goldstein: 2.8},
			{Source: "IDN", Target: "VNM", Weight: 4, Count: 1, Goldstein: 1.9},
			{Source: "NATO", Target: "WST", Weight: 1, Count: 1, Goldstein: -5},
			{Source: "RUS", Target: "UKR", Weight: 3, Count: 1, Goldstein: -10},
		},
	}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("Network (-want +got):\n%s", diff)
	}
}

// fixtureGraph has awkward ids and labels and one community.
func fixtureGraph() Graph {
	g := Network(fixtureEvents())
	one := 1
	g.Nodes[1].Community = &one
	g.Nodes = append(g.Nodes, Node{ID: "kelompok bersenjata", Label: `"A" & <B>`, Type: "OTHER"})
	g.Edges = append(g.Edges, Edge{Source: "kelompok bersenjata", Target: "IDN", Weight: 0.5, Count: 1, Goldstein: -9.5})
	g.Description = "actor network of 4 canonical events"
	g.Modified = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	return g
}

// The structs below mirror the parts of the GEXF 1.3 schema that warta
// writes, so that decoding checks element names and namespaces.
type gexfDoc struct {
	XMLName xml.Name  `xml:"http://gexf.net/1.3 gexf"`
	Version string    `xml:"version,attr"`
	Meta    *gexfMeta `xml:"http://gexf.net/1.3 meta"`
	Graph   gexfGraph `xml:"http://gexf.net/1.3 graph"`
}

type gexfMeta struct {
	LastModified string `xml:"lastmodifieddate,attr"`
	Creator      string `xml:"http://gexf.net/1.3 creator"`
	Description  string `xml:"http://gexf.net/1.3 description"`
}

type gexfGraph struct {
	Mode            string           `xml:"mode,attr"`
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	Attributes      []gexfAttributes `xml:"http://gexf.net/1.3 attributes"`
	Nodes           []gexfNode       `xml:"http://gexf.net/1.3 nodes>node"`
	Edges           []gexfEdge       `xml:"http://gexf.net/1.3 edges>edge"`
}

type gexfAttributes struct {
	Class string `xml:"class,attr"`
	Attrs []struct {
		ID    string `xml:"id,attr"`
		Title string `xml:"title,attr"`
		Type  string `xml:"type,attr"`
	} `xml:"http://gexf.net/1.3 attribute"`
}

type gexfAttValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfNode struct {
	ID        string         `xml:"id,attr"`
	Label     string         `xml:"label,attr"`
	AttValues []gexfAttValue `xml:"http://gexf.net/1.3 attvalues>attvalue"`
	Size      *struct {
		Value string `xml:"value,attr"`
	} `xml:"http://gexf.net/1.3/viz size"`
}

type gexfEdge struct {
	ID        string         `xml:"id,attr"`
	Source    string         `xml:"source,attr"`
	Target    string         `xml:"target,attr"`
	Weight    string         `xml:"weight,attr"`
	AttValues []gexfAttValue `xml:"http://gexf.net/1.3 attvalues>attvalue"`
}

// checkValue checks a value against a GEXF or GraphML attribute type.
func checkValue(typ, v string) error {
	var err error
	switch typ {
	case "integer", "int", "long":
		_, err = strconv.ParseInt(v, 10, 64)
	case "double", "float":
		_, err = strconv.ParseFloat(v, 64)
	case "boolean":
		_, err = strconv.ParseBool(v)
	case "string":
	default:
		err = fmt.Errorf("unknown type %q", typ)
	}
	return err
}

// validateGEXF decodes GEXF output into the schema mirror and checks what
// the schema requires: version 1.3, graph mode and edge type, declared
// attributes with valid types, unique node ids and labels, unique edge
// ids, edges whose ends exist, numeric weights, and attvalues that name a
// declared attribute of their class and parse as its type.
func validateGEXF(t *testing.T, out []byte) gexfDoc {
	t.Helper()
	var doc gexfDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("GEXF does not parse: %v", err)
	}
	if doc.Version != "1.3" {
		t.Errorf("version = %q, want 1.3", doc.Version)
	}
	g := doc.Graph
	if g.Mode != "static" || (g.DefaultEdgeType != "directed" && g.DefaultEdgeType != "undirected") {
		t.Errorf("graph mode %q, defaultedgetype %q", g.Mode, g.DefaultEdgeType)
	}
	declared := map[string]map[string]string{} // class → id → type
	for _, a := range g.Attributes {
		if a.Class != "node" && a.Class != "edge" {
			t.Errorf("attributes class %q", a.Class)
		}
		declared[a.Class] = map[string]string{}
		for _, at := range a.Attrs {
			if at.ID == "" || at.Title == "" {
				t.Errorf("attribute without id or title: %+v", at)
			}
			if err := checkValue(at.Type, "0"); err != nil && at.Type != "string" {
				t.Errorf("attribute %s: %v", at.ID, err)
			}
			declared[a.Class][at.ID] = at.Type
		}
	}
	checkAtt := func(class, owner string, avs []gexfAttValue) {
		for _, av := range avs {
			typ, ok := declared[class][av.For]
			if !ok {
				t.Errorf("%s: attvalue for undeclared %s attribute %q", owner, class, av.For)
				continue
			}
			if err := checkValue(typ, av.Value); err != nil {
				t.Errorf("%s: attvalue %s = %q: %v", owner, av.For, av.Value, err)
			}
		}
	}
	nodes := map[string]bool{}
	for _, n := range g.Nodes {
		if n.ID == "" || nodes[n.ID] {
			t.Errorf("node id %q empty or repeated", n.ID)
		}
		nodes[n.ID] = true
		checkAtt("node", "node "+n.ID, n.AttValues)
		if n.Size != nil {
			if f, err := strconv.ParseFloat(n.Size.Value, 64); err != nil || f <= 0 {
				t.Errorf("node %s: viz:size %q", n.ID, n.Size.Value)
			}
		}
	}
	edges := map[string]bool{}
	for _, e := range g.Edges {
		if e.ID == "" || edges[e.ID] {
			t.Errorf("edge id %q empty or repeated", e.ID)
		}
		edges[e.ID] = true
		if !nodes[e.Source] || !nodes[e.Target] {
			t.Errorf("edge %s: %q→%q names a missing node", e.ID, e.Source, e.Target)
		}
		if _, err := strconv.ParseFloat(e.Weight, 64); err != nil {
			t.Errorf("edge %s: weight %q", e.ID, e.Weight)
		}
		checkAtt("edge", "edge "+e.ID, e.AttValues)
	}
	return doc
}

func TestGEXF(t *testing.T) {
	g := fixtureGraph()
	var buf bytes.Buffer
	if err := WriteGraph(&buf, GEXF, g); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "network.gexf", buf.Bytes())
	doc := validateGEXF(t, buf.Bytes())
	if len(doc.Graph.Nodes) != len(g.Nodes) || len(doc.Graph.Edges) != len(g.Edges) {
		t.Errorf("GEXF has %d nodes and %d edges, want %d and %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), len(g.Nodes), len(g.Edges))
	}
	if doc.Meta == nil || doc.Meta.Creator != "warta" || doc.Meta.LastModified != "2024-06-01" {
		t.Errorf("meta = %+v", doc.Meta)
	}
	// Labels survive escaping.
	last := doc.Graph.Nodes[len(doc.Graph.Nodes)-1]
	if last.Label != `"A" & <B>` || last.ID != "kelompok bersenjata" {
		t.Errorf("last node = %q %q", last.ID, last.Label)
	}
}

// The GraphML mirror, after graphml.xsd.
type graphmlDoc struct {
	XMLName xml.Name     `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []graphmlKey `xml:"http://graphml.graphdrawing.org/xmlns key"`
	Graphs  []struct {
		ID          string        `xml:"id,attr"`
		EdgeDefault string        `xml:"edgedefault,attr"`
		Nodes       []graphmlElem `xml:"http://graphml.graphdrawing.org/xmlns node"`
		Edges       []graphmlElem `xml:"http://graphml.graphdrawing.org/xmlns edge"`
	} `xml:"http://graphml.graphdrawing.org/xmlns graph"`
}

type graphmlKey struct {
	ID       string `xml:"id,attr"`
	For      string `xml:"for,attr"`
	AttrName string `xml:"attr.name,attr"`
	AttrType string `xml:"attr.type,attr"`
}

type graphmlElem struct {
	ID     string `xml:"id,attr"`
	Source string `xml:"source,attr"`
	Target string `xml:"target,attr"`
	Data   []struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	} `xml:"http://graphml.graphdrawing.org/xmlns data"`
}

// validateGraphML checks: one graph with edgedefault, keys with unique ids,
// a valid domain and attr.type, node ids that are unique Nmtokens, edges
// whose ends exist, and data that names a key of its domain and parses as
// its type.
func validateGraphML(t *testing.T, out []byte) graphmlDoc {
	t.Helper()
	var doc graphmlDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	keys := map[string]graphmlKey{}
	for _, k := range doc.Keys {
		if _, dup := keys[k.ID]; dup || k.ID == "" {
			t.Errorf("key id %q empty or repeated", k.ID)
		}
		if k.For != "node" && k.For != "edge" && k.For != "graph" && k.For != "all" {
			t.Errorf("key %s: for = %q", k.ID, k.For)
		}
		if k.AttrName == "" {
			t.Errorf("key %s has no attr.name", k.ID)
		}
		switch k.AttrType {
		case "boolean", "int", "long", "float", "double", "string":
		default:
			t.Errorf("key %s: attr.type %q", k.ID, k.AttrType)
		}
		keys[k.ID] = k
	}
	if len(doc.Graphs) != 1 {
		t.Fatalf("%d graphs, want 1", len(doc.Graphs))
	}
	g := doc.Graphs[0]
	if g.EdgeDefault != "directed" && g.EdgeDefault != "undirected" {
		t.Errorf("edgedefault = %q", g.EdgeDefault)
	}
	checkData := func(domain string, el graphmlElem) {
		for _, d := range el.Data {
			k, ok := keys[d.Key]
			if !ok || (k.For != domain && k.For != "all") {
				t.Errorf("%s %s: data for key %q not declared for %ss", domain, el.ID, d.Key, domain)
				continue
			}
			if err := checkValue(k.AttrType, d.Value); err != nil {
				t.Errorf("%s %s: data %s = %q: %v", domain, el.ID, d.Key, d.Value, err)
			}
		}
	}
	nodes := map[string]bool{}
	for _, n := range g.Nodes {
		if !isNmtoken(n.ID) || nodes[n.ID] {
			t.Errorf("node id %q not an Nmtoken or repeated", n.ID)
		}
		nodes[n.ID] = true
		checkData("node", n)
	}
	for _, e := range g.Edges {
		if !nodes[e.Source] || !nodes[e.Target] {
			t.Errorf("edge %s: %q→%q names a missing node", e.ID, e.Source, e.Target)
		}
		checkData("edge", e)
	}
	return doc
}

func TestGraphML(t *testing.T) {
	g := fixtureGraph()
	var buf bytes.Buffer
	if err := WriteGraph(&buf, GraphML, g); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "network.graphml", buf.Bytes())
	doc := validateGraphML(t, buf.Bytes())
	gr := doc.Graphs[0]
	if len(gr.Nodes) != len(g.Nodes) || len(gr.Edges) != len(g.Edges) {
		t.Errorf("GraphML has %d nodes and %d edges, want %d and %d", len(gr.Nodes), len(gr.Edges), len(g.Nodes), len(g.Edges))
	}
	// The key with a space gets a positional id; its key data keeps it.
	last := gr.Nodes[len(gr.Nodes)-1]
	if !strings.HasPrefix(last.ID, "n") || last.Data[1].Value != "kelompok bersenjata" {
		t.Errorf("last node = %+v", last)
	}
}

func TestGraphRejectsDanglingEdges(t *testing.T) {
	g := Graph{Nodes: []Node{{ID: "A"}}, Edges: []Edge{{Source: "A", Target: "B"}}}
	for _, f := range []Format{GEXF, GraphML} {
		if err := WriteGraph(&bytes.Buffer{}, f, g); err == nil {
			t.Errorf("WriteGraph(%s) with a dangling edge = nil error, want one", f)
		}
	}
	dup := Graph{Nodes: []Node{{ID: "A"}, {ID: "A"}}}
	if err := WriteGEXF(&bytes.Buffer{}, dup); err == nil {
		t.Error("WriteGEXF with a repeated node = nil error, want one")
	}
	if err := WriteGraph(&bytes.Buffer{}, CSV, g); err == nil {
		t.Error("WriteGraph(csv) = nil error, want one")
	}
}

func TestGraphFormatsFromEvents(t *testing.T) {
	for _, f := range []Format{GEXF, GraphML} {
		var buf bytes.Buffer
		if _, err := WriteEvents(&buf, f, fixtureEvents()); err != nil {
			t.Fatal(err)
		}
		if f == GEXF {
			validateGEXF(t, buf.Bytes())
		} else {
			validateGraphML(t, buf.Bytes())
		}
	}
}

func FuzzGraphXML(f *testing.F) {
	f.Add("RUS", "Rusia", "UKR", "Ukraina", 1.5)
	f.Add("a b", "<&\"'>", "\x00\xff", "\u2028", -2.0)
	f.Fuzz(func(t *testing.T, id1, label1, id2, label2 string, w float64) {
		if id1 == "" || id2 == "" || id1 == id2 || w != w { // NaN is not a weight
			return
		}
		g := Graph{
			Nodes: []Node{{ID: id1, Label: label1, Weight: w}, {ID: id2, Label: label2}},
			Edges: []Edge{{Source: id1, Target: id2, Weight: w, Count: 1}},
		}
		var gexf, graphml bytes.Buffer
		if err := WriteGEXF(&gexf, g); err != nil {
			t.Fatal(err)
		}
		if err := WriteGraphML(&graphml, g); err != nil {
			t.Fatal(err)
		}
		var d1 gexfDoc
		if err := xml.Unmarshal(gexf.Bytes(), &d1); err != nil {
			t.Fatalf("GEXF does not parse: %v\n%s", err, gexf.Bytes())
		}
		var d2 graphmlDoc
		if err := xml.Unmarshal(graphml.Bytes(), &d2); err != nil {
			t.Fatalf("GraphML does not parse: %v\n%s", err, graphml.Bytes())
		}
		if len(d1.Graph.Edges) != 1 || len(d2.Graphs) != 1 || len(d2.Graphs[0].Edges) != 1 {
			t.Fatal("graph lost its edge")
		}
	})
}
