// Package discovery finds the printers on the LAN: DNS-SD over mDNS, SNMP (a broadcast GET on
// each local IPv4 subnet plus a unicast sweep, bounded), and WS-Discovery; or, for the
// addresses given, SNMP and their web page only. Records are merged by address and UUID, the
// vendor is told from the SNMP enterprise number and the names the printer gives, the firmware
// is read where the printer tells it (WS-Discovery metadata, else SNMP), and the admin page is
// probed to confirm it. A printer whose admin page answers is asked its clock and the TLS
// versions of its HTTPS page (checks.PrinterClock, checks.PrinterTLS): the findings. Scanning
// starts only when asked, and the whole scan, checks included, is bounded by a timeout and
// cancellable.
package discovery

import (
	"cmp"
	"context"
	"crypto/x509"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"mfp365/checks"
	"mfp365/flows/conntest"
)

// Defaults of the contract (CLI.md).
const (
	DefaultTimeout   = 3 * time.Second
	DefaultCommunity = "public"
	DefaultSNMPPort  = 161
	// sweepWorkers bounds how many SNMP requests are in flight during a sweep.
	sweepWorkers = 64
	// sweepRounds is how many times an address that did not answer is asked.
	sweepRounds = 2
	// maxLocalHosts bounds the sweep of a local subnet to a /22 unless subnets are given.
	maxLocalHosts = 1022
	// checkWorkers bounds how many printers are checked (clock, TLS) at once.
	checkWorkers = 8
	// checkTimeout bounds each check of a printer (within the scan's timeout).
	checkTimeout = 3 * time.Second
)

// Printer is one device found, in CLI.md's shape.
type Printer struct {
	Address  string   `json:"address"`
	Hostname string   `json:"hostname,omitempty"`
	Vendor   string   `json:"vendor,omitempty"`
	Model    string   `json:"model,omitempty"`
	Firmware string   `json:"firmware,omitempty"`
	Serial   string   `json:"serial,omitempty"`
	AdminURL string   `json:"admin_url,omitempty"`
	Sources  []string `json:"sources"`
	Services []string `json:"services,omitempty"`
	// OAuth is whether this model can send with Microsoft OAuth; Route is the way it should
	// send once basic authentication is off ("" when the model is unknown). Both from the
	// readiness table.
	OAuth     OAuth          `json:"oauth"`
	Route     conntest.Route `json:"route,omitempty"`
	Readiness Verdict        `json:"-"` // the table's whole answer: minimum firmware, sign-in, source
	// Findings are the checks of a printer whose admin page answered: "printer-clock" and
	// "printer-tls" (a check that learnt nothing is left out).
	Findings []checks.Step `json:"findings,omitempty"`

	UUID       string `json:"-"` // from WS-Discovery or the mDNS TXT record, for merging
	Guide      string `json:"-"` // the vendor guide to show: epson, nashuatec, webtools, generic
	VendorName string `json:"-"` // the vendor as people write it ("Konica Minolta")
	words      []string
	enterprise int
	adminRank  int // where AdminURL came from: the higher wins (see adminFrom*)
	fwRank     int // where Firmware came from: the higher wins (see firmwareFrom*)
}

// Where an admin URL comes from, in order of trust: the printer's own DNS-SD "adminurl", its
// WS-Discovery presentation URL, a page that answered at its address.
const (
	adminFromHTTP = iota + 1
	adminFromWSD
	adminFromMDNS
)

// Where a firmware version comes from, in order of trust: the SNMP agent (a vendor's OID or the
// sysDescr), the device's own WS-Discovery metadata.
const (
	firmwareFromSNMP = iota + 1
	firmwareFromWSD
)

