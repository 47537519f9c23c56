package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/warta-dev/warta/internal/article"
)

// minFullText is how many characters of text, tags stripped, an item's
// content or description must exceed to count as the full article. Shorter
// ones are teasers, and the item's link is fetched instead.
const minFullText = 500

// feed reads an RSS, Atom or JSON feed. Each item becomes one article: its
// own content when that is the full text, else the page at its link.
func (w *walker) feed(ctx context.Context, d doc, r io.Reader) error {
	data, err := readWhole(r, w.r.opts.MaxBytes)
	if err != nil {
		if !errors.Is(err, ErrTooLarge) {
			err = w.readErr(d, err)
		}
		w.fail(d.src, err)
		return nil
	}
	f, err := parseFeed(data)
	if err != nil {
		w.fail(d.src, fmt.Errorf("bad feed: %w", err))
		return nil
	}
	if len(f.Items) == 0 {
		w.fail(d.src, errors.New("feed has no items"))
		return nil
	}
	base := d.url
	if base == "" {
		base = f.Link
	}
	for i, it := range f.Items {
		if err := ctx.Err(); err != nil {
			return err
		}
		if it == nil {
			continue
		}
		if err := w.feedItem(ctx, d, f, i+1, it, base); err != nil {
			return err
		}
		d.tick()
	}
	return nil
}

// feedItem emits one feed item, fetching its link when it has no full text.
func (w *walker) feedItem(ctx context.Context, d doc, f *gofeed.Feed, n int, it *gofeed.Item, base string) error {
	link := resolveLink(base, strings.TrimSpace(it.Link))
	raw := &article.Raw{
		Source:    d.src,
		Kind:      article.KindHTML,
		Title:     strings.TrimSpace(it.Title),
		Published: itemPublished(it),
		URL:       link,
		Outlet:    strings.TrimSpace(f.Title),
		Author:    itemAuthor(it),
		Language:  strings.TrimSpace(f.Language),
	}
	if body := fullText(it); body != "" {
		raw.Content = body
		return w.emit(ctx, raw)
	}
	if !isURL(link) {
		w.fail(d.src, fmt.Errorf("item %d %q: no full text and no http(s) link", n, clip(raw.Title, 80)))
		return nil
	}
	if _, err := url.Parse(link); err != nil {
		w.fail(d.src, fmt.Errorf("item %d: bad link %q", n, clip(link, 200)))
		return nil
	}
	p, err := w.r.fetch(ctx, link)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.fail(d.src, fmt.Errorf("item %d: %w", n, err))
		return nil
	}
	head := p.body[:min(len(p.body), sniffLen)]
	switch {
	case len(bytes.TrimSpace(p.body)) == 0:
		w.fail(d.src, fmt.Errorf("item %d: GET %s: %w", n, showURL(link), ErrEmpty))
		return nil
	case isBinary(head):
		w.fail(d.src, fmt.Errorf("item %d: GET %s: %w", n, showURL(link), ErrBinary))
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(p.contentType); mt == "text/plain" {
		raw.Kind = article.KindText
	}
	raw.Source = link
	raw.URL = p.url
	raw.Content = string(p.body)
	return w.emit(ctx, raw)
}

// parseFeed runs gofeed, turning a panic inside it into an error: one odd
// feed must not bring down a batch.
func parseFeed(data []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, tidyError{fmt.Errorf("feed parser panicked: %v", p)}
		}
	}()
	f, err = gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, tidyError{err}
	}
	return f, nil
}

// tidyError presents a third-party error the way ours read: one line,
// starting lowercase.
type tidyError struct{ err error }

func (e tidyError) Error() string {
	s := strings.Join(strings.Fields(e.err.Error()), " ")
	if s == "" {
		return "unknown error"
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func (e tidyError) Unwrap() error { return e.err }

// fullText returns the item's content or description, whichever is longer,
// when it holds more than minFullText characters of text.
func fullText(it *gofeed.Item) string {
	best, bestLen := "", 0
	for _, s := range []string{it.Content, it.Description} {
		if n := textLen(s, 4*minFullText); n > bestLen {
			best, bestLen = s, n
		}
	}
	if bestLen > minFullText {
		return best
	}
	return ""
}

// textLen counts the characters of s outside HTML tags, collapsing runs of
// white space, and stops counting at limit.
func textLen(s string, limit int) int {
	n, inTag, space := 0, false, true
	for i := 0; i < len(s) && n < limit; {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case inTag:
			inTag = r != '>'
		case r == '<':
			inTag = true
		case r == ' ' || r == '\n' || r == '\t' || r == '\r':
			if !space {
				n++
			}
			space = true
		default:
			n++
			space = false
		}
	}
	return n
}

// itemPublished returns the item's date as the feed wrote it, like every
// other record's. gofeed's parsed time is no better: it is nil for
// Indonesian day and month names ("Selasa, 10 Sep 2019 21:48:00 WIB") and
// loses the zone otherwise. The meta stage parses both.
func itemPublished(it *gofeed.Item) string {
	if p := strings.TrimSpace(it.Published); p != "" {
		return p
	}
	return strings.TrimSpace(it.Updated)
}

// itemAuthor joins the names of an item's authors.
func itemAuthor(it *gofeed.Item) string {
	var names []string
	for _, p := range it.Authors {
		if p == nil {
			continue
		}
		name := strings.TrimSpace(p.Name)
		if name == "" {
			name = strings.TrimSpace(p.Email)
		}
		if name != "" {
			names = append(names, name)
		}
	}
	if len(names) == 0 && it.Author != nil {
		return strings.TrimSpace(it.Author.Name)
	}
	return strings.Join(names, ", ")
}

// resolveLink makes a relative item link absolute against the feed's URL.
func resolveLink(base, link string) string {
	if link == "" || base == "" || isURL(link) {
		return link
	}
	b, err := url.Parse(base)
	if err != nil {
		return link
	}
	l, err := url.Parse(link)
	if err != nil {
		return link
	}
	return b.ResolveReference(l).String()
}
