// Command minimal is the reference for the start-up measurement (`make startup`): the
// smallest Fyne window, one label, built with the same Fyne version and flags as the app.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("fr.mfp365.minimal")
	w := a.NewWindow("Minimal Fyne window")
	w.SetContent(widget.NewLabel("Hello"))
	w.ShowAndRun()
}
