// Command mfp365 is the Assistant MFP 365: with no arguments it opens the window; with a
// subcommand (lookup, signin, test, discover, listen), help or --version it runs on the
// command line (see CLI.md). With no display to open the window on, it says so and points to
// the commands, which need none.
package main

import (
	"os"

	"mfp365/cli"
	"mfp365/gui"
)

func main() {
	env := &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	if len(os.Args) > 1 {
		attachConsole()
		os.Exit(cli.Run(env, os.Args[1:]))
	}
	if !hasDisplay() {
		os.Exit(cli.NoDisplay(env))
	}
	gui.Run()
}