// Config says where to look.
type Config struct {
	Hosts     []string // probe these only (SNMP and HTTP)
	Subnets   []*net.IPNet
	Community string
	SNMPPort  uint16
	Timeout   time.Duration // the whole scan
	NoMDNS    bool
	NoSNMP    bool
	NoWSD     bool

	WSDTarget string         // test seam: where Probes go (default the WS-Discovery multicast group)
	RootCAs   *x509.CertPool // printers' HTTPS pages verified against these (nil: the system's); tests only
}

// Event reports a printer found or completed.
type Event struct{ Printer Printer }

// Run scans and returns the printers, sorted by address; emit sees each as it is found or
// completed (one call at a time).
func Run(ctx context.Context, cfg Config, emit func(Event)) []Printer {
	cfg = withDefaults(cfg)
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	s := &scan{cfg: cfg, emit: emit, byAddr: map[string]*Printer{}, checkSlots: make(chan struct{}, checkWorkers)}
	var wg sync.WaitGroup
	run := func(f func(context.Context)) {
		wg.Add(1)
		go func() { defer wg.Done(); f(ctx) }()
	}
	if len(cfg.Hosts) > 0 {
		for _, h := range cfg.Hosts {
			run(func(ctx context.Context) { s.probeHost(ctx, h) })
		}
	} else {
		if !cfg.NoSNMP {
			run(s.sweep)
		}
		if !cfg.NoWSD {
			run(s.wsd)
		}
		if !cfg.NoMDNS {
			run(s.mdns)
		}
	}
	wg.Wait()
	s.checks.Wait()
	return s.list()
}

func withDefaults(cfg Config) Config {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Community == "" {
		cfg.Community = DefaultCommunity
	}
	if cfg.SNMPPort == 0 {
		cfg.SNMPPort = DefaultSNMPPort
	}
	if cfg.WSDTarget == "" {
		cfg.WSDTarget = checks.WSDMulticast
	}
	return cfg
}

// scan holds the printers found so far.
type scan struct {
	cfg    Config
	emit   func(Event)
	mu     sync.Mutex
	byAddr map[string]*Printer
	probed map[string]bool // addresses whose admin page answered, "address URL" already probed

	checks     sync.WaitGroup // the checks of the printers under way
	checkSlots chan struct{}  // at most checkWorkers printers checked at once
}

// add merges what a source saw into the record of that address (or of that UUID) and reports
// it; it returns whether the admin page still needs a probe.
func (s *scan) add(seen Printer) {
	s.mu.Lock()
	p := s.byAddr[seen.Address]
	if p == nil && seen.UUID != "" {
		for _, q := range s.byAddr {
			if strings.EqualFold(q.UUID, seen.UUID) {
				p = q
			}
		}
	}
	if p == nil {
		p = &Printer{Address: seen.Address}
		s.byAddr[seen.Address] = p
	}
	merge(p, seen)
	identify(p)
	p.rate()
	out := *p
	s.emit(Event{out})
	s.mu.Unlock()
}

func merge(p *Printer, q Printer) {
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&p.Hostname, q.Hostname)
	fill(&p.Model, q.Model)
	fill(&p.Serial, q.Serial)
	if u := ownAdminURL(q.AdminURL, p.Address, p.Hostname); u != "" && q.adminRank > p.adminRank {
		p.AdminURL, p.adminRank = u, q.adminRank
	}
	if q.Firmware != "" && q.fwRank > p.fwRank {
		p.Firmware, p.fwRank = q.Firmware, q.fwRank
	}
	fill(&p.UUID, q.UUID)
	p.Sources = union(p.Sources, q.Sources)
	p.Services = union(p.Services, q.Services)
	p.words = append(p.words, q.words...)
	if p.enterprise == 0 {
		p.enterprise = q.enterprise
	}
}

