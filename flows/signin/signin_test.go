package signin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"mfp365/internal/fakeentra"
	"mfp365/kb"
)

// run signs in against a fake Microsoft and returns the outcome and the events.
func run(t *testing.T, fake *fakeentra.Server, cfg Config) (*Outcome, []Event) {
	t.Helper()
	if cfg.Tenant == "" {
		cfg.Tenant = fakeentra.TenantDomain
	}
	if cfg.ClientID == "" {
		cfg.ClientID = fakeentra.ClientID
	}
	cfg.Authority = fake.URL
	cfg.GraphURL = fake.URL
	var mu sync.Mutex
	var events []Event
	out := Run(context.Background(), cfg, func(e Event) { mu.Lock(); events = append(events, e); mu.Unlock() })
	return out, events
}

var (
	catOnce sync.Once
	cat     *kb.Catalog
)

// explain returns the knowledge-base entry IDs that explain an outcome's answer.
func explain(t *testing.T, o *Outcome) []string {
	catOnce.Do(func() {
		var err error
		if cat, err = kb.Load(); err != nil {
			t.Fatal(err)
		}
	})
	var ids []string
	for _, m := range cat.MatchSaidBy(o.Answer, kb.SaidByMicrosoft).Matches {
		ids = append(ids, m.Entry.ID)
	}
	return ids
}

func TestSignInSucceeds(t *testing.T) {
	t.Parallel()
	fake := fakeentra.New()
	defer fake.Close()
	out, events := run(t, fake, Config{Lang: "fr", Sender: fakeentra.Account})
	if out.Status != StatusOK || out.Token == nil || out.Claims.Account != fakeentra.Account || len(out.Warnings) != 0 {
		t.Fatalf("outcome %+v", out)
	}
	if out.TenantID != fakeentra.TenantID || out.Scopes[0] != "https://outlook.office.com/SMTP.Send" || out.Scopes[1] != "offline_access" {
		t.Errorf("tenant %q scopes %v", out.TenantID, out.Scopes)
	}
	var code *DeviceCode
	for _, e := range events {
		if e.Stage == StageWaiting {
			code = e.Code
		}
	}
	if code == nil || code.UserCode != fakeentra.UserCode || !strings.HasPrefix(code.Message, "Pour vous connecter") ||
		time.Until(code.Expires) < 14*time.Minute {
		t.Errorf("code %+v", code)
	}
	reqs := fake.Requests()
	if len(reqs) != 4 || reqs[0].Method != http.MethodGet || !strings.HasSuffix(reqs[0].Path, "/openid-configuration") {
		t.Fatalf("requests %+v", reqs)
	}
	dc := reqs[1]
	if !strings.HasSuffix(dc.Path, "/"+fakeentra.TenantDomain+"/oauth2/v2.0/devicecode") || dc.Query.Get("mkt") != "fr-FR" ||
		dc.Form.Get("client_id") != fakeentra.ClientID || dc.Form.Get("scope") != "https://outlook.office.com/SMTP.Send offline_access" {
		t.Errorf("devicecode request %+v", dc)
	}
	polls := fake.TokenRequests()
	if len(polls) != 2 {
		t.Fatalf("%d token requests, want exactly 2 (pending, then success)", len(polls))
	}
	for i, p := range polls {
		if p.Form.Get("grant_type") != "urn:ietf:params:oauth:grant-type:device_code" || p.Form.Get("client_id") != fakeentra.ClientID ||
			p.Form.Get("device_code") == "" || p.Form.Has("client_secret") || p.Auth != "" {
			t.Errorf("poll %d: %+v", i, p)
		}
	}
	if gap := polls[1].At.Sub(polls[0].At); gap < 900*time.Millisecond {
		t.Errorf("polls %v apart, the interval is 1 s", gap)
	}
	if gap := polls[0].At.Sub(dc.At); gap < 900*time.Millisecond {
		t.Errorf("first poll %v after the code, the interval is 1 s", gap)
	}
}

