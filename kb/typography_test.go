package kb

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

// French typography: a non-breaking space (U+00A0) before « : » and inside « », a narrow one
// (U+202F) before « ; ? ! », never a plain space there, so that no line of the window, the
// report or the command line starts with the punctuation.
var (
	plainSpaceBefore = regexp.MustCompile(` [:;?!»]`)
	plainSpaceAfter  = regexp.MustCompile(`« `)
)

// typographyFaults returns the places where s has a plain space the rule forbids.
func typographyFaults(s string) []string {
	faults := plainSpaceBefore.FindAllString(s, -1)
	return append(faults, plainSpaceAfter.FindAllString(s, -1)...)
}

// frenchTexts is every French text of the knowledge base and of the interface, by where it is.
func frenchTexts(t *testing.T) map[string][]string {
	c := catalog(t)
	texts := map[string][]string{}
	for _, e := range c.Entries {
		all := append([]string{e.FR.Title, e.FR.Cause}, e.FR.Actions...)
		for _, steps := range e.FR.VendorSteps {
			all = append(all, steps...)
		}
		texts[e.file+" "+e.ID] = all
	}
	for _, g := range c.Guides() {
		texts["guides/"+g.Key] = append(append(append([]string{g.FR.Title, g.FR.Intro}, g.FR.Steps...), g.FR.Checks...), g.FR.Notes...)
	}
	data, err := os.ReadFile("../i18n/locales/fr.json")
	if err != nil {
		t.Fatal(err)
	}
	var messages map[string]json.RawMessage
	if err := json.Unmarshal(data, &messages); err != nil {
		t.Fatal(err)
	}
	for id, raw := range messages {
		var one string
		forms := map[string]string{}
		if json.Unmarshal(raw, &one) == nil {
			forms[""] = one
		} else if err := json.Unmarshal(raw, &forms); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		for _, s := range forms {
			texts["i18n "+id] = append(texts["i18n "+id], s)
		}
	}
	return texts
}

// TestFrenchTypography: no French text of the interface, the knowledge base or the guides has
// a plain space before « : ; ? ! » or inside « ».
func TestFrenchTypography(t *testing.T) {
	n := 0
	for where, texts := range frenchTexts(t) {
		for _, s := range texts {
			n++
			if f := typographyFaults(s); len(f) > 0 {
				t.Errorf("%s: plain space in %q: %q", where, f, s)
			}
		}
	}
	if n < 3000 {
		t.Errorf("only %d French texts read", n)
	}
}

func TestTypographyRule(t *testing.T) {
	for _, tc := range []struct {
		text   string
		faults int
	}{
		{"Que voulez-vous faire ?", 1},
		{"Que voulez-vous faire\u202f?", 0},
		{"Cause : « OK » ; voir !", 5},
		{"Cause\u00a0: «\u00a0OK\u00a0»\u202f; voir\u202f!", 0},
		{"https://aka.ms/x?y=1 à 14:02", 0},
	} {
		if got := typographyFaults(tc.text); len(got) != tc.faults {
			t.Errorf("%q: %d faults %q, want %d", tc.text, len(got), got, tc.faults)
		}
	}
}
