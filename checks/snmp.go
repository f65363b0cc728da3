package checks

// Printer identification over SNMP (read-only GETs, v2c then v1): MIB-II system group
// (RFC 1213), Host Resources (RFC 2790), Printer MIB (RFC 3805), and the vendors' own OIDs.

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gosnmp/gosnmp"
)

// The OIDs read from a printer.
const (
	OIDSysDescr      = "1.3.6.1.2.1.1.1.0"
	OIDSysObjectID   = "1.3.6.1.2.1.1.2.0"
	OIDSysName       = "1.3.6.1.2.1.1.5.0"
	OIDHrDeviceDescr = "1.3.6.1.2.1.25.3.2.1.3.1"
	OIDSerial        = "1.3.6.1.2.1.43.5.1.1.17.1"
	OIDEpsonModel    = "1.3.6.1.4.1.1248.1.1.3.1.3.8.0"
	OIDEpsonSerial   = "1.3.6.1.4.1.1248.1.2.2.1.1.1.5.1"
	OIDCanonModel    = "1.3.6.1.4.1.1602.1.2.1.4.0"
	OIDRicohModel    = "1.3.6.1.4.1.367.3.2.1.2.1.4.0"
)

// The OIDs that carry a printer's firmware version, where vendors put it (HP-LASERJET-COMMON-MIB
// fw-rom; CANON-MIB canPdInfoProductVersion; Ricoh-Private-MIB's system version; KYOCERA-MIB's
// firmware; BROTHER-MIB's firmware table, a FIRMID="MAIN" FIRMVER="1.35" string; Printer MIB
// prtInterpreterVersion, which Epson fills with its firmware), as inventory tools read them
// (GLPI agent, Greenbone's printer detections).
const (
	OIDHPFirmware            = "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.6.0"
	OIDCanonFirmware         = "1.3.6.1.4.1.1602.1.1.1.4.0"
	OIDRicohFirmware         = "1.3.6.1.4.1.367.3.2.1.1.1.2.0"
	OIDKyoceraFirmware       = "1.3.6.1.4.1.1347.43.5.4.1.5.1.1"
	OIDBrotherFirmware       = "1.3.6.1.4.1.2435.2.4.3.99.3.1.6.1.2.6"
	OIDPrtInterpreterVersion = "1.3.6.1.2.1.43.15.1.1.6.1.1"
)

// identOIDs identify the printer; snmpOIDs add the firmware. All are asked in one GET (an agent
// answers noSuchObject for those it lacks); an agent that finds the answer too big is asked
// identOIDs only.
var (
	identOIDs = []string{OIDSysDescr, OIDSysObjectID, OIDSysName, OIDHrDeviceDescr, OIDSerial,
		OIDEpsonModel, OIDEpsonSerial, OIDCanonModel, OIDRicohModel}
	snmpOIDs = append(identOIDs[:len(identOIDs):len(identOIDs)], OIDHPFirmware, OIDCanonFirmware, OIDRicohFirmware,
		OIDKyoceraFirmware, OIDBrotherFirmware, OIDPrtInterpreterVersion)
)

// SNMPInfo is what a printer's agent told about itself.
type SNMPInfo struct {
	Address    string
	Values     map[string]string // OID (no leading dot) -> printable value
	Enterprise int               // from sysObjectID: 1.3.6.1.4.1.<n>...
}

// Value returns the value of an OID, or "".
func (i SNMPInfo) Value(oid string) string { return i.Values[oid] }

// SNMP versions, in the order they are tried.
const (
	SNMPv2c = gosnmp.Version2c
	SNMPv1  = gosnmp.Version1
)

// QuerySNMP asks host for the identification OIDs, in SNMP v2c and, if that gets no answer,
// v1. It only reads.
func QuerySNMP(ctx context.Context, host string, port uint16, community string, timeout time.Duration) (SNMPInfo, error) {
	var lastErr error
	for _, version := range []gosnmp.SnmpVersion{SNMPv2c, SNMPv1} {
		if ctx.Err() != nil {
			return SNMPInfo{}, ctx.Err()
		}
		info, err := QuerySNMPVersion(ctx, host, port, community, version, timeout)
		if err == nil {
			return info, nil
		}
		lastErr = err
	}
	return SNMPInfo{}, lastErr
}

