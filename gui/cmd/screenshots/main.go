//go:build screenshots

// Command screenshots writes a PNG of each screen of the real window (run it under Xvfb:
// `make screenshots`). It drives the window as a person would, through gui.Window: it sets
// the session up and shows the screens. Built only with -tags screenshots, never in the
// program people install; `make test` vets it.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("out", "screenshots", "folder for the PNG files")
	flag.Parse()
	if err := captureScreens(*out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
