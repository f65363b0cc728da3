package gui

import (
	"context"
	"crypto/x509"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/assets"
	"mfp365/checks"
	"mfp365/flows/conntest"
	"mfp365/kb"
)

// conntestState is what the connection-test screen keeps across language changes.
type conntestState struct {
	host, port, user, to string

	running    bool
	steps      []checks.Step
	result     *conntest.Result
	transcript string
	cancel     context.CancelFunc

	rootCAs  *x509.CertPool // test seams: the fake servers' CA and sign-in host
	loginURL string
	onChange func()
	view     *conntestScreen
}

// conntestScreen is "Test de connexion": a live checklist of the printer's sending path.
type conntestScreen struct {
	s    *shell
	st   *conntestState
	body *fyne.Container
	run  *widget.Button
}

func newConntestScreen(s *shell) fyne.CanvasObject {
	st := s.conntest
	if st.user == "" && s.signin.outcome != nil {
		st.user = s.signin.outcome.Claims.Account
	}
	v := &conntestScreen{s: s, st: st, body: container.NewVBox()}
	st.view = v
	tr := s.tr
	intro := paragraph(tr.T("conntest.intro"))
	host := boundEntry(&st.host, conntest.DefaultHost)
	port := boundEntry(&st.port, strconv.Itoa(conntest.DefaultPort))
	user := boundEntry(&st.user, "scan@contoso.fr")
	to := boundEntry(&st.to, tr.T("conntest.to.hint"))
	v.run = widget.NewButtonWithIcon(tr.T("conntest.run"), theme.MediaPlayIcon(), v.start)
	v.run.Importance = widget.HighImportance
	form := widget.NewForm(
		widget.NewFormItem(tr.T("conntest.host"), container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(90, host.MinSize().Height), port), host)),
		widget.NewFormItem(tr.T("conntest.user"), user),
		widget.NewFormItem(tr.T("conntest.to"), to),
	)
	top := container.NewVBox(intro, form, container.NewHBox(v.run))
	v.refresh()
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(v.body)))
}

// token is the sign-in's token, if the reader signed in (in memory only).
func (v *conntestScreen) token() string {
	if o := v.s.signin.outcome; o != nil && o.Token != nil {
		return o.Token.AccessToken
	}
	return ""
}

// start runs the test off the UI goroutine; each step updates the checklist as it ends.
func (v *conntestScreen) start() {
	st, tr := v.st, v.s.tr
	if st.running {
		return
	}
	port, err := strconv.Atoi(strings.TrimSpace(orDefault(st.port, strconv.Itoa(conntest.DefaultPort))))
	if err != nil || port < 1 || port > 65535 {
		port = -1
	}
	ctx, cancel := context.WithCancel(context.Background())
	st.running, st.cancel, st.steps, st.result, st.transcript = true, cancel, nil, nil, ""
	var mu sync.Mutex
	var transcript strings.Builder
	cfg := conntest.Config{Host: strings.TrimSpace(orDefault(st.host, conntest.DefaultHost)), Port: port,
		User: strings.TrimSpace(st.user), To: strings.TrimSpace(st.to), Token: v.token(), RootCAs: st.rootCAs,
		Subject: tr.T("test.mail.subject"), Body: tr.T("test.mail.body", map[string]any{"Version": assets.Version}),
		LoginURL: orDefault(st.loginURL, "https://login.microsoftonline.com/"), Transcript: &lockedWriter{mu: &mu, b: &transcript}}
	v.refresh()
	backgroundWithProgress(func(report func(func())) conntest.Result {
		if cfg.Port < 0 {
			return conntest.Result{Status: checks.Fail, Steps: []checks.Step{{ID: "tcp", Status: checks.Fail, Codes: []string{"check:tcp-refused"}}}}
		}
		return conntest.Run(ctx, cfg, func(e conntest.Event) {
			report(func() { st.steps = append(st.steps, e.Step); st.view.refresh() })
		})
	}, func(r conntest.Result) {
		cancel()
		mu.Lock()
		st.transcript = transcript.String()
		mu.Unlock()
		st.running, st.cancel, st.result, st.steps = false, nil, &r, r.Steps
		st.view.refresh()
	})
}

