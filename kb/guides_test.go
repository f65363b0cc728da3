package kb

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"mfp365/i18n"
)

// TestGuideLanguages: every guide has French and English with as many steps, checks and notes,
// a command slot per step when it has commands, and its messages in both languages.
func TestGuideLanguages(t *testing.T) {
	c := catalog(t)
	if len(c.Guides()) < 8 {
		t.Fatalf("only %d guides loaded", len(c.Guides()))
	}
	for _, g := range c.Guides() {
		if len(g.FR.Steps) != len(g.EN.Steps) || len(g.FR.Checks) != len(g.EN.Checks) || len(g.FR.Notes) != len(g.EN.Notes) {
			t.Errorf("%s: French and English differ in length", g.Key)
		}
		if g.Commands != nil && len(g.Commands) != len(g.FR.Steps) {
			t.Errorf("%s: %d commands for %d steps", g.Key, len(g.Commands), len(g.FR.Steps))
		}
		fr, en := g.Render(trFR, GuideData{}), g.Render(trEN, GuideData{})
		if fr.Title == en.Title {
			t.Errorf("%s: French and English titles are the same: %q", g.Key, fr.Title)
		}
		if len(fr.Steps) != len(en.Steps) || len(fr.Commands) != len(en.Commands) || len(fr.Commands) != len(fr.Steps) {
			t.Errorf("%s: rendered lengths differ", g.Key)
		}
		for i := range fr.Commands {
			if fr.Commands[i] != en.Commands[i] {
				t.Errorf("%s: command %d differs between languages", g.Key, i+1)
			}
		}
	}
}

