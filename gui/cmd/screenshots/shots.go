//go:build screenshots

// The screens' states: the session as a finished run would leave it, and where each screen is.

package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"mfp365/assistant"
	"mfp365/checks"
	"mfp365/flows/conntest"
	"mfp365/flows/discovery"
	"mfp365/flows/listen"
	"mfp365/flows/signin"
	"mfp365/gui"
	"mfp365/report"
)

// shot is one screen state to capture: a file name and how to reach the state.
type shot struct {
	name  string
	setUp func(w *gui.Window)
}

// pastes used by the screenshots: one Microsoft answer, one Exchange reply.
const (
	shotEntra   = `{"error":"invalid_client","error_description":"AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-11-21 09:12:44Z","error_codes":[7000218],"client_id":"00001111-aaaa-2222-bbbb-3333cccc4444"}`
	shotSharp   = "Token update failed. Please delete the token and obtain it again."
	shotTLS     = "httpcore.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1010)"
	shotGmail   = "535-5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials"
	shotPostfix = "535 5.7.8 Error: authentication failed: authentication failure"
	shotSMTP    = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR02CA0001.eurprd02.prod.outlook.com] scan@contoso.fr"
)

func paste(text string) func(w *gui.Window) {
	return func(w *gui.Window) { w.Paste(text) }
}

func catalogTab(query, selected string) func(w *gui.Window) {
	return func(w *gui.Window) { w.Messages(query, selected) }
}

// signinShot puts the sign-in in a state, as the flow would.
func signinShot(change func(w *gui.Window, ss *assistant.Session)) func(w *gui.Window) {
	return func(w *gui.Window) {
		ss := w.Session()
		ss.Cloud, ss.Tenant, ss.ClientID, ss.Mailbox, ss.Purpose = "global", "contoso.onmicrosoft.com", "00001111-aaaa-2222-bbbb-3333cccc4444", "scan@contoso.fr", signin.PurposeSMTP
		ss.SignIn = nil
		w.SignInMode(false, true)
		w.SignInWaiting(nil)
		change(w, ss)
		w.Show("signin")
	}
}

// waiting shows the code as while the printer polls, expiring in left.
func waiting(left time.Duration) func(w *gui.Window, ss *assistant.Session) {
	return func(w *gui.Window, ss *assistant.Session) {
		shotCode.Expires = time.Now().Add(left)
		w.SignInWaiting(shotCode)
	}
}

func signedIn(out *signin.Outcome) func(w *gui.Window, ss *assistant.Session) {
	return func(w *gui.Window, ss *assistant.Session) { ss.SignIn = out }
}

// printerCode shows the sign-in the printer runs with its own code.
func printerCode(w *gui.Window, _ *assistant.Session) { w.SignInMode(true, true) }

var (
	shotCode = &signin.DeviceCode{UserCode: "FGHJ5K2LM", VerificationURI: "https://microsoft.com/devicelogin",
		Message:  "Pour vous connecter, utilisez un navigateur web pour ouvrir la page https://microsoft.com/devicelogin et entrez le code FGHJ5K2LM pour vous authentifier.",
		Interval: 5 * time.Second}
	shotOK = &signin.Outcome{Status: signin.StatusOK, Cloud: "global", TenantID: "aaaabbbb-0000-cccc-1111-dddd2222eeee",
		Claims: signin.Claims{Audience: "https://outlook.office.com", Scopes: []string{"SMTP.Send"}, Account: "scanner@contoso.fr",
			TenantID: "aaaabbbb-0000-cccc-1111-dddd2222eeee", Expires: time.Date(2026, 11, 21, 10, 12, 0, 0, time.Local)},
		Warnings: []signin.Warning{signin.WarnNotSender}}
	shotNetwork = networkOutcome(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "login.microsoftonline.com",
		Server: "192.168.1.1:53", IsNotFound: true}})
	shotFailed = &signin.Outcome{Status: signin.StatusError, Step: signin.StepToken, Answer: `{"error":"invalid_client","error_description":"AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2026-11-21 09:12:44Z","error_codes":[7000218]}`}
)

