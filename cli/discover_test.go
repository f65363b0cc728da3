package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	if !strings.Contains(errOut, "Trouvée\u00a0: 127.0.0.1") {
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

// TestDiscoverCSV: --csv writes UTF-8 with a BOM, ";" between cells, the header in the reader's
// language, and a hostile name from the network arrives as text, not as a formula.
func TestDiscoverCSV(t *testing.T) {
	port := snmpdtest.Start(t, snmpdtest.Printer{Descr: "RICOH IM C3000 1.02 / RICOH Network Printer C model", ObjectID: "1.3.6.1.4.1.367.1.1",
		Name: `=HYPERLINK("http://x")`, Strings: map[string]string{checks.OIDRicohModel: "IM C3000; +1", checks.OIDSerial: "-3100R812345"}})
	for _, lang := range []struct{ name, header, unknown string }{{"fr", "Adresse;Nom;Marque;Modèle;Micrologiciel;OAuth Microsoft;Voie conseillée;N° de série;Page d'administration;Vue par", "non vérifié pour ce modèle"},
		{"en", "Address;Name;Brand;Model;Firmware;Microsoft OAuth;Recommended route;Serial number;Admin page;Seen by", "not verified for this model"}} {
		file := filepath.Join(t.TempDir(), "imprimantes.csv")
		out, errOut, code := run(t, "", "discover", "--host", "127.0.0.1", "--snmp-port", fmt.Sprint(port), "--timeout", "1s", "--csv", file, "--lang", lang.name)
		if code != ExitOK {
			t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
		}
		data, err := os.ReadFile(file)
		if err != nil || !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
			t.Fatalf("no BOM: %v %q", err, data)
		}
		if !strings.HasPrefix(string(data[3:]), lang.header+"\r\n") {
			t.Errorf("header: %q", data)
		}
		r := csv.NewReader(bytes.NewReader(data[3:]))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("%v %q", err, rows)
		}
		want := []string{"127.0.0.1", `'=HYPERLINK("http://x")`, "Ricoh", "IM C3000; +1", "1.02", lang.unknown, "", "'-3100R812345", "http://127.0.0.1/", "snmp"}
		if !slices.Equal(rows[1], want) {
			t.Errorf("row %q, want %q", rows[1], want)
		}
		if !strings.Contains(out, "1.02") {
			t.Errorf("the text does not give the firmware:\n%s", out)
		}
	}
	// A path that can't be written is a usage error, before any traffic.
	_, errOut, code := run(t, "", "discover", "--host", "127.0.0.1", "--csv", filepath.Join(t.TempDir(), "no", "such", "dir.csv"))
	if code != ExitUsage || !strings.Contains(errOut, "CSV") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}
