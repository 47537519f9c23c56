// Package merge joins reports of one event across articles into canonical
// events. A mention is one extracted event (article.Event) with the
// document, outlet and date it was read in; mentions with the same source
// and target actor keys, a compatible CAMEO code and dates within the event
// type's window become one canonical event with its counts of mentions,
// articles and sources.
//
// Compatible codes: roots that form a family (assault, fight and mass
// violence, 18-20) merge across all their codes, since outlets code one
// strike differently. In the roots of Config.Similar, two codes merge when
// they have the same three digits, are of one Config.Compatible set (a
// meeting, a visit and hosting it, negotiating) or one of them is the
// root's "not otherwise specified" code ("030" with "036": one coder was
// less specific), and the sentences agree (see Words), so that two
// statements of one pair on one day (Iran rejects an accusation, Iran
// refuses talks) stay two events. Other roots merge only mentions with
// the same three digits or of one compatible set.
//
// Modality: a plan ("dijadwalkan bertemu") or a denial never merges with
// what happened (article.Event.Modality): the planned visit and the visit
// are two events. In the roots of Config.PlanRoots a mention is a plan also
// when its sentence has plan wording near a meeting word (the cues of
// cues/*.tsv): "Pompeo akan melakukan perjalanan", "menyerukan pertemuan".
//
// Dates: a mention's date is often only its article's publication date,
// which for background sentences ("Houthi telah mengklaim serangan itu",
// "sebelumnya, Trump membuka kemungkinan ...") is a bound, not the date.
// Such a background mention does not found an event of its own: it joins
// the latest earlier event of its key that started within the family's
// lookback (Config.Lookback), and only when there is none do background
// mentions form events among themselves. A mention dated by publication
// whose sentence names an earlier year (outside a relative clause) or
// month ("pada 2016", "pada bulan Juni") or an indefinite past ("beberapa
// waktu lalu", "tahun lalu"; cues/*.tsv) is of an unknown day: it stays undated, an event of its own,
// unless another undated mention of its key says nearly the same
// (Config.Undated): one background sentence repeated by several articles,
// or names the same year or month and shares its topic (Config.UndatedTime):
// one past event retold in other words.
// The sentence (article.Event.Sentence) is read only for this; without one
// a mention's date is taken as given.
//
// Words: for the roots of Config.Similar (statements, appeals, demands,
// verbal conflict, attacks and most other roots) two mentions merge only
// when their sentences are similar: the Jaccard similarity of their content
// words (stop words, titles and numbers removed, Indonesian affixes
// stripped, and the actors' names and their countries' names and capitals
// left out, which every report of the pair has; see similar.go) reaches
// the root's threshold. Meetings
// (Config.SameDay) also merge on one event date when their sentences share
// a word or both name a meeting or visit (cue kind meet). A mention dated only by
// publication that reads as news of the day still joins an earlier event of
// its key within Config.JoinDays when its words are as similar as
// Config.Join: a late retelling without "telah". An article's mentions of
// one key on one day (headline and lede) move together.
//
// Topics: reports of one statement told in other words on other days
// ("Pompeo menuding Iran di balik serangan itu", "AS menyalahkan Iran atas
// serangan kilang minyak Saudi"), and of a lasting state such as a trade
// war, are one event when their topics agree: the events of a key are
// joined when the cosine similarity of their mentions' content words
// (without the actors' names) reaches Config.Topic within Config.TopicDays.
// Words that tell one event in other words and share no stem ("menuding",
// "menuduh", "menyalahkan"; "menawarkan", "bersedia") count as one word
// in similarity and topics (cues/*.tsv, kind same). Planned events
// (a meeting announced and awaited over days) merge on topic within
// Config.PlanTopicDays at Config.PlanTopic, though meetings held do not;
// so do events of references to talks under way or ahead, mentions whose
// trigger is a noun of negotiation (kind talks: "optimisme terhadap
// pembicaraan dagang") and that are dated only by publication.
// A mention that points a few days back without a date ("beberapa hari
// lalu", "pekan lalu"; kind ago) is background of any day of the lookback
// before its publication.
// For sanctions (Config.BackgroundTopic) a background mention joins an
// earlier event only on its topic: "AS juga telah mengenakan sanksi kepada
// militer Cina" is an older sanction, not part of this week's trade war.
//
// Merging is incremental (Merger.Add takes new mentions and reports which
// canonical events changed) and order-independent: the canonical events are
// a function of the set of mentions added, whatever the order or batching.
// The package does no I/O; the store persists what Add reports.
package merge

