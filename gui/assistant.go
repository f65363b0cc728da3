package gui

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/assistant"
	"mfp365/flows/conntest"
	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/kb"
	"mfp365/report"
)

// assistantScreen is the guided path: a start screen, then the steps with back and next. The
// steps show the other screens, which write what they learn to the session.
type assistantScreen struct {
	s       *shell
	started bool // the purpose was chosen on the start screen (it is the session's)
	step    int
	next    *widget.Button
}

// stepViews draws each step of the guided path (assistant.Steps says which apply). The
// printer, sign-in and test steps are those screens, kept by the shell.
var stepViews = map[assistant.StepID]func(a *assistantScreen) fyne.CanvasObject{
	assistant.StepPrinter:   func(a *assistantScreen) fyne.CanvasObject { return a.s.screen("printers").content() },
	assistant.StepRoute:     (*assistantScreen).routes,
	assistant.StepPrepare:   (*assistantScreen).prepare,
	assistant.StepSignIn:    func(a *assistantScreen) fyne.CanvasObject { return a.s.screen("signin").content() },
	assistant.StepTest:      func(a *assistantScreen) fyne.CanvasObject { return a.s.screen("conntest").content() },
	assistant.StepListen:    func(a *assistantScreen) fyne.CanvasObject { return a.s.screen("listen").content() },
	assistant.StepConfigure: (*assistantScreen).configure,
	assistant.StepDone:      (*assistantScreen).summary,
}

func (a *assistantScreen) content() fyne.CanvasObject {
	a.next = nil
	if !a.started {
		return a.start()
	}
	return a.stepView()
}

func (a *assistantScreen) cancel() {}

// enter goes to the next step, as the Enter key does.
func (a *assistantScreen) enter() {
	if a.next != nil && a.next.Visible() && !a.next.Disabled() {
		a.next.OnTapped()
	}
}

// start asks what the reader wants to do.
func (a *assistantScreen) start() fyne.CanvasObject {
	tr := a.s.tr
	choice := func(titleID, bodyID string, icon fyne.Resource, do func()) fyne.CanvasObject {
		b := widget.NewButtonWithIcon(tr.T(titleID), icon, do)
		b.Importance = widget.HighImportance
		b.Alignment = widget.ButtonAlignLeading
		return widget.NewCard("", "", container.NewVBox(b, paragraph(tr.T(bodyID))))
	}
	begin := func(purpose string) func() {
		return func() {
			a.started, a.step, a.s.session.Purpose = true, 0, purpose
			a.s.redraw()
		}
	}
	title := widget.NewRichText(&widget.TextSegment{Text: tr.T("assistant.question"),
		Style: widget.RichTextStyle{SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}}})
	ready := widget.NewCard("", "", section(tr.T("assistant.ready.title"), bullets([]string{tr.T("assistant.ready.admin"),
		tr.T("assistant.ready.copier"), tr.T("assistant.ready.mailbox"), tr.T("assistant.ready.network")})))
	return container.NewVScroll(container.NewPadded(container.NewVBox(title, paragraph(tr.T("assistant.intro")), ready,
		choice("assistant.start.smtp", "assistant.start.smtp.body", theme.MailSendIcon(), begin(signin.PurposeSMTP)),
		choice("assistant.start.graph", "assistant.start.graph.body", theme.StorageIcon(), begin(signin.PurposeGraph)),
		choice("assistant.start.explain", "assistant.start.explain.body", theme.HelpIcon(), func() { a.s.show("troubleshoot") }),
	)))
}

// stepView is the current step between the step list and the back / next buttons.
func (a *assistantScreen) stepView() fyne.CanvasObject {
	tr, list := a.s.tr, a.s.session.Steps()
	a.step = min(max(a.step, 0), len(list)-1)
	header := container.New(layout.NewRowWrapLayoutWithCustomPadding(0, 0)) // a second line rather than a step hidden
	for i, st := range list {
		header.Add(a.stepTab(i, st))
	}
	back := widget.NewButtonWithIcon(tr.T("assistant.back"), theme.NavigateBackIcon(), func() { a.move(-1) })
	if a.step == 0 {
		back.SetText(tr.T("assistant.restart"))
		back.OnTapped = func() { a.started = false; a.s.redraw() }
	}
	explain := widget.NewButtonWithIcon(tr.T("assistant.explain"), theme.HelpIcon(), a.explainDialog)
	id := list[a.step].ID
	next := widget.NewButtonWithIcon(tr.T("assistant.next"), theme.NavigateNextIcon(), func() { delete(a.s.session.Skipped, id); a.move(1) })
	next.Importance, next.IconPlacement = widget.HighImportance, widget.ButtonIconTrailingText
	skip := widget.NewButton(tr.T("assistant.skip"), func() { a.s.session.Skipped[id] = true; a.move(1) })
	if a.step == len(list)-1 {
		next.Hide()
		skip.Hide()
	}
	body := stepViews[id](a)
	a.next = next
	footer := container.NewBorder(nil, nil, container.NewHBox(back, explain), container.NewHBox(skip, next))
	return container.NewBorder(container.NewVBox(header, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), container.NewPadded(footer)), nil, nil, body)
}