// TestSlowDown: slow_down adds 5 s to the interval (RFC 8628 section 3.5).
func TestSlowDown(t *testing.T) {
	t.Parallel()
	fake := fakeentra.New()
	defer fake.Close()
	fake.Token = []fakeentra.Reply{fakeentra.SlowDown(), fakeentra.Success()}
	out, _ := run(t, fake, Config{})
	polls := fake.TokenRequests()
	if out.Status != StatusOK || len(polls) != 2 {
		t.Fatalf("status %s, %d polls", out.Status, len(polls))
	}
	if gap := polls[1].At.Sub(polls[0].At); gap < 5900*time.Millisecond || gap > 8*time.Second {
		t.Errorf("after slow_down the next poll came %v later, want 6 s", gap)
	}
}

func TestSignInFailures(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cfg      Config
		token    []fakeentra.Reply
		status   Status
		step     Step
		entry    string // knowledge-base entry that explains it
		requests int    // requests that reached Microsoft
	}{
		{"malformed tenant", Config{Tenant: "contoso onmicrosoft"}, nil, StatusError, "input", "entra-tenant-id-invalid", 0},
		{"client ID not a GUID", Config{ClientID: "printer-app"}, nil, StatusError, "input", "aadsts-90112", 0},
		{"unknown tenant", Config{Tenant: "nowhere.onmicrosoft.com"}, nil, StatusError, "tenant", "entra-tenant-not-found", 1},
		{"unknown application", Config{ClientID: fakeentra.UnknownClient}, nil, StatusError, "devicecode", "entra-app-not-found", 2},
		{"public client flows off", Config{}, []fakeentra.Reply{fakeentra.PublicClientOff()}, StatusError, "token", "entra-public-client-flows", 3},
		{"declined", Config{}, []fakeentra.Reply{fakeentra.Pending(), fakeentra.Declined()}, StatusDeclined, "token", "oauth-authorization-declined", 4},
		{"code expired", Config{}, []fakeentra.Reply{fakeentra.Expired()}, StatusExpired, "token", "aadsts-70019", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := fakeentra.New()
			defer fake.Close()
			if tc.token != nil {
				fake.Token = tc.token
			}
			out, _ := run(t, fake, tc.cfg)
			if out.Status != tc.status || out.Step != tc.step || out.Token != nil {
				t.Errorf("status %s step %s (want %s %s), err %v", out.Status, out.Step, tc.status, tc.step, out.Err)
			}
			if ids := explain(t, out); len(ids) == 0 || ids[0] != tc.entry {
				t.Errorf("answer %q explained by %v, want %s", out.Answer, ids, tc.entry)
			}
			if n := len(fake.Requests()); n != tc.requests {
				t.Errorf("%d requests reached Microsoft, want %d", n, tc.requests)
			}
		})
	}
}

func TestTenantOfAnotherCloud(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	out, _ := run(t, fake, Config{Tenant: fakeentra.GovTenant})
	if out.Status != StatusError || out.OtherCloud != "usgov" || len(fake.Requests()) != 1 {
		t.Errorf("outcome %+v", out)
	}
}

