package kb

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestExchangeNDRCoverage: every enhanced status code of Microsoft's Exchange Online NDR reference, and every
// reply of the device routes, has an entry (testdata/exchange-ndr-codes.txt). A line "SMTP <basic> <enhanced>"
// needs that exact code; a line "SMTP <enhanced>" accepts any basic code; a bare enhanced code written as
// Exchange Online writes it ("5.7.64 TenantAttribution") must read back as the listed code.
func TestExchangeNDRCoverage(t *testing.T) {
	c := catalog(t)
	f, err := os.Open("testdata/exchange-ndr-codes.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	codes := map[string]bool{}
	enhanced := map[string]bool{}
	for _, e := range c.Entries {
		for _, code := range e.Codes {
			codes[code] = true
			if fl := strings.Fields(code); len(fl) == 3 {
				enhanced[fl[2]] = true
			}
		}
	}
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		fl := strings.Fields(line)
		switch {
		case len(fl) == 3 && fl[0] == "SMTP":
			if !codes[line] {
				t.Errorf("no entry covers %s", line)
			}
			// Read bare, the code takes its basic code back, or stays bare when the catalog pairs it with several.
			got := c.Match(fl[2] + " reply").Codes
			if !slices.Contains(got, line) && !slices.Contains(got, "SMTP "+fl[2]) {
				t.Errorf("a bare %s reads as %q, want %q", fl[2], got, line)
			}
		case len(fl) == 2 && fl[0] == "SMTP":
			if !enhanced[fl[1]] {
				t.Errorf("no entry covers %s with any basic code", line)
			}
		default:
			t.Errorf("line %q is not a normalized SMTP code", line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("only %d codes read from the reference list", n)
	}
}
