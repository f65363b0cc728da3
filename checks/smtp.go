package checks

// SMTP submission checks (RFC 6409 on port 587, STARTTLS per RFC 3207, AUTH per RFC 4954 with
// Microsoft's XOAUTH2 SASL mechanism), run as a printer runs them against Exchange Online.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// LookupHost resolves the SMTP host, bounded by timeout.
func LookupHost(ctx context.Context, r *net.Resolver, host string, timeout time.Duration) ([]string, Step) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addrs, err := r.LookupHost(ctx, host)
	s := timed("dns", start)
	if err != nil {
		return nil, s.failedOn(err).fail("check:dns")
	}
	s.Status, s.Detail = Pass, strings.Join(addrs, ", ")
	return addrs, s
}

// Connect opens TCP to addr with its own timeout, telling a refusal (something answered "no")
// from silence (a firewall dropping the packets).
func Connect(ctx context.Context, addr string, timeout time.Duration) (net.Conn, Step) {
	start := time.Now()
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	s := timed("tcp", start)
	if err != nil {
		switch s = s.failedOn(err); s.Reason {
		case "timeout":
			return nil, s.fail("check:tcp-timeout")
		case "cancelled": // nothing to explain
			return nil, s.fail()
		}
		return nil, s.fail("check:tcp-refused")
	}
	s.Status, s.Detail = Pass, conn.RemoteAddr().String()
	return conn, s
}

// How a session authenticates.
const (
	AuthXOAUTH2 = ""      // OAuth 2.0 (Exchange Online's SMTP AUTH, High Volume Email)
	AuthLogin   = "login" // a password, with AUTH LOGIN (or PLAIN): basic authentication
	AuthNone    = "none"  // no AUTH: a relay or Direct Send to the MX endpoint
)

// Session is the SMTP dialogue after the TCP connection.
type Session struct {
	Host       string // the name the certificate must carry
	User       string // the mailbox that signs in
	Auth       string // AuthXOAUTH2, AuthLogin or AuthNone
	Token      string // OAuth access token (in memory only)
	Password   string // with AuthLogin (in memory only)
	Plain      bool   // no STARTTLS: the server offers none (relay and Direct Send only)
	From, To   string // for the test message; To == "" stops after AUTH
	Subject    string // the test message
	Body       string
	RootCAs    *x509.CertPool // nil: the system's
	Timeout    time.Duration  // each command
	Transcript io.Writer      // nil: none; the AUTH blob is redacted
}

// Run speaks SMTP on conn: STARTTLS, EHLO (the AUTH mechanism advertised?), AUTH with the
// token or the password (none for a relay or Direct Send), then the test message. It returns
// one step per stage reached; the first failure ends the dialogue.
func (s *Session) Run(ctx context.Context, conn net.Conn) []Step {
	tr := newTranscript(s.Transcript)
	raw := conn
	conn = tr.wrap(conn)
	defer raw.Close()

	c, steps := s.open(ctx, raw, conn, tr)
	if c == nil {
		return steps
	}
	if s.Auth == AuthNone {
		return append(steps, s.send(ctx, raw, c)...)
	}
	start := time.Now()
	ok, mechs := c.Extension("AUTH")
	step := timed("ehlo", start)
	step.Detail = strings.TrimSpace("AUTH " + mechs)
	var client sasl.Client
	switch {
	case s.Auth == AuthLogin && hasWord(mechs, "LOGIN"):
		client = sasl.NewLoginClient(s.User, s.Password)
	case s.Auth == AuthLogin && hasWord(mechs, "PLAIN"):
		client = sasl.NewPlainClient("", s.User, s.Password)
	case s.Auth == AuthLogin:
		return append(steps, step.fail("check:no-auth-login"))
	case !ok || !hasWord(mechs, "XOAUTH2"):
		return append(steps, step.fail("check:no-xoauth2"))
	case s.Token == "":
		step.Status = Pass
		return append(steps, step, Step{ID: "auth", Status: Fail, Codes: []string{"check:no-token"}})
	default:
		client = xoauth2{user: s.User, token: s.Token}
	}
	step.Status = Pass
	steps = append(steps, step)
	if s.Auth == AuthLogin && s.Password == "" {
		return append(steps, Step{ID: "auth", Status: Fail, Codes: []string{"check:no-password"}})
	}
	start = time.Now()
	err := s.within(ctx, raw, func() error { return c.Auth(client) })
	if step = smtpStep("auth", start, err); step.Status != Pass || s.To == "" {
		if step.Status == Pass {
			_ = s.within(ctx, raw, c.Quit)
		}
		return append(steps, step)
	}
	steps = append(steps, step)
	return append(steps, s.send(ctx, raw, c)...)
}

