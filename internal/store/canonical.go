package store

import (
	"fmt"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/merge"
)

// MentionRow is one mention of a canonical event as a backend's query joins
// it (canonical_mentions, documents and events), every field nil when the
// event has none joined. Both database/sql and pgx scan NULL into these
// pointers.
type MentionRow struct {
	ID, Doc, Code, Date, Published, Outlet, URL, Sentence *string
	Start, End, Ord                                       *int64
	Lede                                                  *bool
	Confidence                                            *float64
}

// Dest returns the scan destinations of the row, in the order of the
// backends' mention columns: mention ID, document ID, start, end, CAMEO
// code, date, published, outlet, URL, lede, confidence, ord, sentence.
func (m *MentionRow) Dest() []any {
	return []any{&m.ID, &m.Doc, &m.Start, &m.End, &m.Code, &m.Date, &m.Published,
		&m.Outlet, &m.URL, &m.Lede, &m.Confidence, &m.Ord, &m.Sentence}
}

// Mention returns the mention the row holds.
func (m *MentionRow) Mention() (CanonicalMention, error) {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	num := func(p *int64) int {
		if p == nil {
			return 0
		}
		return int(*p)
	}
	ref := merge.MentionRef{ID: str(m.ID), Doc: str(m.Doc), Start: num(m.Start), End: num(m.End),
		Code: str(m.Code), Date: str(m.Date), Outlet: str(m.Outlet), URL: str(m.URL)}
	if m.Lede != nil {
		ref.Lede = *m.Lede
	}
	if m.Confidence != nil {
		ref.Confidence = *m.Confidence
	}
	if m.Published != nil {
		p, err := article.ParsePublished(*m.Published)
		if err != nil {
			return CanonicalMention{}, fmt.Errorf("mention %s: %w", ref.ID, err)
		}
		ref.Published = p.String()
	}
	return CanonicalMention{MentionRef: ref, Ord: num(m.Ord), Sentence: str(m.Sentence)}, nil
}

// Rows is the part of a driver's result rows that GroupCanonical steps
// through: *sql.Rows and pgx.Rows both have it.
type Rows interface {
	Next() bool
	Err() error
}

// GroupCanonical steps through the rows of a canonical-event query, ordered
// by event, and calls fn with each event. With mentions, a row is one
// mention (or an event with none), and an event's rows are grouped back
// into one event with its Mentions; without, a row is an event. scan reads
// the current row into ev and m.
func GroupCanonical(rows Rows, mentions bool, scan func(ev *CanonicalEvent, m *MentionRow) error, fn func(*CanonicalEvent) error) error {
	var cur, next CanonicalEvent
	have := false
	for rows.Next() {
		var m MentionRow
		if err := scan(&next, &m); err != nil {
			return err
		}
		if have && next.ID != cur.ID {
			if err := fn(&cur); err != nil {
				return err
			}
			have = false
		}
		if !have {
			cur, have = next, true
			cur.Mentions = nil
			if mentions {
				cur.Mentions = make([]CanonicalMention, 0, cur.NumMentions)
			}
		}
		if m.ID != nil {
			cm, err := m.Mention()
			if err != nil {
				return fmt.Errorf("event %s: %w", cur.ID, err)
			}
			cur.Mentions = append(cur.Mentions, cm)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if have {
		return fn(&cur)
	}
	return nil
}
