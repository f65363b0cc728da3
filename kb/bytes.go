package kb

import (
	"strings"
	"unicode/utf8"
)

// Byte-scanning helpers shared by the readers of codes, details and SMTP replies: they look at
// ASCII bytes only, so that a pasted text of any encoding is read in one pass without decoding.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isAlnum(c byte) bool { return isDigit(c) || isLetter(c) }

func identByte(c byte) bool { return c == '_' || isAlnum(c) }

// skip returns the first index from i whose byte is not in set.
func skip(s string, i int, set string) int {
	for i < len(s) && strings.IndexByte(set, s[i]) >= 0 {
		i++
	}
	return i
}

// digitRun returns the ASCII digits starting at i and the index after them.
func digitRun(s string, i int) (string, int) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return s[i:j], j
}

// lowerASCII lowers ASCII letters only, so byte offsets stay those of s.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
