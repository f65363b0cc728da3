package listen

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// readable is whether a value is fit to reach a person's terminal: valid UTF-8, at most
// maxValue runes, no control character (C0, DEL, C1: escape sequences), no bidi control.
func readable(s string) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxValue {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return false
		}
	}
	return true
}

// boundedCases are values a printer may send, and what the session keeps of them.
var boundedCases = map[string]string{
	"EPSON1A2B3C":                   "EPSON1A2B3C",
	"\x1b[31mRED\x1b[0m":            "\uFFFD[31mRED\uFFFD[0m",
	"\x1b]0;owned\x07":              "\uFFFD]0;owned\uFFFD",
	"csi\u009b31m":                  "csi\uFFFD31m",
	"scan\u202Erf.osotnoc@":         "scan\uFFFDrf.osotnoc@",
	"a\u2066b\u2069c\u200Fd":        "a\uFFFDb\uFFFDc\uFFFDd",
	"bad\xffutf8\xc3":               "bad\uFFFDutf8\uFFFD",
	"tab\tnl\ncr\rdel\x7f":          "tab\uFFFDnl\uFFFDcr\uFFFDdel\uFFFD",
	"Réception 2ᵉ étage":            "Réception 2ᵉ étage",
	strings.Repeat("é", maxValue):   strings.Repeat("é", maxValue),
	strings.Repeat("é", maxValue+1): strings.Repeat("é", maxValue-1) + "…",
	strings.Repeat("A", 100000):     strings.Repeat("A", maxValue-1) + "…",
}

func TestBounded(t *testing.T) {
	for in, want := range boundedCases {
		if got := bounded(in); got != want || !readable(got) {
			t.Errorf("bounded(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestListenKeepsNoEscapeSequence: what a printer names itself, its sender, its user name and
// its token's claims reach the session readable, whatever bytes it sent.
func TestListenKeepsNoEscapeSequence(t *testing.T) {
	addr, sessions := listener(t, Config{})
	hostile := "\x1b[2J\x1b]0;owned\x07\u009b31m\u202Eevil\u2066\xff" + strings.Repeat("é", 300)
	token := jwt(map[string]any{"aud": "https://outlook.office.com\x1b[8m", "scp": "SMTP.Send\u202E", "tid": "\u009b" + strings.Repeat("t", 400),
		"upn": "scan@contoso.fr\x1b[0m", "app_displayname": hostile, "exp": time.Now().Add(time.Hour).Unix()})
	w := dial(t, addr)
	w.cmd("EHLO EPSON\x1b[31mRED\u202E\u009b")
	w.cmd("AUTH XOAUTH2 " + base64.StdEncoding.EncodeToString([]byte("user="+hostile+"\x01auth=Bearer "+token+"\x01\x01")))
	w.cmd("MAIL FROM:<\"scan\x1b[0m\u202E\"@contoso.fr>")
	w.cmd("RCPT TO:<\"d\u009b\"@contoso.fr>")
	w.cmd("QUIT")
	s := sessions()[0]
	if s.Token == nil || !strings.HasPrefix(s.EHLO, "EPSON") {
		t.Fatalf("%+v", s)
	}
	values := append([]string{s.EHLO, s.User, s.From, s.Token.Audience, s.Token.Scope, s.Token.TenantID, s.Token.Account, s.Token.App}, s.Rcpt...)
	for _, v := range values {
		if !readable(v) {
			t.Errorf("%q reached the session", v)
		}
	}
}