// ownAdminURL is an admin page's address as the printer announced it (mDNS adminurl, the
// WS-Discovery presentation URL), made to point at the printer itself: http or https only, on
// its address or its host name (another host is replaced by its address), and without user
// information. What comes from the network is hostile: discovery talks to the printer found
// and nothing else, never sends a password found in a URL and never shows one.
func ownAdminURL(raw, address, hostname string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	host, name := strings.TrimSuffix(strings.ToLower(u.Hostname()), "."), strings.ToLower(hostname)
	if host != strings.ToLower(address) && (name == "" || host != name && strings.TrimSuffix(host, ".local") != name) {
		port := u.Port()
		u.Host = hostPort(address)
		if port != "" {
			u.Host = net.JoinHostPort(address, port)
		}
	}
	u.User = nil
	return u.String()
}

func union(a, b []string) []string {
	for _, x := range b {
		found := false
		for _, y := range a {
			found = found || x == y
		}
		if !found {
			a = append(a, x)
		}
	}
	sort.Strings(a)
	return a
}

func (s *scan) list() []Printer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Printer, 0, len(s.byAddr))
	for _, p := range s.byAddr {
		q := *p
		if q.AdminURL == "" {
			q.AdminURL = "http://" + hostPort(q.Address) + "/" // else the address
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return ipLess(out[i].Address, out[j].Address) })
	return out
}

func ipLess(a, b string) bool {
	ia, ib := net.ParseIP(a), net.ParseIP(b)
	if ia == nil || ib == nil {
		return a < b
	}
	return string(ia.To16()) < string(ib.To16())
}

// probeHost asks one address (a name is resolved) over SNMP and reads its admin page.
func (s *scan) probeHost(ctx context.Context, host string) {
	addr := host
	if net.ParseIP(host) == nil {
		if addrs, err := net.DefaultResolver.LookupHost(ctx, host); err == nil && len(addrs) > 0 {
			addr = addrs[0]
		}
	}
	if !s.cfg.NoSNMP {
		if info, err := checks.QuerySNMP(ctx, addr, s.cfg.SNMPPort, s.cfg.Community, s.snmpTimeout()); err == nil {
			p := fromSNMP(info)
			if addr != host {
				p.Hostname = host
			}
			s.add(p)
		}
	}
	s.probeAdmin(ctx, Printer{Address: addr, Hostname: hostnameIf(addr, host), AdminURL: "http://" + hostPort(addr) + "/"})
}

func hostnameIf(addr, host string) string {
	if addr != host {
		return host
	}
	return ""
}

func hostPort(addr string) string {
	if strings.Contains(addr, ":") {
		return "[" + addr + "]"
	}
	return addr
}

// snmpTimeout is one SNMP request's share of the scan.
func (s *scan) snmpTimeout() time.Duration { return s.cfg.Timeout / 3 }

// probeAdmin reads the admin page of a printer (once) and adds what it says.
func (s *scan) probeAdmin(ctx context.Context, p Printer) {
	s.mu.Lock()
	if s.probed == nil {
		s.probed = map[string]bool{}
	}
	if known := s.byAddr[p.Address]; known != nil && known.AdminURL != "" {
		p.AdminURL = known.AdminURL
	}
	// Once per address, unless a page that did not answer is followed by another URL (SNMP
	// answers before WS-Discovery tells the presentation URL).
	key := p.Address + " " + p.AdminURL
	if s.probed[p.Address] || s.probed[key] {
		s.mu.Unlock()
		return
	}
	s.probed[key] = true
	s.mu.Unlock()
	asked := ownAdminURL(p.AdminURL, p.Address, p.Hostname)
	if asked == "" {
		asked = "http://" + hostPort(p.Address) + "/"
	}
	page, err := checks.ProbeAdminPage(ctx, asked, s.cfg.Timeout/2)
	if err != nil {
		return // no page: the address stands as the admin URL
	}
	s.mu.Lock()
	again := s.probed[p.Address]
	s.probed[p.Address] = true
	s.mu.Unlock()
	if again {
		return // another URL of the same printer answered meanwhile
	}
	p.AdminURL, p.adminRank = page.URL, adminFromHTTP
	p.Sources = []string{"http"}
	p.words = []string{page.Title, page.Server}
	s.add(p)
	s.check(ctx, p.Address, page.URL, asked)
}

