//go:build windows

package checks

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// errnoReasons name the system errors of a connection: Winsock's WSAE* codes, which the
// syscall package's ECONNREFUSED and kin (values of its own) do not match.
var errnoReasons = []struct {
	errno  syscall.Errno
	reason string
}{
	{windows.WSAECONNREFUSED, "refused"},
	{windows.WSAENETUNREACH, "unreachable"},
	{windows.WSAEHOSTUNREACH, "unreachable"},
	{windows.WSAENETDOWN, "unreachable"},
	{windows.WSAEHOSTDOWN, "unreachable"},
	{windows.WSAECONNRESET, "reset"},
	{windows.WSAECONNABORTED, "reset"},
	{windows.ERROR_BROKEN_PIPE, "closed"},
	{windows.WSAETIMEDOUT, "timeout"},
}
