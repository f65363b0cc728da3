package checks

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"mfp365/internal/fakeexchange"
)

// session runs the SMTP checks against a scripted fake Exchange and returns the steps and the
// transcript.
func session(t *testing.T, script fakeexchange.Script, host, to string) ([]Step, string) {
	t.Helper()
	srv, err := fakeexchange.Start(script)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	conn, step := Connect(context.Background(), srv.Addr, 2*time.Second)
	if step.Status != Pass {
		t.Fatalf("connect: %+v", step)
	}
	var tr strings.Builder
	s := &Session{Host: host, User: "scan@contoso.fr", Token: fakeexchange.Token, From: "scan@contoso.fr", To: to,
		Subject: "Test", Body: "Bonjour", RootCAs: srv.CAs, Timeout: 2 * time.Second, Transcript: &tr}
	steps := s.Run(context.Background(), conn)
	return steps, tr.String()
}

func last(steps []Step) Step { return steps[len(steps)-1] }

func TestSMTPSessionPasses(t *testing.T) {
	steps, tr := session(t, fakeexchange.Script{}, "localhost", "direction@contoso.fr")
	var ids []string
	for _, s := range steps {
		ids = append(ids, s.ID+":"+string(s.Status))
	}
	if strings.Join(ids, " ") != "starttls:pass ehlo:pass auth:pass mail:pass rcpt:pass data:pass quit:pass" {
		t.Fatalf("steps %v", ids)
	}
	if !strings.HasPrefix(steps[0].Detail, "TLS 1.3") || !strings.Contains(steps[1].Detail, "XOAUTH2") {
		t.Errorf("details %q %q", steps[0].Detail, steps[1].Detail)
	}
	for _, want := range []string{" -> STARTTLS", "<-  220", "=== TLS 1.3", " ~> AUTH XOAUTH2 <redacted>", "<~  235", " ~> MAIL FROM:<scan@contoso.fr>", " ~> Subject: Test", "<~  221"} {
		if !strings.Contains(tr, want) {
			t.Errorf("transcript lacks %q:\n%s", want, tr)
		}
	}
	if strings.Contains(tr, fakeexchange.Token) || strings.Contains(tr, "auth=Bearer") || strings.Contains(tr, "dXNlcj1") {
		t.Errorf("transcript leaks the token:\n%s", tr)
	}
}

func TestSMTPSessionFailures(t *testing.T) {
	for _, tc := range []struct {
		name   string
		script fakeexchange.Script
		host   string
		step   string
		code   string
	}{
		{"SMTP AUTH disabled for the tenant", fakeexchange.Script{AuthReply: fakeexchange.TenantAuthDisabled}, "localhost", "auth", "SMTP 535 5.7.139"},
		{"token refused", fakeexchange.Script{AuthReply: fakeexchange.BadToken}, "localhost", "auth", "SMTP 535 5.7.3"},
		{"not authenticated", fakeexchange.Script{MailReply: fakeexchange.NotAuthenticated}, "localhost", "mail", "SMTP 530 5.7.57"},
		{"no send-as at RCPT", fakeexchange.Script{RcptReply: fakeexchange.NoSendAs}, "localhost", "rcpt", "SMTP 550 5.7.60"},
		{"SendAsDenied after DATA", fakeexchange.Script{DataReply: fakeexchange.SendAsDenied}, "localhost", "data", "SMTP 554 5.2.252"},
		{"no STARTTLS", fakeexchange.Script{NoStartTLS: true}, "localhost", "starttls", "check:no-starttls"},
		{"TLS 1.0/1.1 only", fakeexchange.Script{OldTLS: true}, "localhost", "starttls", "check:tls-version"},
		{"TLS inspection", fakeexchange.Script{Untrusted: true}, "localhost", "starttls", "check:tls-untrusted"},
		{"wrong host name", fakeexchange.Script{}, "smtp.office365.com", "starttls", "check:tls-hostname"},
		{"no XOAUTH2", fakeexchange.Script{NoXOAUTH2: true}, "localhost", "ehlo", "check:no-xoauth2"},
		{"dropped during AUTH", fakeexchange.Script{DropInAuth: true}, "localhost", "auth", "check:dropped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps, tr := session(t, tc.script, tc.host, "direction@contoso.fr")
			s := last(steps)
			if s.ID != tc.step || s.Status != Fail || len(s.Codes) == 0 || s.Codes[0] != tc.code {
				t.Errorf("last step %+v, want %s failing with %s\n%s", s, tc.step, tc.code, tr)
			}
			if strings.HasPrefix(tc.code, "SMTP") && !strings.Contains(s.Answer, strings.TrimPrefix(tc.code, "SMTP ")) {
				t.Errorf("answer %q lacks the reply", s.Answer)
			}
		})
	}
}

// TestSilentServer: a listener that accepts and never answers fails at the configured
// timeout, not the system's, at the greeting it never sends.
func TestSilentServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	conn, _ := Connect(context.Background(), l.Addr().String(), time.Second)
	s := &Session{Host: "localhost", Timeout: 300 * time.Millisecond}
	start := time.Now()
	steps := s.Run(context.Background(), conn)
	if d := time.Since(start); d < 300*time.Millisecond || d > 2*time.Second {
		t.Errorf("gave up after %v, the timeout is 300 ms", d)
	}
	if s := last(steps); s.ID != "greeting" || s.Status != Fail || s.Codes[0] != "check:smtp-no-greeting" {
		t.Errorf("steps %+v", steps)
	}
}

func TestConnectRefused(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	if _, s := Connect(context.Background(), addr, time.Second); s.Status != Fail || s.Codes[0] != "check:tcp-refused" {
		t.Errorf("%+v", s)
	}
}

// BenchmarkSilentTimeout measures how close to the configured timeout a silent server is
// given up (target: within 10%); reported as overshoot-%.
func BenchmarkSilentTimeout(b *testing.B) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			if _, err := l.Accept(); err != nil {
				return
			}
		}
	}()
	const timeout = 200 * time.Millisecond
	var total time.Duration
	for b.Loop() {
		conn, _ := Connect(context.Background(), l.Addr().String(), time.Second)
		start := time.Now()
		(&Session{Host: "localhost", Timeout: timeout}).Run(context.Background(), conn)
		total += time.Since(start)
	}
	b.ReportMetric(100*(float64(total)/float64(b.N)-float64(timeout))/float64(timeout), "overshoot-%")
}
