package kb

import "unicode/utf8"

// Squash reduces text to its lowercase ASCII letters and digits, accents folded, so that a
// phrase matches whatever the spacing, punctuation, quoting, escaping or line wraps around it.
// The window's search field uses it too.
func Squash(s string) string { return string(appendSquashed(nil, s)) }

// appendSquashed appends the squashed form of s to dst.
func appendSquashed(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if k := keep[c]; k != 0 {
				dst = append(dst, k)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		dst = append(dst, accents[r]...)
	}
	return dst
}

// keep maps each ASCII byte to what a squashed text keeps of it: lowercase letters and
// digits; 0 drops it.
var keep = func() (t [utf8.RuneSelf]byte) {
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	for c := byte('a'); c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = c, c
	}
	return t
}()

// accents maps the Latin letters with diacritics met in French and English texts to ASCII;
// any other non-ASCII character is dropped.
var accents = func() map[rune]string {
	m := map[rune]string{'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss"}
	for base, list := range map[string]string{
		"a": "àáâãäåÀÁÂÃÄÅ", "c": "çÇ", "e": "èéêëÈÉÊË", "i": "ìíîïÌÍÎÏ", "n": "ñÑ",
		"o": "òóôõöøÒÓÔÕÖØ", "u": "ùúûüÙÚÛÜ", "y": "ýÿÝ",
	} {
		for _, r := range list {
			m[r] = base
		}
	}
	return m
}()
