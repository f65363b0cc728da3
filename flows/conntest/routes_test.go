package conntest

import (
	"context"
	"encoding/base64"
	"errors"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"mfp365/checks"
	"mfp365/input"
	"mfp365/internal/fakeexchange"
	"mfp365/kb"
)

const password = "Printer-Passw0rd!" // the fake's accepted password

// routeFixture checks a route's input as the faces do, then points it at a fake server on
// loopback: the MX record and the SPF record come from seams, the MX host is "localhost".
func routeFixture(t *testing.T, in Input, script fakeexchange.Script, spf ...string) (Config, *fakeexchange.Server) {
	t.Helper()
	bed := fakeexchange.NewTestbed(t, script)
	in.Port = bed.Port
	cfg, err := Check(in)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RootCAs, cfg.Timeout, cfg.Subject, cfg.Body = bed.Roots, 2*time.Second, "Test", "Bonjour"
	cfg.LoginURL = ""
	cfg.LookupMX = func(context.Context, string) ([]*net.MX, error) {
		return []*net.MX{{Host: "localhost.", Pref: 10}}, nil
	}
	cfg.LookupTXT = func(context.Context, string) ([]string, error) { return spf, nil }
	return cfg, bed.Server
}

// codes lists every code the steps carry.
func codes(r Result) []string {
	var out []string
	for _, s := range r.Steps {
		out = append(out, s.Codes...)
	}
	return out
}

func TestRouteBasicPassesWithAWarning(t *testing.T) {
	var tr strings.Builder
	cfg, srv := routeFixture(t, Input{Route: RouteBasic, Host: "localhost", User: "scan@contoso.fr", To: "direction@contoso.fr", Password: password},
		fakeexchange.Script{Password: password})
	cfg.Transcript = &tr
	r := Run(context.Background(), cfg, func(Event) {})
	want := "dns:pass tcp:pass starttls:pass ehlo:pass auth:pass mail:pass rcpt:pass data:pass quit:pass basic:warn"
	if r.Status != checks.Pass || ids(r) != want || len(srv.Messages()) != 1 {
		t.Fatalf("%s %s", r.Status, ids(r))
	}
	if got := codes(r); len(got) != 1 || got[0] != "check:basic-auth-ending" {
		t.Errorf("codes %v", got)
	}
	// The password never reaches the transcript, in clear or in base64.
	for _, secret := range []string{password, b64(password), b64("scan@contoso.fr")} {
		if strings.Contains(tr.String(), secret) {
			t.Errorf("transcript holds %q:\n%s", secret, tr.String())
		}
	}
	if !strings.Contains(tr.String(), "AUTH LOGIN <redacted>") {
		t.Errorf("transcript:\n%s", tr.String())
	}
}

func TestRouteBasicRefusals(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		script fakeexchange.Script
		entry  string
	}{
		{"basic authentication removed", fakeexchange.Script{Password: password, AuthReply: fakeexchange.BasicAuthRemoved}, "exo-550-5-7-30-basic-auth-removed"},
		{"SMTP AUTH disabled", fakeexchange.Script{Password: password, AuthReply: fakeexchange.TenantAuthDisabled}, "exo-smtp-auth-disabled-tenant"},
		{"wrong password", fakeexchange.Script{Password: "another"}, "exo-535-5-7-3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _ := routeFixture(t, Input{Route: RouteBasic, Host: "localhost", User: "scan@contoso.fr", Password: password}, tc.script)
			r := Run(context.Background(), cfg, func(Event) {})
			if r.Status != checks.Fail || !strings.Contains(ids(r), "auth:fail") || strings.Contains(ids(r), "basic:") {
				t.Fatalf("%s %s", r.Status, ids(r))
			}
			if ex := explain(cat, r); len(ex) == 0 || ex[0] != tc.entry {
				t.Errorf("explained by %v, want %s", ex, tc.entry)
			}
		})
	}
}

