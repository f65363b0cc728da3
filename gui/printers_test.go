package gui

import (
	"net"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mfp365/checks"
	"mfp365/flows/discovery"
	"mfp365/internal/snmpdtest"
	"mfp365/internal/wsdtest"
)

var epsonAgent = snmpdtest.Printer{Descr: "EPSON WF-C5790 Series", ObjectID: "1.3.6.1.4.1.1248.1.2.2.1.1.1.1", Name: "EPSON1A2B3C",
	Strings: map[string]string{checks.OIDEpsonModel: "WF-C5790 Series", checks.OIDSerial: "X4ZZ012345"}}

func TestPrintersSearchAndGuide(t *testing.T) {
	port := snmpdtest.Start(t, epsonAgent)
	wsd := wsdtest.Start(t, wsdtest.Device{UUID: "cfe92100-67c4-11d4-a45f-f8d027123456", Manufacturer: "EPSON", Model: "WF-C5790 Series",
		Presentation: "http://127.0.0.1/PRESENTATION/HTML/TOP/PRTINFO.HTML"})
	_, subnet, _ := net.ParseCIDR("127.0.0.1/32")
	s := newTestShell(t, "fr")
	s.seams.discovery = discovery.Config{SNMPPort: port, Subnets: []*net.IPNet{subnet}, WSDTarget: wsd, NoMDNS: true, Timeout: 2 * time.Second}
	s.session.Tenant, s.session.ClientID = "contoso.onmicrosoft.com", "00001111-aaaa-2222-bbbb-3333cccc4444"
	s.show("printers")
	st := s.printers()
	if !strings.Contains(texts(st.body), "Aucune recherche pour l'instant") {
		t.Errorf("idle state: %s", texts(st.body))
	}
	start := time.Now()
	test.Tap(st.search)
	waitFor(t, "first printer", func() bool { return len(s.session.Printers) > 0 })
	t.Logf("first printer on screen %v after the search started", time.Since(start))
	waitFor(t, "search over", func() bool { return !st.scanning })
	t.Logf("search over after %v", time.Since(start))
	got := texts(st.body)
	for _, want := range []string{"Epson WF-C5790 Series", "127.0.0.1", "EPSON1A2B3C", "SNMP, WS-Discovery", "Ouvrir la page d'administration", "Guide"} {
		if !strings.Contains(got, want) {
			t.Errorf("list lacks %q:\n%s", want, got)
		}
	}
	st.guide = s.session.Printers[0].Address
	st.refresh()
	got = texts(st.body)
	for _, want := range []string{"Epson", "Retour à la liste", "Réseau > Serveur d'email > De base", "http://127.0.0.1/PRESENTATION/HTML/TOP/PRTINFO.HTML"} {
		if !strings.Contains(got, want) {
			t.Errorf("guide lacks %q:\n%s", want, got)
		}
	}
}

func TestPrintersAddByAddress(t *testing.T) {
	port := snmpdtest.Start(t, epsonAgent)
	s := newTestShell(t, "fr")
	s.seams.discovery = discovery.Config{SNMPPort: port, Timeout: 2 * time.Second}
	s.show("printers")
	st := s.printers()
	st.address = "127.0.0.1"
	st.addByAddress()
	waitFor(t, "probe over", func() bool { return !st.scanning && st.scanned })
	if len(s.session.Printers) != 1 || s.session.Printers[0].Vendor != "epson" {
		t.Errorf("%+v", s.session.Printers)
	}
	st.address = "bad address/x"
	st.addByAddress()
	if got := texts(st.body); st.scanning || !strings.Contains(got, "Adresse d'imprimante invalide\u00a0: «\u00a0bad address/x\u00a0»") {
		t.Errorf("a malformed address: probing %v, shown:\n%s", st.scanning, got)
	}
}

// TestPrintersReadinessAndExport: each printer shows whether it can send with Microsoft OAuth
// and its route, and the list exports as the command line's CSV.
func TestPrintersReadinessAndExport(t *testing.T) {
	s := newTestShell(t, "fr")
	s.session.Printers = []discovery.Printer{
		{Address: "192.0.2.10", Vendor: "hp", VendorName: "HP", Model: "Color LaserJet Enterprise M555", Firmware: "5.6.0.2", Sources: []string{"snmp"},
			OAuth: "update", Route: "oauth", Readiness: discovery.Verdict{OAuth: "update", MinFirmware: "5.7", Route: "oauth"}},
		{Address: "192.0.2.11", Vendor: "brother", VendorName: "Brother", Model: "=MFC-L2750DW", Sources: []string{"snmp"}, OAuth: "unknown"},
	}
	s.show("printers")
	got := texts(s.printers().body)
	for _, want := range []string{"OAuth Microsoft\u00a0: OAuth après mise à jour (micrologiciel 5.7 ou plus récent) · voie conseillée\u00a0: OAuth 2.0 (smtp.office365.com)",
		"Micrologiciel\u00a0: 5.6.0.2", "non vérifié pour ce modèle"} {
		if !strings.Contains(got, want) {
			t.Errorf("list lacks %q:\n%s", want, got)
		}
	}
	var csv strings.Builder
	if err := s.printers().writeCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if out := csv.String(); !strings.HasPrefix(out, "\uFEFFAdresse;") || !strings.Contains(out, "OAuth après mise à jour") || !strings.Contains(out, "'=MFC-L2750DW") {
		t.Errorf("CSV:\n%s", out)
	}
	// Here a printer is not "chosen": its button starts the guided path for it, at the route.
	if len(buttonsNamed(s.window.Content(), "Choisir")) != 0 {
		t.Error("« Choisir » outside the assistant")
	}
	test.Tap(buttonsNamed(s.window.Content(), "Configurer avec l'assistant")[0])
	if a := s.assistant(); s.current != "assistant" || s.session.Chosen != "192.0.2.10" || a.step != 1 ||
		!strings.Contains(texts(s.window.Content()), "2. Voie d'envoi") {
		t.Errorf("configure: screen %s, chosen %q, step %d:\n%s", s.current, s.session.Chosen, a.step, texts(s.window.Content()))
	}
}
