package gui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/checks"
	"mfp365/flows/discovery"
	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/kb"
)

// signinScreen is "Connexion Microsoft 365": the same device code sign-in as the printer.
// What is typed and the outcome are the session's; the screen keeps the sign-in under way.
type signinScreen struct {
	s           *shell
	printerMode bool // the printer shows its own code: a guide instead of the form
	modeChosen  bool // the person chose the mode: the chosen printer no longer decides it
	running     bool
	stage       signin.Stage
	code        *signin.DeviceCode
	stop        context.CancelFunc
	countdown   chan struct{} // closed to stop the countdown

	body    *fyne.Container   // the state area below the form
	page    *container.Scroll // the form and the state area, scrolling as one
	details fyne.CanvasObject // the fields the printer-code guide does not need
	start   *widget.Button
}

func (v *signinScreen) content() fyne.CanvasObject {
	tr := v.s.tr
	v.body = container.NewVBox()
	mode := widget.NewRadioGroup([]string{tr.T("signin.mode.app"), tr.T("signin.mode.printer")}, nil)
	mode.Horizontal, mode.Required = true, true
	mode.SetSelected(mode.Options[0])
	if p := v.s.session.printer(v.s.session.chosen); p != nil && !v.modeChosen && vendorSignsIn(*p) {
		v.printerMode = true
	}
	if v.printerMode {
		mode.SetSelected(mode.Options[1])
	}
	form := v.form()
	mode.OnChanged = func(choice string) {
		v.printerMode, v.modeChosen = choice == mode.Options[1], true
		v.refresh()
	}
	top := container.NewVBox(paragraph(tr.T("signin.intro")), mode, form)
	v.refresh()
	v.page = formPage(top, v.body)
	return v.page
}

func (v *signinScreen) cancel() {
	if v.stop != nil {
		v.stop()
	}
}

// form is the cloud, tenant, application, purpose and mailbox fields, and the start button.
func (v *signinScreen) form() fyne.CanvasObject {
	tr, ss := v.s.tr, v.s.session
	clouds := make([]string, len(checks.Clouds))
	selected := 0
	for i, c := range checks.Clouds {
		clouds[i] = tr.T("cloud." + c.Name)
		if c.Name == ss.cloud {
			selected = i
		}
	}
	cloud := widget.NewSelect(clouds, nil)
	cloud.SetSelectedIndex(selected)
	cloud.OnChanged = func(string) { ss.cloud = checks.Clouds[cloud.SelectedIndex()].Name; v.refresh() }
	tenant := boundEntry(&ss.tenant, "contoso.onmicrosoft.com")
	client := boundEntry(&ss.clientID, "00001111-aaaa-2222-bbbb-3333cccc4444")
	sender := boundEntry(&ss.mailbox, tr.T("signin.sender.hint"))
	purposes := []string{tr.T("signin.purpose.smtp"), tr.T("signin.purpose.graph")}
	purpose := widget.NewRadioGroup(purposes, nil)
	purpose.Horizontal, purpose.Required = true, true
	purpose.SetSelected(purposes[0])
	if ss.purpose == signin.PurposeGraph {
		purpose.SetSelected(purposes[1])
	}
	purpose.OnChanged = func(p string) {
		ss.purpose = signin.PurposeSMTP
		if p == purposes[1] {
			ss.purpose = signin.PurposeGraph
		}
	}
	v.start = widget.NewButtonWithIcon(tr.T("signin.start"), theme.LoginIcon(), v.run)
	v.start.Importance = widget.HighImportance
	tenant.OnSubmitted = func(string) { v.run() }
	client.OnSubmitted = func(string) { v.run() }
	v.details = container.NewVBox(widget.NewForm(
		widget.NewFormItem(tr.T("signin.tenant"), tenant),
		widget.NewFormItem(tr.T("signin.client_id"), client),
		widget.NewFormItem(tr.T("signin.purpose"), purpose),
		widget.NewFormItem(tr.T("signin.sender"), sender),
	), v.clientIDHelp(), container.NewHBox(v.start))
	return container.NewVBox(widget.NewForm(widget.NewFormItem(tr.T("signin.cloud"), cloud)), v.details)
}

