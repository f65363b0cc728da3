package gui

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/checks"
	"mfp365/flows/signin"
	"mfp365/kb"
)

// signinState is what the sign-in screen keeps across language changes. The outcome holds
// the token in memory; forget drops it when the screen or the window closes.
type signinState struct {
	cloud, tenant, clientID, purpose, sender string
	printerMode                              bool

	running bool
	stage   signin.Stage
	code    *signin.DeviceCode
	outcome *signin.Outcome
	cancel  context.CancelFunc
	stop    chan struct{} // stops the countdown

	authority, graphURL string // test seams: the fake Microsoft
	onChange            func() // test seam: called after each update of the screen
	view                *signinScreen
}

// forget cancels a running sign-in and drops the token (leaving the sign-in and test screens,
// closing the window).
func (st *signinState) forget() {
	if st.cancel != nil {
		st.cancel()
	}
	if st.outcome != nil {
		st.outcome.Token = nil
	}
}

// signinScreen is "Connexion Microsoft 365": the same device code sign-in as the printer.
type signinScreen struct {
	s       *shell
	st      *signinState
	body    *fyne.Container   // the state area below the form
	details fyne.CanvasObject // the fields the printer-code guide does not need
	start   *widget.Button
}

func newSigninScreen(s *shell) fyne.CanvasObject {
	st := s.signin
	v := &signinScreen{s: s, st: st, body: container.NewVBox()}
	st.view = v
	tr := s.tr
	intro := widget.NewLabel(tr.T("signin.intro"))
	intro.Wrapping = fyne.TextWrapWord
	mode := widget.NewRadioGroup([]string{tr.T("signin.mode.app"), tr.T("signin.mode.printer")}, nil)
	mode.Horizontal = true
	mode.Required = true
	if st.printerMode {
		mode.SetSelected(mode.Options[1])
	} else {
		mode.SetSelected(mode.Options[0])
	}
	form := v.form()
	mode.OnChanged = func(choice string) {
		st.printerMode = choice == mode.Options[1]
		v.refresh()
	}
	top := container.NewVBox(intro, mode, form)
	v.refresh()
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(v.body)))
}

// form is the cloud, tenant, application, purpose and sender fields, and the start button.
func (v *signinScreen) form() fyne.CanvasObject {
	tr, st := v.s.tr, v.st
	clouds := make([]string, len(checks.Clouds))
	for i, c := range checks.Clouds {
		clouds[i] = tr.T("cloud." + c.Name)
	}
	cloud := widget.NewSelect(clouds, nil)
	cloud.SetSelectedIndex(max(0, cloudIndex(st.cloud)))
	cloud.OnChanged = func(string) { st.cloud = checks.Clouds[cloud.SelectedIndex()].Name; v.refresh() }
	tenant := boundEntry(&st.tenant, "contoso.onmicrosoft.com")
	client := boundEntry(&st.clientID, "00001111-aaaa-2222-bbbb-3333cccc4444")
	sender := boundEntry(&st.sender, tr.T("signin.sender.hint"))
	purposes := []string{tr.T("signin.purpose.smtp"), tr.T("signin.purpose.graph")}
	purpose := widget.NewRadioGroup(purposes, nil)
	purpose.Horizontal, purpose.Required = true, true
	if st.purpose == signin.PurposeGraph {
		purpose.SetSelected(purposes[1])
	} else {
		purpose.SetSelected(purposes[0])
	}
	purpose.OnChanged = func(p string) {
		st.purpose = signin.PurposeSMTP
		if p == purposes[1] {
			st.purpose = signin.PurposeGraph
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
	), container.NewHBox(v.start))
	return container.NewVBox(widget.NewForm(widget.NewFormItem(tr.T("signin.cloud"), cloud)), v.details)
}

