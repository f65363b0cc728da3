// Package wsdtest is a WS-Discovery responder for tests, on a loopback UDP port: it answers
// Probes with a ProbeMatch whose XAddrs point at its own HTTP server, which answers the
// WS-Transfer Get with a printer's metadata, as a WSD printer does.
package wsdtest

import (
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

// Device is what the responder says it is.
type Device struct {
	UUID, Manufacturer, Model, Serial, FriendlyName, Presentation string
	Firmware                                                      string // ThisDevice's FirmwareVersion (left out when empty)
}

// Start runs the responder; it returns the UDP address to probe.
func Start(tb testing.TB, d Device) string {
	meta := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/soap+xml")
		firmware := ""
		if d.Firmware != "" {
			firmware = "<wsdp:FirmwareVersion>" + esc(d.Firmware) + "</wsdp:FirmwareVersion>"
		}
		fmt.Fprintf(w, metadata, esc(d.Manufacturer), esc(d.Model), esc(d.Presentation), esc(d.FriendlyName), firmware, esc(d.Serial))
	}))
	tb.Cleanup(meta.Close)
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 65536)
		for {
			n, from, err := conn.ReadFromUDP(buf)
			if err != nil {
				return
			}
			m := messageID.FindSubmatch(buf[:n])
			if m == nil {
				continue
			}
			reply := fmt.Sprintf(probeMatches, esc(string(m[1])), esc("urn:uuid:"+d.UUID), esc(meta.URL+"/wsd"))
			conn.WriteToUDP([]byte(reply), from)
		}
	}()
	return conn.LocalAddr().String()
}

var messageID = regexp.MustCompile(`<[a-zA-Z]*:?MessageID>([^<]+)<`)

func esc(s string) string {
	var b []byte
	buf := &byteWriter{&b}
	_ = xml.EscapeText(buf, []byte(s))
	return string(b)
}

type byteWriter struct{ b *[]byte }

func (w *byteWriter) Write(p []byte) (int, error) { *w.b = append(*w.b, p...); return len(p), nil }

const probeMatches = `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:wsd="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:wsdp="http://schemas.xmlsoap.org/ws/2006/02/devprof" xmlns:wprt="http://schemas.microsoft.com/windows/2006/08/wdp/print" xmlns:wscn="http://schemas.microsoft.com/windows/2006/08/wdp/scan">
<SOAP-ENV:Header>
<wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>
<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>
<wsa:MessageID>urn:uuid:5f4dcc3b-5aa7-4b3c-9e1a-1c2d3e4f5a6b</wsa:MessageID>
<wsa:RelatesTo>%s</wsa:RelatesTo>
<wsd:AppSequence InstanceId="12" MessageNumber="1"></wsd:AppSequence>
</SOAP-ENV:Header>
<SOAP-ENV:Body>
<wsd:ProbeMatches><wsd:ProbeMatch>
<wsa:EndpointReference><wsa:Address>%s</wsa:Address></wsa:EndpointReference>
<wsd:Types>wsdp:Device wprt:PrintDeviceType wscn:ScanDeviceType</wsd:Types>
<wsd:XAddrs>%s</wsd:XAddrs>
<wsd:MetadataVersion>1</wsd:MetadataVersion>
</wsd:ProbeMatch></wsd:ProbeMatches>
</SOAP-ENV:Body></SOAP-ENV:Envelope>`

const metadata = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsx="http://schemas.xmlsoap.org/ws/2004/09/mex" xmlns:wsdp="http://schemas.xmlsoap.org/ws/2006/02/devprof">
<soap:Body><wsx:Metadata>
<wsx:MetadataSection Dialect="http://schemas.xmlsoap.org/ws/2006/02/devprof/ThisModel"><wsdp:ThisModel>
<wsdp:Manufacturer>%s</wsdp:Manufacturer><wsdp:ModelName>%s</wsdp:ModelName><wsdp:PresentationUrl>%s</wsdp:PresentationUrl>
</wsdp:ThisModel></wsx:MetadataSection>
<wsx:MetadataSection Dialect="http://schemas.xmlsoap.org/ws/2006/02/devprof/ThisDevice"><wsdp:ThisDevice>
<wsdp:FriendlyName>%s</wsdp:FriendlyName>%s<wsdp:SerialNumber>%s</wsdp:SerialNumber>
</wsdp:ThisDevice></wsx:MetadataSection>
</wsx:Metadata></soap:Body></soap:Envelope>`
