package event

import "strings"

// Morphological classes of a word analysis. They decide how a cue's actors
// are found (frame.go): an active verb has its source on the left, a passive
// one its target, and a nominalised event ("kunjungan Putin ke Astana") its
// source right after it.
const (
	formBare    = iota // no affix, or an affix that leaves the voice open
	formActive         // meN-, ber-, English -s/-ed/-ing
	formPassive        // di-, ter-
	formNoun           // peN-/per-/ke- ... -an, -an
)

// analysis is one way to read a word: its stem and the form its affixes
// give it.
type analysis struct {
	stem string
	form int
}

// stemID returns the candidate analyses of an Indonesian word, most
// literal first. It is a small Sastrawi-style affix stripper without a root
// dictionary: it lists every plausible decomposition (particles -lah/-kah/
// -pun, possessives -ku/-mu/-nya, suffixes -kan/-an/-i, prefixes meN-, di-,
// ber-, ter-, peN-, per-, ke- with nasal assimilation undone) and lets the
// caller keep the one its lexicon knows. menandatangani, ditandatangani and
// penandatanganan all yield "tandatangan"; mengunjungi and kunjungan yield
// "kunjung".
func stemID(word string) []analysis {
	w := strings.ToLower(word)
	out := make([]analysis, 1, 16)
	out[0] = analysis{w, formBare}
	add := func(stem string, form int) {
		if len(stem) < 3 || hasStem(out, stem) {
			return
		}
		out = append(out, analysis{stem, form})
	}
	// Particles and possessives.
	var bb [4]string
	bases := append(bb[:0], w)
	for _, p := range []string{"lah", "kah", "tah", "pun", "nya", "ku", "mu"} {
		if strings.HasSuffix(w, p) && len(w)-len(p) >= 4 {
			b := w[:len(w)-len(p)]
			bases = append(bases, b)
			if strings.HasSuffix(b, "nya") && len(b) > 6 { // "-nyalah"
				bases = append(bases, b[:len(b)-3])
			}
		}
	}
	for _, b := range bases {
		add(b, formBare)
		// Suffixes: none, -kan, -an, -i.
		type cut struct {
			rest string
			an   bool
		}
		var cb [4]cut
		cuts := append(cb[:0], cut{b, false})
		for _, s := range []string{"kan", "an", "i"} {
			if strings.HasSuffix(b, s) && len(b)-len(s) >= 3 {
				cuts = append(cuts, cut{b[:len(b)-len(s)], s == "an"})
			}
		}
		var ub [12]analysis
		for _, c := range cuts {
			if c.rest != b {
				form := formBare
				if c.an {
					form = formNoun
				}
				add(c.rest, form)
			}
			for _, p := range unprefix(ub[:0], c.rest) {
				form := p.form
				if c.an && (form == formBare || form == formNoun) {
					form = formNoun
				}
				add(p.stem, form)
			}
		}
	}
	return out
}

// hasStem reports whether as already holds stem.
func hasStem(as []analysis, stem string) bool {
	for _, a := range as {
		if a.stem == stem {
			return true
		}
	}
	return false
}