// stepTab is a step in the step bar: the current one stands out, one already passed is a
// link back to it (saying when it was skipped), the next ones are plain.
func (a *assistantScreen) stepTab(i int, st assistant.Step) fyne.CanvasObject {
	tr := a.s.tr
	title := fmt.Sprintf("%d. %s", i+1, tr.T(st.TitleID))
	if i < a.step {
		if a.s.session.Skipped[st.ID] {
			title = tr.T("assistant.step.skipped", map[string]any{"Step": title})
		}
		link := widget.NewHyperlink(title, nil) // as wide as a label: the bar keeps its width
		link.OnTapped = func() { a.move(i - a.step) }
		return link
	}
	l := widget.NewLabel(title)
	l.Importance = widget.LowImportance
	if i == a.step {
		l.TextStyle, l.Importance = fyne.TextStyle{Bold: true}, widget.HighImportance
	}
	return l
}

// move goes to the previous or next step; running work of the step left is cancelled.
func (a *assistantScreen) move(delta int) {
	a.s.cancelRunning()
	a.step += delta
	a.s.redraw()
}

// explainDialog opens the troubleshooting screen over the current step, which stays as it is.
func (a *assistantScreen) explainDialog() {
	tr := a.s.tr
	content := container.NewGridWrap(fyne.NewSize(900, 560), a.s.screen("troubleshoot").content())
	dialog.NewCustom(tr.T("assistant.explain"), tr.T("assistant.close"), content, a.s.window).Show()
}

// prepare is what the Microsoft 365 administrator checks or runs first, from the knowledge
// base's guide, with the sending mailbox asked for here: until it is given, the commands show
// a placeholder and cannot be copied.
func (a *assistantScreen) prepare() fyne.CanvasObject {
	tr, ss := a.s.tr, a.s.session
	if ss.Purpose == signin.PurposeGraph {
		cat, tr := a.s.knowledge()
		g := cat.Guide(ss.PrepareGuide()).Render(tr, kb.GuideData{})
		return container.NewVScroll(container.NewPadded(container.NewVBox(paragraph(g.Intro), numbered(g.Steps))))
	}
	items := container.NewVBox()
	mailbox := boundEntry(&ss.Mailbox, tr.T("mailbox.hint"))
	mailbox.OnChanged = func(text string) { ss.Mailbox = text; a.prepareItems(items) }
	a.prepareItems(items)
	form := widget.NewForm(widget.NewFormItem(tr.T("signin.sender"), mailbox))
	return container.NewVScroll(container.NewPadded(container.NewVBox(form, items)))
}

// prepareItems fills the prepare step's guide with the mailbox typed, or with a placeholder
// while there is no valid one.
func (a *assistantScreen) prepareItems(box *fyne.Container) {
	tr := a.s.tr
	placeholder := tr.T("assistant.mailbox.placeholder")
	mailbox, err := conntest.Mailbox(a.s.session.Mailbox)
	problem := ""
	switch {
	case mailbox == "" && err == nil:
		problem = tr.T("assistant.mailbox.missing")
	case err != nil:
		problem = refusal(tr, err, func(string) string { return "signin.sender" })
	}
	cat, tr := a.s.knowledge()
	key := a.s.session.PrepareGuide()
	domainMissing, ipMissing := tr.T("assistant.domain.placeholder"), tr.T("assistant.ip.placeholder")
	_, domain, _ := strings.Cut(mailbox, "@")
	g := cat.Guide(key).Render(tr, kb.GuideData{User: mailbox, Missing: placeholder, Domain: domain,
		MissingDomain: domainMissing, MissingIP: ipMissing})
	objs := []fyne.CanvasObject{}
	if problem != "" {
		l := paragraph(problem)
		l.Importance = widget.WarningImportance
		objs = append(objs, l)
	}
	objs = append(objs, paragraph(g.Intro))
	for i, text := range g.Steps {
		item := []fyne.CanvasObject{paragraph(text)}
		if cmd := g.Commands[i]; cmd != "" {
			item = append(item, a.command(cmd, !strings.Contains(cmd, placeholder) && !strings.Contains(cmd, domainMissing)))
		}
		objs = append(objs, container.NewBorder(nil, nil, container.NewVBox(a.prepareCheck(key, i)), nil, container.NewVBox(item...)))
	}
	if len(g.Notes) > 0 {
		objs = append(objs, section(tr.T("printers.notes"), numbered(g.Notes)))
	}
	box.Objects = objs
	box.Refresh()
}

