package gui

import (
	"time"
)

// background runs work off the UI goroutine and hands its result to apply on the UI
// goroutine. It is the one place where the window's code crosses goroutines (through the
// shell's deliver seam, fyne.Do): every other function of this package runs on the UI
// goroutine.
func background[T any](s *shell, work func() T, apply func(T)) {
	d := s.seams.deliver
	go func() {
		r := work()
		d(func() { apply(r) })
	}()
}

// backgroundWithProgress is background for work that reports progress: each report(update)
// runs update on the UI goroutine, in order, before apply gets the result.
func backgroundWithProgress[T any](s *shell, work func(report func(update func())) T, apply func(T)) {
	d := s.seams.deliver
	go func() {
		r := work(d)
		d(func() { apply(r) })
	}()
}

// repeat runs update on the UI goroutine every period until stop is closed (a countdown).
func repeat(s *shell, period time.Duration, stop <-chan struct{}, update func()) {
	d := s.seams.deliver
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
