package discovery

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"mfp365/assets"
	"mfp365/flows/conntest"
)

// Verdict says whether a printer can send with Microsoft OAuth once basic authentication for
// SMTP AUTH is off, and how (CLI.md's "oauth" and "route").
type Verdict struct {
	OAuth       OAuth
	MinFirmware string         // the firmware that brings OAuth, when the vendor names one
	SignIn      SignIn         // "" when not known
	Route       conntest.Route // oauth, hve, relay, direct, or "" (the caller decides)
	Source      string         // the vendor page the answer comes from; "" when no row knows the model
}

// OAuth is whether a printer can send with Microsoft OAuth.
type OAuth string

// The answers of the readiness table.
const (
	OAuthYes     OAuth = "yes"
	OAuthUpdate  OAuth = "update" // after a firmware update
	OAuthNo      OAuth = "no"
	OAuthUnknown OAuth = "unknown"
)

// SignIn is how a printer gets its token.
type SignIn string

// The sign-ins of the readiness table.
const (
	SignInDeviceCode  SignIn = "device-code"  // the printer shows a code, with its vendor's application
	SignInVendorApp   SignIn = "vendor-app"   // the vendor's multi-tenant application, signed in from the printer
	SignInCustomerApp SignIn = "customer-app" // the customer's own application (its ID typed in the printer)
)

// VendorSignsIn is whether the printer signs in with its vendor's own application: it shows
// its own code, and there is no application ID to find.
func (v Verdict) VendorSignsIn() bool {
	return v.SignIn == SignInDeviceCode || v.SignIn == SignInVendorApp
}

// readinessRow is one row of assets/readiness.json. Models are regular expressions matched,
// case-insensitively, against whole words of the model name; no models means every model of
// the vendor (a rule for the family, written after the vendor's specific rows).
type readinessRow struct {
	Vendor      string         `json:"vendor"`
	Models      []string       `json:"models"`
	OAuth       OAuth          `json:"oauth"`
	MinFirmware string         `json:"min_firmware"`
	SignIn      SignIn         `json:"signin"`
	Route       conntest.Route `json:"route"`
	Source      string         `json:"source"`
	Note        string         `json:"note"`

	patterns []*regexp.Regexp
}

// sameModelsAs maps the brands that sell Ricoh's machines under Ricoh's model names (the
// Nashuatec family, see vendors.json's guides) to the vendor whose rows apply to them.
var sameModelsAs = map[string]string{
	"nashuatec": "ricoh", "gestetner": "ricoh", "lanier": "ricoh", "savin": "ricoh",
	"rex-rotary": "ricoh", "infotec": "ricoh",
}

var readinessRows = sync.OnceValue(func() []readinessRow {
	rows, err := parseReadiness(assets.Readiness, knownVendor)
	if err != nil {
		panic(err) // embedded and tested
	}
	return rows
})

func knownVendor(key string) bool {
	return slices.ContainsFunc(vendors(), func(v vendor) bool { return v.Key == key })
}

var (
	oauthValues  = []OAuth{OAuthYes, OAuthUpdate, OAuthNo, OAuthUnknown}
	signInValues = []SignIn{"", SignInDeviceCode, SignInVendorApp, SignInCustomerApp}
	routeValues  = []conntest.Route{conntest.RouteOAuth, conntest.RouteHVE, conntest.RouteRelay, conntest.RouteDirect}
	versionRe    = regexp.MustCompile(`^\d+(\.\d+)*$`)
)

