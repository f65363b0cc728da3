// Package gui is the window: the only package that imports fyne.io. It shows the screens of
// the assistant inside one navigation, renders the engines' plain results in the reader's
// language, and keeps network and matching work off the UI goroutine (see bridge.go).
package gui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"mfp365/assets"
	"mfp365/assistant"
	"mfp365/i18n"
	"mfp365/kb"
)

// newShell builds the window with the interface messages only, so that it shows at once: the
// knowledge base loads when first needed (see shell.knowledge), and the fonts of the first
// screen load on another core while the window is being made.
func newShell(a fyne.App) *shell {
	fonts := warmFonts()
	bundle, err := i18n.NewBundle()
	if err != nil {
		panic(err) // the embedded message files are checked by the tests
	}
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.SmallIcon))
	w := a.NewWindow(Title)
	s := &shell{app: a, window: w, bundle: bundle, session: assistant.NewSession(), nav: navigation(), screens: map[string]screen{},
		current: "assistant", seams: seams{deliver: fyne.Do, now: time.Now}}
	w.SetOnClosed(s.closed)
	s.loadKnowledge = sync.OnceValues(loadCatalog)
	saved := a.Preferences().String(i18n.LanguagePref)
	<-fonts // before the first screen is measured, which would load them a second time
	s.setLanguage(i18n.Choose("", saved, i18n.SystemLanguages()...))
	w.Resize(fyne.NewSize(1100, 740))
	return s
}

// navigation lists the screens: the shell makes each when first shown, and wires the ones
// that lead to another (the printers screen starts the assistant for a printer).
func navigation() []navEntry {
	return []navEntry{
		{"assistant", "nav.assistant", theme.HomeIcon, func(s *shell) screen { return &assistantScreen{s: s} }},
		{"troubleshoot", "nav.troubleshoot", theme.HelpIcon, func(s *shell) screen { return &troubleshootScreen{s: s} }},
		{"printers", "nav.printers", theme.DocumentPrintIcon, func(s *shell) screen {
			return &printersScreen{s: s, configure: func(address string) { s.screen("assistant").(*assistantScreen).configurePrinter(address) }}
		}},
		{"signin", "nav.signin", theme.LoginIcon, func(s *shell) screen { return &signinScreen{s: s} }},
		{"conntest", "nav.conntest", theme.MailSendIcon, func(s *shell) screen { return &conntestScreen{s: s} }},
		{"listen", "nav.listen", theme.MailReplyIcon, func(s *shell) screen { return &listenScreen{s: s} }},
	}
}

// warmFonts loads the faces the first screen measures its text with (regular, and bold for
// the buttons) into Fyne's font cache; the channel closes when they are there.
func warmFonts() <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
			fyne.MeasureText("A", theme.TextSize(), style)
		}
	}()
	return done
}

// loadCatalog loads the catalog and a bundle with its texts next to the interface's.
func loadCatalog() (*kb.Catalog, *goi18n.Bundle) {
	cat, err := kb.Load()
	if err != nil {
		panic(err) // the embedded catalog is checked by the tests
	}
	b, err := i18n.NewBundle(cat)
	if err != nil {
		panic(err)
	}
	return cat, b
}
