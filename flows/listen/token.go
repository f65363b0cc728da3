package listen

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// Token is what an OAuth access token says of itself (its claims), as Microsoft Entra writes
// them; the signature is not verified and the token itself is not kept.
type Token struct {
	Audience string    `json:"aud"`
	Scope    string    `json:"scp"`
	TenantID string    `json:"tid"`
	Account  string    `json:"upn"`
	App      string    `json:"app"`
	Expires  time.Time `json:"exp"`
	Expired  bool      `json:"expired"`
}

// exchangeAudiences are the audiences of a token for Exchange Online SMTP: its URL, or the
// application ID of Office 365 Exchange Online.
var exchangeAudiences = []string{"https://outlook.office.com", "https://outlook.office365.com", "00000002-0000-0ff1-ce00-000000000000"}

func (t *Token) forExchange() bool {
	for _, a := range exchangeAudiences {
		if strings.EqualFold(strings.TrimSuffix(t.Audience, "/"), a) {
			return true
		}
	}
	return false
}

// maxToken bounds the token read: an access token is a few kilobytes.
const maxToken = 16 << 10

// claimsOf reads a JWT's payload (header.payload.signature, base64url): nil when it is not one.
func claimsOf(token string, now time.Time) *Token {
	parts := strings.Split(token, ".")
	if len(token) > maxToken || len(parts) != 3 {
		return nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil
	}
	var c struct {
		Aud        json.RawMessage `json:"aud"`
		Scp        string          `json:"scp"`
		Tid        string          `json:"tid"`
		Upn        string          `json:"upn"`
		UniqueName string          `json:"unique_name"`
		Pref       string          `json:"preferred_username"`
		AppName    string          `json:"app_displayname"`
		Appid      string          `json:"appid"`
		Azp        string          `json:"azp"`
		Exp        json.Number     `json:"exp"`
	}
	if json.Unmarshal(payload, &c) != nil {
		return nil
	}
	t := &Token{Audience: bounded(audience(c.Aud)), Scope: bounded(c.Scp), TenantID: bounded(c.Tid),
		Account: bounded(firstOf(c.Upn, c.UniqueName, c.Pref)), App: bounded(firstOf(c.AppName, c.Appid, c.Azp))}
	if exp, err := c.Exp.Int64(); err == nil && exp > 0 {
		t.Expires = time.Unix(exp, 0).UTC()
		t.Expired = now.After(t.Expires)
	}
	return t
}

// audience reads "aud": one string, or the first of a list.
func audience(raw json.RawMessage) string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return one
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil && len(list) > 0 {
		return list[0]
	}
	return ""
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
