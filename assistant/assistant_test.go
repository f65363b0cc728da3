package assistant

import (
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"mfp365/flows/conntest"
	"mfp365/flows/discovery"
	"mfp365/flows/signin"
	"mfp365/kb"
	"mfp365/report"
)

func TestStepsFollowThePurpose(t *testing.T) {
	ids := func(purpose string) []StepID {
		var out []StepID
		for _, st := range Steps(purpose) {
			out = append(out, st.ID)
		}
		return out
	}
	if got := ids(signin.PurposeSMTP); len(got) != 7 || got[1] != StepRoute || got[4] != StepTest {
		t.Errorf("scan to e-mail: %v", got)
	}
	if got := ids(signin.PurposeGraph); slices.Contains(got, StepRoute) || slices.Contains(got, StepTest) || len(got) != 5 {
		t.Errorf("an external location: %v", got)
	}
	if len(Steps(signin.PurposeSMTP)) != 7 { // the graph's list did not cut the shared one
		t.Error("Steps(graph) changed the scan-to-e-mail steps")
	}
}

func TestGuidesFollowTheRouteAndThePrinter(t *testing.T) {
	s := NewSession()
	for route, want := range map[conntest.Route]string{conntest.RouteOAuth: "prepare-smtp", conntest.RouteBasic: "prepare-smtp",
		conntest.RouteHVE: "prepare-hve", conntest.RouteRelay: "prepare-relay", conntest.RouteDirect: "prepare-direct"} {
		s.ChooseRoute(route)
		if got := s.PrepareGuide(); got != want {
			t.Errorf("%s: %s, want %s", route, got, want)
		}
	}
	s.Purpose = signin.PurposeGraph
	if s.PrepareGuide() != "prepare-graph" || s.GuidePrinter().Guide != "webtools" {
		t.Errorf("external location: %s, %s", s.PrepareGuide(), s.GuidePrinter().Guide)
	}
	s.Purpose = signin.PurposeSMTP
	if s.GuidePrinter().Guide != "generic" || s.RecommendedRoute() != conntest.RouteOAuth || s.VendorSignsIn() {
		t.Errorf("no printer chosen: %+v", s.GuidePrinter())
	}
	epson := discovery.Printer{Address: "192.0.2.20", Guide: "epson", Route: conntest.RouteHVE,
		Readiness: discovery.Verdict{SignIn: discovery.SignInDeviceCode}}
	s.Upsert(epson)
	s.Chosen = epson.Address
	if s.GuidePrinter().Guide != "epson" || s.RecommendedRoute() != conntest.RouteHVE || !s.VendorSignsIn() {
		t.Errorf("the chosen printer: %+v", s.GuidePrinter())
	}
}

func TestTheTokenFollowsTheTenantTyped(t *testing.T) {
	s := NewSession()
	s.Tenant, s.ClientID = "contoso.onmicrosoft.com", "00001111-aaaa-2222-bbbb-3333cccc4444"
	s.SignedIn(&signin.Outcome{Status: signin.StatusOK, Claims: signin.Claims{Account: "scan@contoso.fr"}, Token: &oauth2.Token{AccessToken: "T"}})
	if s.Token() != "T" || s.Mailbox != "scan@contoso.fr" || s.NeedsToken() {
		t.Fatalf("signed in: token %q, mailbox %q", s.Token(), s.Mailbox)
	}
	s.Tenant = "fabrikam.onmicrosoft.com"
	if s.Token() != "" || !s.NeedsToken() {
		t.Error("a token of another tenant is still used")
	}
	s.Password = "secret"
	s.Close()
	if s.Password != "" || s.SignIn.Token != nil {
		t.Error("Close kept a secret")
	}
}

func TestTestInputFollowsTheRoute(t *testing.T) {
	s := NewSession()
	s.Mailbox, s.Host = "scan@contoso.fr", "smtp.example.com"
	if in := s.TestInput(); in.User != "scan@contoso.fr" || in.From != "" {
		t.Errorf("OAuth: %+v", in)
	}
	s.ChooseRoute(conntest.RouteRelay)
	if in := s.TestInput(); in.From != "scan@contoso.fr" || in.User != "" || in.Host != "" {
		t.Errorf("relay: %+v (a new route takes its own server)", in)
	}
}

func TestSummarySaysTheTenantAsTyped(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession()
	s.Tenant = "contoso.onmicrosoft.com"
	if v := s.Summary(cat); v.Tenant != "contoso.onmicrosoft.com" || v.SignIn != "" || v.Test != "" || v.Verdict != "" {
		t.Errorf("before the sign-in: %+v", v)
	}
	s.SignedIn(&signin.Outcome{Status: signin.StatusOK, TenantID: "aaaabbbb-0000-cccc-1111-dddd2222eeee",
		Warnings: []signin.Warning{signin.WarnNotSender}})
	s.Skipped[StepTest] = true
	v := s.Summary(cat)
	if v.Tenant != "contoso.onmicrosoft.com (aaaabbbb-0000-cccc-1111-dddd2222eeee)" || v.SignIn != signin.VerdictOKWarnings ||
		v.Verdict != report.VerdictWarnings ||
		!slices.Equal(v.Skipped, []string{"assistant.step.test"}) {
		t.Errorf("after: %+v", v)
	}
}

func TestReportCountsThePreparedItems(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession()
	if r := s.Report(cat, time.Now()); r.Prepared != nil {
		t.Errorf("nothing ticked: %+v", r.Prepared)
	}
	s.Prepared[PreparedItem{"prepare-smtp", 0}] = true
	s.Prepared[PreparedItem{"prepare-smtp", 2}] = true
	s.Prepared[PreparedItem{"prepare-hve", 1}] = true // another route's guide
	r := s.Report(cat, time.Now())
	if r.Prepared == nil || !slices.Equal(r.Prepared.Done, []int{1, 3}) || r.Prepared.Total != len(cat.Guide("prepare-smtp").FR.Steps) {
		t.Errorf("ticked: %+v", r.Prepared)
	}
}

// TestThePathFollowsThePrinterAndTheRoute: a route the assistant signs in for none of has no
// « Connexion »; a printer that signs in with its own code is set up, signs in once, then is
// checked by listening.
func TestThePathFollowsThePrinterAndTheRoute(t *testing.T) {
	ids := func(s *Session) string {
		var out []string
		for _, st := range s.Steps() {
			out = append(out, string(st.ID))
		}
		return strings.Join(out, " ")
	}
	s := NewSession()
	if got := ids(s); got != "printer route prepare signin test configure done" {
		t.Errorf("OAuth, no printer: %s", got)
	}
	for _, r := range []conntest.Route{conntest.RouteBasic, conntest.RouteRelay, conntest.RouteDirect} {
		s.ChooseRoute(r)
		if got := ids(s); got != "printer route prepare test configure done" {
			t.Errorf("%s: %s", r, got)
		}
	}
	s.ChooseRoute(conntest.RouteHVE) // HVE may sign in with a token
	if got := ids(s); got != "printer route prepare signin test configure done" {
		t.Errorf("HVE: %s", got)
	}
	s.Upsert(discovery.Printer{Address: "192.0.2.20", Readiness: discovery.Verdict{SignIn: discovery.SignInDeviceCode}})
	s.Chosen = "192.0.2.20"
	s.ChooseRoute(conntest.RouteOAuth)
	if got := ids(s); got != "printer route prepare configure signin listen done" {
		t.Errorf("a printer that shows its own code: %s", got)
	}
	s.Purpose = signin.PurposeGraph
	if got := ids(s); got != "printer prepare signin configure done" {
		t.Errorf("an external location: %s", got)
	}
}
