package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"mfp365/internal/fakeentra"
)

func TestSigninJSON(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	out, errOut, code := run(t, "", "signin", "--json", "--tenant", fakeentra.TenantDomain, "--client-id", fakeentra.ClientID,
		"--authority", fake.URL, "--sender", fakeentra.Account)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if got["status"] != "ok" || got["account"] != fakeentra.Account || got["tenant_id"] != fakeentra.TenantID || got["expires_at"] == "" {
		t.Errorf("output %v", got)
	}
	if !strings.Contains(errOut, fakeentra.UserCode) || !strings.Contains(errOut, "https://microsoft.com/devicelogin") {
		t.Errorf("code and address not on stderr: %s", errOut)
	}
	// The token never leaves memory.
	for _, secret := range []string{"refresh-token-secret", "c2lnbmF0dXJl", "eyJ"} {
		if strings.Contains(out+errOut, secret) {
			t.Errorf("output holds token material %q", secret)
		}
	}
}

func TestSigninFailures(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"unknown tenant", []string{"--tenant", "nowhere.onmicrosoft.com", "--client-id", fakeentra.ClientID}, ExitProblem, "AADSTS90002", ""},
		{"unknown application", []string{"--tenant", fakeentra.TenantID, "--client-id", fakeentra.UnknownClient, "--lang", "en"}, ExitProblem, "AADSTS700016", ""},
		{"malformed tenant", []string{"--tenant", "contoso onmicrosoft", "--client-id", fakeentra.ClientID}, ExitUsage, "AADSTS900023", ""},
		{"missing client ID", []string{"--tenant", fakeentra.TenantID}, ExitUsage, "", "--client-id"},
		{"plain http authority", []string{"--tenant", fakeentra.TenantID, "--client-id", fakeentra.ClientID, "--authority", "http://login.example.com"}, ExitUsage, "", "Adresse de connexion invalide"},
		{"another cloud", []string{"--tenant", fakeentra.GovTenant, "--client-id", fakeentra.ClientID}, ExitProblem, "US Government", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(fake.Requests())
			args := append([]string{"signin"}, tc.args...)
			if !strings.Contains(strings.Join(tc.args, " "), "--authority") {
				args = append(args, "--authority", fake.URL)
			}
			out, errOut, code := run(t, "", args...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			if tc.code == ExitUsage && len(fake.Requests()) != before {
				t.Error("a refused input reached the network")
			}
		})
	}
}
