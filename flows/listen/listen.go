// Package listen plays the mail server for a printer, so that one can see what the printer
// really does (CLI.md, mfp365 listen): an SMTP server (RFC 5321, emersion/go-smtp) offering
// STARTTLS (RFC 3207) with a certificate made in memory and accepting TLS 1.0 and up, so that
// old printers can be seen and named, and AUTH (RFC 4954) LOGIN, PLAIN (RFC 4616) and XOAUTH2
// (Google's and Microsoft's SASL XOAUTH2, an OAuth 2.0 bearer token, RFC 6750). AUTH
// always succeeds, so that the printer goes on to MAIL, RCPT and DATA; the message is then
// refused with a 5xx reply that says it was a test. Nothing is delivered or kept: a password is
// dropped as soon as it is read, a token as soon as its claims are (its signature is not
// verified). Listening is bounded in time (the listening's, each connection's, each command's), in
// connections at once, in sessions kept, and in line and message size.
package listen

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"maps"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

// Defaults and bounds.
const (
	DefaultAddr     = ":587"
	FallbackAddr    = ":2525" // when 587 cannot be bound (taken, or a privileged port)
	DefaultTimeout  = 10 * time.Minute
	MaxTimeout      = time.Hour
	MaxConnections  = 4        // connections at once; more are turned away (Tally.Refused)
	MaxKept         = 200      // sessions kept whole; the ones after are only counted (Tally)
	maxMessageBytes = 64 << 20 // a scan's size is counted up to this, then refused
	maxRecipients   = 50

	// Time bounds: a printer may be slow, not hold a slot forever.
	commandTimeout = time.Minute      // for each command line, and between a message's bytes
	sessionTimeout = 5 * time.Minute  // a connection's whole time, its messages included
	tlsTimeout     = 15 * time.Second // from STARTTLS's reply to the handshake's end and the EHLO after it
	closeGrace     = 5 * time.Second  // past sessionTimeout, to write the last reply

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

	// Test seams: the time bounds above, shortened by tests (0: the constant).
	commandTimeout, sessionTimeout, tlsTimeout time.Duration
}

// Listener is a bound, not yet serving, listener.
type Listener struct {
	Addr     string // the address bound
	Fallback bool   // 587 could not be bound: FallbackAddr was
	cfg      Config
	l        net.Listener

	mu    sync.Mutex
	tally Tally
}

// Tally is what the listener counted without keeping it, so that the faces can say so.
type Tally struct {
	More     int            `json:"more"`     // sessions that ended after the first MaxKept: counted, not kept nor emitted
	Findings map[string]int `json:"findings"` // of those, how many had each finding (codes as in Session.Findings)
	Refused  int            `json:"refused"`  // connections turned away: MaxConnections were open
}

// Add is the two counts together (two listenings one after the other).
func (t Tally) Add(u Tally) Tally {
	sum := Tally{More: t.More + u.More, Refused: t.Refused + u.Refused}
	for _, f := range []map[string]int{t.Findings, u.Findings} {
		for code, n := range f {
			if sum.Findings == nil {
				sum.Findings = map[string]int{}
			}
			sum.Findings[code] += n
		}
	}
	return sum
}

// Listen binds the address: the one given, else 587, else 2525.
func Listen(cfg Config) (*Listener, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.commandTimeout = cmp.Or(cfg.commandTimeout, commandTimeout)
	cfg.sessionTimeout = cmp.Or(cfg.sessionTimeout, sessionTimeout)
	cfg.tlsTimeout = cmp.Or(cfg.tlsTimeout, tlsTimeout)
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
	return &Listener{Addr: l.Addr().String(), Fallback: fallback, cfg: cfg, l: l, tally: Tally{Findings: map[string]int{}}}, nil
}

// Serve answers printers until ctx ends or the listening time is over; emit receives each
// session as it ends (one call at a time), the first MaxKept of them. It returns those
// sessions, in the order they ended; Tally counts the others.
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
		if len(sessions) < MaxKept {
			sessions = append(sessions, s)
			emit(s)
			return
		}
		ln.count(func(t *Tally) {
			t.More++
			for _, f := range s.Findings {
				t.Findings[f]++
			}
		})
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		if len(c.Hostname()) > maxLine { // EHLO or HELO, before STARTTLS and after
			return nil, errLineTooLong
		}
		if sc := slotOf(c); sc != nil {
			sc.tlsDone() // the EHLO after STARTTLS, if any: back to commandTimeout
		}
		return &session{c: c, cfg: ln.cfg, rec: recordOf(c)}, nil
	}))
	srv.Domain = "mfp365-listener"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS10} // to see old printers
	srv.AllowInsecureAuth = true                                                                     // to see credentials sent in clear
	srv.MaxMessageBytes, srv.MaxRecipients = maxMessageBytes, maxRecipients
	srv.MaxLineLength = maxAuthLine + len("\r\n")
	srv.ReadTimeout, srv.WriteTimeout = ln.cfg.commandTimeout, ln.cfg.commandTimeout
	srv.ErrorLog = quietLog{}
	ctx, cancel := context.WithTimeout(ctx, ln.cfg.Timeout)
	defer cancel()
	done := make(chan error, 1)
	refused := func() { ln.count(func(t *Tally) { t.Refused++ }) }
	go func() { done <- srv.Serve(limit(ln.l, MaxConnections, ln.cfg, ended, refused)) }()
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

// Tally is what was counted and not kept so far; it may be called at any time, from any
// goroutine (emit too), during Serve and after.
func (ln *Listener) Tally() Tally {
	ln.mu.Lock()
	defer ln.mu.Unlock()
	t := ln.tally
	t.Findings = maps.Clone(t.Findings)
	return t
}