func cloudIndex(name string) int {
	for i, c := range checks.Clouds {
		if c.Name == name {
			return i
		}
	}
	return -1
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
	st := v.st
	if st.running || st.printerMode {
		return
	}
	st.forget()
	ctx, cancel := context.WithCancel(context.Background())
	st.running, st.cancel, st.code, st.outcome, st.stage = true, cancel, nil, nil, signin.StageTenant
	cfg := signin.Config{Cloud: st.cloud, Tenant: st.tenant, ClientID: st.clientID, Purpose: st.purpose,
		Sender: st.sender, Lang: v.s.tr.Lang, Authority: st.authority, GraphURL: st.graphURL}
	v.refresh()
	backgroundWithProgress(func(report func(func())) *signin.Outcome {
		return signin.Run(ctx, cfg, func(e signin.Event) {
			report(func() { st.stage = e.Stage; st.code = orCode(e.Code, st.code); st.view.refresh() })
		})
	}, func(out *signin.Outcome) {
		cancel()
		st.running, st.cancel, st.outcome = false, nil, out
		st.view.refresh()
	})
}

func orCode(c, old *signin.DeviceCode) *signin.DeviceCode {
	if c != nil {
		return c
	}
	return old
}

// refresh redraws the state area from the state.
func (v *signinScreen) refresh() {
	st := v.st
	if st.stop != nil && (st.code == nil || !st.running) {
		close(st.stop)
		st.stop = nil
	}
	var objs []fyne.CanvasObject
	switch {
	case st.printerMode:
		objs = v.printerGuide()
	case st.running && st.code != nil && st.stage == signin.StageWaiting:
		objs = v.codeView()
	case st.running:
		objs = []fyne.CanvasObject{progressRow(v.s.tr, v.s.tr.T("signin.stage."+string(st.stage)), st.forget)}
	case st.outcome != nil:
		objs = v.outcomeView()
	default:
		hint := widget.NewLabel(v.s.tr.T("signin.idle"))
		hint.Wrapping = fyne.TextWrapWord
		objs = []fyne.CanvasObject{hint}
	}
	if v.start != nil {
		enableIf(v.start, !st.running)
		if st.printerMode {
			v.details.Hide()
		} else {
			v.details.Show()
		}
	}
	showBody(v.body, objs, st.onChange)
}

// codeView shows the code large, copied to the clipboard, the button that opens Microsoft's
// page, the countdown and Microsoft's own message.
func (v *signinScreen) codeView() []fyne.CanvasObject {
	tr, st, c := v.s.tr, v.st, v.st.code
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
	if st.stop == nil {
		st.stop = make(chan struct{})
		repeat(time.Second, st.stop, func() {
			if st.view.body != nil && st.code == c && st.running {
				tick()
			}
		})
	}
	open := widget.NewButtonWithIcon(tr.T("signin.open"), theme.ComputerIcon(), func() { v.openURL(c.VerificationURI) })
	open.Importance = widget.HighImportance
	copyBtn := widget.NewButtonWithIcon(tr.T("signin.copy_code"), theme.ContentCopyIcon(), func() { v.s.app.Clipboard().SetContent(c.UserCode) })
	cancel := widget.NewButtonWithIcon(tr.T("signin.cancel"), theme.CancelIcon(), func() { st.forget() })
	steps := widget.NewLabel(tr.T("signin.code_steps", map[string]any{"URL": c.VerificationURI}))
	steps.Wrapping = fyne.TextWrapWord
	msg := widget.NewLabelWithStyle(c.Message, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	msg.Wrapping = fyne.TextWrapWord
	return []fyne.CanvasObject{
		widget.NewCard("", tr.T("signin.code_title"), container.NewVBox(code, left,
			container.NewCenter(container.NewHBox(open, copyBtn, cancel)), steps, msg)),
	}
}

func (v *signinScreen) openURL(raw string) {
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
		_ = v.s.app.OpenURL(u)
	}
}

