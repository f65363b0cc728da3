package kb

import "unicode/utf8"

// squash reduces text to its lowercase ASCII letters and digits, accents folded, so that a
// phrase matches whatever the spacing, punctuation, quoting, escaping or line wraps around it.
func squash(s string) string { return string(appendSquashed(nil, s)) }

// appendSquashed appends the squashed form of s to dst.
func appendSquashed(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				dst = append(dst, c)
			case 'A' <= c && c <= 'Z':
				dst = append(dst, c+'a'-'A')
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
