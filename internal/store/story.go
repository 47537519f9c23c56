package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/warta-dev/warta/internal/article"
	"github.com/warta-dev/warta/internal/dedup"
	"github.com/warta-dev/warta/internal/merge"
)

// Consolidator keeps what warta learns across documents: stories (the
// near-duplicate copies of one article, package dedup) and canonical events
// (the reports of one event merged across articles, package merge). It is
// embedded in Store.
//
// Both are rebuilt from every stored document and event by Consolidate, in
// one transaction, so they are a function of what is stored, whatever the
// order it was ingested in, and a crash leaves the previous consolidation
// in place.
type Consolidator interface {
	// Consolidate rebuilds stories and canonical events from all stored
	// documents and events. It signs the documents that have no signature
	// yet, and does nothing else when every document was already signed
	// by an earlier consolidation, unless o.Force.
	Consolidate(ctx context.Context, o ConsolidateOptions) (ConsolidateResult, error)

	// Copies returns the IDs of the documents in docID's story, docID
	// included, sorted. A document not yet consolidated is its own only
	// copy. An unknown docID is an ErrNotFound.
	Copies(ctx context.Context, docID string) ([]string, error)

	// CanonicalEvents calls fn with each canonical event matching f, by
	// date and then ID (undated events first), until fn returns an error,
	// which CanonicalEvents returns. The event passed to fn is only valid
	// during the call. A malformed filter is an ErrInvalid.
	CanonicalEvents(ctx context.Context, f CanonicalFilter, fn func(*CanonicalEvent) error) error

	// CanonicalEvent returns one canonical event with its mentions, or
	// ErrNotFound.
	CanonicalEvent(ctx context.Context, id string) (*CanonicalEvent, error)
}

// ConsolidateOptions configures a consolidation. The configurations must
// stay the same from one run to the next: signatures are kept, and a
// signature made with another seed or shingle size compares as noise.
type ConsolidateOptions struct {
	Dedup dedup.Config
	Merge merge.Config
	// Force rebuilds even when every document is already signed, as after
	// changing Merge.
	Force bool
}

// DefaultConsolidateOptions returns dedup's and merge's default rules.
func DefaultConsolidateOptions() ConsolidateOptions {
	return ConsolidateOptions{Dedup: dedup.DefaultConfig(), Merge: merge.DefaultConfig()}
}

// ConsolidateResult says what a consolidation found.
type ConsolidateResult struct {
	Skipped   bool          // nothing new: no rebuild was needed
	Documents int           // documents consolidated
	Signed    int           // of which signed in this run
	Stories   int           // stories with more than one document
	Copies    int           // documents in those stories
	Mentions  int           // events merged
	Events    int           // canonical events
	Merged    int           // canonical events reported by two articles or more
	Took      time.Duration // the whole run
}

// CanonicalFilter narrows CanonicalEvents. The zero value matches every
// event and loads no mentions.
type CanonicalFilter struct {
	From    string // first event date, YYYY-MM-DD, inclusive (on the event's first day)
	To      string // last event date, YYYY-MM-DD, inclusive
	Country string // actor key (ISO3, IGO code, WST, ...) on either side
	Root    string // CAMEO root, two digits
	// Mentions loads each event's mentions with their sentences.
	Mentions bool
}

// Validate reports a malformed filter as an ErrInvalid.
func (f CanonicalFilter) Validate() error {
	for _, d := range []string{f.From, f.To} {
		if d == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return fmt.Errorf("date %q: %w: want YYYY-MM-DD", d, ErrInvalid)
		}
	}
	if f.Root != "" && (len(f.Root) != 2 || !isDigits(f.Root)) {
		return fmt.Errorf("root %q: %w: want two digits", f.Root, ErrInvalid)
	}
	return nil
}

func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// CanonicalEvent is a stored canonical event. Its Mentions are loaded only
// when asked for (CanonicalFilter.Mentions, and always by CanonicalEvent);
// they shadow merge.Event's Mentions, which stay empty.
type CanonicalEvent struct {
	merge.Event
	Mentions []CanonicalMention `json:"mentions"`
}

// CanonicalMention is one report of a canonical event: where its sentence
// is stored.
type CanonicalMention struct {
	merge.MentionRef
	Ord      int    `json:"ord"`      // the event's index in its document's Events
	Sentence string `json:"sentence"` // the event's sentence
}

// The rest of this file is the backends' shared, storage-free part of a
// consolidation: a backend loads ConsolidationDocs and ConsolidationEvents
// inside its transaction, calls Consolidate, and writes what it returns.

// ConsolidationDoc is one stored document as consolidation needs it.
type ConsolidationDoc struct {
	Seq       int64 // the backend's row key, carried through
	ID        string
	Outlet    string
	URL       string
	Published article.Published
	// Signature and LedeEnd come from the last consolidation (see
	// DecodeSignature); Text is loaded instead when Signature is nil, and
	// cleared once signed.
	Signature dedup.Signature
	LedeEnd   int
	Text      string
	// Story is the stored story ID, "" if none.
	Story string
}

// ConsolidationEvent is one stored event: its document (ConsolidationDoc's
// index) and ordinal.
type ConsolidationEvent struct {
	Doc   int
	Ord   int
	Event article.Event
}

// Consolidation is what Consolidate computed.
type Consolidation struct {
	// Stories holds every document's story ID, by index in the docs.
	Stories []string
	// Signed lists the indexes of the documents signed in this run.
	Signed []int
	// Events are the canonical events by date and ID; Links[i] are the
	// (document index, ordinal) of Events[i].Mentions, in order.
	Events []merge.Event
	Links  [][]Link
	// Digests[i] fingerprints Events[i] with its links, so that a backend
	// rewrites only the events that changed since the last run.
	Digests []string
	Result  ConsolidateResult
}

