package event

import (
	"strconv"
	"time"
)

// dateExpr is a date expression of a sentence at token k.
type dateExpr struct {
	k        int
	t        time.Time
	explicit bool
}

// date returns the date of an event whose cue is at token i (CODEBOOK §5):
// an explicit date in the sentence, else a weekday or a relative day
// ("kemarin", "pekan lalu") resolved against the publication date, else the
// publication date. Of several, the one nearest the cue wins, an explicit
// date over a weekday, and any date over one in a clause of an earlier
// event that opens after the cue (kind "date_after": "mengunjungi makam
// Minggu, tiga hari setelah ... dikebumikan pada Kamis (12/9)" is of the
// Sunday).
//
// A sentence that opens with an anaphoric time phrase (kind "anaphor_time":
// "Saat itu", "Ketika itu", "At the time") and has no explicit date of its
// own is of the explicit date of the sentence before it (c.prevDate):
// "Keduanya bertemu pada 30 Juni. Saat itu, keduanya bersepakat ...".
func (c *coder) date(toks []token, i int, planned bool) string {
	pub := c.a.Doc.Published
	var best *dateExpr
	bestEarlier := false
	for _, d := range c.dateExprs(toks, planned, true) {
		earlier := c.inEarlierClause(toks, i, d.k)
		if best == nil || bestEarlier && !earlier ||
			earlier == bestEarlier && (d.explicit && !best.explicit ||
				d.explicit == best.explicit && abs(d.k-i) < abs(best.k-i)) {
			b := d
			best, bestEarlier = &b, earlier
		}
	}
	if (best == nil || !best.explicit) && !c.prevDate.IsZero() && c.opensWithThen(toks) {
		return c.prevDate.Format(time.DateOnly)
	}
	if best != nil {
		return best.t.Format(time.DateOnly)
	}
	return pub.Date()
}

// inEarlierClause reports a date expression at token k in a clause opened
// by a "date_after" word that comes after the cue at token i: the date of
// an earlier event than the cue's.
func (c *coder) inEarlierClause(toks []token, i, k int) bool {
	for a := i + 1; a < k; a++ {
		if c.phraseAt(toks, "date_after", a, a+1) {
			return true
		}
	}
	return false
}

// opensWithThen reports a sentence that opens, after any punctuation, with
// an anaphoric time phrase ("Saat itu", "Pada waktu itu").
func (c *coder) opensWithThen(toks []token) bool {
	k := 0
	for k < len(toks) && toks[k].kind == tokPunct {
		k++
	}
	for n := c.g.maxWords["anaphor_time"]; n >= 1; n-- {
		if k+n <= len(toks) && c.phraseAt(toks, "anaphor_time", k, k+n) {
			return true
		}
	}
	return false
}

// rememberDate keeps, for the next sentence, the last explicit date of this
// one; a sentence without one keeps the date it took from its own
// predecessor by anaphora ("Saat itu ... Ketika itu ..."), and clears it
// otherwise.
func (c *coder) rememberDate(toks []token) {
	var last time.Time
	for _, d := range c.dateExprs(toks, false, false) {
		if d.explicit {
			last = d.t
		}
	}
	switch {
	case !last.IsZero():
		c.prevDate = last
	case !c.opensWithThen(toks):
		c.prevDate = time.Time{}
	}
}

