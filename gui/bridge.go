package gui

import (
	"time"

	"fyne.io/fyne/v2"
)

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

// backgroundWithProgress is background for work that reports progress: each report(update)
// runs update on the UI goroutine, in order, before apply gets the result.
func backgroundWithProgress[T any](work func(report func(update func())) T, apply func(T)) {
	d := deliver
	go func() {
		r := work(d)
		d(func() { apply(r) })
	}()
}

// repeat runs update on the UI goroutine every period until stop is closed (a countdown).
func repeat(period time.Duration, stop <-chan struct{}, update func()) {
	d := deliver
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				d(update)
			}
		}
	}()
}
