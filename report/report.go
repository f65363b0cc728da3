// Package report writes the self-contained, printable HTML report of a run (the connection
// test now; discovery and the guided assistant later): date, version, what was tested, each
// check with its status, duration and detail, the explanations of the failures and the
// redacted SMTP dialogue, in the reader's language. A report never holds a token: only the
// plain results it is given, and the transcript, whose AUTH blob the checks already redact.
package report

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"mfp365/assets"
	"mfp365/checks"
	"mfp365/i18n"
	"mfp365/kb"
)

//go:embed report.html.tmpl
var page string

// Step is one line of the checks table.
type Step struct {
	Name, Status, StatusText, Detail string
	Codes                            []string
	DurationMS                       int64
}

// Test is what a connection-test report shows.
type Test struct {
	When       time.Time
	Host       string
	Port       int
	User, To   string
	Status     string // "pass" or "fail"
	Steps      []checks.Step
	Panels     []kb.Panel
	Transcript string
}

// Discovery is what a discovery report shows.
type Discovery struct {
	When     time.Time
	Printers []PrinterRow
}

// PrinterRow is one printer found (the fields of mfp365 discover).
type PrinterRow struct {
	Address, Hostname, Vendor, Model, Serial, AdminURL string
	Sources                                            []string
}

// view is what the template sees: every label already localized.
type view struct {
	Lang, Title, Version, When string
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

// WriteTest writes the report of a connection test.
func WriteTest(w io.Writer, tr *i18n.Translator, t Test) error {
	v := view{Lang: tr.Lang, Title: tr.T("report.title.test"), Version: assets.Version,
		When:   t.When.Format("2006-01-02 15:04:05 -0700"),
		Status: t.Status, StatusText: tr.T("test.status." + t.Status),
		StepsTitle: tr.T("report.steps"), PanelsTitle: tr.T("report.explanations"),
		TranscriptTitle: tr.T("report.transcript"), Transcript: t.Transcript,
		Footer: tr.T("report.footer", map[string]any{"Version": assets.Version}),
		Head:   [4]string{tr.T("report.col.check"), tr.T("report.col.status"), tr.T("report.col.duration"), tr.T("report.col.detail")}}
	v.Facts = [][2]string{
		{tr.T("report.date"), v.When}, {tr.T("report.version"), assets.Version},
		{tr.T("conntest.host"), t.Host + ":" + strconv.Itoa(t.Port)}, {tr.T("conntest.user"), t.User},
	}
	if t.To != "" {
		v.Facts = append(v.Facts, [2]string{tr.T("conntest.to"), t.To})
	}
	for _, s := range t.Steps {
		v.Steps = append(v.Steps, Step{Name: tr.T("step." + s.ID), Status: s.Status, StatusText: tr.T("status." + s.Status), Detail: s.Detail, Codes: s.Codes,
			DurationMS: s.Duration.Milliseconds()})
	}
	for _, p := range t.Panels {
		pv := panelView{Panel: p, Kind: tr.T("kind." + string(p.Kind)), CauseLabel: tr.T("panel.cause"), ActionsLabel: tr.T("panel.actions")}
		for _, vendor := range kb.Vendors {
			if steps := p.VendorSteps[vendor]; len(steps) > 0 {
				pv.Vendors = append(pv.Vendors, vendorSteps{tr.T("vendor." + vendor), steps})
			}
		}
		v.Panels = append(v.Panels, pv)
	}
	return tmpl.Execute(w, v)
}

// WriteDiscovery writes the report of a printer discovery.
func WriteDiscovery(w io.Writer, tr *i18n.Translator, d Discovery) error {
	v := view{Lang: tr.Lang, Title: tr.T("report.title.discover"), Version: assets.Version,
		When: d.When.Format("2006-01-02 15:04:05 -0700"), PrintersTitle: tr.N("discover.count", len(d.Printers), nil),
		Footer: tr.T("report.footer", map[string]any{"Version": assets.Version}),
		PrinterHead: []string{tr.T("report.col.address"), tr.T("report.col.printer"), tr.T("discover.hostname"),
			tr.T("discover.serial"), tr.T("discover.admin"), tr.T("discover.sources")}}
	v.Facts = [][2]string{{tr.T("report.date"), v.When}, {tr.T("report.version"), assets.Version}}
	for _, p := range d.Printers {
		v.Printers = append(v.Printers, []string{p.Address, strings.TrimSpace(p.Vendor + " " + p.Model), p.Hostname, p.Serial,
			p.AdminURL, strings.Join(p.Sources, ", ")})
	}
	return tmpl.Execute(w, v)
}
