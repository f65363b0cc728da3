//go:build linux || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"cmp"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// displayDialTimeout bounds the wait for a display server (a remote X display goes over TCP).
const displayDialTimeout = 2 * time.Second

// hasDisplay tells whether the window can open. Under Fyne, GLFW connects to a Wayland
// compositor (as libwayland does: the socket named by WAYLAND_DISPLAY, "wayland-0" by default,
// in XDG_RUNTIME_DIR), else to an X server (as Xlib does: DISPLAY), and panics when neither
// answers. This dials the same sockets, so that no display, or a stale one (an ssh session
// without X forwarding, a stopped Xvfb), is known before Fyne starts. An X server that refuses
// this user's credentials still passes: only Xlib itself could tell.
func hasDisplay() bool { return waylandAnswers() || x11Answers() }

func waylandAnswers() bool {
	if os.Getenv("WAYLAND_SOCKET") != "" {
		return true // a connection the parent process opened for us
	}
	socket := cmp.Or(os.Getenv("WAYLAND_DISPLAY"), "wayland-0")
	if !filepath.IsAbs(socket) {
		dir := os.Getenv("XDG_RUNTIME_DIR")
		if dir == "" {
			return false
		}
		socket = filepath.Join(dir, socket)
	}
	return answers("unix", socket)
}

func x11Answers() bool {
	network, address, ok := x11Address(os.Getenv("DISPLAY"))
	if !ok {
		return false
	}
	// A local server listens on the socket file, and on Linux on the abstract socket of the same name.
	return answers(network, address) || network == "unix" && answers(network, "@"+address)
}

// x11Address is where Xlib connects for DISPLAY = [host]:number[.screen]: with no host (or
// "unix"), the local socket /tmp/.X11-unix/X<number>; else TCP port 6000+number of host.
func x11Address(display string) (network, address string, ok bool) {
	i := strings.LastIndex(display, ":")
	if i < 0 {
		return "", "", false
	}
	host, screen := strings.TrimPrefix(display[:i], "tcp/"), display[i+1:]
	number, _, _ := strings.Cut(screen, ".")
	n, err := strconv.Atoi(number)
	if err != nil || n < 0 || n > 59535 {
		return "", "", false
	}
	if host == "" || host == "unix" {
		return "unix", "/tmp/.X11-unix/X" + number, true
	}
	return "tcp", net.JoinHostPort(strings.Trim(host, "[]"), strconv.Itoa(6000+n)), true
}

// answers tells whether something accepts a connection at address.
func answers(network, address string) bool {
	c, err := net.DialTimeout(network, address, displayDialTimeout)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
