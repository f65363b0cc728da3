package gui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestQRReadsBack: the QR code next to the sign-in code reads back, with Debian's zbarimg, as
// the page where the code is typed; an address that is not https gets none.
func TestQRReadsBack(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Fatal("zbarimg is needed (make test installs zbar-tools)")
	}
	for _, address := range []string{"https://microsoft.com/devicelogin", "https://microsoft.com/deviceloginus"} {
		png, ok := qrPNG(address)
		if !ok {
			t.Fatalf("no QR code for %s", address)
		}
		file := filepath.Join(t.TempDir(), "qr.png")
		if err := os.WriteFile(file, png, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(zbar, "--quiet", "--raw", file).Output()
		if err != nil || strings.TrimSpace(string(out)) != address {
			t.Errorf("%s reads back as %q (%v)", address, out, err)
		}
	}
	for _, bad := range []string{"http://example.com/", "javascript:alert(1)", "", "https://" + strings.Repeat("a", 600)} {
		if _, ok := qrPNG(bad); ok {
			t.Errorf("a QR code for %q", bad)
		}
	}
}
