package kb

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMatch feeds the matcher arbitrary text: it must not panic, must report only codes in
// normalized form, scores within (0, 1], and details that are valid UTF-8.
func FuzzMatch(f *testing.F) {
	c := catalog(f)
	for _, seed := range []string{
		"AADSTS7000218", `{"error":"invalid_client","error_codes":[7000218]}`, "invalid_client: 7000218",
		"535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.",
		"(535, b'5.7.139 Authentication unsuccessful')", "535: 5.7.3", "permanent error (535): 5.7.3",
		"AADSTS700\n016", "Correlation ID: aaaa0000-bb11-2222-3\n3cc-444444dddddd", "&#39;&amp;quot;\\u0027\\\\n",
		"Code d'erreur : 361", "5.7.3 Authentication unsuccessful", "error_codes\":[", "aadsts", "smtp 5", "535-5.7.8 Username and Password not accepted", "le jeton de l'imprimante a expiré", "invalid_grant",
	} {
		f.Add(seed)
	}
	shape := regexp.MustCompile(`^(AADSTS\d{4,8}|SMTP [245]\d\d( [245]\.\d{1,3}\.\d{1,3})?|SMTP [45]\.\d{1,3}\.\d{1,3}|EPSON \d{3}|oauth:[a-z_]+|check:[a-z0-9-]+|[A-Z]{2}\d{5})$`)
	f.Fuzz(func(t *testing.T, text string) {
		r := c.Match(text)
		for _, code := range r.Codes {
			if !shape.MatchString(code) {
				t.Errorf("code %q not normalized", code)
			}
		}
		for _, m := range r.Matches {
			if m.Score <= 0 || m.Score > 1 {
				t.Errorf("score %v", m.Score)
			}
		}
		sugg := c.Suggest(text, r)
		if len(sugg) > maxSuggestions || len(sugg) > 0 && len(r.Matches) > 0 {
			t.Errorf("%d suggestions beside %d matches", len(sugg), len(r.Matches))
		}
		for _, m := range sugg {
			if m.Score <= 0 || m.Score >= scorePrefix {
				t.Errorf("suggestion score %v", m.Score)
			}
		}
		for _, v := range []string{r.Details.TenantID, r.Details.ClientID, r.Details.User, r.Details.Server} {
			if !utf8.ValidString(v) || strings.ContainsAny(v, "\n\r") {
				t.Errorf("detail %q", v)
			}
		}
	})
}
