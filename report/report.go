// Package report writes the self-contained, printable HTML report of a run (a connection test,
// a discovery, or the guided assistant's whole session): date, version, the printers found and
// chosen, the tenant and cloud, each check with its status, duration and detail (a network
// failure's localized one-line summary above its raw text), the explanations of the failures
// and the redacted SMTP dialogue, in the reader's language. A report never holds a token: only
// the plain results it is given, and the transcript, whose AUTH blob the checks already redact.
package report

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"mfp365/assets"
	"mfp365/flows/conntest"
	"mfp365/flows/discovery"
	"mfp365/flows/listen"
	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/kb"
	"mfp365/textsafe"
)

//go:embed report.html.tmpl
var page string

// Step is one line of the checks table. Summary is the localized line of a network or TLS
// failure (its checks.Step Reason); Detail stays the raw text, shown below it.
type Step struct {
	Name, Status, StatusText, Summary, Detail string
	Codes                                     []string
	DurationMS                                int64
}

// Report is what one report holds; the parts a run did not reach are left empty.
type Report struct {
	When        time.Time
	Printers    []PrinterRow // found
	Chosen      string       // address of the printer chosen, if any
	TenantID    string
	Cloud       string           // "global", "usgov", "china"
	Account     string           // who signed in
	SignIn      signin.Verdict   // the sign-in's outcome, "" when there was none
	Warnings    []signin.Warning // the sign-in's: it works now, it will fail for the printer
	Test        *Test
	Listened    []listen.Session // what printers did while the assistant listened
	ListenTally listen.Tally     // what the listener counted without keeping
	Skipped     []string         // the titles' message IDs of the assistant's steps passed over
	Prepared    *Prepared        // the items of « Préparer Microsoft 365 » ticked, nil when none was
}

// Prepared is which items of a prepare guide were ticked: their numbers, from 1, of Total.
type Prepared struct {
	Done  []int
	Total int
}

// Test is a connection test's part of a report.
type Test struct {
	Config     conntest.Config // never a token (TestOf clears it)
	Result     conntest.Result
	Transcript string // AUTH redacted by the checks
}

// TestOf is a finished connection test as the report shows it.
func TestOf(cfg conntest.Config, res conntest.Result, transcript string) *Test {
	cfg.Token, cfg.Password = "", ""
	return &Test{Config: cfg, Result: res, Transcript: transcript}
}

// Panels explain the test's failed and warned steps, with the mailbox and server filled in.
func (t *Test) Panels(cat *kb.Catalog, tr *i18n.Translator) []kb.Panel {
	known := kb.Details{User: t.Config.User, Server: t.Config.Host}
	return cat.Explain(tr, known, kb.SaidByAnyone, t.Result.Problems()...).Panels
}

// TallyLines say what the listener counted without keeping: the sessions past the first
// listen.MaxKept, with their findings by title, and the connections turned away.
func TallyLines(cat *kb.Catalog, tr *i18n.Translator, t listen.Tally) []string {
	var lines []string
	if t.More > 0 {
		line := tr.N("listen.more", t.More, map[string]any{"Max": listen.MaxKept})
		var found []string
		for _, code := range slices.Sorted(maps.Keys(t.Findings)) {
			title := code
			if ps := cat.Explain(tr, kb.Details{}, kb.SaidByAnyone, code).Panels; len(ps) > 0 {
				title = ps[0].Title
			}
			found = append(found, fmt.Sprintf("%s (%d)", title, t.Findings[code]))
		}
		if len(found) > 0 {
			line += " " + tr.T("listen.more.findings", map[string]any{"Findings": strings.Join(found, " · ")})
		}
		lines = append(lines, line)
	}
	if t.Refused > 0 {
		lines = append(lines, tr.N("listen.refused", t.Refused, map[string]any{"Max": listen.MaxConnections}))
	}
	return lines
}