// prepareCheck is the box the admin ticks once step i of the guide is done: kept in the
// session, counted in the report.
func (a *assistantScreen) prepareCheck(guide string, i int) *widget.Check {
	ss := a.s.session
	k := assistant.PreparedItem{Guide: guide, Step: i}
	done := widget.NewCheck(fmt.Sprintf("%d.", i+1), nil)
	done.SetChecked(ss.Prepared[k])
	done.OnChanged = func(on bool) {
		if on {
			ss.Prepared[k] = true
		} else {
			delete(ss.Prepared, k)
		}
	}
	return done
}

// routes shows the chosen printer's readiness and the five routes side by side, the one the
// readiness table recommends marked, to choose how the printer will send.
func (a *assistantScreen) routes() fyne.CanvasObject {
	cat, tr := a.s.knowledge()
	ss := a.s.session
	box := container.NewVBox()
	if p := ss.ChosenPrinter(); p != nil {
		name := strings.TrimSpace(p.VendorName + " " + p.Model)
		box.Add(section(tr.T("assistant.route.printer", map[string]any{"Printer": name}), readinessBadge(tr, *p)))
		if p.Readiness.Source != "" {
			l := paragraph(tr.T("assistant.route.source", map[string]any{"Source": p.Readiness.Source}))
			l.Importance = widget.LowImportance
			box.Add(l)
		}
	} else {
		box.Add(paragraph(tr.T("assistant.route.no_printer")))
	}
	g := cat.Guide("routes").Render(tr, kb.GuideData{})
	box.Add(paragraph(g.Intro))
	for i, route := range conntest.Routes {
		if i < len(g.Steps) {
			box.Add(a.routeCard(route, g.Steps[i], route == ss.RecommendedRoute()))
		}
	}
	for _, n := range g.Notes {
		box.Add(paragraph(n))
	}
	return container.NewVScroll(container.NewPadded(box))
}

// routeCard is one route: its name, what it needs and allows, and the button that chooses it.
func (a *assistantScreen) routeCard(route conntest.Route, text string, recommended bool) fyne.CanvasObject {
	tr, ss := a.s.tr, a.s.session
	title := tr.T("route." + string(route))
	if recommended {
		title += " — " + tr.T("assistant.route.recommended")
	}
	choose := widget.NewButtonWithIcon(tr.T("assistant.route.choose"), theme.RadioButtonIcon(), func() {
		ss.ChooseRoute(route)
		a.s.redraw()
	})
	if ss.Route == route {
		choose.SetText(tr.T("assistant.route.chosen"))
		choose.SetIcon(theme.RadioButtonCheckedIcon())
		choose.Importance = widget.HighImportance
	}
	name := paragraph(title)
	name.TextStyle = fyne.TextStyle{Bold: true}
	return widget.NewCard("", "", container.NewBorder(nil, nil, nil, container.NewVBox(choose), container.NewVBox(name, paragraph(text))))
}

// command is a PowerShell line with its copy button, disabled while it holds a placeholder.
func (a *assistantScreen) command(cmd string, complete bool) fyne.CanvasObject {
	l := paragraph(cmd)
	l.TextStyle = fyne.TextStyle{Monospace: true}
	copyBtn := widget.NewButtonWithIcon(a.s.tr.T("panel.copy"), theme.ContentCopyIcon(), func() { a.s.app.Clipboard().SetContent(cmd) })
	enableIf(copyBtn, complete)
	return container.NewBorder(nil, nil, nil, copyBtn, l)
}

