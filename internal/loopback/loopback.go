// Package loopback serves test peers on 127.0.0.1 (hostile servers, silent printers): each
// connection gets its own goroutine, and every one is closed when the test ends, which also
// frees a client the test gave up waiting for.
package loopback

import (
	"net"
	"sync"
	"testing"
)

// Serve listens on 127.0.0.1, plays serve on each connection until the test ends, and returns
// the address.
func Serve(t testing.TB, serve func(c net.Conn)) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go serve(c)
		}
	}()
	return l.Addr().String()
}
