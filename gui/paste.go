package gui

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// maxPaste bounds the text the paste area holds: enough for any error message or log excerpt,
// small enough for the entry to stay responsive. The excess is dropped and reported.
const maxPaste = 256 << 10

// pasteEntry is a multi-line entry whose pastes are bounded and cleaned before they reach the
// widget, so a 10 MB clipboard or a binary file never freezes the window.
type pasteEntry struct {
	widget.Entry
	onExcess func(bool) // told whether the last change had to be cut
}

func newPasteEntry(onExcess func(bool)) *pasteEntry {
	e := &pasteEntry{onExcess: onExcess}
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

// paste inserts text at the cursor, cleaned and cut to what still fits.
func (e *pasteEntry) paste(text string) {
	room := maxPaste - len(e.Text)
	clean, cut := boundText(text, max(room, 0))
	e.Entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: staticClipboard(clean)})
	e.onExcess(cut)
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
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ReplaceAll(text, "\r\n", "\n")), cut
}

// staticClipboard hands a fixed text to the entry's own paste.
type staticClipboard string

func (c staticClipboard) Content() string   { return string(c) }
func (c staticClipboard) SetContent(string) {}
