package kb

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"mfp365/i18n"
)

var (
	loadOnce sync.Once
	testCat  *Catalog
	trFR     *i18n.Translator
	trEN     *i18n.Translator
)

// catalog loads the embedded catalog and both translators once for all tests.
func catalog(tb testing.TB) *Catalog {
	loadOnce.Do(func() {
		var err error
		if testCat, err = Load(); err != nil {
			tb.Fatal(err)
		}
		b, err := i18n.NewBundle(testCat)
		if err != nil {
			tb.Fatal(err)
		}
		trFR, trEN = i18n.NewTranslator(b, "fr"), i18n.NewTranslator(b, "en")
	})
	if testCat == nil {
		tb.Fatal("catalog failed to load")
	}
	return testCat
}

func matchIDs(r Result) []string {
	var ids []string
	for _, m := range r.Matches {
		ids = append(ids, m.Entry.ID)
	}
	return ids
}

// TestSeed000Messages: every message of the WebTools Express document, pasted verbatim
// (placeholders included), gives its entry first.
func TestSeed000Messages(t *testing.T) {
	c := catalog(t)
	var cases []struct{ Want, Text string }
	data, err := os.ReadFile("testdata/seed000-messages.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) != 6 {
		t.Fatalf("want the 6 messages of seed 000, have %d", len(cases))
	}
	for _, tc := range cases {
		r := c.Match(tc.Text)
		if ids := matchIDs(r); len(ids) == 0 || ids[0] != tc.Want {
			t.Errorf("%q...: got %v, want %s first", tc.Text[:40], ids, tc.Want)
		}
	}
}

// TestSeed002Codes: every AADSTS code of the Microsoft Entra document gives an entry that
// covers it, with a title, cause and actions in French and in English.
func TestSeed002Codes(t *testing.T) {
	c := catalog(t)
	data, err := os.ReadFile("testdata/seed002-codes.txt")
	if err != nil {
		t.Fatal(err)
	}
	codes := strings.Fields(string(data))
	if len(codes) != 307 {
		t.Fatalf("testdata lists %d codes, the document has 307", len(codes))
	}
	checkAgainstSeed(t, codes)
	for _, code := range codes {
		r := c.Match("Error: " + code + ": something went wrong.")
		if len(r.Matches) == 0 || !slices.Contains(r.Matches[0].Entry.Codes, code) {
			t.Errorf("%s: got %v", code, matchIDs(r))
			continue
		}
		fr := r.Panels(trFR)[0]
		en := r.Panels(trEN)[0]
		for _, p := range []Panel{fr, en} {
			if p.Title == "" || p.Cause == "" || len(p.Actions) == 0 || strings.Contains(p.Title, "kb.") {
				t.Errorf("%s: incomplete panel %+v", code, p)
			}
		}
		if fr.Title == en.Title {
			t.Errorf("%s: French and English titles are the same: %q", code, fr.Title)
		}
	}
}

// checkAgainstSeed compares the testdata list with the document itself when it is at hand
// (../shared/seeds beside the clone, as in CI).
func checkAgainstSeed(t *testing.T, codes []string) {
	matches, _ := filepath.Glob("../../shared/seeds/002_*.txt")
	if len(matches) == 0 {
		t.Log("seed 002 not beside the clone: using testdata only")
		return
	}
	data, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], "AADSTS") {
			want[f[0]] = true
		}
	}
	have := map[string]bool{}
	for _, c := range codes {
		have[c] = true
	}
	if !reflect.DeepEqual(want, have) {
		t.Errorf("testdata/seed002-codes.txt differs from the seed (%d vs %d codes)", len(have), len(want))
	}
}

// TestOneEntryPerAADSTSCode: an Entra code means one thing; only SMTP codes may be shared
// (the wording decides between them).
func TestOneEntryPerAADSTSCode(t *testing.T) {
	c := catalog(t)
	for code, entries := range c.index.byCode {
		if strings.HasPrefix(code, "AADSTS") && len(entries) > 1 {
			t.Errorf("%s is covered by %d entries", code, len(entries))
		}
	}
}

