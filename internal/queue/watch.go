package queue

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/mmcdole/gofeed"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/warta-dev/warta/internal/ingest"
)

// DefaultFeedEvery is how often a watched feed is polled by default.
const DefaultFeedEvery = 15 * time.Minute

// Watch adds feeds (http(s) URLs of RSS or Atom feeds) to the watched set,
// each polled every interval by whichever worker is free; a feed already
// watched takes the new interval. A new feed is due at once.
func (q *Queue) Watch(ctx context.Context, feeds []string, every time.Duration) error {
	if every <= 0 {
		every = DefaultFeedEvery
	}
	for _, f := range feeds {
		if !isURL(f) {
			return fmt.Errorf("watch %q: %w: not an http(s) URL", f, ErrInvalid)
		}
	}
	batch := &pgx.Batch{}
	for _, f := range feeds {
		batch.Queue(`INSERT INTO warta_feeds (url, every) VALUES ($1, $2 * interval '1 microsecond')
			ON CONFLICT (url) DO UPDATE SET every = excluded.every`, f, every.Microseconds())
	}
	if err := q.pool.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("watch feeds: %w", err)
	}
	return nil
}

// Unwatch removes feeds from the watched set.
func (q *Queue) Unwatch(ctx context.Context, feeds []string) error {
	if _, err := q.pool.Exec(ctx, "DELETE FROM warta_feeds WHERE url = ANY($1)", feeds); err != nil {
		return fmt.Errorf("unwatch feeds: %w", err)
	}
	return nil
}

// tickArgs is the periodic job that queues polls of the feeds that are due.
type tickArgs struct{}

// Kind implements river.JobArgs.
func (tickArgs) Kind() string { return KindTick }

// InsertOpts puts ticks on the feed queue.
func (tickArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: feedQueue, MaxAttempts: 1}
}

// PollArgs is the args of a KindPoll job: poll one watched feed.
type PollArgs struct {
	Feed string `json:"feed"`
}

// Kind implements river.JobArgs.
func (PollArgs) Kind() string { return KindPoll }

// InsertOpts keeps at most one poll of a feed waiting or running.
func (PollArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		Queue:       feedQueue,
		MaxAttempts: 3,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled,
		}},
	}
}

// tickWorker works tickArgs jobs.
type tickWorker struct {
	river.WorkerDefaults[tickArgs]
	q *Queue
}

// Work queues a poll of every feed that is due.
func (w *tickWorker) Work(ctx context.Context, _ *river.Job[tickArgs]) error {
	rows, err := w.q.pool.Query(ctx, "SELECT url FROM warta_feeds WHERE next_poll_at <= now() ORDER BY url")
	if err != nil {
		return fmt.Errorf("due feeds: %w", err)
	}
	feeds, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("due feeds: %w", err)
	}
	if len(feeds) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(feeds))
	for i, f := range feeds {
		params[i] = river.InsertManyParams{Args: PollArgs{Feed: f}}
	}
	if _, err := w.q.client.InsertMany(ctx, params); err != nil {
		return fmt.Errorf("queue polls: %w", err)
	}
	return nil
}

// pollWorker works KindPoll jobs.
type pollWorker struct {
	river.WorkerDefaults[PollArgs]
	q   *Queue
	cfg WorkConfig
}

// Work polls one feed, after waiting for its host's turn.
func (w *pollWorker) Work(ctx context.Context, job *river.Job[PollArgs]) error {
	wait, err := w.q.claimHost(ctx, hostOf(job.Args.Feed), w.cfg.HostInterval)
	if err != nil {
		return err
	}
	if wait > 0 {
		return river.JobSnooze(wait)
	}
	res, err := w.q.Poll(ctx, w.cfg.Feeds, job.Args.Feed)
	if rerr := river.RecordOutput(ctx, res); rerr != nil {
		w.cfg.Logger.Warn("record poll output", "feed", job.Args.Feed, "err", rerr)
	}
	return err
}

// PollResult is what one poll of a feed did.
type PollResult struct {
	Feed   string `json:"feed"`
	Status int    `json:"status"`          // HTTP status; 304 when the feed had not changed
	Items  int    `json:"items"`           // items in the feed
	New    int    `json:"new"`             // new items, queued as units
	Error  string `json:"error,omitempty"` // why the fetch or parse failed
}

