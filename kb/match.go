package kb

import (
	"sort"
	"strings"
)

// Result is what a pasted text told us: the codes and details read, and the entries that
// explain it, best first.
type Result struct {
	Codes     []string
	Details   Details
	Matches   []Match
	Truncated int  // bytes beyond MaxInput that were not read
	Binary    bool // the input did not look like text
	Blank     bool // nothing but spaces
	// OtherProvider names the provider whose reply this is ("Google"), when nothing explains
	// the text, it has no tie to Microsoft and it names another mail or identity provider.
	OtherProvider string
}

// Match is one entry that explains the text, with how sure we are (0 to 1).
type Match struct {
	Entry *Entry
	Score float64
}

// Scores: a code and its wording agree; the code alone; the wording alone; a code that only
// shares its basic SMTP code with the entry; an entry that is only a generic fallback.
const (
	scoreCodeAndPhrase   = 0.97
	scorePrefixAndPhrase = 0.92
	scoreCode            = 0.9
	scorePhrase          = 0.85
	scorePrefix          = 0.6
	scoreFallback        = 0.5
)

// candidate is an entry being weighed for a text.
type candidate struct {
	entry  *Entry
	exact  []string // text codes the entry covers exactly
	prefix []string // text codes the entry covers by their basic SMTP code only
	phrase bool     // one of its phrases is in the text
	pos    int      // where the first evidence was seen
}

// Said tells who said a text: anyone (a paste, the server a test talked to), or Microsoft's
// sign-in endpoints (the sign-in's own answer), whose error values and codes are Microsoft's
// even alone.
type Said int

// Who said a text.
const (
	SaidByAnyone Said = iota
	SaidByMicrosoft
)

// Match reads a pasted text and returns the entries that explain it.
func (c *Catalog) Match(text string) Result { return c.MatchSaidBy(text, SaidByAnyone) }

// MatchSaidBy reads a text whose author is known and returns the entries that explain it.
func (c *Catalog) MatchSaidBy(text string, by Said) Result {
	p := c.index.prepare(text)
	r := Result{Truncated: p.truncated, Binary: p.binary, Blank: strings.TrimSpace(p.text) == ""}
	if r.Blank {
		return r
	}
	hits := dropBareBasics(c.index.readCodes(&p))
	for _, h := range hits {
		r.Codes = append(r.Codes, h.code)
	}
	r.Details = c.index.readDetails(&p)
	cands := map[*Entry]*candidate{}
	get := func(e *Entry, pos int) *candidate {
		k := cands[e]
		if k == nil {
			k = &candidate{entry: e, pos: pos}
			cands[e] = k
		}
		k.pos = min(k.pos, pos)
		return k
	}
	for _, h := range hits {
		exact, prefix := c.index.entriesFor(h.code)
		for _, e := range exact {
			k := get(e, h.pos)
			k.exact = append(k.exact, h.code)
		}
		for _, e := range prefix {
			k := get(e, h.pos)
			k.prefix = append(k.prefix, h.code)
		}
	}
	for n, pos := range c.index.phrases.first(string(appendSquashed(nil, p.text))) {
		for _, e := range c.index.phraseOwners[n] {
			if hasContext(p.lower, e.Context) {
				get(e, pos).phrase = true
			}
		}
	}
	if by != SaidByMicrosoft && !codeOnly(p.lower) {
		for e, k := range cands {
			if !k.phrase && onlyShared(k) && !tied(p.lower, e) {
				delete(cands, e) // another server's reply with the same code or value
			}
		}
	}
	r.Matches = rank(cands)
	if len(r.Matches) == 0 && !hasContext(p.lower, microsoftTies) {
		r.OtherProvider = otherProvider(p.lower)
	}
	return r
}

