// Package sqlq holds the SQL that the sqlite and postgres stores share word
// for word, written once and given each driver's placeholders. The queries
// whose text differs between the two dialects stay in the backends.
package sqlq

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/warta-dev/warta/internal/store"
)

// Style is how a driver writes a statement's placeholders.
type Style int

// The placeholder styles.
const (
	Question Style = iota // ?, ?, ... (SQLite)
	Dollar                // $1, $2, ... (PostgreSQL)
)

// Args collects a statement's arguments and writes their placeholders.
// Every value goes in as an argument: no caller text is spliced into SQL.
type Args struct {
	style Style
	list  []any
}

// NewArgs returns an empty argument list in style s.
func NewArgs(s Style) *Args { return &Args{style: s} }

// Add appends v and returns its placeholder.
func (a *Args) Add(v any) string {
	a.list = append(a.list, v)
	if a.style == Dollar {
		return "$" + strconv.Itoa(len(a.list))
	}
	return "?"
}

// List returns the arguments in order.
func (a *Args) List() []any { return a.list }

// CanonicalColumns are the canonical_events columns of CanonicalQuery, in
// the order the backends scan them.
const CanonicalColumns = `ce.id, ce.date, ce.end_date,
	ce.source_key, ce.source_code, ce.source_name, ce.source_country, ce.source_org,
	ce.target_key, ce.target_code, ce.target_name, ce.target_country, ce.target_org,
	ce.cameo, ce.root, ce.quad_class, ce.goldstein, ce.first_seen, ce.last_seen,
	ce.num_mentions, ce.num_articles, ce.num_sources, ce.is_root, ce.source_url`

// MentionColumns are the columns of one mention, after CanonicalColumns
// when mentions are joined, in store.MentionRow.Dest's order; NULL when an
// event has none.
const MentionColumns = `cm.mention_id, d.id, e."start", e."end", e.cameo, cm.date, d.published,
	cm.outlet, d.url, cm.lede, e.confidence, cm.ord, e.sentence`

// CanonicalWhere returns the WHERE clause of f, or "" when f matches every
// canonical event, and adds its arguments to a.
func CanonicalWhere(f store.CanonicalFilter, a *Args) string {
	var where []string
	if f.From != "" || f.To != "" {
		where = append(where, "ce.date <> ''")
	}
	if f.From != "" {
		where = append(where, "ce.date >= "+a.Add(f.From))
	}
	if f.To != "" {
		where = append(where, "ce.date <= "+a.Add(f.To))
	}
	if f.Country != "" {
		where = append(where, "(ce.source_key = "+a.Add(f.Country)+" OR ce.target_key = "+a.Add(f.Country)+")")
	}
	if f.Root != "" {
		where = append(where, "ce.root = "+a.Add(f.Root))
	}
	if len(where) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(where, " AND ")
}

// CanonicalQuery returns the query of the canonical events that match
// where (a WHERE clause, or ""), by date and then ID. With mentions, each
// event's mentions are joined, one row a mention in order, as
// store.GroupCanonical reads them.
func CanonicalQuery(where string, mentions bool) string {
	if !mentions {
		return `SELECT ` + CanonicalColumns + ` FROM canonical_events ce ` + where + ` ORDER BY ce.date, ce.id`
	}
	return `SELECT ` + CanonicalColumns + `, ` + MentionColumns + `
FROM canonical_events ce
LEFT JOIN canonical_mentions cm ON cm.event_id = ce.id
LEFT JOIN documents d ON d.seq = cm.doc_seq
LEFT JOIN events e ON e.doc_seq = cm.doc_seq AND e.ord = cm.ord
` + where + ` ORDER BY ce.date, ce.id, cm.pos`
}

// Runner runs CanonicalQuery(where, mentions) with args in one backend and
// streams the events, grouped with their mentions, to fn.
type Runner func(ctx context.Context, where string, args []any, mentions bool, fn func(*store.CanonicalEvent) error) error

// CanonicalEvents validates f and streams the canonical events matching it
// through run: the body of both backends' Store.CanonicalEvents.
func CanonicalEvents(ctx context.Context, s Style, run Runner, f store.CanonicalFilter, fn func(*store.CanonicalEvent) error) error {
	if err := f.Validate(); err != nil {
		return fmt.Errorf("canonical events: %w", err)
	}
	args := NewArgs(s)
	where := CanonicalWhere(f, args)
	if err := run(ctx, where, args.List(), f.Mentions, fn); err != nil {
		return fmt.Errorf("canonical events: %w", err)
	}
	return nil
}

// CanonicalEvent returns one canonical event with its mentions through run,
// or store.ErrNotFound: the body of both backends' Store.CanonicalEvent.
func CanonicalEvent(ctx context.Context, s Style, run Runner, id string) (*store.CanonicalEvent, error) {
	args := NewArgs(s)
	where := "WHERE ce.id = " + args.Add(id)
	var out *store.CanonicalEvent
	err := run(ctx, where, args.List(), true, func(ev *store.CanonicalEvent) error {
		cp := *ev
		out = &cp
		return nil
	})
	switch {
	case err != nil:
		return nil, fmt.Errorf("canonical event %s: %w", id, err)
	case out == nil:
		return nil, fmt.Errorf("canonical event %s: %w", id, store.ErrNotFound)
	}
	return out, nil
}