// TestNewGuideMessages: the guides that replaced the signin.printer.* and assistant.prepare.*
// interface messages have their texts in both languages.
func TestNewGuideMessages(t *testing.T) {
	c := catalog(t)
	for _, key := range []string{"signin-epson", "signin-nashuatec", "prepare-smtp", "prepare-graph"} {
		g := c.Guide(key)
		if g == nil || g.Key != key {
			t.Fatalf("guide %s missing", key)
		}
		ids := []string{"title", "intro"}
		for i := range g.FR.Steps {
			ids = append(ids, fmt.Sprintf("step.%d", i+1))
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
	}
}

// TestPrepareSMTP: the mailbox goes into the PowerShell lines, parallel to the steps; an odd
// value is quoted so that pasting it runs nothing else.
func TestPrepareSMTP(t *testing.T) {
	g := catalog(t).Guide("prepare-smtp")
	if g.Key != "prepare-smtp" {
		t.Fatal("prepare-smtp missing")
	}
	for _, tr := range []*struct {
		name string
		r    RenderedGuide
	}{{"fr", g.Render(trFR, GuideData{User: "scan@contoso.fr"})}, {"en", g.Render(trEN, GuideData{User: "scan@contoso.fr"})}} {
		r := tr.r
		want := []string{
			"Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled",
			"Get-CASMailbox -Identity scan@contoso.fr | Format-List SmtpClientAuthenticationDisabled",
			"Set-CASMailbox -Identity scan@contoso.fr -SmtpClientAuthenticationDisabled $false",
			"", "", "",
		}
		if fmt.Sprint(r.Commands) != fmt.Sprint(want) {
			t.Errorf("%s: commands %q, want %q", tr.name, r.Commands, want)
		}
		if !strings.Contains(r.Steps[1], "scan@contoso.fr") || !strings.Contains(r.Steps[3], "scan@contoso.fr") {
			t.Errorf("%s: the mailbox is not in the steps: %q", tr.name, r.Steps)
		}
	}
	if r := g.Render(trFR, GuideData{}); !strings.Contains(r.Commands[1], "-Identity <mailbox> |") {
		t.Errorf("no mailbox: %q", r.Commands[1])
	}
	r := g.Render(trEN, GuideData{User: "o'brien@contoso.fr; Remove-Mailbox x"})
	if want := "Set-CASMailbox -Identity 'o''brien@contoso.fr; Remove-Mailbox x' -SmtpClientAuthenticationDisabled $false"; r.Commands[2] != want {
		t.Errorf("odd mailbox: %q, want %q", r.Commands[2], want)
	}
	// The security-defaults step keeps them on for a printer (expert review).
	steps := strings.Join(g.Render(trFR, GuideData{}).Steps, " ")
	if !strings.Contains(steps, "Laissez les paramètres de sécurité par défaut") || !strings.Contains(steps, "accès conditionnel") {
		t.Error("the security-defaults step must keep them on and name Conditional Access as the only reason to turn them off")
	}
}

func TestPSArg(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"scan@contoso.fr":    "scan@contoso.fr",
		"first.last+scan@x":  "first.last+scan@x",
		"-Confirm":           "'-Confirm'",
		"a b":                "'a b'",
		"$(calc)":            "'$(calc)'",
		"o\u2019brien@x":     "'o\u2019\u2019brien@x'",
		"a\nb":               "'ab'",
		"Scanner Accueil 2e": "'Scanner Accueil 2e'",
	} {
		if got := psArg(in); got != want {
			t.Errorf("psArg(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSignInGuides: the printer's own sign-in steps send the reader to the chosen cloud's page.
func TestSignInGuides(t *testing.T) {
	c := catalog(t)
	for _, key := range []string{"signin-epson", "signin-nashuatec"} {
		for _, tr := range []*i18n.Translator{trFR, trEN} {
			r := c.Guide(key).Render(tr, GuideData{DeviceLogin: "https://microsoft.com/deviceloginus"})
			if !strings.Contains(strings.Join(r.Steps, " "), "https://microsoft.com/deviceloginus") {
				t.Errorf("%s %s: the device login page is not in the steps", key, tr.Lang)
			}
		}
	}
}

// TestSources: every entry and guide names seed files that exist (checked against
// ../shared/seeds beside the clone when it is at hand, as in CI).
func TestSources(t *testing.T) {
	c := catalog(t)
	seeds, _ := filepath.Glob("../../shared/seeds/[0-9][0-9][0-9]_*.txt")
	if len(seeds) == 0 {
		t.Skip("seeds not beside the clone")
	}
	have := map[string]bool{}
	for _, s := range seeds {
		have[filepath.Base(s)] = true
	}
	for _, e := range c.Entries {
		for _, s := range e.Sources {
			if !have[s] && !strings.HasPrefix(s, "https://") {
				t.Errorf("entry %s: no seed %s", e.ID, s)
			}
		}
	}
	for _, g := range c.Guides() {
		if len(g.Sources) == 0 {
			t.Errorf("guide %s: no sources", g.Key)
		}
		for _, s := range g.Sources {
			if !have[s] && !strings.HasPrefix(s, "https://") {
				t.Errorf("guide %s: no seed %s", g.Key, s)
			}
		}
	}
}

// TestGuideLoader: guides load from the same folder as the entries, and a broken guide is
// refused with its file named.
func TestGuideLoader(t *testing.T) {
	entry := `[{"id": "x-one", "group": "exchange", "kind": "error", "codes": ["SMTP 535"], "sources": ["001_d27145df6c83e5f3.txt"],
		"fr": {"title": "t", "cause": "c", "actions": ["a"]}, "en": {"title": "t", "cause": "c", "actions": ["a"]}}]`
	guide := func(extra string) string {
		return `{"key": "g", "sources": ["001_d27145df6c83e5f3.txt"]` + extra + `,
			"fr": {"title": "T", "intro": "I", "steps": ["un {{.User}}", "deux"]},
			"en": {"title": "T", "intro": "I", "steps": ["one {{.User}}", "two"]}}`
	}
	load := func(g string) (*Catalog, error) {
		return LoadFS(fstest.MapFS{"kb/a.json": {Data: []byte(entry)}, "kb/guides/g.json": {Data: []byte(g)}}, "kb")
	}
	c, err := load(guide(`, "commands": ["Get-Mailbox {{.User}}", ""]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) != 1 || len(c.Guides()) != 1 || c.Guide("g").Commands[0] != "Get-Mailbox {{.User}}" {
		t.Fatalf("loaded %d entries, %d guides", len(c.Entries), len(c.Guides()))
	}
	for name, bad := range map[string]string{
		"commands":      guide(`, "commands": ["Get-Mailbox"]`),
		"field":         guide(`, "commands": ["Get-Mailbox {{.Mailbox}}", ""]`),
		"unknown field": guide(`, "command": ["x", ""]`),
		"source":        strings.Replace(guide(""), "001_d27145df6c83e5f3.txt", "epson.pdf", 1),
		"no source":     strings.Replace(guide(""), `"001_d27145df6c83e5f3.txt"`, "", 1),
		"key":           strings.Replace(guide(""), `"key": "g"`, `"key": "h"`, 1),
		"steps":         strings.Replace(guide(""), `"two"`, `"two", "three"`, 1),
	} {
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "guides/g.json") {
			t.Errorf("%s: want an error naming guides/g.json, got %v", name, err)
		}
	}
	for what, sources := range map[string]string{"not a seed file name nor an https address": `["seed 1"]`, "missing": `[]`} {
		badEntry := strings.Replace(entry, `"sources": ["001_d27145df6c83e5f3.txt"]`, `"sources": `+sources, 1)
		if _, err := LoadFS(fstest.MapFS{"kb/a.json": {Data: []byte(badEntry)}}, "kb"); err == nil {
			t.Errorf("an entry whose source is %s must be refused", what)
		}
	}
	if _, err := os.Stat("../assets/guides.json"); err == nil {
		t.Error("assets/guides.json is back: guides live in assets/kb/guides/")
	}
}
