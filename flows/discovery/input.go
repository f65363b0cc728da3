package discovery

import (
	"net"
	"strconv"
	"strings"
	"time"

	"mfp365/input"
)

// Bounds of a discovery's values.
const (
	MinTimeout      = 100 * time.Millisecond
	MaxTimeout      = time.Minute
	minSubnetPrefix = 16 // a given subnet may be at most a /16
	maxHosts        = 1024
	maxHost         = 253 // a DNS name's length
)

// Input is a discovery as a person asks for it, on the command line or in the window: text,
// not yet checked. "" takes the default.
type Input struct {
	Timeout               string // a Go duration
	SNMPPort              string
	Subnets               []string // CIDR, IPv4
	Hosts                 []string // probe these addresses or names only
	Community             string
	NoMDNS, NoSNMP, NoWSD bool
}

// Check validates the input offline and returns the discovery's configuration.
func Check(in Input) (Config, error) {
	cfg := Config{Timeout: DefaultTimeout, Community: in.Community, NoMDNS: in.NoMDNS, NoSNMP: in.NoSNMP, NoWSD: in.NoWSD}
	if t := strings.TrimSpace(in.Timeout); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d < MinTimeout || d > MaxTimeout {
			return cfg, input.Refuse("timeout", t, "discover_timeout")
		}
		cfg.Timeout = d
	}
	if p := strings.TrimSpace(in.SNMPPort); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return cfg, input.Refuse("snmp_port", p, "port")
		}
		cfg.SNMPPort = uint16(n)
	}
	for _, s := range in.Subnets {
		_, n, err := net.ParseCIDR(strings.TrimSpace(s))
		if err != nil || n.IP.To4() == nil {
			return cfg, input.Refuse("subnet", s, "subnet")
		}
		if ones, _ := n.Mask.Size(); ones < minSubnetPrefix {
			return cfg, input.Refuse("subnet", s, "subnet_size")
		}
		cfg.Subnets = append(cfg.Subnets, n)
	}
	if len(in.Hosts) > maxHosts {
		return cfg, input.Refuse("host", "", "hosts")
	}
	for _, h := range in.Hosts {
		h, err := CheckHost(h)
		if err != nil {
			return cfg, err
		}
		cfg.Hosts = append(cfg.Hosts, h)
	}
	return cfg, nil
}

// CheckHost checks one printer's address as typed: an IP address or a host name.
func CheckHost(h string) (string, error) {
	h = strings.TrimSpace(h)
	if h == "" || len(h) > maxHost || strings.ContainsAny(h, " /\\@") {
		return "", input.Refuse("host", h, "printer_address")
	}
	return h, nil
}
