package checks

// Hostile servers, played by hand on 127.0.0.1: they hold the client (a line that never ends,
// a reply that never ends), stay silent, or try to get a secret into the transcript. Every
// test is bounded in time: a client that does not give up is reported, not waited for.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"mfp365/internal/fakeexchange"
	"mfp365/internal/loopback"
)

// peer is the hostile server's side of one connection.
type peer struct {
	net.Conn
	r *bufio.Reader
}

// send writes s; false when the client is gone.
func (p *peer) send(s string) bool { _, err := io.WriteString(p.Conn, s); return err == nil }

// line reads the client's next line, without its end ("" when the client is gone).
func (p *peer) line() string {
	l, _ := p.r.ReadString('\n')
	return strings.TrimRight(l, "\r\n")
}

// drip sends s, then one byte every interval, never ending the line, until the client goes.
func (p *peer) drip(s string, every time.Duration) {
	for ok := p.send(s); ok; ok = p.send("x") {
		time.Sleep(every)
	}
}

// flood sends s over and over, as fast as the client reads, until the client goes.
func (p *peer) flood(s string) {
	buf := bytes.Repeat([]byte(s), 64<<10/len(s)+1)
	for {
		if _, err := p.Write(buf); err != nil {
			return
		}
	}
}

// toTLS greets, offers STARTTLS, switches to TLS with cfg and answers the second EHLO,
// offering auth (e.g. "XOAUTH2 LOGIN").
func (p *peer) toTLS(cfg *tls.Config, auth string) bool {
	if !p.send("220 hostile ESMTP\r\n") || !strings.HasPrefix(p.line(), "EHLO") ||
		!p.send("250-hostile\r\n250-STARTTLS\r\n250 AUTH "+auth+"\r\n") || p.line() != "STARTTLS" || !p.send("220 2.0.0 go ahead\r\n") {
		return false
	}
	tc := tls.Server(p.Conn, cfg)
	if tc.Handshake() != nil {
		return false
	}
	p.Conn, p.r = tc, bufio.NewReader(tc)
	return strings.HasPrefix(p.line(), "EHLO") && p.send("250-hostile\r\n250 AUTH "+auth+"\r\n")
}

// hostile plays serve, as a peer, on each connection to a loopback server (see loopback.Serve).
func hostile(t testing.TB, serve func(p *peer)) string {
	return loopback.Serve(t, func(c net.Conn) {
		defer c.Close()
		serve(&peer{Conn: c, r: bufio.NewReader(c)})
	})
}

// testTLS is a server configuration for localhost and the roots that trust it.
func testTLS(t testing.TB) (*tls.Config, *x509.CertPool) {
	cfg, roots, err := fakeexchange.TLS()
	if err != nil {
		t.Fatal(err)
	}
	return cfg, roots
}

// runWithin runs s against addr and gives up waiting after limit: a client still talking
// then is the failure these tests look for.
func runWithin(t *testing.T, ctx context.Context, s *Session, addr string, limit time.Duration) ([]Step, time.Duration) {
	t.Helper()
	conn, step := Connect(context.Background(), addr, time.Second)
	if step.Status != Pass {
		t.Fatalf("connect: %+v", step)
	}
	done := make(chan []Step, 1)
	start := time.Now()
	go func() { done <- s.Run(ctx, conn) }()
	select {
	case steps := <-done:
		return steps, time.Since(start)
	case <-time.After(limit):
		t.Fatalf("still running after %v", limit)
		return nil, 0
	}
}

// hostileSession is a session for the hostile servers: XOAUTH2 with a token, or a password.
func hostileSession(roots *x509.CertPool, timeout time.Duration, tr io.Writer) *Session {
	return &Session{Host: "localhost", User: "scan@contoso.fr", Token: fakeexchange.Token, From: "scan@contoso.fr",
		To: "direction@contoso.fr", Subject: "Test", Body: "Bonjour", RootCAs: roots, Timeout: timeout, Transcript: tr}
}

