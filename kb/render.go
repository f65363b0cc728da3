package kb

import (
	"fmt"
	"strings"

	"mfp365/i18n"
)

// Panel is an entry rendered for a reader: what happened, why, what to do.
type Panel struct {
	ID          string              `json:"id"`
	Kind        Kind                `json:"kind"`
	Codes       []string            `json:"codes"`
	Title       string              `json:"title"`
	Cause       string              `json:"cause"`
	Actions     []string            `json:"actions"`
	VendorSteps map[string][]string `json:"vendor_steps,omitempty"`
	Sources     []string            `json:"sources"`
	Score       float64             `json:"score"`
}

// Render writes an entry in the translator's language, with what was read from the text
// (tenant, application, account, server) filled into its steps.
func (e *Entry) Render(tr *i18n.Translator, d Details, score float64) Panel {
	data := d.templateData()
	t := e.text(tr.Tag())
	p := Panel{ID: e.ID, Kind: e.Kind, Codes: e.Codes, Sources: e.Sources, Score: score,
		Title: tr.T(msgID(e.ID, "title"), data), Cause: tr.T(msgID(e.ID, "cause"), data)}
	if p.Codes == nil {
		p.Codes = []string{}
	}
	if p.Sources == nil {
		p.Sources = []string{}
	}
	for i := range t.Actions {
		p.Actions = append(p.Actions, tr.T(msgID(e.ID, fmt.Sprintf("action.%d", i+1)), data))
	}
	for _, v := range Vendors {
		for i := range t.VendorSteps[v] {
			if p.VendorSteps == nil {
				p.VendorSteps = map[string][]string{}
			}
			p.VendorSteps[v] = append(p.VendorSteps[v], tr.T(msgID(e.ID, fmt.Sprintf("%s.%d", v, i+1)), data))
		}
	}
	return p
}

// Panels renders every match of a result.
func (r Result) Panels(tr *i18n.Translator) []Panel { return Render(tr, r.Details, r.Matches) }

// Render renders matches (or suggestions) with the details read from the text.
func Render(tr *i18n.Translator, d Details, ms []Match) []Panel {
	out := make([]Panel, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.Entry.Render(tr, d, m.Score))
	}
	return out
}

// DetailLines returns each detail read from the text as a (label, value) pair, in a fixed order.
func DetailLines(tr *i18n.Translator, d Details) [][2]string {
	var out [][2]string
	for _, f := range []struct{ id, v string }{
		{"detail.tenant_id", d.TenantID}, {"detail.client_id", d.ClientID}, {"detail.user", d.User},
		{"detail.server", d.Server}, {"detail.trace_id", d.TraceID}, {"detail.correlation_id", d.CorrelationID},
		{"detail.timestamp", d.Timestamp},
	} {
		if f.v != "" {
			out = append(out, [2]string{tr.T(f.id), f.v})
		}
	}
	return out
}

// PlainText renders a panel as plain text, numbered n (0: no number). The window's copy
// button uses it too.
func (p Panel) PlainText(tr *i18n.Translator, n int) string {
	var b strings.Builder
	if n > 0 {
		fmt.Fprintf(&b, "%d. ", n)
	}
	fmt.Fprintf(&b, "%s\n", p.Title)
	meta := []string{tr.T("kind." + string(p.Kind))}
	if len(p.Codes) > 0 {
		meta = append(meta, strings.Join(p.Codes, ", "))
	}
	fmt.Fprintf(&b, "   [%s]\n", strings.Join(meta, " · "))
	fmt.Fprintf(&b, "   %s %s\n", tr.T("panel.cause"), p.Cause)
	fmt.Fprintf(&b, "   %s\n", tr.T("panel.actions"))
	for i, a := range p.Actions {
		fmt.Fprintf(&b, "     %d. %s\n", i+1, a)
	}
	for _, v := range Vendors {
		if steps := p.VendorSteps[v]; len(steps) > 0 {
			fmt.Fprintf(&b, "   %s %s\n", tr.T("panel.vendor_steps"), tr.T("vendor."+v))
			for i, s := range steps {
				fmt.Fprintf(&b, "     %d. %s\n", i+1, s)
			}
		}
	}
	if len(p.Sources) > 0 {
		fmt.Fprintf(&b, "   %s %s\n", tr.T("panel.sources"), strings.Join(p.Sources, ", "))
	}
	return b.String()
}
