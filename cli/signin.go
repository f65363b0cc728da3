package cli

import (
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/input"
	"mfp365/kb"
)

// signinOutput is the JSON shape of `mfp365 signin --json` (CLI.md); tenant_id, warnings and
// graph are compatible additions. There is never a token in it.
type signinOutput struct {
	Status    signin.Status `json:"status"`
	Account   string        `json:"account,omitempty"`
	Scopes    []string      `json:"scopes,omitempty"`
	ExpiresAt string        `json:"expires_at,omitempty"`
	TenantID  string        `json:"tenant_id,omitempty"`
	Warnings  []string      `json:"warnings,omitempty"`
	Graph     []graphOutput `json:"graph,omitempty"`
	Codes     []string      `json:"codes"`
	Matches   []kb.Panel    `json:"matches"`
}

type graphOutput struct {
	Path   string `json:"path"`
	Status int    `json:"status"`
}

// signinOptions are signin's arguments.
type signinOptions struct {
	cfg        signin.Config // Lang is the reader's, set when it runs
	open, json bool
}

// parseSignin reads signin's arguments: the tenant and the application are required; the
// flow checks the rest of its input when it starts.
func parseSignin(fs *flagSet, args []string) (signinOptions, error) {
	var o signinOptions
	c := &o.cfg
	fs.String(&c.Tenant, "tenant")
	fs.String(&c.ClientID, "client-id")
	fs.String(&c.Cloud, "cloud")
	fs.String(&c.Purpose, "scope")
	fs.String(&c.Authority, "authority")
	fs.String(&c.Sender, "sender")
	fs.Bool(&o.open, "open")
	fs.Bool(&o.json, "json")
	if _, err := fs.parse(args, false); err != nil {
		return o, err
	}
	if c.Tenant == "" || c.ClientID == "" {
		return o, &usageError{"signin.error.required", nil}
	}
	return o, nil
}

// signinCmd runs the device code flow, as the printer does.
func signinCmd(env *Env, o signinOptions) int {
	ctx, stop := interruptible()
	defer stop()
	cfg := o.cfg
	cfg.Lang = env.tr.Lang
	out := signin.Run(ctx, cfg, func(e signin.Event) { signinProgress(env, env.tr, e, o.open) })
	return reportSignin(env, env.tr, env.cat, out, kb.Details{TenantID: cfg.Tenant, ClientID: cfg.ClientID, User: cfg.Sender}, o.json)
}

// signinProgress writes the steps and the code to stderr.
func signinProgress(env *Env, tr *i18n.Translator, e signin.Event, open bool) {
	switch e.Stage {
	case signin.StageTenant:
		fmt.Fprintln(env.Stderr, tr.T("signin.stage.tenant"))
	case signin.StageCode:
		fmt.Fprintln(env.Stderr, tr.T("signin.stage.code"))
	case signin.StageWaiting:
		c := e.Code
		fmt.Fprintln(env.Stderr, tr.T("signin.code", map[string]any{"URL": c.VerificationURI, "Code": c.UserCode,
			"Expires": c.Expires.Format("15:04")}))
		if c.Message != "" {
			fmt.Fprintln(env.Stderr, c.Message)
		}
		if open {
			if err := OpenBrowser(c.VerificationURI); err != nil {
				fmt.Fprintln(env.Stderr, tr.T("signin.open_failed", map[string]any{"Error": err.Error()}))
			}
		}
	case signin.StageVerify:
		fmt.Fprintln(env.Stderr, tr.T("signin.stage.verify"))
	}
}

// reportSignin prints the outcome and returns the exit code.
// known holds what the sign-in was started with, filled into the explanations' steps.
func reportSignin(env *Env, tr *i18n.Translator, cat *kb.Catalog, out *signin.Outcome, known kb.Details, asJSON bool) int {
	o := signinOutput{Status: out.Status, TenantID: out.TenantID, Codes: []string{}, Matches: []kb.Panel{}}
	if out.Status == signin.StatusOK {
		o.Account, o.Scopes = out.Claims.Account, out.Claims.Scopes
		if len(o.Scopes) == 0 {
			o.Scopes = out.Scopes
		}
		if !out.Claims.Expires.IsZero() {
			o.ExpiresAt = out.Claims.Expires.UTC().Format(time.RFC3339)
		}
	}
	for _, w := range out.Warnings {
		o.Warnings = append(o.Warnings, string(w))
	}
	for _, g := range out.Graph {
		o.Graph = append(o.Graph, graphOutput{g.Path, g.Status})
	}
	ex := cat.Explain(tr, known, kb.SaidByMicrosoft, out.Answer)
	o.Codes, o.Matches = ex.Codes, ex.Panels
	if asJSON {
		writeJSON(env, o)
	} else {
		printSignin(env, tr, out, o)
	}
	switch {
	case out.Step == signin.StepInput:
		return ExitUsage
	case out.Status == signin.StatusOK:
		return ExitOK
	case out.Status == signin.StatusCancelled, out.Status == signin.StatusExpired:
		return ExitInterrupted
	default:
		return ExitProblem
	}
}

// printSignin writes the readable outcome.
func printSignin(env *Env, tr *i18n.Translator, out *signin.Outcome, o signinOutput) {
	w := env.Stdout
	fmt.Fprintln(w, tr.T("signin.status."+string(out.Status)))
	if out.Status == signin.StatusOK {
		fmt.Fprintf(w, "%s %s\n%s %s\n", tr.T("signin.account"), o.Account, tr.T("signin.scopes"), strings.Join(o.Scopes, " "))
		if o.ExpiresAt != "" {
			fmt.Fprintf(w, "%s %s\n", tr.T("signin.expires"), tr.When(out.Claims.Expires.Local()))
		}
		fmt.Fprintln(w, tr.T("signin.unverified"))
	}
	for _, g := range out.Graph {
		fmt.Fprintln(w, tr.T("signin.graph", map[string]any{"Path": g.Path, "Status": g.Status}))
	}
	for _, warn := range out.Warnings {
		fmt.Fprintln(w, tr.T("signin.warn."+string(warn), map[string]any{"Account": out.Claims.Account}))
	}
	if out.OtherCloud != "" {
		fmt.Fprintln(w, tr.T("signin.other_cloud", map[string]any{"Cloud": tr.T("cloud." + out.OtherCloud)}))
	}
	switch {
	case out.Step == signin.StepInput && out.Answer == "":
		var ie *input.Error
		if errors.As(out.Err, &ie) {
			fmt.Fprintln(env.Stderr, refusal(tr, ie))
		}
	case out.Answer == "" && out.Err != nil && out.OtherCloud == "" && out.Status == signin.StatusError:
		fmt.Fprintln(w, tr.T("signin.network", map[string]any{"Error": out.Err.Error()}))
	}
	for i, p := range o.Matches {
		fmt.Fprintln(w)
		fmt.Fprint(w, p.PlainText(tr, i+1))
	}
}

// OpenBrowser opens a web address with the system's browser.
func OpenBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	return cmd.Start()
}
