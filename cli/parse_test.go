package cli

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mfp365/checks"
	"mfp365/input"
)

// refusedAs names what a parse refused with: the usage error's message, the input error's
// field and code, "help" for -h, "" for no error.
func refusedAs(err error) string {
	var ue *usageError
	var ie *input.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, errHelp):
		return "help"
	case errors.As(err, &ue):
		return ue.id
	case errors.As(err, &ie):
		return ie.Field + ":" + ie.Code
	}
	return err.Error()
}

// TestParseRefusals: each command's parse refuses each kind of mistake with its own error,
// offline, and -h wins over any of them.
func TestParseRefusals(t *testing.T) {
	dir := t.TempDir()
	token, empty := filepath.Join(dir, "token"), filepath.Join(dir, "empty")
	if err := os.WriteFile(token, []byte("eyJ0.eyJ0.c2ln\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MFP365_ACCESS_TOKEN", "")
	t.Setenv("MFP365_PASSWORD", "")
	parses := map[string]func(args []string) error{
		"lookup":    func(a []string) error { _, err := parseLookup(newFlagSet(), a); return err },
		"signin":    func(a []string) error { _, err := parseSignin(newFlagSet(), a); return err },
		"test smtp": func(a []string) error { _, err := parseTestSMTP(newFlagSet(), a); return err },
		"discover":  func(a []string) error { _, err := parseDiscover(newFlagSet(), a); return err },
		"listen":    func(a []string) error { _, err := parseListen(newFlagSet(), a); return err },
	}
	for _, c := range commands {
		if parses[c.name] == nil {
			t.Errorf("%s: no parse under test", c.name)
		}
	}
	user := []string{"--user", "scan@contoso.fr", "--token-file", token}
	for _, tc := range []struct {
		command string
		args    []string
		want    string
	}{
		// every command
		{"lookup", []string{"--nope"}, "cli.error.unknown_flag"},
		{"lookup", []string{"x", "--lang"}, "cli.error.missing_value"},
		{"lookup", []string{"--json=maybe"}, "cli.error.bool_value"},
		{"lookup", []string{"--lang", "de"}, "cli.error.lang"},
		{"lookup", []string{"--nope", "--lang", "de", "-h"}, "help"},
		{"signin", []string{"extra", "--tenant", "t", "--client-id", "c"}, "cli.error.extra_args"},
		{"signin", []string{"--tenant", "contoso.fr"}, "signin.error.required"},
		{"signin", []string{"--client-id", "c"}, "signin.error.required"},
		// test smtp: the connection test's own input check, then the files
		{"test smtp", []string{"--token-file", token}, "user:user_missing"},
		{"test smtp", []string{"--user", "scan", "--token-file", token}, "user:address"},
		{"test smtp", append([]string{"--route", "pigeon"}, user...), "route:route"},
		{"test smtp", append([]string{"--port", "0"}, user...), "port:port"},
		{"test smtp", append([]string{"--timeout", "forever"}, user...), "timeout:timeout"},
		{"test smtp", append([]string{"--cloud", "mars"}, user...), "cloud:cloud"},
		{"test smtp", append([]string{"--ca-file", empty}, user...), "test.error.ca"},
		{"test smtp", []string{"--user", "scan@contoso.fr", "--token-file", empty}, "test.error.token_file"},
		{"test smtp", []string{"--user", "scan@contoso.fr"}, "test.error.token"},
		{"test smtp", []string{"--route", "basic", "--user", "scan@contoso.fr", "--password-file", empty}, "test.error.password_file"},
		{"test smtp", []string{"--route", "basic", "--user", "scan@contoso.fr"}, "password:password_missing"},
		{"test smtp", []string{"--route", "direct", "--from", "scan@contoso.fr"}, "to:to_missing"},
		{"test smtp", []string{"--route", "basic", "--user", "scan", "--password-file", empty, "--help"}, "help"},
		// discover
		{"discover", []string{"--timeout", "1h"}, "timeout:discover_timeout"},
		{"discover", []string{"--snmp-port", "70000"}, "snmp_port:port"},
		{"discover", []string{"--subnet", "nope"}, "subnet:subnet"},
		{"discover", []string{"--subnet", "10.0.0.0/8"}, "subnet:subnet_size"},
		{"discover", []string{"--host", "a b"}, "host:printer_address"},
		{"discover", []string{"--no-snmp", "--no-mdns", "--no-wsd=true", "x"}, "cli.error.extra_args"},
		// listen
		{"listen", []string{"--timeout", "2h"}, "timeout:listen_timeout"},
		{"listen", []string{"--timeout", "500ms"}, "timeout:listen_timeout"},
		{"listen", []string{"--tenant", "x!"}, "tenant:tenant"},
	} {
		if got := refusedAs(parses[tc.command](tc.args)); got != tc.want {
			t.Errorf("%s %q: refused as %q, want %q", tc.command, tc.args, got, tc.want)
		}
	}
}

// TestParseValues: what each parse makes of valid arguments.
func TestParseValues(t *testing.T) {
	l, err := parseLookup(newFlagSet(), []string{"535", "5.7.3", "--json", "--", "-h"})
	if err != nil || !l.json || l.stdin || l.text != "535 5.7.3 -h" {
		t.Errorf("lookup: %+v %v", l, err)
	}
	for _, args := range [][]string{{}, {"-"}, {"--lang=en", "-"}} {
		if l, err := parseLookup(newFlagSet(), args); err != nil || !l.stdin {
			t.Errorf("lookup %q: %+v %v", args, l, err)
		}
	}

	s, err := parseSignin(newFlagSet(), []string{"-tenant=contoso.fr", "--client-id", "c", "--scope", "graph", "--open", "--cloud", "usgov"})
	if err != nil || s.cfg.Tenant != "contoso.fr" || s.cfg.ClientID != "c" || s.cfg.Purpose != "graph" || s.cfg.Cloud != "usgov" || !s.open || s.json {
		t.Errorf("signin: %+v %v", s, err)
	}

	t.Setenv("MFP365_ACCESS_TOKEN", " eyJ0.from-env ")
	ts, err := parseTestSMTP(newFlagSet(), []string{"--user", "scan@contoso.fr", "--to", "moi@contoso.fr", "--timeout", "3s", "--transcript", "--report", "r.html"})
	if err != nil || ts.token != "eyJ0.from-env" || ts.conn.User != "scan@contoso.fr" || ts.conn.To != "moi@contoso.fr" ||
		ts.conn.Timeout != 3*time.Second || ts.conn.Auth != checks.AuthXOAUTH2 || !ts.transcript || ts.report != "r.html" {
		t.Errorf("test smtp: %+v %v", ts, err)
	}
	t.Setenv("MFP365_PASSWORD", "Printer-Passw0rd!")
	ts, err = parseTestSMTP(newFlagSet(), []string{"--route", "basic", "--user", "scan@contoso.fr"})
	if err != nil || ts.token != "" || ts.conn.Password != "Printer-Passw0rd!" || ts.conn.Auth == checks.AuthXOAUTH2 {
		t.Errorf("test smtp --route basic: %+v %v", ts.conn.Auth, err)
	}
	ts, err = parseTestSMTP(newFlagSet(), []string{"--user", "scan@contoso.fr", "--tenant", "contoso.fr", "--client-id", "c", "--cloud", "china"})
	if err != nil || ts.token != "eyJ0.from-env" || ts.signin.Tenant != "contoso.fr" || ts.signin.Cloud != "china" {
		t.Errorf("test smtp with sign-in: %+v %v", ts.signin, err)
	}

	d, err := parseDiscover(newFlagSet(), []string{"--host", "192.0.2.1,192.0.2.2", "--host", "printer.local", "--timeout", "2s", "--no-wsd", "--csv", "p.csv"})
	if err != nil || len(d.cfg.Hosts) != 3 || d.cfg.Timeout != 2*time.Second || !d.cfg.NoWSD || d.cfg.NoMDNS || d.csv != "p.csv" {
		t.Errorf("discover: %+v %v", d, err)
	}

	ln, err := parseListen(newFlagSet(), []string{"--addr", " 127.0.0.1:2525 ", "--timeout", "5m", "--tenant", "aaaabbbb-0000-cccc-1111-dddd2222eeee"})
	if err != nil || ln.cfg.Addr != "127.0.0.1:2525" || ln.cfg.Timeout != 5*time.Minute || ln.cfg.Tenant != "aaaabbbb-0000-cccc-1111-dddd2222eeee" {
		t.Errorf("listen: %+v %v", ln, err)
	}
	if ln, err := parseListen(newFlagSet(), nil); err != nil || ln.cfg.Timeout == 0 {
		t.Errorf("listen with no arguments: %+v %v", ln, err)
	}
}
