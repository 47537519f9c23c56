package merge

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/warta-dev/warta/internal/article"
)

// Mention is one report of an event: an event extracted from an article,
// with where and when the article was published.
type Mention struct {
	Doc       string            // document ID (article.Doc.ID)
	Outlet    string            // publishing site; "" falls back to the URL's host
	URL       string            // the article's URL, if any
	Published article.Published // the article's publication time, if known
	// Lede is true when the event's sentence is in the headline or the
	// lede; see InLede.
	Lede  bool
	Event article.Event
}

// ID returns the mention's stable key: a hash of the document, the sentence
// offsets, both actors, the CAMEO code and the event date. CODEBOOK.md makes
// this unique within an article (one event per source, target and code per
// sentence); Add keeps the first of several mentions with one ID, so all of
// a mention's other fields should follow from these (they do: outlet, URL
// and publication time are the document's).
func (m *Mention) ID() string {
	e := &m.Event
	return hashKey("m", m.Doc, strconv.Itoa(e.Start), strconv.Itoa(e.End),
		ActorKey(e.Source), e.Source.Code, ActorKey(e.Target), e.Target.Code, e.CAMEO, e.Date)
}

// InLede reports whether a sentence starting at byte offset start of text
// is in the lede: the first paragraph that holds any words. warta sets
// IsRootEvent from it, as GDELT marks events from a lead paragraph.
func InLede(text string, start int) bool {
	i := 0
	for i < len(text) && (text[i] == '\n' || text[i] == '\r' || text[i] == ' ' || text[i] == '\t') {
		i++
	}
	end := strings.IndexByte(text[i:], '\n')
	if end < 0 {
		return true
	}
	return start < i+end
}

// Actor is one side of a canonical event.
type Actor struct {
	Key     string `json:"key"`  // merge key (ActorKey)
	Code    string `json:"code"` // CAMEO actor code, e.g. RUSGOV
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
	Org     string `json:"org,omitempty"`
}

// MentionRef links a canonical event to one mention's sentence.
type MentionRef struct {
	ID         string  `json:"id"` // Mention.ID
	Doc        string  `json:"doc"`
	Start      int     `json:"start"` // byte offsets of the sentence in the document text
	End        int     `json:"end"`
	Code       string  `json:"cameo"`
	Date       string  `json:"date"`      // the mention's event date, "" if none
	Published  string  `json:"published"` // the article's publication time, "" if unknown
	Outlet     string  `json:"outlet"`
	URL        string  `json:"url,omitempty"`
	Lede       bool    `json:"lede"`
	Confidence float64 `json:"confidence"`
}

// Event is a canonical event: every mention of one real event.
type Event struct {
	// ID is stable across runs and ingest orders: a hash of the actor keys,
	// the root family, the code class, whether the event holds only
	// background mentions and its first event date (or, for an undated
	// mention, of its mention ID).
	ID        string  `json:"id"`
	Source    Actor   `json:"source"`
	Target    Actor   `json:"target"`
	Code      string  `json:"cameo"` // the most frequent code, then the most specific
	Root      string  `json:"root"`
	QuadClass int     `json:"quad_class"`
	Goldstein float64 `json:"goldstein"`
	// Date and EndDate bound the mentions' event dates ("2006-01-02");
	// both are "" for an undated event.
	Date    string `json:"date"`
	EndDate string `json:"end_date"`
	// FirstSeen and LastSeen bound the publication times of the articles
	// that report it (the event date when an article's is unknown).
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
	NumMentions int       `json:"num_mentions"`
	NumArticles int       `json:"num_articles"` // distinct documents
	NumSources  int       `json:"num_sources"`  // distinct outlets
	// IsRoot is true when some mention is in a headline or lede.
	IsRoot bool `json:"is_root"`
	// SourceURL is the URL of the earliest report that has one.
	SourceURL string       `json:"source_url"`
	Mentions  []MentionRef `json:"mentions"` // by date, then ID
}

