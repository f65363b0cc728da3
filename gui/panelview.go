package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/i18n"
	"mfp365/kb"
)

// newPanelView shows one troubleshooting panel: title, kind and codes, cause, numbered
// actions, the vendors' steps in tabs, the source documents, and a copy button.
func newPanelView(tr *i18n.Translator, clip fyne.Clipboard, p kb.Panel) fyne.CanvasObject {
	title := heading(p.Title)
	meta := tr.T("kind." + string(p.Kind))
	if shown := kb.Shown(p.Codes); len(shown) > 0 {
		meta += " · " + strings.Join(shown, ", ")
	}
	copyBtn := widget.NewButtonWithIcon(tr.T("panel.copy"), theme.ContentCopyIcon(), func() {
		clip.SetContent(p.PlainText(tr, 0))
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
	return widget.NewCard("", tr.T("troubleshoot.details"), factsGrid(kb.DetailLines(tr, d), true))
}
