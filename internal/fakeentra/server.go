// Package fakeentra is a local stand-in for Microsoft Entra's sign-in endpoints and Microsoft
// Graph, for tests: it answers exactly as Microsoft documents (the devicecode answer with its
// localized message, the token endpoint's error JSON with error_codes, trace and correlation
// IDs, the tenant's OpenID configuration) and records every request it receives.
package fakeentra

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Fixed identifiers, so that tests can look for them in what the flow reports.
const (
	TenantID      = "aaaabbbb-0000-cccc-1111-dddd2222eeee"
	TenantDomain  = "contoso.onmicrosoft.com"
	GovTenant     = "fabrikam.onmicrosoft.us" // a tenant of the US Government cloud
	ClientID      = "00001111-aaaa-2222-bbbb-3333cccc4444"
	UnknownClient = "99999999-9999-9999-9999-999999999999" // AADSTS700016 at the devicecode endpoint
	UserCode      = "FGHJ5K2LM"
	Account       = "scan@contoso.onmicrosoft.com"
	TraceID       = "0000aaaa-11bb-cccc-dd22-eeeeee333333"
	CorrelationID = "aaaa0000-bb11-2222-33cc-444444dddddd"
)

// Reply is one answer of the token endpoint.
type Reply struct {
	Status int
	Body   map[string]any
}

// Request is what the server received.
type Request struct {
	Method, Path string
	Query, Form  url.Values
	Auth         string // Authorization header
	At           time.Time
}

// Server is the fake. Set its fields before the first request.
type Server struct {
	*httptest.Server
	Interval  int                   // seconds between polls the devicecode answer asks for
	ExpiresIn int                   // seconds the code lives
	Token     []Reply               // token endpoint answers in order; the last one repeats
	Claims    func() map[string]any // claims of the access token issued
	GraphFail bool                  // Graph answers 403 Authorization_RequestDenied

	mu       sync.Mutex
	requests []Request
	polls    int
}

// New starts a fake on a loopback port: a tenant (by ID and domain) with one application,
// a one-second polling interval, and a token endpoint that says "pending" once, then succeeds.
func New() *Server {
	s := &Server{Interval: 1, ExpiresIn: 900, Token: []Reply{Pending(), Success()}}
	s.Claims = s.defaultClaims
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Requests returns what the server received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// TokenRequests returns the requests made to the token endpoint.
func (s *Server) TokenRequests() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, "/oauth2/v2.0/token") {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
		Form: r.PostForm, Auth: r.Header.Get("Authorization"), At: time.Now()})
	s.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) >= 2 && parts[0] == "v1.0":
		s.graph(w, r, strings.Join(parts[1:], "/"))
	case len(parts) == 4 && parts[1] == "v2.0" && parts[3] == "openid-configuration":
		s.openid(w, parts[0])
	case len(parts) == 4 && parts[1] == "oauth2" && parts[3] == "devicecode" && r.Method == http.MethodPost:
		s.deviceCode(w, r, parts[0])
	case len(parts) == 4 && parts[1] == "oauth2" && parts[3] == "token" && r.Method == http.MethodPost:
		s.token(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) openid(w http.ResponseWriter, tenant string) {
	host := "login.microsoftonline.com"
	instance, region := "microsoftonline.com", "EU"
	switch tenant {
	case TenantID, TenantDomain:
	case GovTenant:
		host, instance, region = "login.microsoftonline.us", "microsoftonline.us", "USGov"
	default:
		writeJSON(w, http.StatusBadRequest, Error("invalid_tenant", 90002, fmt.Sprintf("Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", tenant)))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":              fmt.Sprintf("https://%s/%s/v2.0", host, TenantID),
		"token_endpoint":      fmt.Sprintf("https://%s/%s/oauth2/v2.0/token", host, TenantID),
		"cloud_instance_name": instance,
		"tenant_region_scope": region,
	})
}

