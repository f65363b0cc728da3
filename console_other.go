//go:build !windows

package main

// attachConsole has nothing to do: the program already has its terminal.
func attachConsole() {}
