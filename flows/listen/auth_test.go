package listen

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestListenRealSizedTokens: an Entra access token is 1.5 to 3 KB; on the AUTH line (RFC 4954
// allows 12,288 octets there) its claims are read, whatever its size up to that limit.
func TestListenRealSizedTokens(t *testing.T) {
	exp := time.Now().Add(time.Hour).Truncate(time.Second).UTC()
	longest := (maxAuthLine-len("AUTH XOAUTH2 "))/4*3 - len(xoauth2Response("scan@contoso.fr", "")) // base64: 3 bytes in 4 octets
	for _, size := range []int{1536, 3072, longest} {
		token := entraToken(size, "scan@contoso.fr", exp)
		line := "AUTH XOAUTH2 " + xoauth2IR("scan@contoso.fr", token)
		t.Run(fmt.Sprintf("%d-byte token, %d-octet line", len(token), len(line)), func(t *testing.T) {
			addr, sessions := listener(t, Config{})
			w := dial(t, addr)
			w.starttls()
			w.cmd("EHLO EPSON1A2B3C")
			if r := w.cmd(line); !strings.HasPrefix(r, "235 ") {
				t.Fatalf("AUTH got %q", r)
			}
			w.cmd("QUIT")
			s := sessions()[0]
			if tok := s.Token; s.Auth != "xoauth2" || s.User != "scan@contoso.fr" || tok == nil || tok.Account != "scan@contoso.fr" ||
				tok.Scope != "SMTP.Send" || tok.TenantID != "aaaabbbb-0000-cccc-1111-dddd2222eeee" || !tok.Expires.Equal(exp) ||
				tok.App != "Epson Device" || !tok.forExchange() || len(s.Findings) != 0 {
				t.Errorf("%+v %+v", s, s.Token)
			}
			if b, _ := json.Marshal(s); strings.Contains(string(b), token[len(token)-40:]) {
				t.Error("the token's signature is in the session")
			}
		})
	}
}

// TestListenAUTHLineOverTheLimit: a line longer than 12,288 octets is refused with 500 and
// the connection closed, the session recorded without it; the listener goes on serving.
func TestListenAUTHLineOverTheLimit(t *testing.T) {
	addr, sessions := listener(t, Config{})
	w := dial(t, addr)
	w.cmd("EHLO EPSON1A2B3C")
	line := "AUTH XOAUTH2 " + strings.Repeat("QUFB", (maxAuthLine-len("AUTH XOAUTH2 "))/4+1) // 12,289 octets
	if r := w.cmd(line); !strings.HasPrefix(r, "500 ") || !w.closed() {
		t.Errorf("a %d-octet AUTH line got %q", len(line), r)
	}
	if s := sessions(); len(s) != 1 || s[0].Auth != "none" || s[0].User != "" {
		t.Errorf("%+v", s)
	}
	if r := dial(t, addr).cmd("EHLO again"); !strings.HasPrefix(r, "250") {
		t.Errorf("the next printer got %q", r)
	}
}

// TestListenResponseLineLimit: after a 334 challenge, the client's response line may be
// 12,288 octets long, not one more.
func TestListenResponseLineLimit(t *testing.T) {
	for _, n := range []int{maxAuthLine, maxAuthLine + 4} {
		addr, _ := listener(t, Config{})
		w := dial(t, addr)
		w.cmd("EHLO EPSON1A2B3C")
		if r := w.cmd("AUTH PLAIN"); r != "334 " {
			t.Fatalf("AUTH PLAIN got %q", r)
		}
		resp := base64.StdEncoding.EncodeToString([]byte("\x00scan@contoso.fr\x00" + strings.Repeat("p", n*3/4-len("\x00scan@contoso.fr\x00"))))
		r := w.cmd(resp)
		if want := map[bool]string{true: "235 ", false: "500 "}[n <= maxAuthLine]; len(resp) != n || !strings.HasPrefix(r, want) {
			t.Errorf("a %d-octet response got %q", len(resp), r)
		}
	}
}

// TestListenOtherCommandsKeepTheNormalLimit: only AUTH gets 12,288 octets; a host or an
// address longer than an SMTP line (maxLine) is refused.
func TestListenOtherCommandsKeepTheNormalLimit(t *testing.T) {
	addr, sessions := listener(t, Config{})
	w := dial(t, addr)
	long := strings.Repeat("a", maxLine+1)
	if r := w.cmd("EHLO " + long); !strings.HasPrefix(r, "500 ") {
		t.Errorf("a long EHLO got %q", r)
	}
	w.cmd("EHLO EPSON1A2B3C")
	if r := w.cmd("MAIL FROM:<" + long + "@contoso.fr>"); !strings.HasPrefix(r, "500 ") {
		t.Errorf("a long MAIL FROM got %q", r)
	}
	w.cmd("MAIL FROM:<scan@contoso.fr>")
	if r := w.cmd("RCPT TO:<" + long + "@contoso.fr>"); !strings.HasPrefix(r, "500 ") {
		t.Errorf("a long RCPT TO got %q", r)
	}
	w.cmd("QUIT")
	if s := sessions(); len(s) != 1 || s[0].EHLO != "EPSON1A2B3C" || s[0].From != "scan@contoso.fr" || len(s[0].Rcpt) != 0 {
		t.Errorf("%+v", s)
	}
}

// TestListenXOAUTH2InTwoSteps: AUTH XOAUTH2 without an initial response gets an empty
// challenge ("334 "), then the token on its own line (RFC 4954 §4, Microsoft's XOAUTH2
// page); "*" cancels with 501.
func TestListenXOAUTH2InTwoSteps(t *testing.T) {
	exp := time.Now().Add(time.Hour).Truncate(time.Second).UTC()
	token := entraToken(3000, "scan@contoso.fr", exp)
	addr, sessions := listener(t, Config{})
	w := dial(t, addr)
	w.starttls()
	w.cmd("EHLO EPSON1A2B3C")
	if r := w.cmd("AUTH XOAUTH2"); r != "334 " {
		t.Fatalf("AUTH XOAUTH2 got %q, not an empty challenge", r)
	}
	if r := w.cmd(xoauth2IR("scan@contoso.fr", token)); !strings.HasPrefix(r, "235 ") {
		t.Fatalf("the token line got %q", r)
	}
	w.cmd("QUIT")
	if s := sessions()[0]; s.Auth != "xoauth2" || s.Token == nil || s.Token.Account != "scan@contoso.fr" || !s.Token.Expires.Equal(exp) {
		t.Errorf("%+v %+v", s, s.Token)
	}

	addr, sessions = listener(t, Config{})
	w = dial(t, addr)
	w.cmd("EHLO EPSON1A2B3C")
	w.cmd("AUTH XOAUTH2")
	if r := w.cmd("*"); !strings.HasPrefix(r, "501 ") {
		t.Errorf("a cancel got %q", r)
	}
	if r := w.cmd("AUTH XOAUTH2 " + xoauth2IR("scan@contoso.fr", token)); !strings.HasPrefix(r, "235 ") { // after a cancel, AUTH again
		t.Errorf("AUTH after a cancel got %q", r)
	}
	w.cmd("QUIT")
	if s := sessions()[0]; s.Auth != "xoauth2" || s.Token == nil {
		t.Errorf("%+v", s)
	}
}

// TestListenLOGINAndPLAINForms: LOGIN and PLAIN, with an initial response or without, are
// read alike and the password never kept.
func TestListenLOGINAndPLAINForms(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, c := range []struct {
		name  string
		lines []string // each answered 334 but the last, 235
		auth  string
	}{
		{"PLAIN with an initial response", []string{"AUTH PLAIN " + b64("\x00scan@contoso.fr\x00"+password)}, "plain"},
		{"PLAIN in two steps", []string{"AUTH PLAIN", b64("\x00scan@contoso.fr\x00" + password)}, "plain"},
		{"LOGIN in three steps", []string{"AUTH LOGIN", b64("scan@contoso.fr"), b64(password)}, "login"},
		{"LOGIN with the user on the AUTH line", []string{"AUTH LOGIN " + b64("scan@contoso.fr"), b64(password)}, "login"},
	} {
		t.Run(c.name, func(t *testing.T) {
			addr, sessions := listener(t, Config{})
			w := dial(t, addr)
			w.starttls()
			w.cmd("EHLO EPSON1A2B3C")
			for i, l := range c.lines {
				want := map[bool]string{true: "235 ", false: "334 "}[i == len(c.lines)-1]
				if r := w.cmd(l); !strings.HasPrefix(r, want) {
					t.Fatalf("%q got %q", l, r)
				}
			}
			w.cmd("QUIT")
			s := sessions()[0]
			if s.Auth != c.auth || s.User != "scan@contoso.fr" {
				t.Errorf("%+v", s)
			}
			if b, _ := json.Marshal(s); strings.Contains(string(b), password) {
				t.Error("the password is in the session")
			}
		})
	}
}
