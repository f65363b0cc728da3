package checks

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"mfp365/internal/wsdtest"
)

func TestWSDProbeAndMetadata(t *testing.T) {
	addr := wsdtest.Start(t, wsdtest.Device{UUID: "16a65700-007c-1000-bb49-64eb8c1a2b3c", Manufacturer: "Ricoh",
		Model: "IM C3000", Serial: "3100R812345", FriendlyName: "NASHUATEC IM C3000", Presentation: "http://192.0.2.20/", Firmware: "1.02"})
	found, err := ProbeWSD(context.Background(), addr, 500*time.Millisecond)
	if err != nil || len(found) != 1 {
		t.Fatalf("found %+v, %v", found, err)
	}
	d := found[0]
	if d.EndpointID != "urn:uuid:16a65700-007c-1000-bb49-64eb8c1a2b3c" || d.Address != "127.0.0.1" || len(d.XAddrs) != 1 || len(d.Types) != 3 {
		t.Fatalf("%+v", d)
	}
	if err := WSDMetadata(context.Background(), http.DefaultClient, &d, d.XAddrs[0]); err != nil {
		t.Fatal(err)
	}
	if d.Manufacturer != "Ricoh" || d.Model != "IM C3000" || d.Serial != "3100R812345" || d.Presentation != "http://192.0.2.20/" || d.Firmware != "1.02" {
		t.Errorf("%+v", d)
	}
}

// TestWSDFirmwareBounded: a firmware version too long, or none, from the metadata.
func TestWSDFirmwareBounded(t *testing.T) {
	for firmware, want := range map[string]string{"": "", "unknown": "", "\t1.10.1\n": "1.10.1", strings.Repeat("x1", 100): strings.Repeat("x1", MaxFirmware/2)} {
		addr := wsdtest.Start(t, wsdtest.Device{UUID: "16a65700-007c-1000-bb49-64eb8c1a2b3c", Model: "IM C3000", Firmware: firmware})
		found, err := ProbeWSD(context.Background(), addr, 500*time.Millisecond)
		if err != nil || len(found) != 1 {
			t.Fatalf("found %+v, %v", found, err)
		}
		if err := WSDMetadata(context.Background(), http.DefaultClient, &found[0], found[0].XAddrs[0]); err != nil || found[0].Firmware != want {
			t.Errorf("%q: firmware %q, want %q (%v)", firmware, found[0].Firmware, want, err)
		}
	}
}

func FuzzParseWSD(f *testing.F) {
	f.Add([]byte(`<e:Envelope xmlns:e="x"><e:Header><a:RelatesTo xmlns:a="y">urn:uuid:1</a:RelatesTo></e:Header><e:Body><d:ProbeMatches xmlns:d="z"><d:ProbeMatch><a:EndpointReference xmlns:a="y"><a:Address>urn:uuid:2</a:Address></a:EndpointReference><d:Types>a b</d:Types><d:XAddrs>http://h/ ftp://x</d:XAddrs></d:ProbeMatch></d:ProbeMatches></e:Body></e:Envelope>`))
	f.Add([]byte(`<Envelope><Body><Metadata><MetadataSection><ThisModel><Manufacturer>EPSON</Manufacturer></ThisModel></MetadataSection></Metadata></Body></Envelope>`))
	f.Add([]byte(`<Envelope><Body><Metadata><MetadataSection><ThisDevice><FirmwareVersion>1.02</FirmwareVersion></ThisDevice></MetadataSection></Metadata></Body></Envelope>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		matches, _, _ := ParseProbeMatches(data)
		for _, m := range matches {
			for _, x := range m.XAddrs {
				if x[:4] != "http" {
					t.Errorf("XAddr %q kept", x)
				}
			}
		}
		var d WSDDevice
		_ = ParseWSDMetadata(data, &d)
		if len(d.Firmware) > MaxFirmware {
			t.Errorf("firmware of %d bytes", len(d.Firmware))
		}
	})
}