// TokenText is what a printer's token says, in one line (its signature is not verified).
func TokenText(tr *i18n.Translator, t *listen.Token) string {
	expires := tr.T("listen.no_expiry")
	if !t.Expires.IsZero() {
		expires = tr.When(t.Expires.Local())
	}
	return tr.T("listen.token", map[string]any{"Audience": t.Audience, "Scope": t.Scope, "Tenant": t.TenantID, "Account": t.Account,
		"App": t.App, "Expires": expires})
}

// SizeText is a session's message size, and whether the printer stopped while sending it.
func SizeText(tr *i18n.Translator, s listen.Session) string {
	size := strconv.FormatInt(s.Size, 10)
	if s.Cut {
		size += " (" + tr.T("listen.cut") + ")"
	}
	return size
}

// SessionPanels explain what the listener found in a printer's session.
func SessionPanels(cat *kb.Catalog, tr *i18n.Translator, s listen.Session) []kb.Panel {
	return cat.Explain(tr, kb.Details{User: s.User}, kb.SaidByAnyone, s.Findings...).Panels
}

// PrinterRow is one printer found (the fields of mfp365 discover).
type PrinterRow struct {
	Address, Hostname, Vendor, Model, Firmware, Serial, AdminURL string
	OAuth                                                        discovery.OAuth
	Route                                                        conntest.Route
	Sources                                                      []string
}

// PrinterRows are the printers found, as reports and lists show them.
func PrinterRows(printers []discovery.Printer) []PrinterRow {
	rows := make([]PrinterRow, len(printers))
	for i, p := range printers {
		rows[i] = PrinterRow{Address: p.Address, Hostname: p.Hostname, Vendor: cmp.Or(p.VendorName, p.Vendor), Model: p.Model,
			Firmware: p.Firmware, Serial: p.Serial, AdminURL: p.AdminURL, OAuth: p.OAuth, Route: p.Route, Sources: p.Sources}
	}
	return rows
}

// view is what the template sees: every label already localized.
type view struct {
	Lang, Title, Version, When string
	Verdict                    Verdict // first: the run in one word (data-verdict)
	VerdictText                string
	Facts                      [][2]string
	Status, StatusText         string
	StepsTitle                 string
	Head                       [4]string
	Steps                      []Step
	PanelsTitle                string
	Panels                     []panelView
	TranscriptTitle            string
	Transcript                 string
	Footer                     string
	PrintersTitle              string
	PrinterHead                []string
	Printers                   [][]string
	ListenTitle                string
	ListenHead                 []string
	Listened                   [][]string
	ListenNotes                []string
}

type panelView struct {
	kb.Panel
	Kind, CauseLabel, ActionsLabel string
	Vendors                        []vendorSteps
}

type vendorSteps struct {
	Name  string
	Steps []string
}

var tmpl = template.Must(template.New("report").Parse(page))