// lockedWriter lets the UI read the transcript the test writes.
type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// refresh redraws the checklist, the explanations and the transcript.
func (v *conntestScreen) refresh() {
	st, tr := v.st, v.s.tr
	var objs []fyne.CanvasObject
	if v.token() == "" && st.result == nil {
		warn := widget.NewLabel(tr.T("conntest.no_token"))
		warn.Wrapping, warn.Importance = fyne.TextWrapWord, widget.WarningImportance
		objs = append(objs, warn)
	}
	switch {
	case st.running:
		objs = append(objs, progressRow(tr, tr.T("test.running", map[string]any{"Host": orDefault(st.host, conntest.DefaultHost),
			"Port": portOf(st.port)}), func() { st.cancel() }))
	case st.result != nil:
		status := widget.NewLabelWithStyle(tr.T("test.status."+string(st.result.Status)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		status.Wrapping = fyne.TextWrapWord
		objs = append(objs, container.NewBorder(nil, nil, widget.NewIcon(stepIcon(st.result.Status)), nil, status))
	}
	if len(st.steps) > 0 {
		objs = append(objs, v.checklist())
	}
	if st.result != nil {
		objs = append(objs, v.explanations()...)
		objs = append(objs, v.transcriptView())
		v.run.SetText(tr.T("conntest.rerun"))
	}
	enableIf(v.run, !st.running)
	showBody(v.body, objs, st.onChange)
}

// checklist is one row per step: status icon, name, duration, detail.
func (v *conntestScreen) checklist() fyne.CanvasObject {
	tr := v.s.tr
	grid := container.NewVBox()
	for _, s := range v.st.steps {
		detail := s.Detail
		if len(s.Codes) > 0 {
			detail = strings.TrimSpace(detail + "  [" + strings.Join(s.Codes, ", ") + "]")
		}
		name := widget.NewLabelWithStyle(tr.T("step."+s.ID), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		d := widget.NewLabel(detail)
		d.Wrapping = fyne.TextWrapBreak
		d.Importance = widget.LowImportance
		if s.Status == checks.Fail {
			d.Importance = widget.DangerImportance
		}
		ms := widget.NewLabel(fmt.Sprintf("%d ms", s.Duration.Milliseconds()))
		left := container.NewHBox(widget.NewIcon(stepIcon(s.Status)), container.NewGridWrap(fyne.NewSize(220, name.MinSize().Height), name),
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

// explanations are the panels of the failed and warned steps.
func (v *conntestScreen) explanations() []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, p := range v.panels() {
		objs = append(objs, newPanelView(v.s.window, v.s.tr, p))
	}
	return objs
}

// panels asks the knowledge base about each failed or warned step, once per entry.
func (v *conntestScreen) panels() []kb.Panel {
	var out []kb.Panel
	seen := map[string]bool{}
	known := kb.Details{User: v.st.user, Server: orDefault(v.st.host, conntest.DefaultHost)}
	cat := v.s.knowledge()
	for _, s := range v.st.result.Steps {
		if s.Status != checks.Fail && s.Status != checks.Warn {
			continue
		}
		text := s.Answer
		if text == "" {
			text = strings.Join(s.Codes, " ")
		}
		r := cat.Match(text)
		r.Details.Fill(known)
		for _, p := range r.Panels(v.s.tr) {
			if !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// portOf reads a port typed in the form (the default when it is not one).
func portOf(s string) int {
	p, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || p < 1 || p > 65535 {
		return conntest.DefaultPort
	}
	return p
}

// transcriptView is the SMTP dialogue in an expander, with a copy button.
func (v *conntestScreen) transcriptView() fyne.CanvasObject {
	tr, text := v.s.tr, v.st.transcript
	if text == "" {
		text = tr.T("conntest.no_transcript")
	}
	body := widget.NewLabel(text)
	body.TextStyle = fyne.TextStyle{Monospace: true}
	body.Wrapping = fyne.TextWrapBreak
	copyBtn := widget.NewButtonWithIcon(tr.T("panel.copy"), theme.ContentCopyIcon(), func() { v.s.app.Clipboard().SetContent(v.st.transcript) })
	return widget.NewAccordion(widget.NewAccordionItem(tr.T("test.transcript"), container.NewBorder(container.NewHBox(copyBtn), nil, nil, nil, body)))
}
