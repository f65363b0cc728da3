package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"mfp365/checks"
	"mfp365/flows/discovery"
	"mfp365/i18n"
	"mfp365/kb"
	"mfp365/report"
)

// discoverOutput is the JSON shape of `mfp365 discover --json` (CLI.md).
type discoverOutput struct {
	Printers []discovery.Printer `json:"printers"`
}

// discover finds the printers (CLI.md: mfp365 discover).
func discover(env *Env, args []string) int {
	fs := newFlagSet()
	timeout, community, snmpPort, reportPath := fs.String("timeout"), fs.String("community"), fs.String("snmp-port"), fs.String("report")
	csvPath := fs.String("csv")
	subnets, hosts := fs.Strings("subnet"), fs.Strings("host")
	noMDNS, noSNMP, noWSD, asJSON := fs.Bool("no-mdns"), fs.Bool("no-snmp"), fs.Bool("no-wsd"), fs.Bool("json")
	_, tr, cat, err := parse(env, fs, args, false)
	var reportFile, csvFile *os.File
	if err == nil {
		reportFile, err = createReport(*reportPath)
	}
	if reportFile != nil {
		defer reportFile.Close()
	}
	if err == nil { // created before any traffic: a path that can't be written is a usage error
		csvFile, err = createCSV(*csvPath)
	}
	if csvFile != nil {
		defer csvFile.Close()
	}
	var cfg discovery.Config
	if err == nil {
		cfg, err = discovery.Check(discovery.Input{Timeout: *timeout, SNMPPort: *snmpPort, Subnets: *subnets, Hosts: *hosts,
			Community: *community, NoMDNS: *noMDNS, NoSNMP: *noSNMP, NoWSD: *noWSD})
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
		printPrinters(env.Stdout, tr, cat, printers)
	}
	if csvFile != nil {
		rows := make([]report.PrinterRow, len(printers))
		for i, p := range printers {
			rows[i] = report.PrinterRowOf(p)
		}
		if err := report.WriteCSV(csvFile, tr, rows); err != nil {
			fmt.Fprintln(env.Stderr, tr.T("discover.error.csv_file", map[string]any{"Value": *csvPath, "Error": err.Error()}))
		}
	}
	if reportFile != nil {
		d := report.Report{When: time.Now()}
		for _, p := range printers {
			d.Printers = append(d.Printers, report.PrinterRowOf(p))
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

// printPrinters writes the readable list: each printer, its findings, then what the knowledge
// base says of the findings that warn.
func printPrinters(w io.Writer, tr *i18n.Translator, cat *kb.Catalog, printers []discovery.Printer) {
	if len(printers) == 0 {
		fmt.Fprintln(w, tr.T("discover.none"))
		return
	}
	fmt.Fprintln(w, tr.N("discover.count", len(printers), nil))
	var warned []string
	for _, p := range printers {
		fmt.Fprintf(w, "\n%s  %s %s\n", p.Address, cmp.Or(p.VendorName, tr.T("discover.unknown_vendor")), p.Model)
		for _, f := range [][2]string{{"discover.hostname", p.Hostname}, {"discover.firmware", p.Firmware}, {"discover.serial", p.Serial},
			{"discover.admin", p.AdminURL}, {"discover.sources", strings.Join(p.Sources, ", ")}, {"discover.services", strings.Join(p.Services, ", ")}} {
			if f[1] != "" {
				fmt.Fprintf(w, "  %s %s\n", tr.T(f[0]), f[1])
			}
		}
		verdict := tr.T("oauth." + p.OAuth)
		if r := report.RouteName(tr, p.Route); r != "" {
			verdict += " · " + r
		}
		fmt.Fprintf(w, "  %s %s\n", tr.T("discover.readiness"), verdict)
		for _, s := range p.Findings {
			fmt.Fprintf(w, "  %s\n", stepLine(tr, s))
			if s.Status == checks.Warn {
				warned = append(warned, s.Text())
			}
		}
	}
	if cat == nil || len(warned) == 0 {
		return
	}
	for i, panel := range cat.Explain(tr, kb.Details{}, kb.SaidByAnyone, warned...).Panels {
		fmt.Fprintln(w)
		fmt.Fprint(w, panel.PlainText(tr, i+1))
	}
}

// createCSV creates the --csv file (nil when not asked).
func createCSV(path string) (*os.File, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, &usageError{"discover.error.csv_file", map[string]any{"Value": path, "Error": err.Error()}}
	}
	return f, nil
}
