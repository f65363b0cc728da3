// Package textsafe makes text from the network safe to show to a person. A printer's name, a
// server's reply, a token's claims may carry characters that a terminal obeys instead of
// showing: ESC and the other C0 controls start escape sequences that move the cursor, rewrite
// lines, change the window's title or colours; C1 controls (U+0080–U+009F) do the same on
// terminals that read them; bidirectional overrides and isolates (U+202A–U+202E,
// U+2066–U+2069, the "Trojan Source" characters, CVE-2021-42574) make text read in another
// order than it is stored. Printable shows each of them as a visible escape, so that the
// person sees what was sent and the terminal is not rewritten.
//
// The escapes are for reading, not for decoding: a backslash in the text is left as it is (a
// Windows path stays readable), so "\x1b" in the output may have been those four characters.
package textsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Unsafe tells whether r would act on a terminal rather than show: a C0 control other than
// line feed and tab, DEL, a C1 control, or a bidirectional override or isolate.
func Unsafe(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Printable returns s with every unsafe rune (see Unsafe) written as a visible escape — \x1b
// for a C0 control or DEL, \u009b for a C1 control, \u202e for a bidirectional character —
// and every byte that is not UTF-8 as \xNN. Text with none of them comes back unchanged.
func Printable(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && Unsafe(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// clean tells whether s is valid UTF-8 with no unsafe rune: most text, returned as it is.
func clean(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || Unsafe(r) {
			return false // a RuneError may be a real U+FFFD: Printable keeps those
		}
	}
	return true
}
