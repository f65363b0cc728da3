package listen

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// wire is a printer written by hand, byte by byte: it sends lines as given (too long,
// pipelined, trickled, cut) and reads the listener's replies whole. It talks to 127.0.0.1 only.
type wire struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

// dial connects and reads the greeting.
func dial(t *testing.T, addr string) *wire {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	w := &wire{t: t, conn: conn, r: bufio.NewReader(conn)}
	if g := w.reply(); !strings.HasPrefix(g, "220 ") {
		t.Fatalf("greeting %q", g)
	}
	return w
}

// write sends bytes as they are.
func (w *wire) write(s string) {
	w.t.Helper()
	if _, err := w.conn.Write([]byte(s)); err != nil {
		w.t.Fatalf("write: %v", err)
	}
}

// reply reads one reply, its lines joined by " | "; "" when the connection ends or stays
// silent for 5 s.
func (w *wire) reply() string {
	var lines []string
	for {
		w.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		l, err := w.r.ReadString('\n')
		if err != nil {
			return strings.Join(lines, " | ")
		}
		lines = append(lines, strings.TrimRight(l, "\r\n"))
		if len(l) < 4 || l[3] != '-' {
			return strings.Join(lines, " | ")
		}
	}
}

// cmd sends one line and reads its reply.
func (w *wire) cmd(line string) string {
	w.t.Helper()
	w.write(line + "\r\n")
	return w.reply()
}

// starttls says EHLO, asks STARTTLS and shakes hands; the wire then speaks TLS.
func (w *wire) starttls() {
	w.t.Helper()
	w.cmd("EHLO printer.local")
	if r := w.cmd("STARTTLS"); !strings.HasPrefix(r, "220 ") {
		w.t.Fatalf("STARTTLS: %q", r)
	}
	tc := tls.Client(w.conn, &tls.Config{InsecureSkipVerify: true}) // the printer's side of the test
	if err := tc.Handshake(); err != nil {
		w.t.Fatal(err)
	}
	w.conn, w.r = tc, bufio.NewReader(tc)
}

// closed is whether the listener has ended the connection (EOF within 5 s).
func (w *wire) closed() bool {
	w.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := w.r.ReadByte()
	return err != nil && !isTimeout(err)
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// entraToken is an access token shaped like the ones Entra issues for Exchange Online SMTP:
// its header, the claims Entra writes, an RS256 signature's size (256 bytes), and as many
// group IDs as it takes to be about size bytes long (a real token's size comes from such
// lists: groups, wids).
func entraToken(size int, upn string, exp time.Time) string {
	enc := base64.RawURLEncoding.EncodeToString
	header := enc([]byte(`{"typ":"JWT","alg":"RS256","x5t":"JDNa_4i4r7FgigL3sHIlI3xV-IU","kid":"JDNa_4i4r7FgigL3sHIlI3xV-IU"}`))
	sig := enc(bytes.Repeat([]byte{0xa5}, 256))
	tid := "aaaabbbb-0000-cccc-1111-dddd2222eeee"
	claims := map[string]any{"aud": "https://outlook.office.com", "iss": "https://sts.windows.net/" + tid + "/",
		"iat": exp.Add(-75 * time.Minute).Unix(), "nbf": exp.Add(-75 * time.Minute).Unix(), "exp": exp.Unix(),
		"acr": "1", "aio": "AVQAq/8ZAAAA9r0YsG6vJ2n1t5kEwFq0bXr5kq3m8c1f0hZ0pF3xjJ7qk0d6YQ==", "amr": []string{"pwd", "mfa"},
		"app_displayname": "Epson Device", "appid": "0c1bb5d3-8f0e-4b8a-9b52-1f9d2e8a7c61", "appidacr": "0",
		"ipaddr": "203.0.113.7", "name": "Scanner Accueil",
		"oid": "5f0c6a1e-2b7d-4c3e-9a8f-0d1e2c3b4a59", "puid": "10032002A1B2C3D4", "rh": "1.AQsAs4a0qkS8V0qAAAAAAAAAAA.",
		"scp": "SMTP.Send", "sub": "Zk3x0hq3WvY1aJm7R8c2pL5tN9bV4sD6fG1hK0jQ2wE",
		"tid": tid, "unique_name": upn, "upn": upn, "uti": "Xy7aB3cD4eF5gH6iJ7kL8m", "ver": "1.0",
		"wids": []string{"b79fbf4d-3ef9-4689-8143-76b194e85509"}}
	var groups []string
	last := ""
	for i := 0; ; i++ {
		claims["groups"] = groups
		payload, _ := json.Marshal(claims)
		token := header + "." + enc(payload) + "." + sig
		if len(token) > size {
			return last
		}
		last = token
		groups = append(groups, fmt.Sprintf("%08x-1c2d-4e5f-8a9b-%012x", i, 0x5eed0000+i))
	}
}

// xoauth2Response is XOAUTH2's client response.
func xoauth2Response(user, token string) string {
	return "user=" + user + "\x01auth=Bearer " + token + "\x01\x01"
}

// xoauth2IR is XOAUTH2's client response, base64 as on the AUTH line.
func xoauth2IR(user, token string) string {
	return base64.StdEncoding.EncodeToString([]byte(xoauth2Response(user, token)))
}

// serve is a listener on loopback, serving until the test ends; wait(n) waits (5 s at most)
// for n sessions emitted and returns those emitted.
func serve(t *testing.T, cfg Config) (ln *Listener, wait func(n int) []Session) {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	ln, err := Listen(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var got []Session
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = ln.Serve(ctx, func(s Session) { mu.Lock(); got = append(got, s); mu.Unlock() })
	}()
	t.Cleanup(func() { cancel(); <-done })
	return ln, func(n int) []Session {
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			mu.Lock()
			enough := len(got) >= n
			mu.Unlock()
			if enough {
				break
			}
		}
		mu.Lock()
		defer mu.Unlock()
		return append([]Session(nil), got...)
	}
}

// ended is how long the listener took to end the connection, reading (and dropping) what it
// writes; 0 when it has not after limit.
func (w *wire) ended(limit time.Duration) time.Duration {
	start := time.Now()
	w.conn.SetReadDeadline(start.Add(limit))
	for {
		if _, err := w.r.ReadByte(); err != nil {
			if isTimeout(err) {
				return 0
			}
			return time.Since(start)
		}
	}
}
