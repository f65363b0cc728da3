package cli

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"mfp365/internal/fakeexchange"
	"mfp365/textsafe"
)

// hostileText rewrites a terminal that shows it raw: a window title, a cleared screen, text
// read right to left, an 8-bit CSI.
const hostileText = "unsuccessful \x1b]0;pwned\x07\x1b[2J \u202egnp.exe \u009b31m"

// assertShownSafely: the output holds nothing a terminal obeys, and shows the hostile text
// escaped.
func assertShownSafely(t *testing.T, where, s string) {
	t.Helper()
	if i := strings.IndexFunc(s, textsafe.Unsafe); i >= 0 {
		t.Errorf("%s: %U reaches the terminal raw:\n%q", where, []rune(s[i:])[0], s)
	}
}

// TestHostileServerReply: a server's reply with escape sequences reaches the step's line, the
// explanation and the transcript escaped; the JSON keeps the reply, with nothing a terminal
// obeys (the checks already replace a reply's control characters).
func TestHostileServerReply(t *testing.T) {
	reply := &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 3}, Message: "Authentication " + hostileText}
	args := append([]string{"test", "smtp", "--user", "scan@contoso.fr", "--transcript"}, smtpFixture(t, fakeexchange.Script{AuthReply: reply})...)
	out, errOut, code := run(t, "", append(args, "--lang", "fr")...)
	if code != ExitProblem || !strings.Contains(out+errOut, `\x1b]0;pwned\x07\x1b[2J \u202egnp.exe \u009b31m`) {
		t.Errorf("exit %d, the reply is not shown escaped:\n%s\n%s", code, out, errOut)
	}
	assertShownSafely(t, "stdout", out)
	assertShownSafely(t, "stderr", errOut)

	out, errOut, _ = run(t, "", append(args, "--json")...)
	assertShownSafely(t, "JSON", out)
	assertShownSafely(t, "stderr", errOut)
	var o testOutput
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	found := false
	for _, s := range o.Steps {
		found = found || strings.Contains(s.Detail, "Authentication unsuccessful") && strings.Contains(s.Detail, "pwned")
	}
	if !found || !strings.Contains(o.Transcript, "pwned") {
		t.Errorf("the JSON does not keep the reply: %+v\n%s", o.Steps, o.Transcript)
	}
}

// TestHostilePrinterSession: what a printer sends the listener (its EHLO name, its token's
// claims) reaches the session line, the token's line and the JSON with nothing a terminal
// obeys (the listener itself already turns such characters into U+FFFD).
func TestHostilePrinterSession(t *testing.T) {
	for _, asJSON := range []bool{false, true} {
		var out, errOut lockedBuffer
		env := &Env{Stdout: &out, Stderr: &errOut, SavedLanguage: func() string { return "" }}
		args := []string{"listen", "--addr", "127.0.0.1:0", "--timeout", "1s", "--lang", "en"}
		if asJSON {
			args = append(args, "--json")
		}
		code := make(chan int, 1)
		go func() { code <- Run(env, args) }()
		var port string
		for deadline := time.Now().Add(5 * time.Second); port == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if m := regexp.MustCompile(`port (\d+)`).FindStringSubmatch(errOut.String()); m != nil {
				port = m[1]
			}
		}
		claims, _ := json.Marshal(map[string]any{"aud": "https://outlook.office.com", "upn": "scan@contoso.fr " + hostileText,
			"exp": time.Now().Add(time.Hour).Unix()})
		token := "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(claims) + ".c2ln"
		conn, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(conn)
		say := func(line string) {
			fmt.Fprintf(conn, "%s\r\n", line)
			for {
				l, err := r.ReadString('\n')
				if err != nil || len(l) < 4 || l[3] != '-' {
					return
				}
			}
		}
		say("")
		say("EHLO printer\u202eFDP.exe\x1b[8m")
		say("AUTH XOAUTH2 " + base64.StdEncoding.EncodeToString([]byte("user=scan@contoso.fr\x01auth=Bearer "+token+"\x01\x01")))
		say("QUIT")
		conn.Close()
		<-code
		assertShownSafely(t, "stdout", out.String())
		assertShownSafely(t, "stderr", errOut.String())
		if !strings.Contains(errOut.String(), "FDP.exe") || !strings.Contains(out.String(), "pwned") {
			t.Errorf("the session is not shown:\n%s\n%s", out.String(), errOut.String())
		}
	}
}

// TestUsageErrorsShownSafely: what the person typed comes back escaped too.
func TestUsageErrorsShownSafely(t *testing.T) {
	_, errOut, code := run(t, "", "lookup", "--\x1b[31mred")
	if code != ExitUsage || !strings.Contains(errOut, `--\x1b[31mred`) {
		t.Errorf("exit %d: %q", code, errOut)
	}
	assertShownSafely(t, "stderr", errOut)
}

// FuzzTerminalSafeJSON: whatever a string holds, its JSON comes out with nothing a terminal
// obeys, and reads back as the value encoding/json gives for it.
func FuzzTerminalSafeJSON(f *testing.F) {
	for _, s := range []string{"", "plain", hostileText, "\x7f\u0085\u2066\u2069", "bad \xff utf8", `quote " and \ backslash`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := json.Marshal(map[string]string{"v": s})
		if err != nil {
			t.Skip()
		}
		safe := terminalSafeJSON(b)
		if i := strings.IndexFunc(string(safe), textsafe.Unsafe); i >= 0 {
			t.Fatalf("%q: raw %U left in %q", s, []rune(string(safe[i:]))[0], safe)
		}
		var want, got map[string]string
		if json.Unmarshal(b, &want) != nil || json.Unmarshal(safe, &got) != nil || got["v"] != want["v"] {
			t.Fatalf("%q: %q reads back as %q, want %q", s, safe, got["v"], want["v"])
		}
	})
}
