package cli

import (
	"cmp"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"mfp365/flows/listen"
	"mfp365/i18n"
	"mfp365/kb"
	"mfp365/report"
)

// listenOutput is the JSON shape of `mfp365 listen --json` (CLI.md): one object when the
// listening ends.
type listenOutput struct {
	Sessions []listenedSession `json:"sessions"`
	// Tally is what was counted without being kept: sessions past the first listen.MaxKept
	// and connections turned away (a compatible addition to CLI.md's shape).
	Tally   listen.Tally   `json:"tally"`
	Verdict report.Verdict `json:"verdict"` // the listening in one word ("" when no printer came)
}

type listenedSession struct {
	listen.Session
	Matches []kb.Panel `json:"matches"`
}

// listenOptions are listen's arguments, checked.
type listenOptions struct {
	cfg    listen.Config
	json   bool
	report string
}

// parseListen reads listen's arguments, checked by the listener (listen.Check).
func parseListen(fs *flagSet, args []string) (listenOptions, error) {
	var o listenOptions
	var in listen.Input
	fs.String(&in.Addr, "addr")
	fs.String(&in.Timeout, "timeout")
	fs.String(&in.Tenant, "tenant")
	fs.String(&o.report, "report")
	fs.Bool(&o.json, "json")
	if _, err := fs.parse(args, false); err != nil {
		return o, err
	}
	var err error
	o.cfg, err = listen.Check(in)
	return o, err
}

// listenCmd plays the mail server for a printer until --timeout or Ctrl-C.
func listenCmd(env *Env, o listenOptions) int {
	tr, cat := env.tr, env.cat
	reportFile, err := createOutput(o.report, "test.error.report_file")
	if err != nil {
		return usage(env, err)
	}
	defer reportFile.discard()
	ln, err := listen.Listen(o.cfg)
	if err != nil {
		fmt.Fprintln(env.Stderr, tr.T("listen.error.bind", map[string]any{"Addr": cmp.Or(o.cfg.Addr, listen.DefaultAddr), "Error": err.Error()}))
		return ExitProblem
	}
	announce(env.Stderr, tr, ln)
	ctx, stop := interruptible()
	defer stop()
	sessions, err := ln.Serve(ctx, func(s listen.Session) { fmt.Fprintln(env.Stderr, sessionLine(tr, s)) })
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
	}
	out := listenOutput{Sessions: []listenedSession{}, Tally: ln.Tally()}
	problems := len(out.Tally.Findings) > 0 || out.Tally.Refused > 0
	for _, s := range sessions {
		out.Sessions = append(out.Sessions, listenedSession{Session: s, Matches: report.SessionPanels(cat, tr, s)})
		problems = problems || len(s.Findings) > 0
	}
	run := report.Report{When: time.Now(), Listened: sessions, ListenTally: out.Tally}
	out.Verdict = report.VerdictOf(cat, run)
	if o.json {
		writeJSON(env, out)
	} else {
		printListened(env.Stdout, tr, cat, out)
	}
	reportFile.write(env, func(w io.Writer) error { return report.Write(w, tr, cat, run) })
	if len(sessions) == 0 || problems {
		return ExitProblem
	}
	return ExitOK
}

// announce says where the printer must send: this computer's addresses and the port.
func announce(w io.Writer, tr *i18n.Translator, ln *listen.Listener) {
	_, port, _ := net.SplitHostPort(ln.Addr)
	fmt.Fprintln(w, tr.T("listen.listening", map[string]any{"Addresses": strings.Join(listen.LocalAddresses(), ", "), "Port": port}))
	if ln.Fallback {
		fmt.Fprintln(w, tr.T("listen.fallback", map[string]any{"Port": port}))
	}
	fmt.Fprintln(w, tr.T("listen.how"))
}

// sessionLine is one session in a line: who, TLS, AUTH, sender, size, findings.
func sessionLine(tr *i18n.Translator, s listen.Session) string {
	return tr.T("listen.session", map[string]any{"Client": s.Client, "EHLO": s.EHLO, "TLS": s.TLS, "Auth": s.Auth, "From": s.From,
		"Size": s.Size, "Findings": strings.Join(s.Findings, ", ")})
}

func printListened(w io.Writer, tr *i18n.Translator, cat *kb.Catalog, o listenOutput) {
	fmt.Fprintln(w, tr.N("listen.count", len(o.Sessions), nil))
	if o.Verdict != "" {
		fmt.Fprintln(w, tr.T("verdict."+string(o.Verdict)))
	}
	for _, line := range report.TallyLines(cat, tr, o.Tally) {
		fmt.Fprintln(w, line)
	}
	for _, s := range o.Sessions {
		fmt.Fprintf(w, "\n%s\n", sessionLine(tr, s.Session))
		if t := s.Token; t != nil {
			fmt.Fprintln(w, "  "+tr.T("listen.token.label"), report.TokenText(tr, t))
		}
		for i, p := range s.Matches {
			fmt.Fprintln(w)
			fmt.Fprint(w, p.PlainText(tr, i+1))
		}
	}
}