func (ln *Listener) count(f func(*Tally)) {
	ln.mu.Lock()
	defer ln.mu.Unlock()
	f(&ln.tally)
}

// quietLog keeps go-smtp's own messages (a printer hanging up) off the user's terminal.
type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}

// limit turns away connections beyond max at once (a few printers, not a flood) with a 421
// reply, counting them, and gives each connection its record, reported when the connection
// closes: a connection outlives go-smtp's sessions, which end at STARTTLS.
func limit(l net.Listener, max int, cfg Config, ended func(Session), refused func()) net.Listener {
	return &limitListener{Listener: l, slots: make(chan struct{}, max), cfg: cfg, ended: ended, refused: refused}
}

type limitListener struct {
	net.Listener
	slots   chan struct{}
	cfg     Config
	ended   func(Session)
	refused func()
}

// busy is the reply to a connection turned away (RFC 5321 §3.8: 421, then close).
const busy = "421 4.3.2 mfp365-listener: too many connections at once, try again later\r\n"

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			rec := &record{s: Session{Client: c.RemoteAddr().String(), Auth: "none", TLS: "none", Rcpt: []string{}}}
			return newSlotConn(c, rec, l.cfg, func() {
				<-l.slots
				l.ended(rec.finish(l.cfg))
			}), nil
		default:
			l.refused()
			c.SetWriteDeadline(time.Now().Add(time.Second))
			c.Write([]byte(busy))
			c.Close()
		}
	}
}

// slotConn is an accepted connection holding a slot. It bounds the connection's time: every
// deadline go-smtp sets, itself or through the TLS layer above, is brought within the
// connection's end (sessionTimeout after it came), and during STARTTLS within tlsTimeout.
// Closing it reports its record, once.
type slotConn struct {
	net.Conn
	rec        *record
	once       sync.Once
	closed     func()
	end        time.Time // the connection's last moment: sessionTimeout after it came
	tlsTimeout time.Duration
	idle       time.Duration // commandTimeout: while a message comes, the most between its bytes
	receiving  atomic.Bool   // a message is coming: each read that brings bytes moves the deadline
	hungUp     atomic.Bool   // nothing more is read: a message was cut

	mu       sync.Mutex
	readBy   time.Time // the read deadline last asked for
	greeted  bool      // go-smtp's 220 greeting is written
	starting bool      // STARTTLS's 220 is written: TLS is under way
	tlsBy    time.Time // while TLS is under way, until the EHLO after it: its bound
}

func newSlotConn(c net.Conn, rec *record, cfg Config, closed func()) *slotConn {
	sc := &slotConn{Conn: c, rec: rec, closed: closed, end: time.Now().Add(cfg.sessionTimeout), tlsTimeout: cfg.tlsTimeout,
		idle: cfg.commandTimeout}
	sc.SetDeadline(time.Time{}) // the connection's end, until go-smtp asks for less
	return sc
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.closed)
	return err
}

func (c *slotConn) Read(p []byte) (int, error) {
	if c.hungUp.Load() {
		return 0, io.EOF
	}
	n, err := c.Conn.Read(p)
	if n > 0 && c.receiving.Load() { // go-smtp sets one deadline for a whole message
		c.SetReadDeadline(time.Now().Add(c.idle))
	}
	return n, err
}

// Write watches for STARTTLS's reply, the one 220 go-smtp writes after its greeting: from
// then on the handshake, then the EHLO after it, must come within tlsTimeout (a printer that
// asks for TLS then falls silent, or fails the handshake, does not keep its slot).
func (c *slotConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if !c.starting && bytes.HasPrefix(p, []byte("220 ")) {
		if c.greeted {
			c.starting, c.tlsBy = true, time.Now().Add(c.tlsTimeout)
			c.Conn.SetReadDeadline(c.bound(c.readBy))
		}
		c.greeted = true
	}
	c.mu.Unlock()
	return c.Conn.Write(p)
}

// tlsDone ends STARTTLS's bound (the EHLO after the handshake has come).
func (c *slotConn) tlsDone() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tlsBy = time.Time{}
}

// hangUp stops reading the connection: what go-smtp still writes is written, then it reads
// the end of the stream and closes.
func (c *slotConn) hangUp() { c.hungUp.Store(true) }

// bound is a read deadline brought within the connection's end and STARTTLS's bound.
func (c *slotConn) bound(t time.Time) time.Time {
	end := c.end
	if !c.tlsBy.IsZero() && c.tlsBy.Before(end) {
		end = c.tlsBy
	}
	if t.IsZero() || t.After(end) {
		return end
	}
	return t
}

func (c *slotConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.readBy = t
	return c.Conn.SetReadDeadline(c.bound(t))
}

// SetWriteDeadline lets the last reply go out a little after the connection's end.
func (c *slotConn) SetWriteDeadline(t time.Time) error {
	if end := c.end.Add(closeGrace); t.IsZero() || t.After(end) {
		t = end
	}
	return c.Conn.SetWriteDeadline(t)
}

func (c *slotConn) SetDeadline(t time.Time) error {
	return errors.Join(c.SetReadDeadline(t), c.SetWriteDeadline(t))
}

// slotOf is the slotConn under a go-smtp connection and its TLS layer, if any.
func slotOf(c *smtp.Conn) *slotConn {
	nc := c.Conn()
	if tc, ok := nc.(*tls.Conn); ok {
		nc = tc.NetConn()
	}
	sc, _ := nc.(*slotConn)
	return sc
}

// recordOf finds the record of a go-smtp connection.
func recordOf(c *smtp.Conn) *record {
	if sc := slotOf(c); sc != nil {
		return sc.rec
	}
	return &record{s: Session{Client: c.Conn().RemoteAddr().String(), Auth: "none", TLS: "none", Rcpt: []string{}}}
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