func TestRouteHVE(t *testing.T) {
	cfg, err := Check(Input{Route: RouteHVE, User: "hve@contoso.fr"})
	if err != nil || cfg.Host != HVEHost || cfg.Port != 587 || cfg.Auth != checks.AuthXOAUTH2 || cfg.LoginURL == "" {
		t.Errorf("HVE with a token: %+v, %v", cfg, err)
	}
	cfg, srv := routeFixture(t, Input{Route: RouteHVE, Host: "localhost", User: "hve@contoso.fr", To: "direction@contoso.fr", Password: password},
		fakeexchange.Script{Password: password})
	if cfg.Auth != checks.AuthLogin {
		t.Fatalf("HVE with a password: auth %q", cfg.Auth)
	}
	if r := Run(context.Background(), cfg, func(Event) {}); r.Status != checks.Pass || strings.Contains(ids(r), "basic:") || len(srv.Messages()) != 1 {
		t.Errorf("%s %s", r.Status, ids(r))
	}
}

func TestRouteRelayAndDirect(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	mx := fakeexchange.Script{MX: true}
	for _, tc := range []struct {
		name   string
		route  Route
		script fakeexchange.Script
		spf    []string
		want   string // the steps
		codes  []string
		entry  string // the first explanation
	}{
		{"relay delivered", RouteRelay, mx, nil,
			"mx:warn dns:pass tcp:pass starttls:pass mail:pass rcpt:pass data:pass quit:pass", []string{"check:mx-not-exo"}, ""},
		{"connector no longer matches", RouteRelay, fakeexchange.Script{MX: true, RcptReply: fakeexchange.RelayDenied}, nil,
			"mx:warn dns:pass tcp:pass starttls:pass mail:pass rcpt:fail", []string{"check:mx-not-exo", "SMTP 550 5.7.64"}, "exo-550-5-7-64-tenant-attribution"},
		{"wrong region", RouteRelay, fakeexchange.Script{MX: true, MailReply: fakeexchange.WrongRegion}, nil,
			"mx:warn dns:pass tcp:pass starttls:pass mail:fail", []string{"check:mx-not-exo", "SMTP 451 4.4.62"}, "exo-451-4-4-62-wrong-region"},
		{"unregistered domain", RouteRelay, fakeexchange.Script{MX: true, MailReply: fakeexchange.UnregisteredDomain}, nil,
			"mx:warn dns:pass tcp:pass starttls:pass mail:fail", []string{"check:mx-not-exo", "SMTP 550 5.7.750"}, ""},
		{"IP not accepted", RouteRelay, fakeexchange.Script{MX: true, MailReply: fakeexchange.IPNotAccepted}, nil,
			"mx:warn dns:pass tcp:pass starttls:pass mail:fail", []string{"check:mx-not-exo", "SMTP 550 5.7.708"}, ""},
		{"direct send with SPF", RouteDirect, mx, []string{"v=spf1 include:spf.protection.outlook.com -all"},
			"spf:pass mx:warn dns:pass tcp:pass starttls:pass mail:pass rcpt:pass data:pass quit:pass", []string{"check:mx-not-exo"}, ""},
		{"direct send refused, no SPF", RouteDirect, fakeexchange.Script{MX: true, RcptReply: fakeexchange.DirectSendRefused}, []string{"google-site-verification=x"},
			"spf:warn mx:warn dns:pass tcp:pass starttls:pass mail:pass rcpt:fail", []string{"check:spf-missing", "check:mx-not-exo", "SMTP 550 5.7.68"}, ""},
		{"no STARTTLS offered", RouteRelay, fakeexchange.Script{MX: true, NoStartTLS: true}, nil,
			"mx:warn dns:pass tcp:pass starttls:warn mail:pass rcpt:pass data:pass quit:pass", []string{"check:mx-not-exo", "check:no-starttls"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _ := routeFixture(t, Input{Route: tc.route, From: "scan@contoso.fr", To: "direction@contoso.fr"}, tc.script, tc.spf...)
			r := Run(context.Background(), cfg, func(Event) {})
			if ids(r) != tc.want || strings.Join(codes(r), " ") != strings.Join(tc.codes, " ") {
				t.Fatalf("steps %s, codes %v", ids(r), codes(r))
			}
			if ex := explain(cat, r); tc.entry != "" && (len(ex) == 0 || !slices.Contains(ex, tc.entry)) {
				t.Errorf("explained by %v, want %s", ex, tc.entry)
			}
		})
	}
}