// configure is the chosen printer's guide with the values filled in (the generic guide, or
// WebTools Express for an external location, when no printer was chosen).
func (a *assistantScreen) configure() fyne.CanvasObject {
	p := a.s.session.GuidePrinter()
	objs := guideView(a.s, p)
	if p.Address != "" {
		objs = append([]fyne.CanvasObject{container.NewHBox(openAdminButton(a.s, p))}, objs...)
	}
	return container.NewVScroll(container.NewPadded(container.NewVBox(objs...)))
}

// summary sums the session up and exports the report.
func (a *assistantScreen) summary() fyne.CanvasObject {
	cat, tr := a.s.knowledge()
	v := a.s.session.Summary(cat)
	lines := [][2]string{{tr.T("report.chosen_printer"), v.Printer}, {tr.T("signin.tenant"), v.Tenant}}
	if v.SignIn != "" {
		lines = append(lines, [2]string{tr.T("report.signin"), tr.T("signin.status." + string(v.SignIn))})
	}
	if v.Test != "" {
		lines = append(lines, [2]string{tr.T("assistant.step.test"), tr.T("test.status." + string(v.Test))})
	}
	if v.Listened > 0 {
		lines = append(lines, [2]string{tr.T("assistant.step.listen"), tr.N("listen.count", v.Listened, nil)})
	}
	if len(v.Skipped) > 0 {
		lines = append(lines, [2]string{tr.T("report.skipped"), report.Titles(tr, v.Skipped)})
	}
	box := container.NewVBox(verdictLine(tr, v.Verdict)...)
	box.Add(paragraph(tr.T("assistant.done.intro")))
	facts := factsGrid(lines, false)
	if len(facts.Objects) == 0 {
		box.Add(paragraph(tr.T("assistant.done.nothing")))
	}
	box.Add(facts)
	for _, w := range v.Warnings { // a sign-in that works now and will fail for the printer
		box.Add(warningLine(report.WarningText(tr, w, v.Account)))
	}
	box.Add(section(tr.T("assistant.next_title"), numbered(nextSteps(tr, a.s.session.Purpose, v.Verdict))))
	export := widget.NewButtonWithIcon(tr.T("assistant.export"), theme.DocumentSaveIcon(), a.exportDialog)
	export.Importance = widget.HighImportance
	another := widget.NewButtonWithIcon(tr.T("assistant.another"), theme.ContentAddIcon(), a.anotherPrinter)
	closeBtn := widget.NewButtonWithIcon(tr.T("assistant.close_window"), theme.CancelIcon(), a.s.window.Close)
	box.Add(container.NewHBox(export, another, closeBtn))
	return container.NewVScroll(container.NewPadded(box))
}

// nextSteps are what to do once the path is walked, for the purpose and the verdict: what
// blocks comes first, then the scan that proves it, the report, another printer.
func nextSteps(tr *i18n.Translator, purpose string, v report.Verdict) []string {
	scan := tr.T("assistant.next.scan")
	if purpose == signin.PurposeGraph {
		scan = tr.T("assistant.next.scan.graph")
	}
	steps := []string{scan, tr.T("assistant.next.report"), tr.T("assistant.next.other")}
	if v == report.VerdictNotReady {
		steps = append([]string{tr.T("assistant.next.fix")}, steps...)
	}
	return steps
}

// configurePrinter starts the scan-to-e-mail path for a printer chosen on the Imprimantes
// screen, at the step after the choice of a printer.
func (a *assistantScreen) configurePrinter(address string) {
	a.s.session.Chosen, a.s.session.Purpose = address, signin.PurposeSMTP
	a.started, a.step = true, 1
	a.s.show("assistant")
}

// anotherPrinter starts the guided path again for another printer (see Session.AnotherPrinter).
func (a *assistantScreen) anotherPrinter() {
	a.s.session.AnotherPrinter()
	a.step = 0
	a.s.redraw()
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
			return
		}
		dialog.ShowInformation(a.s.tr.T("assistant.saved.title"), a.s.tr.T("assistant.saved", map[string]any{"Path": w.URI().Path()}), a.s.window)
	}, a.s.window)
	d.SetFileName(fmt.Sprintf("rapport-mfp365-%s.html", a.s.seams.now().Format("2006-01-02")))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".html"}))
	d.Show()
}

// writeReport writes the session's report in the window's language.
func (s *shell) writeReport(w io.Writer) error {
	cat, tr := s.knowledge()
	return report.Write(w, tr, cat, s.session.Report(cat, s.seams.now()))
}
