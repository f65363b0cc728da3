package checks

// SMTP submission checks (RFC 6409 on port 587, STARTTLS per RFC 3207, AUTH per RFC 4954 with
// Microsoft's XOAUTH2 SASL mechanism), run as a printer runs them against Exchange Online.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
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

// localName is the name the session gives in EHLO.
const localName = "mfp365"

// errNoStartTLS: the server does not offer STARTTLS (classifyTLS: "check:no-starttls").
var errNoStartTLS = errors.New("smtp: server doesn't support STARTTLS")

// Run speaks SMTP on conn: the greeting (a step "greeting" only when it fails), STARTTLS, EHLO
// (the AUTH mechanism advertised?), AUTH with the token or the password (none for a relay or
// Direct Send), then the test message. It returns one step per stage reached; the first
// failure ends the dialogue. Each stage ends at the session's timeout, and the whole dialogue
// as soon as ctx is done.
func (s *Session) Run(ctx context.Context, conn net.Conn) []Step {
	defer conn.Close()
	sec := s.secrets()
	steps := s.run(ctx, conn, newTranscript(s.Transcript, sec))
	for i := range steps { // a server may echo a secret in its reply
		steps[i].Detail, steps[i].Answer = sec.mask(steps[i].Detail), sec.mask(steps[i].Answer)
	}
	return steps
}

func (s *Session) run(ctx context.Context, raw net.Conn, tr *transcript) []Step {
	w := newWire(raw, tr, false)
	if step := s.greet(ctx, raw, w); step.Status != Pass {
		return []Step{step}
	}
	c, steps := s.open(ctx, raw, w, tr)
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
	tr.authenticating(true)
	err := s.within(ctx, raw, func() error { return c.Auth(client) })
	tr.authenticating(false)
	if step = smtpStep("auth", start, err); step.Status != Pass || s.To == "" {
		if step.Status == Pass {
			_ = s.within(ctx, raw, c.Quit)
		}
		return append(steps, step)
	}
	steps = append(steps, step)
	return append(steps, s.send(ctx, raw, c)...)
}

// secrets are the forms the session's secrets take in the dialogue: as they are, and in the
// base64 of the AUTH responses (RFC 4954, 4) that carry them: LOGIN, PLAIN (RFC 4616, 2) and
// XOAUTH2.
func (s *Session) secrets() secrets {
	b64 := func(v string) string {
		if v == "" {
			return ""
		}
		return base64.StdEncoding.EncodeToString([]byte(v))
	}
	var plain, bearer string
	if s.Password != "" {
		plain = "\x00" + s.User + "\x00" + s.Password
	}
	if s.Token != "" {
		_, ir, _ := xoauth2{user: s.User, token: s.Token}.Start()
		bearer = string(ir)
	}
	return newSecrets(s.Password, b64(s.Password), s.Token, b64(s.Token), b64(plain), b64(bearer))
}

// greet waits for the server's greeting. RFC 5321, 3.1: "An SMTP session is initiated when a
// client opens a connection to a server and the server responds with an opening message";
// 4.3.2 gives 220 or 554 as that answer, and 4.2.2 lets a server that must shut down answer
// 421 to anything. 4.5.3.2.1: a client "needs to distinguish between a failed TCP connection
// and a delay in receiving the initial 220 greeting message". Silence, a line cut short or a
// line that is no SMTP reply is no greeting: something else holds the connection (a filter,
// or on port 25 the internet provider).
func (s *Session) greet(ctx context.Context, raw net.Conn, w *wire) Step {
	start := time.Now()
	var r reply
	err := s.within(ctx, raw, func() (err error) { r, err = readReply(w.in); return err })
	if err == nil && r.code != 220 {
		err = r.err()
	}
	step := timed("greeting", start)
	switch {
	case err == nil:
		step.Status = Pass
		return step
	case errors.As(err, new(*smtp.SMTPError)):
		return smtpStep("greeting", start, err)
	}
	switch step = step.failedOn(err); step.Reason {
	case "cancelled", "reply-too-long": // nothing more to explain
		return step.fail()
	}
	return step.fail("check:smtp-no-greeting")
}

