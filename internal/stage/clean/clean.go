// Package clean is warta's first stage: it turns a raw input (plain text or
// an HTML page) into the article's cleaned text and the metadata the page
// or record states.
//
// Cleaning repairs the encoding (legacy Windows-1252/Latin-1 bytes, UTF-8
// misread as Windows-1252 or Mac Roman), normalises to NFC, extracts the main
// text of HTML pages with readability, and removes page chrome by the named
// rules in rules/*.tsv (CODEBOOK §1). The cleaned text has one paragraph a
// line: lines are trimmed, inner runs of spaces folded, blank lines dropped.
package clean

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/warta-dev/warta/internal/article"
	"golang.org/x/text/encoding/charmap"
)

// ErrNoRaw is returned when Run is called without a raw input.
var ErrNoRaw = errors.New("clean: no raw input")

// Config tunes the cleaning stage.
type Config struct {
	// MaxBytes bounds the input read: longer content is cut (at a UTF-8
	// boundary) with a warning. Huge pages are nearly always junk, and the
	// bound keeps HTML parsing cheap.
	MaxBytes int
	// MaxHTMLElems bounds the elements readability scores; beyond it
	// readability gives up and the whole-body fallback is used.
	MaxHTMLElems int
	// MinArticleChars is the least text readability must find before its
	// result is preferred to the whole-body fallback.
	MinArticleChars int
}

// DefaultConfig returns the configuration New uses.
func DefaultConfig() Config {
	return Config{MaxBytes: 4 << 20, MaxHTMLElems: 30000, MinArticleChars: 200}
}

// Stage is the cleaning stage. It is safe for concurrent use.
type Stage struct {
	cfg       Config
	chrome    *chrome
	codepages []codepage
}

// New returns a cleaning stage with the default configuration and the
// embedded chrome rules.
func New() (*Stage, error) { return NewWithConfig(DefaultConfig()) }

// NewWithConfig returns a cleaning stage with the given configuration.
func NewWithConfig(cfg Config) (*Stage, error) {
	c, err := loadRules(rulesFS)
	if err != nil {
		return nil, fmt.Errorf("clean: %w", err)
	}
	return &Stage{
		cfg:    cfg,
		chrome: c,
		codepages: []codepage{
			newCodepage("windows-1252", charmap.Windows1252, true),
			newCodepage("mac roman", charmap.Macintosh, false),
		},
	}, nil
}

// Rules returns the chrome rules in the order they are tried, for
// documentation and tests.
func (s *Stage) Rules() []Rule { return append([]Rule(nil), s.chrome.rules...) }

// Run cleans raw into a.Doc: Text, Source, and the metadata the page
// states (Title, Author, Outlet, URL, Published from an HTML page's meta
// tags), over which the record's own fields (Title, URL, Outlet, Author,
// Language) win. raw.Published is left to the meta stage; a published time
// from the page is stored in a.Doc.Published for meta to keep when the
// record has none.
func (s *Stage) Run(ctx context.Context, a *article.Article, raw *article.Raw) error {
	if raw == nil {
		return ErrNoRaw
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("clean %s: %w", raw.Where(), err)
	}
	content := raw.Content
	if s.cfg.MaxBytes > 0 && len(content) > s.cfg.MaxBytes {
		content = truncate(content, s.cfg.MaxBytes)
		a.Warn(fmt.Sprintf("input truncated to %d bytes", len(content)))
	}
	if !utf8.ValidString(content) {
		content = decodeLegacy(content)
		a.Warn("decoded as windows-1252")
	}

	var p page
	if raw.Kind == article.KindHTML {
		var err error
		p, err = s.extractHTML(content, raw.URL)
		if err != nil {
			return fmt.Errorf("clean %s: %w", raw.Where(), err)
		}
		if p.fallback {
			a.Warn("html: no main article found; used the whole page text")
		}
		content = p.text
	}

	text, warns := s.cleanText(content)
	for _, w := range warns {
		a.Warn(w)
	}
	a.Doc.Text = text
	a.Doc.Source = raw.Source

	field := func(record, page string) string {
		v := record
		if strings.TrimSpace(v) == "" {
			v = page
		}
		v, _ = s.fixEncoding(v)
		return collapseSpaces(strings.ReplaceAll(v, "\n", " "))
	}
	a.Doc.Title = field(raw.Title, p.title)
	a.Doc.Author = field(raw.Author, p.author)
	a.Doc.Outlet = field(raw.Outlet, p.outlet)
	a.Doc.URL = strings.TrimSpace(raw.URL)
	if a.Doc.URL == "" {
		a.Doc.URL = strings.TrimSpace(p.url)
	}
	if l := strings.TrimSpace(raw.Language); l != "" {
		a.Doc.Language = l
	}
	if !p.published.IsZero() && !a.Doc.Published.Known() {
		a.Doc.Published = article.Published{Time: p.published, HasClock: p.hasClock}
	}
	return nil
}

// Clean returns text (not HTML) cleaned as Run cleans an article body, with
// the warnings it raised.
func (s *Stage) Clean(text string) (string, []string) {
	var warns []string
	if !utf8.ValidString(text) {
		text = decodeLegacy(text)
		warns = append(warns, "decoded as windows-1252")
	}
	t, w := s.cleanText(text)
	return t, append(warns, w...)
}

// cleanText repairs and normalises valid UTF-8 text, then drops page
// chrome and blank lines.
func (s *Stage) cleanText(text string) (string, []string) {
	text, warns := s.fixEncoding(text)
	raw := strings.Split(text, "\n")
	lines := raw[:0]
	for _, l := range raw {
		if l = collapseSpaces(l); l != "" {
			lines = append(lines, l)
		}
	}
	lines = s.chrome.strip(lines)
	return strings.Join(lines, "\n"), warns
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && i > n-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}
