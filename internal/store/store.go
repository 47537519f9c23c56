// Package store defines where warta keeps its record: one small interface,
// Store, implemented by a backend per package (sqlite, later postgres) and
// checked by one conformance suite (storetest.Run).
package store

import (
	"context"
	"errors"
	"time"

	"github.com/warta-dev/warta/internal/article"
)

// ErrNotFound is returned when a requested record does not exist.
var ErrNotFound = errors.New("not found")

// Store keeps extraction records. Documents are keyed by Doc.ID (the hash of
// the cleaned text), so storing the same article twice is a no-op.
// All methods are safe for concurrent use.
type Store interface {
	// Querier is the read side for the UI and the API: filtered lists
	// and aggregates (query.go).
	Querier
	Consolidator // stories and canonical events (story.go)

	// Put stores a batch of articles with everything extracted from them.
	// An article is stored completely or not at all: a crash mid-batch
	// leaves no partial article. Articles whose Doc.ID is already present are
	// skipped and counted in PutResult.Present.
	Put(ctx context.Context, articles []*article.Article) (PutResult, error)

	// Has reports whether a document with this ID is stored.
	Has(ctx context.Context, id string) (bool, error)

	// Get returns the stored record of one document, or ErrNotFound.
	Get(ctx context.Context, id string) (*article.Article, error)

	// Search returns the IDs of documents whose title or text match a
	// full-text query, best first, at most limit of them.
	Search(ctx context.Context, query string, limit int) ([]string, error)

	// EntityDocuments lists the IDs of documents that mention an entity.
	EntityDocuments(ctx context.Context, entityID string) ([]string, error)

	// Stats counts what is stored.
	Stats(ctx context.Context) (Stats, error)

	// Close releases the store's resources.
	Close() error
}

// PutResult says what a Put did.
type PutResult struct {
	Stored  int // new documents written
	Present int // documents skipped because their ID was already stored
}

// Stats counts the stored record. First and Last bound the publication dates
// and are zero when no document has one.
type Stats struct {
	Documents int       `json:"documents"`
	Entities  int       `json:"entities"`
	Mentions  int       `json:"mentions"`
	Events    int       `json:"events"`
	Facts     int       `json:"facts"`
	Quotes    int       `json:"quotes"`
	First     time.Time `json:"-"`
	Last      time.Time `json:"-"`
}