// TestPasteShapes: the messy forms people paste.
func TestPasteShapes(t *testing.T) {
	c := catalog(t)
	for _, tc := range []struct {
		name, text string
		first      string   // expected best entry ("" = none)
		codes      []string // expected codes, in order (nil = not checked)
	}{
		{"bare code", "AADSTS7000218", "entra-public-client-flows", []string{"AADSTS7000218"}},
		{"lowercase code", "error aadsts50126 while signing in", "aadsts-50126", []string{"AADSTS50126"}},
		{"error_codes array", `{"error":"invalid_client","error_codes":[7000218],"timestamp":"2024-01-09 02:02:12Z"}`,
			"entra-public-client-flows", []string{"oauth:invalid_client", "AADSTS7000218"}},
		{"oauth value then number", "invalid_client: 7000218", "entra-public-client-flows", []string{"oauth:invalid_client", "AADSTS7000218"}},
		{"escaped JSON body", `"{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50126: Error validating credentials due to invalid username or password.\\r\\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\"}"`,
			"aadsts-50126", nil},
		{"double escaped", `{\"error_description\": \"AADSTS700016: Application with identifier \\\"abc\\\" was not found\"}`, "entra-app-not-found", nil},
		{"HTML entities", "<p>AADSTS700016: Application with identifier &#39;00001111-aaaa-2222-bbbb-3333cccc4444&#39; was not found in the directory &apos;Contoso&apos;.</p>",
			"entra-app-not-found", nil},
		{"code cut by a wrap", "AADSTS700\n016: Application with identifier was not found", "entra-app-not-found", []string{"AADSTS700016"}},
		{"word cut by a wrap", "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disab\n  led for the Tenant. Visit https://aka.ms/smtp_auth_disabled",
			"exo-smtp-auth-disabled-tenant", []string{"SMTP 535 5.7.139"}},
		{"full SMTP reply, mailbox", "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR02CA0001.eurprd02.prod.outlook.com]",
			"exo-smtp-auth-disabled-mailbox", []string{"SMTP 535 5.7.139"}},
		{"multiline reply", "535-5.7.139 Authentication unsuccessful, basic authentication is disabled.", "exo-basic-auth-disabled", []string{"SMTP 535 5.7.139"}},
		{"security defaults", "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator.",
			"exo-security-defaults", nil},
		{"conditional access", "535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.",
			"exo-conditional-access-criteria", nil},
		{"5.7.139 without wording", "SMTP error: 535 5.7.139", "exo-535-5-7-139", []string{"SMTP 535 5.7.139"}},
		{"enhanced code only", "5.7.3 Authentication unsuccessful", "exo-535-5-7-3", []string{"SMTP 535 5.7.3"}},
		{"python smtplib", `smtplib.SMTPAuthenticationError: (535, b'5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.')`,
			"exo-smtp-auth-disabled-tenant", []string{"SMTP 535 5.7.139"}},
		{"colon form", "535: 5.7.3 Authentication unsuccessful [BN9PR03CA0123.namprd03.prod.outlook.com]", "exo-535-5-7-3", []string{"SMTP 535 5.7.3"}},
		{"permanent error", "Send failed: permanent error (535): 5.7.3 Authentication unsuccessful", "exo-535-5-7-3", []string{"SMTP 535 5.7.3"}},
		{"530 5.7.57", "530 5.7.57 Client not authenticated to send mail. [DM6PR05CA0047.namprd05.prod.outlook.com]", "exo-530-5-7-57", nil},
		{"550 5.7.60", "550 5.7.60 SMTP; Client does not have permissions to send as this sender", "exo-550-5-7-60", nil},
		{"554 5.2.252", "554 5.2.252 SendAsDenied; scan@contoso.com not allowed to send as boss@contoso.com", "exo-554-5-2-252-sendasdenied", nil},
		{"554 5.2.0", "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception",
			"exo-554-5-2-0-sendasdeniedexception", nil},
		{"550 5.1.8", "550 5.1.8 Access denied, bad outbound sender", "exo-550-5-1-8-bad-outbound-sender", nil},
		{"421 4.7.66", "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.", "exo-421-4-7-66-tls", nil},
		{"451 4.7.0 PRX", "451 4.7.0 Temporary server error. Please try again later. PRX4", "exo-451-4-7-0-prx", nil},
		{"502 5.3.3", "502 5.3.3 Unrecognized command 'AUTH' [AM0PR]", "exo-5-3-3-unrecognized-command", nil},
		{"curly quotes", "AADSTS50020: User account ‘scan@fabrikam.com’ from identity provider ‘live.com’ does not exist in tenant ‘Contoso’", "entra-user-not-in-tenant", nil},
		{"phrase only, no code", "Selected user account does not exist in tenant 'Contoso' and cannot access the application", "entra-user-not-in-tenant", nil},
		{"phrase only, mailbox", "SmtpClientAuthentication is disabled for the Mailbox", "exo-smtp-auth-disabled-mailbox", nil},
		{"Epson job code", "Code d'erreur : 361", "epson-job-361", []string{"EPSON 361"}},
		{"Epson panel message", "Pour utiliser cette fonction, vous devez vous connecter à votre service de messagerie. Veuillez contacter votre administrateur.", "epson-sign-in-required", nil},
		{"Nashuatec 535", "ScanToEmail échoue avec le code d'erreur 535", "nashuatec-535-smtp-auth-disabled", []string{"SMTP 535"}},
		{"mixed languages", "Échec de l'envoi : le serveur a répondu 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.", "exo-smtp-auth-disabled-tenant", nil},
		{"PHP dump", `string(118) "535 5.7.3 Authentication unsuccessful [SN4PR0501CA0054.namprd05.prod.outlook.com]"`, "exo-535-5-7-3", nil},
		{"authorization pending is information", `{"error":"authorization_pending","error_description":"AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.","error_codes":[70016]}`,
			"entra-authorization-pending", []string{"oauth:authorization_pending", "AADSTS70016"}},
		{"OAuth value alone", "error=invalid_grant", "oauth-invalid-grant", []string{"oauth:invalid_grant"}},
		{"CAS AF20012", `HttpRequestFailure: Server returned: 400 Bad Request: {"error":{"code":"AF20012","message":"The specified tenant ID is incorrectly configured in the system."`, "cas-office365-af20012", nil},
		// Not ours: nothing rather than a wrong panel.
		{"another provider's 550 5.7.1", "550 5.7.1 Relaying denied. Proper authentication required.", "", []string{"SMTP 550 5.7.1"}},
		{"random stack trace", "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x.go:8 +0x1d\nexit status 2", "", nil},
		{"java stack trace", "Exception in thread \"main\" java.lang.NullPointerException\n\tat com.example.App.main(App.java:14)\nCaused by: java.net.SocketTimeoutException: Read timed out", "", nil},
		{"version numbers", "Firmware 2.5.1 installed, driver 5.7.3-beta, IP 10.5.7.3", "", []string{}},
		{"HTTP 500", "HTTP error 500 Internal Server Error", "", nil},
		{"RFC section", "For now we obey RFC 7231 5.1.1 which says", "", []string{}},
		{"section number", "// Section 5.3.3 says that a stream can depend on one of its dependencies", "", []string{}},
		{"another server's 502", "502 Unrecognized command.", "", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Match(tc.text)
			ids := matchIDs(r)
			switch {
			case tc.first == "" && len(ids) > 0:
				t.Errorf("want no match, got %v", ids)
			case tc.first != "" && (len(ids) == 0 || ids[0] != tc.first):
				t.Errorf("want %s first, got %v", tc.first, ids)
			}
			if tc.codes != nil && !reflect.DeepEqual(r.Codes, tc.codes) && !(len(tc.codes) == 0 && len(r.Codes) == 0) {
				t.Errorf("codes %q, want %q", r.Codes, tc.codes)
			}
		})
	}
}

