package discovery

import "testing"

// TestOwnAdminURL: an admin page announced over the network (mDNS adminurl, WS-Discovery's
// presentation URL) points at the printer itself, never with user information.
func TestOwnAdminURL(t *testing.T) {
	for _, tc := range []struct{ raw, address, hostname, want string }{
		{"http://192.0.2.20/", "192.0.2.20", "", "http://192.0.2.20/"},
		{"https://EPSON1A2B3C.local./PRESENTATION/", "192.0.2.20", "epson1a2b3c.local", "https://EPSON1A2B3C.local./PRESENTATION/"},
		{"http://admin:S3cret@192.0.2.20/web", "192.0.2.20", "", "http://192.0.2.20/web"},
		{"http://admin:S3cret@evil.example/", "192.0.2.20", "EPSON", "http://192.0.2.20/"},
		{"https://192.0.2.99:8443/PRESENTATION/", "192.0.2.20", "", "https://192.0.2.20:8443/PRESENTATION/"},
		{"http://EPSON1A2B3C.local.:80/PRESENTATION/BONJOUR", "192.0.2.20", "EPSON1A2B3C", "http://EPSON1A2B3C.local.:80/PRESENTATION/BONJOUR"},
		{"javascript:alert(1)", "192.0.2.20", "", ""},
		{"ftp://192.0.2.20/", "192.0.2.20", "", ""},
		{"http://[2001:db8::20]:8080/", "2001:db8::20", "", "http://[2001:db8::20]:8080/"},
	} {
		if got := ownAdminURL(tc.raw, tc.address, tc.hostname); got != tc.want {
			t.Errorf("ownAdminURL(%q, %q, %q) = %q, want %q", tc.raw, tc.address, tc.hostname, got, tc.want)
		}
	}
	p := Printer{Address: "192.0.2.20"}
	merge(&p, Printer{Address: "192.0.2.20", AdminURL: "http://admin:S3cret@evil.example/", adminRank: adminFromMDNS})
	if p.AdminURL != "http://192.0.2.20/" {
		t.Errorf("another host's page: %q", p.AdminURL)
	}
}
