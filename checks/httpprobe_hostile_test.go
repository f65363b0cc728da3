package checks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestProbeTalksToThePrinterOnly: a printer's page that redirects to another host is read as
// the printer answered; the other host is never reached; a URL's user information is neither
// sent (as Basic authentication) nor shown.
func TestProbeTalksToThePrinterOnly(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		_, _ = w.Write([]byte("<title>Attacker</title>"))
	}))
	defer other.Close()
	var sentAuth atomic.Value
	printer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sentAuth.Store(r.Header.Get("Authorization"))
		switch r.URL.Path {
		case "/away": // "localhost" is another host name than 127.0.0.1
			http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/admin", http.StatusFound)
		case "/home":
			http.Redirect(w, r, "/web/index.html", http.StatusFound)
		default:
			_, _ = w.Write([]byte("<title>EPSON WF-C5790</title>"))
		}
	}))
	defer printer.Close()
	ctx := context.Background()

	page, err := ProbeAdminPage(ctx, strings.Replace(printer.URL, "http://", "http://admin:S3cret@", 1)+"/away", 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if elsewhere.Load() != 0 || strings.Contains(page.URL, "S3cret") || strings.Contains(page.URL, "localhost") || page.Title == "Attacker" {
		t.Errorf("redirected away: %+v, other host reached %d times", page, elsewhere.Load())
	}
	if a, _ := sentAuth.Load().(string); a != "" {
		t.Errorf("the URL's password was sent: %q", a)
	}
	page, err = ProbeAdminPage(ctx, printer.URL+"/home", 2*time.Second)
	if err != nil || page.Title != "EPSON WF-C5790" || !strings.HasSuffix(page.URL, "/web/index.html") {
		t.Errorf("a redirect on the printer itself: %+v, %v", page, err)
	}
}
