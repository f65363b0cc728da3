package signin

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"mfp365/checks"
)

// Claims are what the access token says of itself. They are read for display only: the
// signature is not verified (the token is for Exchange or Graph, which verify it).
type Claims struct {
	Audience string    // aud
	Scopes   []string  // scp
	Account  string    // upn, else preferred_username, else unique_name
	TenantID string    // tid
	Expires  time.Time // exp
}

// ReadClaims decodes the payload of a JWT access token. A token that is not a JWT (Microsoft
// may issue opaque tokens) gives empty claims and false.
func ReadClaims(token string) (Claims, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(parts[1]) > 64<<10 {
		return Claims{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return Claims{}, false
	}
	var raw struct {
		Aud        any    `json:"aud"`
		Scp        string `json:"scp"`
		UPN        string `json:"upn"`
		Preferred  string `json:"preferred_username"`
		UniqueName string `json:"unique_name"`
		Tid        string `json:"tid"`
		Exp        int64  `json:"exp"`
	}
	if json.Unmarshal(payload, &raw) != nil {
		return Claims{}, false
	}
	c := Claims{Scopes: strings.Fields(raw.Scp), TenantID: raw.Tid}
	switch aud := raw.Aud.(type) {
	case string:
		c.Audience = aud
	case []any:
		if len(aud) > 0 {
			c.Audience, _ = aud[0].(string)
		}
	}
	for _, a := range []string{raw.UPN, raw.Preferred, raw.UniqueName} {
		if a != "" {
			c.Account = a
			break
		}
	}
	if raw.Exp > 0 {
		c.Expires = time.Unix(raw.Exp, 0)
	}
	return c, true
}

// GraphCheck is one Graph call made with the token of an external location.
type GraphCheck struct {
	Path   string // "/me", "/me/drive"
	Status int    // HTTP status, 0 when the request failed
	Answer string // Graph's error answer, if any
}

// OK reports whether the call succeeded.
func (g GraphCheck) OK() bool { return g.Status == http.StatusOK }

// verify reads the token's claims, warns about what would make the printer fail, and for
// an external location calls Graph.
func (o *Outcome) verify(ctx context.Context, in *checked, sender string) {
	o.Claims, _ = ReadClaims(o.Token.AccessToken)
	if o.Claims.Expires.IsZero() {
		o.Claims.Expires = o.Token.Expiry
	}
	if o.Claims.Account == "" {
		// Not a JWT: nothing more to read.
		return
	}
	if in.purpose == "" || in.purpose == PurposeSMTP {
		if !hasScope(o.Claims.Scopes, "SMTP.Send") {
			o.Warnings = append(o.Warnings, WarnNoSMTPSend)
		}
	}
	if o.TenantID != "" && o.Claims.TenantID != "" && !strings.EqualFold(o.TenantID, o.Claims.TenantID) {
		o.Warnings = append(o.Warnings, WarnOtherTenant)
	}
	if sender != "" && !strings.EqualFold(strings.TrimSpace(sender), o.Claims.Account) {
		o.Warnings = append(o.Warnings, WarnNotSender)
	}
	if in.purpose == PurposeGraph {
		for _, path := range []string{"/me", "/me/drive"} {
			o.Graph = append(o.Graph, callGraph(ctx, in, path, o.Token.AccessToken))
		}
		for _, g := range o.Graph {
			if !g.OK() {
				o.Warnings = append(o.Warnings, WarnGraphMissing)
				o.Step = StepGraph
				break
			}
		}
	}
}

func hasScope(scopes []string, want string) bool {
	for _, s := range scopes {
		if strings.EqualFold(s, want) || strings.HasSuffix(strings.ToLower(s), "/"+strings.ToLower(want)) {
			return true
		}
	}
	return false
}

// callGraph makes one GET on Microsoft Graph v1.0 with the token.
func callGraph(ctx context.Context, in *checked, path, token string) GraphCheck {
	g := GraphCheck{Path: path}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(in.graphURL, "/")+"/v1.0"+path, nil)
	if err != nil {
		g.Answer = err.Error()
		return g
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := in.client.Do(req)
	if err != nil {
		g.Answer = err.Error()
		return g
	}
	defer resp.Body.Close()
	g.Status = resp.StatusCode
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		g.Answer = string(body)
	}
	return g
}

// DeviceLoginURL is where a person types the code a printer shows, in a cloud.
func DeviceLoginURL(cloud string) string { return checks.CloudOrGlobal(cloud).DeviceLogin }
