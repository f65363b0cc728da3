package checks

import (
	"context"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gosnmp/gosnmp"
)

// BroadcastSNMP sends one SNMP v2c GET of the identification OIDs to target (a subnet's
// broadcast address and port, or any address) and collects every agent's answer until the
// timeout: one datagram asks a whole subnet.
func BroadcastSNMP(ctx context.Context, target, community string, timeout time.Duration) ([]SNMPInfo, error) {
	lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) { serr = setBroadcast(fd) })
		if err != nil {
			return err
		}
		return serr
	}}
	pc, err := lc.ListenPacket(ctx, "udp4", ":0")
	if err != nil {
		return nil, err
	}
	defer pc.Close()
	dst, err := net.ResolveUDPAddr("udp4", target)
	if err != nil {
		return nil, err
	}
	id := rand.Uint32() & 0x7fffffff
	vars := make([]gosnmp.SnmpPDU, len(snmpOIDs))
	for i, oid := range snmpOIDs {
		vars[i] = gosnmp.SnmpPDU{Name: oid, Type: gosnmp.Null}
	}
	pkt := &gosnmp.SnmpPacket{Version: gosnmp.Version2c, Community: community, PDUType: gosnmp.GetRequest,
		RequestID: id, Variables: vars}
	msg, err := pkt.MarshalMsg()
	if err != nil {
		return nil, err
	}
	if _, err := pc.WriteTo(msg, dst); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	pc.SetReadDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { pc.SetReadDeadline(time.Now()) })
	defer stop()
	var out []SNMPInfo
	buf := make([]byte, 65536)
	decoder := &gosnmp.GoSNMP{Version: gosnmp.Version2c, Community: community}
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			return out, nil // the deadline: collection over
		}
		resp, err := decoder.SnmpDecodePacket(buf[:n])
		if err != nil || resp.RequestID != id || resp.PDUType != gosnmp.GetResponse {
			continue
		}
		info := SNMPInfo{Address: hostOf(from.String()), Values: map[string]string{}}
		for _, v := range resp.Variables {
			if s := SNMPString(v.Type, v.Value); s != "" {
				info.Values[strings.TrimPrefix(v.Name, ".")] = s
			}
		}
		info.Enterprise = EnterpriseOf(info.Values[OIDSysObjectID])
		out = append(out, info)
	}
}

func hostOf(addr string) string {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return h
}

// BroadcastAddress is the last address of an IPv4 subnet, with the SNMP port.
func BroadcastAddress(n *net.IPNet, port uint16) string {
	ip := n.IP.To4()
	b := make(net.IP, 4)
	for i := range b {
		b[i] = ip[i] | ^n.Mask[len(n.Mask)-4+i]
	}
	return net.JoinHostPort(b.String(), strconv.Itoa(int(port)))
}
