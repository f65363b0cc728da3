// Package fakeexchange is a real SMTP submission server (emersion/go-smtp) on loopback, with
// STARTTLS under a test certificate authority, scripted to answer as Exchange Online does:
// AUTH XOAUTH2 only after TLS, and the replies Exchange gives at the step where it gives them
// (535 5.7.139 at AUTH, 530 5.7.57 at MAIL, 550 5.7.60 at RCPT, 554 5.2.252 after DATA).
package fakeexchange

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Token is the access token the server accepts.
const Token = "eyJ0eXAiOiJKV1QifQ.eyJ1cG4iOiJzY2FuQGNvbnRvc28uZnIifQ.c2VjcmV0LXNpZ25hdHVyZQ"

// Script says how the server answers.
type Script struct {
	NoStartTLS bool            // do not offer STARTTLS
	OldTLS     bool            // offer only TLS 1.0 and 1.1
	Untrusted  bool            // present a certificate from a CA the client does not know
	NoXOAUTH2  bool            // offer AUTH LOGIN only
	AnyToken   bool            // accept any bearer token (one from the fake sign-in)
	Password   string          // accept AUTH LOGIN with this password ("": refuse every password)
	MX         bool            // play an MX endpoint: no AUTH offered, mail accepted without it
	AuthReply  *smtp.SMTPError // refuse AUTH with this reply
	DropInAuth bool            // close the connection in the middle of AUTH
	MailReply  *smtp.SMTPError // refuse MAIL FROM
	RcptReply  *smtp.SMTPError // refuse RCPT TO
	DataReply  *smtp.SMTPError // refuse the message after its final dot
}

// Server is a running fake.
type Server struct {
	Addr   string // host:port on loopback
	CAs    *x509.CertPool
	Script Script

	caPEM    []byte
	srv      *smtp.Server
	mu       sync.Mutex
	messages []string
}

// Start listens on a loopback port with a certificate for "localhost" and 127.0.0.1.
func Start(script Script) (*Server, error) {
	ca, caPEM, leaf, err := testCertificates(script.Untrusted)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: l.Addr().String(), CAs: ca, Script: script, caPEM: caPEM}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s, conn: c}, nil }))
	s.srv.Domain = "AM0PR02CA0001.eurprd02.prod.outlook.com"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 30*time.Second, 30*time.Second
	if !script.NoStartTLS {
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{leaf}, MinVersion: tls.VersionTLS12}
		if script.OldTLS {
			s.srv.TLSConfig.MinVersion, s.srv.TLSConfig.MaxVersion = tls.VersionTLS10, tls.VersionTLS11
		}
	}
	go s.srv.Serve(l)
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Messages returns the messages accepted.
func (s *Server) Messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.messages...)
}

// Exchange's wordings of its replies, for scripts.
var (
	TenantAuthDisabled = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 139},
		Message: "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR02CA0001.eurprd02.prod.outlook.com 2026-11-21T09:12:44.000Z 08DD0A1B2C3D4E5F]"}
	BadToken = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 3},
		Message: "Authentication unsuccessful [AM0PR02CA0001.eurprd02.prod.outlook.com 2026-11-21T09:12:44.000Z 08DD0A1B2C3D4E5F]"}
	NotAuthenticated = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 57},
		Message: "Client not authenticated to send mail. [AM0PR02CA0001.eurprd02.prod.outlook.com 2026-11-21T09:12:44.000Z 08DD0A1B2C3D4E5F]"}
	BadCredentials = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 3},
		Message: "Authentication unsuccessful [AM0PR02CA0001.eurprd02.prod.outlook.com 2026-11-21T09:12:44.000Z 08DD0A1B2C3D4E5F]"}
	// BasicAuthRemoved is the reply once basic authentication is switched off (DESIGN.md).
	BasicAuthRemoved = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 30},
		Message: "Basic authentication is not supported for Client Submission."}
	// The routes' refusals (DESIGN.md): a connector that no longer matches, Direct Send turned
	// off, the wrong region, an unregistered domain, an address not accepted.
	RelayDenied = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 64},
		Message: "TenantAttribution; Relay Access Denied"}
	DirectSendRefused = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 68},
		Message: "TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources"}
	WrongRegion = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 4, 62},
		Message: "Mail sent to the wrong Office 365 region"}
	UnregisteredDomain = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 750},
		Message: "Client blocked from sending from unregistered domains"}
	IPNotAccepted = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 708},
		Message: "Access denied, traffic not accepted from this IP"}
	NoSendAs = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 60},
		Message: "SMTP; Client does not have permissions to send as this sender"}
	SendAsDenied = &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 2, 252},
		Message: "SendAsDenied; scan@contoso.fr not allowed to send as direction@contoso.fr; STOREDRV.Submit; Sender 'direction@contoso.fr' is not allowed."}
)