import (
	"fmt"
	"slices"
	"strings"

	"github.com/warta-dev/warta/internal/article"
)

// Config holds the merge rules. Start from DefaultConfig.
type Config struct {
	// Windows maps a CAMEO root ("04") to the most days that may separate
	// the earliest and the latest event date of one canonical event.
	Windows map[string]int
	// DefaultWindow is the window of a root missing from Windows.
	DefaultWindow int
	// Families lists sets of roots whose codes are compatible: mentions
	// coded with any root of one family may merge. Roots outside every
	// family merge only with the same root.
	Families [][]string
	// Compatible lists sets of three-digit codes ("040", "042") that
	// merge with each other in roots outside a family of several roots;
	// other codes of such roots merge only with the same three digits.
	Compatible [][]string
	// Lookback maps a root to the most days after the start of an earlier
	// event at which a background mention (see the package doc) still
	// joins it; DefaultLookback is for roots missing from it.
	Lookback        map[string]int
	DefaultLookback int
	// Distinct lists three-digit codes that merge only with their own
	// three digits even inside a family of several roots.
	Distinct []string
	// Similar maps a root to the least content-word similarity (Jaccard,
	// 0-1) of two mentions' sentences for them to merge; roots missing
	// from it merge on dates alone. A mention without a sentence is
	// taken as similar.
	Similar map[string]float64
	// SameDay lists roots of Similar whose mentions also merge, however
	// dissimilar, when they have the same event date and share a word or
	// both name a meeting or visit (CueMeet): a sentence about something
	// else that the coder read as a meeting does not join on the date.
	SameDay []string
	// Join is the similarity at which a mention dated only by its
	// article's publication and read as news of the day joins an earlier
	// event of its key within the lookback, as a background mention does;
	// 0 turns this off. JoinDays bounds it: the most days after the
	// event's start at which such a mention still joins (never more than
	// the lookback), so that a like-worded repeat two weeks on ("the
	// ministers met in Moscow") is an event of its own.
	Join     float64
	JoinDays int
	// Topic is the least topic similarity (see topicSimilarity) at which
	// two canonical events of one group and modality, the later starting
	// within TopicDays of the earlier (JoinDays for roots missing from
	// TopicDays), become one: reports of one statement or one state of
	// affairs told in other words on other days ("Pompeo menuding Iran di
	// balik serangan itu", "AS menyalahkan Iran atas serangan kilang
	// minyak Saudi"). 0 turns this off. It applies to the roots of
	// Similar and of TopicDays.
	Topic     float64
	TopicDays map[string]int
	// PlanTopic is the least topic similarity at which two planned
	// events (a plan or intent, see Modality) of one group, the later
	// starting within PlanTopicDays of the earlier, become one: an
	// upcoming meeting is announced, scheduled and awaited in other words
	// over days ("bakal menggelar negosiasi", "menjelang pertemuan bulan
	// depan"), while the meetings held do not merge on topic. A plan
	// never merges with what happened. Roots missing from PlanTopicDays
	// merge plans as other events (Topic, TopicDays); 0 turns it off.
	PlanTopic     float64
	PlanTopicDays map[string]int
	// BackgroundTopic maps a root outside Similar to the least topic
	// similarity (see Topic) of a background mention to an earlier event
	// for it to join that event: "AS juga telah mengenakan sanksi kepada
	// militer Cina" is an older sanction, not part of this week's trade
	// war. Roots missing from it (attacks) join on dates alone.
	BackgroundTopic map[string]float64
	// Undated is the least content-word similarity (Jaccard) at which
	// two undated mentions of one group (sentences of an earlier, unknown
	// day) are one event: the same background sentence repeated by
	// several articles. 0 keeps every undated mention an event of its
	// own.
	Undated float64
	// UndatedTime is the least topic similarity (see Topic) at which
	// two undated mentions of one group that name the same year or month
	// ("pada Juni", "sejak Juni 2018") are one event: the named time is
	// their coarse date, and the same past event is retold in other
	// words. 0 turns this off.
	UndatedTime float64
	// Cues are the phrases the rules read in sentences (see Cue);
	// DefaultCues has those of every language warta reads.
	Cues []Cue
	// PlanRoots lists roots whose mentions are plans when their
	// sentence has plan wording near a meeting word (CuePlan, CueMeet),
	// whatever the extractor said: "Pompeo akan melakukan perjalanan ke
	// Abu Dhabi" is not the trip, "Saudi menyerukan pertemuan OKI" not
	// the meeting.
	PlanRoots []string
	// KeyNames maps an actor key (ActorKey) to the names a sentence may
	// call the actor by besides the mention's own actor names: a
	// country's names and capital, an organisation's aliases. They are
	// left out of the words that similarity and topics compare, as the
	// actors' names are: every report of the pair has them.
	KeyNames map[string]string
}

