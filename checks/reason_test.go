package checks

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"mfp365/internal/fakeexchange"
)

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l := listen(t)
	addr := l.Addr().String()
	l.Close()
	return addr
}

// serve accepts connections on a loopback listener until the test ends, handing each to
// handle, and returns its address.
func serve(t *testing.T, l net.Listener, handle func(net.Conn)) string {
	t.Helper()
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			handle(c)
		}
	}()
	return l.Addr().String()
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// silentServer accepts connections and never writes; they close when the test ends.
func silentServer(t *testing.T) string {
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return serve(t, listen(t), func(c net.Conn) { mu.Lock(); conns = append(conns, c); mu.Unlock() })
}

// closingServer accepts connections and closes each at once: gracefully, or with a reset
// (SO_LINGER 0).
func closingServer(t *testing.T, reset bool) string {
	return serve(t, listen(t), func(c net.Conn) {
		if reset {
			c.(*net.TCPConn).SetLinger(0)
		}
		c.Close()
	})
}

// readErr connects to addr and returns the error of the first read.
func readErr(t *testing.T, addr string, timeout time.Duration) error {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err // the server's reset can come before the dial returns
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(timeout))
	time.Sleep(50 * time.Millisecond) // let the server's close arrive
	_, err = c.Read(make([]byte, 1))
	return err
}

// certificate makes a self-signed server certificate for name and 127.0.0.1, and a pool that
// trusts it.
func certificate(t *testing.T, name string, notAfter time.Time, usage x509.ExtKeyUsage) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		DNSNames: []string{name}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: notAfter.Add(-48 * time.Hour), NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{usage},
		IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// tlsServer answers TLS handshakes with cfg until the test ends.
func tlsServer(t *testing.T, cfg *tls.Config) string {
	return serve(t, tls.NewListener(listen(t), cfg), func(c net.Conn) {
		go func() {
			defer c.Close()
			c.SetDeadline(time.Now().Add(5 * time.Second))
			_ = c.(*tls.Conn).Handshake()
		}()
	})
}

// handshakeErr is the error of a TLS client handshake with addr.
func handshakeErr(addr string, cfg *tls.Config) error {
	d := &net.Dialer{Timeout: 2 * time.Second}
	c, err := tls.DialWithDialer(d, "tcp", addr, cfg)
	if err == nil {
		c.Close()
	}
	return err
}

// DNS answers (RFC 1035, 4.1.1): the RCODE the fake server gives, or none at all.
const (
	rcodeServFail = 2
	rcodeNXDomain = 3
	noAnswer      = -1
)

// fakeDNS is a DNS server on loopback UDP that answers every query with rcode, and a resolver
// that asks only it.
func fakeDNS(t *testing.T, rcode int) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if reply := dnsReply(buf[:n], rcode); reply != nil {
				pc.WriteTo(reply, from)
			}
		}
	}()
	return resolverAt(pc.LocalAddr().String())
}

func resolverAt(addr string) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
}

