package listen

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// quickSession is a printer that says EHLO and MAIL FROM in clear, then QUIT, and waits for
// the listener to close (so that the next one finds a slot).
func quickSession(t testing.TB, addr string, i int) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "EHLO printer-%d\r\nMAIL FROM:<scan@contoso.fr>\r\nQUIT\r\n", i)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 4096)
	for {
		if _, err := conn.Read(buf); err != nil {
			return
		}
	}
}

// TestListenKeepsTheFirstSessions: the first MaxKept sessions are kept whole and emitted;
// the others are counted, with their findings.
func TestListenKeepsTheFirstSessions(t *testing.T) {
	ln, err := Listen(Config{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	emitted := 0
	var sessions []Session
	done := make(chan struct{})
	go func() {
		defer close(done)
		sessions, _ = ln.Serve(ctx, func(Session) { emitted++; _ = ln.Tally() }) // Tally may be called from emit
	}()
	for i := range 1000 {
		quickSession(t, ln.Addr, i)
	}
	for deadline := time.Now().Add(5 * time.Second); ln.Tally().More < 800 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	tally := ln.Tally()
	if len(sessions) != MaxKept || emitted != MaxKept || sessions[0].EHLO != "printer-0" || tally.More != 1000-MaxKept ||
		tally.Findings["check:listen-no-tls"] != 800 || tally.Findings["check:listen-no-auth"] != 800 || len(tally.Findings) != 2 ||
		tally.Refused != 0 {
		t.Errorf("%d kept, %d emitted, %+v", len(sessions), emitted, tally)
	}
}

// BenchmarkListenSessions: what the listener holds after many quick sessions (run with
// -benchmem; held-B is the heap still in use once Serve has returned its sessions).
func BenchmarkListenSessions(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for range b.N {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				ln, err := Listen(Config{Addr: "127.0.0.1:0"})
				if err != nil {
					b.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				var sessions []Session
				done := make(chan struct{})
				var mu sync.Mutex
				ended := 0
				go func() {
					defer close(done)
					sessions, _ = ln.Serve(ctx, func(Session) { mu.Lock(); ended++; mu.Unlock() })
				}()
				for i := range n {
					quickSession(b, ln.Addr, i)
				}
				time.Sleep(50 * time.Millisecond) // the last sessions end
				cancel()
				<-done
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapAlloc)-float64(before.HeapAlloc), "held-B")
				b.ReportMetric(float64(len(sessions)), "kept")
				runtime.KeepAlive(sessions)
			}
		})
	}
}

