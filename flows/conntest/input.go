package conntest

import (
	"cmp"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"mfp365/checks"
	"mfp365/input"
)

// Bounds of a test's values.
const (
	MinTimeout  = 100 * time.Millisecond
	MaxTimeout  = 5 * time.Minute
	maxAddress  = 254 // RFC 5321's path limit
	maxHost     = 253
	maxPassword = 1024
)

// Input is a connection test as a person gives it, on the command line or in the window:
// text, not yet checked. "" takes the default.
type Input struct {
	Route          Route // RouteOAuth when empty; checked against Routes
	Host, Port     string
	User, From, To string
	Domain         string // a relay's or Direct Send's domain ("": the domain of From)
	Password       string // basic authentication (and HVE without a token): in memory only
	Timeout        string // a Go duration
	Cloud          string // whose sign-in host the test reaches: "global", "usgov", "china"
	Authority      string // replaces the cloud's sign-in host (as signin's --authority)
}

// Check validates the input offline and returns the test's configuration (the token, the
// message's texts and the transcript are the caller's to add).
func Check(in Input) (Config, error) {
	cfg := Config{Route: cmp.Or(Route(strings.TrimSpace(string(in.Route))), RouteOAuth), Timeout: DefaultTimeout, Password: in.Password}
	if !slices.Contains(Routes, cfg.Route) {
		return cfg, input.Refuse("route", string(cfg.Route), "route")
	}
	toMX := cfg.Route.ToMX()
	if err := checkAddresses(&cfg, in, toMX); err != nil {
		return cfg, err
	}
	if err := checkAuth(&cfg); err != nil {
		return cfg, err
	}
	var err error
	if cfg.Host, cfg.Port, err = routeServer(cfg.Route, in.Host, in.Port); err != nil {
		return cfg, err
	}
	if toMX {
		if cfg.Domain, err = mxDomain(in.Domain, cfg.From); err != nil {
			return cfg, err
		}
	}
	if t := strings.TrimSpace(in.Timeout); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d < MinTimeout || d > MaxTimeout {
			return cfg, input.Refuse("timeout", t, "timeout")
		}
		cfg.Timeout = d
	}
	if cfg.Auth == checks.AuthXOAUTH2 { // Microsoft's sign-in host matters to a token only
		cfg.LoginURL, err = loginURL(in.Cloud, in.Authority)
	}
	return cfg, err
}

// checkAddresses: a mailbox signs in to Exchange Online and HVE; a relay or Direct Send has no
// account but needs a sender and a recipient.
func checkAddresses(cfg *Config, in Input, toMX bool) error {
	user, from, to := strings.TrimSpace(in.User), strings.TrimSpace(in.From), strings.TrimSpace(in.To)
	switch {
	case !toMX && user == "":
		return input.Refuse("user", "", "user_missing")
	case toMX && from == "":
		return input.Refuse("from", "", "from_missing")
	case toMX && to == "":
		return input.Refuse("to", "", "to_missing")
	}
	for _, a := range []struct{ field, v string }{{"user", user}, {"from", from}, {"to", to}} {
		if a.v != "" && !isAddress(a.v) {
			return input.Refuse(a.field, a.v, "address")
		}
	}
	cfg.User, cfg.From, cfg.To = user, cmp.Or(from, user), to
	return nil
}

// checkAuth picks how the route authenticates: as the route says, with the password when
// it takes one and a token otherwise; a relay and Direct Send without AUTH.
func checkAuth(cfg *Config) error {
	switch {
	case len(cfg.Password) > maxPassword:
		return input.Refuse("password", "", "password_long") // never the password itself
	case cfg.Route.ToMX():
		cfg.Auth = checks.AuthNone
	case cfg.Route.NeedsToken(cfg.Password != ""):
		cfg.Auth = checks.AuthXOAUTH2
	case cfg.Password == "":
		return input.Refuse("password", "", "password_missing")
	default:
		cfg.Auth = checks.AuthLogin
	}
	return nil
}

// routeServer is the server the route reaches: the one given, else the route's own; a relay
// or Direct Send without a host reaches the domain's MX endpoint, resolved by the test.
func routeServer(route Route, host, port string) (string, int, error) {
	toMX := route.ToMX()
	host, port = strings.TrimSpace(host), strings.TrimSpace(port)
	switch {
	case route == RouteHVE && host == "":
		host = HVEHost
	case toMX && port == "":
		port = strconv.Itoa(MXPort)
	}
	if toMX && host == "" {
		_, p, err := Server("mx", port)
		return "", p, err
	}
	return Server(host, port)
}

// mxDomain is the domain whose MX endpoint a relay or Direct Send reaches: the one given, else
// the sender's.
func mxDomain(domain, from string) (string, error) {
	domain = strings.ToLower(strings.TrimSpace(domain))
	if domain == "" {
		domain = strings.ToLower(from[strings.LastIndexByte(from, '@')+1:])
	}
	if _, err := checks.Tenant(domain); err != nil || !strings.Contains(domain, ".") {
		return "", input.Refuse("domain", domain, "domain")
	}
	return domain, nil
}

// Server checks the SMTP server and port as typed ("" takes the default).
func Server(host, port string) (string, int, error) {
	host, port = strings.TrimSpace(host), strings.TrimSpace(port)
	if host == "" {
		host = DefaultHost
	}
	if len(host) > maxHost || strings.ContainsAny(host, " /:@") {
		return "", 0, input.Refuse("host", host, "host")
	}
	if port == "" {
		return host, DefaultPort, nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", 0, input.Refuse("port", port, "port")
	}
	return host, n, nil
}

// isAddress accepts a bare e-mail address (no display name), as a printer's fields take it.
func isAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= maxAddress
}

// loginURL is the sign-in host whose reachability is tested: the authority, else the cloud's.
func loginURL(cloud, authority string) (string, error) {
	if authority != "" {
		u, err := checks.Authority(authority)
		if err != nil {
			return "", input.Refuse("authority", authority, "authority")
		}
		return u.String() + "/", nil
	}
	c, ok := checks.CloudNamed(cloud)
	if cloud != "" && !ok {
		return "", input.Refuse("cloud", cloud, "cloud")
	}
	if !ok {
		c = checks.Clouds[0]
	}
	return c.LoginURL(), nil
}

// Mailbox checks the sending mailbox as typed: "" with no error when nothing was typed yet.
func Mailbox(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s != "" && !isAddress(s) {
		return "", input.Refuse("mailbox", s, "address")
	}
	return s, nil
}
