package cli

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mfp365/internal/fakeexchange"
)

const previous = "the previous report, kept\n"

// oldFile writes a file that a run must not lose, and returns its path.
func oldFile(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(previous), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// assertKept checks that the file still holds what it held, and that no temporary file is left.
func assertKept(t *testing.T, path, want string) {
	t.Helper()
	assertHolds(t, path, want)
	assertNoTemporary(t, filepath.Dir(path))
}

func assertHolds(t *testing.T, path, want string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || string(data) != want {
		t.Errorf("%s: %d bytes left, %.80q (%v); want %q", path, len(data), data, err, want)
	}
}

func assertNoTemporary(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file is left: %s", e.Name())
		}
	}
}

// TestOutputKeptWhenTheRunFails: a run refused or failed after its arguments were read leaves
// the previous --report as it was (it was emptied before the run).
func TestOutputKeptWhenTheRunFails(t *testing.T) {
	t.Setenv("MFP365_ACCESS_TOKEN", "")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"the CSV cannot be created", []string{"discover", "--host", "127.0.0.1", "--csv", "/nonexistent/dir/p.csv"}, ExitUsage},
		{"the address is taken", []string{"listen", "--addr", busy.Addr().String(), "--timeout", "1s"}, ExitProblem},
		{"the sign-in refuses the tenant", []string{"test", "smtp", "--user", "scan@contoso.fr", "--tenant", "contoso onmicrosoft",
			"--client-id", "00001111-aaaa-2222-bbbb-3333cccc4444"}, ExitUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			report := oldFile(t, t.TempDir(), "rapport.html")
			_, errOut, code := run(t, "", append(tc.args, "--report", report)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, errOut)
			}
			assertKept(t, report, previous)
		})
	}
}

// TestOutputIsNotAnInput: an output path that is also a file the command reads, or the other
// output, is refused before anything is written, whatever its spelling.
func TestOutputIsNotAnInput(t *testing.T) {
	dir := t.TempDir()
	pw, token, ca := oldFile(t, dir, "password"), oldFile(t, dir, "token"), oldFile(t, dir, "ca.pem")
	if err := os.Symlink(ca, filepath.Join(dir, "ca-link.pem")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args        []string
		flag, other string
	}{
		{[]string{"test", "smtp", "--route", "basic", "--user", "scan@contoso.fr", "--password-file", pw, "--report", pw}, "--report", "--password-file"},
		{[]string{"test", "smtp", "--user", "scan@contoso.fr", "--token-file", token, "--report", filepath.Join(dir, ".", "token")}, "--report", "--token-file"},
		{[]string{"test", "smtp", "--user", "scan@contoso.fr", "--token-file", token, "--ca-file", ca, "--report", filepath.Join(dir, "ca-link.pem")}, "--report", "--ca-file"},
		{[]string{"discover", "--report", filepath.Join(dir, "out"), "--csv", filepath.Join(dir, "sub", "..", "out")}, "--report", "--csv"},
	} {
		out, errOut, code := run(t, "", tc.args...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, tc.flag+" et "+tc.other+" désignent le même fichier") {
			t.Errorf("%q: exit %d\nstderr: %s", tc.args, code, errOut)
		}
	}
	for _, f := range []string{pw, token, ca} {
		assertKept(t, f, previous)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("discover wrote its output")
	}
}

// TestOutputInPlaceAtTheEnd: while the command runs, the previous file is whole (a run killed
// then loses nothing); the new one replaces it when the run ends.
func TestOutputInPlaceAtTheEnd(t *testing.T) {
	report := oldFile(t, t.TempDir(), "sessions.html")
	var out, errOut lockedBuffer
	env := &Env{Stdout: &out, Stderr: &errOut, SavedLanguage: func() string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- Run(env, []string{"listen", "--addr", "127.0.0.1:0", "--timeout", "1s", "--report", report, "--lang", "fr"})
	}()
	for deadline := time.Now().Add(5 * time.Second); !regexp.MustCompile(`port \d+`).MatchString(errOut.String()); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not listening:\n%s", errOut.String())
		}
	}
	assertHolds(t, report, previous)
	<-done
	assertNoTemporary(t, filepath.Dir(report))
	if data, err := os.ReadFile(report); err != nil || !strings.Contains(string(data), "<html") {
		t.Errorf("the report was not written: %v\n%.200s", err, data)
	}
}

// TestOutputReplacesALink: a symbolic link at the output path is replaced by the report; the
// file it pointed to is not written through it.
func TestOutputReplacesALink(t *testing.T) {
	dir := t.TempDir()
	target := oldFile(t, dir, "target.txt")
	link := filepath.Join(dir, "printers.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, "", "discover", "--host", "127.0.0.1", "--snmp-port", "9", "--no-mdns", "--no-wsd", "--timeout", "300ms", "--csv", link)
	if code != ExitProblem {
		t.Errorf("exit %d\n%s", code, errOut)
	}
	assertKept(t, target, previous)
	if fi, err := os.Lstat(link); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the link is still there: %v %v", fi.Mode(), err)
	}
	if data, _ := os.ReadFile(link); !strings.HasPrefix(string(data), "\ufeffAdresse;") {
		t.Errorf("the CSV is not in place: %q", data)
	}
}

// TestOutputWriteFailure: a report that cannot be written (a full disk) is a failure, said on
// stderr, though the test passed.
func TestOutputWriteFailure(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	args := append([]string{"test", "smtp", "--user", "scan@contoso.fr", "--report", "/dev/full"}, smtpFixture(t, fakeexchange.Script{})...)
	_, errOut, code := run(t, "", args...)
	if code != ExitProblem || !strings.Contains(errOut, "Impossible d'écrire le rapport dans «\u00a0/dev/full\u00a0»") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
	if os.Geteuid() == 0 {
		return // root writes in a read-only folder
	}
	ro := t.TempDir()
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(ro, 0o755)
	_, errOut, code = run(t, "", append(args, "--report", filepath.Join(ro, "r.html"))...)
	if code != ExitUsage || !strings.Contains(errOut, "Impossible d'écrire le rapport") {
		t.Errorf("read-only folder: exit %d\n%s", code, errOut)
	}
}

// failingWriter is a full disk, or a closed pipe.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestStdoutWriteFailure: output that cannot be written is a failure, said on stderr, in text,
// in JSON and for the usage alike.
func TestStdoutWriteFailure(t *testing.T) {
	for _, args := range [][]string{{"lookup", "AADSTS50126"}, {"lookup", "--json", "AADSTS50126"}, {"help", "--lang", "en"}, {"--version"}} {
		var errOut strings.Builder
		env := &Env{Stdin: strings.NewReader(""), Stdout: failingWriter{}, Stderr: &errOut, SavedLanguage: func() string { return "" }}
		t.Setenv("LANG", "")
		code := Run(env, args)
		want := "Impossible d'écrire sur la sortie standard\u00a0: no space left on device"
		if args[0] == "help" {
			want = "Cannot write to standard output: no space left on device"
		}
		if code != ExitProblem || !strings.Contains(errOut.String(), want) {
			t.Errorf("%q: exit %d\n%s", args, code, errOut.String())
		}
	}
}
