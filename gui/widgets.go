package gui

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/checks"
	"mfp365/i18n"
	"mfp365/input"
	"mfp365/report"
	"mfp365/textsafe"
)

// The widgets every screen draws with: text that wraps, headings and lists, a form's entries,
// the facts grid, progress, warnings, refusals and raw details. They take what they show and
// the translator; none knows a screen.

// section is a bold heading over its content.
func section(heading string, content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(widget.NewLabelWithStyle(heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), content)
}

// paragraph is a label that wraps at plain spaces (see wrapLabel). What comes from the
// network reaches it too: control characters and bidirectional overrides show escaped.
func paragraph(text string) *wrapLabel { return newWrapLabel(textsafe.Printable(text)) }

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

// emptyState is a centered hint shown when there is nothing to list.
func emptyState(title, body string) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	b := paragraph(body)
	b.Alignment = fyne.TextAlignCenter
	return container.NewPadded(container.NewVBox(t, b))
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

// reasonText is a network or TLS failure's reason (checks.ReasonOf) in one localized line;
// the raw text goes in rawDetails.
func reasonText(tr *i18n.Translator, reason string) string {
	if reason == "" {
		reason = "other"
	}
	return tr.T("reason." + reason)
}

// rawDetails keeps the raw text of a failure in a closed expander, with a copy button.
func rawDetails(tr *i18n.Translator, clip fyne.Clipboard, raw string) fyne.CanvasObject {
	return copyableText(tr, clip, tr.T("details.raw"), raw)
}

// copyableText is a monospaced text in a closed expander titled title, with a copy button.
func copyableText(tr *i18n.Translator, clip fyne.Clipboard, title, text string) fyne.CanvasObject {
	body := paragraph(text)
	body.TextStyle = fyne.TextStyle{Monospace: true}
	copyBtn := widget.NewButtonWithIcon(tr.T("panel.copy"), theme.ContentCopyIcon(), func() { clip.SetContent(textsafe.Printable(text)) })
	return widget.NewAccordion(widget.NewAccordionItem(title, container.NewBorder(container.NewHBox(copyBtn), nil, nil, nil, body)))
}

// factsGrid lists labelled values, the labels bold and the values in one column; a line with
// no value is left out. Values to copy (IDs, accounts) are selectable, their labels set
// against them.
func factsGrid(lines [][2]string, toCopy bool) *fyne.Container {
	grid := container.New(layout.NewFormLayout())
	for _, l := range lines {
		switch {
		case l[1] == "":
		case toCopy:
			grid.Add(widget.NewLabelWithStyle(l[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
			grid.Add(&widget.Label{Text: textsafe.Printable(l[1]), Selectable: true, Wrapping: fyne.TextWrapWord})
		default:
			grid.Add(widget.NewLabelWithStyle(l[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			grid.Add(paragraph(l[1]))
		}
	}
	return grid
}

// warningLine is a warning with its icon.
func warningLine(text string) fyne.CanvasObject {
	l := paragraph(text)
	l.Importance = widget.WarningImportance
	return container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil, l)
}

// verdictLine is a run's verdict in one bold line with its icon; nothing for no verdict.
func verdictLine(tr *i18n.Translator, v report.Verdict) []fyne.CanvasObject {
	var icon fyne.Resource = theme.NewSuccessThemedResource(theme.ConfirmIcon())
	importance := widget.SuccessImportance
	switch v {
	case "":
		return nil
	case report.VerdictWarnings:
		icon, importance = theme.NewWarningThemedResource(theme.WarningIcon()), widget.WarningImportance
	case report.VerdictNotReady:
		icon, importance = theme.NewErrorThemedResource(theme.ErrorIcon()), widget.DangerImportance
	}
	l := paragraph(tr.T("verdict." + string(v)))
	l.TextStyle, l.Importance = fyne.TextStyle{Bold: true}, importance
	return []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(icon), nil, l)}
}

// refusal is an engine's input error in the reader's words, naming the form's field by the
// message labelID(field) gives; any other error as it is.
func refusal(tr *i18n.Translator, err error, labelID func(field string) string) string {
	var ie *input.Error
	if !errors.As(err, &ie) {
		return err.Error()
	}
	return tr.T(ie.MessageID(), map[string]any{"Field": "«\u00a0" + tr.T(labelID(ie.Field)) + "\u00a0»", "Value": ie.Value})
}

// countdown is a line saying, in the message msgID, the time left until until; it ticks
// every second until stop is closed.
func countdown(s *shell, msgID string, until time.Time, stop <-chan struct{}) *widget.Label {
	left := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	tick := func() {
		remain := max(time.Until(until).Round(time.Second), 0)
		left.SetText(s.tr.T(msgID, map[string]any{"Time": fmt.Sprintf("%d:%02d", int(remain.Minutes()), int(remain.Seconds())%60)}))
	}
	tick()
	repeat(s, time.Second, stop, tick)
	return left
}

// boundEntry is an entry whose text is kept in *value.
func boundEntry(value *string, placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.SetText(*value)
	e.OnChanged = func(s string) { *value = s }
	return e
}

// formPage is a screen whose form and results scroll as one page, so that a long form never
// squeezes the results into a strip above the assistant's footer.
func formPage(top, body *fyne.Container) *container.Scroll {
	return container.NewVScroll(container.NewPadded(container.NewVBox(top, body)))
}

// reveal scrolls a form page down to its results (a code, an outcome), which would
// otherwise stay below the window's edge.
func reveal(page *container.Scroll, body *fyne.Container) {
	if page == nil {
		return
	}
	page.Content.Refresh() // lay the new results out before measuring where they are
	page.Refresh()
	page.ScrollToOffset(fyne.NewPos(0, body.Position().Y))
}
