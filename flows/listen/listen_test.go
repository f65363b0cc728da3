package listen

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

const password = "Printer-Passw0rd!"

// listener serves on loopback for the test and hands back the sessions as they end.
func listener(t *testing.T, cfg Config) (string, func() []Session) {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	ln, err := Listen(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var got []Session
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = ln.Serve(ctx, func(s Session) { mu.Lock(); got = append(got, s); mu.Unlock() })
	}()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr, func() []Session {
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			n := len(got)
			mu.Unlock()
			if n > 0 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		return append([]Session(nil), got...)
	}
}

// printer is a Go client playing a printer: STARTTLS (with TLS versions), an AUTH, a message.
type printer struct {
	tls        bool
	maxVersion uint16
	auth       sasl.Client
	from, to   string
}

func (p printer) send(t *testing.T, addr string) error {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	var c *smtp.Client
	if p.tls {
		cfg := &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10, MaxVersion: p.maxVersion} // the printer's side of the test
		if c, err = smtp.NewClientStartTLS(conn, cfg); err != nil {
			t.Fatal(err)
		}
	} else {
		c = smtp.NewClient(conn)
	}
	defer c.Close()
	if err := c.Hello("EPSON1A2B3C"); err != nil && !strings.Contains(err.Error(), "called after") {
		t.Fatal(err)
	}
	if p.auth != nil {
		if err := c.Auth(p.auth); err != nil {
			t.Fatalf("AUTH refused: %v", err)
		}
	}
	if err := c.Mail(p.from, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt(p.to, nil); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("Subject: scan\r\n\r\n" + strings.Repeat("x", 1000) + "\r\n"))
	err = w.Close()
	_ = c.Quit()
	return err
}

// jwt is an unsigned token with these claims (the listener reads, never verifies).
func jwt(claims map[string]any) string {
	b, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc(b) + ".c2lnbmF0dXJl"
}

type xoauth2 struct{ user, token string }

func (x xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}
func (x xoauth2) Next([]byte) ([]byte, error) { return []byte{}, nil }

func TestListenPasswordAfterSTARTTLS(t *testing.T) {
	addr, sessions := listener(t, Config{})
	err := printer{tls: true, auth: sasl.NewLoginClient("scan@contoso.fr", password), from: "scan@contoso.fr", to: "direction@contoso.fr"}.send(t, addr)
	if se, ok := err.(*smtp.SMTPError); !ok || se.Code != 554 || !strings.Contains(se.Message, "not delivered") {
		t.Errorf("the message was not refused as a test: %v", err)
	}
	s := sessions()[0]
	if s.TLS != "1.3" || s.Auth != "login" || s.User != "scan@contoso.fr" || s.EHLO != "EPSON1A2B3C" || s.Size < 1000 ||
		!slices.Equal(s.Findings, []string{"check:listen-basic-auth"}) {
		t.Errorf("%+v", s)
	}
	if b, _ := json.Marshal(s); strings.Contains(string(b), password) {
		t.Error("the password is in the session")
	}
}

func TestListenExpiredTokenOfAnotherTenant(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	addr, sessions := listener(t, Config{Tenant: "aaaabbbb-0000-cccc-1111-dddd2222eeee", Now: func() time.Time { return now }})
	token := jwt(map[string]any{"aud": "https://outlook.office.com", "scp": "SMTP.Send", "tid": "99999999-0000-cccc-1111-dddd2222eeee",
		"upn": "scan@fabrikam.com", "app_displayname": "Epson Device", "exp": now.Add(-time.Hour).Unix()})
	_ = printer{tls: true, auth: xoauth2{"scan@fabrikam.com", token}, from: "scan@contoso.fr", to: "direction@contoso.fr"}.send(t, addr)
	s := sessions()[0]
	want := []string{"check:listen-token-expired", "check:listen-token-tenant", "check:listen-sender-mismatch"}
	if s.Auth != "xoauth2" || s.Token == nil || !s.Token.Expired || s.Token.Account != "scan@fabrikam.com" || s.Token.App != "Epson Device" ||
		!slices.Equal(s.Findings, want) {
		t.Errorf("%+v %+v", s, s.Token)
	}
	if b, _ := json.Marshal(s); strings.Contains(string(b), token) || strings.Contains(string(b), "c2lnbmF0dXJl") {
		t.Error("the token or its signature is in the session")
	}
}