// networkOutcome is a sign-in that could not reach Microsoft, as the flow ends it.
func networkOutcome(err error) *signin.Outcome {
	return &signin.Outcome{Status: signin.StatusError, Step: signin.StepTenant, Err: err, Reason: checks.ReasonOf(err)}
}

// assistantStart is the assistant's first screen.
func assistantStart(w *gui.Window) { w.AssistantAt("") }

// conntestShot puts the connection test in a finished state, as the flow would.
func conntestShot(fail bool) func(w *gui.Window) {
	return func(w *gui.Window) {
		ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
		steps := []checks.Step{
			{ID: "dns", Status: checks.Pass, Duration: ms(18), Detail: "52.98.152.178, 40.99.150.34"},
			{ID: "tcp", Status: checks.Pass, Duration: ms(24), Detail: "52.98.152.178:587"},
			{ID: "starttls", Status: checks.Pass, Duration: ms(142), Detail: "TLS 1.3, TLS_AES_256_GCM_SHA384"},
			{ID: "ehlo", Status: checks.Pass, Detail: "AUTH LOGIN XOAUTH2"},
		}
		transcript := "<-  220 AM0PR02CA0001.outlook.office365.com Microsoft ESMTP MAIL Service ready\n -> EHLO localhost\n<-  250-STARTTLS\n -> STARTTLS\n<-  220 2.0.0 SMTP server ready\n=== TLS 1.3, TLS_AES_256_GCM_SHA384\n ~> EHLO mfp365\n<~  250-AUTH LOGIN XOAUTH2\n ~> AUTH XOAUTH2 <redacted>\n"
		if fail {
			steps = append(steps, checks.Step{ID: "auth", Status: checks.Fail, Duration: ms(388), Detail: "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.",
				Codes: []string{"SMTP 535 5.7.139"}, Answer: "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information."})
			transcript += "<~  535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\n"
		} else {
			steps = append(steps, checks.Step{ID: "auth", Status: checks.Pass, Duration: ms(301)},
				checks.Step{ID: "mail", Status: checks.Pass, Duration: ms(35)}, checks.Step{ID: "rcpt", Status: checks.Pass, Duration: ms(41)},
				checks.Step{ID: "data", Status: checks.Pass, Duration: ms(212)}, checks.Step{ID: "quit", Status: checks.Pass, Duration: ms(20)})
			transcript += "<~  235 2.7.0 Authentication successful\n ~> MAIL FROM:<scan@contoso.fr>\n<~  250 2.1.0 Sender OK\n" +
				" ~> RCPT TO:<direction@contoso.fr>\n<~  250 2.1.5 Recipient OK\n ~> DATA\n<~  354 Start mail input; end with <CRLF>.<CRLF>\n" +
				" ~> Subject: Assistant MFP 365 : message de test\n ~> .\n<~  250 2.0.0 OK <AM0PR02MB0001@AM0PR02MB0001.eurprd02.prod.outlook.com> [Hostname=AM0PR02MB0001]\n" +
				" ~> QUIT\n<~  221 2.0.0 Service closing transmission channel\n"
		}
		steps = append(steps, checks.Step{ID: "https", Status: checks.Pass, Duration: ms(96), Detail: "200 OK"},
			checks.Step{ID: "clock", Status: checks.Pass, Detail: "+1s"})
		status := checks.Pass
		if fail {
			status = checks.Fail
		}
		ss := w.Session()
		ss.Host, ss.Port, ss.Mailbox, ss.To, ss.SignIn = "smtp.office365.com", "587", "scan@contoso.fr", "direction@contoso.fr", shotOK
		cfg, _ := conntest.Check(ss.TestInput())
		ss.Test = report.TestOf(cfg, conntest.Result{Status: status, Steps: steps}, transcript)
		w.Show("conntest")
	}
}

