package checks

// The MX endpoint of a relay or Direct Send (port 25, no AUTH), and the SPF record Direct Send
// needs. Microsoft's guidance: resolve the domain's MX record (never build
// contoso-com.mail.protection.outlook.com from the name: newer domains get *.mx.microsoft), and
// for Direct Send publish SPF with include:spf.protection.outlook.com or the site's address.

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strings"
	"time"
)

// exchangeMX are the host name endings of Exchange Online's MX endpoints.
var exchangeMX = []string{".mail.protection.outlook.com", ".mx.microsoft"}

// ExchangeSPF is the mechanism that authorizes Exchange Online in an SPF record.
const ExchangeSPF = "include:spf.protection.outlook.com"

// LookupMX resolves a domain's MX record and returns its preferred host: the mx step says
// whether it is an Exchange Online endpoint.
func LookupMX(ctx context.Context, lookup func(context.Context, string) ([]*net.MX, error), domain string, timeout time.Duration) (string, Step) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	records, err := lookup(ctx, domain)
	s := timed("mx", start)
	if err != nil || len(records) == 0 {
		if err != nil {
			s = s.failedOn(err)
		} else {
			s.Detail = domain
		}
		return "", s.fail("check:mx-none")
	}
	sort.Slice(records, func(i, j int) bool { return records[i].Pref < records[j].Pref })
	host := strings.TrimSuffix(strings.ToLower(records[0].Host), ".")
	s.Detail = host
	if !IsExchangeMX(host) {
		s.Status, s.Codes = Warn, []string{"check:mx-not-exo"}
		return host, s
	}
	s.Status = Pass
	return host, s
}

// IsExchangeMX reports whether a host is one of Exchange Online's MX endpoints.
func IsExchangeMX(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, end := range exchangeMX {
		if strings.HasSuffix(host, end) {
			return true
		}
	}
	return false
}

// CheckSPF reads a domain's SPF record (TXT "v=spf1 ..."): Direct Send needs it to name
// Exchange Online (or the site's public address, which only the admin knows).
func CheckSPF(ctx context.Context, lookup func(context.Context, string) ([]string, error), domain string, timeout time.Duration) Step {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	records, err := lookup(ctx, domain)
	s := timed("spf", start)
	var spf []string
	for _, r := range records {
		if f := strings.Fields(strings.ToLower(r)); len(f) > 0 && f[0] == "v=spf1" {
			spf = append(spf, r)
		}
	}
	switch {
	case err != nil && len(spf) == 0:
		s = s.failedOn(err)
		s.Status, s.Codes = Warn, []string{"check:spf-missing"}
	case len(spf) == 0:
		s.Status, s.Codes, s.Detail = Warn, []string{"check:spf-missing"}, domain
	case len(spf) > 1:
		s.Status, s.Codes, s.Detail = Warn, []string{"check:spf-multiple"}, fmt.Sprintf("%d × v=spf1", len(spf))
	case !hasWord(strings.ToLower(spf[0]), ExchangeSPF):
		s.Status, s.Codes, s.Detail = Warn, []string{"check:spf-no-exchange"}, bounded(spf[0])
	default:
		s.Status, s.Detail = Pass, bounded(spf[0])
	}
	return s
}

// bounded cuts a value from the network to a size a step's detail can show.
func bounded(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