// parseReadiness reads and checks the table: a known vendor, valid patterns and values, a
// minimum firmware only where it can change the answer, a web page as source on every row.
func parseReadiness(data []byte, known func(string) bool) ([]readinessRow, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rows []readinessRow
	if err := dec.Decode(&rows); err != nil {
		return nil, fmt.Errorf("readiness table: %w", err)
	}
	for i := range rows {
		r := &rows[i]
		bad := func(format string, a ...any) error {
			return fmt.Errorf("readiness row %d (%s): %s", i, r.Vendor, fmt.Sprintf(format, a...))
		}
		switch {
		case !known(r.Vendor):
			return nil, bad("unknown vendor")
		case !slices.Contains(oauthValues, r.OAuth):
			return nil, bad("oauth %q", r.OAuth)
		case !slices.Contains(signInValues, r.SignIn):
			return nil, bad("signin %q", r.SignIn)
		case r.OAuth == OAuthUnknown && r.Route != "":
			return nil, bad("route %q on an unknown row: the caller decides", r.Route)
		case r.OAuth != OAuthUnknown && !slices.Contains(routeValues, r.Route):
			return nil, bad("route %q", r.Route)
		case r.MinFirmware != "" && !versionRe.MatchString(r.MinFirmware):
			return nil, bad("min_firmware %q is not a dotted number", r.MinFirmware)
		case r.MinFirmware != "" && r.OAuth != OAuthUpdate && r.OAuth != OAuthUnknown:
			return nil, bad("min_firmware on a %q row", r.OAuth)
		}
		if u, err := url.Parse(r.Source); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, bad("source %q is not a web page", r.Source)
		}
		for _, m := range r.Models {
			if m == "" {
				return nil, bad("empty model pattern")
			}
			re, err := regexp.Compile(`(?i)\b(?:` + m + `)\b`)
			if err != nil {
				return nil, bad("model pattern %q: %v", m, err)
			}
			r.patterns = append(r.patterns, re)
		}
	}
	return rows, nil
}

// matches reports whether the row applies to this model.
func (r *readinessRow) matches(model string) bool {
	if len(r.patterns) == 0 {
		return true
	}
	return slices.ContainsFunc(r.patterns, func(re *regexp.Regexp) bool { return re.MatchString(model) })
}

// Readiness looks the printer up in the readiness table: the first row of its vendor (or of
// the vendor whose models it sells) whose pattern matches the model. A minimum firmware turns
// the answer into "yes" when the printer's firmware is known and at least that version; below
// it, or when the firmware can't be compared, the row's answer stands. No row: OAuth
// "unknown", no route.
func Readiness(vendor, model, firmware string) Verdict {
	return readiness(readinessRows(), vendor, model, firmware)
}

func readiness(rows []readinessRow, vendor, model, firmware string) Verdict {
	for _, key := range []string{vendor, sameModelsAs[vendor]} {
		for i := range rows {
			r := &rows[i]
			if key == "" || r.Vendor != key || !r.matches(model) {
				continue
			}
			v := Verdict{OAuth: r.OAuth, MinFirmware: r.MinFirmware, SignIn: r.SignIn, Route: r.Route, Source: r.Source}
			if r.MinFirmware != "" {
				if c, ok := compareFirmware(firmware, r.MinFirmware); ok && c >= 0 {
					v.OAuth, v.Route = OAuthYes, conntest.RouteOAuth
				}
			}
			return v
		}
	}
	return Verdict{OAuth: OAuthUnknown}
}

// firmwareRe finds a dotted version in what a printer reports ("CXTGV.240.046", "5.7.0.2");
// a plain date code such as "2508123_000000" has none and is not compared.
var firmwareRe = regexp.MustCompile(`\d+(\.\d+)+`)

// compareFirmware compares the first dotted version found in firmware with min, field by
// field as numbers (a missing field counts as 0); ok is false when either can't be read.
func compareFirmware(firmware, min string) (c int, ok bool) {
	a, aok := versionFields(firmwareRe.FindString(firmware))
	b, bok := versionFields(min)
	if !aok || !bok {
		return 0, false
	}
	for len(a) < len(b) {
		a = append(a, 0)
	}
	for len(b) < len(a) {
		b = append(b, 0)
	}
	return slices.Compare(a, b), true
}

// versionFields reads "5.7.0.2" as [5 7 0 2].
func versionFields(s string) ([]uint64, bool) {
	if !versionRe.MatchString(s) {
		return nil, false
	}
	var fs []uint64
	for f := range strings.SplitSeq(s, ".") {
		n, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return nil, false
		}
		fs = append(fs, n)
	}
	return fs, true
}
