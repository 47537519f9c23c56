package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
)

// page is a fetched response body.
type page struct {
	body        []byte
	contentType string
	url         string // after redirects
}

// StatusError is a fetch answered with an HTTP error status (400 and up).
type StatusError struct {
	URL    string
	Code   int
	Status string // "404 Not Found"
}

// Error returns "GET url: 404 Not Found".
func (e *StatusError) Error() string { return "GET " + e.URL + ": " + e.Status }

// newClient returns the HTTP client of a Reader. Unless opts.AllowPrivate,
// its dialer refuses non-public addresses after DNS resolution, so neither a
// hostname that resolves to 127.0.0.1 (DNS rebinding) nor a redirect to an
// internal host gets through.
func newClient(opts Options) *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !opts.AllowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		// No proxy: through one, the dialer would check the proxy's address
		// instead of the destination's.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	limit := opts.MaxRedirects
	return &http.Client{
		Transport: transport,
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > limit {
				return fmt.Errorf("stopped after %d redirects", limit)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("refusing redirect to %s", req.URL.Redacted())
			}
			return nil
		},
	}
}

// refusePrivate is a net.Dialer Control function: it runs on the resolved
// address just before connecting.
func refusePrivate(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot parse %q", ErrPrivateAddress, address)
	}
	ip := ap.Addr().Unmap()
	var kind string
	switch {
	case ip.IsLoopback():
		kind = "loopback"
	case ip.IsPrivate():
		kind = "private"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		kind = "link-local"
	case ip.IsUnspecified():
		kind = "unspecified"
	default:
		return nil
	}
	return fmt.Errorf("%w: %s address %s (set AllowPrivate to allow)", ErrPrivateAddress, kind, ip)
}

// showURL prints a URL for a one-line message, quoted if it holds control
// characters (a newline in a feed's link).
func showURL(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}

// get fetches one URL with the client's limits. Errors read
// "GET url: reason".
func (r *Reader) get(ctx context.Context, client *http.Client, rawURL string) (*page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("GET %s: bad url: %w", showURL(rawURL), err)
	}
	req.Header.Set("User-Agent", r.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"+
		"application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	r.log.Debug("ingest: fetch", "url", rawURL)
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("GET %s: %w", showURL(rawURL), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return nil, &StatusError{URL: rawURL, Code: resp.StatusCode, Status: resp.Status}
	}
	limit := r.opts.MaxBytes
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("GET %s: %w: %d bytes, over the %s limit", rawURL, ErrTooLarge, resp.ContentLength, formatSize(limit))
	}
	body, err := readWhole(resp.Body, limit)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", rawURL, err)
	}
	return &page{body: body, contentType: resp.Header.Get("Content-Type"), url: resp.Request.URL.String()}, nil
}

// url fetches a URL given as an input and parses it by its content type.
func (w *walker) url(ctx context.Context, rawURL string) error {
	p, err := w.r.fetch(ctx, rawURL)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.fail(rawURL, err)
		return nil
	}
	head := p.body[:min(len(p.body), sniffLen)]
	d := doc{src: rawURL, url: p.url, format: formatByType(p.contentType, head), tick: func() {}}
	return w.read(ctx, d, bufio.NewReaderSize(bytes.NewReader(p.body), 64<<10))
}
