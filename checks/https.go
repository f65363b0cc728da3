package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// ClockTolerance is how far the local clock may be from Microsoft's before tokens fail.
const ClockTolerance = 5 * time.Minute

// ProxyFunc picks the proxy for a request, as http.Transport.Proxy does (nil: none).
type ProxyFunc func(*http.Request) (*url.URL, error)

// Reachability is what the HTTPS probes of a Microsoft host saw.
type Reachability struct {
	Direct, Proxied Step
	Date            time.Time // the Date header of the first answer, for the clock check
}

// Reach asks for target (a Microsoft host over HTTPS) directly and, when a proxy is
// configured for it, through the proxy. Any HTTP answer counts as reachable. "Reachable only
// through the proxy" is the case WebTools Express reports as an internal error.
func Reach(ctx context.Context, target string, proxy ProxyFunc, roots *x509.CertPool, timeout time.Duration) Reachability {
	var r Reachability
	r.Direct, r.Date = get(ctx, "https-direct", target, nil, roots, timeout)
	if proxy != nil {
		if req, err := http.NewRequest(http.MethodGet, target, nil); err == nil {
			if u, err := proxy(req); err == nil && u != nil {
				var date time.Time
				r.Proxied, date = get(ctx, "https-proxy", target, proxy, roots, timeout)
				r.Proxied.Detail = u.Redacted() + ": " + r.Proxied.Detail
				if r.Date.IsZero() {
					r.Date = date
				}
			}
		}
	}
	return r
}

// Verdict sums up reachability as one step: direct is fine; only through the proxy means the
// printer needs the proxy settings; neither means no route.
func (r Reachability) Verdict() Step {
	s := r.Direct
	s.ID = "https"
	switch {
	case r.Direct.Status == Pass:
	case r.Proxied.Status == Pass: // the detail is the proxy's answer: no error to sum up
		s.Status, s.Codes, s.Detail, s.Reason = Fail, []string{"check:proxy-only"}, r.Proxied.Detail, ""
	default:
		s.Status, s.Codes = Fail, []string{"check:https-unreachable"}
	}
	return s
}

// Clock compares the local time with Microsoft's Date header.
func Clock(date time.Time, now time.Time) Step {
	s := Step{ID: "clock"}
	if date.IsZero() {
		s.Status = Skip
		return s
	}
	skew := now.Sub(date).Round(time.Second)
	s.Detail = fmt.Sprintf("%+v", skew)
	if skew > ClockTolerance || skew < -ClockTolerance {
		s.Status, s.Codes = Warn, []string{"check:clock"}
		return s
	}
	s.Status = Pass
	return s
}

func get(ctx context.Context, id, target string, proxy ProxyFunc, roots *x509.CertPool, timeout time.Duration) (Step, time.Time) {
	start := time.Now()
	tr := &http.Transport{Proxy: proxy, TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout: timeout, ResponseHeaderTimeout: timeout}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return Step{ID: id, Status: Fail}.failedOn(err), time.Time{}
	}
	resp, err := client.Do(req)
	s := timed(id, start)
	if err != nil {
		s = s.failedOn(err)
		s.Status = Fail
		if errors.As(err, new(x509.UnknownAuthorityError)) {
			s.Codes = []string{"check:tls-untrusted"}
		}
		// A proxy's refusal of the tunnel (CONNECT answered 407, 502...) is a bare error
		// holding its status text.
		if s.Reason == "" && proxy != nil {
			s.Reason = "proxy"
		}
		return s, time.Time{}
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	s.Status, s.Detail = Pass, resp.Status
	date, _ := http.ParseTime(resp.Header.Get("Date"))
	return s, date
}