// check asks a printer whose admin page answered at pageURL (asked for at asked) its clock and
// its HTTPS page's TLS versions, in the background, at most checkWorkers printers at once and
// within the scan's timeout, then adds the findings. The clock is read over HTTPS when the
// printer has an HTTPS page (the same Date, and no plain-HTTP fallback page in the way); TLS is
// tried on that page's port, else 443. Both go to the printer's address whatever host the URL
// names: a check talks to the printer found and nothing else.
func (s *scan) check(ctx context.Context, addr, pageURL, asked string) {
	target, err := url.Parse(pageURL)
	if err != nil {
		return
	}
	tlsPort := "443"
	for _, u := range []string{pageURL, asked} {
		if pu, err := url.Parse(u); err == nil && pu.Scheme == "https" {
			target = pu
			tlsPort = cmp.Or(pu.Port(), tlsPort)
			break
		}
	}
	if port := target.Port(); port != "" {
		target.Host = net.JoinHostPort(addr, port)
	} else {
		target.Host = hostPort(addr)
	}
	clockURL := target.String()
	s.checks.Add(1)
	go func() {
		defer s.checks.Done()
		select {
		case s.checkSlots <- struct{}{}:
			defer func() { <-s.checkSlots }()
		case <-ctx.Done():
			return
		}
		timeout := checkTimeout
		if d, ok := ctx.Deadline(); ok {
			timeout = min(timeout, time.Until(d))
		}
		if timeout <= 0 {
			return
		}
		var steps [2]checks.Step
		var wg sync.WaitGroup
		wg.Go(func() { steps[0] = checks.PrinterClock(ctx, clockURL, s.cfg.RootCAs, nil, timeout) })
		wg.Go(func() { steps[1] = checks.PrinterTLS(ctx, net.JoinHostPort(addr, tlsPort), s.cfg.RootCAs, timeout) })
		wg.Wait()
		var found []checks.Step
		for _, st := range steps {
			if st.Status != checks.Skip {
				found = append(found, st)
			}
		}
		if len(found) > 0 {
			s.addFindings(addr, found)
		}
	}()
}

// addFindings adds the checks' findings to the printer at addr and reports it.
func (s *scan) addFindings(addr string, found []checks.Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.byAddr[addr]
	if p == nil {
		return
	}
	p.Findings = append(slices.Clone(p.Findings), found...)
	s.emit(Event{*p})
}

// rate looks the printer up in the readiness table.
func (p *Printer) rate() {
	p.Readiness = Readiness(p.Vendor, p.Model, p.Firmware)
	p.OAuth, p.Route = p.Readiness.OAuth, p.Readiness.Route
}

// fromSNMP turns an agent's answer into what it says of the printer.
func fromSNMP(info checks.SNMPInfo) Printer {
	p := Printer{Address: info.Address, Sources: []string{"snmp"}, Hostname: info.Value(checks.OIDSysName),
		Firmware: info.Firmware(), fwRank: firmwareFromSNMP}
	for _, oid := range []string{checks.OIDEpsonModel, checks.OIDCanonModel, checks.OIDRicohModel, checks.OIDHrDeviceDescr} {
		if p.Model = info.Value(oid); p.Model != "" {
			break
		}
	}
	for _, oid := range []string{checks.OIDSerial, checks.OIDEpsonSerial} {
		if p.Serial = info.Value(oid); p.Serial != "" {
			break
		}
	}
	p.words = []string{info.Value(checks.OIDSysDescr), info.Value(checks.OIDHrDeviceDescr), p.Model, p.Hostname}
	p.enterprise = info.Enterprise
	return p
}

// httpClient is the client of the WS-Discovery metadata requests.
var httpClient = &http.Client{Timeout: 2 * time.Second}
