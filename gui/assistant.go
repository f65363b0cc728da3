package gui

import (
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/flows/signin"
	"mfp365/report"
)

// assistantState is where the reader is on the guided path; the steps' own states live in
// their screens' states, so nothing is lost going back and forth.
type assistantState struct {
	purpose string // signin.PurposeSMTP or signin.PurposeGraph; "" on the start screen
	step    int
	view    *assistantScreen
}

// step is one stage of the guided path.
type step struct {
	id, titleID string
	build       func(a *assistantScreen) fyne.CanvasObject
}

// steps are the stages for a purpose: an external location has no SMTP test (the sign-in
// checks Microsoft Graph instead).
func steps(purpose string) []step {
	all := []step{
		{"printer", "assistant.step.printer", func(a *assistantScreen) fyne.CanvasObject { return newPrintersScreen(a.s) }},
		{"prepare", "assistant.step.prepare", func(a *assistantScreen) fyne.CanvasObject { return a.prepare() }},
		{"signin", "assistant.step.signin", func(a *assistantScreen) fyne.CanvasObject { return newSigninScreen(a.s) }},
		{"test", "assistant.step.test", func(a *assistantScreen) fyne.CanvasObject { return newConntestScreen(a.s) }},
		{"configure", "assistant.step.configure", func(a *assistantScreen) fyne.CanvasObject { return a.configure() }},
		{"done", "assistant.step.done", func(a *assistantScreen) fyne.CanvasObject { return a.summary() }},
	}
	if purpose != signin.PurposeGraph {
		return all
	}
	return append(all[:3:3], all[4:]...)
}

// assistantScreen is the guided path: a start screen, then the steps with back and next.
type assistantScreen struct {
	s    *shell
	st   *assistantState
	next *widget.Button
}

func newAssistantScreen(s *shell) fyne.CanvasObject {
	a := &assistantScreen{s: s, st: s.assistant}
	s.assistant.view = a
	if a.st.purpose == "" {
		return a.start()
	}
	return a.stepView()
}

// start asks what the reader wants to do.
func (a *assistantScreen) start() fyne.CanvasObject {
	tr := a.s.tr
	choice := func(titleID, bodyID string, icon fyne.Resource, do func()) fyne.CanvasObject {
		b := widget.NewButtonWithIcon(tr.T(titleID), icon, do)
		b.Importance = widget.HighImportance
		b.Alignment = widget.ButtonAlignLeading
		body := paragraph(tr.T(bodyID))
		return widget.NewCard("", "", container.NewVBox(b, body))
	}
	begin := func(purpose string) func() {
		return func() {
			a.st.purpose, a.st.step = purpose, 0
			a.s.signin.purpose = purpose
			a.reload()
		}
	}
	title := widget.NewRichText(&widget.TextSegment{Text: tr.T("assistant.question"),
		Style: widget.RichTextStyle{SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}}})
	return container.NewVScroll(container.NewPadded(container.NewVBox(title, paragraph(tr.T("assistant.intro")),
		choice("assistant.start.smtp", "assistant.start.smtp.body", theme.MailSendIcon(), begin(signin.PurposeSMTP)),
		choice("assistant.start.graph", "assistant.start.graph.body", theme.StorageIcon(), begin(signin.PurposeGraph)),
		choice("assistant.start.explain", "assistant.start.explain.body", theme.HelpIcon(), func() { a.s.show("troubleshoot") }),
	)))
}

// reload rebuilds the assistant in place.
func (a *assistantScreen) reload() { a.s.show("assistant") }

