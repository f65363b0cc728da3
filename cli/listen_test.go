package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// lockedBuffer is a buffer the command writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestListenCommand: the command says where to send, records a printer's session with its
// token's claims, and prints neither the token nor its signature.
func TestListenCommand(t *testing.T) {
	out, errOut, port, code := startListen(t, "--lang", "fr", "--tenant", "aaaabbbb-0000-cccc-1111-dddd2222eeee")
	claims, _ := json.Marshal(map[string]any{"aud": "https://outlook.office.com", "scp": "SMTP.Send", "tid": "aaaabbbb-0000-cccc-1111-dddd2222eeee",
		"upn": "scan@contoso.fr", "exp": time.Now().Add(time.Hour).Unix()})
	token := "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(claims) + ".c2lnbmF0dXJlLXNlY3JldA"
	conn, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	c := smtp.NewClient(conn)
	if err := c.Auth(xoauth2Client{"scan@contoso.fr", token}); err != nil {
		t.Fatal(err)
	}
	_ = c.Mail("scan@contoso.fr", nil)
	_ = c.Rcpt("direction@contoso.fr", nil)
	if w, err := c.Data(); err == nil {
		_, _ = w.Write([]byte("Subject: scan\r\n\r\nx\r\n"))
		_ = w.Close()
	}
	_ = c.Quit()
	if got := <-code; got != ExitProblem { // sent in clear: problems found
		t.Errorf("exit %d", got)
	}
	var o struct {
		Sessions []struct {
			Auth     string   `json:"auth"`
			Findings []string `json:"findings"`
			Token    struct {
				Aud, Upn string
			} `json:"token"`
			Matches []struct{ ID string } `json:"matches"`
		} `json:"sessions"`
		Verdict string `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(out.String()), &o); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(o.Sessions) != 1 || o.Sessions[0].Auth != "xoauth2" || o.Sessions[0].Token.Upn != "scan@contoso.fr" ||
		!strings.Contains(strings.Join(o.Sessions[0].Findings, " "), "check:listen-no-tls") || len(o.Sessions[0].Matches) == 0 ||
		o.Verdict != "not-ready" {
		t.Errorf("%+v", o)
	}
	for _, s := range []string{out.String(), errOut.String()} {
		if strings.Contains(s, token) || strings.Contains(s, "c2lnbmF0dXJlLXNlY3JldA") {
			t.Fatalf("the token is in the output:\n%s", s)
		}
	}
}

// startListen runs mfp365 listen --json for 2 s on a free loopback port, with more arguments,
// and returns its outputs, the port it announced and where its exit code will come.
func startListen(t *testing.T, args ...string) (out, errOut *lockedBuffer, port string, code chan int) {
	t.Helper()
	out, errOut, code = &lockedBuffer{}, &lockedBuffer{}, make(chan int, 1)
	env := &Env{Stdout: out, Stderr: errOut, SavedLanguage: func() string { return "" }}
	go func() {
		code <- Run(env, append([]string{"listen", "--addr", "127.0.0.1:0", "--timeout", "2s", "--json"}, args...))
	}()
	for deadline := time.Now().Add(5 * time.Second); port == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`port (\d+)`).FindStringSubmatch(errOut.String()); m != nil {
			port = m[1]
		}
	}
	if port == "" {
		t.Fatalf("no port announced:\n%s", errOut.String())
	}
	return out, errOut, port, code
}

type xoauth2Client struct{ user, token string }

func (x xoauth2Client) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}
func (x xoauth2Client) Next([]byte) ([]byte, error) { return []byte{}, nil }

// TestListenCommandWithRealPrinters: a real-size token whose exp is past year 9999 is read and
// printed with the other sessions, and printers turned away are counted in the JSON.
func TestListenCommandWithRealPrinters(t *testing.T) {
	out, _, port, code := startListen(t, "--lang", "en")
	claims, _ := json.Marshal(map[string]any{"aud": "https://outlook.office.com", "scp": "SMTP.Send", "upn": "scan@contoso.fr",
		"exp": 253402300800 + 86400, "xms_pad": strings.Repeat("p", 1800)}) // year 10000; a token of about 3 KB
	token := "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(claims) + "." + strings.Repeat("s", 342)
	conn, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	c := smtp.NewClient(conn)
	if err := c.Auth(xoauth2Client{"scan@contoso.fr", token}); err != nil {
		t.Fatalf("a %d-byte token: %v", len(token), err)
	}
	_ = c.Quit()
	var held []net.Conn // four exchanges open, a fifth printer turned away
	for range 5 {
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			held = append(held, c)
		}
	}
	time.Sleep(200 * time.Millisecond)
	for _, c := range held {
		c.Close()
	}
	<-code
	var o struct {
		Sessions []struct {
			Token struct {
				Upn           string
				ExpOutOfRange bool `json:"exp_out_of_range"`
			} `json:"token"`
		} `json:"sessions"`
		Tally struct{ Refused int } `json:"tally"`
	}
	if err := json.Unmarshal([]byte(out.String()), &o); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(o.Sessions) == 0 || o.Sessions[0].Token.Upn != "scan@contoso.fr" || !o.Sessions[0].Token.ExpOutOfRange || o.Tally.Refused != 1 {
		t.Errorf("%+v\n%s", o, out.String())
	}
}