func (s *Server) deviceCode(w http.ResponseWriter, r *http.Request, tenant string) {
	client := r.PostForm.Get("client_id")
	if client != ClientID {
		writeJSON(w, http.StatusBadRequest, Error("unauthorized_client", 700016, fmt.Sprintf("Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.", client, tenant)))
		return
	}
	message := fmt.Sprintf("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code %s to authenticate.", UserCode)
	if strings.HasPrefix(r.URL.Query().Get("mkt"), "fr") {
		message = fmt.Sprintf("Pour vous connecter, utilisez un navigateur web pour ouvrir la page https://microsoft.com/devicelogin et entrez le code %s pour vous authentifier.", UserCode)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"user_code":        UserCode,
		"device_code":      "DAQABAAEAAAD--DLA3VO7QrddgJg7WevrAgdevicecode",
		"verification_uri": "https://microsoft.com/devicelogin",
		"expires_in":       s.ExpiresIn,
		"interval":         s.Interval,
		"message":          message,
	})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	reply := s.Token[min(s.polls, len(s.Token)-1)]
	s.polls++
	s.mu.Unlock()
	if r.PostForm.Get("grant_type") != "urn:ietf:params:oauth:grant-type:device_code" || r.PostForm.Get("client_id") == "" {
		writeJSON(w, http.StatusBadRequest, Error("invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'."))
		return
	}
	body := reply.Body
	if reply.Status == http.StatusOK {
		body = map[string]any{"token_type": "Bearer", "scope": r.PostForm.Get("scope"), "expires_in": 3599,
			"ext_expires_in": 3599, "access_token": jwt(s.Claims()), "refresh_token": "0.AAAA-refresh-token-secret"}
	}
	writeJSON(w, reply.Status, body)
}

func (s *Server) graph(w http.ResponseWriter, r *http.Request, path string) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{"code": "InvalidAuthenticationToken", "message": "Access token is empty."}})
		return
	}
	if s.GraphFail {
		writeJSON(w, http.StatusForbidden, map[string]any{"error": map[string]any{"code": "Authorization_RequestDenied", "message": "Insufficient privileges to complete the operation."}})
		return
	}
	switch path {
	case "me":
		writeJSON(w, http.StatusOK, map[string]any{"displayName": "Scanner Contoso", "userPrincipalName": Account, "mail": Account})
	case "me/drive":
		writeJSON(w, http.StatusOK, map[string]any{"driveType": "business", "webUrl": "https://contoso-my.sharepoint.com/personal/scan_contoso_onmicrosoft_com/Documents"})
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) defaultClaims() map[string]any {
	return map[string]any{"aud": "https://outlook.office.com", "scp": "SMTP.Send", "upn": Account,
		"tid": TenantID, "exp": time.Now().Add(time.Hour).Unix(), "iss": "https://sts.windows.net/" + TenantID + "/"}
}

// Pending is the token endpoint's answer while the person has not finished signing in.
func Pending() Reply {
	return Reply{http.StatusBadRequest, Error("authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.")}
}

// SlowDown asks the client to poll less often (RFC 8628 section 3.5).
func SlowDown() Reply {
	return Reply{http.StatusBadRequest, map[string]any{"error": "slow_down", "error_description": "The client is polling too quickly."}}
}

// Declined is the person refusing the sign-in.
func Declined() Reply {
	return Reply{http.StatusBadRequest, map[string]any{"error": "authorization_declined", "error_description": "The end user denied the authorization request."}}
}

// Expired is the device code's lifetime running out.
func Expired() Reply {
	return Reply{http.StatusBadRequest, Error("expired_token", 70019, "Verification code expired.")}
}

// PublicClientOff is AADSTS7000218: the app registration does not allow public client flows.
func PublicClientOff() Reply {
	return Reply{http.StatusUnauthorized, Error("invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")}
}

// Success issues a token (the body is built when answering).
func Success() Reply { return Reply{Status: http.StatusOK} }

// Error builds Microsoft's documented error body.
func Error(oauthError string, code int, description string) map[string]any {
	ts := "2026-11-21 09:12:44Z"
	return map[string]any{
		"error":             oauthError,
		"error_description": fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s", code, description, TraceID, CorrelationID, ts),
		"error_codes":       []int{code},
		"timestamp":         ts,
		"trace_id":          TraceID,
		"correlation_id":    CorrelationID,
		"error_uri":         fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", code),
	}
}

// jwt builds an unsigned-looking token with the given claims (the signature is not checked).
func jwt(claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]string{"typ": "JWT", "alg": "RS256", "kid": "fake"}) + "." + enc(claims) + ".c2lnbmF0dXJl"
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
