package gui

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"mfp365/kb"
)

// maxShown bounds the text the paste area displays: Fyne's entry slows down sharply beyond a
// few tens of kilobytes. A longer paste is shown cut, and analysed whole (up to kb.MaxInput).
const maxShown = 16 << 10

// longPaste is a paste too long to display: the entry shows its beginning.
type longPaste struct {
	full  string // cleaned, at most kb.MaxInput bytes: what is analysed
	shown string // what the entry displays
	cut   bool   // the paste was longer than kb.MaxInput
}

// pasteEntry is a multi-line entry whose pastes are cleaned and bounded before they reach the
// widget, so a 10 MB clipboard or a binary file never freezes the window.
type pasteEntry struct {
	widget.Entry
	onLong func(*longPaste) // told before a long paste replaces the text
}

func newPasteEntry(onLong func(*longPaste)) *pasteEntry {
	e := &pasteEntry{onLong: onLong}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut bounds pastes; other shortcuts behave as usual.
func (e *pasteEntry) TypedShortcut(s fyne.Shortcut) {
	if p, ok := s.(*fyne.ShortcutPaste); ok && p.Clipboard != nil {
		e.paste(p.Clipboard.Content())
		return
	}
	e.Entry.TypedShortcut(s)
}

// pasteClipboard pastes the system clipboard (the "Paste" button).
func (e *pasteEntry) pasteClipboard() {
	e.paste(fyne.CurrentApp().Clipboard().Content())
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
		c.Focus(e)
	}
}

// paste inserts a cleaned text at the cursor; a text too long to display replaces the
// content, shown cut.
func (e *pasteEntry) paste(text string) {
	full, cut := boundText(text, kb.MaxInput)
	if len(e.Text)+len(full) <= maxShown {
		e.Entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: staticClipboard(full)})
		return
	}
	shown, _ := boundText(full, maxShown)
	e.onLong(&longPaste{full: full, shown: shown, cut: cut})
	e.SetText(shown)
}

// boundText makes text safe for the entry: invalid UTF-8 and control characters (but line
// breaks and tabs) become spaces, and the result is cut at limit bytes on a character boundary.
func boundText(text string, limit int) (string, bool) {
	cut := false
	if len(text) > limit {
		for limit > 0 && !utf8.RuneStart(text[limit]) {
			limit--
		}
		text, cut = text[:limit], true
	}
	return kb.Sanitize(strings.ReplaceAll(text, "\r\n", "\n")), cut
}

// staticClipboard hands a fixed text to the entry's own paste.
type staticClipboard string

func (c staticClipboard) Content() string   { return string(c) }
func (c staticClipboard) SetContent(string) {}
