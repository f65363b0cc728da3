package gui

import (
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mfp365/assistant"
	"mfp365/checks"
	"mfp365/flows/conntest"
	"mfp365/flows/discovery"
	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/internal/fakeentra"
	"mfp365/internal/fakeexchange"
	"mfp365/internal/snmpdtest"
	"mfp365/report"
)

// buttonNamed finds the first visible button with that text in the window.
func buttonNamed(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	found := buttonsNamed(o, text)
	if len(found) == 0 {
		t.Fatalf("no button %q", text)
	}
	return found[0]
}

// TestAssistantWalk goes through an Epson's guided path against the test servers: a real
// snmpd printer, the fake Microsoft sign-in, the listener the printer sends to; then exports
// the report and looks for the token in every output.
func TestAssistantWalk(t *testing.T) {
	port := snmpdtest.Start(t, epsonAgent)
	entra := fakeentra.New()
	defer entra.Close()
	bed := fakeexchange.NewTestbed(t, fakeexchange.Script{AnyToken: true})
	_, subnet, _ := net.ParseCIDR("127.0.0.1/32")

	s := newTestShell(t, "fr")
	s.seams.discovery = discovery.Config{SNMPPort: port, Subnets: []*net.IPNet{subnet}, NoWSD: true, NoMDNS: true, Timeout: 2 * time.Second}
	s.session.Tenant, s.session.ClientID, s.seams.authority, s.session.Mailbox = fakeentra.TenantDomain, fakeentra.ClientID, entra.URL, fakeentra.Account
	ss := s.session
	ss.Host, ss.Port, ss.To = "localhost", bed.Port, "direction@contoso.fr"
	s.seams.rootCAs, s.seams.testAuthority = bed.Roots, bed.LoginURL
	s.show("assistant")
	body := func() string { return texts(s.window.Content()) }
	if !strings.Contains(body(), "Que voulez-vous faire\u202f?") || !strings.Contains(body(), "le mot de passe administrateur du copieur") {
		t.Fatalf("start screen:\n%s", body())
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Scan vers e-mail (Exchange Online)"))

	// 1. Printer: search, choose.
	if !strings.Contains(body(), "1. Imprimante") {
		t.Fatalf("step 1:\n%s", body())
	}
	test.Tap(s.printers().search)
	waitFor(t, "printers", func() bool { return !s.printers().scanning && len(ss.Printers) == 1 })
	test.Tap(buttonNamed(t, s.window.Content(), "Choisir"))
	if ss.Chosen != "127.0.0.1" {
		t.Fatalf("chosen %q", ss.Chosen)
	}
	s.typedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter goes on

	// 2. The sending route: the chosen printer's readiness and the five routes, OAuth chosen.
	if got := body(); !strings.Contains(got, "2. Voie d'envoi") || !strings.Contains(got, "Epson WF-C5790 Series et OAuth Microsoft") ||
		!strings.Contains(got, "High Volume Email") || !strings.Contains(got, "Voie choisie") {
		t.Fatalf("route step:\n%s", got)
	}
	if ss.Route != conntest.RouteOAuth {
		t.Fatalf("route %q", ss.Route)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))

	// 3. Prepare Microsoft 365: the PowerShell with the mailbox filled in, and a copy button.
	if got := body(); !strings.Contains(got, "Get-CASMailbox -Identity "+fakeentra.Account) || !strings.Contains(got, "Get-TransportConfig") {
		t.Fatalf("step 2:\n%s", got)
	}
	// Its items are a checklist the admin ticks: the ticks go into the report.
	boxes := findAll[*widget.Check](s.window.Content())
	if len(boxes) < 3 {
		t.Fatalf("%d boxes to tick on the prepare step", len(boxes))
	}
	test.Tap(boxes[0])
	test.Tap(boxes[2])
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))

	// 4. An Epson signs in with its own code: it is set up first (its guide, its admin page)...
	if got := body(); !strings.Contains(got, "4. Régler l'imprimante") || !strings.Contains(got, "5. Connexion") ||
		!strings.Contains(got, "6. Vérifier l'envoi") || strings.Contains(got, ". Test") ||
		!strings.Contains(got, "Réseau > Serveur d'email > De base") || !strings.Contains(got, "http://127.0.0.1/") {
		t.Fatalf("step 4 of an Epson:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))

	// 5. ...then signs in once, with Epson's application: the printer's own code comes first,
	// with no ID asked; the assistant's own sign-in (for the tenant's facts) is one choice away.
	if got := body(); !strings.Contains(got, "se connecte à Microsoft avec l'application de son fabricant (Epson)") || !s.signin().printerMode {
		t.Fatalf("sign-in step for an Epson:\n%s", got)
	}
	mode := find[*widget.RadioGroup](s.window.Content())
	mode.SetSelected(mode.Options[0])
	if got := body(); !strings.Contains(got, "Où trouver l'ID d'application (client)") {
		t.Fatalf("the assistant's sign-in does not say where the ID is:\n%s", got)
	}
	test.Tap(s.signin().start)
	waitFor(t, "signed in", func() bool { return ss.SignIn != nil })
	if !strings.Contains(body(), "Connexion réussie.") {
		t.Fatalf("step 5:\n%s", body())
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))

	// 6. ...and is checked by listening to what it really sends: STARTTLS, XOAUTH2 with a
	// token of the customer's tenant for SMTP.Send, from its own mailbox.
	s.seams.listenAddr = "127.0.0.1:0"
	test.Tap(s.listen().start)
	printerSends(t, s.listen().addr, fakeentra.Account, fakeentra.TenantID)
	waitFor(t, "the printer's session", func() bool { return len(ss.Listened) == 1 })
	if got := body(); !strings.Contains(got, "1 session enregistrée") || !strings.Contains(got, "Tout est prêt") {
		t.Fatalf("step 6:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))
	waitFor(t, "the listening stopped", func() bool { return !s.listen().running })

	// 6. Done: the summary and the report.
	got := body()
	for _, want := range []string{"7. Terminé", "Epson WF-C5790 Series (127.0.0.1)", fakeentra.TenantID, "Connexion réussie.", "Vérifier l'envoi", "1 session enregistrée", "Tout est prêt\u00a0: rien n'empêche l'imprimante d'envoyer.", "Exporter le rapport"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	var report strings.Builder
	if err := s.writeReport(&report); err != nil {
		t.Fatal(err)
	}
	html := report.String()
	for _, want := range []string{"Rapport de mise en service", "Epson WF-C5790 Series — choisie", fakeentra.TenantID, "Microsoft 365 (international)",
		"Préparation de Microsoft\u00a0365", "2 points cochés sur",
		"Connexion réussie.", `data-verdict="ready"`, "1 session enregistrée", "EPSON1A2B3C"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	token := ss.SignIn.Token.AccessToken
	refresh := ss.SignIn.Token.RefreshToken
	if token == "" || refresh == "" {
		t.Fatal("no token to look for")
	}
	outputs := map[string]string{"report": html, "window": got, "clipboard": s.app.Clipboard().Content()}
	// The report as a file, next to the preferences the window keeps: every file of this run.
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "rapport.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.writeReport(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	outputs["preferences"] = s.app.Preferences().String(i18n.LanguagePref)
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			outputs[path] = string(data)
		}
		return nil
	})
	for name, out := range outputs {
		if strings.Contains(out, token) || strings.Contains(out, refresh) {
			t.Errorf("the token is in %s", name)
		}
	}
	// The report comes from the session alone: a window that never showed a screen, given
	// the session, writes the same report.
	other := newTestShell(t, "fr")
	other.session = ss
	when := time.Date(2026, 12, 1, 14, 2, 0, 0, time.UTC)
	s.seams.now, other.seams.now = func() time.Time { return when }, func() time.Time { return when }
	report.Reset()
	if err := s.writeReport(&report); err != nil {
		t.Fatal(err)
	}
	html = report.String()
	var again strings.Builder
	if err := other.writeReport(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != html {
		t.Errorf("the report depends on more than the session:\n%s\n---\n%s", again.String(), html)
	}
	// What comes next, then another printer: back to step 1, the tenant and the sign-in kept.
	if got := body(); !strings.Contains(got, "Lancez une numérisation vers e-mail depuis le copieur") {
		t.Errorf("the summary says nothing of what comes next:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Configurer une autre imprimante"))
	if got := body(); !strings.Contains(got, "1. Imprimante") || ss.Chosen != "" || ss.Test != nil || ss.Tenant != fakeentra.TenantDomain || ss.SignIn == nil {
		t.Errorf("another printer: chosen %q, test %v, tenant %q, signed in %v:\n%s", ss.Chosen, ss.Test, ss.Tenant, ss.SignIn != nil, got)
	}
	// Escape cancels; closing the window drops the token.
	s.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	s.window.Close()
	if ss.SignIn.Token != nil {
		t.Error("token kept after the window closed")
	}
}

func TestAssistantExternalLocationSteps(t *testing.T) {
	s := newTestShell(t, "fr")
	s.show("assistant")
	test.Tap(buttonNamed(t, s.window.Content(), "Emplacement externe Microsoft 365 (WebTools Express)"))
	got := texts(s.window.Content())
	if strings.Contains(got, "4. Test") || !strings.Contains(got, "4. Régler l'imprimante") {
		t.Errorf("external location steps:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Passer cette étape"))
	if got := texts(s.window.Content()); !strings.Contains(got, "Autoriser les flux de clients publics") || !strings.Contains(got, "Files.ReadWrite.All") {
		t.Errorf("prepare step:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Passer cette étape"))
	test.Tap(buttonNamed(t, s.window.Content(), "Passer cette étape"))
	if got := texts(s.window.Content()); !strings.Contains(got, "WebTools Express") {
		t.Errorf("the external location gets the WebTools Express guide:\n%s", got)
	}
	// « Passer » is not « Suivant »: the steps passed over are said in the summary and the report.
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))
	if got := texts(s.window.Content()); !strings.Contains(got, "Imprimante, Préparer Microsoft 365, Connexion") ||
		strings.Contains(got, "Régler l'imprimante, ") {
		t.Errorf("summary's skipped steps:\n%s", got)
	}
	var html strings.Builder
	if err := s.writeReport(&html); err != nil || !strings.Contains(html.String(), "Étapes passées") {
		t.Errorf("the report does not say which steps were passed over (%v)", err)
	}
}

