package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"golang.org/x/oauth2"

	"mfp365/flows/signin"
	"mfp365/internal/fakeexchange"
)

// newConntestShell opens the window on the connection test, pointed at a fake Exchange and a
// fake sign-in host; signedIn gives it a token as the sign-in screen would.
func newConntestShell(t *testing.T, script fakeexchange.Script, signedIn bool) *shell {
	bed := fakeexchange.NewTestbed(t, script)
	s := newTestShell(t, "fr")
	if signedIn {
		s.signin.outcome = &signin.Outcome{Status: signin.StatusOK, Token: &oauth2.Token{AccessToken: fakeexchange.Token},
			Claims: signin.Claims{Account: "scan@contoso.fr"}}
	}
	st := s.conntest
	st.host, st.port, st.to = "localhost", bed.Port, "direction@contoso.fr"
	st.rootCAs, st.loginURL = bed.Roots, bed.LoginURL
	s.show("conntest")
	return s
}

func TestConntestPasses(t *testing.T) {
	s := newConntestShell(t, fakeexchange.Script{}, true)
	st := s.conntest
	if st.user != "scan@contoso.fr" {
		t.Errorf("the mailbox is not taken from the sign-in: %q", st.user)
	}
	if strings.Contains(texts(st.view.body), "Pas encore de connexion") {
		t.Error("signed in, yet told to sign in")
	}
	test.Tap(st.view.run)
	waitFor(t, "result", func() bool { return st.result != nil })
	got := texts(st.view.body)
	for _, want := range []string{"Test réussi", "Résolution DNS", "Chiffrement STARTTLS", "TLS 1.3", "Authentification OAuth",
		"Message (DATA)", "Accès HTTPS à Microsoft", "Horloge", "Dialogue SMTP"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if st.view.run.Text != "Relancer" {
		t.Errorf("button %q after a run", st.view.run.Text)
	}
	if !strings.Contains(st.transcript, "AUTH XOAUTH2 <redacted>") || strings.Contains(st.transcript, fakeexchange.Token) {
		t.Errorf("transcript %q", st.transcript)
	}
}

func TestConntestAsksToSignIn(t *testing.T) {
	s := newConntestShell(t, fakeexchange.Script{}, false)
	if !strings.Contains(texts(s.conntest.view.body), "Pas encore de connexion Microsoft 365") {
		t.Error("no hint to sign in first")
	}
}

func TestConntestExplainsFailures(t *testing.T) {
	for _, tc := range []struct {
		name     string
		script   fakeexchange.Script
		signedIn bool
		want     []string
	}{
		{"SMTP AUTH disabled", fakeexchange.Script{AuthReply: fakeexchange.TenantAuthDisabled}, true,
			[]string{"Le test a échoué", "L'envoi SMTP authentifié est désactivé pour toute l'organisation", "SMTP 535 5.7.139"}},
		{"TLS inspection", fakeexchange.Script{Untrusted: true}, true, []string{"check:tls-untrusted"}},
		{"not signed in", fakeexchange.Script{}, false, []string{"Le test a échoué", "check:no-token"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newConntestShell(t, tc.script, tc.signedIn)
			st := s.conntest
			test.Tap(st.view.run)
			waitFor(t, "result", func() bool { return st.result != nil })
			got := texts(st.view.body)
			for _, want := range tc.want {
				if !strings.Contains(got, want) {
					t.Errorf("lacks %q:\n%s", want, got)
				}
			}
			if len(st.view.explanations()) == 0 {
				t.Error("no explanation for the failed step")
			}
		})
	}
}
