package cli

import (
	"cmp"
	"fmt"
	"io"
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

// discoverOptions are discover's arguments, checked.
type discoverOptions struct {
	cfg         discovery.Config
	json        bool
	report, csv string
}

// parseDiscover reads discover's arguments and checks them with discovery's own input check.
func parseDiscover(fs *flagSet, args []string) (discoverOptions, error) {
	var o discoverOptions
	var in discovery.Input
	fs.String(&in.Timeout, "timeout")
	fs.String(&in.Community, "community")
	fs.String(&in.SNMPPort, "snmp-port")
	fs.String(&o.report, "report")
	fs.String(&o.csv, "csv")
	fs.Strings(&in.Subnets, "subnet")
	fs.Strings(&in.Hosts, "host")
	fs.Bool(&in.NoMDNS, "no-mdns")
	fs.Bool(&in.NoSNMP, "no-snmp")
	fs.Bool(&in.NoWSD, "no-wsd")
	fs.Bool(&o.json, "json")
	if _, err := fs.parse(args, false); err != nil {
		return o, err
	}
	if err := distinctFiles(fileArg{"report", o.report, true}, fileArg{"csv", o.csv, true}); err != nil {
		return o, err
	}
	var err error
	o.cfg, err = discovery.Check(in)
	return o, err
}

// discover finds the printers (CLI.md: mfp365 discover).
func discover(env *Env, o discoverOptions) int {
	tr := env.tr
	reportFile, err := createOutput(o.report, "test.error.report_file")
	if err != nil {
		return usage(env, err)
	}
	defer reportFile.discard()
	csvFile, err := createOutput(o.csv, "discover.error.csv_file")
	if err != nil {
		return usage(env, err)
	}
	defer csvFile.discard()
	ctx, stop := interruptible()
	defer stop()
	fmt.Fprintln(env.Stderr, tr.T("discover.running", map[string]any{"Timeout": o.cfg.Timeout.String()}))
	printers := discovery.Run(ctx, o.cfg, func(e discovery.Event) {
		fmt.Fprintln(env.Stderr, tr.T("discover.found", map[string]any{"Address": e.Printer.Address, "Vendor": cmp.Or(e.Printer.VendorName, "?"), "Model": e.Printer.Model}))
	})
	if o.json {
		writeJSON(env, discoverOutput{Printers: printers})
	} else {
		printPrinters(env.Stdout, tr, env.cat, printers)
	}
	csvFile.write(env, func(w io.Writer) error { return report.WriteCSV(w, tr, report.PrinterRows(printers)) })
	reportFile.write(env, func(w io.Writer) error {
		return report.Write(w, tr, env.cat, report.Report{When: time.Now(), Printers: report.PrinterRows(printers)})
	})
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
		verdict := tr.T("oauth." + string(p.OAuth))
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
