package gui

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"mfp365/flows/conntest"
	"mfp365/flows/discovery"
	"mfp365/flows/listen"
	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/kb"
	"mfp365/report"
)

// session is what the window has learned about the customer's setup, whichever screen learned
// it: plain data owned by the shell. Screens render from it and write to it; no screen reads
// another screen. The report is built from it. The token lives in signin.Token, in memory only;
// dropToken is the one place that drops it.
type session struct {
	purpose  string // signin.PurposeSMTP or signin.PurposeGraph, chosen on the assistant's start
	printers []discovery.Printer
	chosen   string // address of the printer chosen for the guided path

	cloud, tenant, clientID string
	mailbox                 string          // the mailbox the printer sends from (sign-in's sender, test's user)
	signin                  *signin.Outcome // the last sign-in; its token in memory only
	signedFor               [3]string       // cloud, tenant and client ID the token was obtained for

	route          string // how the printer sends: conntest.RouteOAuth, RouteBasic, RouteHVE, RouteRelay, RouteDirect
	password       string // basic authentication's (and HVE's) password: in memory only, dropped with the token
	host, port, to string // the connection test's server and recipient ("": the route's defaults)
	test           *testRun
	listened       []listen.Session     // what printers did while the window listened (no secret: claims only)
	skipped        map[string]bool      // the assistant's steps passed over with « Passer », by step ID
	prepared       map[preparedKey]bool // the items of « Préparer Microsoft 365 » the admin ticked
}

// preparedKey is one item of a prepare guide: the guide's key and the step's index.
type preparedKey struct {
	guide string
	step  int
}

// signedTenant is the tenant ID the sign-in found, for the listener's tenant finding.
func (ss *session) signedTenant() string {
	if ss.signin != nil {
		return ss.signin.TenantID
	}
	return ""
}

// preparedFact says which items of the route's prepare guide were ticked, "" when none was.
func (ss *session) preparedFact(cat *kb.Catalog, tr *i18n.Translator) string {
	guide := prepareGuide[ss.route]
	if ss.purpose == signin.PurposeGraph {
		guide = "prepare-graph"
	}
	var done []string
	total := len(cat.Guide(guide).Render(tr, kb.GuideData{}).Steps)
	for i := range total {
		if ss.prepared[preparedKey{guide, i}] {
			done = append(done, strconv.Itoa(i+1))
		}
	}
	if len(done) == 0 {
		return ""
	}
	return tr.N("report.prepared.value", len(done), map[string]any{"Total": total, "Done": strings.Join(done, ", ")})
}

// testRun is a finished connection test.
type testRun struct {
	cfg        conntest.Config // without the token
	result     conntest.Result
	transcript string // AUTH redacted by the checks
}

func newSession() *session {
	return &session{cloud: "global", purpose: signin.PurposeSMTP, route: conntest.RouteOAuth, skipped: map[string]bool{},
		prepared: map[preparedKey]bool{}}
}

// token is the signed-in token, "" when there is none. A token obtained for another cloud,
// tenant or application than the ones now typed is dropped.
func (ss *session) token() string {
	if ss.signedFor != [3]string{ss.cloud, ss.tenant, ss.clientID} {
		ss.dropToken()
	}
	if o := ss.signin; o != nil && o.Token != nil {
		return o.Token.AccessToken
	}
	return ""
}

// dropToken forgets the token: when the window closes, when a new sign-in starts, and when
// the cloud, tenant or application it was obtained for changes (see token).
func (ss *session) dropToken() {
	if ss.signin != nil {
		ss.signin.Token = nil
	}
}

// signedIn records a sign-in's outcome; a successful one gives the mailbox when none was typed.
func (ss *session) signedIn(out *signin.Outcome) {
	ss.dropToken()
	ss.signin, ss.signedFor = out, [3]string{ss.cloud, ss.tenant, ss.clientID}
	if out.Status == signin.StatusOK && strings.TrimSpace(ss.mailbox) == "" {
		ss.mailbox = out.Claims.Account
	}
}

