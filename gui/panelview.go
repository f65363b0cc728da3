package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/checks"
	"mfp365/i18n"
	"mfp365/kb"
)

// newPanelView shows one troubleshooting panel: title, kind and codes, cause, numbered
// actions, the vendors' steps in tabs, the source documents, and a copy button.
func newPanelView(tr *i18n.Translator, p kb.Panel) fyne.CanvasObject {
	title := heading(p.Title)
	meta := tr.T("kind." + string(p.Kind))
	if shown := kb.Shown(p.Codes); len(shown) > 0 {
		meta += " · " + strings.Join(shown, ", ")
	}
	copyBtn := widget.NewButtonWithIcon(tr.T("panel.copy"), theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent(p.PlainText(tr, 0))
	})
	icon := container.New(layout.NewCustomPaddedLayout(theme.InnerPadding(), 0, 0, 0), widget.NewIcon(kindIcon(p.Kind))) // level with the title's first line
	header := container.NewBorder(nil, nil, container.NewVBox(icon), container.NewVBox(copyBtn),
		container.NewVBox(title, widget.NewLabelWithStyle(meta, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})))

	body := container.NewVBox(header,
		section(tr.T("panel.cause"), paragraph(p.Cause)),
		section(tr.T("panel.actions"), numbered(p.Actions)))
	if tabs := vendorTabs(tr, p.VendorSteps); tabs != nil {
		body.Add(section(tr.T("panel.vendor_steps"), tabs))
	}
	if len(p.Sources) > 0 {
		sources := paragraph(tr.T("panel.sources") + " " + strings.Join(p.Sources, ", "))
		sources.Importance = widget.LowImportance
		body.Add(sources)
	}
	return widget.NewCard("", "", body)
}

// kindIcon tells an error, a warning and a normal state apart at a glance.
func kindIcon(k kb.Kind) fyne.Resource {
	switch k {
	case kb.KindInfo:
		return theme.NewPrimaryThemedResource(theme.InfoIcon())
	case kb.KindWarning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	default:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	}
}

// section is a bold heading over its content.
func section(heading string, content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(widget.NewLabelWithStyle(heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), content)
}

// paragraph is a label that wraps at plain spaces (see wrapLabel).
func paragraph(text string) *wrapLabel { return newWrapLabel(text) }

// heading is a bold title a size above the text, wrapping as a paragraph does.
func heading(text string) *wrapLabel {
	l := newWrapLabel(text)
	l.SizeName, l.TextStyle = theme.SizeNameSubHeadingText, fyne.TextStyle{Bold: true}
	return l
}

// numbered lists steps "1. ...", each wrapping under its own number.
func numbered(steps []string) fyne.CanvasObject {
	box := container.NewVBox()
	// Every number takes the width of the widest, so that the steps' text lines up after 9.
	widest := widget.NewLabel(fmt.Sprintf("%d.", len(steps))).MinSize()
	for i, s := range steps {
		n := container.NewGridWrap(widest, widget.NewLabel(fmt.Sprintf("%d.", i+1)))
		box.Add(container.NewBorder(nil, nil, container.NewVBox(n), nil, paragraph(s)))
	}
	return box
}

// bullets lists items "• ...", each wrapping under its own bullet.
func bullets(items []string) fyne.CanvasObject {
	box := container.NewVBox()
	for _, s := range items {
		box.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewLabel("•")), nil, paragraph(s)))
	}
	return box
}

// vendorTabs shows each vendor's steps in a tab, or nil when there are none.
func vendorTabs(tr *i18n.Translator, steps map[string][]string) fyne.CanvasObject {
	tabs := container.NewAppTabs()
	for _, v := range kb.Vendors {
		if len(steps[v]) > 0 {
			tabs.Append(container.NewTabItem(tr.T("vendor."+v), numbered(steps[v])))
		}
	}
	if len(tabs.Items) == 0 {
		return nil
	}
	return tabs
}

// detailsCard lists what was read from the pasted text, each value selectable.
func detailsCard(tr *i18n.Translator, d kb.Details) fyne.CanvasObject {
	form := container.New(layout.NewFormLayout())
	for _, line := range kb.DetailLines(tr, d) {
		form.Add(widget.NewLabelWithStyle(line[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		form.Add(&widget.Label{Text: line[1], Selectable: true, Wrapping: fyne.TextWrapWord})
	}
	return widget.NewCard("", tr.T("troubleshoot.details"), form)
}

// emptyState is a centered hint shown when there is nothing to list.
func emptyState(title, body string) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	b := paragraph(body)
	b.Alignment = fyne.TextAlignCenter
	return container.NewPadded(container.NewVBox(t, b))
}

// statusLine sums up a result: codes read, explanations found, and what was not read.
func statusLine(tr *i18n.Translator, r *kb.Result, long *longPaste) string {
	parts := []string{}
	if shown := kb.Shown(r.Codes); len(shown) > 0 {
		parts = append(parts, tr.N("troubleshoot.status.codes", len(shown), map[string]any{"Codes": strings.Join(shown, ", ")}))
	}
	parts = append(parts, tr.N("troubleshoot.status.matches", len(r.Matches), nil))
	if r.Binary {
		parts = append(parts, tr.T("troubleshoot.binary"))
	}
	if long != nil {
		parts = append(parts, tr.T("troubleshoot.long", map[string]any{"Size": len(long.full) >> 10}))
	}
	if long != nil && long.cut {
		parts = append(parts, tr.T("troubleshoot.truncated"))
	}
	return strings.Join(parts, " · ")
}

// progressRow is a step at work: an indeterminate bar, what is happening, and "Annuler".
func progressRow(tr *i18n.Translator, label string, cancel func()) fyne.CanvasObject {
	btn := widget.NewButtonWithIcon(tr.T("signin.cancel"), theme.CancelIcon(), cancel)
	return container.NewVBox(widget.NewProgressBarInfinite(), container.NewBorder(nil, nil, nil, btn, widget.NewLabel(label)))
}

// enableIf enables a button when ok, disables it otherwise.
func enableIf(b *widget.Button, ok bool) {
	if ok {
		b.Enable()
	} else {
		b.Disable()
	}
}

// stepSummary is what a step saw, in the reader's words: the localized reason of a network or
// TLS failure, else the step's own detail (a server's reply, addresses, a TLS version).
func stepSummary(tr *i18n.Translator, s checks.Step) string {
	if s.Reason != "" {
		return tr.T("reason." + s.Reason)
	}
	return s.Detail
}

// errorSummary is a failure in one localized line (the raw text goes in rawDetails).
func errorSummary(tr *i18n.Translator, err error) string {
	if r := checks.ReasonOf(err); r != "" {
		return tr.T("reason." + r)
	}
	return tr.T("reason.other")
}

// rawDetails keeps the raw text of a failure in a closed expander, with a copy button.
func rawDetails(s *shell, raw string) fyne.CanvasObject {
	return copyableText(s, s.tr.T("details.raw"), raw)
}

// copyableText is a monospaced text in a closed expander titled title, with a copy button.
func copyableText(s *shell, title, text string) fyne.CanvasObject {
	body := paragraph(text)
	body.TextStyle = fyne.TextStyle{Monospace: true}
	copyBtn := widget.NewButtonWithIcon(s.tr.T("panel.copy"), theme.ContentCopyIcon(), func() { s.app.Clipboard().SetContent(text) })
	return widget.NewAccordion(widget.NewAccordionItem(title, container.NewBorder(container.NewHBox(copyBtn), nil, nil, nil, body)))
}
