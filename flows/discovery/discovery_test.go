package discovery

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mfp365/checks"
	"mfp365/internal/snmpdtest"
	"mfp365/internal/wsdtest"
)

var epson = snmpdtest.Printer{Descr: "EPSON WF-C5790 Series", ObjectID: "1.3.6.1.4.1.1248.1.2.2.1.1.1.1", Name: "EPSON1A2B3C",
	Strings: map[string]string{checks.OIDEpsonModel: "WF-C5790 Series", checks.OIDSerial: "X4ZZ012345"}}

func collect(t *testing.T, cfg Config) ([]Printer, int) {
	var mu sync.Mutex
	events := 0
	out := Run(context.Background(), cfg, func(Event) { mu.Lock(); events++; mu.Unlock() })
	return out, events
}

func TestHostOverSNMP(t *testing.T) {
	for _, tc := range []struct {
		agent         snmpdtest.Printer
		vendor, guide string
		model, serial string
	}{
		{epson, "epson", "epson", "WF-C5790 Series", "X4ZZ012345"},
		{snmpdtest.Printer{Descr: "NASHUATEC IM C3000 1.02 / NASHUATEC Network Printer C model", ObjectID: "1.3.6.1.4.1.367.1.1", Name: "NASHUATEC-C3000",
			Strings: map[string]string{checks.OIDRicohModel: "IM C3000"}}, "nashuatec", "nashuatec", "IM C3000", ""},
		{snmpdtest.Printer{Descr: "RICOH IM C3000", ObjectID: "1.3.6.1.4.1.367.1.1", Name: "RNP0026737A1B2C"}, "ricoh", "nashuatec", "", ""},
		{snmpdtest.Printer{Descr: "Printer", ObjectID: "1.3.6.1.4.1.1347.41", Name: "KM4A5B6C"}, "kyocera", "generic", "", ""},
	} {
		t.Run(tc.vendor, func(t *testing.T) {
			port := snmpdtest.Start(t, tc.agent)
			got, _ := collect(t, Config{Hosts: []string{"127.0.0.1"}, SNMPPort: port, Timeout: 2 * time.Second})
			if len(got) != 1 {
				t.Fatalf("%+v", got)
			}
			p := got[0]
			if p.Address != "127.0.0.1" || p.Vendor != tc.vendor || p.Guide != tc.guide || p.Model != tc.model || p.Serial != tc.serial ||
				p.AdminURL != "http://127.0.0.1/" || len(p.Sources) == 0 || p.Sources[0] != "snmp" {
				t.Errorf("%+v", p)
			}
		})
	}
}

func TestSweepAndWSDMerge(t *testing.T) {
	port := snmpdtest.Start(t, epson)
	wsd := wsdtest.Start(t, wsdtest.Device{UUID: "cfe92100-67c4-11d4-a45f-f8d027123456", Manufacturer: "EPSON",
		Model: "WF-C5790 Series", Serial: "X4ZZ012345", Presentation: "http://127.0.0.1/PRESENTATION/HTML/TOP/PRTINFO.HTML"})
	_, subnet, _ := net.ParseCIDR("127.0.0.1/32")
	got, events := collect(t, Config{Subnets: []*net.IPNet{subnet}, SNMPPort: port, WSDTarget: wsd, NoMDNS: true, Timeout: 2 * time.Second})
	if len(got) != 1 || events < 2 {
		t.Fatalf("%d events: %+v", events, got)
	}
	p := got[0]
	if p.Vendor != "epson" || p.UUID != "cfe92100-67c4-11d4-a45f-f8d027123456" || p.AdminURL != "http://127.0.0.1/PRESENTATION/HTML/TOP/PRTINFO.HTML" ||
		len(p.Sources) != 2 || p.Sources[0] != "snmp" || p.Sources[1] != "wsd" {
		t.Errorf("%+v", p)
	}
}

