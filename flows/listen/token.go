package listen

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
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
	// ExpOutOfRange: the token's exp was past the latest date JSON can hold (year 9999):
	// Expires is then lastDate.
	ExpOutOfRange bool `json:"exp_out_of_range,omitempty"`
}

// lastDate is the latest Expires: json.Marshal refuses a time.Time past year 9999, and one
// printer's token must not cost the other sessions their output.
var lastDate = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

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
	if err != nil || !bytes.HasPrefix(bytes.TrimSpace(payload), []byte("{")) {
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
		Exp        json.RawMessage `json:"exp"`
	}
	var typeErr *json.UnmarshalTypeError // a claim of another type than Entra's is left out, not the others
	if err := json.Unmarshal(payload, &c); err != nil && !errors.As(err, &typeErr) {
		return nil
	}
	t := &Token{Audience: bounded(audience(c.Aud)), Scope: bounded(c.Scp), TenantID: bounded(c.Tid),
		Account: bounded(firstOf(c.Upn, c.UniqueName, c.Pref)), App: bounded(firstOf(c.AppName, c.Appid, c.Azp))}
	t.Expires, t.ExpOutOfRange = expiry(c.Exp)
	t.Expired = !t.Expires.IsZero() && now.After(t.Expires)
	return t
}

// expiry reads "exp", seconds since 1970 (RFC 7519 §4.1.4: a NumericDate, which may have a
// fraction), a number or a string holding one: the zero time when there is none, or it is
// not after 1970; lastDate and true when it is past lastDate.
func expiry(raw json.RawMessage) (time.Time, bool) {
	var exp json.Number
	if json.Unmarshal(raw, &exp) != nil {
		return time.Time{}, false
	}
	f, err := exp.Float64() // +Inf and ErrRange when too large
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange) || !(f > 0):
		return time.Time{}, false
	case f > float64(lastDate.Unix()):
		return lastDate, true
	}
	if n, err := exp.Int64(); err == nil { // exactly, when it is an integer
		return time.Unix(n, 0).UTC(), false
	}
	return time.Unix(int64(f), 0).UTC(), false
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
