package gui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mfp365/i18n"
)

// updates receives the UI updates of background work, run by doAndWait on the test goroutine.
var updates chan func()

// newTestShell opens the main window on a test app, in the given language.
func newTestShell(t testing.TB, lang string) *shell {
	updates = make(chan func(), 256)
	ch := updates
	a := test.NewTempApp(t)
	a.Preferences().SetString(i18n.LanguagePref, lang)
	s := newShell(a)
	s.seams.deliver = func(f func()) { ch <- f }
	s.window.Resize(fyne.NewSize(1100, 740))
	s.show("troubleshoot")
	return s
}

// typeAndWait types text into the paste area and waits for its result to be shown.
func typeAndWait(t *testing.T, s *shell, text string) {
	t.Helper()
	doAndWait(t, s, func() { test.Type(s.troubleshoot().input, text) })
}

// doAndWait runs action, then runs the UI updates it causes until a result is shown.
func doAndWait(t *testing.T, s *shell, action func()) {
	t.Helper()
	shown := false
	s.seams.onChange = func() { shown = true }
	defer func() { s.seams.onChange = nil }()
	action()
	deadline := time.After(5 * time.Second)
	for !shown {
		select {
		case f := <-updates:
			f()
		case <-deadline:
			t.Fatal("no result shown within 5 s")
		}
	}
}

// texts collects every text shown inside o (labels, rich texts, buttons).
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *wrapLabel:
			b.WriteString(w.full + "\n")
			return
		case *widget.Label:
			b.WriteString(w.Text + "\n")
			return
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
			return
		case *widget.Button:
			b.WriteString(w.Text + "\n")
			return
		case *widget.Hyperlink:
			b.WriteString(w.Text + "\n")
			return
		case *widget.Card:
			b.WriteString(w.Title + "\n" + w.Subtitle + "\n")
			walk(w.Content)
			return
		case *container.AppTabs:
			for _, item := range w.Items {
				b.WriteString(item.Text + "\n")
				walk(item.Content)
			}
			return
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
			return
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

func TestPasteShowsPanel(t *testing.T) {
	s := newTestShell(t, "fr")
	typeAndWait(t, s, "AADSTS7000218 application '00001111-aaaa-2222-bbbb-3333cccc4444'")
	v := s.troubleshoot()
	got := texts(v.results)
	for _, want := range []string{
		"L'application n'autorise pas la connexion par code", "Cause\u00a0:", "À faire\u00a0:",
		"l'application 00001111-aaaa-2222-bbbb-3333cccc4444", "Canon / Océ (WebTools Express)",
		"Lu dans le message", "000_aa104b4102b39e1e.txt", "Copier",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("panel lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(v.status.Text, "AADSTS7000218") || !strings.Contains(v.status.Text, "1 explication") {
		t.Errorf("status %q", v.status.Text)
	}
	test.AssertObjectRendersToMarkup(t, "paste_7000218_fr.xml", v.results)
}

func TestCopyButtonCopiesPanel(t *testing.T) {
	s := newTestShell(t, "fr")
	typeAndWait(t, s, "535 5.7.3 Authentication unsuccessful")
	var copyBtn *widget.Button
	var find func(fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Copier" && copyBtn == nil {
			copyBtn = b
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				find(x)
			}
		} else if card, ok := o.(*widget.Card); ok {
			find(card.Content)
		}
	}
	find(s.troubleshoot().results)
	if copyBtn == nil {
		t.Fatal("no copy button")
	}
	test.Tap(copyBtn)
	if got := s.app.Clipboard().Content(); !strings.Contains(got, "SMTP 535 5.7.3") || !strings.Contains(got, "1. ") {
		t.Errorf("clipboard %q", got)
	}
}

