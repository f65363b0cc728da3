package textsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile are texts a server, a printer or a token could send, and what a person must see.
var hostile = []struct{ in, want string }{
	{"", ""},
	{"Epson WF-C5790 Series", "Epson WF-C5790 Series"},
	{"line one\n\tindented", "line one\n\tindented"},
	{"Réseau « bureau » 2ᵉ étage — 日本語", "Réseau « bureau » 2ᵉ étage — 日本語"},
	{`C:\Users\scan\rapport.html`, `C:\Users\scan\rapport.html`},
	{"\x1b[2J\x1b[H235 Authentication successful", `\x1b[2J\x1b[H235 Authentication successful`},
	{"\x1b]0;owned\x07title", `\x1b]0;owned\x07title`},
	{"535 5.7.3 failed\rok", `535 5.7.3 failed\x0dok`},
	{"bell\x07 nul\x00 del\x7f", `bell\x07 nul\x00 del\x7f`},
	{"c1 \u009b31m csi \u0085 nel", `c1 \u009b31m csi \u0085 nel`},
	{"admin\u202egnp.exe", `admin\u202egnp.exe`},
	{"\u2066isolate\u2069 \u202a\u202b\u202c\u202d", `\u2066isolate\u2069 \u202a\u202b\u202c\u202d`},
	{"bad \xff\xfe utf8 \xc3", `bad \xff\xfe utf8 \xc3`},
	{"real \ufffd kept", "real \ufffd kept"},
	{"\u200f rlm and \u2028 line separator kept", "\u200f rlm and \u2028 line separator kept"},
}

func TestPrintable(t *testing.T) {
	for _, tc := range hostile {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestUnsafeBounds: the ranges end where they should.
func TestUnsafeBounds(t *testing.T) {
	for r, want := range map[rune]bool{0x00: true, 0x08: true, '\t': false, '\n': false, 0x0b: true, 0x1f: true, ' ': false,
		'~': false, 0x7f: true, 0x80: true, 0x9f: true, 0xa0: false, 0x2029: false, 0x202a: true, 0x202e: true, 0x202f: false,
		0x2065: false, 0x2066: true, 0x2069: true, 0x206a: false} {
		if Unsafe(r) != want {
			t.Errorf("Unsafe(%U) = %v", r, !want)
		}
	}
}

// FuzzPrintable: whatever comes in, what goes out is valid UTF-8 with no unsafe rune; text
// that had none is unchanged; and the escaping is stable (escaping twice changes nothing).
func FuzzPrintable(f *testing.F) {
	for _, tc := range hostile {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Printable(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Printable(%q) = %q: not UTF-8", s, out)
		}
		for _, r := range out {
			if Unsafe(r) {
				t.Fatalf("Printable(%q) = %q: %U left", s, out, r)
			}
		}
		if Printable(out) != out {
			t.Fatalf("Printable(%q) is not stable", s)
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, Unsafe) && out != s {
			t.Fatalf("Printable(%q) = %q: safe text changed", s, out)
		}
		if len(out) < len(s) {
			t.Fatalf("Printable(%q) = %q: text lost", s, out)
		}
	})
}
