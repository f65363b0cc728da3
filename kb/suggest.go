package kb

import (
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
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

// suggestWords is the suggestions' index, made once: which entries have each word (of their
// phrases, titles and causes), how rare each word is, and which entries have each basic SMTP
// code.
type suggestWords struct {
	once    sync.Once
	owners  map[string][]*Entry // word -> the entries whose wording has it
	weight  map[string]float64  // log(entries / entries with the word)
	byBasic map[string][]*Entry // basic SMTP code -> entries with an SMTP code of that basic code
}

// Suggest returns up to three entries near a text that matched nothing, nearest first.
func (c *Catalog) Suggest(text string, r Result) []Match {
	if len(r.Matches) > 0 || r.Blank || r.OtherProvider != "" {
		return nil // another provider's reply: nothing here is near it
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
	for _, e := range c.suggestIndex().byBasic[f[1]] {
		scores[e] = max(scores[e], scoreSameBasic)
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
	x := c.suggestIndex()
	type near struct {
		shared int
		got    float64
	}
	nears, total := map[*Entry]*near{}, 0.0
	for w := range wordSet(text) {
		total += x.weight[w]
		for _, e := range x.owners[w] {
			n := nears[e]
			if n == nil {
				n = &near{}
				nears[e] = n
			}
			n.shared++
			n.got += x.weight[w]
		}
	}
	for e, n := range nears {
		if n.shared >= minSharedWords && n.got/total >= minExplained {
			scores[e] = max(scores[e], scoreWordsMax*n.got/total)
		}
	}
}

// suggestIndex is made on first use: which entries have each word and how rare it is, and
// which entries have each basic SMTP code.
func (c *Catalog) suggestIndex() *suggestWords {
	x := &c.suggest
	x.once.Do(func() {
		x.owners, x.weight, x.byBasic = map[string][]*Entry{}, map[string]float64{}, map[string][]*Entry{}
		for _, e := range c.Entries {
			for w := range wordSet(strings.Join([]string{strings.Join(e.Phrases, " "), e.EN.Title, e.FR.Title, e.EN.Cause, e.FR.Cause}, " ")) {
				x.owners[w] = append(x.owners[w], e)
			}
			basics := map[string]bool{}
			for _, code := range e.Codes {
				if f := strings.Fields(code); f[0] == "SMTP" && !basics[f[1]] {
					basics[f[1]] = true
					x.byBasic[f[1]] = append(x.byBasic[f[1]], e)
				}
			}
		}
		for w, owners := range x.owners {
			x.weight[w] = math.Log(float64(len(c.Entries)) / float64(len(owners)))
		}
	})
	return x
}

// domainWords place a text in this product's world, for word suggestions.
var domainWords = append(append([]string{"smtp", "oauth", "token", "jeton", "tenant", "locataire", "consent", "scan",
	"aadsts", "authentication", "authentification", "mailbox", "bo\u00eete", "e-mail", "email", "courriel", "sign-in",
	"connexion", "application", "client", "account", "compte", "directory", "annuaire", "password", "printer"}, microsoftTies...), printerTies["printers"]...)

// wordSet is the set of a text's words of minWordLen letters or more, squashed, less the
// words every error text uses.
func wordSet(text string) map[string]bool {
	set := map[string]bool{}
	var buf []byte
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) {
				break
			}
			j += size
		}
		buf = appendSquashed(buf[:0], text[i:j])
		if len(buf) >= minWordLen && !set[string(buf)] && !commonWords[string(buf)] {
			set[string(buf)] = true
		}
		i = j
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
