package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// built is the binary, built once for the tests that run it.
var built = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "mfp365-test")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "mfp365")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", &buildError{err, string(out)}
	}
	return bin, nil
})

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// TestNoDisplay: with no display, mfp365 with no arguments says so in the reader's language
// (the saved one, else the system's) and points to the commands, exit 1, without Fyne's panic.
func TestNoDisplay(t *testing.T) {
	bin, err := built()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	saved := filepath.Join(home, "saved")
	prefs := filepath.Join(saved, "fyne", "fr.mfp365.assistant", "preferences.json")
	if err := os.MkdirAll(filepath.Dir(prefs), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prefs, []byte(`{"language":"en"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	stale := staleDisplay(t)
	for _, tc := range []struct {
		name, lang, config, display, want string
	}{
		{"French system", "fr_FR.UTF-8", home, "", "Impossible d'ouvrir la fenêtre\u00a0: aucun affichage graphique"},
		{"English system", "en_US.UTF-8", home, "", "Cannot open the window: no graphical display"},
		{"saved language first", "fr_FR.UTF-8", saved, "", "Cannot open the window"},
		{"a display that does not answer", "fr_FR.UTF-8", home, stale, "Impossible d'ouvrir la fenêtre"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin)
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + tc.config,
				"XDG_RUNTIME_DIR=" + t.TempDir(), "LANG=" + tc.lang}
			if tc.display != "" {
				cmd.Env = append(cmd.Env, "DISPLAY="+tc.display)
			}
			out, err := cmd.CombinedOutput()
			code := -1
			if e, ok := err.(*exec.ExitError); ok {
				code = e.ExitCode()
			}
			s := string(out)
			if code != 1 || !strings.Contains(s, tc.want) || !strings.Contains(s, "mfp365 help") ||
				strings.Contains(s, "panic") || strings.Contains(s, "goroutine") {
				t.Errorf("exit %d (%v), output:\n%s", code, err, s)
			}
		})
	}
}

// staleDisplay is an X display number nothing listens on.
func staleDisplay(t *testing.T) string {
	for n := 97; n < 200; n++ {
		if _, err := os.Stat("/tmp/.X11-unix/X" + strconv.Itoa(n)); os.IsNotExist(err) {
			return ":" + strconv.Itoa(n)
		}
	}
	t.Skip("no free X display number")
	return ""
}

// TestHasDisplay: a display counts when its socket answers, Wayland's or X's, local or TCP.
func TestHasDisplay(t *testing.T) {
	for _, v := range []string{"DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"} {
		t.Setenv(v, "")
	}
	run := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", run)
	if hasDisplay() {
		t.Fatal("a display with nothing set")
	}
	wl, err := net.Listen("unix", filepath.Join(run, "wayland-1"))
	if err != nil {
		t.Fatal(err)
	}
	defer wl.Close()
	t.Setenv("WAYLAND_DISPLAY", "wayland-2")
	if hasDisplay() {
		t.Error("a Wayland display nobody serves")
	}
	t.Setenv("WAYLAND_DISPLAY", "wayland-1")
	if !hasDisplay() {
		t.Error("no display with the compositor's socket there")
	}
	t.Setenv("WAYLAND_DISPLAY", "")
	x, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	port := x.Addr().(*net.TCPAddr).Port
	if port < 6000 {
		t.Skipf("port %d is below X's", port)
	}
	t.Setenv("DISPLAY", "127.0.0.1:"+strconv.Itoa(port-6000)+".0")
	if !hasDisplay() {
		t.Error("no display with an X server on TCP")
	}
	x.Close()
	if hasDisplay() {
		t.Error("a display after the X server stopped")
	}
}

func TestX11Address(t *testing.T) {
	for display, want := range map[string]string{
		":0":             "unix /tmp/.X11-unix/X0",
		":1.0":           "unix /tmp/.X11-unix/X1",
		"unix:2":         "unix /tmp/.X11-unix/X2",
		"localhost:10.0": "tcp localhost:6010",
		"tcp/host:3":     "tcp host:6003",
		"[::1]:1":        "tcp [::1]:6001",
		"":               "",
		"nonsense":       "",
		":x":             "",
		":-1":            "",
	} {
		network, address, ok := x11Address(display)
		if got := strings.TrimSpace(network + " " + address); got != want || ok != (want != "") {
			t.Errorf("x11Address(%q) = %q, %v; want %q", display, got, ok, want)
		}
	}
}
