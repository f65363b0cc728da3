package checks

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// connectProxy is a local HTTP CONNECT proxy that sends every tunnel to upstream.
func connectProxy(t *testing.T, upstream string) (*httptest.Server, *int) {
	tunnels := new(int)
	p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		*tunnels++
		dst, err := net.Dial("tcp", upstream)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		// Hijack first, then answer on the raw connection, and read what the client sent after
		// its CONNECT through the server's buffer: answering with WriteHeader before Hijack, or
		// dropping that buffer, lost the start of the tunnel now and then.
		src, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			dst.Close()
			return
		}
		if _, err := io.WriteString(src, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
			src.Close()
			dst.Close()
			return
		}
		go func() { io.Copy(dst, buf); dst.Close() }()
		go func() { io.Copy(src, dst); src.Close() }()
	}))
	t.Cleanup(p.Close)
	return p, tunnels
}

func TestReach(t *testing.T) {
	login := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer login.Close()
	roots := login.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	blocked := "https://" + closed.Addr().String() + "/" // nothing listens: direct access fails
	closed.Close()
	proxy, tunnels := connectProxy(t, strings.TrimPrefix(login.URL, "https://"))
	proxyURL, _ := url.Parse(proxy.URL)
	viaProxy := func(*http.Request) (*url.URL, error) { return proxyURL, nil }

	for _, tc := range []struct {
		name, target string
		proxy        ProxyFunc
		status       Status
		code         string
	}{
		{"direct", login.URL, nil, Pass, ""},
		{"only through the proxy", blocked, viaProxy, Fail, "check:proxy-only"},
		{"no route", blocked, nil, Fail, "check:https-unreachable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Reach(context.Background(), tc.target, tc.proxy, roots, 2*time.Second)
			v := r.Verdict()
			if v.Status != tc.status || (tc.code != "" && (len(v.Codes) == 0 || v.Codes[0] != tc.code)) {
				t.Errorf("verdict %+v (direct %+v, proxied %+v)", v, r.Direct, r.Proxied)
			}
		})
	}
	if *tunnels == 0 {
		t.Error("the proxy was never used")
	}
	// A certificate the machine does not trust is named, never passed.
	r := Reach(context.Background(), login.URL, nil, nil, 2*time.Second)
	if r.Direct.Status != Fail || len(r.Direct.Codes) == 0 || r.Direct.Codes[0] != "check:tls-untrusted" {
		t.Errorf("untrusted certificate: %+v", r.Direct)
	}
}

func TestClock(t *testing.T) {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		skew   time.Duration
		status Status
	}{{0, Pass}, {4 * time.Minute, Pass}, {6 * time.Minute, Warn}, {-7 * time.Minute, Warn}} {
		if s := Clock(now.Add(-tc.skew), now); s.Status != tc.status {
			t.Errorf("skew %v: %+v", tc.skew, s)
		}
	}
	if Clock(time.Time{}, now).Status != Skip {
		t.Error("no Date header must skip the check")
	}
}