// TestExplainFromAStep: the troubleshooting screen opens over a step, which stays as it was.
func TestExplainFromAStep(t *testing.T) {
	s := newTestShell(t, "fr")
	s.show("assistant")
	test.Tap(buttonNamed(t, s.window.Content(), "Scan vers e-mail (Exchange Online)"))
	test.Tap(buttonNamed(t, s.window.Content(), "Passer cette étape"))
	test.Tap(buttonNamed(t, s.window.Content(), "Expliquer un message d'erreur"))
	top := s.window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	doAndWait(t, s, func() { test.Type(s.troubleshoot().input, "AADSTS50126") })
	if !strings.Contains(texts(s.troubleshoot().results), "AADSTS50126") || s.assistant().step != 1 {
		t.Errorf("step %d, results %s", s.assistant().step, texts(s.troubleshoot().results))
	}
}

// TestPrepareAsksForTheMailbox: the PowerShell of step 2 never shows a mailbox nobody typed:
// a placeholder until a valid address is given, and the commands that name it cannot be copied.
func TestPrepareAsksForTheMailbox(t *testing.T) {
	s := newTestShell(t, "fr")
	s.show("assistant")
	test.Tap(buttonNamed(t, s.window.Content(), "Scan vers e-mail (Exchange Online)"))
	test.Tap(buttonNamed(t, s.window.Content(), "Passer cette étape"))
	test.Tap(buttonNamed(t, s.window.Content(), "Passer cette étape"))
	got := texts(s.window.Content())
	if !strings.Contains(got, "Get-CASMailbox -Identity <boîte d'envoi>") || strings.Contains(got, "contoso.fr |") {
		t.Fatalf("step 2 without a mailbox:\n%s", got)
	}
	copies := func() (enabled, disabled int) {
		for _, b := range buttonsNamed(s.window.Content(), "Copier") {
			if b.Disabled() {
				disabled++
			} else {
				enabled++
			}
		}
		return
	}
	if on, off := copies(); on != 1 || off != 2 {
		t.Errorf("without a mailbox: %d copy buttons on, %d off; want 1 (Get-TransportConfig) and 2", on, off)
	}
	field := find[*widget.Entry](s.window.Content())
	test.Type(field, "scan@")
	if got := texts(s.window.Content()); !strings.Contains(got, "n'est pas une adresse électronique") || !strings.Contains(got, "<boîte d'envoi>") {
		t.Errorf("an invalid mailbox is shown as if it were one:\n%s", got)
	}
	test.Type(field, "contoso.fr")
	got = texts(s.window.Content())
	if !strings.Contains(got, "Set-CASMailbox -Identity scan@contoso.fr -SmtpClientAuthenticationDisabled $false") || strings.Contains(got, "<boîte d'envoi>") {
		t.Errorf("with a mailbox:\n%s", got)
	}
	if on, off := copies(); on != 3 || off != 0 {
		t.Errorf("with a mailbox: %d copy buttons on, %d off", on, off)
	}
	if s.session.Mailbox != "scan@contoso.fr" {
		t.Errorf("the mailbox typed is not the session's: %q", s.session.Mailbox)
	}
}

