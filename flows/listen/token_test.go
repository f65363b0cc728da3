package listen

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// exps are exp claims a printer's token may hold, and how they are read.
var exps = []struct {
	exp      any
	want     time.Time
	outRange bool
}{
	{int64(253402300800), lastDate, true}, // 10000-01-01T00:00:00Z
	{1e30, lastDate, true},
	{json.Number("1e400"), lastDate, true},
	{json.Number("99999999999999999999999"), lastDate, true},
	{"253402300800", lastDate, true},
	{1796115600.75, time.Unix(1796115600, 0).UTC(), false},
	{"1796115600", time.Unix(1796115600, 0).UTC(), false},
	{-5, time.Time{}, false},
	{true, time.Time{}, false},
	{"soon", time.Time{}, false},
	{[]int{1}, time.Time{}, false},
}

// TestSessionMarshalsWhateverAPrinterSent: whatever exp a token holds (past year 9999, beyond
// any integer, a fraction, a string, nonsense), its session marshals, so that one printer's
// token cannot cost the other sessions their output (mfp365 listen --json).
func TestSessionMarshalsWhateverAPrinterSent(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range exps {
		tok := claimsOf(jwt(map[string]any{"aud": "https://outlook.office.com", "scp": "SMTP.Send", "upn": "scan@contoso.fr", "exp": c.exp}), now)
		if tok == nil || tok.Account != "scan@contoso.fr" || !tok.Expires.Equal(c.want) || tok.ExpOutOfRange != c.outRange ||
			tok.Expired != (!c.want.IsZero() && now.After(c.want)) {
			t.Errorf("exp %v: %+v", c.exp, tok)
			continue
		}
		if _, err := json.Marshal(Session{Token: tok}); err != nil {
			t.Errorf("exp %v: %v", c.exp, err)
		}
	}
	addr, sessions := listener(t, Config{})
	token := jwt(map[string]any{"aud": "https://outlook.office.com", "scp": "SMTP.Send", "upn": "scan@contoso.fr", "exp": 253402300800})
	_ = printer{tls: true, auth: xoauth2{"scan@contoso.fr", token}, from: "scan@contoso.fr", to: "d@contoso.fr"}.send(t, addr)
	b, err := json.Marshal(sessions())
	if err != nil || !strings.Contains(string(b), `"exp":"9999-12-31T23:59:59Z"`) || !strings.Contains(string(b), `"exp_out_of_range":true`) {
		t.Errorf("%s %v", b, err)
	}
}

// TestClaimsOfOtherTypes: a claim of another type than Entra's is left out, the others read.
func TestClaimsOfOtherTypes(t *testing.T) {
	tok := claimsOf(jwt(map[string]any{"aud": 7, "scp": []string{"SMTP.Send"}, "upn": "scan@contoso.fr", "tid": map[string]int{}}), time.Now())
	if tok == nil || tok.Account != "scan@contoso.fr" || tok.Audience != "" || tok.Scope != "" || tok.TenantID != "" {
		t.Errorf("%+v", tok)
	}
	for _, notObject := range []string{`[1]`, `"a"`, `5`, `null`} {
		if tok := claimsOf("e30."+b64url(notObject)+".c2ln", time.Now()); tok != nil {
			t.Errorf("%s read as claims: %+v", notObject, tok)
		}
	}
}

func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