// TestSweepIsBounded: a /24 is asked at most 254 times per round, in at most 2 rounds, and the
// scan ends at its timeout even when nothing answers.
func TestSweepIsBounded(t *testing.T) {
	conn, err := net.ListenPacket("udp4", "0.0.0.0:0") // receives what is sent to any 127.x address
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var packets atomic.Int64
	go func() {
		buf := make([]byte, 2048)
		for {
			if _, _, err := conn.ReadFrom(buf); err != nil {
				return
			}
			packets.Add(1)
		}
	}()
	_, subnet, _ := net.ParseCIDR("127.0.0.0/24")
	start := time.Now()
	got, _ := collect(t, Config{Subnets: []*net.IPNet{subnet}, SNMPPort: uint16(conn.LocalAddr().(*net.UDPAddr).Port),
		NoWSD: true, NoMDNS: true, Timeout: 1500 * time.Millisecond})
	took := time.Since(start)
	time.Sleep(100 * time.Millisecond)
	if n := packets.Load(); n < 254 || n > 2*254 {
		t.Errorf("%d SNMP requests for a /24, want 254 to 508", n)
	}
	if len(got) != 0 || took > 3*time.Second {
		t.Errorf("%d printers after %v", len(got), took)
	}
}

func TestHostsOf(t *testing.T) {
	for cidr, want := range map[string]int{"192.0.2.0/24": 254, "192.0.2.8/30": 2, "192.0.2.9/32": 1, "10.0.0.0/16": 65534} {
		_, n, _ := net.ParseCIDR(cidr)
		if got := len(hostsOf(n, false)); got != want {
			t.Errorf("%s: %d hosts, want %d", cidr, got, want)
		}
	}
	_, n, _ := net.ParseCIDR("10.0.0.0/16")
	if got := len(hostsOf(n, true)); got != maxLocalHosts {
		t.Errorf("local /16: %d hosts, want at most %d", got, maxLocalHosts)
	}
}

func TestFromMDNS(t *testing.T) {
	p, ok := fromMDNS("_ipp._tcp", "EPSON1A2B3C.local.", []net.IP{net.ParseIP("fe80::1"), net.ParseIP("192.0.2.10")}, 631,
		map[string]string{"ty": "EPSON WF-C5790 Series", "product": "(WF-C5790 Series)", "adminurl": "http://EPSON1A2B3C.local.:80/PRESENTATION/BONJOUR",
			"UUID": "cfe92100-67c4-11d4-a45f-f8d027123456", "usb_MFG": "EPSON"})
	identify(&p)
	if !ok || p.Address != "192.0.2.10" || p.Hostname != "EPSON1A2B3C.local" || p.Model != "WF-C5790 Series" || p.Vendor != "epson" ||
		p.AdminURL != "http://EPSON1A2B3C.local.:80/PRESENTATION/BONJOUR" || p.Services[0] != "_ipp._tcp" {
		t.Errorf("%+v", p)
	}
	if _, ok := fromMDNS("_http._tcp", "nas.local.", []net.IP{net.ParseIP("192.0.2.5")}, 80, map[string]string{"path": "/"}); ok {
		t.Error("a web server that is not a printer was kept")
	}
}

func FuzzFromMDNS(f *testing.F) {
	f.Add("_ipp._tcp", "h.local.", "192.0.2.1", "ty", "EPSON WF", "adminurl", "javascript:alert(1)")
	f.Fuzz(func(t *testing.T, service, host, ip, k1, v1, k2, v2 string) {
		p, ok := fromMDNS(service, host, []net.IP{net.ParseIP(ip)}, 631, map[string]string{k1: v1, k2: v2})
		if !ok {
			return
		}
		if p.AdminURL != "" && p.AdminURL[:4] != "http" {
			t.Errorf("admin URL %q kept", p.AdminURL)
		}
		if len(p.Model) > 256 {
			t.Errorf("model of %d bytes", len(p.Model))
		}
	})
}

