package checks

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// replyCases are what a server may send, and the reply or the error read from it.
var replyCases = []struct {
	name, in string
	code     int
	text     []string
	err      error // nil: a reply; else errors.Is
}{
	{"greeting", "220 mail.contoso.fr ESMTP\r\n", 220, []string{"mail.contoso.fr ESMTP"}, nil},
	{"multiline", "250-mail.contoso.fr\r\n250-STARTTLS\r\n250 SIZE 36700160\r\n", 250, []string{"mail.contoso.fr", "STARTTLS", "SIZE 36700160"}, nil},
	{"code alone", "220\r\n", 220, []string{""}, nil},
	{"bare LF", "220 ok\n", 220, []string{"ok"}, nil},
	{"refusal", "554 5.7.1 go away\r\n", 554, []string{"5.7.1 go away"}, nil},
	{"partial line", "220 mail.contoso", 0, nil, io.EOF},
	{"partial multiline", "250-a\r\n250 b", 0, nil, io.EOF},
	{"nothing", "", 0, nil, io.EOF},
	{"not SMTP", "SSH-2.0-OpenSSH_9.6\r\n", 0, nil, errNotSMTP},
	{"code out of range", "620 no\r\n", 0, nil, errNotSMTP},
	{"no space after the code", "220x\r\n", 0, nil, errNotSMTP},
	{"codes differ", "250-a\r\n251 b\r\n", 0, nil, errNotSMTP},
	{"a line too long", "220 " + strings.Repeat("a", maxLine) + "\r\n", 0, nil, errReplyTooLong},
	{"a line without end", "220 " + strings.Repeat("a", 3*maxLine), 0, nil, errReplyTooLong},
	{"too many lines", strings.Repeat("250-a\r\n", maxReplyLines) + "250 b\r\n", 0, nil, errReplyTooLong},
	{"too many bytes", strings.Repeat("250-"+strings.Repeat("a", 900)+"\r\n", maxReplyBytes/900+1) + "250 b\r\n", 0, nil, errReplyTooLong},
	{"as many lines as allowed", strings.Repeat("250-a\r\n", maxReplyLines-1) + "250 b\r\n", 250, nil, nil},
}

func TestReadReply(t *testing.T) {
	for _, tc := range replyCases {
		t.Run(tc.name, func(t *testing.T) {
			// one byte at a time: a reply is read whole however the network cuts it
			r, err := readReply(&lines{r: iotest.OneByteReader(strings.NewReader(tc.in))})
			switch {
			case tc.err != nil && !errors.Is(err, tc.err):
				t.Errorf("error %v, want %v", err, tc.err)
			case tc.err == nil && err != nil:
				t.Errorf("error %v", err)
			case tc.err == nil && (r.code != tc.code || tc.text != nil && strings.Join(r.text, "|") != strings.Join(tc.text, "|")):
				t.Errorf("reply %d %q, want %d %q", r.code, r.text, tc.code, tc.text)
			}
		})
	}
}

// TestPartialLineIsNoLine: what lines passes up ends with a line end, and a read cut in the
// middle of a line says so (net/textproto took "220 " cut by a deadline for a greeting).
func TestPartialLineIsNoLine(t *testing.T) {
	l := &lines{r: iotest.TimeoutReader(strings.NewReader("220-one\r\n220 tw"))}
	got, err := io.ReadAll(l)
	var partial *partialLineError
	if string(got) != "220-one\r\n" || !errors.As(err, &partial) || !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("read %q, %v", got, err)
	}
}