// afterAuth plays a server that accepts AUTH and then holds the client with hold after the
// command named at.
func afterAuth(cfg *tls.Config, at string, hold func(p *peer)) func(p *peer) {
	return func(p *peer) {
		if !p.toTLS(cfg, "XOAUTH2") || !strings.HasPrefix(p.line(), "AUTH XOAUTH2") {
			return
		}
		if at == "AUTH" {
			hold(p)
			return
		}
		p.send("235 2.7.0 Authentication successful\r\n")
		for {
			l, err := p.r.ReadString('\n')
			if l = strings.TrimRight(l, "\r\n"); err != nil {
				return
			}
			switch {
			case strings.HasPrefix(l, at) && at != "DATA", at == "DATA" && l == ".":
				hold(p)
				return
			case l == "DATA":
				p.send("354 Start mail input\r\n")
			case strings.HasPrefix(l, "MAIL"), strings.HasPrefix(l, "RCPT"):
				p.send("250 2.1.0 OK\r\n")
			}
		}
	}
}

// TestHostileHoldsEndAtTheTimeout: a server that keeps a line (or a reply) from ever ending,
// at any stage of the dialogue, is given up at the step's timeout. go-smtp took a partial line
// for a whole one when the deadline cut it, then set its own deadline of 5 minutes for the next
// command (`--timeout 1s` ran 301 s).
func TestHostileHoldsEndAtTheTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	const every = 50 * time.Millisecond
	cfg, roots := testTLS(t)
	dripReply := func(s string) func(p *peer) { return func(p *peer) { p.drip(s, every) } }
	for _, tc := range []struct {
		name  string
		serve func(p *peer)
		step  string
		code  string
	}{
		{"a greeting line that never ends", dripReply("220 "), "greeting", "check:smtp-no-greeting"},
		{"greeting lines that never end", func(p *peer) {
			for p.send("220-still greeting\r\n") {
				time.Sleep(every)
			}
		}, "greeting", "check:smtp-no-greeting"},
		{"a reply to EHLO that never ends", func(p *peer) {
			if p.send("220 hostile ESMTP\r\n") && strings.HasPrefix(p.line(), "EHLO") {
				p.drip("250 ", every)
			}
		}, "starttls", "check:dropped"},
		{"a TLS handshake that never ends", func(p *peer) {
			if p.send("220 hostile\r\n") && strings.HasPrefix(p.line(), "EHLO") && p.send("250-hostile\r\n250 STARTTLS\r\n") && p.line() == "STARTTLS" {
				p.drip("220 ", every)
			}
		}, "starttls", "check:dropped"},
		{"a reply to AUTH that never ends", afterAuth(cfg, "AUTH", dripReply("334 ")), "auth", "check:dropped"},
		{"a reply to MAIL that never ends", afterAuth(cfg, "MAIL", dripReply("250 ")), "mail", "check:dropped"},
		{"a reply after the message that never ends", afterAuth(cfg, "DATA", dripReply("250 ")), "data", "check:dropped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := hostile(t, tc.serve)
			steps, took := runWithin(t, context.Background(), hostileSession(roots, timeout, nil), addr, 5*time.Second)
			t.Logf("gave up after %v (timeout %v)", took.Round(time.Millisecond), timeout)
			if took > timeout+700*time.Millisecond {
				t.Errorf("gave up after %v, the step's timeout is %v", took, timeout)
			}
			s := last(steps)
			if s.ID != tc.step || s.Status != Fail || s.Reason != "timeout" || len(s.Codes) == 0 || s.Codes[0] != tc.code {
				t.Errorf("last step %+v, want %s failing on a timeout with %s", s, tc.step, tc.code)
			}
		})
	}
}

