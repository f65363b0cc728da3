// Package conntest runs the connection test a printer's own "Test" button does badly: from
// the customer's LAN, DNS of the SMTP host, TCP to its port, the server's greeting (a step of
// its own only when it fails), STARTTLS (TLS 1.2+, verified), AUTH XOAUTH2 with the sign-in's
// token and an optional test message, and meanwhile the HTTPS reachability of Microsoft's
// sign-in host (directly and through the proxy) and the clock.
// Every step has a timeout; the whole test is bounded, and cancelling ctx ends it at once.
package conntest

import (
	"context"
	"crypto/x509"
	"io"
	"net"
	"slices"
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
	HVEHost        = "smtp.hve.mx.microsoft" // High Volume Email (the older smtp-hve.office365.com is retired)
	MXPort         = 25                      // a relay and Direct Send reach the domain's MX endpoint
	// stepsBound is how many step timeouts the whole test may last: MX, SPF, DNS, TCP, the
	// greeting, STARTTLS, AUTH and the four commands of the message, with room for the HTTPS
	// probes.
	stepsBound = 12
)

// Route is how a printer sends (CLI.md, test smtp --route). It knows where it goes and how
// it authenticates; nothing else decides that.
type Route string

// The routes a printer can send by.
const (
	RouteOAuth  Route = "oauth"  // SMTP AUTH with OAuth (XOAUTH2) to smtp.office365.com:587
	RouteBasic  Route = "basic"  // SMTP AUTH with a password, what printers did before OAuth
	RouteHVE    Route = "hve"    // High Volume Email: smtp.hve.mx.microsoft:587, internal recipients
	RouteRelay  Route = "relay"  // port 25 to the MX endpoint, a connector recognizes the site
	RouteDirect Route = "direct" // port 25 to the MX endpoint, no AUTH, internal recipients, SPF
)

// Routes lists them, in the contract's order.
var Routes = []Route{RouteOAuth, RouteBasic, RouteHVE, RouteRelay, RouteDirect}

// ToMX is whether the route reaches the domain's MX endpoint on port 25 (a relay, Direct
// Send), with no account: the mailbox is then the sender.
func (r Route) ToMX() bool { return r == RouteRelay || r == RouteDirect }

// TakesPassword is whether the route can sign in with a password (basic authentication, and
// an HVE account).
func (r Route) TakesPassword() bool { return r == RouteBasic || r == RouteHVE }

// NeedsToken is whether the route signs in with an OAuth token: always for OAuth, for HVE
// when no password is given.
func (r Route) NeedsToken(hasPassword bool) bool {
	return r == RouteOAuth || r == RouteHVE && !hasPassword
}

