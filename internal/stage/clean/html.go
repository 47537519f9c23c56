package clean

import (
	"bytes"
	"fmt"
	nurl "net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is what an HTML page gives: its main text and its metadata.
type page struct {
	text      string
	title     string
	author    string
	outlet    string
	url       string
	published time.Time
	hasClock  bool
	fallback  bool // readability failed; text is the whole body
}

// extractHTML parses an HTML page and returns its main text, with a newline
// after every block element, and its metadata.
func (s *Stage) extractHTML(src, pageURL string) (page, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return page{}, fmt.Errorf("parse html: %w", err)
	}
	var p page
	readMeta(doc, &p)

	var base *nurl.URL
	for _, u := range []string{p.url, pageURL} {
		if pu, err := nurl.Parse(u); err == nil && pu.IsAbs() {
			base = pu
			break
		}
	}
	parser := readability.NewParser()
	parser.MaxElemsToParse = s.cfg.MaxHTMLElems
	art, rerr := parser.ParseAndMutate(doc, base)
	if rerr == nil && art.Node != nil {
		var b textBuilder
		b.walk(art.Node, false)
		p.text = b.String()
		if p.title == "" {
			p.title = art.Title()
		}
		if p.author == "" {
			p.author = art.Byline()
		}
		if p.outlet == "" {
			p.outlet = art.SiteName()
		}
	}
	if rerr != nil || len(strings.TrimSpace(p.text)) < s.cfg.MinArticleChars {
		// readability mutates the tree it reads; the body found before
		// it ran may have lost nodes, so parse again for the fallback.
		var body *html.Node
		if doc2, err := html.Parse(strings.NewReader(src)); err == nil {
			body = findBody(doc2)
		}
		if body != nil {
			var b textBuilder
			b.walk(body, true)
			if t := b.String(); len(strings.TrimSpace(t)) > len(strings.TrimSpace(p.text)) {
				p.text = t
				p.fallback = true
			}
		}
	}
	return p, nil
}

func findBody(n *html.Node) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == atom.Body {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if b := findBody(c); b != nil {
			return b
		}
	}
	return nil
}

// readMeta fills p from the page's <meta> and <link rel=canonical> tags.
func readMeta(n *html.Node, p *page) {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Body:
			return // metadata lives in <head>; do not walk the whole page
		case atom.Meta:
			key := strings.ToLower(attr(n, "property"))
			if key == "" {
				key = strings.ToLower(attr(n, "name"))
			}
			if key == "" {
				key = strings.ToLower(attr(n, "itemprop"))
			}
			val := strings.TrimSpace(attr(n, "content"))
			if val == "" {
				break
			}
			switch key {
			case "og:title", "twitter:title":
				setOnce(&p.title, val)
			case "og:site_name", "application-name":
				setOnce(&p.outlet, val)
			case "author", "article:author", "dc.creator", "content_author", "byl":
				if !strings.Contains(val, "://") {
					setOnce(&p.author, val)
				}
			case "og:url":
				setOnce(&p.url, val)
			case "article:published_time", "og:article:published_time", "datepublished",
				"pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued",
				"content_publisheddate", "parsely-pub-date", "sailthru.date":
				if p.published.IsZero() {
					p.published, p.hasClock = parseISO(val)
				}
			}
		case atom.Link:
			if strings.EqualFold(attr(n, "rel"), "canonical") {
				if href := strings.TrimSpace(attr(n, "href")); href != "" {
					p.url = href // canonical wins over og:url
				}
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		readMeta(c, p)
	}
}

func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// parseISO reads an ISO 8601 / RFC 3339 time or date, the only forms
// trusted from page metadata. A date-time without a zone is kept as a date.
func parseISO(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return t, false
		}
	}
	return time.Time{}, false
}

// textBuilder renders HTML to text: text runs with their white space
// folded, and a line break around every block element.
type textBuilder struct {
	buf bytes.Buffer
}

func (b *textBuilder) String() string { return b.buf.String() }

func (b *textBuilder) newline() {
	if n := b.buf.Len(); n > 0 && b.buf.Bytes()[n-1] != '\n' {
		b.buf.WriteByte('\n')
	}
}

// walk appends n's text. In body mode (the fallback over a whole page)
// navigation, headers, footers, asides and forms are skipped as well.
func (b *textBuilder) walk(n *html.Node, body bool) {
	switch n.Type {
	case html.TextNode:
		b.text(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	tag := tagOf(n)
	if n.Type == html.ElementNode {
		switch tag {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg,
			atom.Object, atom.Embed, atom.Button, atom.Select, atom.Textarea, atom.Figcaption,
			atom.Head, atom.Canvas, atom.Video, atom.Audio:
			return
		case atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Menu:
			if body {
				return
			}
		case atom.Br, atom.Hr:
			b.buf.WriteByte('\n')
			return
		case atom.Td, atom.Th:
			b.buf.WriteByte(' ')
		}
	}
	block := n.Type == html.ElementNode && isBlock(tag)
	if block {
		b.newline()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.walk(c, body)
	}
	if block {
		b.newline()
	}
}

// text appends a text node with its white space folded to single spaces.
func (b *textBuilder) text(s string) {
	if s == "" {
		return
	}
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f':
			space = true
			continue
		}
		if space {
			if n := b.buf.Len(); n > 0 && b.buf.Bytes()[n-1] != '\n' && b.buf.Bytes()[n-1] != ' ' {
				b.buf.WriteByte(' ')
			}
			space = false
		}
		b.buf.WriteRune(r)
	}
	if space {
		b.buf.WriteByte(' ')
	}
}

// tagOf returns n's element atom. readability renames elements (div to p)
// by changing Data only, so DataAtom may be stale.
func tagOf(n *html.Node) atom.Atom {
	if n.Type != html.ElementNode {
		return 0
	}
	if a := n.DataAtom; a != 0 && a.String() == n.Data {
		return a
	}
	return atom.Lookup([]byte(n.Data))
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Dd, atom.Div, atom.Dl,
		atom.Dt, atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Header, atom.Li, atom.Main, atom.Nav, atom.Ol, atom.P, atom.Pre,
		atom.Section, atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Ul,
		atom.Details, atom.Summary, atom.Caption:
		return true
	}
	return false
}
