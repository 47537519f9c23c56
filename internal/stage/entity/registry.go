package entity

import (
	"sort"
	"time"

	"github.com/warta-dev/warta/internal/article"
)

// registry merges one article's matches into entities.
type registry struct {
	s     *Stage
	date  time.Time
	byID  map[string]*ent
	order []*ent
}

// ent is an entity being built.
type ent struct {
	static
	roleSet  bool // role came from the data for this date (wins over a title's)
	first    int  // byte offset of the first body mention; -1: headline only
	head     int  // creation order among headline-only entities
	seq      int
	mentions []article.Mention
	aliases  []string
	seen     map[string]bool
}

func newRegistry(s *Stage, date time.Time) *registry {
	return &registry{s: s, date: date, byID: map[string]*ent{}}
}

// get returns the entity for a static (index >= 0) or a prototype.
func (r *registry) get(idx int, proto static) *ent {
	st := proto
	if idx >= 0 {
		st = r.s.statics[idx]
	}
	if e, ok := r.byID[st.id]; ok {
		return e
	}
	e := &ent{static: st, first: -1, seq: len(r.order), seen: map[string]bool{}}
	if st.person != "" {
		t, ok := r.s.term(st.person, r.date)
		e.country, e.org = t.Country, t.Org
		if ok {
			e.role, e.roleSet = t.Role, true
		}
	}
	r.byID[st.id] = e
	r.order = append(r.order, e)
	return e
}

// addMatches records the matches of a scanned text.
func (r *registry) addMatches(t *textScan) {
	sort.SliceStable(t.matches, func(i, j int) bool { return t.matches[i].tok < t.matches[j].tok })
	for _, m := range t.matches {
		e := r.get(m.static, m.proto)
		r.addMention(e, t, m)
		if m.how == byTitle {
			r.applyTitle(e, m)
		}
	}
}

// applyTitle gives a person the state and role a title names, where the
// data has none for the article's date.
func (r *registry) applyTitle(e *ent, m match) {
	if m.titleState >= 0 && e.country == "" && e.org == "" {
		st := r.s.statics[m.titleState]
		e.country = st.country
		if st.territory != "" {
			e.country = st.territory // "aktivis Hong Kong X": HKG
		}
		if st.country == "" {
			e.org = st.org
		}
	}
	if m.titleRole != "" && !e.roleSet && e.role == "" {
		e.role = m.titleRole
	}
}

// addMention adds a match's mention (body) or surface form (headline).
func (r *registry) addMention(e *ent, t *textScan, m match) {
	if m.how != byAnaphora && m.nameEnd > m.name {
		r.alias(e, normSpace(t.span(m.name, m.nameEnd)))
	}
	if t.headline {
		if e.first < 0 && e.head == 0 {
			e.head = len(r.order) + 1
		}
		return
	}
	start, end := t.toks[m.tok].start, t.toks[m.tokEnd-1].end
	e.mentions = append(e.mentions, article.Mention{Text: t.text[start:end], Start: start, End: end})
	if e.first < 0 || start < e.first {
		e.first = start
	}
}

func (r *registry) alias(e *ent, s string) {
	if s == "" || s == e.name || e.seen[s] {
		return
	}
	e.seen[s] = true
	e.aliases = append(e.aliases, s)
}

// persons returns the PERSON entities.
func (r *registry) persons() []*ent {
	var out []*ent
	for _, e := range r.order {
		if e.typ == Person {
			out = append(out, e)
		}
	}
	return out
}

// entities returns the article's entities: by first mention in the body,
// then those named only in the headline, in headline order.
func (r *registry) entities() []article.Entity {
	es := make([]*ent, len(r.order))
	copy(es, r.order)
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if (a.first < 0) != (b.first < 0) {
			return a.first >= 0
		}
		if a.first >= 0 {
			return a.first < b.first
		}
		return a.head < b.head
	})
	out := make([]article.Entity, 0, len(es))
	for _, e := range es {
		ae := article.Entity{ID: e.id, Name: e.name, Type: e.typ, Country: opt(e.country), Org: opt(e.org),
			Role: opt(e.role), Aliases: []string{}, Mentions: sortMentions(e.mentions)}
		if e.mentions == nil {
			ae.Mentions = []article.Mention{}
		}
		ae.Aliases = append(ae.Aliases, e.aliases...)
		// An organisation's short code is a name people look it up by.
		if e.org != "" && e.typ == Org && e.org != e.name && !e.seen[e.org] {
			ae.Aliases = append(ae.Aliases, e.org)
		}
		out = append(out, ae)
	}
	return out
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