// clientIDHelp says, folded, where the Microsoft 365 administrator finds the application's ID.
func (v *signinScreen) clientIDHelp() fyne.CanvasObject {
	cat, tr := v.s.knowledge()
	g := cat.Guide("signin-client-id").Render(tr, kb.GuideData{})
	return widget.NewAccordion(widget.NewAccordionItem(g.Title, container.NewVBox(paragraph(g.Intro), numbered(g.Steps))))
}

// vendorSignsIn is whether the printer signs in with its vendor's own application, as the
// readiness table says: it shows its own code, and there is no application ID to find.
func vendorSignsIn(p discovery.Printer) bool {
	return p.Readiness.SignIn == "device-code" || p.Readiness.SignIn == "vendor-app"
}

// boundEntry is an entry whose text is kept in *value.
func boundEntry(value *string, placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.SetText(*value)
	e.OnChanged = func(s string) { *value = s }
	return e
}

// run starts the sign-in off the UI goroutine; events and the outcome update the screen.
func (v *signinScreen) run() {
	ss := v.s.session
	if v.running || v.printerMode {
		return
	}
	ss.dropToken()
	ss.signin = nil
	ctx, stop := context.WithCancel(context.Background())
	v.running, v.stop, v.code, v.stage = true, stop, nil, signin.StageTenant
	cfg := signin.Config{Cloud: ss.cloud, Tenant: ss.tenant, ClientID: ss.clientID, Purpose: ss.purpose,
		Sender: strings.TrimSpace(ss.mailbox), Lang: v.s.tr.Lang, Authority: v.s.fakes.authority, GraphURL: v.s.fakes.graphURL}
	v.refresh()
	backgroundWithProgress(func(report func(func())) *signin.Outcome {
		return signin.Run(ctx, cfg, func(e signin.Event) {
			report(func() {
				v.stage = e.Stage
				if e.Code != nil {
					v.code = e.Code
				}
				v.refresh()
				if e.Code != nil {
					reveal(v.page, v.body)
				}
			})
		})
	}, func(out *signin.Outcome) {
		stop()
		v.running, v.stop = false, nil
		ss.signedIn(out)
		v.refresh()
		reveal(v.page, v.body)
	})
}

// refresh redraws the state area.
func (v *signinScreen) refresh() {
	if v.body == nil {
		return
	}
	if v.countdown != nil && (v.code == nil || !v.running) {
		close(v.countdown)
		v.countdown = nil
	}
	out := v.s.session.signin
	var objs []fyne.CanvasObject
	switch {
	case v.printerMode:
		objs = v.printerGuide()
	case v.running && v.code != nil && v.stage == signin.StageWaiting:
		objs = v.codeView()
	case v.running:
		objs = []fyne.CanvasObject{progressRow(v.s.tr, v.s.tr.T("signin.stage."+string(v.stage)), v.cancel)}
	case out != nil:
		objs = v.outcomeView(out)
	default:
		objs = []fyne.CanvasObject{paragraph(v.s.tr.T("signin.idle"))}
	}
	enableIf(v.start, !v.running)
	if v.printerMode {
		v.details.Hide()
	} else {
		v.details.Show()
	}
	v.s.showBody(v.body, objs)
}

