package checks

// Two questions asked of a printer's own web server: is its clock right (the Date header of its
// admin page, RFC 9110 §6.6.1, against this computer's), and which TLS versions does its HTTPS
// admin page accept. A printer whose TLS stops at 1.0 or 1.1 cannot reach Exchange Online, which
// asks TLS 1.2 at least (421 4.7.66); a clock far off makes certificates and tokens look not yet
// valid or expired.
//
// Both talk to a printer on the LAN and nothing else: redirects are not followed, no credential
// is sent, and nothing read is trusted. That is why these two, and only these two, do not verify
// the certificate: a printer's admin page shows a self-signed certificate made by the printer
// itself, there is no CA to check it against, and the answer asked (a Date header, a protocol
// version) means nothing secret. Every connection to Microsoft is verified (checks/https.go,
// checks/smtp.go).

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// PrinterClockTolerance is how far a printer's clock may be from this computer's.
const PrinterClockTolerance = ClockTolerance

// maxPrinterBody bounds what is read of the admin page (only its headers matter).
const maxPrinterBody = 16 << 10

// PrinterClock reads the Date header of a printer's admin page and compares it with now (nil:
// time.Now), read when the answer arrives. The step is "printer-clock": warn with
// check:printer-clock when the clocks are more than PrinterClockTolerance apart, skip when the
// page does not answer or has no Date. Detail is the offset of the printer's clock ("-2h0m0s":
// behind) and its Date header.
func PrinterClock(ctx context.Context, adminURL string, now func() time.Time, timeout time.Duration) Step {
	start := time.Now()
	if now == nil {
		now = time.Now
	}
	s := Step{ID: "printer-clock", Status: Skip}
	u, err := url.Parse(adminURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		s.Detail = "not an http(s) URL"
		return s
	}
	u.User = nil // never send credentials, even those written in a URL
	tr := &http.Transport{Proxy: nil, DisableKeepAlives: true, TLSHandshakeTimeout: timeout, ResponseHeaderTimeout: timeout,
		// The printer's self-signed admin page: see the comment at the top of this file.
		TLSClientConfig: printerTLSConfig(0)}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return s.failedOn(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		s = s.failedOn(err)
		s.Duration = time.Since(start)
		return s
	}
	arrived := now()
	header := printable([]byte(resp.Header.Get("Date")))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxPrinterBody))
	resp.Body.Close()
	s.Duration = time.Since(start)
	date, err := http.ParseTime(header)
	if err != nil {
		s.Detail = "no Date header"
		if header != "" {
			s.Detail = "Date: " + strings.ToValidUTF8(header[:min(len(header), 100)], "")
		}
		return s
	}
	skew := date.Sub(arrived).Round(time.Second)
	sign := "+"
	if skew < 0 {
		sign = ""
	}
	s.Detail = fmt.Sprintf("%s%v (Date: %s)", sign, skew, header)
	if skew > PrinterClockTolerance || skew < -PrinterClockTolerance {
		s.Status, s.Codes = Warn, []string{"check:printer-clock"}
		return s
	}
	s.Status = Pass
	return s
}

// The TLS versions tried, best first, with their names.
var printerTLSVersions = []struct {
	version uint16
	name    string
}{{tls.VersionTLS13, "TLS 1.3"}, {tls.VersionTLS12, "TLS 1.2"}, {tls.VersionTLS11, "TLS 1.1"}, {tls.VersionTLS10, "TLS 1.0"}}

// PrinterTLS tries a TLS handshake with the printer's HTTPS server in each version, 1.3 down to
// 1.0, and reports the best it accepts. host is an address or name, with a port or not (443).
// The step is "printer-tls": warn with check:printer-tls-old when the best is below TLS 1.2,
// skip when no handshake succeeds (no HTTPS server). Detail names the best version, then every
// version accepted, and on a warning how the TLS 1.2 handshake failed. It stops at the first version accepted below 1.2 (the older ones change
// nothing), and after a connection refused. timeout bounds the whole check.
func PrinterTLS(ctx context.Context, host string, timeout time.Duration) Step {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	s := Step{ID: "printer-tls", Status: Skip}
	addr := host
	if _, _, err := net.SplitHostPort(host); err != nil {
		addr = net.JoinHostPort(strings.Trim(host, "[]"), "443")
	}
	var accepted []string
	var best uint16
	var lastErr, refused12 error
	for _, v := range printerTLSVersions {
		err := handshake(ctx, addr, v.version)
		if v.version == tls.VersionTLS12 {
			refused12 = err
		}
		if err == nil {
			accepted = append(accepted, v.name)
			best = max(best, v.version)
			if v.version < tls.VersionTLS12 {
				break
			}
			continue
		}
		lastErr = err
		var op *net.OpError
		if ctx.Err() != nil || errors.As(err, &op) && op.Op == "dial" {
			break // nothing listens, or no time left: the other versions would say nothing more
		}
	}
	s.Duration = time.Since(start)
	if len(accepted) == 0 {
		if lastErr != nil {
			s = s.failedOn(lastErr)
		}
		return s
	}
	s.Detail = accepted[0] + " (" + strings.Join(accepted, ", ") + ")"
	if best < tls.VersionTLS12 {
		s.Status, s.Codes = Warn, []string{"check:printer-tls-old"}
		if refused12 != nil { // how TLS 1.2 was refused, to tell a version refused from anything else
			s.Detail += "; TLS 1.2: " + refused12.Error()
		}
		return s
	}
	s.Status = Pass
	return s
}

// handshake connects to addr and completes a TLS handshake in exactly one version.
func handshake(ctx context.Context, addr string, version uint16) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	cfg := printerTLSConfig(version)
	if h, _, err := net.SplitHostPort(addr); err == nil && net.ParseIP(h) == nil {
		cfg.ServerName = h // the name, for a server that picks its certificate by SNI
	}
	return tls.Client(conn, cfg).HandshakeContext(ctx)
}

// printerTLSConfig is the configuration of the connections to a printer's own admin page only
// (see the comment at the top of this file): no verification, and every cipher suite Go implements, the
// insecure ones included, since an old printer may know no other and only its version is
// asked. version 0 lets the versions be negotiated from TLS 1.0 up.
func printerTLSConfig(version uint16) *tls.Config {
	suites := []uint16{}
	for _, cs := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		suites = append(suites, cs.ID)
	}
	c := &tls.Config{InsecureSkipVerify: true, CipherSuites: suites, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS13} //nolint:gosec // a LAN printer's self-signed admin page, see above
	if version != 0 {
		c.MinVersion, c.MaxVersion = version, version
	}
	return c
}
