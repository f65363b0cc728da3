package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestPrinterClock: admin pages on loopback whose Date is 2 hours behind, right, missing, or
// garbage; an HTTPS page with the self-signed certificate printers have.
func TestPrinterClock(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	page := func(date string) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "" || r.URL.User != nil {
				t.Error("credentials sent to a printer")
			}
			w.Header()["Date"] = []string{date} // nil: no Date header at all
			if date == "" {
				w.Header()["Date"] = nil
			}
			w.Write([]byte(strings.Repeat("<p>EPSON</p>", 10000))) // more than is read
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	for _, tc := range []struct {
		date   string
		status Status
		detail string
	}{
		{now.Add(-2 * time.Hour).Format(http.TimeFormat), Warn, "-2h0m0s (Date: Mon, 02 Mar 2026 08:00:00 GMT)"},
		{"Thu, 01 Jan 1970 00:00:12 GMT", Warn, "-4923"},
		{now.Add(90 * time.Second).Format(http.TimeFormat), Pass, "+1m30s"},
		{"", Skip, "no Date header"},
		{"demain", Skip, "Date: demain"},
	} {
		s := PrinterClock(context.Background(), page(tc.date).URL+"/PRESENTATION/HTML/TOP/INDEX.HTML", nil, clock, time.Second)
		if s.ID != "printer-clock" || s.Status != tc.status || !strings.HasPrefix(s.Detail, tc.detail) ||
			(tc.status == Warn) != (len(s.Codes) == 1 && s.Codes[0] == "check:printer-clock") {
			t.Errorf("Date %q: %+v", tc.date, s)
		}
	}
	// A redirect is not followed: the first answer's Date counts.
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", now.Format(http.TimeFormat))
		http.Redirect(w, r, "http://192.0.2.1/", http.StatusFound)
	}))
	defer redirect.Close()
	if s := PrinterClock(context.Background(), redirect.URL, nil, clock, time.Second); s.Status != Pass {
		t.Errorf("redirect: %+v", s)
	}
	// HTTPS verified against the root given, and credentials in the URL that are not sent.
	tlsPage := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Error("credentials sent to a printer")
		}
		w.Header().Set("Date", now.Add(time.Hour).Format(http.TimeFormat))
	}))
	defer tlsPage.Close()
	roots := x509.NewCertPool()
	roots.AddCert(tlsPage.Certificate())
	u := strings.Replace(tlsPage.URL, "https://", "https://admin:secret@", 1)
	if s := PrinterClock(context.Background(), u, roots, clock, time.Second); s.Status != Warn || !strings.HasPrefix(s.Detail, "+1h0m0s") {
		t.Errorf("https: %+v", s)
	}
	// A certificate the printer made itself is not trusted: nothing is asked over it, and
	// the plain page (port 80 of that host) is asked instead.
	var asked atomic.Int32
	selfSigned := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { asked.Add(1) }))
	selfSigned.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake refused
	defer selfSigned.Close()
	if s := PrinterClock(context.Background(), selfSigned.URL, nil, clock, time.Second); s.Status == Pass || s.Status == Warn || asked.Load() != 0 {
		t.Errorf("an unverified page was read: %+v, %d requests", s, asked.Load())
	}
	// Nothing listens: skipped, with the reason.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	if s := PrinterClock(context.Background(), "http://"+addr+"/", nil, clock, time.Second); s.Status != Skip || s.Reason == "" {
		t.Errorf("closed port: %+v", s)
	}
	if s := PrinterClock(context.Background(), "javascript:alert(1)", nil, clock, time.Second); s.Status != Skip {
		t.Errorf("not a URL: %+v", s)
	}
}

// TestPrinterTLS: HTTPS servers on loopback limited to TLS 1.1 (a printer stuck there), to TLS
// 1.2, and open to 1.0 through 1.3, each with the self-signed certificate printers have: the
// version is read from the verified handshake, whose certificate check fails.
func TestPrinterTLS(t *testing.T) {
	for _, tc := range []struct {
		min, max uint16
		status   Status
		detail   string
	}{
		{tls.VersionTLS10, tls.VersionTLS11, Warn, "TLS 1.1 (TLS 1.1); TLS 1.2: remote error: tls: protocol version not supported"},
		{tls.VersionTLS10, tls.VersionTLS10, Warn, "TLS 1.0 (TLS 1.0); TLS 1.2: remote error: tls: protocol version not supported"},
		{tls.VersionTLS12, tls.VersionTLS12, Pass, "TLS 1.2 (TLS 1.2)"},
		{tls.VersionTLS10, tls.VersionTLS13, Pass, "TLS 1.3 (TLS 1.3, TLS 1.2, TLS 1.1)"},
	} {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		srv.TLS = &tls.Config{MinVersion: tc.min, MaxVersion: tc.max}
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused versions
		srv.StartTLS()
		s := PrinterTLS(context.Background(), srv.Listener.Addr().String(), nil, 2*time.Second)
		srv.Close()
		if s.ID != "printer-tls" || s.Status != tc.status || s.Detail != tc.detail ||
			(tc.status == Warn) != (len(s.Codes) == 1 && s.Codes[0] == "check:printer-tls-old") {
			t.Errorf("server %x-%x: %+v", tc.min, tc.max, s)
		}
	}
	// Nothing listens: one connection refused, skipped.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	if s := PrinterTLS(context.Background(), addr, nil, time.Second); s.Status != Skip || s.Reason == "" || len(s.Codes) != 0 {
		t.Errorf("closed port: %+v", s)
	}
	// Plain HTTP where HTTPS was expected: no handshake, skipped.
	plain := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer plain.Close()
	if s := PrinterTLS(context.Background(), plain.Listener.Addr().String(), nil, time.Second); s.Status != Skip {
		t.Errorf("plain HTTP: %+v", s)
	}
}