// dnsReply is the header and question of query, with the response bit and rcode set and no
// other section.
func dnsReply(query []byte, rcode int) []byte {
	if rcode == noAnswer || len(query) < 12 {
		return nil
	}
	end := 12
	for end < len(query) && query[end] != 0 {
		end += int(query[end]) + 1
	}
	end += 5 // the root label, QTYPE, QCLASS
	if end > len(query) {
		return nil
	}
	reply := append([]byte(nil), query[:end]...)
	reply[2] = 0x80 | query[2]&0x01 // QR, RD copied
	reply[3] = 0x80 | byte(rcode)   // RA
	reply[4], reply[5] = 0, 1       // QDCOUNT
	clear(reply[6:12])              // ANCOUNT, NSCOUNT, ARCOUNT
	return reply
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// TestReasonOfLoopback: the classifier on errors the standard library really returns.
func TestReasonOfLoopback(t *testing.T) {
	good, goodRoots := certificate(t, "localhost", time.Now().Add(24*time.Hour), x509.ExtKeyUsageServerAuth)
	expired, expiredRoots := certificate(t, "localhost", time.Now().Add(-24*time.Hour), x509.ExtKeyUsageServerAuth)
	clientOnly, clientOnlyRoots := certificate(t, "localhost", time.Now().Add(24*time.Hour), x509.ExtKeyUsageClientAuth)
	goodTLS := tlsServer(t, &tls.Config{Certificates: []tls.Certificate{good}})
	oldTLS := tlsServer(t, &tls.Config{Certificates: []tls.Certificate{good}, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()

	for _, tc := range []struct {
		want string
		err  func(t *testing.T) error
	}{
		{"refused", func(t *testing.T) error { _, err := net.Dial("tcp", closedPort(t)); return err }},
		{"timeout", func(t *testing.T) error { return readErr(t, silentServer(t), 100*time.Millisecond) }},
		{"timeout", func(t *testing.T) error {
			ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
			defer cancel()
			time.Sleep(time.Millisecond)
			_, err := (&net.Dialer{}).DialContext(ctx, "tcp", silentServer(t))
			return err
		}},
		{"cancelled", func(t *testing.T) error {
			_, err := (&net.Dialer{}).DialContext(cancelled(), "tcp", silentServer(t))
			return err
		}},
		{"cancelled", func(t *testing.T) error {
			_, err := fakeDNS(t, noAnswer).LookupHost(cancelled(), "smtp.contoso.invalid.")
			return err
		}},
		{"closed", func(t *testing.T) error { return readErr(t, closingServer(t, false), time.Second) }},
		{"reset", func(t *testing.T) error { return readErr(t, closingServer(t, true), time.Second) }},
		{"dns-not-found", func(t *testing.T) error {
			_, err := fakeDNS(t, rcodeNXDomain).LookupHost(context.Background(), "smtp.contoso.invalid.")
			return err
		}},
		{"dns-not-found", func(t *testing.T) error { // as the dial of an HTTP client wraps it
			c := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{Resolver: fakeDNS(t, rcodeNXDomain)}).DialContext}}
			_, err := c.Get("http://login.contoso.invalid./")
			return err
		}},
		{"dns-timeout", func(t *testing.T) error {
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_, err := fakeDNS(t, noAnswer).LookupHost(ctx, "smtp.contoso.invalid.")
			return err
		}},
		{"dns-failed", func(t *testing.T) error {
			_, err := fakeDNS(t, rcodeServFail).LookupHost(context.Background(), "smtp.contoso.invalid.")
			return err
		}},
		{"dns-no-server", func(t *testing.T) error {
			pc, _ := net.ListenPacket("udp", "127.0.0.1:0")
			addr := pc.LocalAddr().String()
			pc.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, err := resolverAt(addr).LookupHost(ctx, "smtp.contoso.invalid.")
			return err
		}},
		{"tls-unknown-authority", func(t *testing.T) error {
			return handshakeErr(goodTLS, &tls.Config{ServerName: "localhost", RootCAs: x509.NewCertPool()})
		}},
		{"tls-hostname", func(t *testing.T) error {
			return handshakeErr(goodTLS, &tls.Config{ServerName: "smtp.office365.com", RootCAs: goodRoots})
		}},
		{"tls-expired", func(t *testing.T) error {
			addr := tlsServer(t, &tls.Config{Certificates: []tls.Certificate{expired}})
			return handshakeErr(addr, &tls.Config{ServerName: "localhost", RootCAs: expiredRoots})
		}},
		{"tls-certificate", func(t *testing.T) error {
			addr := tlsServer(t, &tls.Config{Certificates: []tls.Certificate{clientOnly}})
			return handshakeErr(addr, &tls.Config{ServerName: "localhost", RootCAs: clientOnlyRoots})
		}},
		{"tls-version", func(t *testing.T) error {
			return handshakeErr(oldTLS, &tls.Config{ServerName: "localhost", RootCAs: goodRoots, MinVersion: tls.VersionTLS12})
		}},
		{"tls-handshake", func(t *testing.T) error { // TLS spoken to a plain HTTP port
			return handshakeErr(strings.TrimPrefix(plain.URL, "http://"), &tls.Config{ServerName: "localhost"})
		}},
		{"proxy", func(t *testing.T) error {
			proxy, _ := url.Parse("http://" + closedPort(t))
			c := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
			_, err := c.Get("https://login.microsoftonline.com/")
			return err
		}},
	} {
		t.Run(tc.want, func(t *testing.T) {
			err := tc.err(t)
			if err == nil {
				t.Fatal("no error")
			}
			if got := ReasonOf(err); got != tc.want {
				t.Errorf("ReasonOf(%q) = %q, want %q", err, got, tc.want)
			}
		})
	}
}