// DefaultConfig returns warta's merge rules.
//
// Windows are the span one real event's reports cover, in days: a visit or
// a summit (04) lasts several days and is reported on arrival, during the
// talks and on departure; an agreement (05, 06) is reported around its
// signing; a statement (01, 02) or a verbal conflict (11-13) is reported on
// the day and the next; an attack (18-20) happens on one day and is
// reported with a day's lag. Assault, fight and mass violence (18, 19, 20)
// form one family because outlets code the same strike differently;
// other roots are distinct kinds of events and do not merge across roots.
func DefaultConfig() Config {
	return Config{
		Windows: map[string]int{
			"01": 1, // make public statement
			"02": 1, // appeal
			"03": 2, // express intent to cooperate
			"04": 4, // consult: visits, meetings, summits
			"05": 3, // diplomatic cooperation: signing, praise, support
			"06": 3, // material cooperation
			"07": 3, // provide aid
			"08": 3, // yield
			"09": 2, // investigate
			"10": 2, // demand
			"11": 1, // disapprove
			"12": 1, // reject
			"13": 1, // threaten
			"14": 1, // protest
			"15": 2, // exhibit force posture
			"16": 2, // reduce relations: sanctions, embargoes
			"17": 1, // coerce
			"18": 1, // assault
			"19": 1, // fight
			"20": 1, // mass violence
		},
		DefaultWindow: 1,
		Families:      [][]string{{"18", "19", "20"}},
		// Consult, visit, host, meet elsewhere: one meeting is reported
		// from either side, and coders pick among them.
		Compatible: [][]string{{"040", "041", "042", "043", "044", "046"}},
		// Occupying territory is not a strike.
		Distinct: []string{"192"},
		// An attack or a visit is referred back to for two weeks; a
		// statement for a few days.
		Lookback:        map[string]int{"04": 14, "18": 14, "19": 14, "20": 14},
		DefaultLookback: 7,
		// Statements, appeals, demands, verbal conflict and most other
		// non-violent roots: one pair says and does many things on nearby
		// days, so only reports in similar words merge. Meetings merge on
		// one date or on similar reports. Sanctions and embargoes (16) are
		// mostly an ongoing state ("perang dagang AS-China") that reports
		// describe in ever other words, and attacks (18-20) are few per
		// pair and day: those merge on dates alone.
		Similar: map[string]float64{
			"01": 0.25, "02": 0.25, "03": 0.25, "04": 0.25, "05": 0.25, "06": 0.25, "07": 0.25,
			"08": 0.25, "09": 0.25, "10": 0.25, "11": 0.25, "12": 0.25, "13": 0.25, "14": 0.25,
			"15": 0.25, "17": 0.25,
			// Attacks are few per pair and day, but a pair's
			// sentences coded as violence are often other things (a
			// war in the background, an accusation, a threat): reports
			// of one strike share at least its place or weapon.
			"18": 0.12, "19": 0.12, "20": 0.12,
		},
		SameDay:  []string{"04"},
		Join:     0.3,
		JoinDays: 7,
		// A week of reports of one statement; a trade war or a sanctions
		// regime (16) is reported as the same state for two weeks.
		// Meetings and attacks do not merge on topic: a pair's
		// meetings, or its attacks, share their words.
		Topic:     0.35,
		TopicDays: map[string]int{"16": 14, "04": 0, "18": 0},
		// Plans of meetings: one upcoming meeting is awaited for
		// days, told in the words of meetings (cues/*.tsv, kind same).
		PlanTopic:     0.3,
		PlanTopicDays: map[string]int{"04": 10},
		// Sanctions and embargoes in the background are often older
		// ones.
		BackgroundTopic: map[string]float64{"16": 0.3},
		Undated:         0.5,
		// Well above the topic similarity of two different past
		// events of a pair that share a month and a meeting word.
		UndatedTime: 0.3,
		Cues:        DefaultCues(),
		PlanRoots:   []string{"04"},
		KeyNames:    defaultKeyNames(),
	}
}

