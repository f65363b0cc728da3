package cli

import (
	"encoding/base64"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mfp365/internal/fakeexchange"
	"mfp365/report"
)

// smtpFixture starts a fake Exchange and a fake sign-in host, and writes the CA file and the
// token file the command line reads.
func smtpFixture(t *testing.T, script fakeexchange.Script) (args []string) {
	bed := fakeexchange.NewTestbed(t, script)
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	token := filepath.Join(dir, "token")
	if err := os.WriteFile(ca, bed.RootsPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(token, []byte(fakeexchange.Token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"--host", "localhost", "--port", bed.Port, "--ca-file", ca, "--token-file", token, "--authority", bed.LoginURL}
}

func TestTestSMTPJSON(t *testing.T) {
	args := append([]string{"test", "smtp", "--user", "scan@contoso.fr", "--to", "direction@contoso.fr", "--json", "--transcript"},
		smtpFixture(t, fakeexchange.Script{})...)
	out, errOut, code := run(t, "", args...)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var got testOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var ids []string
	for _, s := range got.Steps {
		ids = append(ids, s.ID+":"+string(s.Status))
	}
	if got.Status != "pass" || got.Verdict != report.VerdictReady ||
		strings.Join(ids, " ") != "dns:pass tcp:pass starttls:pass ehlo:pass auth:pass mail:pass rcpt:pass data:pass quit:pass https:pass clock:pass" {
		t.Errorf("%s %s %v", got.Status, got.Verdict, ids)
	}
	if !strings.Contains(got.Transcript, "AUTH XOAUTH2 <redacted>") || strings.Contains(out+errOut, fakeexchange.Token) {
		t.Errorf("transcript %q", got.Transcript)
	}
}

func TestTestSMTPFailures(t *testing.T) {
	for _, tc := range []struct {
		name   string
		script fakeexchange.Script
		extra  []string
		code   int
		stdout string
	}{
		{"SMTP AUTH disabled", fakeexchange.Script{AuthReply: fakeexchange.TenantAuthDisabled}, nil, ExitProblem, "L'envoi SMTP authentifié est désactivé pour toute l'organisation"},
		{"SendAsDenied", fakeexchange.Script{DataReply: fakeexchange.SendAsDenied}, []string{"--to", "x@contoso.fr"}, ExitProblem, "SMTP 554 5.2.252"},
		{"no STARTTLS", fakeexchange.Script{NoStartTLS: true}, nil, ExitProblem, "check:no-starttls"},
		{"bad user", fakeexchange.Script{}, []string{"--user", "scan"}, ExitUsage, ""},
		{"bad timeout", fakeexchange.Script{}, []string{"--timeout", "forever"}, ExitUsage, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"test", "smtp", "--user", "scan@contoso.fr"}, smtpFixture(t, tc.script)...)
			out, errOut, code := run(t, "", append(args, tc.extra...)...)
			if code != tc.code || !strings.Contains(out, tc.stdout) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
		})
	}
}

// TestTestSMTPSaysWhyInWords: a step that fails on a network error reads as a sentence in the
// reader's language, with the raw error kept beside it; the JSON keeps the raw detail only.
func TestTestSMTPSaysWhyInWords(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, closed, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	args := append(smtpFixture(t, fakeexchange.Script{}), "--port", closed, "--user", "scan@contoso.fr", "--timeout", "2s")
	out, _, code := run(t, "", append([]string{"test", "smtp", "--lang", "fr"}, args...)...)
	if code != ExitProblem || !strings.Contains(out, "Le port est fermé") || !strings.Contains(out, "connection refused") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	out, _, _ = run(t, "", append([]string{"test", "smtp", "--json"}, args...)...)
	var o testOutput
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range o.Steps {
		if s.ID == "tcp" {
			found = true
			if !strings.Contains(s.Detail, "connection refused") || strings.Contains(s.Detail, "refusée") {
				t.Errorf("JSON detail %q", s.Detail)
			}
		}
	}
	if !found {
		t.Errorf("no tcp step: %+v", o.Steps)
	}
}

// TestTestSMTPBasicRoute: the password comes from a file, never shows in any output (the
// transcript included), and a pass warns that basic authentication ends in December 2026.
func TestTestSMTPBasicRoute(t *testing.T) {
	const password = "Printer-Passw0rd!"
	bed := fakeexchange.NewTestbed(t, fakeexchange.Script{Password: password})
	dir := t.TempDir()
	ca, pw := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "password")
	if err := os.WriteFile(ca, bed.RootsPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pw, []byte(password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"test", "smtp", "--route", "basic", "--host", "localhost", "--port", bed.Port, "--ca-file", ca,
		"--password-file", pw, "--user", "scan@contoso.fr", "--to", "direction@contoso.fr", "--transcript"}
	out, errOut, code := run(t, "", append(args, "--json")...)
	var got testOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	last := got.Steps[len(got.Steps)-1]
	if code != ExitOK || got.Status != "pass" || last.ID != "basic" || last.Status != "warn" || len(got.Matches) == 0 ||
		got.Verdict != report.VerdictNotReady { // it works today, not after December 2026
		t.Errorf("exit %d, status %s, verdict %s, last step %+v, %d explanations", code, got.Status, got.Verdict, last, len(got.Matches))
	}
	text, _, _ := run(t, "", append(args, "--lang", "fr")...)
	if !strings.Contains(text, "Pas prêt\u00a0: l'envoi échoue ou échouera bientôt.") {
		t.Errorf("the text does not say the verdict:\n%s", text)
	}
	for _, o := range []string{out, errOut, text} {
		if strings.Contains(o, password) || strings.Contains(o, base64.StdEncoding.EncodeToString([]byte(password))) {
			t.Fatalf("the password is in the output:\n%s", o)
		}
	}
	if !strings.Contains(got.Transcript, "AUTH LOGIN <redacted>") {
		t.Errorf("transcript:\n%s", got.Transcript)
	}
	// No password anywhere: a usage error before any traffic, pointing to the file or the variable.
	t.Setenv("MFP365_PASSWORD", "")
	_, errOut, code = run(t, "", "test", "smtp", "--route", "basic", "--user", "scan@contoso.fr")
	if code != ExitUsage || !strings.Contains(errOut, "MFP365_PASSWORD") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
