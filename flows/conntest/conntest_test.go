package conntest

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"mfp365/checks"
	"mfp365/internal/fakeexchange"
	"mfp365/kb"
)

// fixture is a fake Exchange and a fake sign-in host, and a config pointing at them.
func fixture(t testing.TB, script fakeexchange.Script) (Config, *fakeexchange.Server) {
	bed := fakeexchange.NewTestbed(t, script)
	p, _ := strconv.Atoi(bed.Port)
	return Config{Host: "localhost", Port: p, User: "scan@contoso.fr", Token: fakeexchange.Token,
		To: "direction@contoso.fr", Subject: "Test", Body: "Bonjour", RootCAs: bed.Roots, Timeout: 2 * time.Second,
		LoginURL: bed.LoginURL, Proxy: func(*http.Request) (*url.URL, error) { return nil, nil }}, bed.Server
}

func ids(r Result) string {
	var out []string
	for _, s := range r.Steps {
		out = append(out, s.ID+":"+string(s.Status))
	}
	return strings.Join(out, " ")
}

func TestConnTestPasses(t *testing.T) {
	cfg, srv := fixture(t, fakeexchange.Script{})
	var tr strings.Builder
	cfg.Transcript = &tr
	var mu sync.Mutex
	var events int
	r := Run(context.Background(), cfg, func(Event) { mu.Lock(); events++; mu.Unlock() })
	want := "dns:pass tcp:pass starttls:pass ehlo:pass auth:pass mail:pass rcpt:pass data:pass quit:pass https:pass clock:pass"
	if r.Status != checks.Pass || ids(r) != want || events != 11 {
		t.Fatalf("%s %s (%d events)", r.Status, ids(r), events)
	}
	if len(srv.Messages()) != 1 || !strings.Contains(srv.Messages()[0], "Subject: Test") {
		t.Errorf("messages %q", srv.Messages())
	}
	if strings.Contains(tr.String(), fakeexchange.Token) {
		t.Error("transcript leaks the token")
	}
}

func TestConnTestExplainsExchange(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := fixture(t, fakeexchange.Script{AuthReply: fakeexchange.TenantAuthDisabled})
	r := Run(context.Background(), cfg, func(Event) {})
	var auth checks.Step
	for _, s := range r.Steps {
		if s.ID == "auth" {
			auth = s
		}
	}
	m := cat.Match(auth.Answer)
	if r.Status != checks.Fail || auth.Status != checks.Fail || len(m.Matches) == 0 || m.Matches[0].Entry.ID != "exo-smtp-auth-disabled-tenant" {
		t.Errorf("%s; auth %+v; explained by %v", ids(r), auth, m.Matches)
	}
}

func TestConnTestCancel(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
	defer l.Close()
	go func() {
		for {
			if _, err := l.Accept(); err != nil {
				return
			}
		}
	}()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	p, _ := strconv.Atoi(port)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	r := Run(ctx, Config{Host: "localhost", Port: p, Timeout: 10 * time.Second, Proxy: func(*http.Request) (*url.URL, error) { return nil, nil }}, func(Event) {})
	if d := time.Since(start); d > 2*time.Second || r.Status != checks.Fail {
		t.Errorf("cancel took %v: %s", d, ids(r))
	}
}

// BenchmarkConnTest and BenchmarkBareSession compare the test with a bare go-smtp session
// sending the same commands to the same loopback server (target: at most 1.2x).
func BenchmarkConnTest(b *testing.B) {
	cfg, _ := fixture(b, fakeexchange.Script{})
	cfg.LoginURL = ""
	for b.Loop() {
		if r := Run(context.Background(), cfg, func(Event) {}); r.Status != checks.Pass {
			b.Fatal(ids(r))
		}
	}
}

func BenchmarkBareSession(b *testing.B) {
	cfg, _ := fixture(b, fakeexchange.Script{})
	for b.Loop() {
		addrs, err := net.DefaultResolver.LookupHost(context.Background(), "localhost")
		if err != nil {
			b.Fatal(err)
		}
		conn, err := net.Dial("tcp", net.JoinHostPort(preferIPv4(addrs), strconv.Itoa(cfg.Port)))
		if err != nil {
			b.Fatal(err)
		}
		c, err := smtp.NewClientStartTLS(conn, &tls.Config{ServerName: "localhost", RootCAs: cfg.RootCAs})
		if err != nil {
			b.Fatal(err)
		}
		steps := []func() error{
			func() error { return c.Hello("bare") },
			func() error { return c.Auth(bareXOAUTH2{cfg.User, cfg.Token}) },
			func() error { return c.Mail(cfg.User, nil) },
			func() error { return c.Rcpt(cfg.To, nil) },
			func() error {
				w, err := c.Data()
				if err != nil {
					return err
				}
				if _, err := w.Write([]byte("Subject: Test\r\n\r\nBonjour\r\n")); err != nil {
					return err
				}
				return w.Close()
			},
			c.Quit,
		}
		for _, step := range steps {
			if err := step(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

type bareXOAUTH2 struct{ user, token string }

func (x bareXOAUTH2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}
func (x bareXOAUTH2) Next([]byte) ([]byte, error) { return []byte{}, nil }