// Delta says how an Add changed the canonical events. The store deletes
// the Removed events and replaces the Upserted ones (with their mention
// links); that keeps it equal to Merger.Events.
type Delta struct {
	Upserted []Event  // created or changed, by ID
	Removed  []string // IDs that no longer exist, sorted
}

// ErrInvalid is wrapped by the errors Add returns for a malformed mention.
var ErrInvalid = errors.New("invalid mention")

// Merger holds the canonical events and merges new mentions into them.
// It is safe for concurrent use.
type Merger struct {
	rules rules

	mu     sync.Mutex
	groups map[groupKey]*group
	seen   map[string]bool   // mention IDs already added
	events map[string]*Event // canonical ID → event
}

// groupKey holds the mentions that may merge: same directed actor pair,
// root family and code class (rules.classOf).
// Undated mentions form groups of their own (undated true).
type groupKey struct {
	src, tgt, family, class string
	undated                 bool
}

// group keeps its dated entries sorted by (day, mention ID) and its
// canonical events over them.
type group struct {
	entries  []*entry
	clusters []cluster
}

// entry is the part of a mention the merger keeps: no sentence text.
type entry struct {
	id         string
	day        int // days since 1970-01-01; noDay when undated
	date       string
	doc        string
	outlet     string // source key: normalised outlet or URL host
	outletName string
	url        string
	published  time.Time // zero when unknown
	pubString  string
	lede       bool
	src, tgt   Actor
	code, root string
	quad       int
	goldstein  float64
	start, end int
	confidence float64
	timing     timing
	modal      string // "" (asserted), "planned" or "negated": see modalOf
	// talks: a mention of a plan root whose trigger is a CueTalks noun,
	// dated only by publication: a reference to talks under way or ahead.
	talks bool
	// meets: the sentence has a meeting or visit word (CueMeet).
	meets bool
	words []string // the sentence's content words, sorted
	topic []string // words without the actors' names, sorted
	// times are the years and months an undated mention's sentence
	// names ("pada Juni", "sejak 2015"), sorted: see namedTimes.
	times []string
}

const noDay = -1 << 31

// New returns an empty Merger.
func New(cfg Config) (*Merger, error) {
	r, err := cfg.compile()
	if err != nil {
		return nil, err
	}
	return &Merger{rules: r, groups: map[groupKey]*group{}, seen: map[string]bool{}, events: map[string]*Event{}}, nil
}

// Merge is the batch form: the canonical events of a set of mentions.
func Merge(cfg Config, mentions []Mention) ([]Event, error) {
	m, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := m.Add(mentions...); err != nil {
		return nil, err
	}
	return m.Events(), nil
}

