package checks

// Printer identification over SNMP (read-only GETs, v2c then v1): MIB-II system group
// (RFC 1213), Host Resources (RFC 2790), Printer MIB (RFC 3805), and the vendors' own OIDs.

import (
	"context"
	"fmt"
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

// snmpOIDs are asked in one GET; an agent answers noSuchObject for those it lacks.
var snmpOIDs = []string{OIDSysDescr, OIDSysObjectID, OIDSysName, OIDHrDeviceDescr, OIDSerial,
	OIDEpsonModel, OIDEpsonSerial, OIDCanonModel, OIDRicohModel}

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
