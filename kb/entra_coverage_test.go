package kb

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// readCodeList reads a testdata list: one normalized code a line, '#' starts a comment.
func readCodeList(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var codes []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !codePattern.MatchString(line) {
			t.Errorf("%s: %q is not a normalized code", name, line)
			continue
		}
		if seen[line] {
			t.Errorf("%s: %s is listed twice", name, line)
		}
		seen[line] = true
		codes = append(codes, line)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return codes
}

// TestEntraReferenceCoverage: every code of Microsoft's current AADSTS reference
// (testdata/entra-reference-codes.txt) has an entry or is listed in testdata/entra-missing.txt;
// a listed code that has an entry fails, so the missing list only shrinks. Every OAuth error value
// a device-code client can meet (RFC 8628, RFC 6749, Microsoft's own) has an entry.
func TestEntraReferenceCoverage(t *testing.T) {
	c := catalog(t)
	covered := map[string]bool{}
	for _, e := range c.Entries {
		for _, code := range e.Codes {
			covered[code] = true
		}
	}
	reference := readCodeList(t, "testdata/entra-reference-codes.txt")
	inReference := map[string]bool{}
	aadsts := 0
	for _, code := range reference {
		inReference[code] = true
		if strings.HasPrefix(code, "AADSTS") {
			aadsts++
		}
	}
	if aadsts < 300 {
		t.Errorf("the reference list holds %d AADSTS codes; Microsoft's page lists 345", aadsts)
	}
	missing := map[string]bool{}
	for _, code := range readCodeList(t, "testdata/entra-missing.txt") {
		switch {
		case !strings.HasPrefix(code, "AADSTS"):
			t.Errorf("entra-missing.txt: %s: only AADSTS codes may wait for an entry", code)
		case !inReference[code]:
			t.Errorf("entra-missing.txt: %s is not in the reference list", code)
		case covered[code]:
			t.Errorf("entra-missing.txt: %s now has an entry: remove it from the list", code)
		}
		missing[code] = true
	}
	for _, code := range reference {
		if !covered[code] && !missing[code] {
			t.Errorf("no entry covers %s, and entra-missing.txt does not list it", code)
		}
	}
	t.Logf("%d reference codes, %d still missing", len(reference), len(missing))
}
