package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"mfp365/input"
)

// Cloud is a Microsoft 365 cloud with its sign-in and Graph hosts.
type Cloud struct {
	Name        string // "global", "usgov", "china"
	LoginHost   string // sign-in host
	Instance    string // cloud_instance_name its tenants announce
	GraphURL    string // Microsoft Graph
	DeviceLogin string // the page where a person types a device code
	SMTPScope   string // the Exchange Online SMTP.Send scope of this cloud
}

// Clouds are Microsoft's public and sovereign clouds.
var Clouds = []Cloud{
	{"global", "login.microsoftonline.com", "microsoftonline.com", "https://graph.microsoft.com",
		"https://microsoft.com/devicelogin", "https://outlook.office.com/SMTP.Send"},
	{"usgov", "login.microsoftonline.us", "microsoftonline.us", "https://graph.microsoft.us",
		"https://microsoft.com/deviceloginus", "https://outlook.office365.us/SMTP.Send"},
	{"china", "login.partner.microsoftonline.cn", "partner.microsoftonline.cn", "https://microsoftgraph.chinacloudapi.cn",
		"https://microsoft.com/deviceloginchina", "https://partner.outlook.cn/SMTP.Send"},
}

// CloudNamed returns the cloud with that name, or false.
func CloudNamed(name string) (Cloud, bool) {
	for _, c := range Clouds {
		if c.Name == name {
			return c, true
		}
	}
	return Cloud{}, false
}

// CloudOrGlobal returns the cloud with that name; "" or an unknown name gives the global cloud.
func CloudOrGlobal(name string) Cloud {
	if c, ok := CloudNamed(name); ok {
		return c
	}
	return Clouds[0]
}

// LoginURL is the address of the cloud's sign-in host, whose reachability over HTTPS the
// connection test checks.
func (c Cloud) LoginURL() string { return "https://" + c.LoginHost + "/" }

// CloudOfInstance returns the cloud whose tenants announce this cloud_instance_name.
func CloudOfInstance(instance string) (Cloud, bool) {
	for _, c := range Clouds {
		if strings.EqualFold(c.Instance, instance) {
			return c, true
		}
	}
	return Cloud{}, false
}

var (
	guidPattern   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	domainPattern = regexp.MustCompile(`^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$`)
)

// maxInput bounds every identifier typed or pasted.
const maxInput = 256

// Tenant checks a directory (tenant) ID offline: a GUID or a domain such as
// contoso.onmicrosoft.com. Microsoft answers anything else with AADSTS900023.
func Tenant(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) <= maxInput && (guidPattern.MatchString(s) || domainPattern.MatchString(s)) {
		return strings.ToLower(s), nil
	}
	return "", input.Refuse("tenant", s, "tenant") // Microsoft answers AADSTS900023
}

// ClientID checks an application (client) ID offline: a GUID. Microsoft answers anything else
// with AADSTS90112 (the application identifier is expected to be a GUID).
func ClientID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if guidPattern.MatchString(s) {
		return strings.ToLower(s), nil
	}
	return "", input.Refuse("client_id", s, "client_id") // Microsoft answers AADSTS90112
}

// Authority checks a replacement for https://login.microsoftonline.com: https, or http on a
// loopback address only (tests and local relays).
func Authority(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(s), "/"))
	if err == nil && u.Host != "" && u.RawQuery == "" && u.Fragment == "" && u.User == nil {
		if u.Scheme == "https" || u.Scheme == "http" && isLoopback(u.Hostname()) {
			return u, nil
		}
	}
	return nil, input.Refuse("authority", s, "authority")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// EntraAnswer is an HTTP answer from Microsoft Entra that was not a success: its status and
// body, Microsoft's documented error JSON ({"error", "error_description", "error_codes",
// "trace_id", "correlation_id", "timestamp"}), which the knowledge base reads.
type EntraAnswer struct {
	Status     int
	Body       string
	OAuthError string // the OAuth error value ("invalid_tenant"), when the body is Microsoft's JSON
	Codes      []int  // error_codes
}

func (a *EntraAnswer) Error() string {
	return fmt.Sprintf("HTTP %d %s %v", a.Status, a.OAuthError, a.Codes)
}

// ParseEntraAnswer reads a failed answer of Microsoft's; the body is bounded.
func ParseEntraAnswer(status int, body []byte) *EntraAnswer {
	a := &EntraAnswer{Status: status, Body: string(body)}
	var doc struct {
		Error string `json:"error"`
		Codes []int  `json:"error_codes"`
	}
	if json.Unmarshal(body, &doc) == nil {
		a.OAuthError, a.Codes = doc.Error, doc.Codes
	}
	return a
}

// maxAnswer bounds what is read of any answer.
const maxAnswer = 1 << 20

// TenantInfo is what a tenant's OpenID configuration says of it.
type TenantInfo struct {
	TenantID string // the directory GUID, read from the issuer
	Instance string // cloud_instance_name ("microsoftonline.com")
	Region   string // tenant_region_scope ("EU", "NA", "USGov"...)
	Duration time.Duration
}

// TenantExists asks the sign-in host for the tenant's OpenID configuration
// (GET {base}/{tenant}/v2.0/.well-known/openid-configuration). An unknown tenant is an
// *EntraAnswer (invalid_tenant, AADSTS90002); a network failure is returned as is.
func TenantExists(ctx context.Context, client *http.Client, base *url.URL, tenant string) (TenantInfo, error) {
	start := time.Now()
	u := base.JoinPath(tenant, "v2.0", ".well-known", "openid-configuration")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return TenantInfo{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return TenantInfo{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return TenantInfo{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return TenantInfo{}, ParseEntraAnswer(resp.StatusCode, body)
	}
	var doc struct {
		Issuer   string `json:"issuer"`
		Instance string `json:"cloud_instance_name"`
		Region   string `json:"tenant_region_scope"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return TenantInfo{}, fmt.Errorf("openid-configuration: %w", err)
	}
	info := TenantInfo{Instance: doc.Instance, Region: doc.Region, Duration: time.Since(start)}
	// The issuer is https://{host}/{tenant GUID}/v2.0.
	if iu, err := url.Parse(doc.Issuer); err == nil {
		if parts := strings.Split(strings.Trim(iu.Path, "/"), "/"); len(parts) > 0 && guidPattern.MatchString(parts[0]) {
			info.TenantID = strings.ToLower(parts[0])
		}
	}
	return info, nil
}
