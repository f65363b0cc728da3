//go:build !windows

package checks

import "syscall"

// errnoReasons name the system errors of a connection.
var errnoReasons = []struct {
	errno  syscall.Errno
	reason string
}{
	{syscall.ECONNREFUSED, "refused"},
	{syscall.ENETUNREACH, "unreachable"},
	{syscall.EHOSTUNREACH, "unreachable"},
	{syscall.ENETDOWN, "unreachable"},
	{syscall.EHOSTDOWN, "unreachable"},
	{syscall.ECONNRESET, "reset"},
	{syscall.ECONNABORTED, "reset"},
	{syscall.EPIPE, "closed"},
	{syscall.ETIMEDOUT, "timeout"},
}