// Write writes the report in the translator's language, with the knowledge base's
// explanations of the test's and the listened sessions' problems.
func Write(w io.Writer, tr *i18n.Translator, cat *kb.Catalog, r Report) error {
	v := view{Lang: tr.Lang, Version: assets.Version, When: tr.When(r.When),
		Footer: tr.T("report.footer", map[string]any{"Version": assets.Version})}
	v.Facts = [][2]string{{tr.T("report.date"), v.When}, {tr.T("report.version"), assets.Version}}
	if v.Verdict = VerdictOf(cat, r); v.Verdict != "" {
		v.VerdictText = tr.T("verdict." + string(v.Verdict))
	}
	switch {
	case r.Test != nil && len(r.Printers) == 0 && r.TenantID == "":
		v.Title = tr.T("report.title.test")
	case r.Test == nil && r.TenantID == "" && len(r.Printers) == 0 && len(r.Listened) > 0:
		v.Title = tr.T("report.title.listen")
	case r.Test == nil && r.TenantID == "":
		v.Title = tr.T("report.title.discover")
	default:
		v.Title = tr.T("report.title.session")
	}
	if r.TenantID != "" {
		v.Facts = append(v.Facts, [2]string{tr.T("signin.tenant"), r.TenantID}, [2]string{tr.T("signin.cloud"), tr.T("cloud." + orGlobal(r.Cloud))})
	}
	if r.SignIn != "" {
		v.Facts = append(v.Facts, [2]string{tr.T("report.signin"), tr.T("signin.status." + string(r.SignIn))})
		for _, w := range r.Warnings {
			v.Facts = append(v.Facts, [2]string{tr.T("report.warning"), WarningText(tr, w, r.Account)})
		}
	}
	if r.Account != "" {
		v.Facts = append(v.Facts, [2]string{tr.T("signin.account"), r.Account})
	}
	if p := r.Prepared; p != nil {
		v.Facts = append(v.Facts, [2]string{tr.T("report.prepared"), p.text(tr)})
	}
	if len(r.Skipped) > 0 {
		v.Facts = append(v.Facts, [2]string{tr.T("report.skipped"), Titles(tr, r.Skipped)})
	}
	addPrinters(&v, tr, r)
	if r.Test != nil {
		addTest(&v, tr, cat, *r.Test)
	}
	addListened(&v, tr, cat, r.Listened, r.ListenTally)
	for i := range v.Facts {
		v.Facts[i][0] = label(v.Facts[i][0])
	}
	for i := range v.PrinterHead {
		v.PrinterHead[i] = label(v.PrinterHead[i])
	}
	var page strings.Builder
	if err := tmpl.Execute(&page, v); err != nil {
		return err
	}
	// html/template escapes markup, not control characters: a server's escape sequence or a
	// bidirectional override is shown as such (\x1b, \u202e), never left raw in the file.
	_, err := io.WriteString(w, textsafe.Printable(page.String()))
	return err
}

// WarningText is a sign-in's warning in the reader's words.
func WarningText(tr *i18n.Translator, w signin.Warning, account string) string {
	return tr.T("signin.warn."+string(w), map[string]any{"Account": account})
}

// Titles are messages named by their IDs, in the reader's words, in one line.
func Titles(tr *i18n.Translator, ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = tr.T(id)
	}
	return strings.Join(names, ", ")
}

// text says which items were ticked: "2 of 5 items checked (nos. 1, 3)".
func (p *Prepared) text(tr *i18n.Translator) string {
	done := make([]string, len(p.Done))
	for i, n := range p.Done {
		done[i] = strconv.Itoa(n)
	}
	return tr.N("report.prepared.value", len(done), map[string]any{"Total": p.Total, "Done": strings.Join(done, ", ")})
}

// label drops the colon the window's labels end with: a table header needs none.
func label(s string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ":"))
}

func orGlobal(cloud string) string {
	if cloud == "" {
		return "global"
	}
	return cloud
}

func addPrinters(v *view, tr *i18n.Translator, r Report) {
	if len(r.Printers) == 0 {
		return
	}
	v.PrintersTitle = tr.N("discover.count", len(r.Printers), nil)
	v.PrinterHead = []string{tr.T("report.col.address"), tr.T("report.col.printer"), tr.T("discover.hostname"),
		tr.T("discover.csv.oauth"), tr.T("discover.csv.route"), tr.T("discover.serial"), tr.T("discover.admin"), tr.T("discover.sources")}
	for _, p := range r.Printers {
		name := strings.TrimSpace(p.Vendor + " " + p.Model)
		if p.Address == r.Chosen {
			name += " — " + tr.T("report.chosen")
			v.Facts = append(v.Facts, [2]string{tr.T("report.chosen_printer"), strings.TrimSpace(name + " (" + p.Address + ")")})
		}
		if p.Firmware != "" {
			name += " (" + p.Firmware + ")"
		}
		v.Printers = append(v.Printers, []string{p.Address, name, p.Hostname, oauthName(tr, p.OAuth), RouteName(tr, p.Route), p.Serial,
			p.AdminURL, strings.Join(p.Sources, ", ")})
	}
}

