// Package snmpdtest runs Debian's net-snmp agent (snmpd) on a loopback UDP port for tests,
// answering with a printer's values. `make test` installs snmpd when it is missing.
package snmpdtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gosnmp/gosnmp"
)

// Printer is an agent's identity: sysDescr, sysObjectID, sysName and any other OID as a string.
type Printer struct {
	Descr, ObjectID, Name string
	Strings               map[string]string // OID -> OCTET STRING value
}

// Start runs snmpd on 127.0.0.1 with community "public" and returns its port.
func Start(tb testing.TB, p Printer) uint16 {
	tb.Helper()
	bin, err := exec.LookPath("snmpd")
	if err != nil {
		for _, b := range []string{"/usr/sbin/snmpd", "/sbin/snmpd"} {
			if _, e := os.Stat(b); e == nil {
				bin, err = b, nil
			}
		}
	}
	if err != nil {
		tb.Fatal("snmpd is needed (Debian package snmpd; make test installs it)")
	}
	port := freeUDPPort(tb)
	// Not tb.TempDir(): its name comes from the test's, and snmpd reads "-c a,b" as two files.
	dir, err := os.MkdirTemp("", "snmpdtest")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	conf := filepath.Join(dir, "snmpd.conf")
	if err := os.WriteFile(conf, []byte(config(p, port)), 0o600); err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-f", "-Lf", filepath.Join(dir, "log"), "-C", "-M", dir, "-c", conf,
		"-p", filepath.Join(dir, "pid"), fmt.Sprintf("udp:127.0.0.1:%d", port))
	cmd.Env = append(os.Environ(), "MIBS=", "SNMP_PERSISTENT_DIR="+dir)
	if err := cmd.Start(); err != nil {
		cancel()
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cancel(); _ = cmd.Wait() })
	waitReady(tb, port, dir)
	return port
}

func config(p Printer, port uint16) string {
	var b strings.Builder
	fmt.Fprintf(&b, "rocommunity public 127.0.0.1\n")
	fmt.Fprintf(&b, "sysDescr %s\nsysObjectID .%s\nsysName %s\n", p.Descr, strings.TrimPrefix(p.ObjectID, "."), p.Name)
	oids := make([]string, 0, len(p.Strings))
	for oid := range p.Strings {
		oids = append(oids, oid)
	}
	sort.Strings(oids)
	for _, oid := range oids {
		fmt.Fprintf(&b, "override .%s octet_str %q\n", strings.TrimPrefix(oid, "."), p.Strings[oid])
	}
	return b.String()
}

// freeUDPPort asks the system for a free port (a small race with other tests is accepted).
func freeUDPPort(tb testing.TB) uint16 {
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Close()
	return uint16(c.LocalAddr().(*net.UDPAddr).Port)
}

// waitReady polls sysDescr until the agent answers (5 s at most).
func waitReady(tb testing.TB, port uint16, dir string) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		g := &gosnmp.GoSNMP{Target: "127.0.0.1", Port: port, Community: "public", Version: gosnmp.Version2c,
			Timeout: 200 * time.Millisecond, Retries: 0}
		if g.Connect() == nil {
			_, err := g.Get([]string{"1.3.6.1.2.1.1.1.0"})
			g.Conn.Close()
			if err == nil {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "log"))
	tb.Fatalf("snmpd did not answer on port %d:\n%s", port, log)
}
