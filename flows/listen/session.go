package listen

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Session is what one printer connection did (CLI.md's shape). It never holds a password or
// a token: only the token's claims.
type Session struct {
	Client   string   `json:"client"`
	EHLO     string   `json:"ehlo"`
	TLS      string   `json:"tls"`  // "1.3", "1.2", "1.1", "1.0" or "none"
	Auth     string   `json:"auth"` // "xoauth2", "login", "plain" or "none"
	User     string   `json:"user,omitempty"`
	From     string   `json:"from,omitempty"`
	Rcpt     []string `json:"rcpt"`
	Size     int64    `json:"size"`          // bytes of the message received (0: it never got there)
	Cut      bool     `json:"cut,omitempty"` // the message stopped short (the printer stalled or hung up, a line or the message too long): Size is what came
	Token    *Token   `json:"token,omitempty"`
	Findings []string `json:"findings"` // codes the knowledge base explains

	authInClear bool // AUTH came before STARTTLS
	mailed      bool // MAIL FROM came
}

// the test's refusal of every message: the printer learns it was not delivered.
var refused = &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 0},
	Message: "mfp365 listener: test received, not delivered, nothing kept"}

// stalled answers a message that stopped coming (RFC 3463: X.4.2, bad connection).
var stalled = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 4, 2},
	Message: "mfp365 listener: timeout, the message stopped coming; nothing kept"}

// record is what one connection did, across go-smtp's sessions (a new one starts after
// STARTTLS); it is written from the connection's goroutine and read when it closes.
type record struct {
	mu sync.Mutex
	s  Session
}

// finish is the connection's Session with its findings.
func (r *record) finish(cfg Config) Session {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.s
	s.Findings = findings(s, cfg)
	return s
}

func (r *record) update(f func(s *Session)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.s)
}

// session is a go-smtp session: it writes what the printer does into its connection's record.
type session struct {
	c   *smtp.Conn
	cfg Config
	rec *record
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain, sasl.Login, "XOAUTH2"} }

// Auth accepts any credentials: the password is only noted as sent, then forgotten; a token's
// claims are read, then the token is forgotten.
func (x *session) Auth(mech string) (sasl.Server, error) {
	x.note()
	_, secure := x.c.TLSConnectionState()
	x.rec.update(func(s *Session) { s.authInClear = !secure })
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, _ string) error {
			x.rec.update(func(s *Session) { s.Auth, s.User = "plain", bounded(user) })
			return nil
		}), nil
	case sasl.Login:
		return loginServer(func(user string) { x.rec.update(func(s *Session) { s.Auth, s.User = "login", bounded(user) }) }), nil
	case "XOAUTH2":
		return xoauth2Server(func(user, token string) {
			claims := claimsOf(token, x.now())
			x.rec.update(func(s *Session) { s.Auth, s.User, s.Token = "xoauth2", bounded(user), claims })
		}), nil
	}
	return nil, smtp.ErrAuthUnsupported
}

func (x *session) now() time.Time {
	if x.cfg.Now != nil {
		return x.cfg.Now()
	}
	return time.Now()
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.note()
	if len(from) > maxLine {
		return errLineTooLong
	}
	x.rec.update(func(s *Session) { s.From, s.mailed = bounded(from), true })
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if len(to) > maxLine {
		return errLineTooLong
	}
	x.rec.update(func(s *Session) {
		if len(s.Rcpt) < maxRecipients {
			s.Rcpt = append(s.Rcpt, bounded(to))
		}
	})
	return nil
}

// Data counts the message (go-smtp stops it at maxMessageBytes) and refuses it. A message may
// come slowly, not stall: commandTimeout between its bytes (the connection as a whole,
// sessionTimeout). A message cut short is recorded as Cut, answered (451 when it stalled), and
// the connection then ends: what the printer still sends is not read as commands.
func (x *session) Data(r io.Reader) error {
	sc := slotOf(x.c)
	x.c.Conn().SetReadDeadline(time.Now().Add(x.cfg.commandTimeout))
	if sc != nil {
		sc.receiving.Store(true) // each read that brings bytes gives commandTimeout more
		defer sc.receiving.Store(false)
	}
	n, err := io.Copy(io.Discard, r)
	cut := err != nil
	x.rec.update(func(s *Session) { s.Size, s.Cut = n, cut })
	if !cut {
		return refused
	}
	if sc != nil {
		sc.hangUp()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return stalled
	}
	return err // go-smtp's: 552 for a message too large, 554 otherwise
}

func (x *session) Reset() {}

// Logout ends a go-smtp session (the connection may go on after STARTTLS).
func (x *session) Logout() error {
	x.note()
	return nil
}

