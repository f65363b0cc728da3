package kb

import "strings"

// readSMTP finds SMTP replies by their enhanced status code (RFC 3463: class.subject.detail,
// class 2, 4 or 5) and the basic reply code (RFC 5321) written before it, in the shapes
// clients print them: "535 5.7.139 ...", "535-5.7.139", "(535, b'5.7.139 ...", "535: 5.7.3",
// "permanent error (535): 5.7.3". An enhanced code alone ("5.7.3 Authentication
// unsuccessful", or "5.7.139" asked alone) takes the basic code the catalog pairs it with,
// when there is only one.
func (x *index) readSMTP(p *prepared, s *codeSet) {
	t := p.lower
	asked := codeOnly(t) // "5.7.139" alone: someone asking what the code means
	for i := 0; ; {
		j := strings.IndexByte(t[i:], '.')
		if j < 0 {
			return
		}
		dot := i + j
		i = dot + 1
		start := dot - 1
		if start < 0 || (t[start] != '2' && t[start] != '4' && t[start] != '5') {
			continue
		}
		if start > 0 && (isDigit(t[start-1]) || t[start-1] == '.' || isLetter(t[start-1])) {
			continue
		}
		subject, k := digitRun(t, dot+1)
		if len(subject) == 0 || len(subject) > 3 || k >= len(t) || t[k] != '.' {
			continue
		}
		detail, end := digitRun(t, k+1)
		if len(detail) == 0 || len(detail) > 3 || continuesNumber(t, end) || (end < len(t) && t[end] == '.') {
			continue
		}
		enhanced := t[start:end]
		i = end
		if basic := basicBefore(t, start); basic != "" && basic[0] == enhanced[0] {
			s.add("SMTP "+basic+" "+enhanced, start)
			continue
		}
		if enhanced[0] == '2' || !(asked || followedByWords(t, end)) || precededByNumber(t, start) || precededByReference(t, start) {
			continue // a bare 2.x.x, or numbers not read as a reply: a version, "RFC 7231 5.1.1"
		}
		if basic := x.basicFor[enhanced]; basic != "" {
			s.add("SMTP "+basic+" "+enhanced, start)
		} else {
			s.add("SMTP "+enhanced, start)
		}
	}
}

// basicBefore returns the three-digit reply code written just before position i, across the
// separators clients put between the two codes, or "".
func basicBefore(t string, i int) string {
	j := i
	for n := 0; j > 0 && n < 12; n++ {
		c := t[j-1]
		if strings.IndexByte(" \t\r\n-:,()[]'\"=", c) >= 0 {
			j--
			continue
		}
		if c == 'b' && j < i && (t[j] == '\'' || t[j] == '"') { // Python bytes: b'5.7.139'
			j--
			continue
		}
		break
	}
	if j < 3 || !isDigit(t[j-1]) || !isDigit(t[j-2]) || !isDigit(t[j-3]) {
		return ""
	}
	if j > 3 && (isDigit(t[j-4]) || t[j-4] == '.') {
		return ""
	}
	code := t[j-3 : j]
	if !smtpReplyCodes[code] {
		return ""
	}
	return code
}

// precededByNumber reports whether a number stands just before i (spaces between).
func precededByNumber(t string, i int) bool {
	for i > 0 && (t[i-1] == ' ' || t[i-1] == '\t') {
		i--
	}
	return i > 0 && isDigit(t[i-1])
}

// referenceWords, before a bare x.y.z, make it a section or a version, not a reply.
var referenceWords = []string{"section", "sections", "chapter", "chapitre", "version", "step", "étape", "rfc", "#section-"}

// precededByReference reports whether one of referenceWords ends just before i.
func precededByReference(t string, i int) bool {
	for i > 0 && (t[i-1] == ' ' || t[i-1] == '\t' || t[i-1] == '§') {
		i--
	}
	for _, w := range referenceWords {
		if strings.HasSuffix(t[:i], w) {
			return true
		}
	}
	return false
}

// followedByWords reports whether reply text (a letter after a space or a colon) follows i.
func followedByWords(t string, i int) bool {
	j := skip(t, i, " :\t")
	return j > i && j < len(t) && isLetter(t[j])
}
