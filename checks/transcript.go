package checks

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
)

// transcript writes the SMTP dialogue as swaks does: "->" sent and "<-" received in clear,
// "~>" and "<~" over TLS, "===" notes. The AUTH blob is never written.
type transcript struct {
	mu      sync.Mutex
	w       io.Writer
	tls     bool   // past STARTTLS: the connection-level log would see ciphertext
	pending []byte // an incomplete line
	lastCmd string // the client's last command, to know when STARTTLS succeeded
	inData  bool   // between DATA's 354 and the final "."
	inAuth  bool   // between AUTH and the server's last reply to it: every client line is a secret
}

func newTranscript(w io.Writer) *transcript { return &transcript{w: w} }

var serverLine = regexp.MustCompile(`^\d{3}[ -]`)

// wrap logs the clear-text part of the dialogue at the connection (true directions).
func (t *transcript) wrap(c net.Conn) net.Conn { return &loggedConn{Conn: c, t: t} }

type loggedConn struct {
	net.Conn
	t *transcript
}

func (c *loggedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.t.clear(false, b[:n])
	return n, err
}

func (c *loggedConn) Write(b []byte) (int, error) {
	c.t.clear(true, b)
	return c.Conn.Write(b)
}

// clear records bytes seen on the connection before TLS.
func (t *transcript) clear(sent bool, b []byte) {
	if t == nil || t.w == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tls {
		return
	}
	for _, line := range strings.Split(strings.TrimRight(string(b), "\r\n"), "\r\n") {
		if line == "" {
			continue
		}
		if sent {
			t.lastCmd = strings.ToUpper(strings.Fields(line + " ")[0])
			fmt.Fprintf(t.w, " -> %s\n", t.client(line))
			continue
		}
		t.server(line)
		fmt.Fprintf(t.w, "<-  %s\n", line)
		if t.lastCmd == "STARTTLS" && strings.HasPrefix(line, "220") {
			t.tls = true
		}
	}
}

// Write receives go-smtp's debug copy of the dialogue after TLS (both directions mixed):
// a line that starts with a reply code is the server's.
func (t *transcript) Write(b []byte) (int, error) {
	if t == nil || t.w == nil {
		return len(b), nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending = append(t.pending, b...)
	for {
		i := bytes.Index(t.pending, []byte("\r\n"))
		if i < 0 {
			return len(b), nil
		}
		line := string(t.pending[:i])
		t.pending = t.pending[i+2:]
		t.tlsLine(line)
	}
}

func (t *transcript) tlsLine(line string) {
	switch {
	case !t.inData && serverLine.MatchString(line):
		t.server(line)
		fmt.Fprintf(t.w, "<~  %s\n", line)
		t.inData = strings.HasPrefix(line, "354")
	case t.inData:
		fmt.Fprintf(t.w, " ~> %s\n", line)
		t.inData = line != "."
	default:
		fmt.Fprintf(t.w, " ~> %s\n", t.client(line))
	}
}

// client returns a client line as the transcript shows it: an AUTH command's initial
// response, and every line the client sends until the server ends the AUTH exchange (the
// user name and password of AUTH LOGIN, a SASL response), are redacted.
func (t *transcript) client(line string) string {
	f := strings.Fields(line)
	switch {
	case len(f) >= 2 && strings.EqualFold(f[0], "AUTH"):
		t.inAuth = true
		if len(f) > 2 {
			return f[0] + " " + f[1] + " <redacted>"
		}
		return line
	case t.inAuth:
		return "<redacted>"
	}
	return line
}

// server follows the AUTH exchange: a 334 asks for more, any other reply ends it.
func (t *transcript) server(line string) {
	if t.inAuth && !strings.HasPrefix(line, "334") {
		t.inAuth = false
	}
}

// note writes a remark of the assistant's.
func (t *transcript) note(s string) {
	if t == nil || t.w == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "=== %s\n", s)
}
