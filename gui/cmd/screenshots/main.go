//go:build screenshots

// Command screenshots writes a PNG of each screen of the real window (run it under Xvfb:
// `make screenshots`).
package main

import (
	"flag"
	"fmt"
	"os"

	"mfp365/gui"
)

func main() {
	out := flag.String("out", "screenshots", "folder for the PNG files")
	flag.Parse()
	if err := gui.CaptureScreens(*out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