// conntestDNSShot is a test from a network whose DNS does not know Microsoft's names.
func conntestDNSShot(w *gui.Window) {
	conntestShot(true)(w)
	steps := []checks.Step{
		{ID: "dns", Status: checks.Fail, Duration: 31 * time.Millisecond, Reason: "dns-not-found", Codes: []string{"check:dns"},
			Detail: "lookup smtp.office365.com on 192.168.1.1:53: no such host"},
		{ID: "https", Status: checks.Fail, Duration: 29 * time.Millisecond, Reason: "dns-not-found", Codes: []string{"check:https-unreachable"},
			Detail: "Get \"https://login.microsoftonline.com/\": dial tcp: lookup login.microsoftonline.com on 192.168.1.1:53: no such host"},
		{ID: "clock", Status: checks.Skip},
	}
	w.Session().Test.Result, w.Session().Test.Transcript = conntest.Result{Status: checks.Fail, Steps: steps}, ""
	w.Redraw()
}

// listenShot shows the listening screen as it listens, with the sessions given.
func listenShot(sessions ...listen.Session) func(w *gui.Window) {
	return func(w *gui.Window) {
		w.Listening("0.0.0.0:587", time.Now().Add(7*time.Minute+12*time.Second))
		w.Session().Listened, w.Session().ListenTally = sessions, listen.Tally{}
		w.Show("listen")
	}
}

var (
	shotBasicSession = listen.Session{Client: "192.168.1.20:51234", EHLO: "EPSON1A2B3C", TLS: "1.2", Auth: "login", User: "scan@contoso.fr",
		From: "scan@contoso.fr", Rcpt: []string{"direction@contoso.fr"}, Size: 183240, Findings: []string{"check:listen-basic-auth"}}
	shotTokenSession = listen.Session{Client: "192.168.1.31:40112", EHLO: "NASHUATEC-C3000", TLS: "1.2", Auth: "xoauth2", User: "scan@fabrikam.com",
		From: "scan@contoso.fr", Rcpt: []string{"direction@contoso.fr"}, Size: 95112,
		Token: &listen.Token{Audience: "https://outlook.office.com", Scope: "SMTP.Send", TenantID: "99999999-0000-cccc-1111-dddd2222eeee",
			Account: "scan@fabrikam.com", App: "Ricoh Cloud Connector", Expires: time.Date(2026, 11, 30, 17, 4, 0, 0, time.Local), Expired: true},
		Findings: []string{"check:listen-token-expired", "check:listen-sender-mismatch"}}
)

// printersShot shows found printers, or the guide of one of them.
func printersShot(guide string) func(w *gui.Window) {
	return func(w *gui.Window) {
		found := []discovery.Printer{
			{Address: "192.168.1.20", Hostname: "EPSON1A2B3C", Vendor: "epson", VendorName: "Epson", Model: "WF-C5790 Series",
				Serial: "X4ZZ012345", AdminURL: "http://192.168.1.20/", Sources: []string{"mdns", "snmp", "wsd"}, Guide: "epson"},
			{Address: "192.168.1.31", Hostname: "NASHUATEC-C3000", Vendor: "nashuatec", VendorName: "Nashuatec", Model: "IM C3000",
				Serial: "3100R812345", AdminURL: "http://192.168.1.31/", Sources: []string{"snmp", "wsd"}, Guide: "nashuatec"},
			{Address: "192.168.1.40", Vendor: "oce", VendorName: "Océ", Model: "PlotWave 3500", AdminURL: "http://192.168.1.40/",
				Sources: []string{"http", "snmp"}, Guide: "webtools"},
			{Address: "192.168.1.52", Hostname: "KM4A5B6C", Vendor: "kyocera", VendorName: "Kyocera", Model: "TASKalfa 2554ci",
				AdminURL: "https://192.168.1.52/", Sources: []string{"mdns", "snmp"}, Guide: "generic"},
			{Address: "192.168.1.60", Hostname: "NPI8C1D2E", Vendor: "hp", VendorName: "HP", Model: "Color LaserJet Enterprise MFP M578",
				Firmware: "5.6.0.2", AdminURL: "https://192.168.1.60/", Sources: []string{"mdns", "snmp"}, Guide: "generic"},
			{Address: "192.168.1.61", Vendor: "hp", VendorName: "HP", Model: "LaserJet Pro MFP M428fdw",
				AdminURL: "http://192.168.1.61/", Sources: []string{"snmp"}, Guide: "generic"},
		}
		for i := range found { // as discovery rates them
			p := &found[i]
			p.Readiness = discovery.Readiness(p.Vendor, p.Model, p.Firmware)
			p.OAuth, p.Route = p.Readiness.OAuth, p.Readiness.Route
		}
		ss := w.Session()
		ss.Printers = found
		ss.Tenant, ss.ClientID = "contoso.onmicrosoft.com", "00001111-aaaa-2222-bbbb-3333cccc4444"
		ss.Mailbox = "scan@contoso.fr"
		w.PrinterGuide(guide)
	}
}