// codeView shows the code large, copied to the clipboard, the button that opens Microsoft's
// page, the countdown and Microsoft's own message.
func (v *signinScreen) codeView() []fyne.CanvasObject {
	tr, c := v.s.tr, v.code
	v.s.app.Clipboard().SetContent(c.UserCode)
	code := canvas.NewText(c.UserCode, theme.Color(theme.ColorNamePrimary))
	code.TextSize = 42
	code.TextStyle = fyne.TextStyle{Monospace: true}
	code.Alignment = fyne.TextAlignCenter
	left := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	tick := func() {
		remain := time.Until(c.Expires).Round(time.Second)
		left.SetText(tr.T("signin.expires_in", map[string]any{"Time": fmt.Sprintf("%d:%02d", int(remain.Minutes()), int(remain.Seconds())%60)}))
	}
	tick()
	if v.countdown == nil {
		v.countdown = make(chan struct{})
		repeat(time.Second, v.countdown, func() {
			if v.code == c && v.running {
				tick()
			}
		})
	}
	open := widget.NewButtonWithIcon(tr.T("signin.open"), theme.ComputerIcon(), func() { openURL(v.s, c.VerificationURI) })
	open.Importance = widget.HighImportance
	copyBtn := widget.NewButtonWithIcon(tr.T("signin.copy_code"), theme.ContentCopyIcon(), func() { v.s.app.Clipboard().SetContent(c.UserCode) })
	cancel := widget.NewButtonWithIcon(tr.T("signin.cancel"), theme.CancelIcon(), v.cancel)
	msg := paragraph(c.Message)
	msg.TextStyle = fyne.TextStyle{Italic: true}
	main := container.NewVBox(code, left, container.NewCenter(container.NewHBox(open, copyBtn, cancel)))
	return []fyne.CanvasObject{
		widget.NewCard("", tr.T("signin.code_title"), container.NewVBox( // what to do first, then the code
			paragraph(tr.T("signin.code_steps", map[string]any{"URL": c.VerificationURI})), withQR(tr, main, c.VerificationURI), msg)),
	}
}

// outcomeView shows the result: the account and its warnings, or what went wrong.
func (v *signinScreen) outcomeView(out *signin.Outcome) []fyne.CanvasObject {
	tr, ss := v.s.tr, v.s.session
	status := paragraph(tr.T("signin.status." + signinStatus(out)))
	status.TextStyle = fyne.TextStyle{Bold: true}
	objs := []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(statusIcon(out)), nil, status)}
	for _, w := range out.Warnings { // right under the status, which points to them
		l := paragraph(tr.T("signin.warn."+string(w), map[string]any{"Account": out.Claims.Account}))
		l.Importance = widget.WarningImportance
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil, l))
	}
	if out.Status == signin.StatusOK {
		objs = append(objs, accountCard(v.s, out))
	}
	if out.OtherCloud != "" {
		objs = append(objs, paragraph(tr.T("signin.other_cloud", map[string]any{"Cloud": tr.T("cloud." + out.OtherCloud)})))
	}
	if out.Answer == "" && out.Err != nil && out.Status == signin.StatusError && out.OtherCloud == "" {
		objs = append(objs, paragraph(tr.T("signin.network", map[string]any{"Error": errorSummary(tr, out.Err)})),
			rawDetails(v.s, out.Err.Error()))
	}
	known := kb.Details{TenantID: ss.tenant, ClientID: ss.clientID, User: ss.mailbox}
	cat, tr := v.s.knowledge()
	for _, p := range cat.Explain(tr, known, kb.SaidByMicrosoft, out.Answer).Panels {
		objs = append(objs, newPanelView(tr, p))
	}
	if out.Status != signin.StatusOK {
		again := tr.T("signin.new_code")
		if out.Answer == "" && out.Err != nil { // Microsoft was not reached: no code was the problem
			again = tr.T("signin.retry")
		}
		objs = append(objs, container.NewHBox(widget.NewButtonWithIcon(again, theme.ViewRefreshIcon(), v.run)))
	}
	return objs
}

// signinStatus is the outcome as people read it: a sign-in that works now but will fail for
// the printer (its warnings) is not a plain success.
func signinStatus(out *signin.Outcome) string {
	if out.Status == signin.StatusOK && len(out.Warnings) > 0 {
		return "ok_warnings"
	}
	return string(out.Status)
}

func statusIcon(out *signin.Outcome) fyne.Resource {
	switch {
	case out.Status == signin.StatusOK && len(out.Warnings) > 0:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	}
	switch out.Status {
	case signin.StatusOK:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case signin.StatusCancelled, signin.StatusExpired:
		return theme.InfoIcon()
	default:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	}
}

