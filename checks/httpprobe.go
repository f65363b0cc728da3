package checks

import (
	"context"
	"crypto/tls"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// AdminPage is what a printer's web page says of itself.
type AdminPage struct {
	URL    string // the page that answered
	Title  string
	Server string // the Server header
}

var titlePattern = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// maxRedirects bounds the redirects a printer's page may ask for (on its own host only).
const maxRedirects = 3

// ProbeAdminPage reads the title and Server header of a printer's admin page. Printers' own
// certificates are self-signed: the page is only read for its title, never trusted with
// anything, so an HTTPS page whose certificate cannot be verified is read over plain HTTP.
// Only the printer is reached: a redirect to another host is not followed, and no user
// information of the URL is sent (it would go as Basic authentication) or shown.
func ProbeAdminPage(ctx context.Context, url string, timeout time.Duration) (AdminPage, error) {
	client := &http.Client{Timeout: timeout, Transport: &http.Transport{Proxy: nil,
		TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}, CheckRedirect: sameHost}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return AdminPage{}, err
	}
	req.URL.User = nil
	resp, err := client.Do(req)
	if err != nil && strings.HasPrefix(url, "https://") {
		return ProbeAdminPage(ctx, "http://"+strings.TrimPrefix(url, "https://"), timeout)
	}
	if err != nil {
		return AdminPage{}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	final := *resp.Request.URL
	final.User = nil
	page := AdminPage{URL: final.String(), Server: printable([]byte(resp.Header.Get("Server")))}
	if m := titlePattern.FindSubmatch(body); m != nil {
		page.Title = printable([]byte(html.UnescapeString(strings.Join(strings.Fields(string(m[1])), " "))))
	}
	return page, nil
}

// sameHost follows a redirect only on the host first asked, without user information.
func sameHost(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects || req.URL.Hostname() != via[0].URL.Hostname() {
		return http.ErrUseLastResponse // the printer's own answer is read, not the other host's
	}
	req.URL.User = nil
	req.Header.Del("Authorization")
	return nil
}