// QuerySNMPVersion is one GET in one SNMP version.
func QuerySNMPVersion(ctx context.Context, host string, port uint16, community string, version gosnmp.SnmpVersion, timeout time.Duration) (SNMPInfo, error) {
	g := &gosnmp.GoSNMP{Target: host, Port: port, Community: community, Version: version,
		Timeout: timeout, Retries: 0, Context: ctx, MaxOids: len(snmpOIDs)}
	if err := g.Connect(); err != nil {
		return SNMPInfo{}, err
	}
	defer g.Conn.Close()
	oids := snmpOIDs
	if version == gosnmp.Version1 {
		oids = snmpOIDs[:3] // v1 fails the whole GET on one missing OID: ask the system group only
	}
	pkt, err := g.Get(oids)
	if err == nil && pkt.Error == gosnmp.TooBig && len(oids) > len(identOIDs) {
		pkt, err = g.Get(identOIDs)
	}
	if err != nil {
		return SNMPInfo{}, err
	}
	if pkt.Error != gosnmp.NoError {
		return SNMPInfo{}, fmt.Errorf("snmp %s: %v", host, pkt.Error)
	}
	info := SNMPInfo{Address: host, Values: map[string]string{}}
	for _, v := range pkt.Variables {
		if s := SNMPString(v.Type, v.Value); s != "" {
			info.Values[strings.TrimPrefix(v.Name, ".")] = s
		}
	}
	if len(info.Values) == 0 {
		return SNMPInfo{}, fmt.Errorf("snmp %s: no value", host)
	}
	info.Enterprise = EnterpriseOf(info.Values[OIDSysObjectID])
	return info, nil
}

// SNMPString turns a variable into printable text: strings (trimmed, control characters
// dropped, at most 256 bytes) and OIDs; anything else, and missing objects, give "".
func SNMPString(t gosnmp.Asn1BER, v any) string {
	switch t {
	case gosnmp.OctetString:
		b, _ := v.([]byte)
		return printable(b)
	case gosnmp.ObjectIdentifier:
		s, _ := v.(string)
		return strings.TrimPrefix(printable([]byte(s)), ".")
	}
	return ""
}

func printable(b []byte) string {
	if len(b) > 256 {
		b = b[:256]
	}
	var out strings.Builder
	for _, r := range string(b) {
		if r == utf8.RuneError || r < 0x20 || r == 0x7f {
			continue
		}
		out.WriteRune(r)
	}
	return strings.TrimSpace(out.String())
}

// EnterpriseOf reads the private enterprise number of a sysObjectID
// ("1.3.6.1.4.1.1248.1.2..." -> 1248), or 0.
func EnterpriseOf(oid string) int {
	rest, ok := strings.CutPrefix(strings.TrimPrefix(oid, "."), "1.3.6.1.4.1.")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(strings.SplitN(rest, ".", 2)[0])
	if err != nil {
		return 0
	}
	return n
}

// Firmware is the firmware version the agent told: a vendor's firmware OID, else what the
// sysDescr carries (FirmwareFromSysDescr), else Ricoh's system version (its sysDescr names the
// firmware when it has one), else "". Epson's firmware is its prtInterpreterVersion; that
// standard object holds a page language's version on other printers, so it counts for Epson
// only.
func (i SNMPInfo) Firmware() string {
	for _, oid := range []string{OIDHPFirmware, OIDKyoceraFirmware} {
		if v := firmwareValue(i.Value(oid)); v != "" {
			return v
		}
	}
	if m := canonVersion.FindString(i.Value(OIDCanonFirmware)); m != "" { // not "0604" nor "GFC-015-04"
		return firmwareValue(m)
	}
	if m := brotherVersion.FindStringSubmatch(i.Value(OIDBrotherFirmware)); m != nil {
		return firmwareValue(m[1])
	}
	if i.Enterprise == 1248 {
		if v := firmwareValue(i.Value(OIDPrtInterpreterVersion)); v != "" {
			return v
		}
	}
	if v := FirmwareFromSysDescr(i.Value(OIDSysDescr)); v != "" {
		return v
	}
	return firmwareValue(i.Value(OIDRicohFirmware))
}