// TestReasonOfOther: what loopback cannot produce, and what is not a network failure.
func TestReasonOfOther(t *testing.T) {
	var unreachable error
	for _, e := range errnoReasons {
		if e.reason == "unreachable" {
			unreachable = e.errno
		}
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("smtp: server doesn't support STARTTLS"), ""},
		{&smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 139}, Message: "Authentication unsuccessful"}, ""},
		{&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", unreachable)}, "unreachable"},
		{fmt.Errorf("%w (%v)", os.ErrDeadlineExceeded, errors.New("remote error: tls: internal error")), "timeout"},
		{fmt.Errorf("%w (%v)", context.Canceled, io.EOF), "cancelled"},
		{tls.AlertError(70), "tls-version"},
		{tls.AlertError(40), "tls-handshake"},
		{&url.Error{Op: "Get", URL: "https://x/", Err: io.ErrUnexpectedEOF}, "closed"},
	} {
		if got := ReasonOf(tc.err); got != tc.want {
			t.Errorf("ReasonOf(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// TestStepsSetReason: each probe names the reason of the error that ended it, and keeps the
// error's own text as its detail.
func TestStepsSetReason(t *testing.T) {
	check := func(t *testing.T, s Step, reason string) {
		t.Helper()
		if s.Status != Fail || s.Reason != reason || s.Detail == "" {
			t.Errorf("%s: %+v, want a failure for %q with the raw detail", s.ID, s, reason)
		}
	}
	t.Run("dns", func(t *testing.T) {
		_, s := LookupHost(context.Background(), fakeDNS(t, rcodeNXDomain), "smtp.contoso.invalid.", time.Second)
		check(t, s, "dns-not-found")
		if !strings.Contains(s.Detail, "no such host") {
			t.Errorf("detail %q", s.Detail)
		}
		_, s = LookupHost(context.Background(), fakeDNS(t, noAnswer), "smtp.contoso.invalid.", 200*time.Millisecond)
		check(t, s, "dns-timeout")
		_, s = LookupHost(cancelled(), fakeDNS(t, noAnswer), "smtp.contoso.invalid.", time.Second)
		check(t, s, "cancelled")
	})
	t.Run("tcp", func(t *testing.T) {
		_, s := Connect(context.Background(), closedPort(t), time.Second)
		check(t, s, "refused")
		_, s = Connect(cancelled(), silentServer(t), time.Second)
		check(t, s, "cancelled")
		if len(s.Codes) != 0 {
			t.Errorf("a cancelled connection has nothing to explain: %v", s.Codes)
		}
	})
	t.Run("smtp", func(t *testing.T) {
		conn, _ := Connect(context.Background(), silentServer(t), time.Second)
		steps := (&Session{Host: "localhost", Timeout: 200 * time.Millisecond}).Run(context.Background(), conn)
		check(t, last(steps), "timeout")

		conn, _ = Connect(context.Background(), silentServer(t), time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		steps = (&Session{Host: "localhost", Timeout: 10 * time.Second}).Run(ctx, conn)
		check(t, last(steps), "cancelled")
	})
	t.Run("https", func(t *testing.T) {
		r := Reach(context.Background(), "https://"+closedPort(t)+"/", nil, nil, time.Second)
		check(t, r.Direct, "refused")
		check(t, r.Verdict(), "refused")
		login := httptest.NewTLSServer(http.NotFoundHandler())
		defer login.Close()
		r = Reach(context.Background(), login.URL, nil, x509.NewCertPool(), time.Second)
		check(t, r.Direct, "tls-unknown-authority")
		proxy, _ := url.Parse("http://" + closedPort(t))
		r = Reach(context.Background(), "https://"+closedPort(t)+"/", http.ProxyURL(proxy), nil, time.Second)
		check(t, r.Proxied, "proxy")
	})
}

// TestSMTPSessionReasons: the STARTTLS and AUTH failures against the fake Exchange.
func TestSMTPSessionReasons(t *testing.T) {
	for _, tc := range []struct {
		name   string
		script fakeexchange.Script
		host   string
		reason string
	}{
		{"TLS inspection", fakeexchange.Script{Untrusted: true}, "localhost", "tls-unknown-authority"},
		{"wrong host name", fakeexchange.Script{}, "smtp.office365.com", "tls-hostname"},
		{"TLS 1.0/1.1 only", fakeexchange.Script{OldTLS: true}, "localhost", "tls-version"},
		{"dropped during AUTH", fakeexchange.Script{DropInAuth: true}, "localhost", "closed"},
		{"SMTP reply", fakeexchange.Script{AuthReply: fakeexchange.BadToken}, "localhost", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps, _ := session(t, tc.script, tc.host, "")
			if s := last(steps); s.Status != Fail || s.Reason != tc.reason {
				t.Errorf("last step %+v, want reason %q", s, tc.reason)
			}
		})
	}
}

// TestReasonMessages: every reason the classifier can give has a one-line message in every
// language, and no message is left for a reason that no longer exists.
func TestReasonMessages(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Reasons {
		if seen[r] || r == "" || r != strings.ToLower(r) {
			t.Errorf("reason %q: empty, repeated or not lowercase", r)
		}
		seen[r] = true
	}
	files, _ := filepath.Glob(filepath.Join("..", "i18n", "locales", "*.json"))
	if len(files) < 2 {
		t.Fatalf("message files: %v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]any
		if err := json.Unmarshal(data, &msgs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, r := range Reasons {
			s, _ := msgs["reason."+r].(string)
			if strings.TrimSpace(s) == "" || strings.Contains(s, "\n") {
				t.Errorf("%s: reason.%s missing or not one line: %q", filepath.Base(f), r, s)
			}
		}
		for id := range msgs {
			// reason.other is the faces' line for an error ReasonOf does not know.
			if r, ok := strings.CutPrefix(id, "reason."); ok && !seen[r] && r != "other" {
				t.Errorf("%s: %s is no reason ReasonOf gives", filepath.Base(f), id)
			}
		}
	}
}