// stepView is the current step between the step list and the back / next buttons.
func (a *assistantScreen) stepView() fyne.CanvasObject {
	tr, list := a.s.tr, steps(a.st.purpose)
	a.st.step = min(max(a.st.step, 0), len(list)-1)
	header := container.NewHBox()
	for i, st := range list {
		l := widget.NewLabel(fmt.Sprintf("%d. %s", i+1, tr.T(st.titleID)))
		if i == a.st.step {
			l.TextStyle, l.Importance = fyne.TextStyle{Bold: true}, widget.HighImportance
		} else {
			l.Importance = widget.LowImportance
		}
		header.Add(l)
	}
	back := widget.NewButtonWithIcon(tr.T("assistant.back"), theme.NavigateBackIcon(), func() { a.move(-1) })
	if a.st.step == 0 {
		back.SetText(tr.T("assistant.restart"))
		back.OnTapped = func() { a.st.purpose = ""; a.reload() }
	}
	explain := widget.NewButtonWithIcon(tr.T("assistant.explain"), theme.HelpIcon(), a.explainDialog)
	a.next = widget.NewButtonWithIcon(tr.T("assistant.next"), theme.NavigateNextIcon(), func() { a.move(1) })
	a.next.Importance = widget.HighImportance
	a.next.IconPlacement = widget.ButtonIconTrailingText
	skip := widget.NewButton(tr.T("assistant.skip"), func() { a.move(1) })
	if a.st.step == len(list)-1 {
		a.next.Hide()
		skip.Hide()
	}
	footer := container.NewBorder(nil, nil, container.NewHBox(back, explain), container.NewHBox(skip, a.next))
	return container.NewBorder(container.NewVBox(container.NewHScroll(header), widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), container.NewPadded(footer)), nil, nil, list[a.st.step].build(a))
}

// move goes to the previous or next step; running work of the step left is cancelled.
func (a *assistantScreen) move(delta int) {
	a.s.cancelRunning()
	a.st.step += delta
	a.reload()
}

// explainDialog opens the troubleshooting screen over the current step, which stays as it is.
func (a *assistantScreen) explainDialog() {
	tr := a.s.tr
	content := container.NewGridWrap(fyne.NewSize(900, 560), newTroubleshootScreen(a.s))
	dialog.NewCustom(tr.T("assistant.explain"), tr.T("assistant.close"), content, a.s.window).Show()
}

// prepare is what the Microsoft 365 administrator checks or runs first, each with a copy button.
func (a *assistantScreen) prepare() fyne.CanvasObject {
	tr := a.s.tr
	mailbox := orDefault(orDefault(a.s.conntest.user, a.s.signin.sender), "scan@contoso.fr")
	box := container.NewVBox(paragraph(tr.T("assistant.prepare.intro")))
	item := func(textID string, command string) {
		text := paragraph(tr.T(textID, map[string]any{"Mailbox": mailbox}))
		if command == "" {
			box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil, text))
			return
		}
		cmd := widget.NewLabelWithStyle(command, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		cmd.Wrapping = fyne.TextWrapBreak
		copyBtn := widget.NewButtonWithIcon(tr.T("panel.copy"), theme.ContentCopyIcon(), func() { a.s.app.Clipboard().SetContent(command) })
		box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.ConfirmIcon()), nil,
			container.NewVBox(text, container.NewBorder(nil, nil, nil, copyBtn, cmd))))
	}
	if a.st.purpose == signin.PurposeGraph {
		item("assistant.prepare.app", "")
		item("assistant.prepare.public", "")
		item("assistant.prepare.permissions", "")
		item("assistant.prepare.consent", "")
		return container.NewVScroll(container.NewPadded(box))
	}
	item("assistant.prepare.org", "Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled")
	item("assistant.prepare.mailbox", "Get-CASMailbox -Identity "+mailbox+" | Format-List SmtpClientAuthenticationDisabled")
	item("assistant.prepare.enable", "Set-CASMailbox -Identity "+mailbox+" -SmtpClientAuthenticationDisabled $false")
	item("assistant.prepare.portal", "")
	item("assistant.prepare.defaults", "")
	item("assistant.prepare.app_smtp", "")
	return container.NewVScroll(container.NewPadded(box))
}

