package gui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mfp365/assistant"
	"mfp365/flows/signin"
	"mfp365/internal/fakeentra"
)

// newSigninShell opens the window on the sign-in screen, pointed at a fake Microsoft.
func newSigninShell(t *testing.T, fake *fakeentra.Server, tenant, client string) *shell {
	s := newTestShell(t, "fr")
	s.session.Tenant, s.session.ClientID = tenant, client
	s.seams.authority, s.seams.graphURL = fake.URL, fake.URL
	s.show("signin")
	return s
}

// waitFor runs the UI updates of background work until cond holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case f := <-updates:
			f()
		case <-deadline:
			t.Fatalf("%s: not reached within 10 s", what)
		}
	}
}

func TestSigninShowsCodeThenAccount(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	s := newSigninShell(t, fake, fakeentra.TenantDomain, fakeentra.ClientID)
	st := s.signin()
	start := time.Now()
	test.Tap(st.start)
	waitFor(t, "code shown", func() bool { return strings.Contains(texts(st.body), "Expire dans") })
	shown := time.Since(start)
	got := texts(st.body)
	for _, want := range []string{"Ouvrir la page Microsoft", "Copier le code", "Pour vous connecter", "https://microsoft.com/devicelogin"} {
		if !strings.Contains(got, want) {
			t.Errorf("code view lacks %q:\n%s", want, got)
		}
	}
	if st.code.UserCode != fakeentra.UserCode || s.app.Clipboard().Content() != fakeentra.UserCode {
		t.Errorf("code %q, clipboard %q", st.code.UserCode, s.app.Clipboard().Content())
	}
	// Two round trips come before the code (tenant check, then devicecode): the rest is ours.
	reqs := fake.Requests()
	t.Logf("code on screen %v after the click; Microsoft's two answers took %v", shown, reqs[1].At.Sub(start))
	waitFor(t, "signed in", func() bool { return s.session.SignIn != nil })
	got = texts(st.body)
	for _, want := range []string{"Connexion réussie.", fakeentra.Account, "SMTP.Send", "sans en vérifier la signature"} {
		if !strings.Contains(got, want) {
			t.Errorf("outcome lacks %q:\n%s", want, got)
		}
	}
	if len(fake.TokenRequests()) != 2 {
		t.Errorf("%d token requests, want 2", len(fake.TokenRequests()))
	}
	// The token serves the session while its tenant stays; closing the window drops it.
	ss := s.session
	findList(s.window.Content()).Select(1) // another screen
	if ss.Token() == "" {
		t.Error("the token was lost on another screen")
	}
	ss.Tenant = "fabrikam.onmicrosoft.com"
	if ss.Token() != "" || ss.SignIn.Token != nil {
		t.Error("the token outlived the tenant it was obtained for")
	}
	s.window.Close()
	if ss.SignIn.Token != nil {
		t.Error("the token survived the window")
	}
}

func TestSigninExplainsFailures(t *testing.T) {
	for _, tc := range []struct {
		name, tenant, client string
		token                []fakeentra.Reply
		want                 []string
		requests             int
	}{
		{"malformed tenant", "contoso onmicrosoft", fakeentra.ClientID, nil, []string{"La connexion a échoué.", "AADSTS900023"}, 0},
		{"public client flows off", fakeentra.TenantID, fakeentra.ClientID, []fakeentra.Reply{fakeentra.PublicClientOff()},
			[]string{"L'application n'autorise pas la connexion par code", "Nouveau code", "00001111-aaaa-2222-bbbb-3333cccc4444"}, 3},
		{"expired", fakeentra.TenantID, fakeentra.ClientID, []fakeentra.Reply{fakeentra.Expired()}, []string{"Le code a expiré", "Nouveau code"}, 3},
		{"declined", fakeentra.TenantID, fakeentra.ClientID, []fakeentra.Reply{fakeentra.Declined()}, []string{"refusée sur la page Microsoft", "Nouveau code"}, 3},
		{"unknown tenant", "nowhere.onmicrosoft.com", fakeentra.ClientID, nil, []string{"AADSTS90002"}, 1},
		{"tenant of another cloud", fakeentra.GovTenant, fakeentra.ClientID, nil, []string{"Microsoft 365 US Government", "choisissez ce cloud"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakeentra.New()
			defer fake.Close()
			if tc.token != nil {
				fake.Token = tc.token
			}
			s := newSigninShell(t, fake, tc.tenant, tc.client)
			st := s.signin()
			test.Tap(st.start)
			waitFor(t, "outcome", func() bool { return s.session.SignIn != nil })
			got := texts(st.body)
			for _, want := range tc.want {
				if !strings.Contains(got, want) {
					t.Errorf("lacks %q:\n%s", want, got)
				}
			}
			if n := len(fake.Requests()); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
		})
	}
}

