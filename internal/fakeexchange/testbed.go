package fakeexchange

import (
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Testbed is a fake Exchange and a fake Microsoft sign-in host for one test, stopped when the
// test ends. The system proxy is cleared, so that the sign-in host is reached directly.
type Testbed struct {
	*Server
	Port     string         // the SMTP port on 127.0.0.1
	LoginURL string         // an HTTPS host answering any request
	Roots    *x509.CertPool // trusts both servers
	RootsPEM []byte         // the same, for a --ca-file
}

// NewTestbed starts both servers.
func NewTestbed(tb testing.TB, script Script) *Testbed {
	tb.Setenv("HTTPS_PROXY", "")
	tb.Setenv("https_proxy", "")
	srv, err := Start(script)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(srv.Close)
	login := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	tb.Cleanup(login.Close)
	_, port, _ := net.SplitHostPort(srv.Addr)
	roots := srv.CAs.Clone()
	roots.AddCert(login.Certificate())
	pemData := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: login.Certificate().Raw}), srv.caPEM...)
	return &Testbed{Server: srv, Port: port, LoginURL: login.URL, Roots: roots, RootsPEM: pemData}
}