// accountCard lists what the token says (its signature is not verified) and Graph's answers.
func accountCard(s *shell, out *signin.Outcome) fyne.CanvasObject {
	tr := s.tr
	lines := [][2]string{
		{tr.T("signin.account"), out.Claims.Account},
		{tr.T("signin.scopes"), strings.Join(out.Claims.Scopes, " ")},
		{tr.T("signin.audience"), out.Claims.Audience},
		{tr.T("detail.tenant_id"), out.Claims.TenantID},
	}
	if !out.Claims.Expires.IsZero() {
		lines = append(lines, [2]string{tr.T("signin.expires"), tr.When(out.Claims.Expires.Local())})
	}
	for _, g := range out.Graph {
		lines = append(lines, [2]string{"Microsoft Graph " + g.Path, fmt.Sprintf("%d", g.Status)})
	}
	grid := container.New(layout.NewFormLayout())
	for _, l := range lines {
		if l[1] == "" {
			continue
		}
		grid.Add(widget.NewLabelWithStyle(l[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		grid.Add(&widget.Label{Text: l[1], Selectable: true, Wrapping: fyne.TextWrapWord})
	}
	note := paragraph(tr.T("signin.unverified"))
	note.Importance = widget.LowImportance
	return widget.NewCard("", tr.T("signin.token_title"), container.NewVBox(grid, note))
}

// printerGuide walks the admin through the printer's own sign-in: the page of the chosen
// cloud, then the vendor's screens, from the knowledge base's guides.
func (v *signinScreen) printerGuide() []fyne.CanvasObject {
	cat, tr := v.s.knowledge()
	ss := v.s.session
	login := signin.DeviceLoginURL(ss.cloud)
	open := widget.NewButtonWithIcon(tr.T("signin.printer.open", map[string]any{"URL": login}), theme.ComputerIcon(), func() { openURL(v.s, login) })
	open.Importance = widget.HighImportance
	var objs []fyne.CanvasObject
	p := ss.printer(ss.chosen)
	if p != nil && vendorSignsIn(*p) {
		name := strings.TrimSpace(p.VendorName + " " + p.Model)
		listen := widget.NewButtonWithIcon(tr.T("nav.listen"), theme.MailReplyIcon(), func() { v.s.show("listen") })
		objs = append(objs, widget.NewCard("", "", container.NewVBox(
			paragraph(tr.T("signin.vendor_app", map[string]any{"Printer": name, "Vendor": p.VendorName})),
			paragraph(tr.T("signin.vendor_app.listen")), container.NewHBox(listen))))
	}
	tabs := container.NewAppTabs()
	for _, vendor := range []string{"epson", "nashuatec"} {
		g := cat.Guide("signin-"+vendor).Render(tr, kb.GuideData{DeviceLogin: login, User: strings.TrimSpace(ss.mailbox)})
		steps := []fyne.CanvasObject{paragraph(g.Intro), numbered(g.Steps)}
		if len(g.Notes) > 0 {
			steps = append(steps, section(tr.T("printers.notes"), numbered(g.Notes)))
		}
		tabs.Append(container.NewTabItem(tr.T("vendor."+vendor), container.NewVBox(steps...)))
		if p != nil && p.Guide == vendor {
			tabs.SelectIndex(len(tabs.Items) - 1)
		}
	}
	return append(objs, paragraph(tr.T("signin.printer.intro")), withQR(tr, container.NewHBox(open), login), tabs)
}

// withQR puts the QR code of the page where the code is typed beside obj, with a line saying
// what it is for: the admin at the copier opens the page on a phone.
func withQR(tr *i18n.Translator, obj fyne.CanvasObject, address string) fyne.CanvasObject {
	qr := qrImage(address)
	if qr == nil {
		return obj
	}
	caption := paragraph(tr.T("signin.qr"))
	caption.Alignment = fyne.TextAlignCenter
	side := container.NewGridWrap(fyne.NewSize(qrSize+40, qrSize+70), container.NewBorder(nil, caption, nil, nil, qr))
	return container.NewBorder(nil, nil, nil, side, container.NewCenter(obj))
}
