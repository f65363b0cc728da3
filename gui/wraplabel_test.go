package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// renderedLines are the lines a label draws, as the renderer lays them out.
func renderedLines(o fyne.CanvasObject) []string {
	var lines []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *canvas.Text:
			lines = append(lines, w.Text)
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return lines
}

// badBreak says whether a line starts with what French typography keeps on the line before.
func badBreak(line string) bool {
	return strings.ContainsAny(line[:min(len(line), 3)], ":;?!»\u00a0\u202f") || strings.HasSuffix(line, "«")
}

// TestWrapLabelKeepsFrenchSpacing: at every width, a wrapping label never starts a line with
// « : ; ? ! » or ends one with « (Fyne's own wrapping does, at the non-breaking spaces), and
// never cuts a word that fits on a line.
func TestWrapLabelKeepsFrenchSpacing(t *testing.T) {
	test.NewTempApp(t)
	texts := []string{
		"Vérifiez bien la configuration\u00a0: ensuite, tout ira\u202f! Et après\u202f? Rien.",
		"Vérifiez que «\u00a0Autoriser les flux de clients publics\u00a0» (Allow public client flows) est sur «\u00a0Oui\u00a0»\u202f; sinon, réglez-le et enregistrez\u00a0: la connexion par code en dépend. Que voulez-vous faire\u202f? Recommencez\u202f!",
		"Set-CASMailbox -Identity scan@contoso.fr -SmtpClientAuthenticationDisabled $false\u00a0: l'administrateur Exchange lance cette commande.",
	}
	fyneBad := 0
	for _, text := range texts {
		widest := float32(0) // from this width on, no word is wider than a line
		for _, w := range strings.Split(text, " ") {
			widest = max(widest, fyne.MeasureText(w, theme.TextSize(), fyne.TextStyle{}).Width+2*theme.InnerPadding()+1)
		}
		for width := widest; width <= 700; width++ {
			ours := newWrapLabel(text)
			ours.Resize(fyne.NewSize(width, 400))
			for _, line := range renderedLines(ours) {
				if badBreak(line) {
					t.Errorf("width %.0f: line %q", width, line)
				}
				if strings.Contains(line, "SmtpClient") && !strings.Contains(line, "SmtpClientAuthenticationDisabled") {
					t.Errorf("width %.0f: a word cut: %q", width, line)
				}
			}
			if got := strings.Join(strings.Fields(strings.Join(renderedLines(ours), " ")), " "); got != strings.Join(strings.Fields(text), " ") {
				t.Fatalf("width %.0f: text lost:\n%q\n%q", width, got, text)
			}
			theirs := widget.NewLabel(text)
			theirs.Wrapping = fyne.TextWrapWord
			theirs.Resize(fyne.NewSize(width, 400))
			for _, line := range renderedLines(theirs) {
				if badBreak(line) {
					fyneBad++
				}
			}
		}
	}
	if fyneBad == 0 {
		t.Error("Fyne's own label never broke at a non-breaking space here: the test shows nothing")
	}
	t.Logf("Fyne's own label: %d lines starting with French punctuation", fyneBad)
}

// BenchmarkBreakLines: one long panel paragraph broken for a width, as on every resize.
func BenchmarkBreakLines(b *testing.B) {
	test.NewTempApp(b)
	text := strings.Repeat("Vérifiez que «\u00a0Autoriser les flux de clients publics\u00a0» est sur «\u00a0Oui\u00a0»\u202f; sinon, réglez-le\u00a0: ", 6)
	for b.Loop() {
		breakLines(text, 600, theme.TextSize(), fyne.TextStyle{})
	}
}

// BenchmarkCatalogRowHeights: the heights of every row of « Tous les messages », as when the
// list's width changes.
func BenchmarkCatalogRowHeights(b *testing.B) {
	s := newTestShell(b, "fr")
	cat, tr := s.knowledge()
	rows := cat.Situations(tr)
	list := widget.NewList(func() int { return len(rows) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(widget.ListItemID, fyne.CanvasObject) {})
	width := float32(400)
	for b.Loop() {
		width = 1000 - width // a new width each time
		fitRows(list, rows, width)
	}
	b.ReportMetric(float64(len(rows)), "rows")
}

// FuzzBreakLines: breaking only turns plain spaces into line breaks; nothing is lost, added or
// moved, whatever the text and the width.
func FuzzBreakLines(f *testing.F) {
	test.NewTempApp(f)
	f.Add("Vérifiez bien la configuration\u00a0: ensuite, tout ira\u202f!", float32(120))
	f.Add("  deux  espaces\n\nlignes ", float32(30))
	f.Add("SmtpClientAuthenticationDisabled", float32(10))
	f.Fuzz(func(t *testing.T, text string, width float32) {
		if len(text) > 2000 || width > 5000 || width != width { // NaN
			return
		}
		out := breakLines(text, width, theme.TextSize(), fyne.TextStyle{})
		if strings.ReplaceAll(out, "\n", " ") != strings.ReplaceAll(text, "\n", " ") {
			t.Errorf("breakLines(%q, %v) = %q", text, width, out)
		}
	})
}
