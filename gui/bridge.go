package gui

import "fyne.io/fyne/v2"

// deliver hands a finished piece of work to the UI goroutine. Tests replace it: the test
// driver's fyne.Do runs on the calling goroutine, so they queue updates and run them on the
// test goroutine instead.
var deliver = fyne.Do

// background runs work off the UI goroutine and hands its result to apply on the UI
// goroutine. It is the one place where the window's code crosses goroutines: every other
// function of this package runs on the UI goroutine.
func background[T any](work func() T, apply func(T)) {
	d := deliver
	go func() {
		r := work()
		d(func() { apply(r) })
	}()
}
