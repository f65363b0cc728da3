package i18n_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"mfp365/checks"
	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/kb"
)

// messageIDs reads the IDs of one interface message file.
func messageIDs(t *testing.T, lang string) map[string]bool {
	data, err := os.ReadFile(filepath.Join("locales", lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	ids := map[string]bool{}
	for id := range m {
		ids[id] = true
	}
	return ids
}

// usedIDs finds the message IDs written literally in the sources (tr.T("id"), tr.N("id"),
// and usage errors), and adds the IDs built from the catalog's kinds, groups and vendors.
func usedIDs(t *testing.T) map[string]bool {
	used := map[string]bool{}
	lit := regexp.MustCompile(`\.(?:T|N)\("([a-z_.-]+[a-z_])"|usageError\{"([a-z_.]+)"`)
	for _, dir := range []string{"../cli", "../gui", "../kb", "../report"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range lit.FindAllStringSubmatch(string(data), -1) {
				used[m[1]+m[2]] = true
			}
		}
	}
	for _, k := range []kb.Kind{kb.KindError, kb.KindWarning, kb.KindInfo} {
		used["kind."+string(k)] = true
	}
	for _, g := range kb.Groups {
		used["group."+g] = true
	}
	for _, v := range kb.Vendors {
		used["vendor."+v] = true
	}
	for _, c := range checks.Clouds {
		used["cloud."+c.Name] = true
	}
	for _, st := range []signin.Status{signin.StatusOK, signin.StatusError, signin.StatusExpired, signin.StatusDeclined, signin.StatusCancelled} {
		used["signin.status."+string(st)] = true
		used["signin.status.ok_warnings"] = true
	}
	for _, id := range []string{"dns", "tcp", "greeting", "starttls", "ehlo", "auth", "mail", "rcpt", "data", "quit", "https", "clock", "mx", "spf", "basic"} {
		used["step."+id] = true
	}
	used["test.status.pass"], used["test.status.fail"] = true, true
	for _, id := range []string{"printer", "route", "prepare", "signin", "test", "configure", "done"} {
		used["assistant.step."+id] = true
	}
	for _, st := range []string{"pass", "fail", "warn", "skip"} {
		used["status."+st] = true
	}
	for _, st := range []signin.Stage{signin.StageTenant, signin.StageCode, signin.StageWaiting, signin.StageVerify, signin.StageFinished} {
		used["signin.stage."+string(st)] = true
	}
	for _, w := range []signin.Warning{signin.WarnNoSMTPSend, signin.WarnOtherTenant, signin.WarnNotSender, signin.WarnGraphMissing} {
		used["signin.warn."+string(w)] = true
	}
	return used
}

// TestCompleteness: every interface message is in French and in English, every message the
// code uses exists, and every catalog text renders in both languages.
func TestCompleteness(t *testing.T) {
	fr, en := messageIDs(t, "fr"), messageIDs(t, "en")
	for id := range fr {
		if !en[id] {
			t.Errorf("%s: in fr.json, missing from en.json", id)
		}
	}
	for id := range en {
		if !fr[id] {
			t.Errorf("%s: in en.json, missing from fr.json", id)
		}
	}
	used := usedIDs(t)
	if len(used) < 20 {
		t.Fatalf("found only %d message IDs in the sources: the scan is broken", len(used))
	}
	var missing []string
	for id := range used {
		if !fr[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("used in the code but missing from the message files: %v", missing)
	}

	cat, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	b, err := i18n.NewBundle(cat)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Supported {
		tr := i18n.NewTranslator(b, lang)
		data := map[string]any{"Command": "x", "Flag": "x", "Value": "x", "Error": "x", "Limit": "x", "Codes": "x", "Count": 2, "Size": 3, "Args": "x", "URL": "x", "Code": "x", "Expires": "x", "Path": "x", "Status": 200, "Account": "x", "Cloud": "x", "Time": "x", "Host": "x", "Port": 587, "Version": "x", "Timeout": "x", "Address": "x", "Vendor": "x", "Model": "x", "Mailbox": "x", "Field": "x", "Route": "x", "Printer": "x", "Source": "x", "Audience": "x", "Scope": "x", "Tenant": "x", "App": "x", "Client": "x", "EHLO": "x", "TLS": "x", "Auth": "x", "From": "x", "Findings": "x", "Addresses": "x", "Addr": "x", "Day": 2, "Month": "x", "Year": 2026, "Total": 6, "Done": "1, 2", "Provider": "x", "Max": 4, "Step": "x"}
		for id := range fr {
			if s := tr.T(id, data); s == id || strings.Contains(s, "<no value>") {
				t.Errorf("%s %s renders %q", lang, id, s)
			}
		}
		for _, e := range cat.Entries {
			p := e.Render(tr, kb.Details{}, 1)
			if strings.HasPrefix(p.Title, "kb.") || strings.HasPrefix(p.Cause, "kb.") {
				t.Errorf("%s %s: text missing", lang, e.ID)
			}
		}
	}
}

// TestChoose: explicit choice, then saved preference, then system language, then French.
func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		explicit, saved string
		system          []string
		want            string
	}{
		{"", "", nil, "fr"},
		{"", "", []string{"de_DE.UTF-8", "en_US.UTF-8"}, "en"},
		{"", "en", []string{"fr-FR"}, "en"},
		{"FR", "en", nil, "fr"},
		{"", "", []string{"C"}, "fr"},
		{"", "xx", []string{"en-GB"}, "en"},
	} {
		if got := i18n.Choose(tc.explicit, tc.saved, tc.system...); got != tc.want {
			t.Errorf("Choose(%q, %q, %q) = %q, want %q", tc.explicit, tc.saved, tc.system, got, tc.want)
		}
	}
}

// TestWhen: dates as people read them, the first of the month in French included.
func TestWhen(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang string
		when time.Time
		want string
	}{
		{"fr", time.Date(2026, 11, 30, 14, 2, 0, 0, time.UTC), "30 novembre 2026 à 14:02"},
		{"fr", time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC), "1er décembre 2026 à 09:05"},
		{"en", time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC), "December 1, 2026 at 09:05"},
	} {
		if got := i18n.NewTranslator(b, tc.lang).When(tc.when); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.lang, tc.when, got, tc.want)
		}
	}
}
