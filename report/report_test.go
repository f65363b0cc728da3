package report

import (
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mfp365/checks"
	"mfp365/flows/conntest"
	"mfp365/flows/listen"
	"mfp365/i18n"
	"mfp365/kb"
)

func TestWriteTestEscapesAndLocalizes(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	b, err := i18n.NewBundle(cat)
	if err != nil {
		t.Fatal(err)
	}
	summary := map[string]string{"fr": "Le serveur ne répond pas dans le délai.", "en": "The server did not answer in time."}
	date := map[string]string{"fr": "21 novembre 2026 à 09:12", "en": "November 21, 2026 at 09:12"}
	for _, lang := range []string{"fr", "en"} {
		var out strings.Builder
		err := Write(&out, i18n.NewTranslator(b, lang), cat, Report{When: time.Date(2026, 11, 21, 9, 12, 0, 0, time.UTC), Test: TestOf(
			conntest.Config{Host: "smtp.office365.com", Port: 587, User: "scan@contoso.fr"}, conntest.Result{Status: checks.Fail,
				Steps: []checks.Step{{ID: "dns", Status: checks.Pass, Detail: "52.98.152.178"},
					{ID: "tcp", Status: checks.Fail, Detail: "<script>alert(1)</script>", Codes: []string{"check:tcp-timeout"}, Reason: "timeout"}}},
			"<-  220 <b>ready</b>")})
		if err != nil {
			t.Fatal(err)
		}
		html := out.String()
		if strings.Contains(html, "check:") {
			t.Errorf("%s: a check code is shown to people", lang)
		}
		if strings.Contains(html, "<script>") || strings.Contains(html, "<b>ready") {
			t.Errorf("%s: content not escaped", lang)
		}
		for _, want := range []string{`<html lang="` + lang + `">`, "smtp.office365.com:587", date[lang],
			template.HTMLEscapeString(summary[lang]), `<div class="raw">&lt;script&gt;alert(1)&lt;/script&gt;</div>`, "<td>52.98.152.178</td>"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: lacks %q", lang, want)
			}
		}
		// The summary comes first, the raw text after it; a step without a reason has no raw line.
		if strings.Index(html, template.HTMLEscapeString(summary[lang])) > strings.Index(html, `<div class="raw">`) ||
			strings.Count(html, `<div class="raw">`) != 1 {
			t.Errorf("%s: summary and raw detail misplaced", lang)
		}
		if strings.Contains(html, "report.") || strings.Contains(html, "step.") || strings.Contains(html, "reason.") {
			t.Errorf("%s: a message ID leaked into the report", lang)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGoldenSession: the structure of a whole session's report, against testdata (run with
// -update after a deliberate change, and read the diff).
func TestGoldenSession(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := i18n.NewBundle(cat)
	tr := i18n.NewTranslator(b, "fr")
	var out strings.Builder
	err = Write(&out, tr, cat, Report{When: time.Date(2026, 11, 21, 9, 12, 0, 0, time.UTC), Chosen: "192.0.2.20",
		TenantID: "aaaabbbb-0000-cccc-1111-dddd2222eeee", Cloud: "global", Account: "scan@contoso.fr", SignIn: "ok",
		Printers: []PrinterRow{{Address: "192.0.2.20", Hostname: "EPSON1A2B3C", Vendor: "Epson", Model: "WF-C5790 Series", Serial: "X4ZZ012345",
			AdminURL: "http://192.0.2.20/", Sources: []string{"mdns", "snmp"}}},
		Test: TestOf(conntest.Config{Host: "smtp.office365.com", Port: 587, User: "scan@contoso.fr"}, conntest.Result{Status: checks.Fail,
			Steps: []checks.Step{{ID: "dns", Status: checks.Pass, Duration: 18 * time.Millisecond, Detail: "52.98.152.178"},
				{ID: "auth", Status: checks.Fail, Duration: 388 * time.Millisecond, Codes: []string{"SMTP 535 5.7.139"},
					Answer: "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant."},
				{ID: "https", Status: checks.Fail, Duration: 3 * time.Millisecond, Codes: []string{"check:https-unreachable"}, Reason: "dns-not-found",
					Detail: `Get "https://login.microsoftonline.com/": dial tcp: lookup login.microsoftonline.com on 192.0.2.53:53: no such host`}}},
			" ~> AUTH XOAUTH2 <redacted>\n<~  535 5.7.139 Authentication unsuccessful")})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "session.golden.html")
	if *update {
		if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./report -run Golden -update)", err)
	}
	if out.String() != string(want) {
		t.Errorf("the report differs from %s (run with -update after a deliberate change)", golden)
	}
}

// TestListenedCountsAndTokens: the report says what the listener counted without keeping, a
// cut message, and a token without expiry, with no year 1.
func TestListenedCountsAndTokens(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := i18n.NewBundle(cat)
	tr := i18n.NewTranslator(b, "fr")
	sessions := []listen.Session{{Client: "192.0.2.20:5000", EHLO: "EPSON", Auth: "login", Size: 2090, Cut: true, Findings: []string{"check:listen-basic-auth"}}}
	tally := listen.Tally{More: 3, Refused: 2, Findings: map[string]int{"check:listen-basic-auth": 3}}
	var out strings.Builder
	if err := Write(&out, tr, cat, Report{When: time.Now(), Listened: sessions, ListenTally: tally}); err != nil {
		t.Fatal(err)
	}
	html := out.String()
	for _, want := range []string{"3 sessions de plus ont été vues après les 200 premières", "L&#39;imprimante envoie un mot de passe\u00a0: cela s&#39;arrêtera fin décembre 2026 (3)",
		"2 tentatives d&#39;envoi ont été refusées", "2090 (message interrompu"} {
		if !strings.Contains(html, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if s := TokenText(tr, &listen.Token{Audience: "https://outlook.office.com"}); !strings.Contains(s, "sans date d'expiration") || strings.Contains(s, "0001") {
		t.Errorf("a token without exp: %q", s)
	}
}

// TestNoRawControlsInTheFile: a server's escape sequence or bidirectional override in the
// dialogue is written escaped, never as raw bytes in the HTML file.
func TestNoRawControlsInTheFile(t *testing.T) {
	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := i18n.NewBundle(cat)
	run := TestOf(conntest.Config{Host: "smtp.example.com", Port: 587}, conntest.Result{Status: checks.Pass}, "<-  220 \x1b[2J\u202eready\u0085\n")
	var out strings.Builder
	if err := Write(&out, i18n.NewTranslator(b, "en"), cat, Report{When: time.Now(), Test: run}); err != nil {
		t.Fatal(err)
	}
	if html := out.String(); strings.ContainsAny(html, "\x1b\u202e\u0085") || !strings.Contains(html, `\x1b[2J\u202eready\u0085`) {
		t.Errorf("raw controls in the report: %q", html[strings.Index(html, "220"):][:60])
	}
}
