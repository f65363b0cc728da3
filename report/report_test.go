package report

import (
	"strings"
	"testing"
	"time"

	"mfp365/checks"
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
	for _, lang := range []string{"fr", "en"} {
		var out strings.Builder
		err := Write(&out, i18n.NewTranslator(b, lang), Report{When: time.Date(2026, 11, 21, 9, 12, 0, 0, time.UTC), Test: &Test{
			Host: "smtp.office365.com", Port: 587, User: "scan@contoso.fr", Status: checks.Fail,
			Steps:      []checks.Step{{ID: "tcp", Status: checks.Fail, Detail: "<script>alert(1)</script>", Codes: []string{"check:tcp-timeout"}}},
			Transcript: "<-  220 <b>ready</b>"}})
		if err != nil {
			t.Fatal(err)
		}
		html := out.String()
		if strings.Contains(html, "<script>") || strings.Contains(html, "<b>ready") {
			t.Errorf("%s: content not escaped", lang)
		}
		for _, want := range []string{`<html lang="` + lang + `">`, "smtp.office365.com:587", "check:tcp-timeout", "2026-11-21 09:12:00"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: lacks %q", lang, want)
			}
		}
		if strings.Contains(html, "report.") || strings.Contains(html, "step.") {
			t.Errorf("%s: a message ID leaked into the report", lang)
		}
	}
}
