package article

import (
	"encoding/json"
	"fmt"
	"time"
)

// Published is an article's publication time. It may be unknown, a date only,
// or a date and clock time in a known zone. In JSON it is null,
// "2024-11-28" or "2024-11-28T13:05:00+07:00".
type Published struct {
	Time     time.Time // zero when unknown
	HasClock bool      // Time carries a meaningful clock time and zone
}

// Known reports whether a publication time is set.
func (p Published) Known() bool { return !p.Time.IsZero() }

// Date returns the calendar date "2006-01-02", or "" when unknown.
func (p Published) Date() string {
	if !p.Known() {
		return ""
	}
	return p.Time.Format(time.DateOnly)
}

// String returns the record form: "", a date, or RFC 3339.
func (p Published) String() string {
	switch {
	case !p.Known():
		return ""
	case p.HasClock:
		return p.Time.Format(time.RFC3339)
	default:
		return p.Date()
	}
}

// MarshalJSON implements json.Marshaler.
func (p Published) MarshalJSON() ([]byte, error) {
	if !p.Known() {
		return []byte("null"), nil
	}
	return json.Marshal(p.String())
}

// UnmarshalJSON implements json.Unmarshaler.
func (p *Published) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("published: %w", err)
	}
	if s == nil || *s == "" {
		*p = Published{}
		return nil
	}
	v, err := ParsePublished(*s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ParsePublished reads the record form back: a date or RFC 3339.
func ParsePublished(s string) (Published, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return Published{Time: t, HasClock: true}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Published{Time: t}, nil
	}
	return Published{}, fmt.Errorf("published %q: not a date (2006-01-02) or RFC 3339 time", s)
}
