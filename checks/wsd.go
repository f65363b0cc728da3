package checks

// WS-Discovery (2005/04, as printers and scanners implement it for Windows' "WSD" ports): a
// Probe sent over UDP to 239.255.255.250:3702, ProbeMatch answers with the device's endpoint
// (urn:uuid), Types and XAddrs, and the device metadata fetched with a WS-Transfer Get on an
// XAddr (Devices Profile for Web Services: ThisModel, ThisDevice).

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// WSDMulticast is where Probes are sent.
const WSDMulticast = "239.255.255.250:3702"

// maxDatagram bounds what is read of one answer.
const maxDatagram = 64 << 10

// WSDDevice is one device that answered a Probe, with its metadata when it gave it.
type WSDDevice struct {
	Address      string   // the sender's IP
	EndpointID   string   // urn:uuid:…
	Types        []string // e.g. wprt:PrintDeviceType, wscn:ScanDeviceType
	XAddrs       []string
	Manufacturer string
	Model        string
	Serial       string
	FriendlyName string
	Firmware     string // ThisDevice's FirmwareVersion
	Presentation string // the admin page
}

// ProbeWSD sends a Probe to target (WSDMulticast, or one device's host:3702) and collects the
// ProbeMatches until the timeout.
func ProbeWSD(ctx context.Context, target string, timeout time.Duration) ([]WSDDevice, error) {
	dst, err := net.ResolveUDPAddr("udp4", target)
	if err != nil {
		return nil, err
	}
	conn, err := net.ListenUDP("udp4", nil)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	id := "urn:uuid:" + uuid()
	if _, err := conn.WriteTo(probeMessage(id), dst); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	conn.SetReadDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetReadDeadline(time.Now()) })
	defer stop()
	var found []WSDDevice
	seen := map[string]bool{}
	buf := make([]byte, maxDatagram)
	for {
		n, from, err := conn.ReadFromUDP(buf)
		if err != nil {
			return found, nil // the deadline: the collection is over
		}
		matches, relatesTo, err := ParseProbeMatches(buf[:n])
		if err != nil || relatesTo != id {
			continue
		}
		for _, m := range matches {
			m.Address = from.IP.String()
			if key := m.EndpointID + m.Address; !seen[key] {
				seen[key] = true
				found = append(found, m)
			}
		}
	}
}

func probeMessage(id string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8"?>` +
		`<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:wsd="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:wsdp="http://schemas.xmlsoap.org/ws/2006/02/devprof">` +
		`<soap:Header><wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>` +
		`<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action>` +
		`<wsa:MessageID>` + id + `</wsa:MessageID></soap:Header>` +
		`<soap:Body><wsd:Probe><wsd:Types>wsdp:Device</wsd:Types></wsd:Probe></soap:Body></soap:Envelope>`)
}

// ParseProbeMatches reads a ProbeMatches message: the matches and the MessageID it answers.
// Namespaces are matched by local name, as devices vary in their prefixes and versions.
func ParseProbeMatches(data []byte) ([]WSDDevice, string, error) {
	var env struct {
		RelatesTo string `xml:"Header>RelatesTo"`
		Matches   []struct {
			Address string `xml:"EndpointReference>Address"`
			Types   string `xml:"Types"`
			XAddrs  string `xml:"XAddrs"`
		} `xml:"Body>ProbeMatches>ProbeMatch"`
	}
	if err := decodeXML(data, &env); err != nil {
		return nil, "", err
	}
	var out []WSDDevice
	for _, m := range env.Matches {
		d := WSDDevice{EndpointID: strings.TrimSpace(m.Address), Types: strings.Fields(m.Types)}
		for _, x := range strings.Fields(m.XAddrs) {
			if strings.HasPrefix(x, "http://") || strings.HasPrefix(x, "https://") {
				d.XAddrs = append(d.XAddrs, x)
			}
		}
		out = append(out, d)
	}
	return out, strings.TrimSpace(env.RelatesTo), nil
}

// decodeXML decodes bounded XML without following anything external.
func decodeXML(data []byte, v any) error {
	if len(data) > maxDatagram {
		return fmt.Errorf("xml: %d bytes", len(data))
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) { return r, nil }
	return d.Decode(v)
}

// WSDMetadata asks a device for its metadata (WS-Transfer Get on xaddr) and fills d.
func WSDMetadata(ctx context.Context, client *http.Client, d *WSDDevice, xaddr string) error {
	body := `<?xml version="1.0" encoding="utf-8"?>` +
		`<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">` +
		`<soap:Header><wsa:To>` + xmlEscape(d.EndpointID) + `</wsa:To>` +
		`<wsa:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</wsa:Action>` +
		`<wsa:MessageID>urn:uuid:` + uuid() + `</wsa:MessageID>` +
		`<wsa:ReplyTo><wsa:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address></wsa:ReplyTo>` +
		`</soap:Header><soap:Body/></soap:Envelope>`
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, xaddr, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/soap+xml; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDatagram+1))
	if err != nil {
		return err
	}
	return ParseWSDMetadata(data, d)
}

// ParseWSDMetadata reads ThisModel and ThisDevice (with its FirmwareVersion, as the Devices
// Profile defines it) from a metadata answer into d.
func ParseWSDMetadata(data []byte, d *WSDDevice) error {
	var env struct {
		Sections []struct {
			Dialect string `xml:"Dialect,attr"`
			Model   struct {
				Manufacturer string `xml:"Manufacturer"`
				ModelName    string `xml:"ModelName"`
				Presentation string `xml:"PresentationUrl"`
			} `xml:"ThisModel"`
			Device struct {
				FriendlyName string `xml:"FriendlyName"`
				Firmware     string `xml:"FirmwareVersion"`
				Serial       string `xml:"SerialNumber"`
			} `xml:"ThisDevice"`
		} `xml:"Body>Metadata>MetadataSection"`
	}
	if err := decodeXML(data, &env); err != nil {
		return err
	}
	for _, s := range env.Sections {
		set := func(dst *string, v string) {
			if v = printable([]byte(v)); v != "" && *dst == "" {
				*dst = v
			}
		}
		set(&d.Manufacturer, s.Model.Manufacturer)
		set(&d.Model, s.Model.ModelName)
		set(&d.Presentation, s.Model.Presentation)
		set(&d.FriendlyName, s.Device.FriendlyName)
		set(&d.Serial, s.Device.Serial)
		if v := firmwareValue(s.Device.Firmware); v != "" && d.Firmware == "" {
			d.Firmware = v
		}
	}
	return nil
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// uuid is a random (version 4) UUID for message IDs.
func uuid() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