// The printers the guided path is shown for: one that signs in with its own code (its path:
// set up, sign in once, listen), and one that signs in with the customer's application.
const epson, kyocera = "192.168.1.20", "192.168.1.52"

// shotEpsonSession is what the Epson sends once signed in: a clean OAuth session.
var shotEpsonSession = listen.Session{Client: "192.168.1.20:49152", EHLO: "EPSON1A2B3C", TLS: "1.2", Auth: "xoauth2", User: "scan@contoso.fr",
	From: "scan@contoso.fr", Rcpt: []string{"direction@contoso.fr"}, Size: 183240,
	Token: &listen.Token{Audience: "https://outlook.office.com", Scope: "SMTP.Send", TenantID: "aaaabbbb-0000-cccc-1111-dddd2222eeee",
		Account: "scan@contoso.fr", Expires: time.Date(2026, 12, 7, 18, 30, 0, 0, time.Local)}}

// assistantShot puts the guided path of the printer at that address at a step, with the other
// screens' states as a finished session would leave them.
func assistantShot(purpose, printer string, step assistant.StepID) func(w *gui.Window) {
	return func(w *gui.Window) {
		printersShot("")(w)
		w.Session().Chosen = printer
		signinShot(signedIn(shotOK))(w)
		if step == assistant.StepSignIn { // the sign-in step shows the code, as when waiting
			signinShot(waiting(14*time.Minute + 32*time.Second))(w)
		}
		w.SignInMode(false, false) // the chosen printer decides how it signs in
		conntestShot(false)(w)
		w.Session().Listened = nil
		if printer == epson { // checked by listening, not by the assistant's own test
			listenShot(shotEpsonSession)(w)
			w.Session().Test = nil
		}
		w.Session().Purpose, w.Session().Route = purpose, conntest.RouteOAuth
		w.AssistantAt(step)
	}
}

// prepareWithoutMailbox is « Préparer Microsoft 365 » before the sending mailbox is typed.
func prepareWithoutMailbox(w *gui.Window) {
	assistantShot(signin.PurposeSMTP, epson, assistant.StepPrepare)(w)
	w.Session().Mailbox = ""
	w.Redraw()
}

