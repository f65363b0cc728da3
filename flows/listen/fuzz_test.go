package listen

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The fuzz targets are seeded from the table tests (their tokens, exp claims and hostile
// values); what they find goes under testdata/fuzz.

// FuzzXOAUTH2 reads an XOAUTH2 client response (RFC 4954's initial response or the line after
// "334 ", once base64-decoded) as a session does: the user, the token's claims. Whatever it
// holds, the exchange ends at once with success, every value kept is readable, and the session
// marshals.
func FuzzXOAUTH2(f *testing.F) {
	exp := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	f.Add([]byte(xoauth2Response("scan@contoso.fr", entraToken(1536, "scan@contoso.fr", exp))))
	f.Add([]byte(xoauth2Response("scan@contoso.fr", jwt(map[string]any{"aud": "https://graph.microsoft.com", "scp": "Mail.Send", "upn": "scan@contoso.fr"}))))
	for _, c := range exps {
		f.Add([]byte(xoauth2Response("scan@fabrikam.com", jwt(map[string]any{"aud": "https://outlook.office.com", "tid": "99999999-0000-cccc-1111-dddd2222eeee", "exp": c.exp}))))
	}
	for in := range boundedCases {
		if len(in) < 1000 {
			f.Add([]byte(xoauth2Response(in, jwt(map[string]any{"upn": in, "app_displayname": in}))))
		}
	}
	for _, s := range []string{"", "\x01\x01", "user=\x01auth=Bearer \x01\x01", "auth=Bearer a.b.c", "user=a\x01user=b\x01auth=Bearer x.e30.y\x01auth=Bearer z"} {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, resp []byte) {
		var s Session
		server := xoauth2Server(func(user, token string) {
			s = Session{Auth: "xoauth2", User: bounded(user), Token: claimsOf(token, now)}
		})
		if challenge, done, err := server.Next(resp); !done || err != nil || challenge != nil {
			t.Fatalf("Next: %q %v %v", challenge, done, err)
		}
		s.Findings = findings(s, Config{Tenant: "aaaabbbb-0000-cccc-1111-dddd2222eeee"})
		values := []string{s.User}
		if tok := s.Token; tok != nil {
			values = append(values, tok.Audience, tok.Scope, tok.TenantID, tok.Account, tok.App)
			if tok.Expires.Year() > 9999 || tok.ExpOutOfRange && !tok.Expires.Equal(lastDate) {
				t.Errorf("exp read as %v (out of range: %v)", tok.Expires, tok.ExpOutOfRange)
			}
		}
		for _, v := range values {
			if !readable(v) {
				t.Errorf("%q kept", v)
			}
		}
		if _, err := json.Marshal(s); err != nil {
			t.Error(err)
		}
	})
}

// FuzzClaimsOf reads a token's claims: nil, or claims that are readable and marshal.
func FuzzClaimsOf(f *testing.F) {
	f.Add(jwt(map[string]any{"aud": "https://outlook.office.com", "exp": 1}))
	f.Add(entraToken(3072, "scan@contoso.fr", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)))
	for _, c := range exps {
		f.Add(jwt(map[string]any{"aud": []string{"00000002-0000-0ff1-ce00-000000000000"}, "unique_name": "a@b.fr", "exp": c.exp}))
	}
	for _, s := range []string{"", "abc", "a.b", "a.b.c", "a.!!!.c", "e30.W10.c2ln", "a." + b64url("not json") + ".c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok := claimsOf(s, time.Now())
		if tok == nil {
			return
		}
		for _, v := range []string{tok.Audience, tok.Scope, tok.TenantID, tok.Account, tok.App} {
			if !readable(v) {
				t.Errorf("%q kept", v)
			}
		}
		if _, err := json.Marshal(tok); err != nil {
			t.Error(err)
		}
	})
}

// FuzzBounded: whatever a printer sends, what is kept is readable; a readable value short
// enough is kept as it is.
func FuzzBounded(f *testing.F) {
	for in := range boundedCases {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := bounded(s)
		if !readable(b) {
			t.Errorf("bounded(%q) = %q", s, b)
		}
		if readable(s) && b != s {
			t.Errorf("bounded(%q) = %q, changed a readable value", s, b)
		}
		if n := utf8.RuneCountInString(s); n > maxValue && !strings.HasSuffix(b, "…") {
			t.Errorf("%d runes cut without a mark: %q", n, b)
		}
	})
}
