package store

import (
	"time"

	"github.com/warta-dev/warta/internal/article"
)

// The bits of documents.nil_lists, the same in every backend: which of an
// Article's row-stored lists were nil rather than empty, so that Get gives
// back exactly what Put got. Lists kept as JSON need no bit: JSON tells null
// from [].
const (
	NilEntities = 1 << iota
	NilEvents
	NilFacts
	NilQuotes
)

// NilLists returns the nil_lists bits of a.
func NilLists(a *article.Article) int {
	var n int
	if a.Entities == nil {
		n |= NilEntities
	}
	if a.Events == nil {
		n |= NilEvents
	}
	if a.Facts == nil {
		n |= NilFacts
	}
	if a.Quotes == nil {
		n |= NilQuotes
	}
	return n
}

// PublishedRecord is the stored form of a known publication time: the
// record form of OUTPUT.md, with fractions of a second kept if there are any
// so that the time reads back exactly.
func PublishedRecord(p article.Published) string {
	if p.HasClock {
		return p.Time.Format(time.RFC3339Nano)
	}
	return p.Date()
}
