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

// ProbeAdminPage reads the title and Server header of a printer's admin page. Printers' own
// certificates are self-signed: the page is only read for its title, never trusted with
// anything, so an HTTPS page whose certificate cannot be verified is read over plain HTTP.
func ProbeAdminPage(ctx context.Context, url string, timeout time.Duration) (AdminPage, error) {
	client := &http.Client{Timeout: timeout, Transport: &http.Transport{Proxy: nil,
		TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return AdminPage{}, err
	}
	resp, err := client.Do(req)
	if err != nil && strings.HasPrefix(url, "https://") {
		return ProbeAdminPage(ctx, "http://"+strings.TrimPrefix(url, "https://"), timeout)
	}
	if err != nil {
		return AdminPage{}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	page := AdminPage{URL: resp.Request.URL.String(), Server: printable([]byte(resp.Header.Get("Server")))}
	if m := titlePattern.FindSubmatch(body); m != nil {
		page.Title = printable([]byte(html.UnescapeString(strings.Join(strings.Fields(string(m[1])), " "))))
	}
	return page, nil
}
