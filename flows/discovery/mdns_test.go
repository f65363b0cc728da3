package discovery

import (
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/brutella/dnssd"
)

// TestMDNS browses printers announced by a real mDNS responder (brutella/dnssd). Multicast
// must not leave the machine, so the test runs itself again inside a new network namespace
// whose only interface is a multicast-enabled loopback (unshare -n, as root: CI is).
func TestMDNS(t *testing.T) {
	if os.Getenv("MFP365_NETNS") != "1" {
		reexecInNetns(t, "TestMDNS")
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rp, err := dnssd.NewResponder()
	if err != nil {
		t.Fatal(err)
	}
	for _, svc := range []dnssd.Config{
		{Name: "EPSON WF-C5790 Series", Type: "_ipp._tcp", Domain: "local", Host: "EPSON1A2B3C", Port: 631,
			IPs: []net.IP{net.IPv4(127, 0, 0, 1)}, Ifaces: []string{"lo"},
			Text: map[string]string{"txtvers": "1", "ty": "EPSON WF-C5790 Series", "product": "(WF-C5790 Series)", "usb_MFG": "EPSON",
				"usb_MDL": "WF-C5790 Series", "adminurl": "http://EPSON1A2B3C.local.:80/PRESENTATION/BONJOUR", "UUID": "cfe92100-67c4-11d4-a45f-f8d027123456",
				"note": "Bureau 2"}},
		{Name: "NAS web", Type: "_http._tcp", Domain: "local", Host: "nas", Port: 80, IPs: []net.IP{net.IPv4(127, 0, 0, 2)},
			Ifaces: []string{"lo"}, Text: map[string]string{"path": "/"}},
	} {
		sv, err := dnssd.NewService(svc)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rp.Add(sv); err != nil {
			t.Fatal(err)
		}
	}
	go rp.Respond(ctx)
	time.Sleep(1500 * time.Millisecond) // the responder probes its names before answering
	got := Run(context.Background(), Config{NoSNMP: true, NoWSD: true, Timeout: 2 * time.Second}, func(Event) {})
	if len(got) != 1 {
		t.Fatalf("%+v", got)
	}
	p := got[0]
	if p.Address != "127.0.0.1" || p.Vendor != "epson" || p.Model != "WF-C5790 Series" || p.UUID != "cfe92100-67c4-11d4-a45f-f8d027123456" ||
		p.AdminURL != "http://EPSON1A2B3C.local.:80/PRESENTATION/BONJOUR" || p.Sources[0] != "mdns" || p.Services[0] != "_ipp._tcp" {
		t.Errorf("%+v", p)
	}
}

// reexecInNetns runs one test of this binary in a new network namespace with a multicast
// loopback, and fails with its output if it fails.
func reexecInNetns(t *testing.T, name string) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a network namespace (CI runs as root)")
	}
	for _, tool := range []string{"unshare", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed (make test installs util-linux and iproute2)", tool)
		}
	}
	script := "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && exec \"$0\" -test.run '^" + name + "$' -test.v"
	cmd := exec.Command("unshare", "-n", "--", "sh", "-c", script, os.Args[0])
	cmd.Env = append(os.Environ(), "MFP365_NETNS=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
		t.Fatalf("in the network namespace: %v\n%s", err, out)
	}
}
