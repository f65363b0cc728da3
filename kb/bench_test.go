package kb

import (
	"strings"
	"testing"
)

// paste2K is a realistic 2 KB paste: a token endpoint error body inside a printer log.
var paste2K = func() string {
	body := `2024-01-09 02:02:12 [oauth] POST https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token -> 400 ` +
		`{"error":"invalid_client","error_description":"AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2024-01-09 02:02:12Z","error_codes":[7000218],"timestamp":"2024-01-09 02:02:12Z","trace_id":"0000aaaa-11bb-cccc-dd22-eeeeee333333","correlation_id":"aaaa0000-bb11-2222-33cc-444444dddddd","error_uri":"https://login.microsoftonline.com/error?code=7000218"}` + "\n"
	s := body
	for len(s) < 2048 {
		s += "2024-01-09 02:02:13 [smtp] connect smtp.office365.com:587 ok; EHLO printer; STARTTLS; retry scheduled\n"
	}
	return s[:2048]
}()

func BenchmarkMatch2K(b *testing.B) {
	c := catalog(b)
	b.SetBytes(int64(len(paste2K)))
	b.ReportAllocs()
	for b.Loop() {
		if len(c.Match(paste2K).Matches) == 0 {
			b.Fatal("no match")
		}
	}
}

func BenchmarkMatch1M(b *testing.B) {
	c := catalog(b)
	big := strings.Repeat(paste2K, MaxInput/len(paste2K))
	b.SetBytes(int64(len(big)))
	b.ReportAllocs()
	for b.Loop() {
		c.Match(big)
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSuggest2K: a 2 KB log of another provider's refusals, which nothing explains,
// matched and then given its suggestions, as the window and lookup do.
func BenchmarkSuggest2K(b *testing.B) {
	c := catalog(b)
	log := strings.Repeat("2024-01-09 02:02:13 [smtp] 535-5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials\n", 20)[:2048]
	b.SetBytes(int64(len(log)))
	b.ReportAllocs()
	for b.Loop() {
		r := c.Match(log)
		if len(r.Matches) != 0 || len(c.Suggest(log, r)) == 0 {
			b.Fatal("want suggestions only")
		}
	}
}
