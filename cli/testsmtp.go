package cli

import (
	"cmp"
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"mfp365/assets"
	"mfp365/checks"
	"mfp365/flows/conntest"
	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/kb"
	"mfp365/report"
)

// testOutput is the JSON shape of `mfp365 test smtp --json` (CLI.md); transcript is a
// compatible addition (with --transcript).
type testOutput struct {
	Status     checks.Status `json:"status"`
	Steps      []stepOutput  `json:"steps"`
	Matches    []kb.Panel    `json:"matches"`
	Transcript string        `json:"transcript,omitempty"`
}

type stepOutput struct {
	ID         string        `json:"id"`
	Status     checks.Status `json:"status"`
	DurationMS int64         `json:"duration_ms"`
	Detail     string        `json:"detail,omitempty"`
	Codes      []string      `json:"codes"`
}

// Bounds of the files given on the command line.
const (
	maxTokenFile = 64 << 10
	maxCAFile    = 1 << 20
)

// testCmd dispatches `mfp365 test <what>`; only smtp exists.
func testCmd(env *Env, args []string) int {
	if len(args) > 0 && args[0] == "smtp" {
		return testSMTP(env, args[1:])
	}
	tr, _ := translator(env, peekLang(args))
	return usage(env, tr, &usageError{"test.error.what", nil})
}

// testSMTP runs the connection test.
func testSMTP(env *Env, args []string) int {
	fs := newFlagSet()
	user, host, port, from, to := fs.String("user"), fs.String("host"), fs.String("port"), fs.String("from"), fs.String("to")
	caFile, timeout, tokenFile, reportPath := fs.String("ca-file"), fs.String("timeout"), fs.String("token-file"), fs.String("report")
	tenant, clientID, cloud, authority := fs.String("tenant"), fs.String("client-id"), fs.String("cloud"), fs.String("authority")
	route, domain, passwordFile := fs.String("route"), fs.String("domain"), fs.String("password-file")
	open, showTranscript, asJSON := fs.Bool("open"), fs.Bool("transcript"), fs.Bool("json")
	_, tr, cat, err := parse(env, fs, args, false)
	var reportFile *os.File
	if err == nil {
		reportFile, err = createReport(*reportPath)
	}
	if reportFile != nil {
		defer reportFile.Close()
	}
	var password string
	if err == nil {
		password, err = readPassword(*passwordFile)
	}
	var cfg conntest.Config
	if err == nil {
		cfg, err = conntest.Check(conntest.Input{Route: *route, Host: *host, Port: *port, User: *user, From: *from, To: *to,
			Domain: *domain, Password: password, Timeout: *timeout, Cloud: *cloud, Authority: *authority})
	}
	if err == nil {
		cfg.RootCAs, err = readCAs(*caFile)
	}
	var token string
	if err == nil && cfg.Auth == checks.AuthXOAUTH2 {
		token, err = readToken(*tokenFile, *tenant, *clientID)
	}
	if err != nil {
		return usage(env, tr, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if token == "" && cfg.Auth == checks.AuthXOAUTH2 { // sign in first, as the printer does
		out := signin.Run(ctx, signin.Config{Cloud: *cloud, Tenant: *tenant, ClientID: *clientID, Authority: *authority,
			Sender: cfg.From, Lang: tr.Lang}, func(e signin.Event) { signinProgress(env, tr, e, *open) })
		if out.Status != signin.StatusOK {
			return reportSignin(env, tr, cat, out, kb.Details{TenantID: *tenant, ClientID: *clientID}, *asJSON)
		}
		token = out.Token.AccessToken
	}
	cfg.Token = token
	cfg.Subject = tr.T("test.mail.subject")
	cfg.Body = tr.T("test.mail.body", map[string]any{"Version": assets.Version})
	var transcript strings.Builder
	cfg.Transcript = &transcript
	fmt.Fprintln(env.Stderr, tr.T("test.running", map[string]any{"Host": cmp.Or(cfg.Host, "MX "+cfg.Domain), "Port": cfg.Port}))
	res := conntest.Run(ctx, cfg, func(e conntest.Event) {
		fmt.Fprintln(env.Stderr, stepLine(tr, e.Step))
	})
	o := testOutputOf(res, cat.Explain(tr, kb.Details{User: cfg.User, Server: cfg.Host}, kb.SaidByAnyone, res.Problems()...))
	if *showTranscript {
		o.Transcript = transcript.String()
	}
	if *asJSON {
		writeJSON(env.Stdout, o)
	} else {
		printTest(env.Stdout, tr, res, o)
	}
	if reportFile != nil {
		err := report.Write(reportFile, tr, report.Report{When: time.Now(), Test: &report.Test{Route: cfg.Route, Host: cmp.Or(cfg.Host, cfg.Domain), Port: cfg.Port,
			User: cfg.User, To: cfg.To, Status: res.Status, Steps: res.Steps, Panels: o.Matches, Transcript: transcript.String()}})
		if err != nil {
			fmt.Fprintln(env.Stderr, tr.T("test.error.report_file", map[string]any{"Value": *reportPath, "Error": err.Error()}))
		}
	}
	switch {
	case ctx.Err() != nil:
		return ExitInterrupted
	case res.Status == checks.Pass:
		return ExitOK
	default:
		return ExitProblem
	}
}

// readCAs reads the --ca-file certificates (nil: the system's).
func readCAs(path string) (*x509.CertPool, error) {
	if path == "" {
		return nil, nil
	}
	data, err := readBounded(path, maxCAFile)
	pool := x509.NewCertPool()
	if err != nil || !pool.AppendCertsFromPEM(data) {
		return nil, &usageError{"test.error.ca", map[string]any{"Value": path}}
	}
	return pool, nil
}

// readPassword takes basic authentication's password from --password-file, else
// MFP365_PASSWORD: never from a flag's value, which other users of the machine could see. Only
// the line break that ends the file is removed.
func readPassword(file string) (string, error) {
	if file == "" {
		return os.Getenv("MFP365_PASSWORD"), nil
	}
	data, err := readBounded(file, maxTokenFile)
	password := strings.TrimRight(string(data), "\r\n")
	if err != nil || password == "" {
		return "", &usageError{"test.error.password_file", map[string]any{"Value": file}}
	}
	return password, nil
}

// readToken takes the token from --token-file, else MFP365_ACCESS_TOKEN; "" means sign in
// with --tenant and --client-id.
func readToken(file, tenant, clientID string) (string, error) {
	if file != "" {
		data, err := readBounded(file, maxTokenFile)
		tok := strings.TrimSpace(string(data))
		if err != nil || tok == "" || strings.ContainsAny(tok, " \r\n") {
			return "", &usageError{"test.error.token_file", map[string]any{"Value": file}}
		}
		return tok, nil
	}
	if tok := strings.TrimSpace(os.Getenv("MFP365_ACCESS_TOKEN")); tok != "" {
		return tok, nil
	}
	if tenant == "" || clientID == "" {
		return "", &usageError{"test.error.token", nil}
	}
	return "", nil
}

func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("%s: larger than %d bytes", path, limit)
	}
	return data, err
}