// entriesFor returns the entries covering a normalized code exactly, and those covering it by
// its basic SMTP code only ("SMTP 535" for "SMTP 535 5.7.3").
func (x *index) entriesFor(code string) (exact, prefix []*Entry) {
	exact = x.byCode[code]
	if f := strings.Fields(code); f[0] == "SMTP" {
		switch {
		case len(f) == 3:
			prefix = x.byCode["SMTP "+f[1]]
		case strings.Contains(f[1], "."):
			exact = x.byEnhanced[f[1]]
		}
	}
	return exact, prefix
}

// dropBareBasics removes "SMTP 535" when the text also holds a full "SMTP 535 x.y.z".
func dropBareBasics(hits []codeHit) []codeHit {
	full := map[string]bool{}
	for _, h := range hits {
		if f := strings.Fields(h.code); f[0] == "SMTP" && len(f) == 3 {
			full[f[1]] = true
		}
	}
	out := hits[:0]
	for _, h := range hits {
		if f := strings.Fields(h.code); f[0] == "SMTP" && len(f) == 2 && full[f[1]] {
			continue
		}
		out = append(out, h)
	}
	return out
}

// hasContext reports whether one of the context words starts a word of the text ("PRX" is
// found in "PRX4"; no context is needed when the list is empty).
func hasContext(lower string, context []string) bool {
	if len(context) == 0 {
		return true
	}
	for _, w := range context {
		w = strings.ToLower(w)
		for i := 0; ; {
			j := strings.Index(lower[i:], w)
			if j < 0 {
				break
			}
			if at := i + j; at == 0 || !identByte(lower[at-1]) {
				return true
			}
			i += j + 1
		}
	}
	return false
}

// rank keeps the candidates that qualify, applies the rules that let the wording decide, and
// sorts them best first.
func rank(cands map[*Entry]*candidate) []Match {
	decided := map[string]bool{} // text codes whose wording picked an entry
	exactly := map[string]bool{} // text codes some entry covers exactly
	for _, k := range cands {
		for _, code := range k.exact {
			if !k.entry.NeedsPhrase || k.phrase {
				exactly[code] = true
			}
			if k.phrase {
				decided[code] = true
			}
		}
	}
	var kept []*candidate
	anySpecific := false
	for _, k := range cands {
		if !qualifies(k, decided, exactly) {
			continue
		}
		kept = append(kept, k)
		anySpecific = anySpecific || !k.entry.Fallback
	}
	var out []Match
	for _, k := range kept {
		if k.entry.Fallback && anySpecific {
			continue
		}
		out = append(out, Match{Entry: k.entry, Score: score(k)})
	}
	pos := map[*Entry]int{}
	for _, k := range kept {
		pos[k.entry] = k.pos
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if pos[a.Entry] != pos[b.Entry] {
			return pos[a.Entry] < pos[b.Entry]
		}
		return a.Entry.ID < b.Entry.ID
	})
	return out
}

// qualifies applies the matching rules to one candidate.
func qualifies(k *candidate, decided, exactly map[string]bool) bool {
	e := k.entry
	if e.NeedsPhrase && !k.phrase {
		return false
	}
	if k.phrase {
		return true
	}
	if len(k.exact) > 0 {
		// The code alone: kept unless, for every code it covers, another entry's wording won.
		return !allIn(k.exact, decided)
	}
	// Only a shared basic SMTP code: kept unless every such code has a precise entry.
	return len(k.prefix) > 0 && !allIn(k.prefix, exactly)
}

func allIn(codes []string, set map[string]bool) bool {
	for _, c := range codes {
		if !set[c] {
			return false
		}
	}
	return true
}

func score(k *candidate) float64 {
	switch {
	case k.entry.Fallback:
		return scoreFallback
	case len(k.exact) > 0 && k.phrase:
		return scoreCodeAndPhrase
	case len(k.prefix) > 0 && k.phrase:
		return scorePrefixAndPhrase
	case len(k.exact) > 0:
		return scoreCode
	case k.phrase:
		return scorePhrase
	default:
		return scorePrefix
	}
}