// open starts TLS (1.2 or later, verified), unless the session is plain: the starttls step.
// It hands go-smtp's client the connection in clear, or under TLS, through a wire. A nil
// client means the dialogue ended.
func (s *Session) open(ctx context.Context, raw net.Conn, w *wire, tr *transcript) (*smtp.Client, []Step) {
	start := time.Now()
	if s.Plain {
		c := s.client(w)
		if err := s.within(ctx, raw, func() error { return c.Hello(localName) }); err != nil {
			return nil, []Step{smtpStep("ehlo", start, err)}
		}
		return c, nil
	}
	var c *smtp.Client
	var tc *tls.Conn
	err := s.within(ctx, raw, func() (err error) {
		if tc, err = s.startTLS(raw, w); err != nil {
			return err
		}
		// RFC 3207, 4.2: the client discards what it learnt before TLS and should say EHLO
		// again; what the server sent after its 220 in clear stays in the old wire, unread.
		c = s.client(newWire(tc, tr, true))
		return c.Hello(localName)
	})
	step := timed("starttls", start)
	if err != nil {
		return nil, []Step{classifyTLS(step, err)}
	}
	state := tc.ConnectionState()
	step.Status, step.Detail = Pass, fmt.Sprintf("%s, %s", tls.VersionName(state.Version), tls.CipherSuiteName(state.CipherSuite))
	tr.note(step.Detail)
	return c, []Step{step}
}

// startTLS says EHLO, then STARTTLS (RFC 3207, 4), in clear, and makes the TLS handshake on
// raw. go-smtp's client cannot do it: its deadline for each command would be its own 5
// minutes, and its replies under TLS would not go through a wire.
func (s *Session) startTLS(raw net.Conn, w *wire) (*tls.Conn, error) {
	r, err := w.command("EHLO " + localName)
	switch {
	case err != nil:
		return nil, err
	case r.code == 500 || r.code == 502: // RFC 5321, 4.1.4: no EHLO, so no STARTTLS
		return nil, errNoStartTLS
	case r.code != 250:
		return nil, r.err()
	case !r.offers("STARTTLS"):
		return nil, errNoStartTLS
	}
	if r, err = w.command("STARTTLS"); err != nil {
		return nil, err
	} else if r.code != 220 {
		return nil, r.err()
	}
	tc := tls.Client(raw, &tls.Config{ServerName: s.Host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12})
	return tc, tc.Handshake()
}

// client is go-smtp's client for the rest of the dialogue, on a wire whose greeting was read.
// Its deadline for each command is the session's timeout, not its own 5 minutes (RFC 5321,
// 4.5.3.2, for mail servers relaying to each other; a person waits at the printer).
func (s *Session) client(w *wire) *smtp.Client {
	c := smtp.NewClient(&greeted{wire: w, ahead: []byte(standIn)})
	c.CommandTimeout, c.SubmissionTimeout = s.Timeout, s.Timeout
	return c
}

// within runs one exchange bounded by the session's timeout and by ctx: when either ends, the
// connection is closed, which ends the read or write in progress for good (a deadline would
// not: go-smtp sets its own before each command). The error then says which ended it: a
// timeout, or a cancellation. The dialogue ends with the first failure, so nothing is lost.
func (s *Session) within(ctx context.Context, raw net.Conn, f func() error) error {
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { raw.Close() })
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
		code := replyCode(se)
		s.Answer = strings.TrimPrefix(code, "SMTP ") + " " + se.Message
		return s.fail(code)
	}
	if isDropped(err) {
		return s.fail("check:dropped")
	}
	return s.fail()
}

// replyCode is a reply's code as the knowledge base knows it: "SMTP 535 5.7.139", or
// "SMTP 554" when the reply has no enhanced status code.
func replyCode(se *smtp.SMTPError) string {
	code := fmt.Sprintf("SMTP %d", se.Code)
	if se.EnhancedCode != (smtp.EnhancedCode{}) && se.EnhancedCode != smtp.NoEnhancedCode {
		code += fmt.Sprintf(" %d.%d.%d", se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2])
	}
	return code
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
		code := replyCode(se)
		s.Answer = strings.TrimPrefix(code, "SMTP ") + " " + se.Message
		return s.fail(code)
	case errors.Is(err, errNoStartTLS):
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
