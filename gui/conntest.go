package gui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/assets"
	"mfp365/checks"
	"mfp365/flows/conntest"
	"mfp365/i18n"
	"mfp365/kb"
	"mfp365/report"
)

// conntestScreen is "Test de connexion": a live checklist of the printer's sending path. What
// is typed and the finished test are the session's; the screen keeps the test under way.
type conntestScreen struct {
	s        *shell
	running  bool
	steps    []checks.Step // the steps ended so far, while the test runs
	stop     context.CancelFunc
	inputErr error          // a value refused before the test (an *input.Error)
	server   map[string]any // host and port under test, while it runs

	body *fyne.Container
	page *container.Scroll // the form and the results, scrolling as one
	run  *widget.Button
}

func (v *conntestScreen) content() fyne.CanvasObject {
	tr, ss := v.s.tr, v.s.session
	v.body = container.NewVBox()
	hostHint, portHint, userLabel := conntest.DefaultHost, fmt.Sprint(conntest.DefaultPort), "conntest.user"
	switch {
	case ss.Route == conntest.RouteHVE:
		hostHint = conntest.HVEHost
	case ss.Route.ToMX():
		hostHint, portHint, userLabel = tr.T("conntest.host.mx"), fmt.Sprint(conntest.MXPort), "conntest.from"
	}
	host := boundEntry(&ss.Host, hostHint)
	port := boundEntry(&ss.Port, portHint)
	user := boundEntry(&ss.Mailbox, tr.T("mailbox.hint"))
	to := boundEntry(&ss.To, tr.T("conntest.to.hint"))
	v.run = widget.NewButtonWithIcon(tr.T("conntest.run"), theme.MediaPlayIcon(), v.start)
	v.run.Importance = widget.HighImportance
	form := widget.NewForm(
		widget.NewFormItem(tr.T("conntest.route"), v.routeSelect()),
		widget.NewFormItem(tr.T("conntest.host"), container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(90, host.MinSize().Height), port), host)),
		widget.NewFormItem(tr.T(userLabel), user),
	)
	if ss.Route.TakesPassword() {
		password := widget.NewPasswordEntry()
		password.SetPlaceHolder(tr.T("conntest.password.hint"))
		password.SetText(ss.Password)
		password.OnChanged = func(text string) { ss.Password = text } // in memory only
		form.Append(tr.T("conntest.password"), password)
	}
	form.Append(tr.T("conntest.to"), to)
	top := container.NewVBox(paragraph(tr.T("conntest.intro")), form, container.NewHBox(v.run))
	v.refresh()
	v.page = formPage(top, v.body)
	return v.page
}

// routeSelect chooses how the printer sends; the form changes with it.
func (v *conntestScreen) routeSelect() *widget.Select {
	tr, ss := v.s.tr, v.s.session
	names := make([]string, len(conntest.Routes))
	for i, r := range conntest.Routes {
		names[i] = tr.T("route." + string(r))
	}
	sel := widget.NewSelect(names, nil)
	sel.SetSelectedIndex(max(0, slices.Index(conntest.Routes, ss.Route)))
	sel.OnChanged = func(string) {
		if r := conntest.Routes[sel.SelectedIndex()]; r != ss.Route {
			ss.ChooseRoute(r)
			v.s.redraw()
		}
	}
	return sel
}

func (v *conntestScreen) cancel() {
	if v.stop != nil {
		v.stop()
	}
}

