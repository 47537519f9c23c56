package server

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/warta-dev/warta/internal/store"
)

// Network is the graph of relations: actors as nodes, pairs as edges.
type Network struct {
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
	// Communities is the number of Louvain communities found.
	Communities int `json:"communities"`
}

// Node is one actor of the network.
type Node struct {
	ID        string  `json:"id"` // actor key
	Label     string  `json:"label"`
	Kind      string  `json:"kind"` // country, org or other
	Events    int     `json:"events"`
	Goldstein float64 `json:"goldstein"`
	Community int     `json:"community"` // 0 is the largest
}

// Edge is the relation between two actors, both directions.
type Edge struct {
	Source    string  `json:"source"`
	Target    string  `json:"target"`
	Events    int     `json:"events"`
	Quad      [4]int  `json:"quad"`
	Goldstein float64 `json:"goldstein"`
	// Net is cooperation minus conflict over all events, in [-1, 1].
	Net float64 `json:"net"`
}

// network builds the graph of events matching f: the maxNodes most active
// actors and the pairs between them, coloured into communities by Louvain
// modularity (seeded, so the same data gives the same colours).
func (s *Server) network(ctx context.Context, f store.Filter, maxNodes int) (Network, error) {
	actors, err := s.actors(ctx, f, maxNodes)
	if err != nil {
		return Network{}, fmt.Errorf("network nodes: %w", err)
	}
	pairs, err := s.pairs(ctx, f, store.MaxLimit)
	if err != nil {
		return Network{}, fmt.Errorf("network edges: %w", err)
	}
	net := Network{Nodes: []Node{}, Edges: []Edge{}}
	index := make(map[string]int64, len(actors))
	for i, a := range actors {
		index[a.Key] = int64(i)
		net.Nodes = append(net.Nodes, Node{ID: a.Key, Label: a.Name, Kind: a.Kind, Events: a.Events, Goldstein: a.Goldstein})
	}
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for i := range net.Nodes {
		g.AddNode(simple.Node(int64(i)))
	}
	for _, p := range pairs {
		a, okA := index[p.A]
		b, okB := index[p.B]
		if !okA || !okB {
			continue
		}
		coop, conflict := p.Quad[0]+p.Quad[1], p.Quad[2]+p.Quad[3]
		net.Edges = append(net.Edges, Edge{Source: p.A, Target: p.B, Events: p.Events, Quad: p.Quad,
			Goldstein: p.Goldstein, Net: float64(coop-conflict) / float64(max(p.Events, 1))})
		g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(a), simple.Node(b), float64(p.Events)))
	}
	if len(net.Nodes) == 0 {
		return net, nil
	}
	reduced := community.Modularize(g, 1, rand.NewPCG(1, 2))
	comms := reduced.Communities()
	// Number communities by size, largest first, ties by their first
	// node, so that colours are stable.
	for _, c := range comms {
		slices.SortFunc(c, func(x, y graph.Node) int { return cmp.Compare(x.ID(), y.ID()) })
	}
	slices.SortStableFunc(comms, func(x, y []graph.Node) int {
		return cmp.Or(cmp.Compare(len(y), len(x)), cmp.Compare(x[0].ID(), y[0].ID()))
	})
	for ci, c := range comms {
		for _, n := range c {
			net.Nodes[n.ID()].Community = ci
		}
	}
	net.Communities = len(comms)
	return net, nil
}
