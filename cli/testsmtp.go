package cli

import (
	"cmp"
	"crypto/x509"
	"fmt"
	"io"
	"os"
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
	Status     checks.Status  `json:"status"`
	Verdict    report.Verdict `json:"verdict"` // the run in one word (a compatible addition)
	Steps      []stepOutput   `json:"steps"`
	Matches    []kb.Panel     `json:"matches"`
	Transcript string         `json:"transcript,omitempty"`
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

// testSMTPOptions are test smtp's arguments, checked, the secrets read.
type testSMTPOptions struct {
	conn                   conntest.Config // the token, the message's texts and the transcript come when it runs
	token                  string          // from --token-file or MFP365_ACCESS_TOKEN; "" to sign in first
	signin                 signin.Config   // how to sign in first (tenant, application, cloud, authority)
	open, transcript, json bool
	report                 string
}

// parseTestSMTP reads test smtp's arguments, checks them with the connection test's own
// input check, and reads the password, the certificates and the token they name.
func parseTestSMTP(fs *flagSet, args []string) (testSMTPOptions, error) {
	var o testSMTPOptions
	var in conntest.Input
	var route, caFile, tokenFile, passwordFile string
	fs.String(&in.User, "user")
	fs.String(&in.Host, "host")
	fs.String(&in.Port, "port")
	fs.String(&in.From, "from")
	fs.String(&in.To, "to")
	fs.String(&caFile, "ca-file")
	fs.String(&in.Timeout, "timeout")
	fs.String(&tokenFile, "token-file")
	fs.String(&o.report, "report")
	fs.String(&o.signin.Tenant, "tenant")
	fs.String(&o.signin.ClientID, "client-id")
	fs.String(&in.Cloud, "cloud")
	fs.String(&in.Authority, "authority")
	fs.String(&route, "route")
	fs.String(&in.Domain, "domain")
	fs.String(&passwordFile, "password-file")
	fs.Bool(&o.open, "open")
	fs.Bool(&o.transcript, "transcript")
	fs.Bool(&o.json, "json")
	if _, err := fs.parse(args, false); err != nil {
		return o, err
	}
	if err := distinctFiles(fileArg{"report", o.report, true}, fileArg{"password-file", passwordFile, false},
		fileArg{"token-file", tokenFile, false}, fileArg{"ca-file", caFile, false}); err != nil {
		return o, err
	}
	o.signin.Cloud, o.signin.Authority = in.Cloud, in.Authority
	in.Route = conntest.Route(route)
	var err error
	if in.Password, err = readPassword(passwordFile); err != nil {
		return o, err
	}
	if o.conn, err = conntest.Check(in); err != nil {
		return o, err
	}
	if o.conn.RootCAs, err = readCAs(caFile); err != nil {
		return o, err
	}
	if o.conn.Auth == checks.AuthXOAUTH2 {
		o.token, err = readToken(tokenFile, o.signin.Tenant, o.signin.ClientID)
	}
	return o, err
}

// testSMTP runs the connection test, signing in first when there is no token.
func testSMTP(env *Env, o testSMTPOptions) int {
	tr, cat := env.tr, env.cat
	reportFile, err := createOutput(o.report, "test.error.report_file")
	if err != nil {
		return usage(env, err)
	}
	defer reportFile.discard()
	ctx, stop := interruptible()
	defer stop()
	cfg := o.conn
	cfg.Token = o.token
	if cfg.Token == "" && cfg.Auth == checks.AuthXOAUTH2 { // sign in first, as the printer does
		in := o.signin
		in.Sender, in.Lang = cfg.From, tr.Lang
		out := signin.Run(ctx, in, func(e signin.Event) { signinProgress(env, tr, e, o.open) })
		if out.Status != signin.StatusOK {
			return reportSignin(env, tr, cat, out, kb.Details{TenantID: in.Tenant, ClientID: in.ClientID}, o.json)
		}
		cfg.Token = out.Token.AccessToken
	}
	cfg.Subject = tr.T("test.mail.subject")
	cfg.Body = tr.T("test.mail.body", map[string]any{"Version": assets.Version})
	var transcript strings.Builder
	cfg.Transcript = &transcript
	fmt.Fprintln(env.Stderr, tr.T("test.running", map[string]any{"Host": cmp.Or(cfg.Host, "MX "+cfg.Domain), "Port": cfg.Port}))
	res := conntest.Run(ctx, cfg, func(e conntest.Event) {
		fmt.Fprintln(env.Stderr, stepLine(tr, e.Step))
	})
	run := report.TestOf(cfg, res, transcript.String())
	out := testOutputOf(res, run.Panels(cat, tr))
	out.Verdict = report.VerdictOf(cat, report.Report{Test: run})
	if o.transcript {
		out.Transcript = transcript.String()
	}
	if o.json {
		writeJSON(env, out)
	} else {
		printTest(env.Stdout, tr, res, out)
	}
	reportFile.write(env, func(w io.Writer) error {
		return report.Write(w, tr, cat, report.Report{When: time.Now(), Test: run})
	})
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
func testOutputOf(res conntest.Result, panels []kb.Panel) testOutput {
	o := testOutput{Status: res.Status, Steps: []stepOutput{}, Matches: panels}
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
	if o.Verdict != "" {
		fmt.Fprintln(w, tr.T("verdict."+string(o.Verdict)))
	}
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
