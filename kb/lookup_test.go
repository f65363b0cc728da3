package kb

import (
	"strings"
	"testing"
)

// TestLookup: a text that matches has panels and no suggestions; one that does not has the
// nearest entries; what was not read is said.
func TestLookup(t *testing.T) {
	cat := catalog(t)
	l := cat.Lookup("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.")
	if len(l.Panels(trFR)) == 0 || len(l.Suggestions) != 0 || len(l.Warnings(trFR)) != 0 {
		t.Errorf("a known reply: %d panels, %d suggestions, warnings %v", len(l.Panels(trFR)), len(l.Suggestions), l.Warnings(trFR))
	}
	l = cat.Lookup("535 5.7.8 Error: authentication failed: authentication failure")
	if len(l.Matches) != 0 || len(l.SuggestionPanels(trFR)) == 0 {
		t.Errorf("Postfix's reply: %d matches, %d suggestions", len(l.Matches), len(l.Suggestions))
	}
	l = cat.Lookup("535-5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials")
	if w := l.Warnings(trFR); len(w) != 1 || !strings.Contains(w[0], "Google") {
		t.Errorf("Gmail's reply: warnings %v", w)
	}
	l = cat.Lookup(strings.Repeat("AADSTS50126 ", MaxInput/12+100))
	if w := l.Warnings(trFR); len(w) != 1 || !strings.Contains(w[0], "1 Mio") {
		t.Errorf("a paste over the limit: warnings %v", w)
	}
}
