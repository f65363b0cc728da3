package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestEnginesDoNotImportFyne keeps the engines, the assistant's model and the report free of
// the UI: only gui/ may import fyne.io.
func TestEnginesDoNotImportFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./checks/...", "./flows/...", "./kb/...", "./i18n/...", "./report/...", "./input/...", "./assistant/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list returned too little to be the dependency list: %q", deps)
	}
	for _, dep := range deps {
		if strings.HasPrefix(dep, "fyne.io/") {
			t.Errorf("an engine package depends on %s", dep)
		}
	}
}
