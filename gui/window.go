package gui

import (
	"io"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"mfp365/assistant"
	"mfp365/flows/signin"
	"mfp365/i18n"
)

// Run opens the window and returns when it is closed.
func Run() { NewWindow(app.NewWithID(i18n.AppID)).ShowAndRun() }

// Window is the main window. Run shows it to a person; a program that drives it (the
// screenshot harness of make screenshots) sets its session up and puts its screens where a
// person's actions and the flows' events would, with the methods below.
type Window struct{ s *shell }

// NewWindow builds the main window of app a, in the readable theme and in the saved, else
// the system, language.
func NewWindow(a fyne.App) *Window {
	useReadableTheme(a)
	return &Window{newShell(a)}
}

// ShowAndRun shows the window and returns when it is closed.
func (w *Window) ShowAndRun() { w.s.window.ShowAndRun() }

// Session is what the window knows of the customer's setup: set it up, then Show a screen.
func (w *Window) Session() *assistant.Session { return w.s.session }

// SetLanguage switches the window to "fr" or "en".
func (w *Window) SetLanguage(lang string) { w.s.setLanguage(lang) }

// Show shows a screen of the navigation: "assistant", "troubleshoot", "printers", "signin",
// "conntest", "listen".
func (w *Window) Show(screen string) { w.s.show(screen) }

// Redraw draws the current screen again, after the session changed.
func (w *Window) Redraw() { w.s.redraw() }

// AssistantAt shows the guided path at that step of the session's path (Session.Steps), or
// its start screen for "" or a step the path does not have.
func (w *Window) AssistantAt(step assistant.StepID) {
	a := w.s.screen("assistant").(*assistantScreen)
	i := slices.IndexFunc(w.s.session.Steps(), func(st assistant.Step) bool { return st.ID == step })
	a.started, a.step = i >= 0, max(i, 0)
	w.s.show("assistant")
}

// Paste shows text explained, as when it is pasted in « Expliquer un message ».
func (w *Window) Paste(text string) {
	t := w.s.screen("troubleshoot").(*troubleshootScreen)
	t.tab, t.text = 0, text
	w.s.show("troubleshoot")
}

// Messages shows « Tous les messages » searched for query, with the entry selected shown.
func (w *Window) Messages(query, selected string) {
	t := w.s.screen("troubleshoot").(*troubleshootScreen)
	t.tab, t.search, t.selected = 1, query, selected
	w.s.show("troubleshoot")
}

// PrinterGuide shows the printers found, as after a search, or the guide of the one at
// address; the address field is empty.
func (w *Window) PrinterGuide(address string) {
	v := w.s.screen("printers").(*printersScreen)
	v.scanned, v.guide, v.address, v.addrErr = true, address, "", nil
	w.s.show("printers")
}

// AddPrinter types address in « Imprimantes » and asks to search it, as a person does.
func (w *Window) AddPrinter(address string) {
	v := w.s.screen("printers").(*printersScreen)
	v.address, v.addrErr = address, nil
	w.s.show("printers")
	v.addByAddress()
}

// SignInMode chooses how the printer signs in: with the customer's application (the form),
// or showing its own code (the vendor's guide); chosen is false to let the printer decide.
func (w *Window) SignInMode(printerCode, chosen bool) {
	v := w.s.screen("signin").(*signinScreen)
	v.printerMode, v.modeChosen = printerCode, chosen
}

// SignInWaiting shows the sign-in as it waits for code to be typed (nil: not running).
func (w *Window) SignInWaiting(code *signin.DeviceCode) {
	v := w.s.screen("signin").(*signinScreen)
	v.running, v.stage, v.code = code != nil, signin.StageWaiting, code
}

// Listening shows the listener as it listens on addr until until.
func (w *Window) Listening(addr string, until time.Time) {
	v := w.s.screen("listen").(*listenScreen)
	v.running, v.addr, v.until, v.err = true, addr, until, nil
}

// WriteReport writes the session's report in the window's language.
func (w *Window) WriteReport(out io.Writer) error { return w.s.writeReport(out) }