func TestSigninCancel(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Token = []fakeentra.Reply{fakeentra.Pending()}
	s := newSigninShell(t, fake, fakeentra.TenantID, fakeentra.ClientID)
	st := s.signin()
	test.Tap(st.start)
	waitFor(t, "code shown", func() bool { return st.code != nil && st.running })
	st.cancel()
	waitFor(t, "cancelled", func() bool { return s.session.SignIn != nil })
	if out := s.session.SignIn; out.Status != signin.StatusCancelled || !strings.Contains(texts(st.body), "Connexion annulée") {
		t.Errorf("status %s", out.Status)
	}
}

func TestPrinterCodeGuide(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	s := newSigninShell(t, fake, "", "")
	s.signin().printerMode, s.session.Cloud = true, "usgov"
	s.redraw()
	got := texts(s.signin().body)
	for _, want := range []string{"https://microsoft.com/deviceloginus", "Accepter au nom de l'organisation", "administrateur général",
		"Réseau > Serveur d'email > De base", "[Démarrer l'authentification]", "(Authentifié)"} {
		if !strings.Contains(got, want) {
			t.Errorf("guide lacks %q:\n%s", want, got)
		}
	}
	if len(fake.Requests()) != 0 {
		t.Error("the guide contacted Microsoft")
	}
}

// findList returns the navigation list.
func findList(o fyne.CanvasObject) *widget.List { return find[*widget.List](o) }

// find returns the first object of type T inside o (containers and split panes).
func find[T fyne.CanvasObject](o fyne.CanvasObject) T {
	t, _ := findOK[T](o)
	return t
}

func findOK[T fyne.CanvasObject](o fyne.CanvasObject) (T, bool) {
	if t, ok := o.(T); ok {
		return t, true
	}
	var children []fyne.CanvasObject
	switch w := o.(type) {
	case *fyne.Container:
		children = w.Objects
	case *container.Split:
		children = []fyne.CanvasObject{w.Leading, w.Trailing}
	case *container.Scroll:
		children = []fyne.CanvasObject{w.Content}
	case *widget.Form:
		for _, it := range w.Items {
			children = append(children, it.Widget)
		}
	}
	for _, c := range children {
		if t, ok := findOK[T](c); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

// findAll returns every object of type T inside o, in order.
func findAll[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var found []T
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if t, ok := o.(T); ok {
			found = append(found, t)
		}
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case *container.Split:
			walk(w.Leading)
			walk(w.Trailing)
		case *container.Scroll:
			walk(w.Content)
		case *widget.Form:
			for _, it := range w.Items {
				walk(it.Widget)
			}
		}
	}
	walk(o)
	return found
}

// TestSigninWarningStaysAWarning: a sign-in that works now but will fail for the printer is
// not shown as a plain success, in the window, the assistant's summary or the report.
func TestSigninWarningStaysAWarning(t *testing.T) {
	s := newTestShell(t, "fr")
	s.session.SignedIn(&signin.Outcome{Status: signin.StatusOK, Claims: signin.Claims{Account: "admin@contoso.fr"},
		Warnings: []signin.Warning{signin.WarnNotSender}})
	s.show("signin")
	if got := texts(s.signin().body); !strings.Contains(got, "Connexion réussie, avec des avertissements") {
		t.Errorf("window:\n%s", got)
	}
	// The assistant's summary says the warning itself, not only that there is one.
	a := s.assistant()
	a.started, a.step = true, len(assistant.Steps(s.session.Purpose))-1
	s.show("assistant")
	if got := texts(s.window.Content()); !strings.Contains(got, "avec des avertissements") || !strings.Contains(got, "admin@contoso.fr") {
		t.Errorf("summary:\n%s", got)
	}
	var report strings.Builder
	if err := s.writeReport(&report); err != nil {
		t.Fatal(err)
	}
	if got := report.String(); !strings.Contains(got, "avec des avertissements") || !strings.Contains(got, "Avertissement") {
		t.Errorf("report lacks the warning:\n%s", got)
	}
}

// TestSigninNetworkFailureRetries: when Microsoft cannot be reached, the button offers to try
// again, not a "new code" that was never the problem.
func TestSigninNetworkFailureRetries(t *testing.T) {
	fake := fakeentra.New()
	s := newSigninShell(t, fake, fakeentra.TenantID, fakeentra.ClientID)
	fake.Close() // nothing answers any more
	st := s.signin()
	test.Tap(st.start)
	waitFor(t, "outcome", func() bool { return s.session.SignIn != nil })
	if got := texts(st.body); !strings.Contains(got, "Réessayer") || strings.Contains(got, "Nouveau code") {
		t.Errorf("after a network failure:\n%s", got)
	}
}