// TestConntestProbesTheChosenCloud: the cloud chosen on the sign-in screen decides which
// Microsoft sign-in host the window's connection test reaches.
func TestConntestProbesTheChosenCloud(t *testing.T) {
	s := newTestShell(t, "fr")
	s.session.Mailbox = "scan@contoso.fr"
	s.show("signin")
	clouds := find[*widget.Select](s.signin().content())
	for i, want := range []string{"https://login.microsoftonline.com/", "https://login.microsoftonline.us/", "https://login.partner.microsoftonline.cn/"} {
		clouds.SetSelectedIndex(i)
		cfg, err := conntest.Check(s.session.TestInput())
		if err != nil || cfg.LoginURL != want {
			t.Errorf("cloud %d: %q, %v; want %q", i, cfg.LoginURL, err, want)
		}
	}
}

// buttonsNamed finds every visible button with that text.
func buttonsNamed(o fyne.CanvasObject, text string) []*widget.Button {
	var found []*widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == text && w.Visible() {
				found = append(found, w)
			}
		case *widget.Card:
			walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(w.Content)
		case *container.Split:
			walk(w.Leading)
			walk(w.Trailing)
		}
	}
	walk(o)
	return found
}

// printerSends sends what a printer signed in with OAuth sends the listener at addr: STARTTLS,
// AUTH XOAUTH2 with a token of tenant for SMTP.Send, MAIL FROM its mailbox, a message.
func printerSends(t *testing.T, addr, mailbox, tenant string) {
	t.Helper()
	claims, _ := json.Marshal(map[string]any{"aud": "https://outlook.office.com", "scp": "SMTP.Send", "tid": tenant, "upn": mailbox,
		"appid": "b0a9d8e1-0000-4000-8000-00000000e950", "exp": time.Now().Add(time.Hour).Unix()})
	token := "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(claims) + ".c2lnbmF0dXJl"
	// The printer trusts the listener's certificate, made in memory for this test.
	c, err := smtp.DialStartTLS(addr, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12}) // #nosec G402: the test is the printer
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Auth(xoauth2{mailbox, token}); err != nil {
		t.Fatal(err)
	}
	_ = c.Mail(mailbox, nil)
	_ = c.Rcpt("direction@contoso.fr", nil)
	if w, err := c.Data(); err == nil {
		_, _ = w.Write([]byte("Subject: scan\r\n\r\nscan\r\n"))
		_ = w.Close()
	}
	_ = c.Quit()
}

