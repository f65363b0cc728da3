// Command mfp365 is the Assistant MFP 365: with no arguments it opens the window; with a
// subcommand (lookup, signin, test, discover), help or --version it runs on the command line
// (see CLI.md).
package main

import (
	"os"

	"mfp365/cli"
	"mfp365/gui"
)

func main() {
	if len(os.Args) > 1 {
		attachConsole()
		os.Exit(cli.Run(&cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
	}
	gui.Run()
}
