package gui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"mfp365/i18n"
	"mfp365/kb"
)

// shell is the window's frame: the navigation on the left, the current screen on the right,
// and the language switch. Screens are rebuilt when the language changes; each keeps what the
// reader typed through its own state.
type shell struct {
	app     fyne.App
	window  fyne.Window
	catalog *kb.Catalog    // nil until the knowledge base is loaded
	bundle  *goi18n.Bundle // interface messages, then also the catalog's
	tr      *i18n.Translator
	current int

	loadKnowledge func() (*kb.Catalog, *goi18n.Bundle) // loads once; safe from any goroutine

	troubleshoot *troubleshootState // kept across language changes
	signin       *signinState
	conntest     *conntestState
	printers     *printersState
	assistant    *assistantState
}

// screen is one entry of the navigation.
type screen struct {
	id      string
	titleID string
	icon    fyne.Resource
	build   func(s *shell) fyne.CanvasObject
}

// screens are the navigation's entries, in order; later versions add sign-in, the connection
// test and discovery here. (A function: theme icons need the running app.)
func screens() []screen {
	return []screen{
		{"assistant", "nav.assistant", theme.HomeIcon(), func(s *shell) fyne.CanvasObject { return newAssistantScreen(s) }},
		{"troubleshoot", "nav.troubleshoot", theme.HelpIcon(), func(s *shell) fyne.CanvasObject { return newTroubleshootScreen(s) }},
		{"printers", "nav.printers", theme.DocumentPrintIcon(), func(s *shell) fyne.CanvasObject { return newPrintersScreen(s) }},
		{"signin", "nav.signin", theme.LoginIcon(), func(s *shell) fyne.CanvasObject { return newSigninScreen(s) }},
		{"conntest", "nav.conntest", theme.MailSendIcon(), func(s *shell) fyne.CanvasObject { return newConntestScreen(s) }},
	}
}

// knowledge returns the catalog, on the UI goroutine. It waits for the load started with the
// window (a few tens of milliseconds at most) and then adopts its bundle.
func (s *shell) knowledge() *kb.Catalog {
	if s.catalog == nil {
		s.adopt(s.loadKnowledge())
	}
	return s.catalog
}

// adopt switches to the bundle that holds the catalog's texts (on the UI goroutine).
func (s *shell) adopt(cat *kb.Catalog, b *goi18n.Bundle) {
	if s.catalog == nil {
		s.catalog, s.bundle = cat, b
		s.tr = i18n.NewTranslator(b, s.tr.Lang)
	}
}

// cancelRunning stops what a screen is doing (Escape, or leaving a step); the token stays.
func (s *shell) cancelRunning() {
	for _, cancel := range []context.CancelFunc{s.signin.cancel, s.conntest.cancel, s.printers.cancel} {
		if cancel != nil {
			cancel()
		}
	}
}

// typedKey handles the keys no widget took: Escape cancels a running step, Enter goes to the
// next step of the guided path.
func (s *shell) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		s.cancelRunning()
	case fyne.KeyReturn, fyne.KeyEnter:
		if a := s.assistant.view; a != nil && a.next != nil && a.next.Visible() && !a.next.Disabled() && screens()[s.current].id == "assistant" {
			a.next.OnTapped()
		}
	}
}

// show switches the window to the screen with that ID.
func (s *shell) show(id string) {
	for i, sc := range screens() {
		if sc.id == id {
			s.current = i
		}
	}
	s.window.SetContent(s.build())
}

// setLanguage switches the whole window to lang.
func (s *shell) setLanguage(lang string) {
	s.tr = i18n.NewTranslator(s.bundle, lang)
	s.window.SetContent(s.build())
	s.window.Canvas().SetOnTypedKey(s.typedKey)
}

func (s *shell) build() fyne.CanvasObject {
	screens := screens()
	content := container.NewStack(screens[s.current].build(s))
	nav := widget.NewList(
		func() int { return len(screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HelpIcon()), widget.NewLabel("Navigation"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(screens[i].icon)
			row.Objects[1].(*widget.Label).SetText(s.tr.T(screens[i].titleID))
		})
	nav.Select(s.current)
	nav.OnSelected = func(i widget.ListItemID) {
		if i != s.current {
			if id := screens[i].id; id != "signin" && id != "conntest" {
				s.signin.forget() // the token serves the sign-in and the test only
			}
			s.current = i
			content.Objects = []fyne.CanvasObject{screens[i].build(s)}
			content.Refresh()
		}
	}
	name := canvas.NewText(Title, theme.Color(theme.ColorNameForeground))
	name.TextStyle = fyne.TextStyle{Bold: true}
	name.TextSize = theme.TextSubHeadingSize()
	header := container.NewHBox(widget.NewIcon(s.app.Icon()), name)
	sidebar := container.NewBorder(container.NewPadded(header), s.languageSwitch(), nil, nil, nav)
	split := container.NewHSplit(sidebar, content)
	split.Offset = 0.2
	return split
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
