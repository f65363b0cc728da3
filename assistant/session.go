// Package assistant is the guided assistant's model, free of the window: the session (what
// the admin has told and what the runs have learned, whichever screen learned it), the steps
// that apply to a purpose, the guide each step shows, and the verdict at the end. The window
// draws it and the report is built from it; nothing here knows how it is drawn.
package assistant

import (
	"strconv"
	"strings"

	"mfp365/flows/conntest"
	"mfp365/flows/discovery"
	"mfp365/flows/listen"
	"mfp365/flows/signin"
	"mfp365/kb"
	"mfp365/report"
)

// Session is what the window has learned about the customer's setup: plain data owned by the
// shell. Screens render from it and write to it; the report is built from it. The token
// lives in SignIn.Token, in memory only; DropToken is the one place that drops it.
type Session struct {
	Purpose  string // signin.PurposeSMTP or signin.PurposeGraph, chosen on the assistant's start
	Printers []discovery.Printer
	Chosen   string // address of the printer chosen for the guided path

	Cloud, Tenant, ClientID string
	Mailbox                 string          // the mailbox the printer sends from (sign-in's sender, test's user)
	SignIn                  *signin.Outcome // the last sign-in; its token in memory only
	signedFor               [3]string       // cloud, tenant and client ID the token was obtained for

	Route          conntest.Route        // how the printer sends
	Password       string                // basic authentication's (and HVE's) password: in memory only, dropped with the token
	Host, Port, To string                // the connection test's server and recipient ("": the route's defaults)
	Test           *report.Test          // the last connection test, finished
	Listened       []listen.Session      // what printers did while the window listened (no secret: claims only)
	ListenTally    listen.Tally          // what the listener counted without keeping
	Skipped        map[StepID]bool       // the steps passed over with « Passer »
	Prepared       map[PreparedItem]bool // the items of « Préparer Microsoft 365 » the admin ticked
}

// PreparedItem is one item of a prepare guide: the guide's key and the step's index.
type PreparedItem struct {
	Guide string
	Step  int
}

// NewSession is the session of a new window: Microsoft's global cloud, scan to e-mail by OAuth.
func NewSession() *Session {
	return &Session{Cloud: "global", Purpose: signin.PurposeSMTP, Route: conntest.RouteOAuth, Skipped: map[StepID]bool{},
		Prepared: map[PreparedItem]bool{}}
}

// SignedTenant is the tenant ID the sign-in found, for the listener's tenant finding.
func (s *Session) SignedTenant() string {
	if s.SignIn != nil {
		return s.SignIn.TenantID
	}
	return ""
}

// Token is the signed-in token, "" when there is none. A token obtained for another cloud,
// tenant or application than the ones now typed is dropped.
func (s *Session) Token() string {
	if s.signedFor != [3]string{s.Cloud, s.Tenant, s.ClientID} {
		s.DropToken()
	}
	if o := s.SignIn; o != nil && o.Token != nil {
		return o.Token.AccessToken
	}
	return ""
}

// DropToken forgets the token: when the window closes, when a new sign-in starts, and when
// the cloud, tenant or application it was obtained for changes (see Token).
func (s *Session) DropToken() {
	if s.SignIn != nil {
		s.SignIn.Token = nil
	}
}

// Close ends the session's secrets: the token and the password are dropped.
func (s *Session) Close() {
	s.DropToken()
	s.Password = ""
}

// SignedIn records a sign-in's outcome; a successful one gives the mailbox when none was typed.
func (s *Session) SignedIn(out *signin.Outcome) {
	s.DropToken()
	s.SignIn, s.signedFor = out, [3]string{s.Cloud, s.Tenant, s.ClientID}
	if out.Status == signin.StatusOK && strings.TrimSpace(s.Mailbox) == "" {
		s.Mailbox = out.Claims.Account
	}
}

// NeedsToken is whether the connection test will need a sign-in's token that it lacks.
func (s *Session) NeedsToken() bool {
	return s.Route.NeedsToken(s.Password != "") && s.Token() == ""
}

// ChooseRoute changes how the printer sends; the test's server goes back to the route's own.
func (s *Session) ChooseRoute(r conntest.Route) {
	if r != s.Route {
		s.Route, s.Host, s.Port = r, "", ""
	}
}

// Upsert replaces or adds a printer found, by address.
func (s *Session) Upsert(p discovery.Printer) {
	if q := s.Printer(p.Address); q != nil {
		*q = p
		return
	}
	s.Printers = append(s.Printers, p)
}

// Printer is the printer at that address, or nil.
func (s *Session) Printer(addr string) *discovery.Printer {
	for i := range s.Printers {
		if s.Printers[i].Address == addr {
			return &s.Printers[i]
		}
	}
	return nil
}

// ChosenPrinter is the printer chosen for the guided path, or nil.
func (s *Session) ChosenPrinter() *discovery.Printer { return s.Printer(s.Chosen) }

// AnotherPrinter starts over for another printer: the tenant, the application and the
// sign-in stay; the printer, the route's test and its results go.
func (s *Session) AnotherPrinter() {
	s.Chosen, s.Test, s.Host, s.Port, s.To, s.Skipped = "", nil, "", "", "", map[StepID]bool{}
}

// TestInput is the connection test as typed, for conntest.Check: the mailbox signs in, or,
// for a route without AUTH, is the sender.
func (s *Session) TestInput() conntest.Input {
	in := conntest.Input{Route: s.Route, Host: s.Host, Port: s.Port, To: s.To, Cloud: s.Cloud, Password: s.Password}
	if s.Route.ToMX() {
		in.From = s.Mailbox
	} else {
		in.User = s.Mailbox
	}
	return in
}

// GuideData is what a vendor guide can be filled with: the sign-in's tenant and application,
// the mailbox, and the test's server and port when they are valid.
func (s *Session) GuideData(p discovery.Printer) kb.GuideData {
	server, port, err := conntest.Server(s.Host, s.Port)
	if err != nil { // the guide shows Exchange Online's until the test's values are right
		server, port = conntest.DefaultHost, conntest.DefaultPort
	}
	user := strings.TrimSpace(s.Mailbox)
	if user == "" && s.SignIn != nil {
		user = s.SignIn.Claims.Account
	}
	return kb.GuideData{AdminURL: p.AdminURL, Server: server, Port: strconv.Itoa(port), Security: "STARTTLS", User: user,
		TenantID: strings.TrimSpace(s.Tenant), ClientID: strings.TrimSpace(s.ClientID), DeviceLogin: signin.DeviceLoginURL(s.Cloud)}
}
