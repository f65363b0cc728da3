package discovery

import (
	"cmp"
	"context"
	"encoding/binary"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/brutella/dnssd"
	"github.com/gosnmp/gosnmp"

	"mfp365/checks"
)

// sweep asks every address of the subnets over SNMP: v2c in the first round, v1 in the
// second for the addresses that did not answer, at most sweepWorkers requests in flight.
func (s *scan) sweep(ctx context.Context) {
	hosts := sweepHosts(s.cfg.Subnets)
	if len(hosts) == 0 {
		return
	}
	if len(s.cfg.Subnets) == 0 { // on the local subnets, one broadcast GET first asks everyone at once
		answered := s.broadcast(ctx)
		kept := hosts[:0]
		for _, h := range hosts {
			if !answered[h] {
				kept = append(kept, h)
			}
		}
		hosts = kept
	}
	batches := (len(hosts) + sweepWorkers - 1) / sweepWorkers
	timeout := min(max(s.cfg.Timeout/time.Duration(sweepRounds*batches+1), 100*time.Millisecond), time.Second)
	for _, version := range []gosnmp.SnmpVersion{checks.SNMPv2c, checks.SNMPv1} {
		var next []string
		var mu sync.Mutex
		work := make(chan string)
		var wg sync.WaitGroup
		for range min(sweepWorkers, len(hosts)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for h := range work {
					info, err := checks.QuerySNMPVersion(ctx, h, s.cfg.SNMPPort, s.cfg.Community, version, timeout)
					if err != nil {
						mu.Lock()
						next = append(next, h)
						mu.Unlock()
						continue
					}
					s.add(fromSNMP(info))
					s.probeAdmin(ctx, Printer{Address: h, AdminURL: "http://" + hostPort(h) + "/"})
				}
			}()
		}
	feed:
		for _, h := range hosts {
			select {
			case work <- h:
			case <-ctx.Done():
				break feed
			}
		}
		close(work)
		wg.Wait()
		if hosts = next; len(hosts) == 0 || ctx.Err() != nil {
			return
		}
	}
}

// broadcast sends the SNMP GET to each local subnet's broadcast address and adds the agents
// that answer; it returns their addresses.
func (s *scan) broadcast(ctx context.Context) map[string]bool {
	answered := map[string]bool{}
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, n := range localSubnets() {
		found, err := checks.BroadcastSNMP(ctx, checks.BroadcastAddress(n, s.cfg.SNMPPort), s.cfg.Community, s.cfg.Timeout/4)
		if err != nil {
			continue
		}
		for _, info := range found {
			answered[info.Address] = true
			s.add(fromSNMP(info))
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.probeAdmin(ctx, Printer{Address: info.Address, AdminURL: "http://" + hostPort(info.Address) + "/"})
			}()
		}
	}
	return answered
}

// sweepHosts lists the host addresses of the subnets given, else of the local IPv4 subnets of
// up, non-loopback interfaces (each cut to the /22 around the interface's address).
func sweepHosts(subnets []*net.IPNet) []string {
	given := len(subnets) > 0
	if !given {
		subnets = localSubnets()
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range subnets {
		for _, h := range hostsOf(n, !given) {
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	return out
}

func localSubnets() []*net.IPNet {
	var out []*net.IPNet
	ifaces, _ := net.Interfaces()
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil {
				ones, _ := n.Mask.Size()
				if ones < 22 {
					n = &net.IPNet{IP: n.IP.Mask(net.CIDRMask(22, 32)), Mask: net.CIDRMask(22, 32)}
				}
				out = append(out, n)
			}
		}
	}
	return out
}

// hostsOf lists a subnet's host addresses (without network and broadcast addresses from /30
// up), at most maxLocalHosts for a local subnet.
func hostsOf(n *net.IPNet, local bool) []string {
	ip4 := n.IP.To4()
	if ip4 == nil {
		return nil
	}
	ones, bits := n.Mask.Size()
	size := uint32(1) << uint(bits-ones)
	first, last := uint32(0), size-1
	if size > 2 {
		first, last = 1, size-2
	}
	base := binary.BigEndian.Uint32(ip4.Mask(n.Mask))
	var out []string
	for i := first; i <= last && (!local || len(out) < maxLocalHosts) && len(out) < 1<<16; i++ {
		b := make(net.IP, 4)
		binary.BigEndian.PutUint32(b, base+i)
		out = append(out, b.String())
	}
	return out
}

// wsd probes for WS-Discovery devices and reads each one's metadata.
func (s *scan) wsd(ctx context.Context) {
	found, err := checks.ProbeWSD(ctx, s.cfg.WSDTarget, s.cfg.Timeout/2)
	if err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, d := range found {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if len(d.XAddrs) > 0 {
				_ = checks.WSDMetadata(ctx, httpClient, &d, d.XAddrs[0])
			}
			p := Printer{Address: d.Address, UUID: strings.TrimPrefix(d.EndpointID, "urn:uuid:"), Model: d.Model,
				Serial: d.Serial, Firmware: d.Firmware, fwRank: firmwareFromWSD,
				AdminURL: d.Presentation, adminRank: adminFromWSD, Sources: []string{"wsd"},
				words: []string{d.Manufacturer, d.Model, d.FriendlyName}}
			s.add(p)
			s.probeAdmin(ctx, p)
		}()
	}
	wg.Wait()
}

