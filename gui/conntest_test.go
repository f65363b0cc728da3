package gui

import (
	"encoding/base64"
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/emersion/go-sasl"
	"golang.org/x/oauth2"

	"mfp365/checks"
	"mfp365/flows/conntest"
	"mfp365/flows/listen"
	"mfp365/flows/signin"
	"mfp365/internal/fakeexchange"
	"mfp365/report"
)

// newConntestShell opens the window on the connection test, pointed at a fake Exchange and a
// fake sign-in host; signedIn gives it a token as the sign-in screen would.
func newConntestShell(t *testing.T, script fakeexchange.Script, signedIn bool) *shell {
	bed := fakeexchange.NewTestbed(t, script)
	s := newTestShell(t, "fr")
	if signedIn {
		s.session.SignedIn(&signin.Outcome{Status: signin.StatusOK, Token: &oauth2.Token{AccessToken: fakeexchange.Token},
			Claims: signin.Claims{Account: "scan@contoso.fr"}})
	} else {
		s.session.Mailbox = "scan@contoso.fr"
	}
	ss := s.session
	ss.Host, ss.Port, ss.To = "localhost", bed.Port, "direction@contoso.fr"
	s.seams.rootCAs, s.seams.testAuthority = bed.Roots, bed.LoginURL
	s.show("conntest")
	return s
}

func TestConntestPasses(t *testing.T) {
	s := newConntestShell(t, fakeexchange.Script{}, true)
	st, ss := s.conntest(), s.session
	if ss.Mailbox != "scan@contoso.fr" {
		t.Errorf("the mailbox is not taken from the sign-in: %q", ss.Mailbox)
	}
	if strings.Contains(texts(st.body), "Pas encore de connexion") {
		t.Error("signed in, yet told to sign in")
	}
	test.Tap(st.run)
	waitFor(t, "result", func() bool { return s.session.Test != nil })
	got := texts(st.body)
	for _, want := range []string{"Test réussi", "Tout est prêt\u00a0: rien n'empêche l'imprimante d'envoyer.", "Résolution DNS", "Chiffrement STARTTLS", "TLS 1.3", "Authentification OAuth",
		"Message (DATA)", "Accès HTTPS à Microsoft", "Horloge", "dialogue SMTP"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if st.run.Text != "Relancer" {
		t.Errorf("button %q after a run", st.run.Text)
	}
	if tr := ss.Test.Transcript; !strings.Contains(tr, "AUTH XOAUTH2 <redacted>") || strings.Contains(tr, fakeexchange.Token) {
		t.Errorf("transcript %q", tr)
	}
	// In a short window the form and the results scroll as one page, and a finished test
	// scrolls down to its result.
	s.window.Resize(fyne.NewSize(900, 420))
	st.page.ScrollToTop()
	test.Tap(st.run)
	waitFor(t, "result shown", func() bool { return s.session.Test != nil && st.page.Offset.Y > 0 })
	if y := st.page.Offset.Y; y < st.body.Position().Y-1 && y < st.page.Content.Size().Height-st.page.Size().Height-1 {
		t.Errorf("scrolled to %.0f, the result is at %.0f", y, st.body.Position().Y)
	}
}

func TestConntestAsksToSignIn(t *testing.T) {
	s := newConntestShell(t, fakeexchange.Script{}, false)
	if !strings.Contains(texts(s.conntest().body), "Pas encore de connexion Microsoft 365") {
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
		{"TLS inspection", fakeexchange.Script{Untrusted: true}, true, []string{"Le certificat du serveur vient d'un émetteur inconnu"}},
		{"not signed in", fakeexchange.Script{}, false, []string{"Le test a échoué", "Le test n'a pas de jeton à présenter"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newConntestShell(t, tc.script, tc.signedIn)
			st := s.conntest()
			test.Tap(st.run)
			waitFor(t, "result", func() bool { return s.session.Test != nil })
			got := texts(st.body)
			for _, want := range tc.want {
				if !strings.Contains(got, want) {
					t.Errorf("lacks %q:\n%s", want, got)
				}
			}
			if cat, tr := s.knowledge(); len(s.session.Test.Panels(cat, tr)) == 0 {
				t.Error("no explanation for the failed step")
			}
		})
	}
}

// TestConntestBasicRoute: the route is chosen on the screen, the password typed in a password
// field; the test passes with the December 2026 warning, and the password is in no output and
// is dropped when the window closes.
func TestConntestBasicRoute(t *testing.T) {
	const password = "Printer-Passw0rd!"
	s := newConntestShell(t, fakeexchange.Script{Password: password}, false)
	ss, v := s.session, s.conntest()
	host, port := ss.Host, ss.Port
	find[*widget.Select](s.content).SetSelectedIndex(slices.Index(conntest.Routes, conntest.RouteBasic))
	if ss.Route != conntest.RouteBasic || ss.Host != "" {
		t.Fatalf("route %q, host %q: a new route starts from its own server", ss.Route, ss.Host)
	}
	ss.Host, ss.Port = host, port // the fake's, on loopback
	s.redraw()
	field := passwordField(s)
	if field == nil || !field.Password {
		t.Fatal("no password field")
	}
	test.Type(field, password)
	test.Tap(v.run)
	waitFor(t, "result", func() bool { return ss.Test != nil })
	got := texts(v.body)
	if ss.Test.Result.Status != checks.Pass || !strings.Contains(got, "Le mot de passe marche encore, mais plus pour longtemps") {
		t.Errorf("status %s:\n%s", ss.Test.Result.Status, got)
	}
	var report strings.Builder
	if err := s.writeReport(&report); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"window": got, "transcript": ss.Test.Transcript, "report": report.String()} {
		if strings.Contains(out, password) || strings.Contains(out, base64.StdEncoding.EncodeToString([]byte(password))) {
			t.Errorf("the password is in the %s", name)
		}
	}
	s.window.Close()
	if ss.Password != "" {
		t.Error("the password outlived the window")
	}
}

