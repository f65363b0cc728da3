package checks

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mfp365/input"
	"mfp365/internal/fakeentra"
)

func TestTenantAndClientID(t *testing.T) {
	for _, tc := range []struct {
		tenant string
		ok     bool
	}{
		{"contoso.onmicrosoft.com", true}, {"AAAABBBB-0000-CCCC-1111-DDDD2222EEEE", true}, {" contoso.fr ", true},
		{"contoso", false}, {"contoso onmicrosoft.com", false}, {"https://login.microsoftonline.com/contoso", false},
		{"", false}, {strings.Repeat("a.", 200) + "com", false},
	} {
		_, err := Tenant(tc.tenant)
		var ie *input.Error
		if (err == nil) != tc.ok || (err != nil && (!errors.As(err, &ie) || ie.Code != "tenant" || ie.Field != "tenant")) {
			t.Errorf("Tenant(%q) = %v", tc.tenant, err)
		}
	}
	if id, err := ClientID(" 00001111-AAAA-2222-bbbb-3333cccc4444 "); err != nil || id != "00001111-aaaa-2222-bbbb-3333cccc4444" {
		t.Errorf("ClientID = %q, %v", id, err)
	}
	if _, err := ClientID("scanner-app"); err == nil || err.(*input.Error).Code != "client_id" {
		t.Errorf("ClientID accepted a name: %v", err)
	}
}

func TestTenantExists(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	base, _ := url.Parse(fake.URL)
	info, err := TenantExists(context.Background(), http.DefaultClient, base, fakeentra.TenantDomain)
	if err != nil || info.TenantID != fakeentra.TenantID || info.Instance != "microsoftonline.com" {
		t.Errorf("%+v %v", info, err)
	}
	_, err = TenantExists(context.Background(), http.DefaultClient, base, "nowhere.onmicrosoft.com")
	var a *EntraAnswer
	if !errors.As(err, &a) || a.Status != 400 || a.OAuthError != "invalid_tenant" || len(a.Codes) != 1 || a.Codes[0] != 90002 {
		t.Errorf("unknown tenant: %v", err)
	}
}

// FuzzInputs: the offline checks never panic, and what they accept is a GUID or a domain
// that can be put in a URL path as is.
func FuzzInputs(f *testing.F) {
	for _, s := range []string{"contoso.onmicrosoft.com", "00001111-aaaa-2222-bbbb-3333cccc4444", "a/b", "..", "x.y", "http://127.0.0.1:1", "é.fr"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := Tenant(s); err == nil && (strings.ContainsAny(v, "/?#% \\") || v == "" || len(v) > maxInput) {
			t.Errorf("Tenant accepted %q as %q", s, v)
		}
		if v, err := ClientID(s); err == nil && len(v) != 36 {
			t.Errorf("ClientID accepted %q", s)
		}
		if u, err := Authority(s); err == nil && u.Scheme != "https" && !isLoopback(u.Hostname()) {
			t.Errorf("Authority accepted %q", s)
		}
	})
}