// shots are the states of every screen, in French then English.
var shots = []shot{
	{"fr-0-assistant-accueil", assistantStart},
	{"fr-0b0-assistant-3-preparer-sans-boite", prepareWithoutMailbox},
	{"fr-0a-assistant-1-imprimante", assistantShot(signin.PurposeSMTP, epson, assistant.StepPrinter)},
	{"fr-0a2-assistant-2-voie", assistantShot(signin.PurposeSMTP, epson, assistant.StepRoute)},
	{"fr-0b-assistant-3-preparer", assistantShot(signin.PurposeSMTP, epson, assistant.StepPrepare)},
	{"fr-0b1-assistant-3-preparer-relais", func(w *gui.Window) {
		assistantShot(signin.PurposeSMTP, epson, assistant.StepPrepare)(w)
		w.Session().Route = conntest.RouteRelay
		w.Redraw()
	}},
	{"fr-0c-assistant-4-regler-epson", assistantShot(signin.PurposeSMTP, epson, assistant.StepConfigure)},
	{"fr-0c1-assistant-5-connexion-epson", assistantShot(signin.PurposeSMTP, epson, assistant.StepSignIn)},
	{"fr-0c2-assistant-5-connexion-test", func(w *gui.Window) {
		assistantShot(signin.PurposeSMTP, epson, assistant.StepSignIn)(w)
		w.SignInMode(false, true)
		w.Redraw()
	}},
	{"fr-0c3-assistant-6-verifier-epson", assistantShot(signin.PurposeSMTP, epson, assistant.StepListen)},
	{"fr-0d-assistant-5-test", assistantShot(signin.PurposeSMTP, kyocera, assistant.StepTest)},
	{"fr-0e-assistant-6-configurer", assistantShot(signin.PurposeSMTP, kyocera, assistant.StepConfigure)},
	{"fr-0f-assistant-7-termine", assistantShot(signin.PurposeSMTP, epson, assistant.StepDone)},
	{"fr-0f2-assistant-6-termine-kyocera", assistantShot(signin.PurposeSMTP, kyocera, assistant.StepDone)},
	{"fr-0g-assistant-emplacement-2-preparer", assistantShot(signin.PurposeGraph, "", assistant.StepPrepare)},
	{"fr-1-depannage-vide", paste("")},
	{"fr-2-depannage-entra", paste(shotEntra)},
	{"fr-3-depannage-smtp", paste(shotSMTP)},
	{"fr-4-depannage-inconnu", paste("Erreur 0x80070005 : accès refusé au dossier partagé")},
	{"fr-4b-depannage-suggestions", paste(shotPostfix)},
	{"fr-4e-depannage-autre-fournisseur", paste(shotGmail)},
	{"fr-4c-depannage-imprimante-sharp", paste(shotSharp)},
	{"fr-4d-depannage-tls", paste(shotTLS)},
	{"fr-5-tous-les-messages", catalogTab("", "")},
	{"fr-6-recherche", catalogTab("5.7.139", "")},
	{"fr-7-message-choisi", catalogTab("7000218", "entra-public-client-flows")},
	{"fr-8-connexion-formulaire", signinShot(func(*gui.Window, *assistant.Session) {})},
	{"fr-9-connexion-code", signinShot(waiting(14*time.Minute + 32*time.Second))},
	{"fr-10-connexion-reussie", signinShot(signedIn(shotOK))},
	{"fr-11-connexion-refusee", signinShot(signedIn(shotFailed))},
	{"fr-11b-connexion-reseau", signinShot(signedIn(shotNetwork))},
	{"fr-12-code-imprimante", signinShot(printerCode)},
	{"fr-15-imprimantes", printersShot("")},
	{"fr-15b-imprimantes-adresse-refusee", func(w *gui.Window) { printersShot("")(w); w.AddPrinter("imprimante 3e étage") }},
	{"fr-16-guide-epson", printersShot("192.168.1.20")},
	{"fr-17-guide-nashuatec", printersShot("192.168.1.31")},
	{"fr-18-guide-webtools", printersShot("192.168.1.40")},
	{"fr-19-guide-generique", printersShot("192.168.1.52")},
	{"fr-13-test-reussi", conntestShot(false)},
	{"fr-21-ecoute-attente", listenShot()},
	{"fr-22-ecoute-sessions", listenShot(shotBasicSession, shotTokenSession)},
	{"fr-22b-ecoute-comptes", func(w *gui.Window) {
		listenShot(shotBasicSession, shotTokenSession)(w)
		w.Session().ListenTally = listen.Tally{More: 37, Refused: 2, Findings: map[string]int{"check:listen-basic-auth": 37}}
		w.Redraw()
	}},
	{"fr-14-test-echec", conntestShot(true)},
	{"fr-14b-test-dns", conntestDNSShot},
	{"en-1-troubleshoot-entra", func(w *gui.Window) { w.SetLanguage("en"); paste(shotEntra)(w) }},
	{"en-2-troubleshoot-smtp", paste(shotSMTP)},
	{"en-2b-troubleshoot-suggestions", paste(shotPostfix)},
	{"en-2c-troubleshoot-printer-sharp", paste(shotSharp)},
	{"en-2d-troubleshoot-tls", paste(shotTLS)},
	{"en-3-all-messages", catalogTab("consent", "entra-public-client-flows")},
	{"en-4-signin-code", signinShot(waiting(9*time.Minute + 5*time.Second))},
	{"en-5-signin-failed", signinShot(signedIn(shotFailed))},
	{"en-5b-signin-network", signinShot(signedIn(shotNetwork))},
	{"en-5c-printer-code", signinShot(printerCode)},
	{"en-6-connection-test-failed", conntestShot(true)},
	{"en-6b-connection-test-dns", conntestDNSShot},
	{"en-7-assistant-start", assistantStart},
	{"en-11-listen-waiting", listenShot()},
	{"en-12-listen-sessions", listenShot(shotBasicSession, shotTokenSession)},
	{"en-8a-assistant-prepare-no-mailbox", prepareWithoutMailbox},
	{"en-8b-assistant-routes", assistantShot(signin.PurposeSMTP, epson, assistant.StepRoute)},
	{"en-8-assistant-prepare", assistantShot(signin.PurposeSMTP, epson, assistant.StepPrepare)},
	{"en-8c-assistant-check-epson", assistantShot(signin.PurposeSMTP, epson, assistant.StepListen)},
	{"en-9-assistant-done", assistantShot(signin.PurposeSMTP, epson, assistant.StepDone)},
	{"en-10-printer-guide", printersShot("192.168.1.31")},
}