// Poll fetches a watched feed once, conditionally (If-None-Match with the
// ETag and If-Modified-Since with the Last-Modified of the previous
// answer), and queues each item not seen before as a unit, in the same
// transaction that records the items as seen. A failed fetch or a bad feed
// is recorded on the feed (warta queue shows it) and is not an error; a
// database error is.
func (q *Queue) Poll(ctx context.Context, fc *FeedClient, feed string) (PollResult, error) {
	res := PollResult{Feed: feed}
	var etag, lastMod string
	err := q.pool.QueryRow(ctx, "SELECT etag, last_modified FROM warta_feeds WHERE url = $1", feed).Scan(&etag, &lastMod)
	if errors.Is(err, pgx.ErrNoRows) {
		res.Error = "not watched"
		return res, nil // unwatched since the poll was queued
	}
	if err != nil {
		return res, fmt.Errorf("poll %s: %w", feed, err)
	}
	resp, err := fc.get(ctx, feed, etag, lastMod)
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		res.Error = err.Error()
		return res, q.polled(ctx, res, etag, lastMod)
	}
	res.Status = resp.status
	switch {
	case resp.status == http.StatusNotModified:
		return res, q.polled(ctx, res, etag, lastMod)
	case resp.status != http.StatusOK:
		res.Error = "GET " + feed + ": " + http.StatusText(resp.status)
		return res, q.polled(ctx, res, etag, lastMod)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(resp.body))
	if err != nil {
		res.Error = "bad feed: " + err.Error()
		return res, q.polled(ctx, res, resp.etag, resp.lastModified)
	}
	res.Items = len(f.Items)

	tx, err := q.pool.Begin(ctx)
	if err != nil {
		return res, fmt.Errorf("poll %s: %w", feed, err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var params []river.InsertManyParams
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		key := itemKey(it)
		tag, err := tx.Exec(ctx, "INSERT INTO warta_feed_items (feed, item) VALUES ($1, $2) ON CONFLICT DO NOTHING", feed, key)
		if err != nil {
			return res, fmt.Errorf("poll %s: %w", feed, err)
		}
		if tag.RowsAffected() == 0 {
			continue // seen in an earlier poll
		}
		a, err := itemUnit(feed, f, it)
		if err != nil {
			return res, fmt.Errorf("poll %s: %w", feed, err)
		}
		params = append(params, river.InsertManyParams{Args: a})
	}
	if len(params) > 0 {
		if _, err := q.client.InsertManyTx(ctx, tx, params); err != nil {
			return res, fmt.Errorf("poll %s: queue items: %w", feed, err)
		}
	}
	res.New = len(params)
	if err := polledTx(ctx, tx, res, resp.etag, resp.lastModified); err != nil {
		return res, err
	}
	if err := tx.Commit(ctx); err != nil {
		return res, fmt.Errorf("poll %s: %w", feed, err)
	}
	return res, nil
}

// polled records a poll that queued nothing.
func (q *Queue) polled(ctx context.Context, res PollResult, etag, lastMod string) error {
	tx, err := q.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("poll %s: %w", res.Feed, err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := polledTx(ctx, tx, res, etag, lastMod); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("poll %s: %w", res.Feed, err)
	}
	return nil
}

// polledTx records a poll on its feed's row and schedules the next.
func polledTx(ctx context.Context, tx pgx.Tx, res PollResult, etag, lastMod string) error {
	_, err := tx.Exec(ctx, `UPDATE warta_feeds SET etag = $2, last_modified = $3, polled_at = now(),
		next_poll_at = now() + every, last_status = $4, last_error = $5, polls = polls + 1, items = items + $6
		WHERE url = $1`, res.Feed, etag, lastMod, res.Status, res.Error, res.New)
	if err != nil {
		return fmt.Errorf("poll %s: record: %w", res.Feed, err)
	}
	return nil
}

// itemKey identifies a feed item across polls: its GUID, else its link,
// else its title and date.
func itemKey(it *gofeed.Item) string {
	switch {
	case strings.TrimSpace(it.GUID) != "":
		return "guid:" + strings.TrimSpace(it.GUID)
	case strings.TrimSpace(it.Link) != "":
		return "link:" + strings.TrimSpace(it.Link)
	}
	return "item:" + strings.TrimSpace(it.Title) + "|" + strings.TrimSpace(it.Published)
}

