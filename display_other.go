//go:build !(linux || freebsd || netbsd || openbsd || dragonfly)

package main

// hasDisplay is always true on Windows and macOS: the system's own window server is there.
func hasDisplay() bool { return true }
