package conntest

import (
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"mfp365/checks"
)

// Bounds of a test's values.
const (
	MinTimeout = 100 * time.Millisecond
	MaxTimeout = 5 * time.Minute
	maxAddress = 254 // RFC 5321's path limit
	maxHost    = 253
)

// Input is a connection test as a person gives it, on the command line or in the window:
// text, not yet checked. "" takes the default.
type Input struct {
	Host, Port     string
	User, From, To string
	Timeout        string // a Go duration
	Cloud          string // whose sign-in host the test reaches: "global", "usgov", "china"
	Authority      string // replaces the cloud's sign-in host (as signin's --authority)
}

// InputError is a value refused before any network traffic. Both faces show it with the
// message MessageID names, Value filled in.
type InputError struct {
	Field string // "user", "from", "to", "port", "host", "timeout", "cloud", "authority"
	Value string
}

func (e *InputError) Error() string { return fmt.Sprintf("invalid %s %q", e.Field, e.Value) }

// MessageID is the i18n message that explains the error.
func (e *InputError) MessageID() string {
	switch {
	case e.Field == "user" && e.Value == "":
		return "test.error.user"
	case e.Field == "user" || e.Field == "from" || e.Field == "to":
		return "test.error.address"
	}
	return "test.error." + e.Field
}

// Check validates the input offline and returns the test's configuration (the token, the
// message's texts and the transcript are the caller's to add).
func Check(in Input) (Config, error) {
	cfg := Config{Host: DefaultHost, Port: DefaultPort, Timeout: DefaultTimeout}
	user, from, to := strings.TrimSpace(in.User), strings.TrimSpace(in.From), strings.TrimSpace(in.To)
	if user == "" {
		return cfg, &InputError{Field: "user"}
	}
	for _, a := range []struct{ field, v string }{{"user", user}, {"from", from}, {"to", to}} {
		if a.v != "" && !isAddress(a.v) {
			return cfg, &InputError{Field: a.field, Value: a.v}
		}
	}
	cfg.User, cfg.From, cfg.To = user, from, to
	if cfg.From == "" {
		cfg.From = user
	}
	var err error
	if cfg.Host, cfg.Port, err = Server(in.Host, in.Port); err != nil {
		return cfg, err
	}
	if t := strings.TrimSpace(in.Timeout); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d < MinTimeout || d > MaxTimeout {
			return cfg, &InputError{Field: "timeout", Value: t}
		}
		cfg.Timeout = d
	}
	cfg.LoginURL, err = loginURL(in.Cloud, in.Authority)
	return cfg, err
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
