package kb

import (
	"strings"
	"testing"
)

// The findings of the listener (`mfp365 listen`, flows/listen): what a printer did in the SMTP
// sessions it opened with the assistant playing the mail server, and its token's claims.
var listenFindings = []struct {
	code string
	kind Kind
}{
	{"check:listen-basic-auth", KindWarning},
	{"check:listen-tls-old", KindError},
	{"check:listen-no-tls", KindError},
	{"check:listen-auth-before-tls", KindError},
	{"check:listen-no-auth", KindInfo},
	{"check:listen-token-expired", KindError},
	{"check:listen-token-audience", KindError},
	{"check:listen-token-scope", KindError},
	{"check:listen-token-tenant", KindError},
	{"check:listen-sender-mismatch", KindWarning},
}

// TestListenFindings: every code the listener reports has its own entry (group network, ID
// listen-…, the kind the finding deserves), the code alone finds it first, and it renders in
// French and in English, with and without the account, every message present and no template
// left over.
func TestListenFindings(t *testing.T) {
	c := catalog(t)
	for _, f := range listenFindings {
		var found []*Entry
		for _, e := range c.Entries {
			for _, code := range e.Codes {
				if code == f.code {
					found = append(found, e)
				}
			}
		}
		if len(found) != 1 {
			t.Errorf("%s: %d entries, want exactly one", f.code, len(found))
			continue
		}
		e := found[0]
		if want := "listen-" + strings.TrimPrefix(f.code, "check:listen-"); e.ID != want || e.Group != "network" {
			t.Errorf("%s: entry %s in group %s, want %s in network", f.code, e.ID, e.Group, want)
		}
		if e.Kind != f.kind {
			t.Errorf("%s: kind %s, want %s", e.ID, e.Kind, f.kind)
		}
		if len(e.Sources) == 0 {
			t.Errorf("%s: no sources", e.ID)
		}
		if r := c.Match(f.code); len(r.Matches) == 0 || r.Matches[0].Entry != e {
			t.Errorf("%q does not find %s first: %v", f.code, e.ID, matchIDs(r))
		}
		for _, d := range []Details{{}, {User: "scan@contoso.fr", ClientID: "00001111-aaaa-2222-bbbb-3333cccc4444"}} {
			fr, en := e.Render(trFR, d, 1), e.Render(trEN, d, 1)
			if fr.Title == en.Title || fr.Cause == en.Cause {
				t.Errorf("%s: French and English title or cause are the same", e.ID)
			}
			if len(fr.Actions) == 0 || len(fr.Actions) != len(en.Actions) {
				t.Errorf("%s: %d French actions, %d English", e.ID, len(fr.Actions), len(en.Actions))
			}
			for _, p := range []Panel{fr, en} {
				all := append([]string{p.Title, p.Cause}, p.Actions...)
				for _, steps := range p.VendorSteps {
					all = append(all, steps...)
				}
				for _, s := range all {
					if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "kb.") || strings.Contains(s, "{{") || strings.Contains(s, "<no value>") {
						t.Errorf("%s: text %q", e.ID, s)
					}
				}
			}
		}
	}
}

// TestListenNoSecret: a panel about what the printer sent never asks anyone to paste or show a
// password or a token (the listener keeps neither); the password panel says it was not kept.
func TestListenNoSecret(t *testing.T) {
	c := catalog(t)
	e := c.Entry("listen-basic-auth")
	if e == nil {
		t.Fatal("listen-basic-auth missing")
	}
	if fr, en := e.Render(trFR, Details{}, 1), e.Render(trEN, Details{}, 1); !strings.Contains(fr.Cause, "ni affiché ni gardé") ||
		!strings.Contains(en.Cause, "neither showed nor kept") {
		t.Errorf("listen-basic-auth must say the password was neither shown nor kept: %q / %q", fr.Cause, en.Cause)
	}
}