// TestHostileCancel: cancelling ends the session at once, whatever the server is doing.
func TestHostileCancel(t *testing.T) {
	cfg, roots := testTLS(t)
	for _, tc := range []struct {
		name  string
		serve func(p *peer)
		step  string
	}{
		{"during a greeting that never ends", func(p *peer) { p.drip("220 ", 50*time.Millisecond) }, "greeting"},
		{"during a reply to AUTH that never ends", afterAuth(cfg, "AUTH", func(p *peer) { p.drip("334 ", 50*time.Millisecond) }), "auth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := hostile(t, tc.serve)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			time.AfterFunc(300*time.Millisecond, cancel)
			steps, took := runWithin(t, ctx, hostileSession(roots, 10*time.Second, nil), addr, 5*time.Second)
			t.Logf("returned %v after the start, cancelled at 300ms", took.Round(time.Millisecond))
			if took > time.Second {
				t.Errorf("returned after %v, cancelled at 300ms", took)
			}
			if s := last(steps); s.ID != tc.step || s.Status != Fail || s.Reason != "cancelled" {
				t.Errorf("last step %+v, want %s cancelled", s, tc.step)
			}
		})
	}
}

// TestHostileEndlessReply: a reply that never ends, as fast as the client reads, is cut at its
// bound, not read into memory until the timeout (about 165 MiB a second before).
func TestHostileEndlessReply(t *testing.T) {
	cfg, roots := testTLS(t)
	line := "250-" + strings.Repeat("A", 60) + "\r\n"
	for _, tc := range []struct {
		name  string
		serve func(p *peer)
		step  string
	}{
		{"greeting", func(p *peer) { p.flood("220-" + strings.Repeat("A", 60) + "\r\n") }, "greeting"},
		{"EHLO", func(p *peer) {
			if p.send("220 hostile ESMTP\r\n") && strings.HasPrefix(p.line(), "EHLO") {
				p.flood(line)
			}
		}, "starttls"},
		{"one line without end", func(p *peer) {
			if p.send("220 hostile ESMTP\r\n") && strings.HasPrefix(p.line(), "EHLO") && p.send("250-") {
				p.flood("A")
			}
		}, "starttls"},
		{"AUTH, under TLS", afterAuth(cfg, "AUTH", func(p *peer) { p.flood(line) }), "auth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := hostile(t, tc.serve)
			var tr strings.Builder
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			steps, took := runWithin(t, context.Background(), hostileSession(roots, 2*time.Second, &tr), addr, 10*time.Second)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("gave up after %v, %.1f MiB allocated, transcript %d bytes", took.Round(time.Millisecond), float64(alloc)/(1<<20), tr.Len())
			if alloc > 32<<20 {
				t.Errorf("%.1f MiB allocated for one session", float64(alloc)/(1<<20))
			}
			if tr.Len() > maxTranscript+100 {
				t.Errorf("transcript of %d bytes", tr.Len())
			}
			if s := last(steps); s.ID != tc.step || s.Status != Fail || s.Reason != "reply-too-long" {
				t.Errorf("last step %+v, want %s failing on a reply too long", s, tc.step)
			}
		})
	}
}

// TestNoGreeting: a server that accepts the connection and never greets (a filter, or the
// provider intercepting port 25), or greets with something that is not SMTP, fails at its own
// step (RFC 5321, 3.1 and 4.3.2: the server answers a connection with 220, or 554).
func TestNoGreeting(t *testing.T) {
	for _, tc := range []struct {
		name   string
		serve  func(p *peer)
		code   string
		reason string
	}{
		{"silent", func(p *peer) { p.line() }, "check:smtp-no-greeting", "timeout"},
		{"a partial line, then silence", func(p *peer) { p.send("220 mail.contoso.fr"); p.line() }, "check:smtp-no-greeting", "timeout"},
		{"a partial line, then hangs up", func(p *peer) { p.send("220 mail.contoso.fr") }, "check:smtp-no-greeting", "closed"},
		{"hangs up", func(p *peer) {}, "check:smtp-no-greeting", "closed"},
		{"not SMTP", func(p *peer) { p.send("SSH-2.0-OpenSSH_9.6\r\n"); p.line() }, "check:smtp-no-greeting", ""},
		{"refused in the greeting", func(p *peer) { p.send("554 5.7.1 Service unavailable\r\n"); p.line() }, "SMTP 554 5.7.1", ""},
		{"busy", func(p *peer) { p.send("421 4.3.2 Service not available\r\n"); p.line() }, "SMTP 421 4.3.2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := hostile(t, tc.serve)
			steps, _ := runWithin(t, context.Background(), hostileSession(nil, 300*time.Millisecond, nil), addr, 3*time.Second)
			s := last(steps)
			if len(steps) != 1 || s.ID != "greeting" || s.Status != Fail || s.Reason != tc.reason || len(s.Codes) != 1 || s.Codes[0] != tc.code {
				t.Errorf("steps %+v, want greeting failing with %s (reason %q)", steps, tc.code, tc.reason)
			}
			if strings.HasPrefix(tc.code, "SMTP") && !strings.Contains(s.Answer, strings.TrimPrefix(tc.code, "SMTP ")) {
				t.Errorf("answer %q lacks the reply", s.Answer)
			}
		})
	}
}

