package kb

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"mfp365/i18n"
)

// The guides of the routes other than OAuth 2.0 (High Volume Email, SMTP relay, Direct Send)
// and the side-by-side comparison of the five routes.
var routeGuides = []string{"prepare-hve", "prepare-relay", "prepare-direct", "routes"}

// TestRouteGuidesLoad: the four guides load from the embedded catalog, under their own key
// (not the generic fallback), with French and English of the same shape and every message
// present in both languages.
func TestRouteGuidesLoad(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range routeGuides {
		g := c.Guide(key)
		if g == nil || g.Key != key {
			t.Fatalf("guide %s missing", key)
		}
		if len(g.FR.Steps) != len(g.EN.Steps) || len(g.FR.Checks) != len(g.EN.Checks) || len(g.FR.Notes) != len(g.EN.Notes) {
			t.Errorf("%s: fr has %d/%d/%d steps/checks/notes, en has %d/%d/%d", key,
				len(g.FR.Steps), len(g.FR.Checks), len(g.FR.Notes), len(g.EN.Steps), len(g.EN.Checks), len(g.EN.Notes))
		}
		if g.Commands != nil && len(g.Commands) != len(g.FR.Steps) {
			t.Errorf("%s: %d commands for %d steps", key, len(g.Commands), len(g.FR.Steps))
		}
	}
	catalog(t) // the translators
	for _, key := range routeGuides {
		g := c.Guide(key)
		ids := []string{"title", "intro"}
		for i := range g.FR.Steps {
			ids = append(ids, fmt.Sprintf("step.%d", i+1))
		}
		for i := range g.FR.Checks {
			ids = append(ids, fmt.Sprintf("check.%d", i+1))
		}
		for i := range g.FR.Notes {
			ids = append(ids, fmt.Sprintf("note.%d", i+1))
		}
		for _, part := range ids {
			id := "guide." + key + "." + part
			for _, tr := range []*i18n.Translator{trFR, trEN} {
				if s := tr.T(id, GuideData{}.fields()); s == id || strings.TrimSpace(s) == "" {
					t.Errorf("%s: %s missing", tr.Lang, id)
				}
			}
		}
		if fr, en := g.Render(trFR, GuideData{}), g.Render(trEN, GuideData{}); fr.Title == en.Title || fr.Intro == en.Intro {
			t.Errorf("%s: French and English title or intro are the same", key)
		}
	}
}

// TestRouteGuidesCommands: the commands are the same in both languages, the sending account
// goes into them as given (quoted when odd), and a missing account shows the placeholder.
func TestRouteGuidesCommands(t *testing.T) {
	c := catalog(t)
	const user = "scan@contoso.fr"
	for _, key := range routeGuides {
		g := c.Guide(key)
		fr, en := g.Render(trFR, GuideData{User: user}), g.Render(trEN, GuideData{User: user})
		if len(fr.Commands) != len(fr.Steps) || len(en.Commands) != len(en.Steps) {
			t.Errorf("%s: %d/%d commands for %d steps", key, len(fr.Commands), len(en.Commands), len(fr.Steps))
			continue
		}
		for i := range fr.Commands {
			if fr.Commands[i] != en.Commands[i] {
				t.Errorf("%s: command %d differs between languages: %q, %q", key, i+1, fr.Commands[i], en.Commands[i])
			}
			if strings.Contains(fr.Commands[i], "{{") || strings.Contains(fr.Steps[i], "{{") {
				t.Errorf("%s: step %d left a template unrendered", key, i+1)
			}
		}
	}

	hve := c.Guide("prepare-hve")
	r := hve.Render(trEN, GuideData{User: user})
	want := map[string]bool{
		"Get-BillingPolicy -ResourceType HVE": true,
		"New-MailUser -HVEAccount -Name scan@contoso.fr -PrimarySmtpAddress scan@contoso.fr -Password (Get-Credential).password": true,
		"Set-HVEAccountBillingPolicy -Identity scan@contoso.fr -BillingPolicyId <billing-policy-id>":                             true,
		"Get-HVEAccountBillingPolicy -Identity scan@contoso.fr | Format-List BillingPolicyStatus":                                true,
		"Add-HVEAppAccess -Identity scan@contoso.fr -AppIds <enterprise-app-object-id>":                                          true,
	}
	for _, cmd := range r.Commands {
		delete(want, cmd)
	}
	for cmd := range want {
		t.Errorf("prepare-hve: command %q missing from %q", cmd, r.Commands)
	}
	steps := strings.Join(r.Steps, " ")
	for _, s := range []string{"smtp.hve.mx.microsoft", "587", "STARTTLS", "550 5.5.105", "September 2028", user} {
		if !strings.Contains(steps, s) {
			t.Errorf("prepare-hve: the steps do not say %q", s)
		}
	}
	if notes := strings.Join(r.Notes, " "); !strings.Contains(notes, "smtp-hve.office365.com") {
		t.Error("prepare-hve: the notes must retire smtp-hve.office365.com")
	}
	// The allowed apps take the enterprise application's object ID, never the client ID.
	if r := hve.Render(trFR, GuideData{User: user, ClientID: "11111111-2222-3333-4444-555555555555"}); strings.Contains(strings.Join(r.Commands, " "), "11111111-2222") {
		t.Error("prepare-hve: a client ID went into a command; Add-HVEAppAccess takes the object ID")
	}
	odd := hve.Render(trFR, GuideData{User: "o'brien@contoso.fr; Remove-Mailbox x"})
	if want := "Add-HVEAppAccess -Identity 'o''brien@contoso.fr; Remove-Mailbox x' -AppIds <enterprise-app-object-id>"; !slices.Contains(odd.Commands, want) {
		t.Errorf("prepare-hve: odd account not quoted: %q", odd.Commands)
	}
	if none := hve.Render(trFR, GuideData{}); !slices.Contains(none.Commands, "Get-HVEAccountBillingPolicy -Identity <mailbox> | Format-List BillingPolicyStatus") {
		t.Errorf("prepare-hve: no account: %q", none.Commands)
	}

	relay := c.Guide("prepare-relay").Render(trEN, GuideData{User: user})
	if !slices.Contains(relay.Commands, "New-InboundConnector -Name \"Printer relay\" -ConnectorType OnPremises -SenderDomains * -SenderIPAddresses <site-public-IP>") {
		t.Errorf("prepare-relay: no IP connector command in %q", relay.Commands)
	}
	for _, s := range []string{"port 25", "no authentication", "STARTTLS", "Mail flow > Connectors", "Settings > Domains", user} {
		if !strings.Contains(strings.Join(relay.Steps, " "), s) {
			t.Errorf("prepare-relay: the steps do not say %q", s)
		}
	}
	if !strings.Contains(strings.Join(relay.Notes, " "), "550 5.7.64 TenantAttribution") {
		t.Error("prepare-relay: the notes must explain 5.7.64")
	}

	direct := c.Guide("prepare-direct").Render(trEN, GuideData{User: user})
	for _, cmd := range []string{"Get-OrganizationConfig | Format-List RejectDirectSend", "v=spf1 ip4:<site-public-IP> include:spf.protection.outlook.com ~all"} {
		if !slices.Contains(direct.Commands, cmd) {
			t.Errorf("prepare-direct: command %q missing from %q", cmd, direct.Commands)
		}
	}
	for _, s := range []string{"RejectDirectSend $true", "550 5.7.68", "port 25", "no authentication", "internal", user} {
		if !strings.Contains(strings.Join(direct.Steps, " "), s) {
			t.Errorf("prepare-direct: the steps do not say %q", s)
		}
	}
}