// defaultKeyNames is DefaultKeyNames for embedded data, which a test reads
// without error.
func defaultKeyNames() map[string]string {
	names, err := DefaultKeyNames()
	if err != nil {
		panic(err)
	}
	return names
}

// rules is a Config compiled for lookups.
type rules struct {
	family   map[string]string // root → family name (its smallest root)
	window   map[string]int    // family name → window in days
	def      int
	multi    map[string]bool   // families of several roots: any code merges
	class    map[string]string // three-digit code → compatible set name
	lookback map[string]int    // family name → lookback in days
	defLook  int
	distinct map[string]bool    // three-digit codes apart in their family
	similar  map[string]float64 // family name → least similarity
	sameDay  map[string]bool    // family name → same date suffices
	join     float64
	joinDays int
	topic    float64
	topicDay map[string]int // family name → topic merge horizon in days
	planTop  float64
	planDay  map[string]int     // family name → plan topic merge horizon in days
	bgTopic  map[string]float64 // family name → least topic similarity of background joins
	undated  float64
	undTime  float64
	cues     cueSet
	planRoot map[string]bool
	keyWords map[string][]string // actor key → content words of its names
}

func (c Config) compile() (rules, error) {
	r := rules{family: map[string]string{}, window: map[string]int{}, def: c.DefaultWindow,
		multi: map[string]bool{}, class: map[string]string{}, lookback: map[string]int{}, defLook: c.DefaultLookback,
		distinct: map[string]bool{}, similar: map[string]float64{}, sameDay: map[string]bool{}, join: c.Join, joinDays: c.JoinDays,
		topic: c.Topic, topicDay: map[string]int{}, planTop: c.PlanTopic, planDay: map[string]int{}, bgTopic: map[string]float64{}, undated: c.Undated, undTime: c.UndatedTime,
		planRoot: map[string]bool{}, keyWords: map[string][]string{}}
	cues, err := compileCues(c.Cues)
	if err != nil {
		return r, err
	}
	r.cues = cues
	for _, root := range c.PlanRoots {
		r.planRoot[root] = true
	}
	for k, names := range c.KeyNames {
		r.keyWords[k] = cues.canon(contentWords(names))
	}
	if c.Undated < 0 || c.Undated > 1 {
		return r, fmt.Errorf("merge: undated similarity %v: want 0-1", c.Undated)
	}
	if c.UndatedTime < 0 || c.UndatedTime > 1 {
		return r, fmt.Errorf("merge: undated time similarity %v: want 0-1", c.UndatedTime)
	}
	if c.Topic < 0 || c.Topic > 1 {
		return r, fmt.Errorf("merge: topic similarity %v: want 0-1", c.Topic)
	}
	if c.PlanTopic < 0 || c.PlanTopic > 1 {
		return r, fmt.Errorf("merge: plan topic similarity %v: want 0-1", c.PlanTopic)
	}
	if c.JoinDays < 0 {
		return r, fmt.Errorf("merge: join days %d: must not be negative", c.JoinDays)
	}
	if c.Join < 0 || c.Join > 1 {
		return r, fmt.Errorf("merge: join similarity %v: want 0-1", c.Join)
	}
	if c.DefaultWindow < 0 {
		return r, fmt.Errorf("merge: default window %d: must not be negative", c.DefaultWindow)
	}
	if c.DefaultLookback < 0 {
		return r, fmt.Errorf("merge: default lookback %d: must not be negative", c.DefaultLookback)
	}
	for root, w := range c.Windows {
		if w < 0 {
			return r, fmt.Errorf("merge: window of root %s is %d: must not be negative", root, w)
		}
	}
	for _, fam := range c.Families {
		if len(fam) == 0 {
			continue
		}
		name := slices.Min(fam)
		for _, root := range fam {
			if prev, ok := r.family[root]; ok && prev != name {
				return r, fmt.Errorf("merge: root %s is in two families", root)
			}
			r.family[root] = name
		}
		if len(fam) > 1 {
			r.multi[name] = true
		}
	}
	for _, set := range c.Compatible {
		if len(set) == 0 {
			continue
		}
		name := slices.Min(set)
		for _, code := range set {
			if len(code) != 3 || !isCAMEO(code) {
				return r, fmt.Errorf("merge: compatible code %q: want three digits", code)
			}
			if prev, ok := r.class[code]; ok && prev != name {
				return r, fmt.Errorf("merge: code %s is in two compatible sets", code)
			}
			r.class[code] = name
		}
	}
	for _, code := range c.Distinct {
		if len(code) != 3 || !isCAMEO(code) {
			return r, fmt.Errorf("merge: distinct code %q: want three digits", code)
		}
		r.distinct[code] = true
	}
	for root, v := range c.Similar {
		if v < 0 || v > 1 {
			return r, fmt.Errorf("merge: similarity of root %s is %v: want 0-1", root, v)
		}
		name := r.familyOf(root)
		r.similar[name] = max(r.similar[name], v)
	}
	for root, v := range c.BackgroundTopic {
		if v < 0 || v > 1 {
			return r, fmt.Errorf("merge: background topic similarity of root %s is %v: want 0-1", root, v)
		}
		name := r.familyOf(root)
		r.bgTopic[name] = max(r.bgTopic[name], v)
	}
	for root, d := range c.TopicDays {
		if d < 0 {
			return r, fmt.Errorf("merge: topic days of root %s is %d: must not be negative", root, d)
		}
		name := r.familyOf(root)
		r.topicDay[name] = max(r.topicDay[name], d)
	}
	for root, d := range c.PlanTopicDays {
		if d < 0 {
			return r, fmt.Errorf("merge: plan topic days of root %s is %d: must not be negative", root, d)
		}
		name := r.familyOf(root)
		r.planDay[name] = max(r.planDay[name], d)
	}
	for _, root := range c.SameDay {
		r.sameDay[r.familyOf(root)] = true
	}
	// A family's lookback is the longest of its roots'.
	for root, w := range c.Lookback {
		if w < 0 {
			return r, fmt.Errorf("merge: lookback of root %s is %d: must not be negative", root, w)
		}
		name := r.familyOf(root)
		r.lookback[name] = max(r.lookback[name], w)
	}
	// A family's window is the widest of its roots'.
	for root, w := range c.Windows {
		name := r.familyOf(root)
		r.window[name] = max(r.window[name], w)
	}
	for root, name := range r.family {
		if _, ok := c.Windows[root]; !ok {
			r.window[name] = max(r.window[name], c.DefaultWindow)
		}
	}
	return r, nil
}

