package gui

import (
	"context"
	"net"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/flows/listen"
	"mfp365/kb"
	"mfp365/report"
)

// listenTime is how long the window listens when asked.
const listenTime = 10 * time.Minute

// listenScreen is « Écouter l'imprimante »: for a few minutes this computer plays the mail
// server; each session the printer opens appears with its findings. The sessions are the
// session's (and the report's).
type listenScreen struct {
	s        *shell
	running  bool
	stop     context.CancelFunc
	addr     string // where the listener is bound
	fallback bool
	until    time.Time
	err      error
	ticking  chan struct{} // closed to stop the countdown drawn last
	ln       *listen.Listener
	tally    listen.Tally // the session's before this listening
	shown    listen.Tally // the counts drawn last

	body  *fyne.Container
	start *widget.Button
}

func (v *listenScreen) content() fyne.CanvasObject {
	tr := v.s.tr
	v.body = container.NewVBox()
	v.start = widget.NewButtonWithIcon(tr.T("listen.start"), theme.MediaPlayIcon(), v.run)
	v.start.Importance = widget.HighImportance
	top := container.NewVBox(paragraph(tr.T("listen.intro")), container.NewHBox(v.start))
	v.refresh()
	return formPage(top, v.body)
}

func (v *listenScreen) cancel() {
	if v.stop != nil {
		v.stop()
	}
}

// run binds the port (587, else 2525) and listens off the UI goroutine until the time is over
// or Stop; each session ends up in the session as it ends.
func (v *listenScreen) run() {
	if v.running {
		return
	}
	ss := v.s.session
	ln, err := listen.Listen(listen.Config{Addr: v.s.seams.listenAddr, Timeout: listenTime, Tenant: ss.SignedTenant()})
	v.err = err
	if err != nil {
		v.refresh()
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	v.running, v.stop, v.addr, v.fallback, v.until = true, stop, ln.Addr, ln.Fallback, time.Now().Add(listenTime)
	v.refresh()
	v.ln, v.tally = ln, ss.ListenTally
	backgroundWithProgress(v.s, func(report func(func())) []listen.Session {
		sessions, _ := ln.Serve(ctx, func(s listen.Session) {
			report(func() { ss.Listened = append(ss.Listened, s); v.refresh() })
		})
		return sessions
	}, func([]listen.Session) {
		stop()
		ss.ListenTally = v.tallied()
		v.running, v.stop, v.ln = false, nil, nil
		v.refresh()
	})
}

// tallied is what the listeners counted without keeping, this one's so far included.
func (v *listenScreen) tallied() listen.Tally {
	if v.ln == nil {
		return v.s.session.ListenTally
	}
	return v.tally.Add(v.ln.Tally())
}

// refresh redraws the listening state and the sessions.
func (v *listenScreen) refresh() {
	if v.body == nil {
		return
	}
	tr := v.s.tr
	if v.ticking != nil {
		close(v.ticking)
		v.ticking = nil
	}
	var objs []fyne.CanvasObject
	switch {
	case v.err != nil:
		l := paragraph(tr.T("listen.error.bind", map[string]any{"Addr": listen.DefaultAddr, "Error": v.err.Error()}))
		l.Importance = widget.DangerImportance
		objs = append(objs, l)
	case v.running:
		objs = append(objs, v.listeningCard())
	}
	objs = append(objs, v.sessionsView()...) // the latest first, right under where to send
	if v.running {
		objs = append(objs, v.instructions()...)
	}
	enableIf(v.start, !v.running)
	v.s.showBody(v.body, objs)
}

// listeningCard is where to send (this computer's addresses and the port, large) and the
// countdown with Stop.
func (v *listenScreen) listeningCard() fyne.CanvasObject {
	tr := v.s.tr
	_, port, _ := net.SplitHostPort(v.addr)
	where := canvas.NewText(strings.Join(listen.LocalAddresses(), "  ·  ")+"   port "+port, theme.Color(theme.ColorNamePrimary))
	where.TextSize, where.TextStyle, where.Alignment = 28, fyne.TextStyle{Monospace: true}, fyne.TextAlignCenter
	v.ticking = make(chan struct{})
	left := countdown(v.s, "listen.remaining", v.until, v.ticking)
	repeat(v.s, time.Second, v.ticking, func() { // sessions past the kept ones, printers turned away
		if t := v.tallied(); t.More != v.shown.More || t.Refused != v.shown.Refused {
			v.refresh()
		}
	})
	stop := widget.NewButtonWithIcon(tr.T("listen.stop"), theme.MediaStopIcon(), v.cancel)
	card := container.NewVBox(widget.NewProgressBarInfinite(), where, left, container.NewCenter(stop))
	if v.fallback {
		l := paragraph(tr.T("listen.fallback", map[string]any{"Port": port}))
		l.Importance = widget.WarningImportance
		card.Add(l)
	}
	return widget.NewCard("", tr.T("listen.where"), card)
}

// instructions are where the SMTP server field is, by vendor, and the firewall's question.
func (v *listenScreen) instructions() []fyne.CanvasObject {
	cat, tr := v.s.knowledge()
	g := cat.Guide("listen").Render(tr, kb.GuideData{})
	return []fyne.CanvasObject{widget.NewSeparator(), paragraph(g.Intro), numbered(g.Steps), paragraph(tr.T("listen.firewall")),
		section(tr.T("printers.notes"), numbered(g.Notes))}
}

// sessionsView is one card per session the printer opened, with its findings explained.
func (v *listenScreen) sessionsView() []fyne.CanvasObject {
	cat, tr := v.s.knowledge()
	sessions := v.s.session.Listened
	if len(sessions) == 0 {
		if v.running {
			return []fyne.CanvasObject{emptyState(tr.T("listen.waiting.title"), tr.T("listen.waiting.body"))}
		}
		return nil
	}
	objs := []fyne.CanvasObject{widget.NewLabelWithStyle(tr.N("listen.count", len(sessions), nil), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	v.shown = v.tallied()
	objs = append(objs, verdictLine(tr, report.VerdictOf(cat, report.Report{Listened: sessions, ListenTally: v.shown}))...)
	for _, line := range report.TallyLines(cat, tr, v.shown) {
		objs = append(objs, warningLine(line))
	}
	for i := len(sessions) - 1; i >= 0; i-- { // the latest first
		s := sessions[i]
		lines := [][2]string{{tr.T("listen.col.client"), s.Client + " (" + s.EHLO + ")"}, {"TLS", s.TLS}, {"AUTH", strings.ToUpper(s.Auth)},
			{tr.T("listen.col.account"), s.User}, {tr.T("listen.col.from"), s.From}, {tr.T("listen.col.size"), report.SizeText(tr, s)}}
		if t := s.Token; t != nil {
			lines = append(lines, [2]string{tr.T("listen.col.token"), report.TokenText(tr, t)})
		}
		facts := factsGrid(lines, false) // the values in one column
		card := container.NewVBox(facts)
		if len(s.Findings) == 0 {
			card.Add(paragraph(tr.T("listen.clean")))
		}
		objs = append(objs, widget.NewCard("", "", card))
		for _, p := range report.SessionPanels(cat, tr, s) {
			objs = append(objs, newPanelView(tr, v.s.app.Clipboard(), p))
		}
	}
	return objs
}