// itemUnit makes a unit of one new feed item: a feed of that item alone,
// which the worker reads the way ingest reads any feed (the item's own
// text when it is the full article, else the page at its link).
func itemUnit(feed string, f *gofeed.Feed, it *gofeed.Item) (UnitArgs, error) {
	doc := rssDoc{Version: "2.0", NSContent: "http://purl.org/rss/1.0/modules/content/",
		NSDC:    "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{Title: f.Title, Link: cmp.Or(f.Link, feed), Language: f.Language}}
	item := rssItem{Title: it.Title, Link: it.Link, GUID: it.GUID, PubDate: cmp.Or(it.Published, it.Updated),
		Description: it.Description, Content: it.Content}
	for _, p := range it.Authors {
		if p != nil && p.Name != "" {
			item.Creators = append(item.Creators, p.Name)
		}
	}
	doc.Channel.Items = []rssItem{item}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if err := xml.NewEncoder(&b).Encode(doc); err != nil {
		return UnitArgs{}, fmt.Errorf("item %s: %w", itemKey(it), err)
	}
	content, err := pack(b.Bytes())
	if err != nil {
		return UnitArgs{}, err
	}
	input := strings.TrimSpace(it.Link)
	if input == "" {
		input = feed + "#" + itemKey(it)
	}
	return UnitArgs{Type: UnitItem, Input: input, Feed: feed, Digest: digest(b.Bytes()), Content: content}, nil
}

// rssDoc is an RSS 2.0 document of the fields ingest reads.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title    string    `xml:"title"`
	Link     string    `xml:"link"`
	Language string    `xml:"language,omitempty"`
	Items    []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link,omitempty"`
	GUID        string   `xml:"guid,omitempty"`
	PubDate     string   `xml:"pubDate,omitempty"`
	Creators    []string `xml:"dc:creator,omitempty"`
	Description string   `xml:"description,omitempty"`
	Content     string   `xml:"content:encoded,omitempty"`
}

// FeedClientOptions configure a FeedClient. Zero fields take ingest's
// defaults.
type FeedClientOptions struct {
	// AllowPrivate lets polls reach loopback and private addresses.
	AllowPrivate bool
	// Timeout bounds one poll (default 20s).
	Timeout time.Duration
	// MaxBytes is the largest feed read (default 10 MiB).
	MaxBytes int64
	// UserAgent is sent with every poll (default ingest.DefaultUserAgent).
	UserAgent string
}

// FeedClient fetches feeds with conditional GETs. It refuses non-public
// addresses, after DNS resolution and on redirects too, unless
// AllowPrivate.
type FeedClient struct {
	http     *http.Client
	ua       string
	maxBytes int64
}

// NewFeedClient returns a FeedClient with opts.
func NewFeedClient(opts FeedClientOptions) *FeedClient {
	if opts.Timeout <= 0 {
		opts.Timeout = ingest.DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = ingest.DefaultMaxBytes
	}
	if opts.UserAgent == "" {
		opts.UserAgent = ingest.DefaultUserAgent
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	if !opts.AllowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{Proxy: nil, DialContext: dialer.DialContext, ForceAttemptHTTP2: true,
		MaxIdleConns: 16, IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second}
	return &FeedClient{http: &http.Client{Transport: transport, Timeout: opts.Timeout},
		ua: opts.UserAgent, maxBytes: opts.MaxBytes}
}

// feedResponse is one answer to a conditional GET.
type feedResponse struct {
	status             int
	body               []byte
	etag, lastModified string
}

// get fetches url, conditionally on etag and lastMod when they are set.
func (c *FeedClient) get(ctx context.Context, url, etag, lastMod string) (feedResponse, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return feedResponse{}, fmt.Errorf("GET %s: %w", url, err)
	}
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastMod != "" {
		req.Header.Set("If-Modified-Since", lastMod)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return feedResponse{}, err
	}
	defer resp.Body.Close()
	out := feedResponse{status: resp.StatusCode, etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode != http.StatusOK {
		// Keep the validators we had: a 304 may omit them.
		out.etag, out.lastModified = cmp.Or(out.etag, etag), cmp.Or(out.lastModified, lastMod)
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return out, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		return feedResponse{}, fmt.Errorf("GET %s: read: %w", url, err)
	}
	if int64(len(body)) > c.maxBytes {
		return feedResponse{}, fmt.Errorf("GET %s: %w", url, ingest.ErrTooLarge)
	}
	out.body = body
	return out, nil
}

// refusePrivate is a dialer Control that refuses loopback, private,
// link-local and unspecified addresses.
func refusePrivate(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() {
		return fmt.Errorf("%w %s", ingest.ErrPrivateAddress, ip)
	}
	return nil
}