func addTest(v *view, tr *i18n.Translator, cat *kb.Catalog, t Test) {
	cfg, res := t.Config, t.Result
	v.Status, v.StatusText = string(res.Status), tr.T("test.status."+string(res.Status))
	v.StepsTitle, v.PanelsTitle = tr.T("report.steps"), tr.T("report.explanations")
	v.TranscriptTitle, v.Transcript = tr.T("report.transcript"), t.Transcript
	v.Head = [4]string{tr.T("report.col.check"), tr.T("report.col.status"), tr.T("report.col.duration"), tr.T("report.col.detail")}
	if cfg.Route != "" {
		v.Facts = append(v.Facts, [2]string{tr.T("conntest.route"), tr.T("route." + string(cfg.Route))})
	}
	v.Facts = append(v.Facts, [2]string{tr.T("conntest.host"), cmp.Or(cfg.Host, cfg.Domain) + ":" + strconv.Itoa(cfg.Port)})
	if cfg.User != "" {
		v.Facts = append(v.Facts, [2]string{tr.T("conntest.user"), cfg.User})
	}
	if cfg.To != "" {
		v.Facts = append(v.Facts, [2]string{tr.T("conntest.to"), cfg.To})
	}
	for _, s := range res.Steps {
		row := Step{Name: tr.T("step." + s.ID), Status: string(s.Status), StatusText: tr.T("status." + string(s.Status)),
			Detail: s.Detail, Codes: kb.Shown(s.Codes), DurationMS: s.Duration.Milliseconds()}
		if s.Reason != "" {
			row.Summary = tr.T("reason." + s.Reason)
		}
		v.Steps = append(v.Steps, row)
	}
	addPanels(v, tr, t.Panels(cat, tr))
}

// addPanels adds explanations, each entry once.
func addPanels(v *view, tr *i18n.Translator, panels []kb.Panel) {
	for _, p := range panels {
		if slices.ContainsFunc(v.Panels, func(q panelView) bool { return q.ID == p.ID }) {
			continue
		}
		p.Codes = kb.Shown(p.Codes)
		pv := panelView{Panel: p, Kind: tr.T("kind." + string(p.Kind)), CauseLabel: tr.T("panel.cause"), ActionsLabel: tr.T("panel.actions")}
		for _, vendor := range kb.Vendors {
			if steps := p.VendorSteps[vendor]; len(steps) > 0 {
				pv.Vendors = append(pv.Vendors, vendorSteps{tr.T("vendor." + vendor), steps})
			}
		}
		v.Panels = append(v.Panels, pv)
	}
}

// findingTitles names a session's findings by their panels' titles (check codes are not
// for people); a finding without a panel keeps its code.
func findingTitles(s listen.Session, panels []kb.Panel) []string {
	var out []string
	for _, f := range s.Findings {
		title := f
		for _, p := range panels {
			if slices.Contains(p.Codes, f) {
				title = p.Title
				break
			}
		}
		out = append(out, title)
	}
	return out
}

// addListened is the table of the sessions the listener recorded, and their explanations.
func addListened(v *view, tr *i18n.Translator, cat *kb.Catalog, sessions []listen.Session, tally listen.Tally) {
	if len(sessions) == 0 {
		return
	}
	v.ListenNotes = TallyLines(cat, tr, tally)
	v.ListenTitle = tr.N("listen.count", len(sessions), nil)
	v.ListenHead = []string{tr.T("listen.col.client"), "EHLO", "TLS", "AUTH", tr.T("listen.col.account"), tr.T("listen.col.from"),
		tr.T("listen.col.size"), tr.T("listen.col.findings")}
	for _, s := range sessions {
		panels := SessionPanels(cat, tr, s)
		account := s.User
		if s.Token != nil && s.Token.Account != "" {
			account = s.Token.Account
		}
		v.Listened = append(v.Listened, []string{s.Client, s.EHLO, s.TLS, strings.ToUpper(s.Auth), account, s.From, SizeText(tr, s),
			strings.Join(findingTitles(s, panels), " · ")})
		addPanels(v, tr, panels)
	}
	if v.PanelsTitle == "" {
		v.PanelsTitle = tr.T("report.explanations")
	}
}