// passwordField is the test form's password entry, or nil.
func passwordField(s *shell) *widget.Entry {
	for _, it := range find[*widget.Form](s.content).Items {
		if e, ok := it.Widget.(*widget.Entry); ok && it.Text == "Mot de passe de la boîte" {
			return e
		}
	}
	return nil
}

// TestListenScreen: listening shows where to send and a countdown; a printer's session appears
// live with its findings explained, and goes into the report; Stop ends the listening.
func TestListenScreen(t *testing.T) {
	s := newTestShell(t, "fr")
	v := s.screen("listen").(*listenScreen)
	s.seams.listenAddr = "127.0.0.1:0"
	s.show("listen")
	test.Tap(v.start)
	if !v.running || !strings.Contains(texts(v.body), "À saisir dans l'imprimante (serveur SMTP et port)") || !strings.Contains(texts(v.body), "Fin de l'écoute dans") {
		t.Fatalf("listening:\n%s", texts(v.body))
	}
	conn, err := net.Dial("tcp", v.addr)
	if err != nil {
		t.Fatal(err)
	}
	c := smtp.NewClient(conn)
	if err := c.Auth(sasl.NewPlainClient("", "scan@contoso.fr", "Printer-Passw0rd!")); err != nil {
		t.Fatal(err)
	}
	_ = c.Mail("scan@contoso.fr", nil)
	_ = c.Quit()
	waitFor(t, "session", func() bool { return len(s.session.Listened) == 1 })
	got := texts(v.body)
	if !strings.Contains(got, "1 session enregistrée") || !strings.Contains(got, "scan@contoso.fr") || strings.Contains(got, "Printer-Passw0rd!") ||
		!strings.Contains(got, "Pas prêt\u00a0: l'envoi échoue ou échouera bientôt.") {
		t.Errorf("session:\n%s", got)
	}
	var report strings.Builder
	if err := s.writeReport(&report); err != nil || !strings.Contains(report.String(), "L&#39;imprimante envoie un mot de passe") || strings.Contains(report.String(), "check:") || strings.Contains(report.String(), "Printer-Passw0rd!") {
		t.Errorf("report: %v", err)
	}
	// Printers turned away while four exchanges are open are counted and said, live.
	var held []net.Conn
	for range listen.MaxConnections + 1 {
		c, err := net.Dial("tcp", v.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	refused := "Une tentative d'envoi a été refusée\u00a0: l'écoute ne prend que 4 échanges à la fois."
	waitFor(t, "the refusal shown", func() bool { return strings.Contains(texts(v.body), refused) })
	for _, c := range held {
		c.Close()
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Arrêter l'écoute"))
	waitFor(t, "stopped", func() bool { return !v.running })
	if s.session.ListenTally.Refused != 1 || !strings.Contains(texts(v.body), refused) {
		t.Errorf("after the listening: tally %+v\n%s", s.session.ListenTally, texts(v.body))
	}
	report.Reset()
	if err := s.writeReport(&report); err != nil || !strings.Contains(report.String(), "Une tentative d&#39;envoi a été refusée") {
		t.Errorf("the report does not say a printer was turned away: %v", err)
	}
}

// TestServersTextsShowEscaped: a server's escape sequences and bidirectional overrides in a
// step's detail and in the dialogue show escaped in the window, never raw.
func TestServersTextsShowEscaped(t *testing.T) {
	s := newTestShell(t, "fr")
	cfg, _ := conntest.Check(conntest.Input{User: "scan@contoso.fr", Host: "localhost"})
	steps := []checks.Step{{ID: "ehlo", Status: checks.Fail, Detail: "250 \x1b[2J\u202eevil", Codes: []string{"check:no-xoauth2"}}}
	s.session.Test = report.TestOf(cfg, conntest.Result{Status: checks.Fail, Steps: steps}, "<-  220 \x1b]0;pwned\x07 ready\n")
	s.show("conntest")
	got := texts(s.conntest().body)
	if strings.ContainsAny(got, "\x1b\u202e\x07") || !strings.Contains(got, `250 \x1b[2J\u202eevil`) {
		t.Errorf("the window shows a server's controls raw:\n%q", got)
	}
}