// configure is the chosen printer's guide with the values filled in (the generic guide, or
// WebTools Express for an external location, when no printer was chosen).
func (a *assistantScreen) configure() fyne.CanvasObject {
	ps := a.s.printers
	p := ps.find(ps.chosen)
	if p == nil {
		p = &defaultPrinter
		if a.st.purpose == signin.PurposeGraph {
			p = &webtoolsPrinter
		}
	}
	v := &printersScreen{s: a.s, st: ps, body: container.NewVBox()}
	objs := v.guideView(*p)[1:] // without "back to the list"
	if p.Address != "" {
		objs = append([]fyne.CanvasObject{container.NewHBox(v.openButton(*p))}, objs...)
	}
	return container.NewVScroll(container.NewPadded(container.NewVBox(objs...)))
}

// summary sums the session up and exports the report.
func (a *assistantScreen) summary() fyne.CanvasObject {
	tr := a.s.tr
	r := a.s.sessionReport()
	var lines [][2]string
	if p := a.s.printers.find(a.s.printers.chosen); p != nil {
		lines = append(lines, [2]string{tr.T("report.chosen_printer"), strings.TrimSpace(p.VendorName + " " + p.Model + " (" + p.Address + ")")})
	}
	if r.TenantID != "" {
		lines = append(lines, [2]string{tr.T("signin.tenant"), r.TenantID})
	}
	if r.SignIn != "" {
		lines = append(lines, [2]string{tr.T("report.signin"), tr.T("signin.status." + r.SignIn)})
	}
	if r.Test != nil {
		lines = append(lines, [2]string{tr.T("assistant.step.test"), tr.T("test.status." + string(r.Test.Status))})
	}
	box := container.NewVBox(paragraph(tr.T("assistant.done.intro")))
	if len(lines) == 0 {
		box.Add(paragraph(tr.T("assistant.done.nothing")))
	}
	for _, l := range lines {
		v := widget.NewLabel(l[1])
		v.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, widget.NewLabelWithStyle(l[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, v))
	}
	export := widget.NewButtonWithIcon(tr.T("assistant.export"), theme.DocumentSaveIcon(), a.exportDialog)
	export.Importance = widget.HighImportance
	box.Add(container.NewHBox(export))
	return container.NewVScroll(container.NewPadded(box))
}

// exportDialog asks where to save the report.
func (a *assistantScreen) exportDialog() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		if err := a.s.writeReport(w); err != nil {
			dialog.ShowError(err, a.s.window)
		}
	}, a.s.window)
	d.SetFileName(fmt.Sprintf("rapport-mfp365-%s.html", time.Now().Format("2006-01-02")))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".html"}))
	d.Show()
}

// writeReport writes the session's report in the window's language.
func (s *shell) writeReport(w io.Writer) error {
	s.knowledge()
	return report.Write(w, s.tr, s.sessionReport())
}

// sessionReport gathers the plain results of every screen; never a token.
func (s *shell) sessionReport() report.Report {
	r := report.Report{When: time.Now(), Chosen: s.printers.chosen, Cloud: s.signin.cloud}
	for _, p := range s.printers.printers {
		r.Printers = append(r.Printers, report.PrinterRow{Address: p.Address, Hostname: p.Hostname, Vendor: p.VendorName,
			Model: p.Model, Serial: p.Serial, AdminURL: p.AdminURL, Sources: p.Sources})
	}
	if o := s.signin.outcome; o != nil {
		r.SignIn, r.Account, r.TenantID = string(o.Status), o.Claims.Account, o.TenantID
	}
	if r.TenantID == "" {
		r.TenantID = strings.TrimSpace(s.signin.tenant)
	}
	if ct := s.conntest; ct.result != nil {
		v := &conntestScreen{s: s, st: ct}
		var panels = v.panels()
		r.Test = &report.Test{Host: orDefault(ct.host, "smtp.office365.com"), Port: portOf(ct.port), User: ct.user, To: ct.to,
			Status: ct.result.Status, Steps: ct.result.Steps, Panels: panels, Transcript: ct.transcript}
	}
	return r
}
