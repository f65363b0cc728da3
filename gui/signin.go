package gui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/checks"
	"mfp365/flows/signin"
	"mfp365/i18n"
	"mfp365/kb"
	"mfp365/report"
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
	ticking     chan struct{} // closed to stop the countdown drawn last

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
	if !v.modeChosen && v.s.session.VendorSignsIn() {
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
		if c.Name == ss.Cloud {
			selected = i
		}
	}
	cloud := widget.NewSelect(clouds, nil)
	cloud.SetSelectedIndex(selected)
	cloud.OnChanged = func(string) { ss.Cloud = checks.Clouds[cloud.SelectedIndex()].Name; v.refresh() }
	tenant := boundEntry(&ss.Tenant, "contoso.onmicrosoft.com")
	client := boundEntry(&ss.ClientID, "00001111-aaaa-2222-bbbb-3333cccc4444")
	sender := boundEntry(&ss.Mailbox, tr.T("signin.sender.hint"))
	purposes := []string{tr.T("signin.purpose.smtp"), tr.T("signin.purpose.graph")}
	purpose := widget.NewRadioGroup(purposes, nil)
	purpose.Horizontal, purpose.Required = true, true
	purpose.SetSelected(purposes[0])
	if ss.Purpose == signin.PurposeGraph {
		purpose.SetSelected(purposes[1])
	}
	purpose.OnChanged = func(p string) {
		ss.Purpose = signin.PurposeSMTP
		if p == purposes[1] {
			ss.Purpose = signin.PurposeGraph
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

// run starts the sign-in off the UI goroutine; events and the outcome update the screen.
func (v *signinScreen) run() {
	ss := v.s.session
	if v.running || v.printerMode {
		return
	}
	ss.DropToken()
	ss.SignIn = nil
	ctx, stop := context.WithCancel(context.Background())
	v.running, v.stop, v.code, v.stage = true, stop, nil, signin.StageTenant
	cfg := signin.Config{Cloud: ss.Cloud, Tenant: ss.Tenant, ClientID: ss.ClientID, Purpose: ss.Purpose,
		Sender: strings.TrimSpace(ss.Mailbox), Lang: v.s.tr.Lang, Authority: v.s.seams.authority, GraphURL: v.s.seams.graphURL}
	v.refresh()
	backgroundWithProgress(v.s, func(report func(func())) *signin.Outcome {
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
		ss.SignedIn(out)
		v.refresh()
		reveal(v.page, v.body)
	})
}

// refresh redraws the state area.
func (v *signinScreen) refresh() {
	if v.body == nil {
		return
	}
	if v.ticking != nil {
		close(v.ticking)
		v.ticking = nil
	}
	out := v.s.session.SignIn
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
	v.ticking = make(chan struct{})
	left := countdown(v.s, "signin.expires_in", c.Expires, v.ticking)
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
	status := paragraph(tr.T("signin.status." + string(out.Verdict())))
	status.TextStyle = fyne.TextStyle{Bold: true}
	objs := []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(statusIcon(out)), nil, status)}
	for _, w := range out.Warnings { // right under the status, which points to them
		objs = append(objs, warningLine(report.WarningText(tr, w, out.Claims.Account)))
	}
	if out.Status == signin.StatusOK {
		objs = append(objs, accountCard(tr, out))
	}
	if out.OtherCloud != "" {
		objs = append(objs, paragraph(tr.T("signin.other_cloud", map[string]any{"Cloud": tr.T("cloud." + out.OtherCloud)})))
	}
	switch {
	case out.Step == signin.StepInput && out.Answer == "": // a value refused offline that Microsoft has no code for
		l := paragraph(refusal(tr, out.Err, signinLabel))
		l.Importance = widget.DangerImportance
		objs = append(objs, l)
	case out.Answer == "" && out.Err != nil && out.Status == signin.StatusError && out.OtherCloud == "":
		objs = append(objs, paragraph(tr.T("signin.network", map[string]any{"Error": reasonText(tr, out.Reason)})),
			rawDetails(tr, v.s.app.Clipboard(), out.Err.Error()))
	}
	known := kb.Details{TenantID: ss.Tenant, ClientID: ss.ClientID, User: ss.Mailbox}
	cat, tr := v.s.knowledge()
	for _, p := range cat.Explain(tr, known, kb.SaidByMicrosoft, out.Answer).Panels {
		objs = append(objs, newPanelView(tr, v.s.app.Clipboard(), p))
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

// signinLabel is the message that names the form's field of an input error's field.
func signinLabel(field string) string {
	if field == "scope" {
		return "signin.purpose"
	}
	return "signin." + field
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
func accountCard(tr *i18n.Translator, out *signin.Outcome) fyne.CanvasObject {
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
	grid := factsGrid(lines, true)
	note := paragraph(tr.T("signin.unverified"))
	note.Importance = widget.LowImportance
	return widget.NewCard("", tr.T("signin.token_title"), container.NewVBox(grid, note))
}

// printerGuide walks the admin through the printer's own sign-in: the page of the chosen
// cloud, then the vendor's screens, from the knowledge base's guides.
func (v *signinScreen) printerGuide() []fyne.CanvasObject {
	cat, tr := v.s.knowledge()
	ss := v.s.session
	login := signin.DeviceLoginURL(ss.Cloud)
	open := widget.NewButtonWithIcon(tr.T("signin.printer.open", map[string]any{"URL": login}), theme.ComputerIcon(), func() { openURL(v.s, login) })
	open.Importance = widget.HighImportance
	var objs []fyne.CanvasObject
	p := ss.Printer(ss.Chosen)
	if p != nil && ss.VendorSignsIn() {
		name := strings.TrimSpace(p.VendorName + " " + p.Model)
		listen := widget.NewButtonWithIcon(tr.T("nav.listen"), theme.MailReplyIcon(), func() { v.s.show("listen") })
		objs = append(objs, widget.NewCard("", "", container.NewVBox(
			paragraph(tr.T("signin.vendor_app", map[string]any{"Printer": name, "Vendor": p.VendorName})),
			paragraph(tr.T("signin.vendor_app.listen")), container.NewHBox(listen))))
	}
	tabs := container.NewAppTabs()
	for _, vendor := range []string{"epson", "nashuatec"} {
		g := cat.Guide("signin-"+vendor).Render(tr, kb.GuideData{DeviceLogin: login, User: strings.TrimSpace(ss.Mailbox)})
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