// TestCodeLifetimeEnds: when nobody signs in, polling stops when the code expires.
func TestCodeLifetimeEnds(t *testing.T) {
	t.Parallel()
	fake := fakeentra.New()
	defer fake.Close()
	fake.ExpiresIn = 2
	fake.Token = []fakeentra.Reply{fakeentra.Pending()}
	start := time.Now()
	out, _ := run(t, fake, Config{})
	if out.Status != StatusExpired || time.Since(start) > 4*time.Second {
		t.Errorf("status %s after %v", out.Status, time.Since(start))
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	fake := fakeentra.New()
	defer fake.Close()
	fake.Token = []fakeentra.Reply{fakeentra.Pending()}
	ctx, cancel := context.WithCancel(context.Background())
	var out *Outcome
	done := make(chan struct{})
	go func() {
		out = Run(ctx, Config{Tenant: fakeentra.TenantID, ClientID: fakeentra.ClientID, Authority: fake.URL}, func(e Event) {
			if e.Stage == StageWaiting {
				cancel()
			}
		})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("cancel did not stop the flow")
	}
	if out.Status != StatusCancelled || len(fake.TokenRequests()) != 0 {
		t.Errorf("status %s, %d polls", out.Status, len(fake.TokenRequests()))
	}
}

func TestWarnings(t *testing.T) {
	t.Parallel()
	fake := fakeentra.New()
	defer fake.Close()
	fake.Claims = func() map[string]any {
		return map[string]any{"aud": "00000003-0000-0000-c000-000000000000", "scp": "User.Read", "upn": "someone@fabrikam.com",
			"tid": "11112222-3333-4444-5555-666677778888", "exp": time.Now().Add(time.Hour).Unix()}
	}
	out, _ := run(t, fake, Config{Sender: fakeentra.Account})
	want := []Warning{WarnNoSMTPSend, WarnOtherTenant, WarnNotSender}
	if out.Status != StatusOK || len(out.Warnings) != 3 || out.Warnings[0] != want[0] || out.Warnings[1] != want[1] || out.Warnings[2] != want[2] {
		t.Errorf("warnings %v, want %v", out.Warnings, want)
	}
}

func TestExternalLocation(t *testing.T) {
	t.Parallel()
	for _, fail := range []bool{false, true} {
		fake := fakeentra.New()
		fake.GraphFail = fail
		out, _ := run(t, fake, Config{Purpose: PurposeGraph})
		fake.Close()
		if out.Status != StatusOK || len(out.Graph) != 2 || out.Graph[0].Path != "/me" || out.Graph[1].Path != "/me/drive" {
			t.Fatalf("graph %+v", out.Graph)
		}
		if out.Graph[0].OK() == fail || (len(out.Warnings) > 0) != fail {
			t.Errorf("fail=%v: graph %+v warnings %v", fail, out.Graph, out.Warnings)
		}
		if got := fake.Requests()[1].Form.Get("scope"); got != "User.Read Files.ReadWrite.All Sites.ReadWrite.All offline_access" {
			t.Errorf("scope %q", got)
		}
	}
}

func TestAuthorityOnlyHTTPSOrLoopback(t *testing.T) {
	for _, a := range []string{"http://login.example.com", "ftp://127.0.0.1", "https://user:pw@login.example.com", "http://10.0.0.1:8080"} {
		out := Run(context.Background(), Config{Tenant: fakeentra.TenantID, ClientID: fakeentra.ClientID, Authority: a}, func(Event) {})
		if out.Status != StatusError || out.Step != "input" {
			t.Errorf("%s accepted", a)
		}
	}
}

// TestEveryRefusalIsExplained: the refusals a printer's sign-in meets at the token endpoint,
// as Microsoft words them, each reach the knowledge-base entry for their code.
func TestEveryRefusalIsExplained(t *testing.T) {
	for _, tc := range []struct {
		oauthError string
		code       int
		text       string
	}{
		{"invalid_grant", 50020, "User account 'scan@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application."},
		{"invalid_grant", 53003, "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance."},
		{"invalid_grant", 65001, "The user or administrator has not consented to use the application with ID '00001111-aaaa-2222-bbbb-3333cccc4444'."},
		{"invalid_grant", 90094, "The grant requires admin permission."},
		{"invalid_grant", 50076, "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'https://outlook.office.com'."},
		{"invalid_grant", 50079, "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access."},
		{"invalid_grant", 50126, "Error validating credentials due to invalid username or password."},
		{"invalid_grant", 700082, "The refresh token has expired due to inactivity."},
		{"invalid_request", 50194, "Application '00001111-aaaa-2222-bbbb-3333cccc4444' is not configured as a multi-tenant application."},
	} {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			t.Parallel()
			fake := fakeentra.New()
			defer fake.Close()
			fake.Token = []fakeentra.Reply{{Status: http.StatusBadRequest, Body: fakeentra.Error(tc.oauthError, tc.code, tc.text)}}
			out, _ := run(t, fake, Config{})
			ids := explain(t, out)
			if out.Status != StatusError || len(ids) == 0 {
				t.Fatalf("status %s, explained by %v", out.Status, ids)
			}
			if e := cat.Entry(ids[0]); !contains(e.Codes, fmt.Sprintf("AADSTS%d", tc.code)) {
				t.Errorf("AADSTS%d explained first by %s (%v)", tc.code, e.ID, e.Codes)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
