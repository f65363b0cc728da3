package kb

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"text/template"

	"mfp365/i18n"
)

// TestCatalog loads the embedded catalog (which checks every entry) and renders every text of
// every entry in both languages, with and without details, to catch broken templates.
//
// With -file=PATH it checks that one catalog file alone:
// go test ./kb -run TestCatalog -args -file=$PWD/assets/kb/entra-1.json
func TestCatalog(t *testing.T) {
	c, err := Load()
	if *catalogFile != "" {
		var data []byte
		if data, err = os.ReadFile(*catalogFile); err == nil {
			c, err = LoadFS(fstest.MapFS{filepath.Base(*catalogFile): {Data: data}}, ".")
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) == 0 {
		t.Fatal("empty catalog")
	}
	full := map[string]string{"TenantID": "contoso.onmicrosoft.com", "ClientID": "00001111-aaaa-2222-bbbb-3333cccc4444",
		"User": "scan@contoso.com", "Server": "smtp.office365.com", "CorrelationID": "aaaa0000-bb11-2222-33cc-444444dddddd"}
	empty := map[string]string{"TenantID": "", "ClientID": "", "User": "", "Server": "", "CorrelationID": ""}
	for _, e := range c.Entries {
		for _, lang := range []struct {
			name string
			text *Text
		}{{"fr", &e.FR}, {"en", &e.EN}} {
			all := append([]string{lang.text.Title, lang.text.Cause}, lang.text.Actions...)
			for _, steps := range lang.text.VendorSteps {
				all = append(all, steps...)
			}
			for _, s := range all {
				for _, data := range []map[string]string{full, empty} {
					tmpl, err := template.New("").Option("missingkey=error").Parse(s)
					if err != nil {
						t.Errorf("%s %s %s: %v", e.file, e.ID, lang.name, err)
						break
					}
					var b strings.Builder
					if err := tmpl.Execute(&b, data); err != nil {
						t.Errorf("%s %s %s: %v", e.file, e.ID, lang.name, err)
						break
					}
					if out := b.String(); strings.TrimSpace(out) == "" {
						t.Errorf("%s %s %s: a text renders empty", e.file, e.ID, lang.name)
					}
				}
			}
		}
	}
}

var catalogFile = flag.String("file", "", "check only this catalog file")

// TestGuides: every guide renders in both languages, with and without what is known.
func TestGuides(t *testing.T) {
	catalog(t)
	for _, key := range []string{"epson", "nashuatec", "webtools", "generic", "signin-epson", "signin-nashuatec", "prepare-smtp", "prepare-graph"} {
		g := testCat.Guide(key)
		if g == nil || g.Key != key {
			t.Fatalf("guide %s missing", key)
		}
		for _, tr := range []*i18n.Translator{trFR, trEN} {
			for _, d := range []GuideData{{}, {AdminURL: "http://192.0.2.10/", Server: "smtp.office365.com", Port: "587", Security: "STARTTLS",
				User: "scan@contoso.fr", TenantID: "contoso.onmicrosoft.com", ClientID: "00001111-aaaa-2222-bbbb-3333cccc4444", DeviceLogin: "https://microsoft.com/devicelogin"}} {
				r := g.Render(tr, d)
				if len(r.Commands) != len(r.Steps) {
					t.Errorf("%s %s: %d commands for %d steps", key, tr.Lang, len(r.Commands), len(r.Steps))
				}
				all := append(append(append([]string{r.Title, r.Intro}, r.Steps...), r.Checks...), r.Notes...)
				for _, s := range all {
					if s == "" || strings.HasPrefix(s, "guide.") || strings.Contains(s, "<no value>") {
						t.Errorf("%s %s: %q", key, tr.Lang, s)
					}
				}
			}
		}
	}
	if testCat.Guide("nope").Key != "generic" {
		t.Error("an unknown vendor must get the generic guide")
	}
	if r := testCat.Guide("epson").Render(trFR, GuideData{AdminURL: "http://192.0.2.10/"}); !strings.Contains(strings.Join(r.Steps, " "), "http://192.0.2.10/") {
		t.Error("the admin URL is not filled into the Epson steps")
	}
}