// ServiceTypes are the DNS-SD types printers and scanners announce.
var ServiceTypes = []string{"_ipp._tcp", "_ipps._tcp", "_printer._tcp", "_pdl-datastream._tcp", "_uscan._tcp", "_uscans._tcp", "_http._tcp"}

// mdns browses the printer service types over multicast DNS.
func (s *scan) mdns(ctx context.Context) {
	var wg sync.WaitGroup
	for _, t := range ServiceTypes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = dnssd.LookupType(ctx, t+".local.", func(e dnssd.BrowseEntry) {
				wg.Add(1)
				go func() { // resolve again when the answer came without its TXT or addresses
					defer wg.Done()
					host, ips, port, text := e.Host, e.IPs, e.Port, e.Text
					if len(text) == 0 || len(ips) == 0 {
						if sv, err := dnssd.LookupInstance(ctx, e.EscapedServiceInstanceName()); err == nil {
							host, port, text = cmp.Or(host, sv.Host), max(port, sv.Port), sv.Text
							if len(ips) == 0 {
								ips = sv.IPs
							}
						}
					}
					if p, ok := fromMDNS(t, host, ips, port, text); ok {
						s.add(p)
						s.probeAdmin(ctx, p)
					}
				}()
			}, func(dnssd.BrowseEntry) {})
		}()
	}
	wg.Wait()
}

// fromMDNS reads a DNS-SD announcement: the TXT keys ty, product, usb_MFG, usb_MDL, adminurl,
// note and UUID. A plain _http._tcp service counts only when it names a printer vendor.
func fromMDNS(service, host string, ips []net.IP, port int, txt map[string]string) (Printer, bool) {
	var addr string
	for _, ip := range ips {
		if ip.To4() != nil {
			addr = ip.String()
			break
		}
	}
	if addr == "" && len(ips) > 0 {
		addr = ips[0].String()
	}
	if addr == "" {
		return Printer{}, false
	}
	get := func(k string) string {
		for key, v := range txt {
			if strings.EqualFold(key, k) {
				return clean(v)
			}
		}
		return ""
	}
	p := Printer{Address: addr, Hostname: strings.TrimSuffix(host, "."), Sources: []string{"mdns"}, Services: []string{service},
		UUID: get("UUID"), AdminURL: get("adminurl"), adminRank: adminFromMDNS,
		words: []string{get("ty"), get("product"), get("usb_MFG"), get("usb_MDL"), get("note"), host}}
	p.Model = strings.Trim(get("product"), "()")
	if p.Model == "" {
		p.Model = get("usb_MDL")
	}
	if p.Model == "" {
		p.Model = get("ty")
	}
	if service == "_http._tcp" {
		probe := p
		identify(&probe)
		if probe.Vendor == "" {
			return Printer{}, false
		}
	}
	if p.AdminURL != "" && !strings.HasPrefix(p.AdminURL, "http://") && !strings.HasPrefix(p.AdminURL, "https://") {
		p.AdminURL = ""
	}
	return p, true
}

func clean(s string) string {
	if len(s) > 256 {
		s = s[:256]
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0xfffd {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}
