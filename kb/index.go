package kb

import (
	"sort"
	"strings"
)

// index is what matching needs from the catalog, computed once at load.
type index struct {
	byCode       map[string][]*Entry // normalized code -> entries covering it
	byEnhanced   map[string][]*Entry // "5.3.3" -> entries covering "SMTP <any> 5.3.3"
	basicFor     map[string]string   // enhanced code -> its basic code, when the catalog has only one
	aadsts       map[string]bool     // digits of every AADSTS code the catalog knows
	epson        map[string]bool     // "EPSON <n>" codes the catalog knows
	oauthWords   []string            // OAuth error values, lowercase
	literalCodes []string            // other vendor codes, found as written ("AF20012")
	phrases      *automaton          // squashed phrases
	phraseOwners [][]*Entry          // phrase number -> entries it identifies
	keywords     []string            // lowercase literals the readers look for
	keywordScan  *automaton          // finds them all in one pass
}

// deviceFlowErrors are OAuth error values a text may carry even when no entry names them
// (RFC 6749 section 5.2, RFC 8628 section 3.5, and Microsoft's invalid_tenant).
var deviceFlowErrors = []string{"authorization_pending", "authorization_declined", "bad_verification_code",
	"expired_token", "slow_down", "access_denied", "invalid_scope", "invalid_tenant"}

func buildIndex(entries []*Entry) *index {
	x := &index{byCode: map[string][]*Entry{}, byEnhanced: map[string][]*Entry{}, basicFor: map[string]string{},
		aadsts: map[string]bool{}, epson: map[string]bool{}}
	words := map[string]bool{}
	for _, w := range deviceFlowErrors {
		words[w] = true
	}
	basics := map[string]map[string]bool{}
	var patterns []string
	patternNum := map[string]int{}
	for _, e := range entries {
		for _, c := range e.Codes {
			x.byCode[c] = append(x.byCode[c], e)
			switch {
			case strings.HasPrefix(c, "AADSTS"):
				x.aadsts[c[len("AADSTS"):]] = true
			case strings.HasPrefix(c, "EPSON "):
				x.epson[c] = true
			case strings.HasPrefix(c, "oauth:"):
				words[c[len("oauth:"):]] = true
			case strings.HasPrefix(c, "SMTP "):
				if f := strings.Fields(c); len(f) == 3 {
					x.byEnhanced[f[2]] = append(x.byEnhanced[f[2]], e)
					if basics[f[2]] == nil {
						basics[f[2]] = map[string]bool{}
					}
					basics[f[2]][f[1]] = true
				}
			default:
				x.literalCodes = append(x.literalCodes, c)
			}
		}
		for _, ph := range e.Phrases {
			sq := Squash(ph)
			n, ok := patternNum[sq]
			if !ok {
				n = len(patterns)
				patternNum[sq] = n
				patterns = append(patterns, sq)
				x.phraseOwners = append(x.phraseOwners, nil)
			}
			x.phraseOwners[n] = append(x.phraseOwners[n], e)
		}
	}
	for enhanced, set := range basics {
		if len(set) == 1 {
			for b := range set {
				x.basicFor[enhanced] = b
			}
		}
	}
	for w := range words {
		x.oauthWords = append(x.oauthWords, w)
	}
	sort.Strings(x.oauthWords)
	sort.Strings(x.literalCodes)
	x.literalCodes = compactStrings(x.literalCodes)
	x.phrases = newAutomaton(patterns)
	x.keywords = readerKeywords(x)
	x.keywordScan = newAutomaton(x.keywords)
	return x
}

// readerKeywords lists every literal the code and detail readers look for.
func readerKeywords(x *index) []string {
	kw := []string{"aadsts", "error_codes"}
	kw = append(kw, x.oauthWords...)
	kw = append(kw, codeLabels...)
	kw = append(kw, serverSuffixes...)
	for _, r := range detailRules {
		kw = append(kw, r.labels...)
	}
	for _, c := range x.literalCodes {
		kw = append(kw, strings.ToLower(c))
	}
	sort.Strings(kw)
	return compactStrings(kw)
}

// newView lowers a text and finds the readers' keywords in it.
func (x *index) newView(text string) *view {
	v := &view{text: text, lower: lowerASCII(text), occ: map[string][]int{}}
	x.keywordScan.each(v.lower, func(k, start int) {
		w := x.keywords[k]
		v.occ[w] = append(v.occ[w], start)
	})
	return v
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
