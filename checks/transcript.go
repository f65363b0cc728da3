package checks

import (
	"cmp"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// maxTranscript bounds the transcript written; past it one line "=== […]" says it was cut.
const maxTranscript = 64 << 10

// transcript writes the SMTP dialogue as swaks does: "->" sent and "<-" received in clear,
// "~>" and "<~" under TLS, "===" notes. The session's connection (wire) tells each line's
// direction. Redaction follows the client, whatever the server sends: while the session
// authenticates, every line the client writes is a secret, and of the AUTH command only the
// mechanism shows. The secrets the session knows are masked in every line too, the server's
// included (a server may echo them).
type transcript struct {
	mu      sync.Mutex
	w       io.Writer
	secrets secrets
	size    int    // bytes written
	cut     bool   // maxTranscript reached
	sending []byte // the client's line being written
	inAuth  bool   // the session is authenticating
}

func newTranscript(w io.Writer, s secrets) *transcript { return &transcript{w: w, secrets: s} }

// authenticating marks the start and the end of the session's AUTH exchange.
func (t *transcript) authenticating(on bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inAuth = on
}

// sent records bytes the client writes, line by line.
func (t *transcript) sent(b []byte, overTLS bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sending = append(t.sending, b...)
	for {
		i := slices.Index(t.sending, '\n')
		if i < 0 && len(t.sending) <= maxLine {
			return
		}
		if i < 0 {
			i = len(t.sending) - 1
		}
		line := strings.TrimRight(string(t.sending[:i+1]), "\r\n")
		t.sending = t.sending[i+1:]
		t.write(arrow(overTLS, " -> ", " ~> "), t.client(line))
	}
}

// received records a whole line from the server.
func (t *transcript) received(line []byte, overTLS bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.write(arrow(overTLS, "<-  ", "<~  "), string(line))
}

// note writes a remark of the assistant's.
func (t *transcript) note(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.write("=== ", s)
}

func arrow(overTLS bool, clear, secured string) string {
	if overTLS {
		return secured
	}
	return clear
}

// client returns a line the client sent as the transcript shows it: during AUTH, the command
// and its mechanism ("AUTH XOAUTH2 <redacted>"), and nothing of any other line (RFC 4954, 4:
// the initial response and every response after a 334 carry the credentials).
func (t *transcript) client(line string) string {
	if !t.inAuth {
		return line
	}
	if f := strings.Fields(line); len(f) >= 2 && strings.EqualFold(f[0], "AUTH") {
		if len(f) > 2 {
			return f[0] + " " + f[1] + " <redacted>"
		}
		return f[0] + " " + f[1]
	}
	return "<redacted>"
}

// write writes one line, its secrets masked and its control characters replaced, until
// maxTranscript; then the cut mark, once.
func (t *transcript) write(prefix, line string) {
	if t.w == nil || t.cut {
		return
	}
	s := prefix + shown(t.secrets.mask(line)) + "\n"
	if t.size+len(s) > maxTranscript {
		t.cut = true
		s = "=== […]\n"
	}
	t.size += len(s)
	io.WriteString(t.w, s)
}

// shown replaces what a terminal would act on (control characters, invalid UTF-8).
func shown(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' {
			return unicode.ReplacementChar
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// secrets are the forms a session's secrets may take in the dialogue, longest first.
type secrets []string

func newSecrets(forms ...string) secrets {
	var s secrets
	for _, f := range forms {
		if f != "" {
			s = append(s, f)
		}
	}
	slices.SortFunc(s, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return s
}

// mask replaces each secret in s.
func (s secrets) mask(text string) string {
	for _, secret := range s {
		text = strings.ReplaceAll(text, secret, "<redacted>")
	}
	return text
}

// wire is the session's connection as the SMTP client sees it, in clear, or under TLS once
// STARTTLS succeeded: reads pass up whole lines of bounded replies (lines), and every line
// goes to the transcript with its true direction.
type wire struct {
	net.Conn
	in      *lines
	tr      *transcript
	overTLS bool
}

func newWire(c net.Conn, tr *transcript, overTLS bool) *wire {
	w := &wire{Conn: c, tr: tr, overTLS: overTLS}
	w.in = &lines{r: c, onLine: func(line []byte) { tr.received(line, overTLS) }}
	return w
}

func (w *wire) Read(b []byte) (int, error) { return w.in.Read(b) }

func (w *wire) Write(b []byte) (int, error) {
	w.tr.sent(b, w.overTLS)
	return w.Conn.Write(b)
}

// command sends one command line and reads its reply.
func (w *wire) command(line string) (reply, error) {
	if _, err := io.WriteString(w, line+"\r\n"); err != nil {
		return reply{}, err
	}
	return readReply(w.in)
}

// standIn is the greeting handed to go-smtp's client, which reads one before its first
// command: the session has already read the server's (and the transcript shows that one).
const standIn = "220 greeted\r\n"

// greeted is a wire whose greeting was read: go-smtp's client reads the stand-in first.
type greeted struct {
	*wire
	ahead []byte
}

func (g *greeted) Read(b []byte) (int, error) {
	if len(g.ahead) > 0 {
		n := copy(b, g.ahead)
		g.ahead = g.ahead[n:]
		return n, nil
	}
	return g.wire.Read(b)
}
