package checks

// Two questions asked of a printer's own web server: is its clock right (the Date header of its
// admin page, RFC 9110 §6.6.1, against this computer's), and which TLS versions does its HTTPS
// admin page accept. A printer whose TLS stops at 1.0 or 1.1 cannot reach Exchange Online, which
// asks TLS 1.2 at least (421 4.7.66); a clock far off makes certificates and tokens look not yet
// valid or expired.
//
// Both talk to a printer on the LAN and nothing else: redirects are not followed, no credential
// is sent, and nothing read is trusted. TLS is verified here too (against the system's roots,
// or the ones given): a printer's admin page mostly shows a certificate it made itself, which
// fails verification. Then nothing is sent over that connection: the version is read from the
// handshake, which agrees on it before the certificate is checked, and the Date from the
// printer's plain HTTP page, which every answer carries, a redirect to HTTPS included.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
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
//
// An HTTPS page whose certificate cannot be verified is not read: the printer's plain page at
// the same host (port 80) is asked instead.
func PrinterClock(ctx context.Context, adminURL string, rootCAs *x509.CertPool, now func() time.Time, timeout time.Duration) Step {
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
		TLSClientConfig: printerTLSConfig(0, rootCAs)}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return s.failedOn(err)
	}
	resp, err := client.Do(req)
	var unverified *tls.CertificateVerificationError
	if errors.As(err, &unverified) && u.Scheme == "https" { // its own certificate: its plain page
		u.Scheme, u.Host, u.Path, u.RawQuery = "http", hostPort(u.Hostname()), "/", ""
		if req, err = http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil); err == nil {
			resp, err = client.Do(req)
		}
	}
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
func PrinterTLS(ctx context.Context, host string, rootCAs *x509.CertPool, timeout time.Duration) Step {
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
		err := handshake(ctx, addr, v.version, rootCAs)
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

// handshake connects to addr and completes a TLS handshake in exactly one version. A handshake
// that ends on a certificate that cannot be verified (the printer made it itself) has agreed on
// the version all the same, and nothing is sent over it.
func handshake(ctx context.Context, addr string, version uint16, rootCAs *x509.CertPool) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	cfg := printerTLSConfig(version, rootCAs)
	cfg.ServerName, _, _ = net.SplitHostPort(addr) // its name or address, which the certificate is checked for
	c := tls.Client(conn, cfg)
	err = c.HandshakeContext(ctx)
	var unverified *tls.CertificateVerificationError
	if errors.As(err, &unverified) && c.ConnectionState().Version == version {
		return nil
	}
	return err
}

// hostPort is a host as a URL's host: an IPv6 address in brackets.
func hostPort(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// printerTLSConfig is the configuration of the connections to a printer's own admin page:
// verified against rootCAs (nil: the system's), with every cipher suite Go implements, the
// insecure ones included, since an old printer may know no other and only its version is
// asked. version 0 lets the versions be negotiated from TLS 1.0 up.
func printerTLSConfig(version uint16, rootCAs *x509.CertPool) *tls.Config {
	suites := []uint16{}
	for _, cs := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		suites = append(suites, cs.ID)
	}
	c := &tls.Config{RootCAs: rootCAs, CipherSuites: suites, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS13}
	if version != 0 {
		c.MinVersion, c.MaxVersion = version, version
	}
	return c
}