// xoauth2 is the SASL mechanism a printer signs in with (go-sasl has none).
type xoauth2 struct{ user, token string }

func (x xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}
func (x xoauth2) Next([]byte) ([]byte, error) { return []byte{}, nil }

// TestAssistantRouteChoice: the route chosen on its step decides what « Préparer Microsoft 365 »
// prepares and what the test tests.
func TestAssistantRouteChoice(t *testing.T) {
	s := newTestShell(t, "fr")
	s.show("assistant")
	test.Tap(buttonNamed(t, s.window.Content(), "Scan vers e-mail (Exchange Online)"))
	test.Tap(buttonNamed(t, s.window.Content(), "Passer cette étape"))
	choices := buttonsNamed(s.window.Content(), "Choisir cette voie") // basic, hve, relay, direct
	if len(choices) != 4 {
		t.Fatalf("%d routes to choose besides the chosen one", len(choices))
	}
	test.Tap(choices[2])
	if s.session.Route != conntest.RouteRelay {
		t.Fatalf("route %q", s.session.Route)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))
	if got := texts(s.window.Content()); !strings.Contains(got, "New-InboundConnector") {
		t.Errorf("the relay's preparation:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Passer cette étape")) // prepared: a relay has no sign-in, the test comes next
	if got := texts(s.window.Content()); !strings.Contains(got, "Relais SMTP (connecteur)") || !strings.Contains(got, "Adresse d'expédition") ||
		strings.Contains(got, ". Connexion") || !strings.Contains(got, "4. Test") {
		t.Errorf("the test step does not test the relay:\n%s", got)
	}
}

