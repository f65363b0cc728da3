package discovery

import (
	"strings"
	"testing"
)

func TestReadiness(t *testing.T) {
	const (
		epsonGuide = "https://manuals.plus/epson/npd7717-00-device-authentication-guide-for-microsoft-exchange-manual"
		hpPage     = "https://support.hp.com/nz-en/document/ish_13623350-13600809-16"
		lexmark    = "https://support.lexmark.com/en_us/manuals-guides/online/FORMS-PRINTER-2591-PLUS/how-to-set-up-oauth-2-authentication.html"
	)
	for _, tc := range []struct {
		name, vendor, model, firmware string
		want                          Verdict
		source                        string // a part of the source, when want.Source is not given whole
	}{
		{"epson listed", "epson", "ES-C380W", "", Verdict{OAuth: "yes", SignIn: "device-code", Route: "oauth"}, "download4.epson.biz"},
		{"epson family", "epson", "WF-C5790 Series", "", Verdict{OAuth: "unknown", SignIn: "device-code", Source: epsonGuide}, ""},
		{"epson without a model", "epson", "", "", Verdict{OAuth: "unknown", SignIn: "device-code", Source: epsonGuide}, ""},
		{"nashuatec uses ricoh's rows", "nashuatec", "IM C3000", "", Verdict{OAuth: "unknown", SignIn: "vendor-app"}, "ricoh.com"},
		{"ricoh", "ricoh", "MP C3004ex", "", Verdict{OAuth: "unknown", SignIn: "vendor-app"}, "ricoh.com"},
		{"canon", "canon", "iR-ADV C5850", "", Verdict{OAuth: "unknown", SignIn: "device-code"}, "oip.manual.canon"},
		{"hp no", "hp", "HP Color LaserJet Pro MFP M479fdw", "", Verdict{OAuth: "no", Route: "relay"}, "support.hp.com"},
		{"hp above the minimum", "hp", "HP LaserJet Enterprise MFP M528", "5.7.0.2", Verdict{OAuth: "yes", MinFirmware: "5.7", Route: "oauth", Source: hpPage}, ""},
		{"hp at the minimum", "hp", "HP LaserJet Enterprise MFP M528", "5.7", Verdict{OAuth: "yes", MinFirmware: "5.7", Route: "oauth", Source: hpPage}, ""},
		{"hp below the minimum", "hp", "HP Color LaserJet Managed MFP E78625", "5.6.0.3", Verdict{OAuth: "update", MinFirmware: "5.7", Route: "oauth", Source: hpPage}, ""},
		{"hp firmware not told", "hp", "HP LaserJet Enterprise MFP M528", "", Verdict{OAuth: "update", MinFirmware: "5.7", Route: "oauth", Source: hpPage}, ""},
		{"hp date code is not compared", "hp", "HP LaserJet Enterprise MFP M528", "2508123_000000", Verdict{OAuth: "update", MinFirmware: "5.7", Route: "oauth", Source: hpPage}, ""},
		{"hp other", "hp", "HP OfficeJet Pro 9010", "", Verdict{OAuth: "unknown"}, ""},
		{"xerox connectkey", "xerox", "Xerox AltaLink C8170", "", Verdict{OAuth: "update", SignIn: "device-code", Route: "oauth"}, "xerox.com"},
		{"xerox other", "xerox", "Xerox WorkCentre 6515", "", Verdict{OAuth: "unknown"}, "xerox.com"},
		{"konica i-series", "konica-minolta", "bizhub 451i", "", Verdict{OAuth: "yes", Route: "oauth"}, "manuals.konicaminolta.eu"},
		{"develop ineo without oauth", "konica-minolta", "DEVELOP ineo+ 226", "", Verdict{OAuth: "no", Route: "relay"}, "develop.eu"},
		{"ineo variant", "konica-minolta", "ineo 165e", "", Verdict{OAuth: "no", Route: "relay"}, "develop.eu"},
		{"a digit more is another model", "konica-minolta", "ineo 3060", "", Verdict{OAuth: "unknown"}, "develop.eu"},
		{"sharp", "sharp", "SHARP BP-70C65", "", Verdict{OAuth: "yes", SignIn: "vendor-app", Route: "oauth"}, "global.sharp"},
		{"brother", "brother", "Brother MFC-L8900CDW series", "", Verdict{OAuth: "unknown"}, "support.brother.com"},
		{"lexmark fw24", "lexmark", "Lexmark CX735adse", "CXTGV.240.046", Verdict{OAuth: "yes", MinFirmware: "240", SignIn: "device-code", Route: "oauth", Source: lexmark}, ""},
		{"lexmark fw23", "lexmark", "Lexmark CX735adse", "CXTGV.230.108", Verdict{OAuth: "unknown", MinFirmware: "240", SignIn: "device-code", Source: lexmark}, ""},
		{"kyocera has no row", "kyocera", "TASKalfa 2554ci", "", Verdict{OAuth: "unknown"}, ""},
		{"no vendor", "", "Some Printer", "1.0", Verdict{OAuth: "unknown"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Readiness(tc.vendor, tc.model, tc.firmware)
			if tc.source != "" {
				if !strings.Contains(got.Source, tc.source) {
					t.Errorf("source %q, want one at %s", got.Source, tc.source)
				}
				got.Source = ""
			}
			if got != tc.want {
				t.Errorf("Readiness(%q, %q, %q) = %+v, want %+v", tc.vendor, tc.model, tc.firmware, got, tc.want)
			}
		})
	}
}

