package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mfp365/checks"
	"mfp365/internal/snmpdtest"
)

func TestDiscoverHost(t *testing.T) {
	port := snmpdtest.Start(t, snmpdtest.Printer{Descr: "EPSON WF-C5790 Series", ObjectID: "1.3.6.1.4.1.1248.1.2.2.1.1.1.1",
		Name: "EPSON1A2B3C", Strings: map[string]string{checks.OIDEpsonModel: "WF-C5790 Series", checks.OIDSerial: "X4ZZ012345"}})
	file := filepath.Join(t.TempDir(), "imprimantes.html")
	out, errOut, code := run(t, "", "discover", "--host", "127.0.0.1", "--snmp-port", fmt.Sprint(port), "--json", "--timeout", "2s", "--report", file)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var got struct {
		Printers []map[string]any `json:"printers"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Printers) != 1 || got.Printers[0]["vendor"] != "epson" || got.Printers[0]["model"] != "WF-C5790 Series" ||
		got.Printers[0]["serial"] != "X4ZZ012345" || got.Printers[0]["admin_url"] != "http://127.0.0.1/" {
		t.Errorf("%+v", got.Printers)
	}
	if !strings.Contains(errOut, "Trouvée : 127.0.0.1") {
		t.Errorf("progress: %s", errOut)
	}
	html, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(html), "Imprimantes trouvées") || !strings.Contains(string(html), "<td>Epson WF-C5790 Series</td>") {
		t.Errorf("report: %v\n%s", err, html)
	}
}

func TestDiscoverInputAndNothing(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--subnet", "10.0.0.0/8"}, ExitUsage, "trop grand"},
		{[]string{"--subnet", "nope"}, ExitUsage, "invalide"},
		{[]string{"--timeout", "1h"}, ExitUsage, "invalide"},
		{[]string{"--host", "127.0.0.1", "--snmp-port", "9", "--timeout", "300ms"}, ExitProblem, ""},
	} {
		out, errOut, code := run(t, "", append([]string{"discover"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.stderr) {
			t.Errorf("%v: exit %d\n%s\n%s", tc.args, code, out, errOut)
		}
	}
}