// TestListenBoundsAConnectionsTime: four printers sending NOOP again and again hold the four
// slots sessionTimeout at most, then get 421 and are closed; the next printer is served.
func TestListenBoundsAConnectionsTime(t *testing.T) {
	const limit = 500 * time.Millisecond
	ln, wait := serve(t, Config{sessionTimeout: limit})
	var wg sync.WaitGroup
	took := make([]time.Duration, MaxConnections)
	for i := range MaxConnections {
		w := dial(t, ln.Addr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			for time.Since(start) < 5*time.Second {
				w.conn.Write([]byte("NOOP\r\n"))
				if r := w.reply(); !strings.HasPrefix(r, "250 ") {
					if strings.HasPrefix(r, "421 ") && w.closed() {
						took[i] = time.Since(start)
					}
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	for i, d := range took {
		if d == 0 || d > limit+time.Second {
			t.Errorf("holder %d: ended after %v (0: not with 421, or not within 5 s)", i, d)
		}
	}
	if r := dial(t, ln.Addr).cmd("EHLO next"); !strings.HasPrefix(r, "250") {
		t.Errorf("the next printer got %q", r)
	}
	if s := wait(MaxConnections); len(s) < MaxConnections {
		t.Errorf("%d sessions reported", len(s))
	}
}

// TestListenCountsRefusedConnections: beyond MaxConnections at once, a printer gets 421
// and is closed, and Tally counts it.
func TestListenCountsRefusedConnections(t *testing.T) {
	ln, _ := serve(t, Config{})
	for range MaxConnections {
		dial(t, ln.Addr) // holds a slot
	}
	for range 3 {
		conn, err := net.Dial("tcp", ln.Addr)
		if err != nil {
			t.Fatal(err)
		}
		w := &wire{t: t, conn: conn, r: bufio.NewReader(conn)}
		if r := w.reply(); !strings.HasPrefix(r, "421 4.3.2 ") || !w.closed() {
			t.Errorf("a connection over the limit got %q", r)
		}
		conn.Close()
	}
	if n := ln.Tally().Refused; n != 3 {
		t.Errorf("refused: %d", n)
	}
}

// TestListenSTARTTLSThenSilence: a printer that asks for STARTTLS then falls silent, before
// the handshake or after it, loses its slot after tlsTimeout (it was two minutes); one that
// says EHLO after the handshake goes on at commandTimeout.
func TestListenSTARTTLSThenSilence(t *testing.T) {
	const limit = 300 * time.Millisecond
	ln, _ := serve(t, Config{tlsTimeout: limit})

	w := dial(t, ln.Addr)
	w.cmd("EHLO EPSON1A2B3C")
	w.cmd("STARTTLS")
	if d := w.ended(5 * time.Second); d == 0 || d > limit+time.Second {
		t.Errorf("silent before the handshake: ended after %v (0: not within 5 s)", d)
	}

	w = dial(t, ln.Addr)
	w.starttls()
	if d := w.ended(5 * time.Second); d == 0 || d > limit+time.Second {
		t.Errorf("silent after the handshake: ended after %v (0: not within 5 s)", d)
	}

	w = dial(t, ln.Addr)
	w.starttls()
	w.cmd("EHLO EPSON1A2B3C")
	time.Sleep(2 * limit)
	if r := w.cmd("NOOP"); !strings.HasPrefix(r, "250 ") {
		t.Errorf("after EHLO, a NOOP got %q", r)
	}
}

// TestListenCutMessages: a message that stops coming (commandTimeout between its bytes), or
// trickles past the connection's end, is answered 451 4.4.2, recorded as Cut with the bytes
// that came, and the connection ends; one that comes slowly but steadily is received whole.
func TestListenCutMessages(t *testing.T) {
	const idle, limit = 300 * time.Millisecond, 1500 * time.Millisecond
	data := func(t *testing.T, tls bool, limit time.Duration) (*wire, func(int) []Session) {
		ln, wait := serve(t, Config{commandTimeout: idle, sessionTimeout: limit})
		w := dial(t, ln.Addr)
		if tls {
			w.starttls()
		}
		w.cmd("EHLO EPSON1A2B3C")
		w.cmd("MAIL FROM:<scan@contoso.fr>")
		w.cmd("RCPT TO:<d@contoso.fr>")
		if r := w.cmd("DATA"); !strings.HasPrefix(r, "354 ") {
			t.Fatalf("DATA got %q", r)
		}
		return w, wait
	}
	for _, tls := range []bool{false, true} {
		t.Run(fmt.Sprintf("stalled, TLS %v", tls), func(t *testing.T) {
			w, wait := data(t, tls, limit)
			w.write("Subject: scan\r\n\r\n" + strings.Repeat("x", 83)) // 100 bytes, then nothing
			start := time.Now()
			if r := w.reply(); !strings.HasPrefix(r, "451 4.4.2 ") || !w.closed() || time.Since(start) > idle+time.Second {
				t.Errorf("got %q after %v", r, time.Since(start))
			}
			if s := wait(1); len(s) != 1 || !s[0].Cut || s[0].Size != 100 {
				t.Errorf("%+v", s)
			}
		})
	}
	t.Run("trickled past the connection's end", func(t *testing.T) {
		w, wait := data(t, true, limit)
		replies := make(chan string, 1)
		go func() { replies <- w.reply() }()
		sent := 0
		for start := time.Now(); time.Since(start) < 5*time.Second && len(replies) == 0; sent++ {
			if _, err := w.conn.Write([]byte("x")); err != nil {
				break
			}
			time.Sleep(idle / 4)
		}
		if r := <-replies; !strings.HasPrefix(r, "451 4.4.2 ") {
			t.Errorf("after %d bytes: %q", sent, r)
		}
		if s := wait(1); len(s) != 1 || !s[0].Cut || s[0].Size == 0 || s[0].Size > int64(sent) {
			t.Errorf("%d sent: %+v", sent, s)
		}
	})
	t.Run("slow and steady", func(t *testing.T) {
		w, wait := data(t, false, 10*time.Second)
		msg := scan(strings.Repeat("y", 76)) // 117 bytes: about 2 s
		for i := range msg {                 // 3 bytes every 50 ms: the message takes longer than idle
			if i%3 == 0 {
				time.Sleep(idle / 6)
			}
			w.write(msg[i : i+1])
		}
		if r := w.cmd("."); !strings.HasPrefix(r, "554 ") {
			t.Errorf("got %q", r)
		}
		w.cmd("QUIT")
		if s := wait(1); len(s) != 1 || s[0].Cut || s[0].Size != int64(len(msg)) {
			t.Errorf("%d sent: %+v", len(msg), s)
		}
	})
}