// testOutputOf builds the JSON shape with the explanations of the failed and warned steps.
func testOutputOf(res conntest.Result, ex kb.Explanation) testOutput {
	o := testOutput{Status: res.Status, Steps: []stepOutput{}, Matches: ex.Panels}
	for _, s := range res.Steps {
		codes := s.Codes
		if codes == nil {
			codes = []string{}
		}
		o.Steps = append(o.Steps, stepOutput{s.ID, s.Status, s.Duration.Milliseconds(), s.Detail, codes})
	}
	return o
}

// stepLine is one line of progress: status mark, name, duration, detail. A network or TLS
// failure is said in the reader's words first, its raw text after it in parentheses.
func stepLine(tr *i18n.Translator, s checks.Step) string {
	mark := map[checks.Status]string{checks.Pass: "✔", checks.Warn: "!", checks.Fail: "✘", checks.Skip: "-"}[s.Status]
	line := fmt.Sprintf("%s %-28s %6d ms", mark, tr.T("step."+s.ID), s.Duration.Milliseconds())
	switch {
	case s.Reason != "" && s.Detail != "":
		line += "  " + tr.T("reason."+s.Reason) + " (" + s.Detail + ")"
	case s.Reason != "":
		line += "  " + tr.T("reason."+s.Reason)
	case s.Detail != "":
		line += "  " + s.Detail
	}
	if len(s.Codes) > 0 {
		line += "  [" + strings.Join(s.Codes, ", ") + "]"
	}
	return line
}

func printTest(w io.Writer, tr *i18n.Translator, res conntest.Result, o testOutput) {
	fmt.Fprintln(w, tr.T("test.status."+string(res.Status)))
	for _, s := range res.Steps {
		fmt.Fprintln(w, stepLine(tr, s))
	}
	for i, p := range o.Matches {
		fmt.Fprintln(w)
		fmt.Fprint(w, p.PlainText(tr, i+1))
	}
	if o.Transcript != "" {
		fmt.Fprintf(w, "\n%s\n%s", tr.T("test.transcript"), o.Transcript)
	}
}
