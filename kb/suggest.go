package kb

import (
	"math"
	"sort"
	"strings"
	"sync"
)

// When nothing explains a text, the nearest entries are offered as suggestions ("Peut-être :"),
// never as matches: an entry near by its code (the same enhanced SMTP code with another basic
// code, or the same basic code), or by its words (the text shares several words with the
// entry's wording and titles).

// Suggestion bounds.
const (
	maxSuggestions  = 3
	suggestReadSize = 4 << 10 // the words of a long paste are taken from its beginning
	minSharedWords  = 2
	minWordLen      = 4
	minExplained    = 0.5 // the share of the text's known words (by weight) an entry must have
)

// Suggestion scores: below any match's, so that they can never be mistaken for one.
const (
	scoreSameEnhanced = 0.45
	scoreSameBasic    = 0.3
	scoreWordsMax     = 0.4
)

// suggestWords are the words of each entry (phrases, titles and causes) and how rare each
// word is across entries, made once.
type suggestWords struct {
	once   sync.Once
	words  map[*Entry]map[string]bool
	weight map[string]float64 // log(entries / entries with the word)
}

// Suggest returns up to three entries near a text that matched nothing, nearest first.
func (c *Catalog) Suggest(text string, r Result) []Match {
	if len(r.Matches) > 0 || r.Blank {
		return nil
	}
	scores := map[*Entry]float64{}
	for _, code := range r.Codes {
		c.nearByCode(code, scores)
	}
	c.nearByWords(text, len(r.Codes), scores)
	var out []Match
	for e, s := range scores {
		out = append(out, Match{Entry: e, Score: s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Entry.ID < out[j].Entry.ID
	})
	return out[:min(len(out), maxSuggestions)]
}

// nearByCode scores the entries that share an SMTP code's enhanced part or its basic code.
func (c *Catalog) nearByCode(code string, scores map[*Entry]float64) {
	f := strings.Fields(code)
	if f[0] != "SMTP" || len(f) != 3 {
		return
	}
	for _, e := range c.index.byEnhanced[f[2]] {
		scores[e] = max(scores[e], scoreSameEnhanced)
	}
	for _, e := range c.index.byCode["SMTP "+f[1]] {
		scores[e] = max(scores[e], scoreSameBasic)
	}
	for _, e := range c.Entries {
		for _, ec := range e.Codes {
			if g := strings.Fields(ec); len(g) == 3 && g[0] == "SMTP" && g[1] == f[1] {
				scores[e] = max(scores[e], scoreSameBasic)
			}
		}
	}
}

// nearByWords scores the entries that explain most of a text's known words, rare words
// weighing more. Only a text about this product's world gets word suggestions: one with a
// code, or with a word of Microsoft's, a printer's or sending's.
func (c *Catalog) nearByWords(text string, codes int, scores map[*Entry]float64) {
	if len(text) > suggestReadSize {
		text = text[:suggestReadSize]
	}
	lower := lowerASCII(text)
	if codes == 0 && !hasContext(lower, domainWords) {
		return
	}
	words, weight := c.entryWords()
	mine, total := wordSet(text), 0.0
	for w := range mine {
		total += weight[w]
	}
	if total == 0 {
		return
	}
	for e, theirs := range words {
		shared, got := 0, 0.0
		for w := range mine {
			if theirs[w] {
				shared++
				got += weight[w]
			}
		}
		if shared >= minSharedWords && got/total >= minExplained {
			scores[e] = max(scores[e], scoreWordsMax*got/total)
		}
	}
}

// entryWords are the distinctive words of every entry and their weights, made on first use.
func (c *Catalog) entryWords() (map[*Entry]map[string]bool, map[string]float64) {
	sw := &c.suggest
	sw.once.Do(func() {
		sw.words, sw.weight = map[*Entry]map[string]bool{}, map[string]float64{}
		for _, e := range c.Entries {
			sw.words[e] = wordSet(strings.Join([]string{strings.Join(e.Phrases, " "), e.EN.Title, e.FR.Title, e.EN.Cause, e.FR.Cause}, " "))
			for w := range sw.words[e] {
				sw.weight[w]++
			}
		}
		for w, n := range sw.weight {
			sw.weight[w] = math.Log(float64(len(c.Entries)) / n)
		}
	})
	return sw.words, sw.weight
}

// domainWords place a text in this product's world, for word suggestions.
var domainWords = append(append([]string{"smtp", "oauth", "token", "jeton", "tenant", "locataire", "consent", "scan",
	"aadsts", "authentication", "authentification", "mailbox", "bo\u00eete", "e-mail", "email", "courriel", "sign-in",
	"connexion", "application", "client", "account", "compte", "directory", "annuaire", "password", "printer"}, microsoftTies...), printerTies["printers"]...)

// wordSet is the set of a text's words of minWordLen letters or more, squashed, less the
// words every error text uses.
func wordSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) }) {
		if sq := Squash(w); len(sq) >= minWordLen && !commonWords[sq] {
			set[sq] = true
		}
	}
	return set
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 0x7f
}

// commonWords say nothing about which error it is.
var commonWords = map[string]bool{
	"error": true, "erreur": true, "code": true, "failed": true, "echec": true, "echoue": true, "with": true,
	"avec": true, "pour": true, "from": true, "this": true, "that": true, "dans": true, "your": true, "votre": true,
	"vous": true, "the": true, "cette": true, "est": true, "does": true, "have": true, "please": true, "more": true,
	"information": true, "informations": true, "message": true, "server": true, "serveur": true, "request": true,
}
