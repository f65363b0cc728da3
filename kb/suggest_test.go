package kb

import "testing"

// TestSuggest: a text nothing explains gets the nearest entries as suggestions, by its code or
// its words; a text with a match, or from another world, gets none.
func TestSuggest(t *testing.T) {
	c := catalog(t)
	ids := func(text string) []string {
		r := c.Match(text)
		var out []string
		for _, m := range c.Suggest(text, r) {
			if m.Score >= scorePrefix {
				t.Errorf("%q: suggestion %s scores %v, as much as a match", text, m.Entry.ID, m.Score)
			}
			out = append(out, m.Entry.ID)
		}
		return out
	}
	gmail := "535-5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials"
	// Another provider's reply: nothing of Exchange is near it; the result names the provider.
	if got, r := ids(gmail), c.Match(gmail); len(got) != 0 || r.OtherProvider != "Google" {
		t.Errorf("Gmail's 535: suggestions %v, provider %q", got, r.OtherProvider)
	}
	postfix := "535 5.7.8 Error: authentication failed: authentication failure"
	if got := ids(postfix); len(got) == 0 || len(got) > maxSuggestions || !containsAll(entryIDsWithBasic(c, "535"), got) {
		t.Errorf("an unnamed server's 535: suggestions %v, want Exchange's 535 entries", got)
	}
	if r := c.Match(gmail + " smtp.office365.com"); r.OtherProvider != "" {
		t.Errorf("a text tied to Microsoft is not another provider's: %q", r.OtherProvider)
	}
	if got := ids("le jeton de l'imprimante a expiré"); len(got) == 0 {
		t.Error("no suggestion for a sentence about the printer's token")
	}
	for _, text := range []string{"Erreur 0x80070005 : accès refusé au dossier partagé", "AADSTS7000218", "   "} {
		if got := ids(text); len(got) > 0 {
			t.Errorf("%q: suggestions %v, want none", text, got)
		}
	}
}

// entryIDsWithBasic lists the entries whose SMTP codes have that basic code.
func entryIDsWithBasic(c *Catalog, basic string) []string {
	var out []string
	for _, e := range c.Entries {
		for _, code := range e.Codes {
			if len(code) > 8 && code[:8] == "SMTP "+basic {
				out = append(out, e.ID)
			}
		}
	}
	return out
}
