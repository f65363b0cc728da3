package gui

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mfp365/flows/discovery"
	"mfp365/i18n"
	"mfp365/internal/fakeentra"
	"mfp365/internal/fakeexchange"
	"mfp365/internal/snmpdtest"
)

// buttonNamed finds a button by its text in the window.
func buttonNamed(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil {
			return
		}
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == text && w.Visible() {
				found = w
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
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// TestAssistantWalk goes through the whole guided path against the test servers: a real snmpd
// printer, the fake Microsoft sign-in, the fake Exchange; then exports the report and looks
// for the token in every output.
func TestAssistantWalk(t *testing.T) {
	port := snmpdtest.Start(t, epsonAgent)
	entra := fakeentra.New()
	defer entra.Close()
	bed := fakeexchange.NewTestbed(t, fakeexchange.Script{AnyToken: true})
	_, subnet, _ := net.ParseCIDR("127.0.0.1/32")

	s := newTestShell(t, "fr")
	s.printers.base = discovery.Config{SNMPPort: port, Subnets: []*net.IPNet{subnet}, NoWSD: true, NoMDNS: true, Timeout: 2 * time.Second}
	s.signin.tenant, s.signin.clientID, s.signin.authority, s.signin.sender = fakeentra.TenantDomain, fakeentra.ClientID, entra.URL, fakeentra.Account
	ct := s.conntest
	ct.host, ct.port, ct.rootCAs, ct.loginURL, ct.to = "localhost", bed.Port, bed.Roots, bed.LoginURL, "direction@contoso.fr"
	s.show("assistant")
	body := func() string { return texts(s.window.Content()) }
	if !strings.Contains(body(), "Que voulez-vous faire ?") {
		t.Fatalf("start screen:\n%s", body())
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Scan vers e-mail (Exchange Online)"))

	// 1. Printer: search, choose.
	if !strings.Contains(body(), "1. Imprimante") {
		t.Fatalf("step 1:\n%s", body())
	}
	test.Tap(s.printers.view.search)
	waitFor(t, "printers", func() bool { return !s.printers.scanning && len(s.printers.printers) == 1 })
	test.Tap(buttonNamed(t, s.window.Content(), "Choisir"))
	if s.printers.chosen != "127.0.0.1" {
		t.Fatalf("chosen %q", s.printers.chosen)
	}
	s.typedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter goes on

	// 2. Prepare Microsoft 365: the PowerShell with the mailbox filled in, and a copy button.
	if got := body(); !strings.Contains(got, "Get-CASMailbox -Identity "+fakeentra.Account) || !strings.Contains(got, "Get-TransportConfig") {
		t.Fatalf("step 2:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))

	// 3. Sign-in.
	test.Tap(s.signin.view.start)
	waitFor(t, "signed in", func() bool { return s.signin.outcome != nil })
	if !strings.Contains(body(), "Connexion réussie.") {
		t.Fatalf("step 3:\n%s", body())
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))

	// 4. Test, with the sign-in's token.
	if ct.user != fakeentra.Account {
		t.Errorf("the test's mailbox is not the signed-in account: %q", ct.user)
	}
	test.Tap(ct.view.run)
	waitFor(t, "tested", func() bool { return ct.result != nil })
	if !strings.Contains(body(), "Test réussi") {
		t.Fatalf("step 4:\n%s", body())
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))

	// 5. The chosen printer's guide with its admin page.
	if got := body(); !strings.Contains(got, "Réseau > Serveur d'email > De base") || !strings.Contains(got, "http://127.0.0.1/") {
		t.Fatalf("step 5:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Suivant"))

	// 6. Done: the summary and the report.
	got := body()
	for _, want := range []string{"6. Terminé", "Epson WF-C5790 Series (127.0.0.1)", fakeentra.TenantID, "Connexion réussie.", "Test réussi", "Exporter le rapport"} {
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
		"Connexion réussie.", "Résolution DNS", "AUTH XOAUTH2 &lt;redacted&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	token := s.signin.outcome.Token.AccessToken
	refresh := s.signin.outcome.Token.RefreshToken
	if token == "" || refresh == "" {
		t.Fatal("no token to look for")
	}
	outputs := map[string]string{"report": html, "window": got, "clipboard": s.app.Clipboard().Content(), "transcript": ct.transcript}
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
	// Escape cancels; leaving the guided screens drops the token.
	s.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	s.signin.forget()
	if s.signin.outcome.Token != nil {
		t.Error("token kept")
	}
}

func TestAssistantExternalLocationSteps(t *testing.T) {
	s := newTestShell(t, "fr")
	s.show("assistant")
	test.Tap(buttonNamed(t, s.window.Content(), "Emplacement externe Microsoft 365 (WebTools Express)"))
	got := texts(s.window.Content())
	if strings.Contains(got, "4. Test") || !strings.Contains(got, "4. Configurer l'imprimante") {
		t.Errorf("external location steps:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Passer"))
	if got := texts(s.window.Content()); !strings.Contains(got, "Autoriser les flux de clients publics") || !strings.Contains(got, "Files.ReadWrite.All") {
		t.Errorf("prepare step:\n%s", got)
	}
	test.Tap(buttonNamed(t, s.window.Content(), "Passer"))
	test.Tap(buttonNamed(t, s.window.Content(), "Passer"))
	if got := texts(s.window.Content()); !strings.Contains(got, "WebTools Express") {
		t.Errorf("the external location gets the WebTools Express guide:\n%s", got)
	}
}

// TestExplainFromAStep: the troubleshooting screen opens over a step, which stays as it was.
func TestExplainFromAStep(t *testing.T) {
	s := newTestShell(t, "fr")
	s.show("assistant")
	test.Tap(buttonNamed(t, s.window.Content(), "Scan vers e-mail (Exchange Online)"))
	test.Tap(buttonNamed(t, s.window.Content(), "Passer"))
	test.Tap(buttonNamed(t, s.window.Content(), "Expliquer un message d'erreur"))
	top := s.window.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	doAndWait(t, s, func() { test.Type(s.troubleshoot.view.input, "AADSTS50126") })
	if !strings.Contains(texts(s.troubleshoot.view.results), "AADSTS50126") || s.assistant.step != 1 {
		t.Errorf("step %d, results %s", s.assistant.step, texts(s.troubleshoot.view.results))
	}
}