// Config is what a connection test needs.
type Config struct {
	Route    Route  // RouteOAuth when empty
	Host     string // for a relay or Direct Send, "" means the domain's MX endpoint
	Port     int
	Domain   string // the domain whose MX endpoint (and SPF record) a relay or Direct Send uses
	Auth     string // checks.AuthXOAUTH2, AuthLogin or AuthNone
	User     string // the mailbox that signs in
	Token    string // OAuth access token, in memory only
	Password string // basic authentication's password, in memory only
	From, To string // To == "": stop after AUTH
	Subject  string
	Body     string
	RootCAs  *x509.CertPool // nil: the system's; set only from an explicit option
	Timeout  time.Duration  // each network step

	LoginURL   string                                           // Microsoft's sign-in host to reach over HTTPS ("": skip)
	Proxy      checks.ProxyFunc                                 // nil: checks.SystemProxy()
	Transcript io.Writer                                        // the SMTP dialogue, AUTH redacted
	Resolver   *net.Resolver                                    // nil: the system's
	LookupMX   func(context.Context, string) ([]*net.MX, error) // nil: the resolver's
	LookupTXT  func(context.Context, string) ([]string, error)  // nil: the resolver's
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

// smtpSteps is the sequential part: for a relay or Direct Send the MX endpoint (and the SPF
// record), then DNS, TCP and the SMTP dialogue.
func smtpSteps(ctx context.Context, cfg Config, record func(checks.Step)) {
	toMX := cfg.Route.ToMX()
	if cfg.Route == RouteDirect {
		record(checks.CheckSPF(ctx, cfg.LookupTXT, cfg.Domain, cfg.Timeout))
	}
	if toMX && cfg.Host == "" {
		host, s := checks.LookupMX(ctx, cfg.LookupMX, cfg.Domain, cfg.Timeout)
		if record(s); host == "" {
			return
		}
		cfg.Host = host
	}
	addrs, s := checks.LookupHost(ctx, cfg.Resolver, cfg.Host, cfg.Timeout)
	if record(s); s.Status != checks.Pass {
		return
	}
	addr := net.JoinHostPort(preferIPv4(addrs), strconv.Itoa(cfg.Port))
	conn, s := checks.Connect(ctx, addr, cfg.Timeout)
	s = silentPort(cfg.Port, s)
	if record(s); s.Status != checks.Pass {
		return
	}
	steps := session(cfg, false).Run(ctx, conn)
	if toMX && len(steps) == 1 && slices.Contains(steps[0].Codes, "check:no-starttls") {
		// STARTTLS when offered: this endpoint offers none, so the message goes in clear.
		warn := steps[0]
		warn.Status = checks.Warn
		record(warn)
		if conn, s = checks.Connect(ctx, addr, cfg.Timeout); s.Status != checks.Pass {
			record(s)
			return
		}
		steps = session(cfg, true).Run(ctx, conn)
	}
	for _, s := range steps {
		record(s)
	}
	if cfg.Route == RouteBasic && passed(steps, "auth") {
		record(checks.Step{ID: "basic", Status: checks.Warn, Codes: []string{"check:basic-auth-ending"}})
	}
}

// silentPort names a connection to port 25 that timed out: very likely blocked by the
// internet provider or the firewall, as many block outgoing port 25.
func silentPort(port int, s checks.Step) checks.Step {
	if port == MXPort && slices.Contains(s.Codes, "check:tcp-timeout") {
		s.Codes = []string{"check:port25-blocked"}
	}
	return s
}

// session is the SMTP dialogue of the route.
func session(cfg Config, plain bool) *checks.Session {
	return &checks.Session{Host: cfg.Host, User: cfg.User, Auth: cfg.Auth, Token: cfg.Token, Password: cfg.Password,
		Plain: plain, From: cfg.From, To: cfg.To, Subject: cfg.Subject, Body: cfg.Body, RootCAs: cfg.RootCAs,
		Timeout: cfg.Timeout, Transcript: cfg.Transcript}
}

// passed reports whether the step with that ID ran and passed.
func passed(steps []checks.Step, id string) bool {
	for _, s := range steps {
		if s.ID == id {
			return s.Status == checks.Pass
		}
	}
	return false
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
	toMX := cfg.Route.ToMX()
	switch {
	case cfg.Route == "":
		cfg.Route = RouteOAuth
	case cfg.Route == RouteHVE && cfg.Host == "":
		cfg.Host = HVEHost
	}
	if cfg.Host == "" && !toMX {
		cfg.Host = DefaultHost
	}
	if cfg.Port == 0 && toMX {
		cfg.Port = MXPort
	} else if cfg.Port == 0 {
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
	if cfg.LookupMX == nil {
		cfg.LookupMX = cfg.Resolver.LookupMX
	}
	if cfg.LookupTXT == nil {
		cfg.LookupTXT = cfg.Resolver.LookupTXT
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
var stepOrder = []string{"spf", "mx", "dns", "tcp", "greeting", "starttls", "ehlo", "auth", "mail", "rcpt", "data", "quit", "basic", "https", "clock"}

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