// start checks the values, then runs the test off the UI goroutine; each step updates the
// checklist as it ends.
func (v *conntestScreen) start() {
	tr, ss := v.s.tr, v.s.session
	if v.running {
		return
	}
	in := ss.TestInput()
	if a := v.s.seams.testAuthority; a != "" {
		in.Authority = a
	}
	cfg, err := conntest.Check(in)
	if v.inputErr = err; err != nil {
		v.refresh()
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	v.running, v.stop, v.steps, ss.Test = true, stop, nil, nil
	v.server = map[string]any{"Host": cfg.Host, "Port": cfg.Port}
	var transcript lockedBuilder
	cfg.Token, cfg.RootCAs, cfg.Transcript = ss.Token(), v.s.seams.rootCAs, &transcript
	cfg.Subject, cfg.Body = tr.T("test.mail.subject"), tr.T("test.mail.body", map[string]any{"Version": assets.Version})
	v.refresh()
	backgroundWithProgress(v.s, func(report func(func())) conntest.Result {
		return conntest.Run(ctx, cfg, func(e conntest.Event) {
			report(func() { v.steps = append(v.steps, e.Step); v.refresh() })
		})
	}, func(r conntest.Result) {
		stop()
		cfg.Token = ""
		v.running, v.stop, v.steps = false, nil, nil
		ss.Test = report.TestOf(cfg, r, transcript.String())
		v.refresh()
		reveal(v.page, v.body)
	})
}

// lockedBuilder lets the UI read the transcript the test writes from its goroutines.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *lockedBuilder) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *lockedBuilder) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// refresh redraws the checklist, the explanations and the transcript.
func (v *conntestScreen) refresh() {
	if v.body == nil {
		return
	}
	tr, ss := v.s.tr, v.s.session
	var objs []fyne.CanvasObject
	if v.inputErr != nil {
		l := paragraph(refusal(tr, v.inputErr, fieldLabel))
		l.Importance = widget.DangerImportance
		objs = append(objs, l)
	}
	if ss.NeedsToken() && ss.Test == nil {
		warn := paragraph(tr.T("conntest.no_token"))
		warn.Importance = widget.WarningImportance
		objs = append(objs, warn)
	}
	switch {
	case v.running:
		objs = append(objs, progressRow(tr, tr.T("test.running", v.server), v.cancel))
	case ss.Test != nil:
		status := paragraph(tr.T("test.status." + string(ss.Test.Result.Status)))
		status.TextStyle = fyne.TextStyle{Bold: true}
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(stepIcon(ss.Test.Result.Status)), nil, status))
		cat, tr := v.s.knowledge()
		objs = append(objs, verdictLine(tr, report.VerdictOf(cat, report.Report{Test: ss.Test}))...)
	}
	steps := v.steps
	if !v.running && ss.Test != nil {
		steps = ss.Test.Result.Steps
	}
	if len(steps) > 0 {
		objs = append(objs, checklist(tr, steps))
	}
	if ss.Test != nil && !v.running {
		cat, tr := v.s.knowledge()
		for _, p := range ss.Test.Panels(cat, tr) {
			objs = append(objs, newPanelView(tr, v.s.app.Clipboard(), p))
		}
		objs = append(objs, v.transcriptView())
		v.run.SetText(tr.T("conntest.rerun"))
	}
	enableIf(v.run, !v.running)
	v.s.showBody(v.body, objs)
}

// fieldLabel is the message that names the form's field of an input error's field.
func fieldLabel(field string) string {
	switch field {
	case "port":
		return "conntest.host"
	case "domain":
		return "conntest.from"
	}
	return "conntest." + field
}

// checklist is one row per step: status icon, name, duration, and a localized summary of
// what it saw (the raw detail is in the transcript's expander).
func checklist(tr *i18n.Translator, steps []checks.Step) fyne.CanvasObject {
	grid := container.NewVBox()
	for _, st := range steps {
		detail := stepSummary(tr, st)
		if codes := codesNotIn(detail, kb.Shown(st.Codes)); len(codes) > 0 {
			detail = strings.TrimSpace(detail + " [" + strings.Join(codes, ", ") + "]")
		}
		name := widget.NewLabelWithStyle(tr.T("step."+st.ID), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		d := paragraph(detail)
		d.Importance = widget.LowImportance
		if st.Status == checks.Fail {
			d.Importance = widget.DangerImportance
		}
		ms := widget.NewLabel(fmt.Sprintf("%d ms", st.Duration.Milliseconds()))
		left := container.NewHBox(widget.NewIcon(stepIcon(st.Status)), container.NewGridWrap(fyne.NewSize(220, name.MinSize().Height), name),
			container.NewGridWrap(fyne.NewSize(80, ms.MinSize().Height), ms))
		grid.Add(container.NewBorder(nil, nil, left, nil, d))
	}
	return widget.NewCard("", tr.T("conntest.steps"), grid)
}

func stepIcon(status checks.Status) fyne.Resource {
	switch status {
	case checks.Pass:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case checks.Warn:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case checks.Fail:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	default:
		return theme.NewDisabledResource(theme.MediaSkipNextIcon())
	}
}

// transcriptView is the raw details of the steps and the SMTP dialogue in an expander, with a
// copy button.
func (v *conntestScreen) transcriptView() fyne.CanvasObject {
	tr, run := v.s.tr, v.s.session.Test
	var raw strings.Builder
	for _, st := range run.Result.Steps {
		if st.Detail != "" {
			fmt.Fprintf(&raw, "%s: %s\n", st.ID, st.Detail)
		}
	}
	text := run.Transcript
	if text == "" {
		text = tr.T("conntest.no_transcript")
	}
	return copyableText(tr, v.s.app.Clipboard(), tr.T("conntest.technical"), raw.String()+"\n"+text)
}

// codesNotIn keeps the codes whose number the detail does not already say (a server reply
// carries its own "535 5.7.139").
func codesNotIn(detail string, codes []string) []string {
	var out []string
	for _, c := range codes {
		f := strings.Fields(c)
		if len(f) > 0 && !strings.Contains(detail, f[len(f)-1]) {
			out = append(out, c)
		}
	}
	return out
}