func TestNoMatchAndEmptyStates(t *testing.T) {
	s := newTestShell(t, "fr")
	if got := texts(s.troubleshoot().results); !strings.Contains(got, "Aucun message pour l'instant") {
		t.Errorf("empty state: %q", got)
	}
	typeAndWait(t, s, "tout va bien")
	if got := texts(s.troubleshoot().results); !strings.Contains(got, "Aucune explication trouvée") || strings.Contains(got, "Peut-être") {
		t.Errorf("no-match state: %q", got)
	}
	// Google's 535: it says whose reply it is, and suggests nothing of Exchange.
	doAndWait(t, s, func() {
		s.troubleshoot().input.SetText("535-5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials")
	})
	if got := texts(s.troubleshoot().results); !strings.Contains(got, "Ce message vient de Google") || strings.Contains(got, "Peut-être") {
		t.Errorf("Google's reply: %q", got)
	}
	// An unnamed server's 535: no explanation, the nearest entries under « Peut-être », closed.
	doAndWait(t, s, func() {
		s.troubleshoot().input.SetText("535 5.7.8 Error: authentication failed: authentication failure")
	})
	got := texts(s.troubleshoot().results)
	if !strings.Contains(got, "Aucune explication trouvée") || !strings.Contains(got, "Peut-être") || !strings.Contains(got, "Exchange Online refuse") {
		t.Errorf("suggestions: %q", got)
	}
	if acc := find[*widget.Accordion](s.troubleshoot().results); acc == nil || len(acc.Items) == 0 || acc.Items[0].Open {
		t.Error("suggestions are not closed items")
	}
}

func TestLanguageSwitchKeepsText(t *testing.T) {
	s := newTestShell(t, "fr")
	typeAndWait(t, s, "AADSTS50126")
	sel := find[*widget.Select](s.window.Content())
	doAndWait(t, s, func() { sel.SetSelected("English") })
	v := s.troubleshoot()
	if v.input.Text != "AADSTS50126" || !strings.Contains(texts(v.results), "What to do:") {
		t.Errorf("after switch: input %q, results %q", v.input.Text, texts(v.results))
	}
	if got := s.app.Preferences().String(i18n.LanguagePref); got != "en" {
		t.Errorf("saved language %q", got)
	}
	test.AssertObjectRendersToMarkup(t, "paste_50126_en.xml", v.results)
}

func TestPasteIsBounded(t *testing.T) {
	s := newTestShell(t, "fr")
	v := s.troubleshoot()
	// 10 MB with control characters: the entry shows the beginning, the first MiB is analysed.
	huge := "\x00\x01 " + strings.Repeat("é", 5<<20)
	doAndWait(t, s, func() { v.input.TypedShortcut(&fyne.ShortcutPaste{Clipboard: staticClipboard(huge)}) })
	if n := len(v.input.Text); n > maxShown || n < maxShown-4 {
		t.Errorf("entry holds %d bytes, want at most %d", n, maxShown)
	}
	if strings.ContainsAny(v.input.Text, "\x00\x01") {
		t.Error("control characters reached the entry")
	}
	if !strings.Contains(v.status.Text, "texte long (1023 Kio)") || !strings.Contains(v.status.Text, "au-delà de 1 Mio") {
		t.Errorf("excess not reported: %q", v.status.Text)
	}
	// A 500 KB log whose error is at the end: analysed whole, though only its start is shown.
	log := strings.Repeat("2026-11-21 scan job queued, nothing to report\n", 500<<10/47) + "535 5.7.3 Authentication unsuccessful\n"
	doAndWait(t, s, func() { v.input.SetText("") })
	doAndWait(t, s, func() { v.input.TypedShortcut(&fyne.ShortcutPaste{Clipboard: staticClipboard(log)}) })
	if strings.Contains(v.input.Text, "535") || !strings.Contains(v.status.Text, "SMTP 535 5.7.3") {
		t.Errorf("long log: status %q", v.status.Text)
	}
	// Once edited, what is displayed is what is analysed.
	doAndWait(t, s, func() { v.input.SetText(v.input.Text[:100] + " AADSTS50126") })
	if !strings.Contains(v.status.Text, "AADSTS50126") || strings.Contains(v.status.Text, "535") {
		t.Errorf("after an edit: status %q", v.status.Text)
	}
}

// TestLanguageDefaults: the system language is used, French otherwise, and nothing is saved
// until the reader picks a language.
func TestLanguageDefaults(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{{"en_US.UTF-8", "en"}, {"de_DE.UTF-8", "fr"}, {"", "fr"}} {
		t.Setenv("LANGUAGE", "")
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", tc.lang)
		a := test.NewTempApp(t)
		s := newShell(a)
		if s.tr.Lang != tc.want || a.Preferences().String(i18n.LanguagePref) != "" {
			t.Errorf("LANG=%q: language %q (want %q), saved %q", tc.lang, s.tr.Lang, tc.want, a.Preferences().String(i18n.LanguagePref))
		}
	}
}