// Link places a canonical event's mention: a document (by index) and an
// event ordinal within it.
type Link struct {
	Doc, Ord int
}

// Consolidate signs the documents that need it (in parallel, setting their
// Signature and LedeEnd), groups all documents into stories and merges all
// events into canonical events. The result depends only on the documents
// and events given, not on their order.
func Consolidate(ctx context.Context, o ConsolidateOptions, docs []ConsolidationDoc, events []ConsolidationEvent) (Consolidation, error) {
	var c Consolidation
	h, err := dedup.NewHasher(o.Dedup)
	if err != nil {
		return c, fmt.Errorf("consolidate: %w", err)
	}
	ix, err := dedup.NewIndex(o.Dedup)
	if err != nil {
		return c, fmt.Errorf("consolidate: %w", err)
	}
	mg, err := merge.New(o.Merge)
	if err != nil {
		return c, fmt.Errorf("consolidate: %w", err)
	}
	for i := range docs {
		if docs[i].Signature == nil {
			c.Signed = append(c.Signed, i)
		}
	}
	if err := sign(ctx, h, docs, c.Signed); err != nil {
		return c, err
	}

	// Stories: the index's components do not depend on the order of Add.
	for i := range docs {
		if _, err := ix.Add(docs[i].ID, docs[i].Signature); err != nil {
			return c, fmt.Errorf("consolidate: %w", err)
		}
	}
	stories := ix.Stories()
	c.Stories = make([]string, len(docs))
	size := map[string]int{}
	for i := range docs {
		c.Stories[i] = stories[docs[i].ID]
		size[c.Stories[i]]++
	}
	for _, n := range size {
		if n > 1 {
			c.Result.Stories++
			c.Result.Copies += n
		}
	}

	// Canonical events. Mentions are given to the merger in (document ID,
	// ordinal) order, so that of two mentions with one ID the same one is
	// kept whatever the storing order.
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		ea, eb := &events[a], &events[b]
		return cmp.Or(strings.Compare(docs[ea.Doc].ID, docs[eb.Doc].ID), cmp.Compare(ea.Ord, eb.Ord))
	})
	mentions := make([]merge.Mention, 0, len(events))
	where := make(map[string]Link, len(events))
	for _, i := range order {
		ev := &events[i]
		d := &docs[ev.Doc]
		m := merge.Mention{Doc: d.ID, Outlet: d.Outlet, URL: d.URL, Published: d.Published,
			Lede: ev.Event.Start < d.LedeEnd, Event: ev.Event}
		id := m.ID()
		if _, dup := where[id]; dup {
			continue
		}
		where[id] = Link{Doc: ev.Doc, Ord: ev.Ord}
		mentions = append(mentions, m)
	}
	if _, err := mg.Add(mentions...); err != nil {
		return c, fmt.Errorf("consolidate: %w", err)
	}
	c.Events = mg.Events()
	c.Links = make([][]Link, len(c.Events))
	c.Digests = make([]string, len(c.Events))
	for i := range c.Events {
		ev := &c.Events[i]
		links := make([]Link, len(ev.Mentions))
		for j, m := range ev.Mentions {
			links[j] = where[m.ID]
		}
		c.Links[i] = links
		if c.Digests[i], err = digest(ev, links, docs); err != nil {
			return c, err
		}
		if ev.NumArticles > 1 {
			c.Result.Merged++
		}
	}
	c.Result.Documents = len(docs)
	c.Result.Signed = len(c.Signed)
	c.Result.Mentions = len(mentions)
	c.Result.Events = len(c.Events)
	return c, nil
}

// digest hashes everything stored of a canonical event: its fields, its
// mentions and where they are (by document ID, not by the backend's row
// key, which differs between databases).
func digest(ev *merge.Event, links []Link, docs []ConsolidationDoc) (string, error) {
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(ev); err != nil {
		return "", fmt.Errorf("consolidate: digest of event %s: %w", ev.ID, err)
	}
	for _, l := range links {
		fmt.Fprintf(h, "%s\x00%d\x00", docs[l.Doc].ID, l.Ord)
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// sign signs the documents at the given indexes on every CPU.
func sign(ctx context.Context, h *dedup.Hasher, docs []ConsolidationDoc, todo []int) error {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(todo), 1)) {
		wg.Go(func() {
			for i := range next {
				d := &docs[i]
				d.Signature = h.Sign(d.Text)
				d.LedeEnd = LedeEnd(d.Text)
				d.Text = ""
			}
		})
	}
	var err error
	for _, i := range todo {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err != nil {
		return fmt.Errorf("consolidate: sign documents: %w", err)
	}
	return nil
}

// DecodeSignature reads a stored signature; nil (sign again) when it is
// missing, unreadable or of another length than cfg makes.
func DecodeSignature(b []byte, cfg dedup.Config) dedup.Signature {
	if b == nil {
		return nil
	}
	var sig dedup.Signature
	if err := sig.UnmarshalBinary(b); err != nil || len(sig) != 0 && len(sig) != cfg.NumHashes() {
		return nil
	}
	return sig
}

// NoLedeEnd is the LedeEnd of a text that is one paragraph: every sentence
// is in its lede.
const NoLedeEnd = 1<<31 - 1

// LedeEnd returns the byte offset where a text's lede ends: a sentence
// starting before it is in the lede, as merge.InLede decides (the first
// paragraph that holds any words). Storing the offset saves reading the
// text again at the next consolidation.
func LedeEnd(text string) int {
	i := 0
	for i < len(text) && (text[i] == '\n' || text[i] == '\r' || text[i] == ' ' || text[i] == '\t') {
		i++
	}
	end := strings.IndexByte(text[i:], '\n')
	if end < 0 {
		return NoLedeEnd
	}
	return i + end
}
