package gui

import (
	"crypto/x509"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"mfp365/assistant"
	"mfp365/flows/discovery"
	"mfp365/i18n"
	"mfp365/kb"
)

// Title is the window title and the application's display name.
const Title = "Assistant MFP 365"

// shell is the window's frame: the navigation on the left, the current screen on the right,
// and the language switch. It owns the session and the screens; a screen is made the first
// time it is shown and keeps what the reader typed and what it is doing, across language
// changes (which only redraw it).
type shell struct {
	app     fyne.App
	window  fyne.Window
	catalog *kb.Catalog    // nil until the knowledge base is loaded
	bundle  *goi18n.Bundle // interface messages, then also the catalog's
	tr      *i18n.Translator
	session *assistant.Session
	nav     []navEntry        // the screens, in the navigation's order
	screens map[string]screen // made when first shown
	current string            // ID of the screen on display
	content *fyne.Container   // where the current screen is drawn
	navList *widget.List

	loadKnowledge func() (*kb.Catalog, *goi18n.Bundle) // loads once; safe from any goroutine
	seams         seams
}

// seams are where the tests and the screenshot harness reach in; newShell sets the real ones,
// and the zero values of the others keep Microsoft's real endpoints.
type seams struct {
	deliver  func(func())     // hands work to the UI goroutine: fyne.Do
	now      func() time.Time // the report's date
	onChange func()           // called after a screen redraws its state area

	authority, graphURL string           // the sign-in's Microsoft
	testAuthority       string           // the connection test's sign-in host
	rootCAs             *x509.CertPool   // the connection test's fake Exchange
	discovery           discovery.Config // SNMP port, subnets, WS-Discovery target
	listenAddr          string           // where the listener binds ("": listen.DefaultAddr)
}

// screen is one entry of the navigation (or a step of the assistant).
type screen interface {
	content() fyne.CanvasObject // new widgets over the screen's kept state
	cancel()                    // stops the screen's running work, if any
}

// navEntry names a screen in the navigation.
type navEntry struct {
	id, titleID string
	icon        func() fyne.Resource // theme icons need the running app
	make        func(s *shell) screen
}

// screen returns the screen with that ID, made on first use.
func (s *shell) screen(id string) screen {
	if sc, ok := s.screens[id]; ok {
		return sc
	}
	for _, n := range s.nav {
		if n.id == id {
			s.screens[id] = n.make(s)
		}
	}
	return s.screens[id]
}

// knowledge returns the catalog and the translator that knows its texts, on the UI goroutine.
// The first call loads the knowledge base (about 15 ms; pasted texts load it off the UI
// goroutine before they get here) and adopts its bundle: take the translator from here, not
// from before the call.
func (s *shell) knowledge() (*kb.Catalog, *i18n.Translator) {
	if s.catalog == nil {
		s.adopt(s.loadKnowledge())
	}
	return s.catalog, s.tr
}

// adopt switches to the bundle that holds the catalog's texts (on the UI goroutine).
func (s *shell) adopt(cat *kb.Catalog, b *goi18n.Bundle) {
	if s.catalog == nil {
		s.catalog, s.bundle = cat, b
		s.tr = i18n.NewTranslator(b, s.tr.Lang)
	}
}

// cancelRunning stops what the screens are doing (Escape, leaving a step); the token stays.
func (s *shell) cancelRunning() {
	for _, sc := range s.screens {
		sc.cancel()
	}
}

// closed ends the session: running work stops and the token and the password are dropped.
func (s *shell) closed() {
	s.cancelRunning()
	s.session.DropToken()
	s.session.Password = ""
}

// typedKey handles the keys no widget took: Escape cancels a running step, Enter goes to the
// next step of the guided path.
func (s *shell) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		s.cancelRunning()
	case fyne.KeyReturn, fyne.KeyEnter:
		if e, ok := s.screen(s.current).(interface{ enter() }); ok {
			e.enter()
		}
	}
}

// show switches the window to the screen with that ID.
func (s *shell) show(id string) {
	s.current = id
	if s.content == nil {
		s.window.SetContent(s.frame())
		return
	}
	for i, n := range s.nav {
		if n.id == id {
			s.navList.Select(i) // its OnSelected sees the screen is current already
		}
	}
	s.redraw()
}

// redraw draws the current screen again (its state changed).
func (s *shell) redraw() {
	s.content.Objects = []fyne.CanvasObject{s.screen(s.current).content()}
	s.content.Refresh()
}

// setLanguage switches the whole window to lang.
func (s *shell) setLanguage(lang string) {
	s.tr = i18n.NewTranslator(s.bundle, lang)
	s.window.SetContent(s.frame())
	s.window.Canvas().SetOnTypedKey(s.typedKey)
}

// frame is the navigation beside the current screen.
func (s *shell) frame() fyne.CanvasObject {
	s.content = container.NewStack(s.screen(s.current).content())
	widest := "" // the template holds the longest title, which sets the column's width
	for _, n := range s.nav {
		if t := s.tr.T(n.titleID); len([]rune(t)) > len([]rune(widest)) {
			widest = t
		}
	}
	nav := widget.NewList(
		func() int { return len(s.nav) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HelpIcon()), widget.NewLabel(widest))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(s.nav[i].icon())
			row.Objects[1].(*widget.Label).SetText(s.tr.T(s.nav[i].titleID))
		})
	for i, n := range s.nav {
		if n.id == s.current {
			nav.Select(i)
		}
	}
	nav.OnSelected = func(i widget.ListItemID) {
		if id := s.nav[i].id; id != s.current {
			s.show(id)
		}
	}
	name := canvas.NewText(Title, theme.Color(theme.ColorNameForeground))
	name.TextStyle = fyne.TextStyle{Bold: true}
	name.TextSize = theme.TextSubHeadingSize()
	header := container.NewHBox(widget.NewIcon(s.app.Icon()), name)
	sidebar := container.NewBorder(container.NewPadded(header), s.languageSwitch(), nil, nil, nav)
	s.navList = nav
	// A fixed column, not a split: no screen pushes it aside, and no grip looks like a cursor.
	return container.NewBorder(nil, nil, container.NewHBox(sidebar, widget.NewSeparator()), nil, s.content)
}

// languageSwitch is the FR/EN choice at the bottom of the navigation.
func (s *shell) languageSwitch() fyne.CanvasObject {
	names := []string{"Français", "English"}
	sel := widget.NewSelect(names, nil)
	if s.tr.Lang == "en" {
		sel.SetSelectedIndex(1)
	} else {
		sel.SetSelectedIndex(0)
	}
	sel.OnChanged = func(choice string) {
		lang := map[string]string{"Français": "fr", "English": "en"}[choice]
		if lang != s.tr.Lang {
			s.app.Preferences().SetString(i18n.LanguagePref, lang) // the reader's choice: saved
			s.setLanguage(lang)
		}
	}
	return container.NewPadded(container.NewBorder(nil, nil, widget.NewIcon(theme.SettingsIcon()), nil, sel))
}

// showBody puts a screen's new state area in place and tells the test seam.
func (s *shell) showBody(body *fyne.Container, objs []fyne.CanvasObject) {
	body.Objects = objs
	body.Refresh()
	if s.seams.onChange != nil {
		s.seams.onChange()
	}
}
