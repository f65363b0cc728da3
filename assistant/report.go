package assistant

import (
	"cmp"
	"strings"
	"time"

	"mfp365/checks"
	"mfp365/flows/signin"
	"mfp365/kb"
	"mfp365/report"
)

// Report is the session as the HTML report shows it: never a token.
func (s *Session) Report(cat *kb.Catalog, when time.Time) report.Report {
	r := report.Report{When: when, Chosen: s.Chosen, Cloud: s.Cloud, TenantID: strings.TrimSpace(s.Tenant),
		Printers: report.PrinterRows(s.Printers), Prepared: s.prepared(cat), Skipped: s.skippedTitles(), Listened: s.Listened, ListenTally: s.ListenTally, Test: s.Test}
	if o := s.SignIn; o != nil {
		r.SignIn, r.Account, r.TenantID, r.Warnings = o.Verdict(), o.Claims.Account, cmp.Or(o.TenantID, r.TenantID), o.Warnings
	}
	return r
}

// prepared is which items of the route's prepare guide were ticked, nil when none was.
func (s *Session) prepared(cat *kb.Catalog) *report.Prepared {
	guide := s.PrepareGuide()
	p := &report.Prepared{Total: len(cat.Guide(guide).FR.Steps)}
	for i := range p.Total {
		if s.Prepared[PreparedItem{guide, i}] {
			p.Done = append(p.Done, i+1)
		}
	}
	if len(p.Done) == 0 {
		return nil
	}
	return p
}

// skippedTitles are the titles' message IDs of the steps passed over, in their order.
func (s *Session) skippedTitles() []string {
	var ids []string
	for _, st := range s.Steps() {
		if s.Skipped[st.ID] {
			ids = append(ids, st.TitleID)
		}
	}
	return ids
}

// Summary is what « Terminé » sums up, its verdict first; a part the session did not reach
// is left empty.
type Summary struct {
	Verdict  report.Verdict // the whole session in one word
	Printer  string         // "Epson ET-5800 (192.168.1.20)"
	Tenant   string         // as typed, with the ID Microsoft gave for it when they differ
	SignIn   signin.Verdict
	Account  string
	Warnings []signin.Warning // a sign-in that works now and will fail for the printer
	Test     checks.Status
	Listened int      // the printers' sessions seen by the listener
	Skipped  []string // titles' message IDs of the steps passed over
}

// Summary sums the session up.
func (s *Session) Summary(cat *kb.Catalog) Summary {
	typed := strings.TrimSpace(s.Tenant)
	v := Summary{Verdict: report.VerdictOf(cat, s.Report(cat, time.Time{})), Tenant: typed, Skipped: s.skippedTitles()}
	if p := s.ChosenPrinter(); p != nil {
		v.Printer = strings.TrimSpace(p.VendorName + " " + p.Model + " (" + p.Address + ")")
	}
	if o := s.SignIn; o != nil {
		v.SignIn, v.Account, v.Warnings = o.Verdict(), o.Claims.Account, o.Warnings
		if id := o.TenantID; id != "" { // as typed, and the ID Microsoft gave for it
			v.Tenant = id
			if typed != "" && !strings.EqualFold(typed, id) {
				v.Tenant = typed + " (" + id + ")"
			}
		}
	}
	if s.Test != nil {
		v.Test = s.Test.Result.Status
	}
	v.Listened = len(s.Listened) + s.ListenTally.More
	return v
}