// open greets the server and, unless the session is plain, starts TLS (1.2 or later,
// verified): the starttls step. A nil client means the dialogue ended.
func (s *Session) open(ctx context.Context, raw, conn net.Conn, tr *transcript) (*smtp.Client, []Step) {
	start := time.Now()
	var c *smtp.Client
	if s.Plain {
		err := s.within(ctx, raw, func() error { c = smtp.NewClient(conn); return c.Hello("mfp365") })
		if err != nil {
			return nil, []Step{smtpStep("ehlo", start, err)}
		}
		return c, nil
	}
	tlsConfig := &tls.Config{ServerName: s.Host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}
	err := s.within(ctx, raw, func() (err error) {
		if c, err = smtp.NewClientStartTLS(conn, tlsConfig); err != nil {
			return err
		}
		c.DebugWriter = tr
		// After STARTTLS go-smtp says hello again: the TLS handshake and that EHLO happen here,
		// and their error comes back (Extension would swallow it).
		return c.Hello("mfp365")
	})
	step := timed("starttls", start)
	if err != nil {
		return nil, []Step{classifyTLS(step, err)}
	}
	state, _ := c.TLSConnectionState()
	step.Status, step.Detail = Pass, fmt.Sprintf("%s, %s", tls.VersionName(state.Version), tls.CipherSuiteName(state.CipherSuite))
	tr.note(step.Detail)
	return c, []Step{step}
}

// within runs one exchange bounded by the session's timeout and by ctx: when either ends, the
// connection's deadline is set to now, which unblocks the read or write in progress. The
// error then says which ended it: a timeout, or a cancellation.
func (s *Session) within(ctx context.Context, raw net.Conn, f func() error) error {
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Now()) })
	defer stop()
	err := f()
	if ctx.Err() != nil && err != nil {
		cause := os.ErrDeadlineExceeded
		if errors.Is(ctx.Err(), context.Canceled) {
			cause = context.Canceled
		}
		return fmt.Errorf("%w (%v)", cause, err)
	}
	return err
}

// send is the test message: MAIL FROM, RCPT TO, DATA, QUIT, each its own step.
func (s *Session) send(ctx context.Context, raw net.Conn, c *smtp.Client) []Step {
	var steps []Step
	for _, cmd := range []struct {
		id  string
		run func() error
	}{
		{"mail", func() error { return c.Mail(s.From, nil) }},
		{"rcpt", func() error { return c.Rcpt(s.To, nil) }},
		{"data", func() error { return s.data(c) }},
		{"quit", c.Quit},
	} {
		start := time.Now()
		step := smtpStep(cmd.id, start, s.within(ctx, raw, cmd.run))
		if steps = append(steps, step); step.Status != Pass {
			break
		}
	}
	return steps
}

// data sends the test message; Exchange answers SendAsDenied after the final dot.
func (s *Session) data(c *smtp.Client) error {
	w, err := c.Data()
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		s.From, s.To, s.Subject, time.Now().Format(time.RFC1123Z), strings.ReplaceAll(s.Body, "\n", "\r\n"))
	if _, err := io.WriteString(w, msg); err != nil {
		return err
	}
	return w.Close()
}

// smtpStep turns a command's error into a step: an SMTP reply keeps its codes and words.
func smtpStep(id string, start time.Time, err error) Step {
	s := timed(id, start)
	if err == nil {
		s.Status = Pass
		return s
	}
	s = s.failedOn(err)
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		code := fmt.Sprintf("SMTP %d", se.Code)
		if se.EnhancedCode != (smtp.EnhancedCode{}) && se.EnhancedCode != smtp.NoEnhancedCode {
			code += fmt.Sprintf(" %d.%d.%d", se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2])
		}
		s.Answer = strings.TrimPrefix(code, "SMTP ") + " " + se.Message
		return s.fail(code)
	}
	if isDropped(err) {
		return s.fail("check:dropped")
	}
	return s.fail()
}

// classifyTLS names what went wrong before or during STARTTLS.
func classifyTLS(s Step, err error) Step {
	s = s.failedOn(err)
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var se *smtp.SMTPError
	var alert tls.AlertError
	switch {
	case errors.As(err, &se):
		s.Answer = fmt.Sprintf("%d %d.%d.%d %s", se.Code, se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2], se.Message)
		return s.fail(fmt.Sprintf("SMTP %d %d.%d.%d", se.Code, se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2]))
	case strings.Contains(err.Error(), "doesn't support STARTTLS"):
		return s.fail("check:no-starttls")
	case errors.As(err, &unknown), errors.As(err, new(*tls.CertificateVerificationError)) && !errors.As(err, &hostname):
		return s.fail("check:tls-untrusted")
	case errors.As(err, &hostname):
		return s.fail("check:tls-hostname")
	case errors.As(err, &alert) && uint8(alert) == 70, strings.Contains(err.Error(), "protocol version"):
		return s.fail("check:tls-version") // alert 70: protocol_version
	case isDropped(err):
		return s.fail("check:dropped")
	}
	return s.fail()
}

// isDropped reports a connection closed or reset by the other side, or a command that timed out.
func isDropped(err error) bool {
	switch ReasonOf(err) {
	case "closed", "reset", "timeout":
		return true
	}
	return false
}

func hasWord(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}

// xoauth2 is Microsoft's and Google's XOAUTH2 SASL mechanism (go-sasl has none):
// the initial response is "user=" U ^A "auth=Bearer " T ^A ^A. On failure the server sends a
// JSON challenge; answering it with an empty line makes the server send its 535 reply.
type xoauth2 struct{ user, token string }

var _ sasl.Client = xoauth2{}

func (x xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

func (x xoauth2) Next([]byte) ([]byte, error) { return []byte{}, nil }