// TestWordingDecides: 535 5.7.139 has several meanings; the generic entry gives way to the
// precise one, and the tenant and mailbox wordings give different panels.
func TestWordingDecides(t *testing.T) {
	c := catalog(t)
	tenant := matchIDs(c.Match("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant."))
	mailbox := matchIDs(c.Match("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox."))
	if len(tenant) != 1 || len(mailbox) != 1 || tenant[0] == mailbox[0] {
		t.Errorf("tenant %v, mailbox %v: want one distinct panel each", tenant, mailbox)
	}
}

// TestDetails: what is read from the text.
func TestDetails(t *testing.T) {
	c := catalog(t)
	for _, tc := range []struct {
		name, text string
		want       Details
	}{
		{"Entra JSON body", `{"error":"invalid_client","error_description":"AADSTS700016: Application with identifier '00001111-aaaa-2222-bbbb-3333cccc4444' was not found in the directory 'Contoso'.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2024-01-09 02:02:12Z","error_codes":[700016],"timestamp":"2024-01-09 02:02:12Z","trace_id":"0000aaaa-11bb-cccc-dd22-eeeeee333333","correlation_id":"aaaa0000-bb11-2222-33cc-444444dddddd"}`,
			Details{ClientID: "00001111-aaaa-2222-bbbb-3333cccc4444", TraceID: "0000aaaa-11bb-cccc-dd22-eeeeee333333",
				CorrelationID: "aaaa0000-bb11-2222-33cc-444444dddddd", Timestamp: "2024-01-09 02:02:12Z"}},
		{"tenant not found", "AADSTS90002: Tenant 'aaaabbbb-0000-cccc-1111-dddd2222eeee' not found.", Details{TenantID: "aaaabbbb-0000-cccc-1111-dddd2222eeee"}},
		{"tenant domain in URL", "POST https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token failed", Details{TenantID: "contoso.onmicrosoft.com"}},
		{"user and server", "535 5.7.139 Authentication unsuccessful for scan@contoso.com [AM0PR02CA0001.eurprd02.prod.outlook.com]",
			Details{User: "scan@contoso.com", Server: "AM0PR02CA0001.eurprd02.prod.outlook.com"}},
		{"GUID cut by a wrap", "Correlation ID: aaaa0000-bb11-2222-3\n3cc-444444dddddd", Details{CorrelationID: "aaaa0000-bb11-2222-33cc-444444dddddd"}},
		{"invalid tenant identifier", "AADSTS900023: Specified tenant identifier 'contoso' is neither a valid DNS name, nor a valid external domain.", Details{TenantID: "contoso"}},
		{"tenant GUID wins over a later quoted identifier", "Tenant 'aaaabbbb-0000-cccc-1111-dddd2222eeee' not found. tenant identifier 'x'", Details{TenantID: "aaaabbbb-0000-cccc-1111-dddd2222eeee"}},
		{"submission host", "Could not connect to smtp.office365.com:587", Details{Server: "smtp.office365.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Match(tc.text).Details; got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestDetailsFillSteps: what was read is written into the steps.
func TestDetailsFillSteps(t *testing.T) {
	c := catalog(t)
	r := c.Match("AADSTS7000218 ... application '00001111-aaaa-2222-bbbb-3333cccc4444'")
	p := r.Panels(trFR)[0]
	if !strings.Contains(strings.Join(p.Actions, "\n"), "00001111-aaaa-2222-bbbb-3333cccc4444") {
		t.Errorf("client ID not in the steps: %q", p.Actions)
	}
}

// TestBadInput: empty, binary and oversized texts are reported, never a crash.
func TestBadInput(t *testing.T) {
	c := catalog(t)
	if r := c.Match(" \n\t "); !r.Blank || len(r.Matches) != 0 {
		t.Errorf("blank: %+v", r)
	}
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i * 7)
	}
	if r := c.Match(string(garbage)); !r.Binary {
		t.Errorf("binary input not reported")
	}
	big := strings.Repeat("lorem ipsum ", 10<<20/12) + "AADSTS7000218"
	r := c.Match(big)
	if r.Truncated != len(big)-MaxInput || len(r.Matches) != 0 {
		t.Errorf("10 MB: truncated %d (want %d), %d matches (the code beyond the limit must not be read)", r.Truncated, len(big)-MaxInput, len(r.Matches))
	}
}

// TestCodeAskedAlone: a code typed alone is a question about that code, so it is explained even
// without Microsoft's words around it; the same code inside another server's reply is not.
func TestCodeAskedAlone(t *testing.T) {
	c := catalog(t)
	for text, want := range map[string]string{
		"5.7.139":                               "exo-535-5-7-139",
		"SMTP 5.7.57":                           "exo-530-5-7-57",
		"erreur 535 5.7.3":                      "exo-535-5-7-3",
		"535 5.7.3 Authentication unsuccessful": "exo-535-5-7-3",
	} {
		if r := c.Match(text); len(r.Matches) == 0 || r.Matches[0].Entry.ID != want {
			t.Errorf("%q: %v, want %s", text, r.Matches, want)
		}
	}
	for _, text := range []string{"535 5.7.3 Security conversion required but not possible", "version 5.7.139 of the manual"} {
		if r := c.Match(text); len(r.Matches) != 0 {
			t.Errorf("%q matches %s", text, r.Matches[0].Entry.ID)
		}
	}
}
