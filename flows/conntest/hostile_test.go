package conntest

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"mfp365/checks"
	"mfp365/internal/loopback"
	"mfp365/kb"
)

// hostile plays serve on each connection to a loopback server (see loopback.Serve) and
// returns its port.
func hostile(t *testing.T, serve func(c net.Conn)) int {
	_, port, _ := net.SplitHostPort(loopback.Serve(t, serve))
	p, _ := strconv.Atoi(port)
	return p
}

// dripGreeting sends "220 " then one byte every 50 ms, never ending the line.
func dripGreeting(c net.Conn) {
	defer c.Close()
	for _, err := c.Write([]byte("220 ")); err == nil; _, err = c.Write([]byte("x")) {
		time.Sleep(50 * time.Millisecond)
	}
}

// runWithin runs the flow and gives up waiting after limit.
func runWithin(t *testing.T, ctx context.Context, cfg Config, limit time.Duration) (Result, time.Duration) {
	t.Helper()
	done := make(chan Result, 1)
	start := time.Now()
	go func() { done <- Run(ctx, cfg, func(Event) {}) }()
	select {
	case r := <-done:
		return r, time.Since(start)
	case <-time.After(limit):
		t.Fatalf("still running after %v", limit)
		return Result{}, 0
	}
}

func hostileConfig(port int, timeout time.Duration) Config {
	return Config{Host: "127.0.0.1", Port: port, User: "scan@contoso.fr", Token: "t", Timeout: timeout,
		Proxy: func(*http.Request) (*url.URL, error) { return nil, nil }}
}

// TestConnTestEndsAtTheTimeout: `--timeout 1s` against a server that sends "220 " then a byte a
// second ran 301 s; the test now ends at the step's timeout.
func TestConnTestEndsAtTheTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	r, took := runWithin(t, context.Background(), hostileConfig(hostile(t, dripGreeting), timeout), 5*time.Second)
	t.Logf("ended after %v (timeout %v)", took.Round(time.Millisecond), timeout)
	if took > timeout+700*time.Millisecond || ids(r) != "dns:pass tcp:pass greeting:fail" {
		t.Errorf("%s after %v", ids(r), took)
	}
}

// TestConnTestCancelMidDialogue: cancelling (Ctrl-C) while the server holds the dialogue ends
// the flow at once; the command line then exits 3.
func TestConnTestCancelMidDialogue(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const at = 300 * time.Millisecond
	time.AfterFunc(at, cancel)
	r, took := runWithin(t, ctx, hostileConfig(hostile(t, dripGreeting), 10*time.Second), 5*time.Second)
	t.Logf("returned %v after the cancel", (took - at).Round(time.Millisecond))
	if took > at+500*time.Millisecond || r.Status != checks.Fail {
		t.Errorf("returned %v after the cancel: %s", took-at, ids(r))
	}
	if s := r.Steps[len(r.Steps)-1]; s.Reason != "cancelled" {
		t.Errorf("last step %+v, want cancelled", s)
	}
}

// TestConnTestNoGreeting: a server silent after the TCP connection fails at the greeting step,
// explained by the knowledge base (it read "the exchange was cut" at STARTTLS).
func TestConnTestNoGreeting(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	port := hostile(t, func(c net.Conn) { defer c.Close(); c.Read(make([]byte, 1)) })
	r, _ := runWithin(t, context.Background(), hostileConfig(port, 300*time.Millisecond), 5*time.Second)
	if ids(r) != "dns:pass tcp:pass greeting:fail" {
		t.Fatalf("steps %s", ids(r))
	}
	s := r.Steps[2]
	m := cat.Match(s.Text())
	if len(m.Matches) == 0 || m.Matches[0].Entry.ID != "check-smtp-no-greeting" || !strings.Contains(s.Text(), "check:smtp-no-greeting") {
		t.Errorf("greeting %+v explained by %v", s, m.Matches)
	}
}