func TestReplyErr(t *testing.T) {
	for _, tc := range []struct {
		r    reply
		code string
		msg  string
	}{
		{reply{554, []string{"5.7.1 Service unavailable"}}, "SMTP 554 5.7.1", "Service unavailable"},
		{reply{421, []string{"Service not available"}}, "SMTP 421", "Service not available"},
		{reply{550, []string{"5.7.64 TenantAttribution;", "5.7.64 Relay Access Denied"}}, "SMTP 550 5.7.64", "TenantAttribution;\nRelay Access Denied"},
		{reply{550, []string{"1.2.3 not a class"}}, "SMTP 550", "1.2.3 not a class"},
		{reply{550, []string{"5.+1.2 not digits"}}, "SMTP 550", "5.+1.2 not digits"},
	} {
		if e := tc.r.err(); replyCode(e) != tc.code || e.Message != tc.msg {
			t.Errorf("%v: %s %q, want %s %q", tc.r, replyCode(e), e.Message, tc.code, tc.msg)
		}
	}
}

// TestTranscriptCut: the transcript stops at its bound and says so, once.
func TestTranscriptCut(t *testing.T) {
	var out strings.Builder
	tr := newTranscript(&out, nil)
	line := []byte("250-" + strings.Repeat("A", 60))
	for range 2 * maxTranscript / len(line) {
		tr.received(line, false)
	}
	if s := out.String(); len(s) > maxTranscript || !strings.HasSuffix(s, "\n=== […]\n") || strings.Count(s, "[…]") != 1 {
		t.Errorf("transcript of %d bytes, ends %q", len(s), s[len(s)-20:])
	}
}

// TestTranscriptMasks: the client's lines during AUTH, the secrets anywhere, and what a
// terminal would act on.
func TestTranscriptMasks(t *testing.T) {
	var out strings.Builder
	tr := newTranscript(&out, newSecrets("hunter2", "aHVudGVyMg=="))
	tr.authenticating(true)
	tr.sent([]byte("AUTH LOGIN c2NhbkBjb250b3NvLmZy\r\n"), true)
	tr.received([]byte("250 junk"), true)
	tr.sent([]byte("aHVudGVyMg==\r\n"), true)
	tr.authenticating(false)
	tr.received([]byte("535 you sent aHVudGVyMg== \x1b[2J"), true)
	tr.sent([]byte("MAIL FROM:<scan@contoso.fr>\r\n"), true)
	want := " ~> AUTH LOGIN <redacted>\n<~  250 junk\n ~> <redacted>\n<~  535 you sent <redacted> \uFFFD[2J\n ~> MAIL FROM:<scan@contoso.fr>\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// FuzzReadReply: whatever a server sends, however the network cuts it, reading never panics
// and stays within the bounds: a reply read is whole and of SMTP's shape.
func FuzzReadReply(f *testing.F) {
	for _, tc := range replyCases {
		if len(tc.in) <= maxLine*2 { // the long ones make each run slow; the table covers them
			f.Add([]byte(tc.in), uint8(1))
		}
	}
	f.Add([]byte("250-a\r\n250-b\r\n250 c\r\n220 next\r\n"), uint8(3))
	f.Fuzz(func(t *testing.T, in []byte, cut uint8) {
		src := &chunked{in: in, size: int(cut)%16 + 1}
		var lineCount int
		l := &lines{r: src, onLine: func(line []byte) {
			if len(line) >= maxLine || bytes.ContainsRune(line, '\n') {
				t.Fatalf("line of %d bytes, or with a line end: %q", len(line), line)
			}
			lineCount++
		}}
		for range 8 {
			r, err := readReply(l)
			if err != nil {
				return
			}
			if r.code < 200 || r.code > 559 || len(r.text) == 0 || len(r.text) > maxReplyLines {
				t.Fatalf("reply %d with %d lines", r.code, len(r.text))
			}
			size := 0
			for _, s := range r.text {
				size += len(s)
			}
			if size > maxReplyBytes {
				t.Fatalf("reply of %d bytes", size)
			}
			r.err() // never panics
		}
		if lineCount > 8*maxReplyLines {
			t.Fatalf("%d lines", lineCount)
		}
	})
}

// chunked gives in size bytes at a time, as a network might.
type chunked struct {
	in   []byte
	size int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.in) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.size)], c.in)
	c.in = c.in[n:]
	return n, nil
}
