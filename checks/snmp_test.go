package checks

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/gosnmp/gosnmp"

	"mfp365/internal/snmpdtest"
)

func TestQuerySNMPWithSnmpd(t *testing.T) {
	port := snmpdtest.Start(t, snmpdtest.Printer{Descr: "EPSON WF-C5790 Series", ObjectID: "1.3.6.1.4.1.1248.1.2.2.1.1.1.1",
		Name: "EPSON1A2B3C", Strings: map[string]string{OIDSerial: "X4ZZ012345", OIDEpsonModel: "WF-C5790 Series", OIDHrDeviceDescr: "EPSON WF-C5790 Series"}})
	info, err := QuerySNMP(context.Background(), "127.0.0.1", port, "public", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if info.Enterprise != 1248 || info.Value(OIDSysName) != "EPSON1A2B3C" || info.Value(OIDSerial) != "X4ZZ012345" ||
		info.Value(OIDEpsonModel) != "WF-C5790 Series" || info.Value(OIDRicohModel) != "" {
		t.Errorf("%+v", info)
	}
	// A wrong community gets no answer: the query ends at the timeout, in error.
	if _, err := QuerySNMP(context.Background(), "127.0.0.1", port, "private", 200*time.Millisecond); err == nil {
		t.Error("a wrong community was answered")
	}
}

func FuzzSNMPString(f *testing.F) {
	f.Add([]byte("EPSON WF-C5790\x00 Series"), true)
	f.Add([]byte(".1.3.6.1.4.1.367.1.1"), false)
	f.Fuzz(func(t *testing.T, b []byte, octets bool) {
		var s string
		if octets {
			s = SNMPString(gosnmp.OctetString, b)
		} else {
			s = SNMPString(gosnmp.ObjectIdentifier, string(b))
			EnterpriseOf(s)
		}
		if len(s) > 256*4 {
			t.Errorf("value of %d bytes", len(s))
		}
		for _, r := range s {
			if r < 0x20 {
				t.Errorf("control character in %q", s)
			}
		}
	})
}

func TestEnterpriseOf(t *testing.T) {
	for oid, want := range map[string]int{"1.3.6.1.4.1.1248.1.2": 1248, ".1.3.6.1.4.1.367.1.1": 367, "1.3.6.1.2.1.1": 0, "1.3.6.1.4.1.x": 0} {
		if got := EnterpriseOf(oid); got != want {
			t.Errorf("EnterpriseOf(%q) = %d", oid, got)
		}
	}
}

// TestBroadcastSNMPDatagram: the one-datagram GET that asks a subnet at once, sent here to the
// loopback agent (a broadcast address works the same, answered by every agent on the subnet).
func TestBroadcastSNMPDatagram(t *testing.T) {
	port := snmpdtest.Start(t, snmpdtest.Printer{Descr: "RICOH IM C3000", ObjectID: "1.3.6.1.4.1.367.1.1", Name: "RNP0026737A1B2C"})
	found, err := BroadcastSNMP(context.Background(), fmt.Sprintf("127.0.0.1:%d", port), "public", 500*time.Millisecond)
	if err != nil || len(found) != 1 || found[0].Address != "127.0.0.1" || found[0].Enterprise != 367 || found[0].Value(OIDSysName) != "RNP0026737A1B2C" {
		t.Errorf("%+v %v", found, err)
	}
	_, n, _ := net.ParseCIDR("192.0.2.0/24")
	if got := BroadcastAddress(n, 161); got != "192.0.2.255:161" {
		t.Errorf("broadcast address %s", got)
	}
}