// TestFirmwareAndFindings: the WS-Discovery metadata's firmware wins over the SNMP agent's; the
// admin page (the device's presentation URL, an HTTPS server stuck at TLS 1.1 whose clock is 3
// hours behind) gets both findings, asked at the printer's address.
func TestFirmwareAndFindings(t *testing.T) {
	page := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(-3*time.Hour).UTC().Format(http.TimeFormat))
		fmt.Fprint(w, "<title>EPSON WF-C5790 Series</title>")
	}))
	page.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
	page.Config.ErrorLog = log.New(io.Discard, "", 0)
	page.StartTLS()
	defer page.Close()
	_, port, _ := net.SplitHostPort(page.Listener.Addr().String())
	agent := epson
	agent.Strings = map[string]string{checks.OIDEpsonModel: "WF-C5790 Series", checks.OIDPrtInterpreterVersion: "CW03N4"}
	snmpPort := snmpdtest.Start(t, agent)
	wsd := wsdtest.Start(t, wsdtest.Device{UUID: "cfe92100-67c4-11d4-a45f-f8d027123456", Manufacturer: "EPSON",
		Model: "WF-C5790 Series", Firmware: "CW03N5", Presentation: "https://localhost:" + port + "/PRESENTATION/HTML/TOP/PRTINFO.HTML"})
	_, subnet, _ := net.ParseCIDR("127.0.0.1/32")
	var mu sync.Mutex
	var last Printer
	roots := x509.NewCertPool() // the page's certificate, trusted explicitly (a printer's own is not)
	roots.AddCert(page.Certificate())
	got := Run(context.Background(), Config{Subnets: []*net.IPNet{subnet}, SNMPPort: snmpPort, WSDTarget: wsd, NoMDNS: true, Timeout: 3 * time.Second,
		RootCAs: roots},
		func(e Event) { mu.Lock(); last = e.Printer; mu.Unlock() })
	if len(got) != 1 {
		t.Fatalf("%+v", got)
	}
	p := got[0]
	if p.Firmware != "CW03N5" || p.Vendor != "epson" {
		t.Errorf("firmware %q, vendor %q", p.Firmware, p.Vendor)
	}
	if len(p.Findings) != 2 {
		t.Fatalf("findings %+v", p.Findings)
	}
	byID := map[string]checks.Step{}
	for _, f := range p.Findings {
		byID[f.ID] = f
	}
	if c := byID["printer-clock"]; c.Status != checks.Warn || len(c.Codes) != 1 || c.Codes[0] != "check:printer-clock" || !strings.HasPrefix(c.Detail, "-3h0m") {
		t.Errorf("clock %+v", c)
	}
	if c := byID["printer-tls"]; c.Status != checks.Warn || len(c.Codes) != 1 || c.Codes[0] != "check:printer-tls-old" || !strings.HasPrefix(c.Detail, "TLS 1.1 (TLS 1.1)") {
		t.Errorf("tls %+v", c)
	}
	if mu.Lock(); len(last.Findings) != 2 {
		t.Errorf("the last event did not carry the findings: %+v", last)
	}
	mu.Unlock()
	// The JSON keeps CLI.md's shape and adds firmware and findings.
	b, _ := json.Marshal(p)
	for _, k := range []string{`"address":"127.0.0.1"`, `"firmware":"CW03N5"`, `"findings":[{"id":"printer-`, `"codes":["check:printer-`, `"sources":["http","snmp","wsd"]`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON without %s: %s", k, b)
		}
	}
}

// TestFirmwareFromSNMP: without WS-Discovery, the agent's firmware (Ricoh's sysDescr here); no
// admin page, no findings.
func TestFirmwareFromSNMP(t *testing.T) {
	port := snmpdtest.Start(t, snmpdtest.Printer{Descr: "NASHUATEC IM C3000 1.02 / NASHUATEC Network Printer C model", ObjectID: "1.3.6.1.4.1.367.1.1",
		Name: "NASHUATEC-C3000", Strings: map[string]string{checks.OIDRicohModel: "IM C3000"}})
	got, _ := collect(t, Config{Hosts: []string{"127.0.0.1"}, SNMPPort: port, Timeout: time.Second})
	if len(got) != 1 || got[0].Firmware != "1.02" || got[0].Vendor != "nashuatec" || len(got[0].Findings) != 0 {
		t.Errorf("%+v", got)
	}
}