// TestRedactionFollowsTheClient: whatever the server sends (a line more in the same packet, a
// reply out of turn, the secret echoed back), the password, the token and their base64 forms
// never reach the transcript nor a step.
func TestRedactionFollowsTheClient(t *testing.T) {
	cfg, roots := testTLS(t)
	const password = "Corr3ct-Horse-Battery"
	b64 := base64.StdEncoding.EncodeToString
	blob := b64([]byte("user=scan@contoso.fr\x01auth=Bearer " + fakeexchange.Token + "\x01\x01"))
	plain := b64([]byte("\x00scan@contoso.fr\x00" + password))
	secrets := []string{password, b64([]byte(password)), fakeexchange.Token, blob, plain}
	login := func(after string) func(p *peer) {
		return func(p *peer) {
			// go-sasl's LOGIN sends the user name with the command, then waits for "Password:".
			if !p.toTLS(cfg, "LOGIN") || !strings.HasPrefix(p.line(), "AUTH LOGIN ") || !p.send("334 UGFzc3dvcmQ6\r\n"+after) {
				return
			}
			for l := p.line(); l != ""; l = p.line() {
				p.send("535 5.7.3 Authentication unsuccessful, you sent " + l + "\r\n")
			}
		}
	}
	for _, tc := range []struct {
		name  string
		auth  string
		serve func(p *peer)
	}{
		{"a line more after the password prompt", AuthLogin, login("250 2.0.0 OK\r\n")},
		{"a reply out of turn after the password prompt", AuthLogin, login("235 2.7.0 Authentication successful\r\n")},
		{"junk lines after the password prompt", AuthLogin, login("hello\r\n500 what\r\n")},
		{"PLAIN, echoed", AuthLogin, func(p *peer) {
			if p.toTLS(cfg, "PLAIN") {
				for l := p.line(); l != ""; l = p.line() {
					p.send("250 OK\r\n334 \r\n535 5.7.3 you sent " + l + "\r\n")
				}
			}
		}},
		{"XOAUTH2, echoed", AuthXOAUTH2, func(p *peer) {
			if p.toTLS(cfg, "XOAUTH2") {
				for l := p.line(); l != ""; l = p.line() {
					p.send("334 eyJzdGF0dXMiOiI0MDAifQ==\r\n250 OK\r\n535 5.7.3 you sent " + l + "\r\n")
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := hostile(t, tc.serve)
			var tr strings.Builder
			s := hostileSession(roots, 2*time.Second, &tr)
			s.Auth, s.Password = tc.auth, password
			steps, _ := runWithin(t, context.Background(), s, addr, 5*time.Second)
			for _, secret := range secrets {
				if strings.Contains(tr.String(), secret) {
					t.Errorf("the transcript shows %q:\n%s", secret, tr.String())
				}
				for _, st := range steps {
					if strings.Contains(st.Detail+st.Answer, secret) {
						t.Errorf("step %s shows %q: %+v", st.ID, secret, st)
					}
				}
			}
			if !strings.Contains(tr.String(), "<redacted>") {
				t.Errorf("nothing redacted:\n%s", tr.String())
			}
		})
	}
}