// note records the TLS version in use and the name the printer gave in EHLO.
func (x *session) note() {
	state, secure := x.c.TLSConnectionState()
	host := bounded(x.c.Hostname())
	x.rec.update(func(s *Session) {
		if secure {
			s.TLS = strings.TrimPrefix(tls.VersionName(state.Version), "TLS ")
		}
		if host != "" {
			s.EHLO = host
		}
	})
}

// findings are the codes of what the printer did that Exchange Online would refuse, or will.
func findings(s Session, cfg Config) []string {
	out := []string{}
	add := func(ok bool, code string) {
		if ok {
			out = append(out, "check:listen-"+code)
		}
	}
	add(s.TLS == "none" && (s.mailed || s.Auth != "none"), "no-tls")
	add(s.TLS == "1.0" || s.TLS == "1.1", "tls-old")
	add(s.authInClear && s.Auth != "none", "auth-before-tls")
	add(s.Auth == "login" || s.Auth == "plain", "basic-auth")
	add(s.Auth == "none" && s.mailed, "no-auth")
	if t := s.Token; t != nil {
		add(t.Expired, "token-expired")
		add(!t.forExchange(), "token-audience")
		add(t.forExchange() && !hasWord(t.Scope, "SMTP.Send"), "token-scope")
		add(cfg.Tenant != "" && t.TenantID != "" && !strings.EqualFold(t.TenantID, cfg.Tenant), "token-tenant")
	}
	account := s.User
	if s.Token != nil && s.Token.Account != "" {
		account = s.Token.Account
	}
	add(account != "" && s.From != "" && !strings.EqualFold(account, s.From), "sender-mismatch")
	return out
}

// maxValue bounds a value the printer sent, in runes.
const maxValue = 256

// bounded makes a value the printer sent (a name, an address, a claim) fit to be shown:
// valid UTF-8, at most maxValue runes (a longer one ends with "…"), and nothing a terminal or
// a text layout would act on rather than show: C0 and C1 controls and DEL (escape sequences
// start with ESC or C1's CSI), and the bidirectional controls (U+202A–U+202E overrides,
// U+2066–U+2069 isolates, the marks) that can make a name read backwards. Each of those, and
// each invalid byte, becomes U+FFFD, so that a person sees something was there. Escaping for
// HTML or CSV is still the faces' job.
func bounded(s string) string {
	var b strings.Builder
	n := 0
	for i, r := range s { // an invalid byte comes as utf8.RuneError
		if n == maxValue-1 && utf8.RuneCountInString(s[i:]) > 1 {
			b.WriteRune('…')
			break
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func hasWord(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}

// loginServer is AUTH LOGIN's server side (go-sasl has none): user name, then password; the
// password is read and dropped.
func loginServer(user func(string)) sasl.Server {
	got := 0
	return serverFunc(func(resp []byte) ([]byte, bool, error) {
		if len(resp) == 0 && got == 0 {
			return []byte("Username:"), false, nil
		}
		if got++; got == 1 {
			user(string(resp))
			return []byte("Password:"), false, nil
		}
		return nil, true, nil // the password is not kept
	})
}

// xoauth2Server is XOAUTH2's server side (go-sasl has none). The client's response comes on
// the AUTH line or, when that line has none, after an empty challenge: "If the initial response
// argument is omitted and the chosen mechanism requires an initial client response, the server
// MUST proceed as defined in Section 5.1 of [SASL]. In SMTP, a server challenge that contains
// no data is defined as a 334 reply with no text part" (RFC 4954 §4); a "*" line there cancels
// (go-smtp answers 501).
func xoauth2Server(got func(user, token string)) sasl.Server {
	asked := false
	return serverFunc(func(resp []byte) ([]byte, bool, error) {
		if resp == nil && !asked { // no initial response: "334 ", then the token's line
			asked = true
			return []byte{}, false, nil
		}
		got(readXOAUTH2(resp))
		return nil, true, nil
	})
}

// readXOAUTH2 reads XOAUTH2's client response: "user=" U ^A "auth=Bearer " T ^A ^A. Whatever
// else it holds is ignored.
func readXOAUTH2(resp []byte) (user, token string) {
	for _, part := range strings.Split(string(resp), "\x01") {
		if v, ok := strings.CutPrefix(part, "user="); ok {
			user = v
		}
		if v, ok := strings.CutPrefix(part, "auth=Bearer "); ok {
			token = v
		}
	}
	return user, token
}

type serverFunc func([]byte) ([]byte, bool, error)

func (f serverFunc) Next(r []byte) ([]byte, bool, error) { return f(r) }
