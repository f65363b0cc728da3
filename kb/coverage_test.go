package kb

import "testing"

// TestCoverage: the situations the source documents and Exchange Online's replies require.
func TestCoverage(t *testing.T) {
	c := catalog(t)
	codes := map[string]bool{}
	groups := map[string]int{}
	for _, e := range c.Entries {
		for _, code := range e.Codes {
			codes[code] = true
		}
		groups[e.Group]++
	}
	for _, code := range []string{
		// seed 000 (WebTools Express)
		"AADSTS90002", "AADSTS700016", "AADSTS900023", "AADSTS50020", "AADSTS7000218",
		// seed 001 (Epson): conditional access and job codes
		"AADSTS53003", "EPSON 360", "EPSON 361", "EPSON 370",
		// seed 003 (Nashuatec)
		"SMTP 535",
		// seed 002: the OAuth 2.0 error values table and the device code flow
		"oauth:invalid_request", "oauth:invalid_grant", "oauth:unauthorized_client", "oauth:invalid_client",
		"oauth:unsupported_grant_type", "oauth:invalid_resource", "oauth:interaction_required",
		"oauth:temporarily_unavailable", "oauth:authorization_pending", "oauth:authorization_declined",
		"oauth:bad_verification_code", "oauth:expired_token", "oauth:slow_down",
		// Exchange Online replies
		"SMTP 535 5.7.139", "SMTP 535 5.7.3", "SMTP 530 5.7.57", "SMTP 550 5.7.60", "SMTP 554 5.2.252",
		"SMTP 554 5.2.0", "SMTP 550 5.1.8", "SMTP 421 4.7.66", "SMTP 451 4.7.0", "SMTP 500 5.3.3", "SMTP 502 5.3.3",
		// seed 004 (Cloud App Security) row with a code
		"AF20012",
		// what the connection test reports without a server reply
		"check:dns", "check:tcp-refused", "check:tcp-timeout", "check:no-starttls", "check:tls-version",
		"check:tls-untrusted", "check:tls-hostname", "check:no-xoauth2", "check:dropped", "check:proxy-only",
		"check:https-unreachable", "check:clock", "check:no-token",
	} {
		if !codes[code] {
			t.Errorf("no entry covers %s", code)
		}
	}
	for _, id := range []string{"webtools-proxy-internal-error", "epson-smtp-auth-prerequisites", "epson-sign-in-required",
		"epson-token-expired", "nashuatec-oauth-smtp-values", "exo-smtp-auth-disabled-tenant", "exo-smtp-auth-disabled-mailbox",
		"exo-basic-auth-disabled", "exo-security-defaults", "exo-conditional-access-criteria"} {
		if c.Entry(id) == nil {
			t.Errorf("missing entry %s", id)
		}
	}
	// Seed 004's table has 27 message rows, each a situation of its own.
	if groups["cas"] != 27 {
		t.Errorf("%d Cloud App Security entries, the document has 27 rows", groups["cas"])
	}
	if c.Entry("entra-authorization-pending").Kind != KindInfo {
		t.Error("authorization pending must be information, not an error")
	}
}
