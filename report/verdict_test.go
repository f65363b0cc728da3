package report

import (
	"strings"
	"testing"
	"time"

	"mfp365/checks"
	"mfp365/flows/conntest"
	"mfp365/flows/listen"
	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/kb"
)

// TestVerdict: the run in one word, the worst of the test, the sign-in and what the listener
// saw; a printer still sending a password is not ready.
func TestVerdict(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	oauth := conntest.Config{Route: conntest.RouteOAuth, Host: "smtp.office365.com", Port: 587}
	passed := conntest.Result{Status: checks.Pass, Steps: []checks.Step{{ID: "auth", Status: checks.Pass}}}
	warned := conntest.Result{Status: checks.Pass, Steps: []checks.Step{{ID: "clock", Status: checks.Warn}}}
	failed := conntest.Result{Status: checks.Fail, Steps: []checks.Step{{ID: "auth", Status: checks.Fail}}}
	basic := oauth
	basic.Route = conntest.RouteBasic
	session := func(findings ...string) []listen.Session { return []listen.Session{{Client: "192.0.2.20:1", Findings: findings}} }
	for _, tc := range []struct {
		name string
		r    Report
		want Verdict
	}{
		{"nothing run", Report{}, ""},
		{"test passed", Report{Test: TestOf(oauth, passed, "")}, VerdictReady},
		{"a step warns", Report{Test: TestOf(oauth, warned, "")}, VerdictWarnings},
		{"test failed", Report{Test: TestOf(oauth, failed, "")}, VerdictNotReady},
		{"a password that passes today", Report{Test: TestOf(basic, passed, "")}, VerdictNotReady},
		{"signed in with warnings", Report{SignIn: signin.VerdictOKWarnings, Test: TestOf(oauth, passed, "")}, VerdictWarnings},
		{"sign-in refused", Report{SignIn: signin.Verdict(signin.StatusError)}, VerdictNotReady},
		{"a printer sends a password", Report{Listened: session("check:listen-basic-auth")}, VerdictNotReady},
		{"a printer with an expired token", Report{Listened: session("check:listen-token-expired")}, VerdictNotReady},
		{"no AUTH, for a relay", Report{Listened: session("check:listen-no-auth")}, VerdictReady},
		{"sender is not the account", Report{Listened: session("check:listen-sender-mismatch")}, VerdictWarnings},
		{"a clean session", Report{Listened: session()}, VerdictReady},
		{"a printer turned away", Report{Listened: session(), ListenTally: listen.Tally{Refused: 1}}, VerdictWarnings},
		{"past the kept sessions", Report{Listened: session(), ListenTally: listen.Tally{More: 3, Findings: map[string]int{"check:listen-basic-auth": 1}}}, VerdictNotReady},
	} {
		if got := VerdictOf(cat, tc.r); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	b, _ := i18n.NewBundle(cat)
	var out strings.Builder
	if err := Write(&out, i18n.NewTranslator(b, "fr"), cat, Report{When: time.Now(), Test: TestOf(basic, passed, "")}); err != nil {
		t.Fatal(err)
	}
	html := out.String()
	verdict, facts := strings.Index(html, `data-verdict="not-ready"`), strings.Index(html, `class="facts"`)
	if verdict < 0 || verdict > facts || !strings.Contains(html, "Pas prêt") {
		t.Errorf("the verdict does not come first: at %d, the facts at %d", verdict, facts)
	}
}
