package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"mfp365/flows/conntest"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"mfp365/flows/discovery"
	"mfp365/i18n"
	"mfp365/report"
)

// discoverOutput is the JSON shape of `mfp365 discover --json` (CLI.md).
type discoverOutput struct {
	Printers []discovery.Printer `json:"printers"`
}

// Bounds of the discovery options.
const (
	maxDiscoverTimeout = time.Minute
	minSubnetPrefix    = 16 // a given subnet may be at most a /16
	maxHosts           = 1024
)

// discover finds the printers (CLI.md: mfp365 discover).
func discover(env *Env, args []string) int {
	fs := newFlagSet()
	timeout, community, snmpPort, reportPath := fs.String("timeout"), fs.String("community"), fs.String("snmp-port"), fs.String("report")
	subnets, hosts := fs.Strings("subnet"), fs.Strings("host")
	noMDNS, noSNMP, noWSD, asJSON := fs.Bool("no-mdns"), fs.Bool("no-snmp"), fs.Bool("no-wsd"), fs.Bool("json")
	_, tr, _, err := parse(env, fs, args, false)
	var reportFile *os.File
	if err == nil {
		reportFile, err = createReport(*reportPath)
	}
	if reportFile != nil {
		defer reportFile.Close()
	}
	cfg := discovery.Config{Community: *community, NoMDNS: *noMDNS, NoSNMP: *noSNMP, NoWSD: *noWSD}
	if err == nil {
		err = discoverConfig(&cfg, *timeout, *snmpPort, *subnets, *hosts)
	}
	if err != nil {
		return usage(env, tr, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Fprintln(env.Stderr, tr.T("discover.running", map[string]any{"Timeout": cfg.Timeout.String()}))
	printers := discovery.Run(ctx, cfg, func(e discovery.Event) {
		fmt.Fprintln(env.Stderr, tr.T("discover.found", map[string]any{"Address": e.Printer.Address, "Vendor": cmp.Or(e.Printer.VendorName, "?"), "Model": e.Printer.Model}))
	})
	if *asJSON {
		writeJSON(env.Stdout, discoverOutput{Printers: printers})
	} else {
		printPrinters(env.Stdout, tr, printers)
	}
	if reportFile != nil {
		d := report.Report{When: time.Now()}
		for _, p := range printers {
			d.Printers = append(d.Printers, report.PrinterRow{Address: p.Address, Hostname: p.Hostname, Vendor: p.VendorName,
				Model: p.Model, Serial: p.Serial, AdminURL: p.AdminURL, Sources: p.Sources})
		}
		if err := report.Write(reportFile, tr, d); err != nil {
			fmt.Fprintln(env.Stderr, tr.T("test.error.report_file", map[string]any{"Value": *reportPath, "Error": err.Error()}))
		}
	}
	switch {
	case ctx.Err() != nil:
		return ExitInterrupted
	case len(printers) == 0:
		return ExitProblem
	}
	return ExitOK
}

// discoverConfig checks the options offline.
func discoverConfig(cfg *discovery.Config, timeout, snmpPort string, subnets, hosts []string) error {
	cfg.Timeout = discovery.DefaultTimeout
	if timeout != "" {
		d, err := time.ParseDuration(timeout)
		if err != nil || d < conntest.MinTimeout || d > maxDiscoverTimeout {
			return &usageError{"discover.error.timeout", map[string]any{"Value": timeout}}
		}
		cfg.Timeout = d
	}
	if snmpPort != "" {
		p, err := strconv.Atoi(snmpPort)
		if err != nil || p < 1 || p > 65535 {
			return &usageError{"test.error.port", map[string]any{"Value": snmpPort}}
		}
		cfg.SNMPPort = uint16(p)
	}
	for _, s := range subnets {
		_, n, err := net.ParseCIDR(s)
		if err != nil || n.IP.To4() == nil {
			return &usageError{"discover.error.subnet", map[string]any{"Value": s}}
		}
		if ones, _ := n.Mask.Size(); ones < minSubnetPrefix {
			return &usageError{"discover.error.subnet_size", map[string]any{"Value": s}}
		}
		cfg.Subnets = append(cfg.Subnets, n)
	}
	if len(hosts) > maxHosts {
		return &usageError{"discover.error.hosts", nil}
	}
	for _, h := range hosts {
		if len(h) > 253 || strings.ContainsAny(h, " /\\@") {
			return &usageError{"test.error.host", map[string]any{"Value": h}}
		}
		cfg.Hosts = append(cfg.Hosts, h)
	}
	return nil
}

// printPrinters writes the readable list.
func printPrinters(w io.Writer, tr *i18n.Translator, printers []discovery.Printer) {
	if len(printers) == 0 {
		fmt.Fprintln(w, tr.T("discover.none"))
		return
	}
	fmt.Fprintln(w, tr.N("discover.count", len(printers), nil))
	for _, p := range printers {
		fmt.Fprintf(w, "\n%s  %s %s\n", p.Address, cmp.Or(p.VendorName, tr.T("discover.unknown_vendor")), p.Model)
		for _, f := range [][2]string{{"discover.hostname", p.Hostname}, {"discover.serial", p.Serial}, {"discover.admin", p.AdminURL},
			{"discover.sources", strings.Join(p.Sources, ", ")}, {"discover.services", strings.Join(p.Services, ", ")}} {
			if f[1] != "" {
				fmt.Fprintf(w, "  %s %s\n", tr.T(f[0]), f[1])
			}
		}
	}
}