func (r rules) familyOf(root string) string {
	if f, ok := r.family[root]; ok {
		return f
	}
	return root
}

// classOf returns the code class of a code within its family: "" where
// any code merges; the root for a root of Similar, whose codes merge when
// compatible (rules.compatible) and similar; else the code's three digits
// or its compatible set.
func (r rules) classOf(family, code string) string {
	c3 := code3(code)
	if r.multi[family] {
		if r.distinct[c3] {
			return c3
		}
		return ""
	}
	if _, ok := r.similar[family]; ok {
		return family
	}
	if name, ok := r.class[c3]; ok {
		return name
	}
	return c3
}

// code3 returns a code's three digits ("04" → "040", "0421" → "042").
func code3(code string) string {
	switch {
	case len(code) == 2:
		return code + "0"
	case len(code) > 3:
		return code[:3]
	}
	return code
}

// compatible reports whether two codes of one group may be one event:
// the same three digits, codes of one compatible set, or either the
// root's "not otherwise specified" code ("030" with "036": one coder was
// less specific), or any two codes of a family of several roots.
func (r rules) compatible(family, a, b string) bool {
	if r.multi[family] {
		return true
	}
	a, b = code3(a), code3(b)
	if a == b || a[2] == '0' || b[2] == '0' {
		return true
	}
	ca, oka := r.class[a]
	cb, okb := r.class[b]
	return oka && okb && ca == cb
}

