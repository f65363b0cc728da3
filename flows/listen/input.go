package listen

import (
	"net"
	"strconv"
	"strings"
	"time"

	"mfp365/checks"
	"mfp365/input"
)

// MinTimeout is the shortest listening asked for.
const MinTimeout = time.Second

// Input is a listening as a person asks for it, on the command line: text, not yet checked.
// "" takes the default.
type Input struct {
	Addr    string // host:port to bind
	Timeout string // a Go duration, MinTimeout to MaxTimeout
	Tenant  string // the customer's tenant, for the token-tenant finding
}

// Check validates the input offline and returns the listener's configuration.
func Check(in Input) (Config, error) {
	cfg := Config{Addr: strings.TrimSpace(in.Addr), Timeout: DefaultTimeout}
	if cfg.Addr != "" {
		_, port, err := net.SplitHostPort(cfg.Addr)
		if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
			return cfg, input.Refuse("addr", cfg.Addr, "addr")
		}
	}
	if t := strings.TrimSpace(in.Timeout); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d < MinTimeout || d > MaxTimeout {
			return cfg, input.Refuse("timeout", t, "listen_timeout")
		}
		cfg.Timeout = d
	}
	if in.Tenant != "" {
		var err error
		if cfg.Tenant, err = checks.Tenant(in.Tenant); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}