// captureScreens opens the real window, walks it through every screen state, and writes a
// PNG of each into dir. It runs on the main goroutine (the driver needs the main thread).
func captureScreens(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	a := app.NewWithID(gui.Title + " screenshots") // its own preferences: never the user's
	w := gui.NewWindow(a)
	w.SetLanguage("fr")
	errc := make(chan error, 1)
	go func() {
		errc <- captureAll(w, dir)
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	return <-errc
}

func captureAll(w *gui.Window, dir string) error {
	time.Sleep(time.Second) // the first frame
	defer func() { _ = reportShot(w, dir) }()
	for _, sh := range shots {
		fyne.DoAndWait(func() { sh.setUp(w) })
		time.Sleep(1200 * time.Millisecond) // matching delay and a few frames, on a busy machine too
		if err := grabWindow(filepath.Join(dir, sh.name+".png")); err != nil {
			return fmt.Errorf("%s: %w", sh.name, err)
		}
	}
	return nil
}

// grabWindow takes a screenshot of the window from the X server (xdotool finds it,
// ImageMagick's import reads it), as a person would see it.
func grabWindow(file string) error {
	id, err := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+gui.Title+"$").Output()
	if err != nil {
		return fmt.Errorf("xdotool: %w", err)
	}
	ids := strings.Fields(string(id))
	if len(ids) == 0 {
		return fmt.Errorf("window %q not found", gui.Title)
	}
	if out, err := exec.Command("import", "-window", ids[0], file).CombinedOutput(); err != nil {
		return fmt.Errorf("import: %v: %s", err, out)
	}
	return nil
}

// reportShot writes the French report of the session the shots left, and renders it to a PNG
// with headless Chromium, as a browser shows it.
func reportShot(w *gui.Window, dir string) error {
	var html []byte
	var err error
	fyne.DoAndWait(func() {
		w.SetLanguage("fr")
		assistantShot(signin.PurposeSMTP, epson, assistant.StepDone)(w)
		var b strings.Builder
		err = w.WriteReport(&b)
		html = []byte(b.String())
	})
	if err != nil {
		return err
	}
	file := filepath.Join(os.TempDir(), "mfp365-rapport.html")
	if err := os.WriteFile(file, html, 0o644); err != nil {
		return err
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		return fmt.Errorf("chromium not installed: %w", err)
	}
	profile, _ := os.MkdirTemp("", "mfp365-chromium")
	defer os.RemoveAll(profile)
	out, err := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+profile,
		"--window-size=1000,2200", "--screenshot="+filepath.Join(dir, "fr-20-rapport.png"), "file://"+file).CombinedOutput()
	if err != nil {
		return fmt.Errorf("chromium: %v: %s", err, out)
	}
	return nil
}