// unprefix strips the derivational prefixes of w, undoing the nasal
// assimilation of meN- and peN-. It appends every candidate to out.
func unprefix(out []analysis, w string) []analysis {
	add := func(s string, f int) {
		if len(s) >= 3 {
			out = append(out, analysis{s, f})
		}
	}
	nasal := func(rest string, f int) {
		// rest follows "me"/"pe" (and their nasal).
		switch {
		case strings.HasPrefix(rest, "nge") && len(rest) <= 7: // mengebom -> bom
			add(rest[3:], f)
		}
		switch {
		case strings.HasPrefix(rest, "ng"):
			r := rest[2:]
			if r != "" && isVowel(r[0]) {
				add(r, f)     // mengikuti -> ikut
				add("k"+r, f) // mengunjungi -> kunjung
			} else {
				add(r, f) // menggelar -> gelar, menghina -> hina
			}
		case strings.HasPrefix(rest, "ny"):
			r := rest[2:]
			if r != "" && isVowel(r[0]) {
				add("s"+r, f) // menyerang -> serang
				add("ny"+r, f)
			}
		case strings.HasPrefix(rest, "n"):
			r := rest[1:]
			if r != "" && isVowel(r[0]) {
				add("t"+r, f) // menolak -> tolak
				add("n"+r, f) // menilai -> nilai
			} else {
				add(r, f) // mendukung -> dukung, mencabut -> cabut
			}
		case strings.HasPrefix(rest, "m"):
			r := rest[1:]
			if r != "" && isVowel(r[0]) {
				add("p"+r, f) // memukul -> pukul
				add("m"+r, f) // memakan -> makan
			} else {
				add(r, f) // membantu -> bantu
				if strings.HasPrefix(r, "per") {
					add(r[3:], f) // memperluas -> luas
				}
			}
		default:
			add(rest, f) // melarang -> larang, merilis -> rilis
		}
	}
	switch {
	case strings.HasPrefix(w, "me"):
		nasal(w[2:], formActive)
	case strings.HasPrefix(w, "pe") && !strings.HasPrefix(w, "per"):
		nasal(w[2:], formNoun)
	case strings.HasPrefix(w, "per"):
		add(w[3:], formNoun) // pertemuan -> temu(an)
		nasal(w[2:], formNoun)
	}
	switch {
	case strings.HasPrefix(w, "diper"):
		add(w[5:], formPassive)
		add(w[2:], formPassive)
	case strings.HasPrefix(w, "di"):
		add(w[2:], formPassive)
	case strings.HasPrefix(w, "ter"):
		add(w[3:], formPassive)
	case strings.HasPrefix(w, "ber"):
		add(w[3:], formActive)
		if strings.HasPrefix(w, "berke") {
			add(w[5:], formActive)
		}
	case strings.HasPrefix(w, "bel"):
		add(w[3:], formActive) // belajar -> ajar
	case strings.HasPrefix(w, "be") && len(w) > 3 && w[2] == 'k':
		add(w[2:], formActive) // bekerja -> kerja
	case strings.HasPrefix(w, "keber"):
		add(w[5:], formNoun)
	case strings.HasPrefix(w, "ke"):
		add(w[2:], formNoun) // kesepakatan -> sepakat(an)
	case strings.HasPrefix(w, "se"):
		add(w[2:], formBare)
	}
	return out
}

func isVowel(b byte) bool {
	switch b {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// stemEN returns the candidate analyses of an English word: the word, its
// irregular lemma, and the word with -s, -es, -ies, -ed, -ied, -ing
// removed (a final e restored, a doubled consonant undone).
func stemEN(word string, irregular map[string]string) []analysis {
	w := strings.ToLower(word)
	out := []analysis{{w, formBare}}
	seen := map[string]bool{w: true}
	add := func(s string, f int) {
		if len(s) < 2 || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, analysis{s, f})
	}
	if l, ok := irregular[w]; ok {
		add(l, formActive)
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		add(w[:len(w)-3]+"y", formActive)
	case strings.HasSuffix(w, "es") && len(w) > 3:
		add(w[:len(w)-2], formActive)
		add(w[:len(w)-1], formActive)
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		add(w[:len(w)-1], formActive)
	}
	for _, suf := range []string{"ied", "ed", "ing"} {
		if !strings.HasSuffix(w, suf) || len(w)-len(suf) < 2 {
			continue
		}
		r := w[:len(w)-len(suf)]
		if suf == "ied" {
			add(r+"y", formActive)
			continue
		}
		add(r, formActive)
		add(r+"e", formActive)
		if n := len(r); n >= 3 && r[n-1] == r[n-2] && !isVowel(r[n-1]) {
			add(r[:n-1], formActive) // stopped -> stop
		}
	}
	return out
}
