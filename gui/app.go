// Package gui is the window: the only package that imports fyne.io. It shows the screens of
// the assistant inside one navigation, renders the engines' plain results in the reader's
// language, and keeps network and matching work off the UI goroutine (see bridge.go).
package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"mfp365/assets"
	"mfp365/i18n"
	"mfp365/kb"
)

// Title is the window title and the application's display name.
const Title = "Assistant MFP 365"

// Run opens the window and returns when it is closed.
func Run() {
	a := app.NewWithID(i18n.AppID)
	w := NewMainWindow(a)
	w.ShowAndRun()
}

// NewMainWindow builds the main window of app a in the saved, else the system, language.
func NewMainWindow(a fyne.App) fyne.Window { return newShell(a).window }

func newShell(a fyne.App) *shell {
	cat, err := kb.Load()
	if err != nil {
		panic(err) // the embedded catalog is checked by the tests
	}
	bundle, err := i18n.NewBundle(cat)
	if err != nil {
		panic(err)
	}
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow(Title)
	s := &shell{app: a, window: w, catalog: cat, bundle: bundle, troubleshoot: &troubleshootState{}}
	saved := a.Preferences().String(i18n.LanguagePref)
	s.setLanguage(i18n.Choose("", saved, append([]string{lang.SystemLocale().String()}, i18n.SystemLanguages()...)...))
	w.Resize(fyne.NewSize(1100, 740))
	return s
}
