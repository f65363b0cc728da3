package kb

import (
	"html"
	"strings"
	"unicode/utf8"
)

// MaxInput is the largest paste that is read; anything beyond is counted and reported, not read.
const MaxInput = 1 << 20

// prepared is a paste made ready for reading, in the forms the readers need.
type prepared struct {
	view             // the cleaned text: valid UTF-8, escapes and entities decoded, quotes straightened
	joined    string // text with every line break (and the indentation after it) removed
	truncated int    // bytes beyond MaxInput that were not read
	binary    bool   // the input did not look like text
}

// view is a text with its lowered form and where each keyword of the index starts in it.
type view struct {
	text  string
	lower string           // text with ASCII letters lowered; same byte offsets as text
	occ   map[string][]int // keyword -> start offsets, in order
}

// at returns where a keyword starts in the text.
func (v *view) at(keyword string) []int { return v.occ[keyword] }

// wordsAt returns where a keyword stands as a whole word (not inside a longer identifier).
func (v *view) wordsAt(word string) []int {
	var out []int
	for _, at := range v.occ[word] {
		end := at + len(word)
		if (at == 0 || !identByte(v.lower[at-1])) && (end == len(v.lower) || !identByte(v.lower[end])) {
			out = append(out, at)
		}
	}
	return out
}

// prepare bounds and cleans a paste, and finds the index's keywords in it. People paste JSON
// bodies (escaped once or twice), HTML pages, Python and PHP dumps, and console output wrapped
// at the terminal width.
func (x *index) prepare(raw string) prepared {
	var p prepared
	if len(raw) > MaxInput {
		cut := MaxInput
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		p.truncated = len(raw) - cut
		raw = raw[:cut]
	}
	s, bad := sanitize(raw)
	p.binary = len(raw) > 0 && bad*10 > len(raw)
	for i := 0; i < 2 && strings.IndexByte(s, '&') >= 0; i++ {
		s = html.UnescapeString(s)
	}
	for i := 0; i < 3 && strings.IndexByte(s, '\\') >= 0; i++ {
		s = unescape(s)
	}
	if hasNonASCII(s) {
		s = quotes.Replace(s)
	}
	p.view = *x.newView(s)
	p.joined = joinLines(s)
	return p
}

// Sanitize returns s with invalid UTF-8 and control characters (other than line breaks and
// tabs) replaced by spaces: safe to display. The window cleans pastes with it.
func Sanitize(s string) string {
	clean, _ := sanitize(s)
	return clean
}

// sanitize replaces invalid UTF-8 and control characters (other than line breaks and tabs)
// with spaces, and counts them. Clean text is returned as it is, without a copy.
func sanitize(s string) (string, int) {
	var b []byte
	bad, done := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t' {
			i++
			continue
		}
		size := 1
		if c >= utf8.RuneSelf {
			var r rune
			if r, size = utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size > 1 {
				i += size
				continue
			}
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(append(b, s[done:i]...), ' ')
		bad += size
		i += size
		done = i
	}
	if b == nil {
		return s, 0
	}
	return string(append(b, s[done:]...)), bad
}

// unescape decodes one level of backslash escapes as JSON, Python and PHP print them:
// \n \r \t \" \' \\ \/ and \uXXXX. Unknown escapes are kept.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		switch n := s[i+1]; n {
		case 'n', 'r':
			b.WriteByte('\n')
			i++
		case 't':
			b.WriteByte(' ')
			i++
		case '"', '\'', '\\', '/':
			b.WriteByte(n)
			i++
		case 'u':
			if r, ok := hex4(s[i+2:]); ok {
				b.WriteRune(r)
				i += 5
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[:4]) {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// quotes straightens typographic quotes and turns non-breaking spaces into spaces.
var quotes = strings.NewReplacer(
	"‘", "'", "’", "'", "‚", "'", "‛", "'", "′", "'",
	"“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`,
	"\u00a0", " ", "\u202f", " ", "\u2009", " ",
)

// joinLines removes each line break and the indentation that follows it, rejoining words and
// identifiers that a terminal cut at its width.
func joinLines(s string) string {
	if strings.IndexByte(s, '\n') < 0 && strings.IndexByte(s, '\r') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], "\r\n")
		if j < 0 {
			b = append(b, s[i:]...)
			break
		}
		b = append(b, s[i:i+j]...)
		i += j
		for i < len(s) && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	return string(b)
}