func TestListenGraphToken(t *testing.T) {
	addr, sessions := listener(t, Config{})
	token := jwt(map[string]any{"aud": "https://graph.microsoft.com", "scp": "Mail.Send", "upn": "scan@contoso.fr", "exp": time.Now().Add(time.Hour).Unix()})
	_ = printer{tls: true, auth: xoauth2{"scan@contoso.fr", token}, from: "scan@contoso.fr", to: "d@contoso.fr"}.send(t, addr)
	if s := sessions()[0]; !slices.Equal(s.Findings, []string{"check:listen-token-audience"}) {
		t.Errorf("%+v", s)
	}
}

func TestListenOldTLS(t *testing.T) {
	addr, sessions := listener(t, Config{})
	token := jwt(map[string]any{"aud": "https://outlook.office.com", "scp": "SMTP.Send", "upn": "scan@contoso.fr", "exp": time.Now().Add(time.Hour).Unix()})
	_ = printer{tls: true, maxVersion: tls.VersionTLS10, auth: xoauth2{"scan@contoso.fr", token}, from: "scan@contoso.fr", to: "d@contoso.fr"}.send(t, addr)
	if s := sessions()[0]; s.TLS != "1.0" || !slices.Equal(s.Findings, []string{"check:listen-tls-old"}) {
		t.Errorf("%+v", s)
	}
}

func TestListenNoSTARTTLS(t *testing.T) {
	addr, sessions := listener(t, Config{})
	_ = printer{auth: sasl.NewPlainClient("", "scan@contoso.fr", password), from: "scan@contoso.fr", to: "d@contoso.fr"}.send(t, addr)
	s := sessions()[0]
	want := []string{"check:listen-no-tls", "check:listen-auth-before-tls", "check:listen-basic-auth"}
	if s.TLS != "none" || s.Auth != "plain" || !slices.Equal(s.Findings, want) {
		t.Errorf("%+v", s)
	}
}

func TestListenDisconnectMidData(t *testing.T) {
	addr, sessions := listener(t, Config{})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c := smtp.NewClient(conn)
	_ = c.Mail("scan@contoso.fr", nil)
	_ = c.Rcpt("d@contoso.fr", nil)
	w, _ := c.Data()
	_, _ = w.Write([]byte("Subject: half a scan\r\n\r\nxxxx"))
	conn.Close() // the printer gives up in the middle of the message
	s := sessions()
	if len(s) != 1 || s[0].From != "scan@contoso.fr" || !slices.Contains(s[0].Findings, "check:listen-no-auth") || !s[0].Cut {
		t.Errorf("%+v", s)
	}
}

func TestListenOversizedLine(t *testing.T) {
	addr, sessions := listener(t, Config{})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	buf := make([]byte, 512)
	_, _ = conn.Read(buf) // the greeting
	_, _ = conn.Write([]byte("EHLO " + strings.Repeat("A", 100000) + "\r\n"))
	conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	n, _ := conn.Read(buf)
	if reply := string(buf[:n]); !strings.HasPrefix(reply, "500") && !strings.HasPrefix(reply, "5") {
		t.Errorf("an oversized line got %q", reply)
	}
	conn.Close()
	if s := sessions(); len(s) == 1 && utf8.RuneCountInString(s[0].EHLO) > maxValue {
		t.Errorf("a hostile EHLO is kept whole: %d runes", utf8.RuneCountInString(s[0].EHLO))
	}
}

func TestListenEndsAtItsTimeout(t *testing.T) {
	ln, err := Listen(Config{Addr: "127.0.0.1:0", Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := ln.Serve(context.Background(), func(Session) {}); err != nil || time.Since(start) > 3*time.Second {
		t.Errorf("%v after %v", err, time.Since(start))
	}
	if c, err := net.DialTimeout("tcp", ln.Addr, time.Second); err == nil {
		c.Close()
		t.Error("still listening after the timeout")
	}
}

func TestClaimsOf(t *testing.T) {
	for _, bad := range []string{"", "abc", "a.b", "a.!!!.c", "a." + base64.RawURLEncoding.EncodeToString([]byte("not json")) + ".c", strings.Repeat("a", maxToken) + ".b.c"} {
		if claimsOf(bad, time.Now()) != nil {
			t.Errorf("%q read as a token", bad)
		}
	}
	tok := claimsOf(jwt(map[string]any{"aud": []string{"00000002-0000-0ff1-ce00-000000000000"}, "unique_name": "a@b.fr", "appid": "x"}), time.Now())
	if tok == nil || !tok.forExchange() || tok.Account != "a@b.fr" || tok.App != "x" || tok.Expired {
		t.Errorf("%+v", tok)
	}
}
