// Package conntest runs the connection test a printer's own "Test" button does badly: from
// the customer's LAN, DNS of the SMTP host, TCP to its port, STARTTLS (TLS 1.2+, verified),
// AUTH XOAUTH2 with the sign-in's token and an optional test message, and meanwhile the HTTPS
// reachability of Microsoft's sign-in host (directly and through the proxy) and the clock.
// Every step has a timeout; the whole test is bounded and cancellable.
package conntest

import (
	"context"
	"crypto/x509"
	"io"
	"net"
	"strconv"
	"sync"
	"time"

	"mfp365/checks"
)

// Defaults of the contract (CLI.md).
const (
	DefaultHost    = "smtp.office365.com"
	DefaultPort    = 587
	DefaultTimeout = 10 * time.Second
	// stepsBound is how many step timeouts the whole test may last: DNS, TCP, STARTTLS,
	// AUTH and the four commands of the message, with room for the HTTPS probes in parallel.
	stepsBound = 9
)

// Config is what a connection test needs.
type Config struct {
	Host     string
	Port     int
	User     string // the mailbox that signs in (XOAUTH2 user)
	Token    string // OAuth access token, in memory only
	From, To string // To == "": stop after AUTH
	Subject  string
	Body     string
	RootCAs  *x509.CertPool // nil: the system's; set only from an explicit option
	Timeout  time.Duration  // each network step

	LoginURL   string           // Microsoft's sign-in host to reach over HTTPS ("": skip)
	Proxy      checks.ProxyFunc // nil: checks.SystemProxy()
	Transcript io.Writer        // the SMTP dialogue, AUTH redacted
	Resolver   *net.Resolver    // nil: the system's
	Now        func() time.Time
}

// Event reports a finished step.
type Event struct{ Step checks.Step }

// Result is the whole test: pass when no step failed.
type Result struct {
	Status checks.Status // pass or fail
	Steps  []checks.Step
}

// Run runs the test; emit receives each step as it ends, in the order they end, one call at
// a time (from the test's goroutines).
func Run(ctx context.Context, cfg Config, emit func(Event)) Result {
	cfg = withDefaults(cfg)
	ctx, cancel := context.WithTimeout(ctx, stepsBound*cfg.Timeout)
	defer cancel()

	var mu sync.Mutex
	var steps []checks.Step
	record := func(s checks.Step) { // emit is never called twice at once
		mu.Lock()
		defer mu.Unlock()
		steps = append(steps, s)
		emit(Event{s})
	}
	var wg sync.WaitGroup
	if cfg.LoginURL != "" {
		wg.Add(1)
		go func() { // independent of the SMTP dialogue: at the same time
			defer wg.Done()
			r := checks.Reach(ctx, cfg.LoginURL, cfg.Proxy, cfg.RootCAs, cfg.Timeout)
			record(r.Verdict())
			record(checks.Clock(r.Date, cfg.Now()))
		}()
	}
	smtpSteps(ctx, cfg, record)
	wg.Wait()

	res := Result{Status: checks.Pass, Steps: order(steps)}
	for _, s := range res.Steps {
		if s.Status == checks.Fail {
			res.Status = checks.Fail
		}
	}
	return res
}

// smtpSteps is the sequential part: DNS, TCP, then the SMTP dialogue.
func smtpSteps(ctx context.Context, cfg Config, record func(checks.Step)) {
	addrs, s := checks.LookupHost(ctx, cfg.Resolver, cfg.Host, cfg.Timeout)
	if record(s); s.Status != checks.Pass {
		return
	}
	conn, s := checks.Connect(ctx, net.JoinHostPort(preferIPv4(addrs), strconv.Itoa(cfg.Port)), cfg.Timeout)
	if record(s); s.Status != checks.Pass {
		return
	}
	session := &checks.Session{Host: cfg.Host, User: cfg.User, Token: cfg.Token, From: cfg.From, To: cfg.To,
		Subject: cfg.Subject, Body: cfg.Body, RootCAs: cfg.RootCAs, Timeout: cfg.Timeout, Transcript: cfg.Transcript}
	for _, s := range session.Run(ctx, conn) {
		record(s)
	}
}

// preferIPv4 picks the address to connect to: IPv4 first, as most office networks route it.
func preferIPv4(addrs []string) string {
	for _, a := range addrs {
		if ip := net.ParseIP(a); ip != nil && ip.To4() != nil {
			return a
		}
	}
	return addrs[0]
}

func withDefaults(cfg Config) Config {
	if cfg.Host == "" {
		cfg.Host = DefaultHost
	}
	if cfg.Port == 0 {
		cfg.Port = DefaultPort
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Proxy == nil {
		cfg.Proxy = checks.SystemProxy()
	}
	if cfg.Resolver == nil {
		cfg.Resolver = net.DefaultResolver
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.From == "" {
		cfg.From = cfg.User
	}
	return cfg
}

// stepOrder is the order steps are listed in, whatever order they ended in.
var stepOrder = []string{"dns", "tcp", "starttls", "ehlo", "auth", "mail", "rcpt", "data", "quit", "https", "clock"}

func order(steps []checks.Step) []checks.Step {
	out := make([]checks.Step, 0, len(steps))
	for _, id := range stepOrder {
		for _, s := range steps {
			if s.ID == id {
				out = append(out, s)
			}
		}
	}
	return out
}

// Problems are the texts of the failed and warned steps, in order: what the knowledge base
// explains.
func (r Result) Problems() []string {
	var texts []string
	for _, s := range r.Steps {
		if s.Status == checks.Fail || s.Status == checks.Warn {
			texts = append(texts, s.Text())
		}
	}
	return texts
}
