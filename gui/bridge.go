package gui

import "fyne.io/fyne/v2"

// background runs work off the UI goroutine and hands its result to apply on the UI
// goroutine. It is the one place where the window's code crosses goroutines: every other
// function of this package runs on the UI goroutine.
func background[T any](work func() T, apply func(T)) {
	go func() {
		r := work()
		fyne.Do(func() { apply(r) })
	}()
}
