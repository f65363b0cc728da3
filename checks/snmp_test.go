package checks

import (
	"context"
	"fmt"
	"net"
	"strings"
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

// TestSNMPFirmwareWithSnmpd: the firmware OIDs are asked in the same GET as the identification,
// and read by vendor; Epson's prtInterpreterVersion counts for Epson only.
func TestSNMPFirmwareWithSnmpd(t *testing.T) {
	for _, tc := range []struct {
		name  string
		agent snmpdtest.Printer
		want  string
	}{
		{"hp", snmpdtest.Printer{Descr: "HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI24090012,CIDATE 09/10/2019",
			ObjectID: "1.3.6.1.4.1.11.2.3.9.1", Name: "NPI1A2B3C", Strings: map[string]string{OIDHPFirmware: "2409048_052887"}}, "2409048_052887"},
		{"epson", snmpdtest.Printer{Descr: "EPSON Built-in 11b/g/n Print Server", ObjectID: "1.3.6.1.4.1.1248.1.2.2.1.1.1.1",
			Name: "EPSON1A2B3C", Strings: map[string]string{OIDPrtInterpreterVersion: "CW03N4"}}, "CW03N4"},
		{"not epson", snmpdtest.Printer{Descr: "Printer", ObjectID: "1.3.6.1.4.1.2385.1.1", Name: "MX-3070N",
			Strings: map[string]string{OIDPrtInterpreterVersion: "PCL 6"}}, ""},
		{"canon", snmpdtest.Printer{Descr: "Canon iR-ADV C5535 /P", ObjectID: "1.3.6.1.4.1.1602.4.7", Name: "iR-ADV",
			Strings: map[string]string{OIDCanonFirmware: "84.07"}}, "84.07"},
		{"canon, not a version", snmpdtest.Printer{Descr: "Canon MF240 Series /P", ObjectID: "1.3.6.1.4.1.1602.4.7", Name: "MF240",
			Strings: map[string]string{OIDCanonFirmware: "GFC-015-04"}}, ""},
		{"brother", snmpdtest.Printer{Descr: "Brother NC-8300h, Firmware Ver.1.08  (13.07.25),MID 8C5-F01,FID 2", ObjectID: "1.3.6.1.4.1.2435.2.3.9.1",
			Name: "BRN3C2AF4", Strings: map[string]string{OIDBrotherFirmware: `FIRMID="MAIN" FIRMVER="1.35"`}}, "1.35"},
		{"ricoh from sysDescr", snmpdtest.Printer{Descr: "RICOH IM C3000 1.02 / RICOH Network Printer C model / RICOH Network Scanner C model",
			ObjectID: "1.3.6.1.4.1.367.1.1", Name: "RNP0026737A1B2C"}, "1.02"},
		{"ricoh pro", snmpdtest.Printer{Descr: "RICOH Pro C7210S", ObjectID: "1.3.6.1.4.1.367.1.1", Name: "RNP002673",
			Strings: map[string]string{OIDRicohFirmware: "1.0_SP1"}}, "1.0_SP1"},
		{"kyocera", snmpdtest.Printer{Descr: "KYOCERA Document Solutions Printing System", ObjectID: "1.3.6.1.4.1.1347.41", Name: "KM4A5B6C",
			Strings: map[string]string{OIDKyoceraFirmware: "2H9_2F00.002.002"}}, "2H9_2F00.002.002"},
		{"hostile", snmpdtest.Printer{Descr: "Printer", ObjectID: "1.3.6.1.4.1.11.2.3.9.1", Name: "x",
			Strings: map[string]string{OIDHPFirmware: "=cmd|' /C calc'!A0" + strings.Repeat("9", 300)}}, "=cmd|' /C calc'!A0" + strings.Repeat("9", MaxFirmware-18)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			port := snmpdtest.Start(t, tc.agent)
			info, err := QuerySNMP(context.Background(), "127.0.0.1", port, "public", time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Firmware(); got != tc.want {
				t.Errorf("firmware %q, want %q (%v)", got, tc.want, info.Values)
			}
		})
	}
}

// TestFirmwareFromSysDescr: sysDescr strings printers send (as inventory tools record them).
func TestFirmwareFromSysDescr(t *testing.T) {
	for descr, want := range map[string]string{
		"RICOH MP 3053 1.16 / RICOH Network Printer C model / RICOH Network Scanner C model": "1.16",
		"RICOH SP C252DN V1.02 / RICOH Network Printer C model":                              "1.02",
		"RICOH IM C3510 JPN 1.10.1 / RICOH Network Printer C model":                          "1.10.1",
		"NASHUATEC IM C3000 1.02 / NASHUATEC Network Printer C model":                        "1.02",
		"RICOH SP 230SFNw, Firmware Ver.D  ,MID 8C5-KE5FID 2":                                "D",
		"RICOH Pro C5100S": "",
		"Xerox AltaLink C8045; SS 100.002.008.05702, NC 100.002.05702.1057305v9, UI 100.002.05702":      "100.002.008.05702",
		"Xerox WorkCentre 5632 v1 Multifunction System; System Software 025.054.055.00060, ESS 061.060": "025.054.055.00060",
		"Xerox(R) B225 MFP version MXLSG.075.024 kernel 4.17.19-yocto-standard All-N-1":                 "MXLSG.075.024",
		"Xerox Phaser 3300MFP; OS 1.50.00.14   07-16-2009, Engine 1.05.44":                              "1.50.00.14",
		"Xerox Phaser 6180MFP-D; Net 11.74,ESS 200802151717,IOT 05.09.00,Boot 200706151125":             "200802151717",
		"Xerox WorkCentre 3325;Sys SW Version WC3325_V51.004.05.000 JAN-10-2014,MCB V2.50.03.05":        "51.004.05.000",
		"Xerox Phaser 3260; MCB V3.50.01.08     FEB-05-2015, NIC V6.01.12":                              "3.50.01.08",
		"Lexmark CX725 version CXTPC.230.037 kernel 4.11.12-yocto-standard All-N-1":                     "CXTPC.230.037",
		"HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI24090012,CIDATE 06/16/2020":   "JSI24090012",
		"HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM none":                            "",
		"Brother NC-8300h, Firmware Ver.1.08  (13.07.25),MID 8C5-F01,FID 2":                             "", // the network card's
		"EPSON Built-in 11b/g/n Print Server":                                                           "",
		"Canon iR-ADV C5535 /P":                                                                         "",
	} {
		if got := FirmwareFromSysDescr(descr); got != want {
			t.Errorf("%q: %q, want %q", descr, got, want)
		}
	}
}

func FuzzFirmwareFromSysDescr(f *testing.F) {
	f.Add("RICOH IM C3000 1.02 / RICOH Network Printer C model")
	f.Add("Xerox AltaLink C8045; SS 100.002.008.05702, NC 100.002")
	f.Add("HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM \x00\x1b,")
	f.Fuzz(func(t *testing.T, descr string) {
		v := FirmwareFromSysDescr(descr)
		if len(v) > MaxFirmware {
			t.Errorf("firmware of %d bytes", len(v))
		}
		for _, r := range v {
			if r < 0x20 || r == 0x7f {
				t.Errorf("control character in %q", v)
			}
		}
	})
}