// Add merges mentions into the canonical events and reports the change.
// A mention whose ID was already added is ignored, so re-ingesting an
// article is a no-op. If any mention is malformed (no document, a CAMEO
// code that is not 2-4 digits) Add returns an error wrapping ErrInvalid
// and changes nothing.
func (m *Merger) Add(mentions ...Mention) (Delta, error) {
	entries := make([]*entry, 0, len(mentions))
	for i := range mentions {
		e, err := m.rules.newEntry(&mentions[i])
		if err != nil {
			return Delta{}, err
		}
		entries = append(entries, e)
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	touched := map[groupKey][]*entry{}
	for _, e := range entries {
		if m.seen[e.id] {
			continue
		}
		m.seen[e.id] = true
		fam := m.rules.familyOf(e.root)
		k := groupKey{e.src.Key, e.tgt.Key, fam, m.rules.classOf(fam, e.code), e.day == noDay}
		touched[k] = append(touched[k], e)
	}

	var d Delta
	for k, add := range touched {
		g := m.groups[k]
		if g == nil {
			g = &group{}
			m.groups[k] = g
		}
		m.insert(k, g, add, &d)
	}
	slices.SortFunc(d.Upserted, func(a, b Event) int { return cmp.Compare(a.ID, b.ID) })
	slices.Sort(d.Removed)
	return d, nil
}

// insert adds entries to a group and clusters the group again, reporting
// the events that changed. Clustering (rules.cluster) is a function of the
// group's set of entries, hence independent of ingest order; an event
// whose ID and members are unchanged is not reported.
func (m *Merger) insert(k groupKey, g *group, add []*entry, d *Delta) {
	slices.SortFunc(add, compareEntries)
	if len(add) <= 8 {
		// The usual case, a mention or two per group per article:
		// binary insertion moves memory but compares little.
		for _, e := range add {
			i, _ := slices.BinarySearchFunc(g.entries, e, compareEntries)
			g.entries = slices.Insert(g.entries, i, e)
		}
	} else {
		g.entries = mergeSorted(g.entries, add)
	}
	// An event keeps its ID while its kind and first date (and, for a
	// second event starting that day, its first mention) do; one whose
	// members are the same entries is not rebuilt.
	old := make(map[string]*cluster, len(g.clusters))
	for i := range g.clusters {
		old[g.clusters[i].id] = &g.clusters[i]
	}
	var clusters []cluster
	if k.undated {
		clusters = m.rules.clusterUndated(k.family, g.entries)
	} else {
		clusters = m.rules.cluster(k.family, g.entries)
	}
	first := map[string]bool{}
	for i := range clusters {
		c := &clusters[i]
		kind := "a"
		if c.background {
			kind = "b"
		}
		kind += c.modal
		switch {
		case k.undated:
			// An undated event is named by its first mention, as
			// when it was one mention alone.
			c.id = hashKey("u", c.members[0].id)
		case !first[kind+c.date]:
			first[kind+c.date] = true
			c.id = hashKey("e", k.src, k.tgt, k.family, k.class, kind, c.date)
		default:
			c.id = hashKey("e", k.src, k.tgt, k.family, k.class, kind, c.date, c.members[0].id)
		}
		if o := old[c.id]; o != nil {
			delete(old, c.id)
			if slices.Equal(o.members, c.members) {
				continue
			}
		}
		ev := build(c.id, c.members)
		m.events[c.id] = ev
		d.Upserted = append(d.Upserted, *ev)
	}
	for id := range old {
		delete(m.events, id)
		d.Removed = append(d.Removed, id)
	}
	g.clusters = clusters
}

// cluster is one canonical event of a group.
type cluster struct {
	id         string
	members    []*entry // sorted by (day, mention ID)
	date       string   // the first day's date
	background bool     // only background mentions
	modal      string   // its mentions' modality (entry.modal)
}

// cluster splits a group's entries, sorted by (day, mention ID), into
// canonical events. Each step looks only at entries before it in that
// order, so the result is a function of the set of entries.
//
// Entries that are not background are taken in order: each joins the
// event it fits best or starts one. An entry fits an event that started
// within the family's window of its day if the family merges on dates
// alone, or its sentence is similar enough to a member's (rules.similar),
// or, for a family of rules.sameDay, a member has its date; this bounds
// each event's span by the window (single linkage would chain a daily run
// of statements into one event). An entry of the current timing (dated
// only by publication, no past marker) also fits an event that started
// within the lookback if it is as similar as rules.join to a member: a
// late report of the same event in other words than "telah". Of several
// events it fits, it joins the most similar, then the latest.
//
// Each background entry then joins the event that started on or before
// its day within the lookback that it fits best (for families of
// rules.similar only similar ones, or for rules.sameDay ones with a
// member of its date that is not itself background: a background
// member's date is only its article's publication date, while a current
// one reads as news of that day), the most similar, then the latest;
// the rest are clustered among themselves in the same way over the
// lookback.
func (r rules) cluster(family string, entries []*entry) []cluster {
	fg := make([]*entry, 0, len(entries))
	var bg []*entry
	for _, e := range entries {
		if e.timing.isBackground() {
			bg = append(bg, e)
		} else {
			fg = append(fg, e)
		}
	}
	look := r.lookbackOf(family)
	out := r.grow(family, fg, r.windowOf(family), look, false)
	minSim, needSim := r.similar[family]
	// Outside the families of rules.similar, a background mention may
	// have to share its event's topic (rules.bgTopic).
	minTopic, needTopic := r.bgTopic[family]
	needTopic = needTopic && !needSim
	var profs []profile
	if needTopic {
		profs = make([]profile, len(out))
		for i := range out {
			profs[i] = profileOf(out[i].members)
		}
	}
	sameDay := r.sameDay[family]
	var orphans []*entry
	lo := 0
	for _, e := range bg {
		for lo < len(out) && e.day-out[lo].members[0].day > look {
			lo++
		}
		var pe profile
		if needTopic {
			pe = profileOf([]*entry{e})
		}
		best, bestSim := -1, 0.0
		for i := lo; i < len(out) && out[i].members[0].day <= e.day; i++ {
			if out[i].modal != e.modal || !r.fit(family, []*entry{e}, out[i].members) {
				continue
			}
			s := similarity(e, out[i].members)
			if needTopic && len(e.topic) > 0 {
				if s = topicSimilarity(pe, profs[i]); s < minTopic {
					continue
				}
			}
			// A mention of a few days back (timing ago) is of any
			// date of the lookback.
			if needSim && s >= 0 && s < minSim &&
				!(sameDay && (e.timing == ago || slices.ContainsFunc(out[i].members, func(o *entry) bool { return o.day == e.day && !o.timing.isBackground() }))) {
				continue
			}
			if best < 0 || s >= bestSim {
				best, bestSim = i, s
			}
		}
		if best >= 0 {
			out[best].members = append(out[best].members, e)
		} else {
			orphans = append(orphans, e)
		}
	}
	for i := range out {
		if len(out[i].members) > 1 && !slices.IsSortedFunc(out[i].members, compareEntries) {
			slices.SortFunc(out[i].members, compareEntries)
		}
	}
	var rest []cluster
	if needTopic {
		// Dates alone would gather them again: each is an event of its
		// own until topicMerge finds it one.
		for _, e := range orphans {
			rest = append(rest, cluster{members: []*entry{e}, date: e.date, background: true, modal: e.modal})
		}
	} else {
		rest = r.grow(family, orphans, look, look, true)
	}
	all := append(out, rest...)
	if r.topicDaysOf(family) > 0 || r.planDay[family] > 0 {
		slices.SortStableFunc(all, func(a, b cluster) int { return compareEntries(a.members[0], b.members[0]) })
		all = r.topicMerge(family, all)
	}
	return all
}

// clusterUndated clusters undated mentions, sorted by ID: a mention of an
// earlier, unknown day ("kedua pemimpin sudah tiga kali berjumpa sejak
// Juni tahun lalu") joins the earlier event of its modality with a mention
// as similar as rules.undated, the most similar; the same background
// sentence in several articles is one event. Without a sentence a mention
// is an event of its own.
func (r rules) clusterUndated(family string, entries []*entry) []cluster {
	var out []cluster
	for _, e := range entries {
		best, bestSim := -1, 0.0
		if r.undated > 0 && len(e.words) > 0 {
			var pe profile
			if r.undTime > 0 && len(e.times) > 0 {
				pe = profileOf([]*entry{e})
			}
			for i := range out {
				if out[i].modal != e.modal || !r.fit(family, []*entry{e}, out[i].members) {
					continue
				}
				s := similarity(e, out[i].members)
				ok := s >= r.undated
				if !ok && pe.norm > 0 && shareTime(e, out[i].members) {
					// One named year or month, and a topic told
					// in other words.
					ok = topicSimilarity(pe, profileOf(out[i].members)) >= r.undTime
				}
				if ok && (best < 0 || s > bestSim) {
					best, bestSim = i, s
				}
			}
		}
		if best >= 0 {
			c := &out[best]
			c.members = append(c.members[:len(c.members):len(c.members)], e)
			continue
		}
		out = append(out, cluster{members: []*entry{e}, modal: e.modal})
	}
	return out
}

// topicMerge joins events that report one statement or state of affairs
// in other words: each event, in order of start, joins the earlier event
// of its modality that started within the family's topic horizon
// (rules.topicDaysOf) and whose mentions are the most similar in topic, if
// that similarity reaches rules.topic; planned events have their own
// horizon and least similarity (rules.topicRule). Events come from grow in order of
// their first day, so the result is a function of theirs.
func (r rules) topicMerge(family string, cl []cluster) []cluster {
	if len(cl) < 2 {
		return cl
	}
	profs := make([]profile, len(cl))
	for i := range cl {
		profs[i] = profileOf(cl[i].members)
	}
	gone := make([]bool, len(cl))
	talks := make([]bool, len(cl))
	for i := range cl {
		talks[i] = !slices.ContainsFunc(cl[i].members, func(e *entry) bool { return !e.talks })
	}
	talkDays, talkLeast := r.topicRule(family, "planned")
	for j := 1; j < len(cl); j++ {
		days, least := r.topicRule(family, cl[j].modal)
		// References to talks under way or ahead merge with the talks'
		// other reports as plans do.
		talkRule := cl[j].modal == "" && r.planDay[family] > 0
		horizon := days
		if talkRule {
			horizon = max(horizon, talkDays)
		}
		if horizon <= 0 {
			continue
		}
		best, bestSim := -1, 0.0
		for i := j - 1; i >= 0; i-- {
			age := cl[j].members[0].day - cl[i].members[0].day
			if age > horizon {
				break
			}
			if gone[i] || cl[i].modal != cl[j].modal || !r.fit(family, cl[i].members, cl[j].members) {
				continue
			}
			d, l := days, least
			if talkRule && (talks[i] || talks[j]) {
				d, l = talkDays, talkLeast
			}
			if d <= 0 || age > d {
				continue
			}
			if s := topicSimilarity(profs[i], profs[j]); s >= l && (best < 0 || s > bestSim) {
				best, bestSim = i, s
			}
		}
		if best < 0 {
			continue
		}
		c := &cl[best]
		c.background = c.background && cl[j].background
		c.members = append(c.members[:len(c.members):len(c.members)], cl[j].members...)
		slices.SortFunc(c.members, compareEntries)
		profs[best] = profileOf(c.members)
		talks[best] = talks[best] && talks[j]
		gone[j] = true
	}
	out := cl[:0]
	for i := range cl {
		if !gone[i] {
			out = append(out, cl[i])
		}
	}
	return out
}

// grow clusters sorted entries: each joins the earlier event it fits best
// (see cluster) or starts one. An article's mentions of one key on one day
// (a headline, "Canberra Kecam Pyongyang", and its lede) report one event:
// they move as a unit, which fits an event if any of them does; in the
// families of rules.similar only those of one three-digit code do. The member
// slices are full slices, so that appending to one copies it.
func (r rules) grow(family string, entries []*entry, window, look int, background bool) []cluster {
	minSim, needSim := r.similar[family]
	sameDay := r.sameDay[family]
	join := min(look, r.joinDays)
	var units [][]*entry
	at := map[string]int{}
	for _, e := range entries {
		k := e.doc + "\x00" + strconv.Itoa(e.day) + "\x00" + e.modal
		if needSim {
			// Where words decide, an article's statements of other
			// codes ("Trump may ease sanctions", "Trump is open to
			// meeting Rouhani") are no headline and lede of one event.
			k += "\x00" + code3(e.code)
		}
		if i, ok := at[k]; ok {
			units[i] = append(units[i], e)
			continue
		}
		at[k] = len(units)
		units = append(units, []*entry{e})
	}
	var out []cluster
	lo := 0 // the first event that started within the lookback
	for _, u := range units {
		day := u[0].day
		for lo < len(out) && day-out[lo].members[0].day > max(window, look) {
			lo++
		}
		allCurrent := !slices.ContainsFunc(u, func(e *entry) bool { return e.timing != current })
		best, bestSim := -1, 0.0
		for i := lo; i < len(out); i++ {
			c := &out[i]
			if c.modal != u[0].modal || !r.fit(family, u, c.members) {
				continue
			}
			age := day - c.members[0].day
			s := -1.0
			for _, e := range u {
				s = max(s, similarity(e, c.members))
			}
			fits := false
			if age <= window {
				// Background mentions (background true) have no day of
				// their own to share.
				// One date suffices for meetings: reports that share
				// a word, or that both name a meeting or visit; a
				// sentence about something else that the coder read
				// as a meeting does neither.
				fits = !needSim || s < 0 || s >= minSim ||
					sameDay && !background && slices.ContainsFunc(c.members, func(o *entry) bool {
						return o.day == day && (s > 0 || o.meets && slices.ContainsFunc(u, func(e *entry) bool { return e.meets }))
					})
			}
			if !fits && r.join > 0 && allCurrent && age <= join && s >= r.join {
				fits = true
			}
			if fits && (best < 0 || s >= bestSim) {
				best, bestSim = i, s
			}
		}
		if best >= 0 {
			c := &out[best]
			c.members = append(c.members[:len(c.members):len(c.members)], u...)
			continue
		}
		out = append(out, cluster{members: slices.Clone(u), date: u[0].date, background: background, modal: u[0].modal})
	}
	for i := range out {
		if !slices.IsSortedFunc(out[i].members, compareEntries) {
			slices.SortFunc(out[i].members, compareEntries)
		}
	}
	return out
}

func compareEntries(a, b *entry) int {
	if c := cmp.Compare(a.day, b.day); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// mergeSorted merges two sorted runs into a new slice.
func mergeSorted(a, b []*entry) []*entry {
	out := make([]*entry, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if compareEntries(a[i], b[j]) <= 0 {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// Events returns every canonical event, by date and then ID (undated
// events first).
func (m *Merger) Events() []Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Event, 0, len(m.events))
	for _, ev := range m.events {
		out = append(out, *ev)
	}
	slices.SortFunc(out, func(a, b Event) int {
		if c := cmp.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// Event returns one canonical event by ID.
func (m *Merger) Event(id string) (Event, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ev, ok := m.events[id]
	if !ok {
		return Event{}, false
	}
	return *ev, true
}

// Len returns the number of canonical events.
func (m *Merger) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.events)
}

// newEntry validates a mention and copies what merging needs. Strings are
// cloned so that the merger does not pin whole article texts in memory.
func (r rules) newEntry(m *Mention) (*entry, error) {
	e := &m.Event
	if m.Doc == "" {
		return nil, fmt.Errorf("merge: mention of %s %s→%s: %w: no document ID", e.CAMEO, e.Source.Code, e.Target.Code, ErrInvalid)
	}
	if !isCAMEO(e.CAMEO) {
		return nil, fmt.Errorf("merge: mention in %s at %d: %w: CAMEO code %q", m.Doc, e.Start, ErrInvalid, e.CAMEO)
	}
	en := &entry{
		id:         m.ID(),
		day:        noDay,
		doc:        strings.Clone(m.Doc),
		url:        strings.Clone(m.URL),
		lede:       m.Lede,
		src:        actorOf(e.Source),
		tgt:        actorOf(e.Target),
		code:       strings.Clone(e.CAMEO),
		root:       e.CAMEO[:2],
		quad:       e.QuadClass,
		goldstein:  e.Goldstein,
		start:      e.Start,
		end:        e.End,
		confidence: e.Confidence,
		words:      r.cues.canon(contentWords(e.Sentence)),
		modal:      modalOf(e.Modality),
	}
	// The sentence's and the trigger's words, which several cues below read.
	words, trigger := tokenize(e.Sentence), tokenize(e.Trigger)
	if en.modal == "" && r.planRoot[en.root] && r.cues.planned(words) {
		en.modal = "planned"
	}
	en.topic = without(without(without(en.words, r.cues.canon(contentWords(e.Source.Name+" "+e.Target.Name))),
		r.keyWords[en.src.Key]), r.keyWords[en.tgt.Key])
	en.outlet, en.outletName = outletKey(m.Outlet, m.URL)
	if m.Published.Known() {
		en.published = m.Published.Time
		en.pubString = m.Published.String()
	}
	date := e.Date
	if len(date) > len(time.DateOnly) {
		date = date[:len(time.DateOnly)]
	}
	pub := ""
	if m.Published.Known() {
		pub = m.Published.Date()
	}
	if t, err := time.Parse(time.DateOnly, date); err == nil {
		en.date = date
		en.day = int(t.Unix() / 86400)
		en.timing = timingOf(e.Sentence, date, pub, r.cues)
		if p, err := time.Parse(time.DateOnly, pub); err == nil && en.timing == ago {
			// Of some day of the lookback before the publication:
			// it may join any event that started by then.
			en.day = int(p.Unix() / 86400)
		}
	} else if pub != "" {
		en.date = pub
		t, _ := time.Parse(time.DateOnly, en.date)
		en.day = int(t.Unix() / 86400)
		en.timing = timingOf(e.Sentence, pub, pub, r.cues)
	}
	if (en.timing == dated || en.timing == current) && en.day != noDay && afterTrigger(words, trigger, r.cues) {
		// "... pada Senin, setelah serangan drone": the event is
		// referred to as past, so its date only bounds it.
		en.timing = background
	}
	if en.timing == elsewhen {
		// Of an earlier, unknown day: an undated event of its own.
		en.date, en.day = "", noDay
	}
	if en.day == noDay {
		en.times = namedTimes(e.Sentence, r.cues)
	}
	en.meets = r.cues.has(CueMeet, words)
	en.talks = en.timing == current && r.planRoot[en.root] && r.cues.has(CueTalks, trigger)
	return en, nil
}

func isCAMEO(code string) bool {
	if len(code) < 2 || len(code) > 4 {
		return false
	}
	for i := range len(code) {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

func actorOf(a article.Actor) Actor {
	out := Actor{Key: strings.Clone(ActorKey(a)), Code: strings.Clone(a.Code), Name: strings.Clone(a.Name)}
	if a.Country != nil {
		out.Country = strings.Clone(*a.Country)
	}
	if a.Org != nil {
		out.Org = strings.Clone(*a.Org)
	}
	return out
}

// outletKey returns the key that counts distinct sources (the outlet
// lower-cased, else the URL's host without "www.") and the name to show.
// Both are "" when neither is known: all such mentions count as one
// unknown source.
func outletKey(outlet, rawURL string) (key, name string) {
	if o := strings.TrimSpace(outlet); o != "" {
		return strings.ToLower(o), strings.Clone(o)
	}
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		h := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		return h, h
	}
	return "", ""
}

// hashKey returns a short stable ID: a prefix and 16 hex digits of the
// SHA-256 of the parts, each ended by a NUL so that parts cannot run into
// each other.
func hashKey(prefix string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return prefix + hex.EncodeToString(h.Sum(nil)[:8])
}

// shareTime reports whether e names a year or month (entry.times) that a
// member also names.
func shareTime(e *entry, members []*entry) bool {
	for _, o := range members {
		for _, t := range e.times {
			if _, found := slices.BinarySearch(o.times, t); found {
				return true
			}
		}
	}
	return false
}
