package kb

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The glossary of the French texts (expert review): one word for each thing, the one
// Microsoft's French interfaces and the seeds use. A term is checked in running text only:
// screen labels in « » or [ ] (with the English label that follows them in parentheses),
// `commands`, {{templates}}, addresses and host names are quoted as the screen or the
// command writes them (Epson's Web Config really says « Service de courriel »).
var glossary = []struct {
	lang  string // "fr", "en" or "" for both
	bad   *regexp.Regexp
	write string
}{
	{"fr", regexp.MustCompile(`(?i)\badministrat\w+ globa(l|le|les|ux)\b`), "« administrateur général » (Microsoft's French name of Global Administrator)"},
	{"fr", regexp.MustCompile(`(?i)\bglobal(e|es|aux)?\b`), "« général » for the role (« administrateur général »)"},
	{"fr", regexp.MustCompile(`(?i)\bfirmware\b`), "« micrologiciel »"},
	{"fr", regexp.MustCompile(`(?i)\bscans? de test\b`), "« numérisation »"},
	{"fr", regexp.MustCompile(`(?i)\bcourriels?\b`), "« e-mail »"},
	{"fr", regexp.MustCompile(`(?i)(^|[^\p{L}\-.@])mails?\b`), "« e-mail » (not « mail » alone)"},
	{"fr", regexp.MustCompile(`(?i)\btests? de connexion\b`), "« test d'envoi » (« connexion » is the Microsoft 365 sign-in only)"},
	{"fr", regexp.MustCompile(`(?i)\bbo[iî]tes? qui se connecte`), "« boîte d'envoi »"},
	{"en", regexp.MustCompile(`\b(licence|organisation|authoris|recognis|analys(e|ed|ing)\b|cancelled|dialogue|untick|ticked)`), "US spelling (license, organization, authorize, recognize, analyze, canceled, dialog, select/clear)"},
	{"", regexp.MustCompile(`Cloud App Security`), "Microsoft Defender for Cloud Apps (the product's name since 2021)"},
}

var (
	quotedLabel = regexp.MustCompile(`«[^»]*»(\s*\([^)]*\))?|\[[^\]]*\](\s*\([^)]*\))?`)
	notProse    = regexp.MustCompile("`[^`]*`|\\{\\{[^}]*\\}\\}|https?://\\S+|\\b[\\w-]+(\\.[\\w-]+)+\\b")
	// Microsoft's English role name, given after the French one: « administrateur général (Global Administrator) ».
	englishRole = regexp.MustCompile(`\(?Global Administrator\)?`)
	// SMTP's own commands, as the dialogue writes them.
	smtpCommand = regexp.MustCompile(`\bMAIL FROM\b`)
)

// prose keeps the running text of s: what the glossary applies to.
func prose(s string) string {
	s = quotedLabel.ReplaceAllString(s, " ")
	s = notProse.ReplaceAllString(s, " ")
	s = smtpCommand.ReplaceAllString(s, " ")
	return englishRole.ReplaceAllString(s, " ")
}

// glossaryFaults returns, for one text, the glossary terms it breaks.
func glossaryFaults(lang, s string) []string {
	var faults []string
	p := prose(s)
	for _, g := range glossary {
		if g.lang != "" && g.lang != lang {
			continue
		}
		if m := g.bad.FindString(p); m != "" {
			faults = append(faults, strings.TrimSpace(m)+" -> "+g.write)
		}
	}
	return faults
}

// TestGlossary: every entry and every guide keeps to the glossary, in French (and in English
// for the product names).
func TestGlossary(t *testing.T) {
	c := catalog(t)
	check := func(where, lang string, texts []string) {
		for _, s := range texts {
			for _, f := range glossaryFaults(lang, s) {
				t.Errorf("%s %s: %s in %q", where, lang, f, s)
			}
		}
	}
	for _, e := range c.Entries {
		for lang, tx := range map[string]*Text{"fr": &e.FR, "en": &e.EN} {
			all := append([]string{tx.Title, tx.Cause}, tx.Actions...)
			for _, steps := range tx.VendorSteps {
				all = append(all, steps...)
			}
			check(e.file+" "+e.ID, lang, all)
		}
	}
	for _, g := range c.Guides() {
		for lang, tx := range map[string]*GuideText{"fr": &g.FR, "en": &g.EN} {
			all := append(append(append([]string{tx.Title, tx.Intro}, tx.Steps...), tx.Checks...), tx.Notes...)
			check("guides/"+g.Key, lang, all)
		}
	}
}

// TestGlossaryRules: the checker itself.
func TestGlossaryRules(t *testing.T) {
	for _, tc := range []struct {
		lang, text string
		faults     int
	}{
		{"fr", "Connectez-vous avec un compte administrateur global.", 2},
		{"fr", "Saisissez un compte administrateur général (Global Administrator).", 0},
		{"fr", "Mettez à jour le firmware de l'imprimante.", 1},
		{"fr", "Installez le micrologiciel le plus récent.", 0},
		{"fr", "Envoyez un scan de test.", 1},
		{"fr", "Envoyez un courriel ou un mail de test.", 2},
		{"fr", "Vérifiez que « Service de courriel » vaut « Microsoft Exchange Online » et envoyez un e-mail.", 0},
		{"fr", "Onglet « Courrier » (Mail), serveur smtp-mail.outlook.com, `Get-Mailbox`.", 0},
		{"fr", "L'administrateur Cloud App Security ouvre le portail.", 1},
		{"fr", "Lancez le test de connexion avec la boîte qui se connecte.", 2},
		{"fr", "Lancez le test d'envoi avec la boîte d'envoi.", 0},
		{"en", "The Cloud App Security administrator opens the portal.", 1},
		{"en", "Install the latest firmware and send a test mail.", 0},
		{"en", "The organisation's licence was cancelled.", 1},
		{"en", "The organization's license was canceled.", 0},
	} {
		if got := glossaryFaults(tc.lang, tc.text); len(got) != tc.faults {
			t.Errorf("%s %q: %d faults %q, want %d", tc.lang, tc.text, len(got), got, tc.faults)
		}
	}
}

// TestGlossaryInterface: the window's and the command line's strings keep to the same
// glossary (the command line's help quotes flag values such as --cloud global: not checked).
func TestGlossaryInterface(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		data, err := os.ReadFile("../i18n/locales/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var messages map[string]json.RawMessage
		if err := json.Unmarshal(data, &messages); err != nil {
			t.Fatal(err)
		}
		for id, raw := range messages {
			if strings.HasPrefix(id, "cli.help.") || id == "cli.usage" {
				continue
			}
			var forms map[string]string // plural messages: one text per form
			var one string
			if json.Unmarshal(raw, &one) == nil {
				forms = map[string]string{"": one}
			} else if err := json.Unmarshal(raw, &forms); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			for _, s := range forms {
				for _, f := range glossaryFaults(lang, s) {
					t.Errorf("i18n %s %s: %s in %q", lang, id, f, s)
				}
			}
		}
	}
}