// outcomeView shows the result: the account and its warnings, or what went wrong.
func (v *signinScreen) outcomeView() []fyne.CanvasObject {
	tr, out := v.s.tr, v.st.outcome
	var objs []fyne.CanvasObject
	status := widget.NewLabelWithStyle(tr.T("signin.status."+string(out.Status)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	status.Wrapping = fyne.TextWrapWord
	objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(statusIcon(out)), nil, status))
	if out.Status == signin.StatusOK {
		objs = append(objs, v.accountCard())
	}
	for _, w := range out.Warnings {
		l := widget.NewLabel(tr.T("signin.warn."+string(w), map[string]any{"Account": out.Claims.Account}))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil, l))
	}
	if out.OtherCloud != "" {
		objs = append(objs, paragraph(tr.T("signin.other_cloud", map[string]any{"Cloud": tr.T("cloud." + out.OtherCloud)})))
	}
	if out.Answer == "" && out.Err != nil && out.Status == signin.StatusError && out.OtherCloud == "" {
		objs = append(objs, paragraph(tr.T("signin.network", map[string]any{"Error": out.Err.Error()})))
	}
	if out.Answer != "" {
		r := v.s.knowledge().Match(out.Answer)
		r.Details.Fill(kb.Details{TenantID: v.st.tenant, ClientID: v.st.clientID, User: v.st.sender})
		for _, p := range r.Panels(v.s.tr) {
			objs = append(objs, newPanelView(v.s.window, v.s.tr, p))
		}
	}
	if out.Status != signin.StatusOK {
		again := widget.NewButtonWithIcon(tr.T("signin.new_code"), theme.ViewRefreshIcon(), v.run)
		objs = append(objs, container.NewHBox(again))
	}
	return objs
}

func statusIcon(out *signin.Outcome) fyne.Resource {
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
func (v *signinScreen) accountCard() fyne.CanvasObject {
	tr, out := v.s.tr, v.st.outcome
	lines := [][2]string{
		{tr.T("signin.account"), out.Claims.Account},
		{tr.T("signin.scopes"), strings.Join(out.Claims.Scopes, " ")},
		{tr.T("signin.audience"), out.Claims.Audience},
		{tr.T("detail.tenant_id"), out.Claims.TenantID},
	}
	if !out.Claims.Expires.IsZero() {
		lines = append(lines, [2]string{tr.T("signin.expires"), out.Claims.Expires.Local().Format("2006-01-02 15:04")})
	}
	for _, g := range out.Graph {
		lines = append(lines, [2]string{"Microsoft Graph " + g.Path, fmt.Sprintf("%d", g.Status)})
	}
	grid := container.New(layout.NewFormLayout())
	for _, l := range lines {
		if l[1] == "" {
			continue
		}
		value := widget.NewLabel(l[1])
		value.Selectable = true
		value.Wrapping = fyne.TextWrapBreak
		grid.Add(widget.NewLabelWithStyle(l[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		grid.Add(value)
	}
	note := widget.NewLabel(tr.T("signin.unverified"))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	return widget.NewCard("", tr.T("signin.token_title"), container.NewVBox(grid, note))
}

// printerGuide walks the admin through the printer's own sign-in: the page of the chosen
// cloud, the vendor's screens, consent for the organisation by a global administrator.
func (v *signinScreen) printerGuide() []fyne.CanvasObject {
	tr := v.s.tr
	login := signin.DeviceLoginURL(v.st.cloud)
	open := widget.NewButtonWithIcon(tr.T("signin.printer.open", map[string]any{"URL": login}), theme.ComputerIcon(), func() { v.openURL(login) })
	open.Importance = widget.HighImportance
	tabs := container.NewAppTabs()
	for _, vendor := range []string{"epson", "nashuatec"} {
		var steps []string
		for i := 1; ; i++ {
			id := fmt.Sprintf("signin.printer.%s.%d", vendor, i)
			s := tr.T(id, map[string]any{"URL": login})
			if s == id {
				break
			}
			steps = append(steps, s)
		}
		tabs.Append(container.NewTabItem(tr.T("vendor."+vendor), numbered(steps)))
	}
	important := widget.NewLabel(tr.T("signin.printer.admin"))
	important.Wrapping = fyne.TextWrapWord
	important.Importance = widget.WarningImportance
	intro := paragraph(tr.T("signin.printer.intro"))
	return []fyne.CanvasObject{intro, container.NewHBox(open), important, tabs}
}
