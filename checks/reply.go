package checks

// The server's replies, read with bounds. A server is hostile until proven otherwise: it may
// cut a line short and wait, or send a reply that never ends. net/textproto, under go-smtp's
// client, takes a line cut by a deadline for a whole one and keeps every line of a multi-line
// reply, however many; so the session's connection reads through lines, which passes up only
// whole lines, of bounded replies.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/emersion/go-smtp"
)

// Bounds on what the server sends.
const (
	// maxLine is the longest line read, its end included: twice RFC 5321's, 4.5.3.1.5: "The
	// maximum total length of a reply line including the reply code and the <CRLF> is 512
	// octets."
	maxLine = 1024
	// maxReplyLines and maxReplyBytes bound one reply, continuation lines ("250-") included:
	// Exchange Online's longest reply, to EHLO, has about ten lines.
	maxReplyLines = 200
	maxReplyBytes = 64 << 10
	// readChunk is how much is read from the connection at a time.
	readChunk = 4096
)

var (
	// errReplyTooLong: a line or a reply over the bounds (ReasonOf: "reply-too-long").
	errReplyTooLong = errors.New("smtp: reply too long")
	// errNotSMTP: a line that is no SMTP reply.
	errNotSMTP = errors.New("smtp: not an SMTP reply")
)

// partialLineError is a read that ended (a timeout, a close) in the middle of a line. RFC 5321,
// 2.3.8: lines end with <CRLF>; a line cut short is no reply.
type partialLineError struct {
	line []byte
	err  error
}

func (e *partialLineError) Error() string {
	return fmt.Sprintf("%v (partial line %s)", e.err, quote(e.line))
}
func (e *partialLineError) Unwrap() error { return e.err }

// quote shows the start of what the server sent, for a step's Detail.
func quote(b []byte) string {
	const show = 80
	if len(b) > show {
		return strconv.Quote(string(b[:show])) + "…"
	}
	return strconv.Quote(string(b))
}

// lines reads r and passes up only whole lines, each at most maxLine long, and at most
// maxReplyLines lines or maxReplyBytes bytes of one reply. onLine sees each whole line as it
// comes (without its end). The first error sticks.
type lines struct {
	r       io.Reader
	onLine  func(line []byte)
	ready   []byte // whole lines, not yet passed up
	partial []byte // the start of the next line
	n, size int    // lines and bytes of the reply being read
	err     error
	chunk   [readChunk]byte
}

// Read passes up whole lines only.
func (l *lines) Read(p []byte) (int, error) {
	for len(l.ready) == 0 {
		if l.err != nil {
			return 0, l.err
		}
		l.fill()
	}
	n := copy(p, l.ready)
	l.ready = l.ready[n:]
	return n, nil
}

// line returns the next whole line, without its end.
func (l *lines) line() ([]byte, error) {
	for {
		if i := bytes.IndexByte(l.ready, '\n'); i >= 0 {
			line := l.ready[:i+1]
			l.ready = l.ready[i+1:]
			return trimEOL(line), nil
		}
		if l.err != nil {
			return nil, l.err
		}
		l.fill()
	}
}

// fill reads once, and moves the lines it completes to ready.
func (l *lines) fill() {
	n, err := l.r.Read(l.chunk[:])
	data := l.chunk[:n]
	for len(data) > 0 && l.err == nil {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			l.partial, data = append(l.partial, data...), nil
		} else {
			l.partial, data = append(l.partial, data[:i+1]...), data[i+1:]
		}
		switch {
		case len(l.partial) > maxLine:
			l.err = fmt.Errorf("%w: a line over %d bytes", errReplyTooLong, maxLine)
		case i >= 0:
			if l.err = l.count(l.partial); l.err == nil {
				l.ready = append(l.ready, l.partial...)
			}
			l.partial = l.partial[:0]
		}
	}
	if err != nil && l.err == nil {
		if len(l.partial) > 0 {
			err = &partialLineError{line: bytes.Clone(l.partial), err: err}
		}
		l.err = err
	}
}

// count adds a whole line to the reply being read. RFC 5321, 4.2.1: in a multiline reply
// every line but the last has a hyphen after the code; any other line ends the reply.
func (l *lines) count(line []byte) error {
	if l.n, l.size = l.n+1, l.size+len(line); l.n > maxReplyLines || l.size > maxReplyBytes {
		return fmt.Errorf("%w: over %d lines or %d bytes", errReplyTooLong, maxReplyLines, maxReplyBytes)
	}
	if _, more, _, ok := replyLine(trimEOL(line)); !ok || !more {
		l.n, l.size = 0, 0
	}
	if l.onLine != nil {
		l.onLine(trimEOL(line))
	}
	return nil
}

func trimEOL(line []byte) []byte {
	return bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
}

// reply is one server reply: its code and the text of each line.
type reply struct {
	code int
	text []string
}

// readReply reads one reply. RFC 5321, 4.2:
//
//	Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
//
// and every line of a multiline reply carries the same code. Anything else is errNotSMTP.
func readReply(l *lines) (reply, error) {
	var r reply
	for {
		line, err := l.line()
		if err != nil {
			return r, err
		}
		code, more, text, ok := replyLine(line)
		if !ok || r.text != nil && code != r.code {
			return r, fmt.Errorf("%w: %s", errNotSMTP, quote(line))
		}
		r.code, r.text = code, append(r.text, text)
		if !more {
			return r, nil
		}
	}
}

// replyLine reads one line of a reply. RFC 5321, 4.2: Reply-code = %x32-35 %x30-35 %x30-39.
func replyLine(line []byte) (code int, more bool, text string, ok bool) {
	if len(line) < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '5' || line[2] < '0' || line[2] > '9' {
		return 0, false, "", false
	}
	code = int(line[0]-'0')*100 + int(line[1]-'0')*10 + int(line[2]-'0')
	if len(line) == 3 {
		return code, false, "", true
	}
	if line[3] != ' ' && line[3] != '-' {
		return 0, false, "", false
	}
	return code, line[3] == '-', string(line[4:]), true
}

// err is the reply as go-smtp gives a refusal, with its enhanced status code when the first
// line starts with one (RFC 3463, 2: class "." subject "." detail, class 2, 4 or 5).
func (r reply) err() *smtp.SMTPError {
	msg := strings.Join(r.text, "\n")
	e := &smtp.SMTPError{Code: r.code, Message: msg}
	first, rest, _ := strings.Cut(msg, " ")
	if parts := strings.Split(first, "."); len(parts) == 3 && len(r.text) > 0 {
		var ec smtp.EnhancedCode
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || len(p) > 3 || strings.Trim(p, "0123456789") != "" || i == 0 && n != 2 && n != 4 && n != 5 {
				return e
			}
			ec[i] = n
		}
		e.EnhancedCode, e.Message = ec, strings.ReplaceAll(rest, "\n"+first+" ", "\n")
	}
	return e
}

// offers reports whether an EHLO reply names the extension (RFC 5321, 4.1.1.1: each line
// after the first is an ehlo-keyword and its parameters).
func (r reply) offers(ext string) bool {
	for i, t := range r.text {
		if f := strings.Fields(t); i > 0 && len(f) > 0 && strings.EqualFold(f[0], ext) {
			return true
		}
	}
	return false
}