// fit reports whether every code of a is compatible with every code of b.
func (r rules) fit(family string, a, b []*entry) bool {
	for _, x := range a {
		for _, y := range b {
			if x.code != y.code && !r.compatible(family, x.code, y.code) {
				return false
			}
		}
	}
	return true
}

// lookbackOf returns a family's lookback, never less than its window.
func (r rules) lookbackOf(family string) int {
	w, ok := r.lookback[family]
	if !ok {
		w = r.defLook
	}
	return max(w, r.windowOf(family))
}

// topicDaysOf returns the horizon of a family's topic merge, 0 when its
// events do not merge on topic.
func (r rules) topicDaysOf(family string) int {
	if r.topic <= 0 {
		return 0
	}
	if d, ok := r.topicDay[family]; ok {
		return d
	}
	if _, ok := r.similar[family]; ok {
		return r.joinDays
	}
	return 0
}

// topicRule returns the horizon in days and the least similarity of the
// topic merge of a family's events of a modality; 0 days when they do not
// merge on topic.
func (r rules) topicRule(family, modal string) (int, float64) {
	if d, ok := r.planDay[family]; ok && modal == "planned" && r.planTop > 0 {
		return d, r.planTop
	}
	return r.topicDaysOf(family), r.topic
}

func (r rules) windowOf(family string) int {
	if w, ok := r.window[family]; ok {
		return w
	}
	return r.def
}

// ActorKey is an actor's merge key, as GOLD.md defines actor keys: its ISO3
// country, else its IGO code, else WST for the West, else its upper-case
// CAMEO code. "" means unknown. It matches eval.ActorKey.
func ActorKey(a article.Actor) string {
	switch {
	case a.Country != nil && *a.Country != "":
		return *a.Country
	case a.Org != nil && *a.Org != "":
		return *a.Org
	case a.Code == "WST":
		return "WST"
	}
	return strings.ToUpper(a.Code)
}

// Specificity is how specific a CAMEO code is: the number of its digits
// after dropping a trailing "0" from a three-digit code, which CAMEO uses
// for "not otherwise specified" ("040" → 2, "042" → 3, "0421" → 4).
func Specificity(code string) int {
	if len(code) == 3 && code[2] == '0' {
		return 2
	}
	return len(code)
}
