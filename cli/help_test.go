package cli

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"mfp365/assets"
)

// TestCommandHelp: --help, -h and `help COMMAND` print the command's usage on stdout, in the
// language asked, nothing on stderr, exit 0; and before any work (no network: the commands
// would need their required flags).
func TestCommandHelp(t *testing.T) {
	for _, c := range commands {
		cmd := strings.Fields(c.name)
		for _, lang := range []struct{ name, word string }{{"fr", "Utilisation\u00a0:"}, {"en", "Usage:"}} {
			for _, args := range [][]string{
				append(slices.Clone(cmd), "--help", "--lang", lang.name),
				append(slices.Clone(cmd), "-h", "--lang="+lang.name),
				append(slices.Clone(cmd), "-help", "--lang", lang.name),
				append(append([]string{"help"}, cmd...), "--lang", lang.name),
				append([]string{"--help", "--lang", lang.name}, cmd...),
			} {
				out, errOut, code := run(t, "", args...)
				if code != ExitOK || errOut != "" || !strings.HasPrefix(out, "mfp365 "+c.name+" — ") ||
					!strings.Contains(out, "--json") || !strings.Contains(out, lang.word) {
					t.Errorf("%q: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
				}
			}
		}
	}
}

// TestHelpWins: asked for help, a command prints it even with other mistakes on the line,
// and does nothing else (no --report file is created).
func TestHelpWins(t *testing.T) {
	report := t.TempDir() + "/r.html"
	for _, args := range [][]string{
		{"signin", "--nope", "--help"},
		{"signin", "extra", "-h"},
		{"test", "smtp", "--report", report, "-h"},
		{"test", "-h"},
		{"test", "--help", "--lang", "de"},
		{"discover", "--timeout", "forever", "--help"},
	} {
		out, errOut, code := run(t, "", args...)
		if code != ExitOK || errOut != "" || !strings.Contains(out, "--") {
			t.Errorf("%q: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
		}
	}
	if _, err := readBounded(report, 1); err == nil {
		t.Error("test smtp --help created the --report file")
	}
}

// TestGeneralHelp: `mfp365 help`, `--help`, `-h` and no arguments list every command of the
// table with what it does, and say where each one's usage is.
func TestGeneralHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {}, {"help", "--lang", "en"}} {
		out, errOut, code := run(t, "", args...)
		if code != ExitOK || errOut != "" || !regexp.MustCompile(`mfp365 COMMA[A-Z]+ --help`).MatchString(out) {
			t.Errorf("%q: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
		}
		for _, c := range commands {
			if !regexp.MustCompile(`(?m)^  mfp365 ` + c.name + ` +\pL`).MatchString(out) {
				t.Errorf("%q: %s is not listed with what it does:\n%s", args, c.name, out)
			}
		}
	}
	// --lang may come before the command
	for _, args := range [][]string{{"--lang", "en", "--help"}, {"--lang", "en"}, {"-lang=en", "signin", "-h"}} {
		out, errOut, code := run(t, "", args...)
		if code != ExitOK || errOut != "" || !strings.Contains(out, "Usage:") {
			t.Errorf("%q: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
		}
	}
	out, errOut, code := run(t, "", "help", "frobnicate")
	if code != ExitUsage || out != "" || !strings.Contains(errOut, "frobnicate") {
		t.Errorf("help frobnicate: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "-version"} {
		out, errOut, code := run(t, "", arg)
		if code != ExitOK || out != "mfp365 "+assets.Version+"\n" || errOut != "" {
			t.Errorf("%s: exit %d\nstdout: %q\nstderr: %s", arg, code, out, errOut)
		}
	}
}

// TestUnknownFlag: exit 2, before any work, with the flag named (not its value) and the way
// to the command's usage.
func TestUnknownFlag(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		flag, want string
	}{
		{[]string{"signin", "--nope"}, "«\u00a0--nope\u00a0»", "Voir mfp365 signin --help."},
		{[]string{"signin", "--nope", "--lang", "en"}, `"--nope"`, "See mfp365 signin --help."}, // --lang after the mistake counts
		{[]string{"test", "smtp", "--user", "a@contoso.fr", "-x"}, "«\u00a0-x\u00a0»", "mfp365 test smtp --help"},
		{[]string{"discover", "--password=secret"}, "«\u00a0--password\u00a0»", "mfp365 discover --help"},
		{[]string{"lookup", "--nope", "AADSTS50126"}, "«\u00a0--nope\u00a0»", "mfp365 lookup --help"},
	} {
		out, errOut, code := run(t, "", tc.args...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, tc.flag) || !strings.Contains(errOut, tc.want) ||
			strings.Contains(errOut, "secret") {
			t.Errorf("%q: exit %d\nstdout: %s\nstderr: %s", tc.args, code, out, errOut)
		}
	}
}

// TestLookupDashText: after "--", "-h" is text to explain, not a request for help.
func TestLookupDashText(t *testing.T) {
	out, errOut, code := run(t, "", "lookup", "--json", "--", "-h")
	if code != ExitProblem || !strings.Contains(out, `"matches"`) || strings.Contains(out, "Options") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	out, _, code = run(t, "", "lookup", "--", "--help", "AADSTS50126")
	if code != ExitOK || !strings.Contains(out, "AADSTS50126") {
		t.Errorf("exit %d\nstdout: %s", code, out)
	}
}

// TestUsageNamesEveryFlag: a command's usage names every flag the command registers, and no
// other, in both languages, so that the usage cannot drift from the code.
func TestUsageNamesEveryFlag(t *testing.T) {
	flagRE := regexp.MustCompile(`(?:^|[\s\[(|])(--[a-z][a-z0-9-]*)`)
	for _, c := range commands {
		for _, lang := range []string{"fr", "en"} {
			var out, errOut bytes.Buffer
			env := &Env{Stdout: &out, Stderr: &errOut, SavedLanguage: func() string { return "" }}
			args := append(strings.Fields(c.name), "--help", "--lang", lang)
			if code := Run(env, args); code != ExitOK || len(env.flags) < 2 {
				t.Fatalf("%q: exit %d, flags %q\n%s", args, code, env.flags, errOut.String())
			}
			named := map[string]bool{}
			for _, m := range flagRE.FindAllStringSubmatch(out.String(), -1) {
				named[m[1]] = true
			}
			for _, f := range env.flags {
				if !named["--"+f] {
					t.Errorf("%s %s: the usage does not name --%s", lang, c.name, f)
				}
				delete(named, "--"+f)
			}
			delete(named, "--help")
			for f := range named {
				t.Errorf("%s %s: the usage names %s, which the command does not take", lang, c.name, f)
			}
		}
	}
}
