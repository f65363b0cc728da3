package listen

import (
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"
)

// scan is a 2 KB message as a printer writes it, its lines as given.
func scan(lines ...string) string {
	return "From: scan@contoso.fr\r\nSubject: Scan\r\n\r\n" + strings.Join(lines, "\r\n") + "\r\n"
}

// TestListenSizeIsTheBytesSent: Size is the message's exact size, however the printer sent
// it: in short lines (some starting with a dot, which DATA doubles on the wire), in one long
// line, or by BDAT (RFC 3030) in one chunk or two.
func TestListenSizeIsTheBytesSent(t *testing.T) {
	short := scan(strings.Split(strings.Repeat(strings.Repeat("A", 75)+"\n.", 27), "\n")...)
	long := scan(strings.Repeat("B", 2048))
	t.Run("DATA in short lines", func(t *testing.T) {
		addr, sessions := listener(t, Config{})
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		c := smtp.NewClient(conn)
		defer c.Close()
		_ = c.Hello("EPSON1A2B3C")
		_ = c.Mail("scan@contoso.fr", nil)
		_ = c.Rcpt("d@contoso.fr", nil)
		wc, _ := c.Data()
		_, _ = wc.Write([]byte(short))
		if err := wc.Close(); err == nil || !strings.Contains(err.Error(), "554") {
			t.Errorf("the message got %v", err)
		}
		_ = c.Quit()
		if s := sessions()[0]; s.Size != int64(len(short)) {
			t.Errorf("size %d, sent %d", s.Size, len(short))
		}
	})
	for _, c := range []struct {
		name   string
		writes []string // each answered
		size   int
	}{
		{"DATA in one 2 KB line", []string{"DATA\r\n", long + ".\r\n"}, len(long)},
		{"BDAT in one chunk", []string{"BDAT " + strconv.Itoa(len(long)) + " LAST\r\n" + long}, len(long)},
		{"BDAT in two chunks", []string{"BDAT 1000\r\n" + long[:1000], "BDAT " + strconv.Itoa(len(long)-1000) + " LAST\r\n" + long[1000:]}, len(long)},
	} {
		t.Run(c.name, func(t *testing.T) {
			addr, sessions := listener(t, Config{})
			w := dial(t, addr)
			w.cmd("EHLO EPSON1A2B3C")
			w.cmd("MAIL FROM:<scan@contoso.fr>")
			w.cmd("RCPT TO:<d@contoso.fr>")
			var r string
			for _, s := range c.writes {
				w.write(s)
				r = w.reply()
			}
			if !strings.HasPrefix(r, "554 ") {
				t.Errorf("the message got %q", r)
			}
			w.cmd("QUIT")
			if s := sessions()[0]; s.Size != int64(c.size) {
				t.Errorf("size %d, sent %d", s.Size, c.size)
			}
		})
	}
}