// dateExprs returns a sentence's date expressions in order, resolved
// against the publication date: its explicit dates and, with relative, its
// weekdays and relative days ("kemarin") too.
func (c *coder) dateExprs(toks []token, planned, relative bool) []dateExpr {
	pub := c.a.Doc.Published
	var ref time.Time
	if pub.Known() {
		ref = pub.Time
		ref = time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC)
	}
	var out []dateExpr
	add := func(d dateExpr) { out = append(out, d) }
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.kind != tokWord {
			continue
		}
		// "19 September 2019", "19 September".
		if n, err := strconv.Atoi(t.low); err == nil && n >= 1 && n <= 31 && k+1 < len(toks) {
			if mon, ok := c.g.months[toks[k+1].low]; ok {
				if d, ok := c.ymd(toks, k+2, mon, n, ref, planned); ok {
					add(dateExpr{k, d, true})
					continue
				}
			}
			// "(19/9)", "19/09/2019".
			if k+2 < len(toks) && toks[k+1].low == "/" {
				if mon, err := strconv.Atoi(toks[k+2].low); err == nil && mon >= 1 && mon <= 12 {
					y := 0
					if k+4 < len(toks) && toks[k+3].low == "/" {
						if yy, err := strconv.Atoi(toks[k+4].low); err == nil {
							y = yy
							if y < 100 {
								y += 2000
							}
						}
					}
					if d, ok := resolveYMD(y, mon, n, ref, planned); ok {
						add(dateExpr{k, d, true})
					}
					continue
				}
			}
		}
		// "September 19", "September 19, 2019".
		if mon, ok := c.g.months[t.low]; ok && k+1 < len(toks) {
			if n, err := strconv.Atoi(toks[k+1].low); err == nil && n >= 1 && n <= 31 {
				y := 0
				j := k + 2
				if j < len(toks) && toks[j].low == "," {
					j++
				}
				if j < len(toks) {
					if yy, err := strconv.Atoi(toks[j].low); err == nil && yy > 1900 && yy < 2200 {
						y = yy
					}
				}
				if d, ok := resolveYMD(y, mon, n, ref, planned); ok {
					add(dateExpr{k, d, true})
				}
				continue
			}
		}
		if !relative || ref.IsZero() {
			continue
		}
		wd, ok := c.g.weekdays[t.low]
		if !ok {
			// "Minggu" (Sunday), not "minggu lalu" (last week).
			wd, ok = c.g.weekdaysCap[t.low]
			ok = ok && t.text != t.low && (k+1 >= len(toks) || !c.g.has("weekday_cap_not", toks[k+1].low))
		}
		if ok {
			add(dateExpr{k: k, t: weekday(ref, time.Weekday(wd), planned || c.nextAfter(toks, k))})
			continue
		}
		for _, w := range []int{3, 2, 1} {
			if k+w > len(toks) {
				continue
			}
			phrase := t.low
			for x := 1; x < w; x++ {
				phrase += " " + toks[k+x].low
			}
			if n, ok := c.g.relDays[phrase]; ok {
				add(dateExpr{k: k, t: ref.AddDate(0, 0, n)})
				break
			}
		}
	}
	return out
}

// nextAfter reports "pekan depan", "next" around a weekday at k.
func (c *coder) nextAfter(toks []token, k int) bool {
	for _, j := range []int{k - 1, k + 1, k + 2} {
		if j >= 0 && j < len(toks) && c.g.has("next", toks[j].low) {
			return true
		}
	}
	if k+2 < len(toks) && c.g.has("next", toks[k+1].low+" "+toks[k+2].low) {
		return true
	}
	return false
}

// ymd reads an optional year at token k after "day month".
func (c *coder) ymd(toks []token, k, mon, day int, ref time.Time, planned bool) (time.Time, bool) {
	y := 0
	if k < len(toks) {
		if yy, err := strconv.Atoi(toks[k].low); err == nil && yy > 1900 && yy < 2200 {
			y = yy
		}
	}
	return resolveYMD(y, mon, day, ref, planned)
}

// aheadDays is how far after publication a date without a year may fall
// and still be of the publication year when the event is not a plan: a
// deadline or a scheduled day told as fact ("keluar dari Uni Eropa pada 31
// Oktober" in September). A later one names a day of the year before.
const aheadDays = 61

// resolveYMD builds a date; a missing year is the publication year, or the
// year before when the date would otherwise fall well after publication
// (more than aheadDays) of an event that is not a plan.
func resolveYMD(y, mon, day int, ref time.Time, planned bool) (time.Time, bool) {
	if y == 0 {
		if ref.IsZero() {
			return time.Time{}, false
		}
		y = ref.Year()
		d := time.Date(y, time.Month(mon), day, 0, 0, 0, 0, time.UTC)
		if !planned && d.After(ref.AddDate(0, 0, aheadDays)) {
			d = d.AddDate(-1, 0, 0)
		}
		return d, d.Day() == day
	}
	d := time.Date(y, time.Month(mon), day, 0, 0, 0, 0, time.UTC)
	return d, d.Day() == day
}

// weekday resolves a weekday against the publication date: the last such
// day on or before it, or for a planned event the next one on or after it.
func weekday(ref time.Time, wd time.Weekday, next bool) time.Time {
	diff := int(ref.Weekday()) - int(wd)
	if next {
		d := (int(wd) - int(ref.Weekday()) + 7) % 7
		return ref.AddDate(0, 0, d)
	}
	if diff < 0 {
		diff += 7
	}
	return ref.AddDate(0, 0, -diff)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
