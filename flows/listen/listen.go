// Package listen plays the mail server for a printer, so that one can see what the printer
// really does (CLI.md, mfp365 listen): an SMTP server (RFC 5321, emersion/go-smtp) offering
// STARTTLS (RFC 3207) with a certificate made in memory and accepting TLS 1.0 and up, so that
// old printers can be seen and named, and AUTH (RFC 4954) LOGIN, PLAIN (RFC 4616) and XOAUTH2
// (Google's and Microsoft's SASL XOAUTH2, an OAuth 2.0 bearer token, RFC 6750). AUTH
// always succeeds, so that the printer goes on to MAIL, RCPT and DATA; the message is then
// refused with a 5xx reply that says it was a test. Nothing is delivered or kept: a password is
// dropped as soon as it is read, a token as soon as its claims are (its signature is not
// verified). Listening is bounded in time, in sessions at once, and in line and message size.
package listen

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Defaults and bounds.
const (
	DefaultAddr     = ":587"
	FallbackAddr    = ":2525" // when 587 cannot be bound (taken, or a privileged port)
	DefaultTimeout  = 10 * time.Minute
	MaxTimeout      = time.Hour
	maxSessions     = 4        // sessions at once; more are turned away
	maxMessageBytes = 64 << 20 // a scan's size is counted up to this, then refused
	maxRecipients   = 50
	commandTimeout  = time.Minute
	// RFC 4954 §4: "12288 octets is considered to be a sufficient line length limit for
	// handling of deployed authentication mechanisms" (an Entra token is 1.5 to 3 KB, more
	// with its base64): an AUTH line, or a response after a 334 challenge, may be that long,
	// CRLF not counted. go-smtp has one line limit for every line: it is this one, and the
	// values of other commands that reach the listener keep maxLine.
	maxAuthLine = 12288
	maxLine     = 2000 // go-smtp's own limit: RFC 5321's 1000-octet text line, doubled
)

// errLineTooLong refuses a command longer than maxLine (only AUTH may be longer).
var errLineTooLong = &smtp.SMTPError{Code: 500, EnhancedCode: smtp.EnhancedCode{5, 5, 2}, Message: "Line too long"}

// Config is what a listening needs.
type Config struct {
	Addr    string        // host:port ("": DefaultAddr, falling back to FallbackAddr)
	Timeout time.Duration // how long to listen (DefaultTimeout when 0)
	Tenant  string        // the customer's tenant ID, when known: a token of another tenant is a finding
	Now     func() time.Time
}

// Listener is a bound, not yet serving, listener.
type Listener struct {
	Addr     string // the address bound
	Fallback bool   // 587 could not be bound: FallbackAddr was
	cfg      Config
	l        net.Listener
}

// Listen binds the address: the one given, else 587, else 2525.
func Listen(cfg Config) (*Listener, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	addr, fallback := cfg.Addr, false
	if addr == "" {
		addr = DefaultAddr
	}
	l, err := net.Listen("tcp", addr)
	if err != nil && cfg.Addr == "" {
		l, err = net.Listen("tcp", FallbackAddr)
		fallback = true
	}
	if err != nil {
		return nil, err
	}
	return &Listener{Addr: l.Addr().String(), Fallback: fallback, cfg: cfg, l: l}, nil
}

// Serve answers printers until ctx ends or the listening time is over; emit receives each
// session as it ends (one call at a time). It returns every session, in the order they ended.
func (ln *Listener) Serve(ctx context.Context, emit func(Session)) ([]Session, error) {
	cert, err := certificate(ln.cfg.Now())
	if err != nil {
		ln.l.Close()
		return nil, err
	}
	var mu sync.Mutex
	var sessions []Session
	ended := func(s Session) {
		mu.Lock()
		defer mu.Unlock()
		sessions = append(sessions, s)
		emit(s)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		if len(c.Hostname()) > maxLine { // EHLO or HELO, before STARTTLS and after
			return nil, errLineTooLong
		}
		return &session{c: c, cfg: ln.cfg, rec: recordOf(c)}, nil
	}))
	srv.Domain = "mfp365-listener"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS10} // to see old printers
	srv.AllowInsecureAuth = true                                                                     // to see credentials sent in clear
	srv.MaxMessageBytes, srv.MaxRecipients = maxMessageBytes, maxRecipients
	srv.MaxLineLength = maxAuthLine + len("\r\n")
	srv.ReadTimeout, srv.WriteTimeout = commandTimeout, commandTimeout
	srv.ErrorLog = quietLog{}
	ctx, cancel := context.WithTimeout(ctx, ln.cfg.Timeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(limit(ln.l, maxSessions, ln.cfg, ended)) }()
	select {
	case <-ctx.Done():
	case err = <-done:
	}
	srv.Close()
	mu.Lock()
	defer mu.Unlock()
	if errors.Is(err, smtp.ErrServerClosed) {
		err = nil
	}
	return append([]Session(nil), sessions...), err
}

// quietLog keeps go-smtp's own messages (a printer hanging up) off the user's terminal.
type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}

// limit turns away connections beyond max at once (a few printers, not a flood), and gives
// each connection its record, reported when the connection closes: a connection outlives
// go-smtp's sessions, which end at STARTTLS.
func limit(l net.Listener, max int, cfg Config, ended func(Session)) net.Listener {
	return &limitListener{Listener: l, slots: make(chan struct{}, max), cfg: cfg, ended: ended}
}

type limitListener struct {
	net.Listener
	slots chan struct{}
	cfg   Config
	ended func(Session)
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			rec := &record{s: Session{Client: c.RemoteAddr().String(), Auth: "none", TLS: "none", Rcpt: []string{}}}
			return &slotConn{Conn: c, rec: rec, closed: func() {
				<-l.slots
				l.ended(rec.finish(l.cfg))
			}}, nil
		default:
			c.Close()
		}
	}
}

// slotConn is an accepted connection; closing it reports its record, once.
type slotConn struct {
	net.Conn
	rec    *record
	once   sync.Once
	closed func()
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.closed)
	return err
}

// recordOf finds the record of a go-smtp connection, under its TLS layer if any.
func recordOf(c *smtp.Conn) *record {
	nc := c.Conn()
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	if sc, ok := nc.(*slotConn); ok {
		return sc.rec
	}
	return &record{s: Session{Client: nc.RemoteAddr().String(), Auth: "none", TLS: "none", Rcpt: []string{}}}
}

// LocalAddresses are this computer's IPv4 addresses a printer on the LAN can reach.
func LocalAddresses() []string {
	var out []string
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
			out = append(out, n.IP.String())
		}
	}
	if len(out) == 0 {
		out = []string{"127.0.0.1"}
	}
	return out
}
