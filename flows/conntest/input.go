package conntest

import (
	"cmp"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"mfp365/checks"
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
	Route          string // RouteOAuth when empty
	Host, Port     string
	User, From, To string
	Domain         string // a relay's or Direct Send's domain ("": the domain of From)
	Password       string // basic authentication (and HVE without a token): in memory only
	Timeout        string // a Go duration
	Cloud          string // whose sign-in host the test reaches: "global", "usgov", "china"
	Authority      string // replaces the cloud's sign-in host (as signin's --authority)
}

// InputError is a value refused before any network traffic. Both faces show it with the
// message MessageID names, Value filled in.
type InputError struct {
	Field string // "route", "user", "from", "to", "domain", "password", "port", "host", "timeout", "cloud", "authority"
	Value string
}

func (e *InputError) Error() string { return fmt.Sprintf("invalid %s %q", e.Field, e.Value) }

// MessageID is the i18n message that explains the error.
func (e *InputError) MessageID() string {
	switch {
	case e.Field == "user" && e.Value == "":
		return "test.error.user"
	case e.Value == "" && (e.Field == "from" || e.Field == "to" || e.Field == "password"):
		return "test.error." + e.Field + "_missing"
	case e.Field == "user" || e.Field == "from" || e.Field == "to":
		return "test.error.address"
	}
	return "test.error." + e.Field
}

// Check validates the input offline and returns the test's configuration (the token, the
// message's texts and the transcript are the caller's to add).
func Check(in Input) (Config, error) {
	cfg := Config{Route: cmp.Or(strings.TrimSpace(in.Route), RouteOAuth), Timeout: DefaultTimeout, Password: in.Password}
	if !slices.Contains(Routes, cfg.Route) {
		return cfg, &InputError{Field: "route", Value: cfg.Route}
	}
	toMX := cfg.Route == RouteRelay || cfg.Route == RouteDirect
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
			return cfg, &InputError{Field: "timeout", Value: t}
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
		return &InputError{Field: "user"}
	case toMX && from == "":
		return &InputError{Field: "from"}
	case toMX && to == "":
		return &InputError{Field: "to"}
	}
	for _, a := range []struct{ field, v string }{{"user", user}, {"from", from}, {"to", to}} {
		if a.v != "" && !isAddress(a.v) {
			return &InputError{Field: a.field, Value: a.v}
		}
	}
	cfg.User, cfg.From, cfg.To = user, cmp.Or(from, user), to
	return nil
}

// checkAuth picks how the route authenticates: basic with a password, HVE with a password or
// a token, OAuth with a token, a relay and Direct Send without AUTH.
func checkAuth(cfg *Config) error {
	switch cfg.Route {
	case RouteBasic:
		if cfg.Password == "" {
			return &InputError{Field: "password"}
		}
		cfg.Auth = checks.AuthLogin
	case RouteHVE:
		if cfg.Password != "" {
			cfg.Auth = checks.AuthLogin
		}
	case RouteRelay, RouteDirect:
		cfg.Auth = checks.AuthNone
	}
	if len(cfg.Password) > maxPassword {
		return &InputError{Field: "password", Value: "…"} // never the password itself
	}
	return nil
}

// routeServer is the server the route reaches: the one given, else the route's own; a relay
// or Direct Send without a host reaches the domain's MX endpoint, resolved by the test.
func routeServer(route, host, port string) (string, int, error) {
	toMX := route == RouteRelay || route == RouteDirect
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
		return "", &InputError{Field: "domain", Value: domain}
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
		return "", 0, &InputError{Field: "host", Value: host}
	}
	if port == "" {
		return host, DefaultPort, nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", 0, &InputError{Field: "port", Value: port}
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
			return "", &InputError{Field: "authority", Value: authority}
		}
		return u.String() + "/", nil
	}
	c, ok := checks.CloudNamed(cloud)
	if cloud != "" && !ok {
		return "", &InputError{Field: "cloud", Value: cloud}
	}
	if !ok {
		c = checks.Clouds[0]
	}
	return c.LoginURL(), nil
}