// TestRouteSilentPort25: a connection to port 25 that times out is very likely blocked by the
// provider or the firewall, and says so; on another port it stays a timeout.
func TestRouteSilentPort25(t *testing.T) {
	timeout := checks.Step{ID: "tcp", Status: checks.Fail, Reason: "timeout", Codes: []string{"check:tcp-timeout"}}
	if s := silentPort(MXPort, timeout); len(s.Codes) != 1 || s.Codes[0] != "check:port25-blocked" {
		t.Errorf("port 25: %+v", s)
	}
	if s := silentPort(587, timeout); s.Codes[0] != "check:tcp-timeout" {
		t.Errorf("port 587: %+v", s)
	}
	refused := checks.Step{ID: "tcp", Status: checks.Fail, Codes: []string{"check:tcp-refused"}}
	if s := silentPort(MXPort, refused); s.Codes[0] != "check:tcp-refused" {
		t.Errorf("refused: %+v", s)
	}
}

func TestRouteInputs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    Input
		field string
	}{
		{"unknown route", Input{Route: "fax", User: "a@b.fr"}, "route"},
		{"basic without a password", Input{Route: RouteBasic, User: "a@b.fr"}, "password"},
		{"relay without a sender", Input{Route: RouteRelay, To: "a@b.fr"}, "from"},
		{"direct without a recipient", Input{Route: RouteDirect, From: "a@b.fr"}, "to"},
		{"relay to a bad domain", Input{Route: RouteRelay, From: "a@b.fr", To: "c@b.fr", Domain: "not a domain"}, "domain"},
	} {
		_, err := Check(tc.in)
		var ie *input.Error
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%s: %v, want an input error on %q", tc.name, err, tc.field)
		}
		if ie != nil && strings.Contains(ie.Error(), password) {
			t.Errorf("%s: the error shows the password", tc.name)
		}
	}
	cfg, err := Check(Input{Route: RouteDirect, From: "scan@Contoso.fr", To: "direction@contoso.fr"})
	if err != nil || cfg.Host != "" || cfg.Port != MXPort || cfg.Domain != "contoso.fr" || cfg.Auth != checks.AuthNone || cfg.LoginURL != "" {
		t.Errorf("direct send defaults: %+v, %v", cfg, err)
	}
}

// explain lists the entries that explain a result's problems, best first.
func explain(cat *kb.Catalog, r Result) []string {
	var ids []string
	for _, text := range r.Problems() {
		for _, m := range cat.Match(text).Matches {
			ids = append(ids, m.Entry.ID)
		}
	}
	return ids
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// TestRouteSilentPort25InANamespace: a relay to an MX endpoint whose port 25 never answers,
// as when the provider drops it. The test runs itself again inside a new network namespace
// where 192.0.2.1 sits behind a veth pair whose other end has no address, so nothing ever
// answers (nothing leaves the namespace; unshare -n as root, as CI is).
func TestRouteSilentPort25InANamespace(t *testing.T) {
	if os.Getenv("MFP365_NETNS") != "1" {
		if os.Geteuid() != 0 {
			t.Skip("needs root to make a network namespace (CI runs as root)")
		}
		script := "ip link set lo up && { ip link add v0 type veth peer name v1 || exit 77; } && ip addr add 192.0.2.2/24 dev v0 && " +
			"ip link set v0 up && ip link set v1 up && " +
			"exec \"$0\" -test.run '^TestRouteSilentPort25InANamespace$' -test.v"
		cmd := exec.Command("unshare", "-n", "--", "sh", "-c", script, os.Args[0])
		cmd.Env = append(os.Environ(), "MFP365_NETNS=1")
		out, err := cmd.CombinedOutput()
		if cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 77 {
			t.Skipf("this kernel cannot make a veth pair:\n%s", out)
		}
		if err != nil || !strings.Contains(string(out), "--- PASS: TestRouteSilentPort25InANamespace") {
			t.Fatalf("in the network namespace: %v\n%s", err, out)
		}
		return
	}
	cfg, err := Check(Input{Route: RouteRelay, Host: "192.0.2.1", From: "scan@contoso.fr", To: "direction@contoso.fr", Timeout: "300ms"})
	if err != nil {
		t.Fatal(err)
	}
	r := Run(context.Background(), cfg, func(Event) {})
	if ids(r) != "dns:pass tcp:fail" || strings.Join(codes(r), " ") != "check:port25-blocked" {
		t.Errorf("%s %v", ids(r), codes(r))
	}
}
