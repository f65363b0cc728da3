package kb

import (
	"sort"
	"strings"
)

// codeHit is a normalized code and where it was first seen.
type codeHit struct {
	code string
	pos  int
}

// codeSet collects normalized codes in order of first appearance.
type codeSet struct {
	hits []codeHit
	seen map[string]bool
}

func (s *codeSet) add(code string, pos int) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if s.seen[code] {
		return
	}
	s.seen[code] = true
	s.hits = append(s.hits, codeHit{code, pos})
}

func (s *codeSet) sorted() []codeHit {
	sort.SliceStable(s.hits, func(i, j int) bool { return s.hits[i].pos < s.hits[j].pos })
	return s.hits
}

// readCodes finds every code in a prepared paste: AADSTS codes, Entra codes given as bare
// numbers where the context says so, SMTP replies, OAuth error values, Epson job codes and the
// other vendor codes the catalog knows.
func (x *index) readCodes(p *prepared) []codeHit {
	var s codeSet
	x.readAADSTS(p, &s)
	x.readBareEntra(p, &s)
	x.readOAuth(p, &s)
	x.readSMTP(p, &s)
	x.readLabelled(p, &s)
	for _, c := range x.literalCodes {
		if at := p.at(strings.ToLower(c)); len(at) > 0 {
			s.add(c, at[0])
		}
	}
	return s.sorted()
}

// readAADSTS finds "AADSTS<digits>" in any case. A code cut by a line wrap
// ("AADSTS700\n016") is rejoined when the joined number is a code the catalog knows.
func (x *index) readAADSTS(p *prepared, s *codeSet) {
	for _, at := range p.at("aadsts") {
		k := at + len("aadsts")
		if k < len(p.lower) && (p.lower[k] == ' ' || p.lower[k] == ':') {
			k++
		}
		digits, end := digitRun(p.lower, k)
		if more, ok := wrappedDigits(p.lower, end); ok && !x.aadsts[digits] && x.aadsts[digits+more] {
			digits += more
		}
		if len(digits) >= 4 && len(digits) <= 8 {
			s.add("AADSTS"+digits, at)
		}
	}
}

// readBareEntra finds Entra codes written without their prefix: the "error_codes" array of a
// token endpoint answer, and a number right after an OAuth error value
// ("invalid_client: 7000218", "Invalid_client (7000218: ...").
func (x *index) readBareEntra(p *prepared, s *codeSet) {
	for _, at := range p.at("error_codes") {
		k := skip(p.lower, at+len("error_codes"), `"': =[`)
		for {
			digits, end := digitRun(p.lower, k)
			if len(digits) < 4 || len(digits) > 8 {
				break
			}
			s.add("AADSTS"+digits, k)
			k = skip(p.lower, end, ", ")
		}
	}
	for _, word := range x.oauthWords {
		for _, at := range p.wordsAt(word) {
			k := skip(p.lower, at+len(word), ` :("'=`)
			if digits, _ := digitRun(p.lower, k); len(digits) >= 4 && len(digits) <= 8 {
				s.add("AADSTS"+digits, k)
			}
		}
	}
}

// readOAuth finds OAuth 2.0 error values ("invalid_grant") as whole words, in any case.
func (x *index) readOAuth(p *prepared, s *codeSet) {
	for _, word := range x.oauthWords {
		for _, at := range p.wordsAt(word) {
			s.add("oauth:"+word, at)
		}
	}
}

// readLabelled finds codes that only mean something after a label: "error code 535" on a
// printer panel (SMTP), and Epson job codes ("code d'erreur 360").
func (x *index) readLabelled(p *prepared, s *codeSet) {
	for _, label := range codeLabels {
		for _, at := range p.at(label) {
			k := skip(p.lower, at+len(label), ` :#=("'`)
			digits, end := digitRun(p.lower, k)
			if len(digits) != 3 || continuesNumber(p.lower, end) {
				continue
			}
			if x.epson["EPSON "+digits] {
				s.add("EPSON "+digits, k)
			} else if label != "epson" && smtpReplyCodes[digits] {
				s.add("SMTP "+digits, k)
			}
		}
	}
}

// codeLabels are the words after which a three-digit number is a printer or SMTP error code.
var codeLabels = []string{"error code", "errorcode", "code d'erreur", "code erreur", "smtp error", "erreur smtp", "smtp", "epson"}

// smtpReplyCodes are the SMTP error reply codes (RFC 5321 section 4.2.3 and common extensions)
// that a bare three-digit number may stand for.
var smtpReplyCodes = map[string]bool{
	"421": true, "432": true, "450": true, "451": true, "452": true, "454": true, "455": true,
	"500": true, "501": true, "502": true, "503": true, "504": true, "530": true, "534": true,
	"535": true, "538": true, "550": true, "551": true, "552": true, "553": true, "554": true, "555": true,
}

// wrappedDigits returns the digits that continue a number on the next line, if a line break
// (and indentation) directly follows position i.
func wrappedDigits(s string, i int) (string, bool) {
	j := i
	if j >= len(s) || (s[j] != '\n' && s[j] != '\r') {
		return "", false
	}
	for j < len(s) && strings.IndexByte("\r\n \t", s[j]) >= 0 {
		j++
	}
	d, _ := digitRun(s, j)
	return d, d != ""
}

// continuesNumber reports whether the number that ended at i goes on (a decimal point and a
// digit, or a letter): then it was a version or an identifier, not a code.
func continuesNumber(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	if c == '.' && i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '9' {
		return true
	}
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

// Shown is how codes read to people: the knowledge base's own check codes (check:dns, …) are
// left out, and an OAuth value reads as OAuth writes it (invalid_client, not oauth:invalid_client).
// The command line's JSON keeps the codes as they are.
func Shown(codes []string) []string {
	var out []string
	for _, c := range codes {
		switch {
		case strings.HasPrefix(c, "check:"):
		case strings.HasPrefix(c, "oauth:"):
			out = append(out, strings.TrimPrefix(c, "oauth:"))
		default:
			out = append(out, c)
		}
	}
	return out
}