func TestCompareFirmware(t *testing.T) {
	for _, tc := range []struct {
		firmware, min string
		c             int
		ok            bool
	}{
		{"5.7.0.2", "5.7", 1, true},
		{"5.7", "5.7.0", 0, true},
		{"5.10", "5.7", 1, true},
		{"4.11.2", "5.7", -1, true},
		{"CXTGV.240.046", "240", 1, true},
		{"CXTGV.081.231", "240", -1, true},
		{"2508123_000000", "5.7", 0, false},
		{"", "5.7", 0, false},
		{"v3.13", "3.13", 0, true},
		{"99999999999999999999.1", "5.7", 0, false},
	} {
		if c, ok := compareFirmware(tc.firmware, tc.min); c != tc.c || ok != tc.ok {
			t.Errorf("compareFirmware(%q, %q) = %d, %v; want %d, %v", tc.firmware, tc.min, c, ok, tc.c, tc.ok)
		}
	}
}

// TestReadinessTable checks the embedded table (every row loads, every vendor's family rule
// comes after its specific rows) and that a broken table is refused.
func TestReadinessTable(t *testing.T) {
	rows := readinessRows()
	if len(rows) == 0 {
		t.Fatal("empty table")
	}
	family := map[string]bool{}
	for i, r := range rows {
		if family[r.Vendor] {
			t.Errorf("row %d (%s) comes after the vendor's family rule: it is never used", i, r.Vendor)
		}
		if len(r.Models) == 0 {
			family[r.Vendor] = true
		}
	}
	for _, v := range vendors() {
		if to, ok := sameModelsAs[v.Key]; ok && !knownVendor(to) {
			t.Errorf("%s sells %s's models: unknown vendor", v.Key, to)
		}
	}

	const good = `{"vendor": "epson", "models": ["WF-C\\d+"], "oauth": "update", "min_firmware": "1.2", "signin": "device-code", "route": "oauth", "source": "https://example.com/", "note": ""}`
	if _, err := parseReadiness([]byte("["+good+"]"), knownVendor); err != nil {
		t.Fatalf("good row refused: %v", err)
	}
	for name, row := range map[string]string{
		"unknown vendor":      strings.Replace(good, `"epson"`, `"acme"`, 1),
		"bad pattern":         strings.Replace(good, `WF-C\\d+`, `WF-C(`, 1),
		"empty pattern":       strings.Replace(good, `"WF-C\\d+"`, `""`, 1),
		"bad oauth":           strings.Replace(good, `"update"`, `"maybe"`, 1),
		"bad signin":          strings.Replace(good, `"device-code"`, `"password"`, 1),
		"bad route":           strings.Replace(good, `"route": "oauth"`, `"route": "smtp"`, 1),
		"no route":            strings.Replace(good, `"route": "oauth"`, `"route": ""`, 1),
		"route on unknown":    strings.Replace(good, `"update"`, `"unknown"`, 1),
		"bad min firmware":    strings.Replace(good, `"1.2"`, `"v1.2"`, 1),
		"min firmware on yes": strings.Replace(good, `"update"`, `"yes"`, 1),
		"no source":           strings.Replace(good, `"https://example.com/"`, `""`, 1),
		"source not a page":   strings.Replace(good, `"https://example.com/"`, `"Epson guide"`, 1),
		"misspelt field":      strings.Replace(good, `"signin"`, `"sign_in"`, 1),
	} {
		if _, err := parseReadiness([]byte("["+row+"]"), knownVendor); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := parseReadiness([]byte(good), knownVendor); err == nil {
		t.Error("a row alone, not in an array: accepted")
	}
}