// upsert replaces or adds a printer found, by address.
func (ss *session) upsert(p discovery.Printer) {
	if q := ss.printer(p.Address); q != nil {
		*q = p
		return
	}
	ss.printers = append(ss.printers, p)
}

// printer is the printer at that address, or nil.
func (ss *session) printer(addr string) *discovery.Printer {
	for i := range ss.printers {
		if ss.printers[i].Address == addr {
			return &ss.printers[i]
		}
	}
	return nil
}

// testInput is the connection test as typed, for conntest.Check: the mailbox signs in, or, for
// a relay or Direct Send, is the sender.
func (ss *session) testInput() conntest.Input {
	in := conntest.Input{Route: ss.route, Host: ss.host, Port: ss.port, To: ss.to, Cloud: ss.cloud, Password: ss.password}
	if ss.route == conntest.RouteRelay || ss.route == conntest.RouteDirect {
		in.From = ss.mailbox
	} else {
		in.User = ss.mailbox
	}
	return in
}

// guideData is what a vendor guide can be filled with: the sign-in's tenant and application,
// the mailbox, and the test's server and port when they are valid.
func (ss *session) guideData(p discovery.Printer) kb.GuideData {
	server, port, err := conntest.Server(ss.host, ss.port)
	if err != nil { // the guide shows Exchange Online's until the test's values are right
		server, port = conntest.DefaultHost, conntest.DefaultPort
	}
	user := strings.TrimSpace(ss.mailbox)
	if user == "" && ss.signin != nil {
		user = ss.signin.Claims.Account
	}
	return kb.GuideData{AdminURL: p.AdminURL, Server: server, Port: strconv.Itoa(port), Security: "STARTTLS", User: user,
		TenantID: strings.TrimSpace(ss.tenant), ClientID: strings.TrimSpace(ss.clientID), DeviceLogin: signin.DeviceLoginURL(ss.cloud)}
}

// testPanels explains the test's failed and warned steps.
func (ss *session) testPanels(cat *kb.Catalog, tr *i18n.Translator) []kb.Panel {
	if ss.test == nil {
		return nil
	}
	known := kb.Details{User: ss.test.cfg.User, Server: ss.test.cfg.Host}
	return cat.Explain(tr, known, kb.SaidByAnyone, ss.test.result.Problems()...).Panels
}

// report is the session as the HTML report shows it: never a token.
func (ss *session) report(cat *kb.Catalog, tr *i18n.Translator, when time.Time) report.Report {
	r := report.Report{When: when, Chosen: ss.chosen, Cloud: ss.cloud, TenantID: strings.TrimSpace(ss.tenant)}
	for _, p := range ss.printers {
		r.Printers = append(r.Printers, report.PrinterRowOf(p))
	}
	if o := ss.signin; o != nil {
		r.SignIn, r.Account, r.TenantID = signinStatus(o), o.Claims.Account, cmp.Or(o.TenantID, r.TenantID)
		for _, w := range o.Warnings {
			r.Warnings = append(r.Warnings, tr.T("signin.warn."+string(w), map[string]any{"Account": o.Claims.Account}))
		}
	}
	for _, s := range ss.listened {
		ex := cat.Explain(tr, kb.Details{User: s.User}, kb.SaidByAnyone, s.Findings...)
		r.Listened = append(r.Listened, report.Listened{Session: s, Panels: ex.Panels})
	}
	r.Prepared = ss.preparedFact(cat, tr)
	for _, st := range steps(ss.purpose) {
		if ss.skipped[st.id] {
			r.Skipped = append(r.Skipped, tr.T(st.titleID))
		}
	}
	if t := ss.test; t != nil {
		r.Test = &report.Test{Route: t.cfg.Route, Host: cmp.Or(t.cfg.Host, t.cfg.Domain), Port: t.cfg.Port, User: t.cfg.User, To: t.cfg.To, Status: t.result.Status,
			Steps: t.result.Steps, Panels: ss.testPanels(cat, tr), Transcript: t.transcript}
	}
	return r
}