// TestRoutesGuide: the comparison has exactly five steps, one per route, in the order the
// window shows them side by side (oauth, basic, hve, relay, direct), and no commands.
func TestRoutesGuide(t *testing.T) {
	g := catalog(t).Guide("routes")
	if g.Key != "routes" {
		t.Fatal("routes missing")
	}
	if g.Commands != nil {
		t.Errorf("routes: the comparison has no commands, got %q", g.Commands)
	}
	if g.FR.Title != "Les voies d'envoi d'une imprimante" {
		t.Errorf("routes: title %q", g.FR.Title)
	}
	// What identifies each route's step, in order, in each language.
	order := []struct{ route, fr, en string }{
		{"oauth", "smtp.office365.com", "smtp.office365.com"},
		{"basic", "550 5.7.30", "550 5.7.30"},
		{"hve", "smtp.hve.mx.microsoft", "smtp.hve.mx.microsoft"},
		{"relay", "connecteur entrant", "inbound connector"},
		{"direct", "Direct Send", "Direct Send"},
	}
	for _, tr := range []*i18n.Translator{trFR, trEN} {
		r := g.Render(tr, GuideData{})
		if len(r.Steps) != len(order) {
			t.Fatalf("%s: %d steps, want %d", tr.Lang, len(r.Steps), len(order))
		}
		for i, o := range order {
			mark := o.fr
			if tr == trEN {
				mark = o.en
			}
			if !strings.Contains(r.Steps[i], mark) {
				t.Errorf("%s: step %d is not the %s route: %q", tr.Lang, i+1, o.route, r.Steps[i])
			}
			if c := r.Commands[i]; c != "" {
				t.Errorf("%s: step %d has a command %q", tr.Lang, i+1, c)
			}
		}
		all := strings.Join(r.Steps, " ")
		for _, s := range []string{"30", "10", "2026", "2028", "SPF", "OAuth 2.0"} {
			if !strings.Contains(all, s) {
				t.Errorf("%s: the routes do not mention %q", tr.Lang, s)
			}
		}
	}
	// The password route says it stops by default at the end of December 2026, in both languages.
	if fr := g.Render(trFR, GuideData{}).Steps[1]; !strings.Contains(fr, "fin décembre 2026") {
		t.Errorf("basic: %q", fr)
	}
	if en := g.Render(trEN, GuideData{}).Steps[1]; !strings.Contains(en, "end of December 2026") {
		t.Errorf("basic: %q", en)
	}
}

// TestRouteGuidesSources: every source is a seed file name or an https address.
func TestRouteGuidesSources(t *testing.T) {
	c := catalog(t)
	for _, key := range routeGuides {
		g := c.Guide(key)
		if len(g.Sources) == 0 {
			t.Errorf("%s: no sources", key)
		}
		for _, s := range g.Sources {
			if !sourcePattern.MatchString(s) {
				t.Errorf("%s: source %q is neither a seed file name nor an https address", key, s)
			}
		}
	}
}

// TestRelayGuideFillsTheDomain: the relay's commands take the sending domain, and say in the
// reader's words what is still to be typed (the site's public IP address).
func TestRelayGuideFillsTheDomain(t *testing.T) {
	g := catalog(t).Guide("prepare-relay")
	got := strings.Join(g.Render(trFR, GuideData{Domain: "contoso.fr", MissingIP: "<IP-publique-du-site>"}).Commands, "\n")
	if !strings.Contains(got, "Resolve-DnsName -Name contoso.fr -Type MX") || !strings.Contains(got, "ip4:<IP-publique-du-site>") {
		t.Errorf("relay commands:\n%s", got)
	}
	if got := strings.Join(g.Render(trFR, GuideData{}).Commands, "\n"); !strings.Contains(got, "-Name <domain>") {
		t.Errorf("without a domain:\n%s", got)
	}
}
