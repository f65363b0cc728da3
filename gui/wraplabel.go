package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wrapLabel is a label that wraps at plain spaces only. Fyne's word wrapping also breaks at
// the non-breaking spaces of French typography (it asks unicode.IsSpace), which would start a
// line with « : » or « ? », and its character wrapping cuts SmtpClientAuthenticationDisabled
// in two. So the label breaks its text itself for the width it is given, and Fyne then finds
// lines that already fit (a single word wider than the label is the only one Fyne still cuts).
type wrapLabel struct {
	widget.Label
	full  string  // the text, without the line breaks added for the width
	width float32 // the width the text was broken for
}

func newWrapLabel(text string) *wrapLabel {
	l := &wrapLabel{full: text}
	l.Text, l.Wrapping = text, fyne.TextWrapWord
	l.ExtendBaseWidget(l)
	return l
}

// Resize breaks the text again when the width changes.
func (l *wrapLabel) Resize(size fyne.Size) {
	if size.Width != l.width {
		l.width = size.Width
		l.Label.Text = l.broken()
		l.Label.Refresh()
	}
	l.Label.Resize(size)
}

// SetText changes the text, broken for the current width.
func (l *wrapLabel) SetText(text string) {
	l.full = text
	l.Label.SetText(l.broken())
}

// broken is the text with a line break at the last plain space that fits each line.
func (l *wrapLabel) broken() string {
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	return breakLines(l.full, l.width-2*theme.InnerPadding()-1, size, l.TextStyle)
}

// breakLines breaks text into lines no wider than width, at plain spaces only (U+0020).
func breakLines(text string, width, size float32, style fyne.TextStyle) string {
	if width <= 0 {
		return text
	}
	var out strings.Builder
	for i, para := range strings.Split(text, "\n") {
		if i > 0 {
			out.WriteByte('\n')
		}
		line := ""
		for j, word := range strings.Split(para, " ") {
			switch {
			case j == 0:
				line = word
			case fyne.MeasureText(line+" "+word, size, style).Width <= width:
				line += " " + word
			default:
				out.WriteString(line + "\n")
				line = word
			}
		}
		out.WriteString(line)
	}
	return out.String()
}