var (
	canonVersion   = regexp.MustCompile(`^[0-9]+\.[.0-9]+`)
	brotherVersion = regexp.MustCompile(`FIRMVER="([A-Za-z0-9.]+)`)
)

// sysDescrFirmware: the brands whose sysDescr carries the firmware version, and where, tried
// in order (examples in the tests). Brother's sysDescr names its network card's firmware, not
// the printer's: it is not read.
var sysDescrFirmware = []struct {
	brand    *regexp.Regexp
	versions []*regexp.Regexp
}{
	{regexp.MustCompile(`(?i)^(fuji ?)?xerox`), []*regexp.Regexp{
		regexp.MustCompile(`\bSS ([A-Z0-9.]+),`),
		regexp.MustCompile(`\bversion ([A-Z0-9.]+)`),
		regexp.MustCompile(`\bOS ([0-9.]+)[ ,]`),
		regexp.MustCompile(`\bSystem (?:Software )?([0-9.]+),`),
		regexp.MustCompile(`\bESS ?([0-9.]+),`),
		regexp.MustCompile(`\bSys SW Version [A-Za-z0-9]+_V([0-9.]+)`),
		regexp.MustCompile(`\bMCB ?V?([0-9.]+)`),
		regexp.MustCompile(`, ?Controller (?:ROM)?([0-9.]+)`),
	}},
	{regexp.MustCompile(`(?i)^lexmark `), []*regexp.Regexp{regexp.MustCompile(`\bversion ([A-Za-z0-9._-]+)`)}},
	// Ricoh and the brands it makes for: "RICOH IM C3000 1.02 / RICOH Network Printer C model / ..."
	{regexp.MustCompile(`(?i)^(ricoh|nashuatec|gestetner|lanier|savin|nrg|infotec|rex-rotary) `), []*regexp.Regexp{
		regexp.MustCompile(`^\S+ .+? V?([0-9]+(?:\.[0-9]+)+) /`),
		regexp.MustCompile(`, Firmware Ver\.([A-Z0-9.]+)`),
	}},
	// HP's JetDirect: "HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI24090012,CIDATE ..."
	{regexp.MustCompile(`^HP ETHERNET MULTI-ENVIRONMENT`), []*regexp.Regexp{regexp.MustCompile(`,EEPROM ([^,\s]+)`)}},
}

// FirmwareFromSysDescr reads the firmware version a printer's sysDescr carries, or "".
func FirmwareFromSysDescr(descr string) string {
	if len(descr) > 512 {
		descr = descr[:512]
	}
	for _, f := range sysDescrFirmware {
		if !f.brand.MatchString(descr) {
			continue
		}
		for _, re := range f.versions {
			if m := re.FindStringSubmatch(descr); m != nil {
				if v := firmwareValue(m[1]); v != "" {
					return v
				}
			}
		}
		return ""
	}
	return ""
}

// MaxFirmware bounds a firmware version read from the network.
const MaxFirmware = 64

// firmwareValue keeps a firmware version that looks like one: printable, at most MaxFirmware
// bytes, with a letter or a digit, and not a placeholder ("none", "unknown").
func firmwareValue(v string) string {
	v = printable([]byte(v))
	if len(v) > MaxFirmware {
		v = strings.TrimSpace(strings.ToValidUTF8(v[:MaxFirmware], ""))
	}
	switch strings.ToLower(strings.Trim(v, ".-_ ")) {
	case "", "none", "unknown", "n/a", "na", "null", "0":
		return ""
	}
	if !strings.ContainsFunc(v, func(r rune) bool { return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }) {
		return ""
	}
	return v
}