type session struct {
	s      *Server
	conn   *smtp.Conn
	authed bool
	from   string
}

func (x *session) AuthMechanisms() []string {
	switch {
	case x.s.Script.MX:
		return nil
	case x.s.Script.NoXOAUTH2:
		return []string{sasl.Login}
	}
	return []string{"LOGIN", "XOAUTH2"}
}

func (x *session) Auth(mech string) (sasl.Server, error) {
	if mech == sasl.Login {
		return loginServer(func(password string) error {
			switch {
			case x.s.Script.AuthReply != nil:
				return x.s.Script.AuthReply
			case x.s.Script.Password == "" || password != x.s.Script.Password:
				return BadCredentials
			}
			x.authed = true
			return nil
		}), nil
	}
	if mech != "XOAUTH2" {
		return nil, smtp.ErrAuthUnsupported
	}
	return serverFunc(func(resp []byte) ([]byte, bool, error) {
		if x.s.Script.DropInAuth {
			x.conn.Conn().Close()
			return nil, false, errDrop
		}
		if x.s.Script.AuthReply != nil {
			return nil, false, x.s.Script.AuthReply
		}
		parts := strings.Split(string(resp), "\x01")
		if len(parts) < 2 || parts[1] != "auth=Bearer "+Token && !(x.s.Script.AnyToken && len(parts[1]) > len("auth=Bearer ")) {
			return nil, false, BadToken
		}
		x.authed = true
		return nil, true, nil
	}), nil
}

var errDrop = errors.New("drop")

// loginServer is AUTH LOGIN's server side (go-sasl has none): it asks for the user name, then
// the password, and hands the password to check.
func loginServer(check func(password string) error) sasl.Server {
	got := 0 // responses received: the user name, then the password
	return serverFunc(func(resp []byte) ([]byte, bool, error) {
		if len(resp) == 0 && got == 0 { // no initial response: ask for the user name
			return []byte("Username:"), false, nil
		}
		if got++; got == 1 {
			return []byte("Password:"), false, nil
		}
		return nil, true, check(string(resp))
	})
}

type serverFunc func([]byte) ([]byte, bool, error)

func (f serverFunc) Next(r []byte) ([]byte, bool, error) { return f(r) }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if x.s.Script.MailReply != nil {
		return x.s.Script.MailReply
	}
	if !x.authed && !x.s.Script.MX {
		return NotAuthenticated
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(string, *smtp.RcptOptions) error {
	if x.s.Script.RcptReply != nil {
		return x.s.Script.RcptReply
	}
	return nil
}

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if x.s.Script.DataReply != nil {
		return x.s.Script.DataReply
	}
	x.s.mu.Lock()
	x.s.messages = append(x.s.messages, string(b))
	x.s.mu.Unlock()
	return nil
}

func (x *session) Reset()        {}
func (x *session) Logout() error { return nil }

// testCertificates makes a CA and a leaf for localhost signed by it; untrusted signs the leaf
// with another CA than the one returned (a TLS-inspecting proxy's certificate, as it were).
func testCertificates(untrusted bool) (*x509.CertPool, []byte, tls.Certificate, error) {
	fail := func(err error) (*x509.CertPool, []byte, tls.Certificate, error) {
		return nil, nil, tls.Certificate{}, err
	}
	caKey, caCert, err := newCA("mfp365 test CA")
	if err != nil {
		return fail(err)
	}
	signKey, signCert := caKey, caCert
	if untrusted {
		if signKey, signCert, err = newCA("Inspecting firewall CA"); err != nil {
			return fail(err)
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fail(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signCert, &key.PublicKey, signKey)
	if err != nil {
		return fail(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caCert.Raw})
	return pool, caPEM, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

func newCA(name string) (*ecdsa.PrivateKey, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return key, cert, err
}

// TLS is a server configuration under a fresh test authority (a certificate for localhost and
// 127.0.0.1) and the pool that trusts it: for tests that play a server by hand.
func TLS() (*tls.Config, *x509.CertPool, error) {
	pool, _, leaf, err := testCertificates(false)
	if err != nil {
		return nil, nil, err
	}
	return &tls.Config{Certificates: []tls.Certificate{leaf}, MinVersion: tls.VersionTLS12}, pool, nil
}