// TestDoneFitsThePurposeAndTheVerdict: « Terminé » says what comes next for an external
// location, and puts what blocks first when the session is not ready.
func TestDoneFitsThePurposeAndTheVerdict(t *testing.T) {
	s := newTestShell(t, "fr")
	w := &Window{s}
	s.session.Purpose = signin.PurposeGraph
	w.AssistantAt(assistant.StepDone)
	if got := texts(s.window.Content()); !strings.Contains(got, "vers OneDrive ou SharePoint") || strings.Contains(got, "vers e-mail depuis le copieur") {
		t.Errorf("an external location's next steps:\n%s", got)
	}
	s.session.Purpose = signin.PurposeSMTP
	s.session.ChooseRoute(conntest.RouteBasic)
	cfg, _ := conntest.Check(conntest.Input{Route: conntest.RouteBasic, User: "scan@contoso.fr", Password: "x"})
	s.session.Test = report.TestOf(cfg, conntest.Result{Status: checks.Pass, Steps: []checks.Step{{ID: "auth", Status: checks.Pass}}}, "")
	w.AssistantAt(assistant.StepDone)
	got := texts(s.window.Content())
	fix, scan := strings.Index(got, "Suivez les explications des points bloquants"), strings.Index(got, "vers e-mail depuis le copieur")
	if !strings.Contains(got, "Pas prêt") || fix < 0 || fix > scan {
		t.Errorf("a password route's next steps:\n%s", got)
	}
}

// TestStepBarGoesBack: a step passed over says so in the step bar, and a click on a step
// already passed goes back to it.
func TestStepBarGoesBack(t *testing.T) {
	s := newTestShell(t, "fr")
	s.show("assistant")
	test.Tap(buttonNamed(t, s.window.Content(), "Scan vers e-mail (Exchange Online)"))
	test.Tap(buttonNamed(t, s.window.Content(), "Passer cette étape")) // the printer
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))            // the route
	var back *widget.Hyperlink
	for _, l := range findAll[*widget.Hyperlink](s.window.Content()) {
		if l.Text == "1. Imprimante (passée)" {
			back = l
		}
	}
	if back == nil {
		t.Fatalf("the step bar does not offer the step skipped:\n%s", texts(s.window.Content()))
	}
	test.TapAt(back, fyne.NewPos(back.Size().Width/2, back.Size().Height/2)) // on its text
	if a := s.assistant(); a.step != 0 || !strings.Contains(texts(s.window.Content()), "Rechercher") {
		t.Errorf("back to the printer: step %d", a.step)
	}
}
