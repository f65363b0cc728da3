package kb

import (
	"strings"
	"testing"
)

// TestSituations: every entry is listed once, its variants in one row, the printer makers'
// situations first in their group, and the search finds by code and word.
func TestSituations(t *testing.T) {
	cat := catalog(t)
	all := cat.Situations(trFR)
	// Every entry is listed; a situation is one row in its group, its variants together.
	listed, perGroup := map[*Entry]bool{}, map[string]bool{}
	group := ""
	for _, r := range all {
		if r.Entries == nil {
			group = r.Heading
			continue
		}
		if perGroup[group+"|"+r.Title] {
			t.Errorf("%s: %q listed twice", group, r.Title)
		}
		perGroup[group+"|"+r.Title] = true
		for _, c := range r.Codes {
			if strings.HasPrefix(c, "check:") || strings.HasPrefix(c, "oauth:") {
				t.Errorf("%q shows the kb's own code %s", r.Title, c)
			}
		}
		for _, e := range r.Entries {
			listed[e] = true
		}
	}
	if len(listed) != len(cat.Entries) {
		t.Fatalf("list shows %d entries, catalog has %d", len(listed), len(cat.Entries))
	}
	if n := CountSituations(all); n != len(perGroup) || n >= len(cat.Entries) {
		t.Errorf("count %d, rows %d, entries %d", n, len(perGroup), len(cat.Entries))
	}
	// AADSTS7000218 stands in Microsoft Entra and in WebTools Express, whose document lists it.
	rows := FilterSituations(all, "7000218")
	if CountSituations(rows) != 2 || rows[0].Entries != nil || rows[1].Entries[0].ID != "entra-public-client-flows" {
		t.Errorf("filter 7000218: %+v", rows)
	}
	variants := 0
	for _, r := range all {
		if r.Title == "Le code de connexion a expiré" {
			variants = len(r.Entries)
		}
	}
	if variants < 2 {
		t.Errorf("the variants of an expired code are not one row: %d", variants)
	}
	// In each group, the situations the printer makers' documents describe come first:
	// Microsoft Entra starts with the codes the Epson and WebTools Express guides name.
	for i, r := range all {
		if r.Heading == "Epson" || r.Heading == "Microsoft Entra (connexion)" {
			if next := all[i+1]; makersFirst(next.Entries[0]) != 0 {
				t.Errorf("%s starts with %s, which no printer maker's document names", r.Heading, next.Entries[0].ID)
			}
		}
	}
	// The WebTools Express group lists the six messages of its document.
	webtools := 0
	for _, e := range cat.Entries {
		if e.InGroup("webtools") {
			webtools++
		}
	}
	if webtools != 6 {
		t.Errorf("WebTools Express group lists %d entries, want 6", webtools)
	}
	if rows := FilterSituations(all, "5.7.139 tenant"); CountSituations(rows) == 0 {
		t.Error("filter by code and word found nothing")
	}
}
