// Package cli is the command-line face of the assistant (see CLI.md, the contract): each
// subcommand prints readable text, or one JSON object on stdout with --json, with progress
// and prompts on stderr. Exit codes: 0 success, 1 a problem or nothing found, 2 usage or
// input error (reported before any network traffic), 3 interrupted or timed out.
package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mfp365/flows/conntest"
	"os"
	"strings"

	"mfp365/i18n"
	"mfp365/kb"
)

// Exit codes of the contract.
const (
	ExitOK          = 0
	ExitProblem     = 1
	ExitUsage       = 2
	ExitInterrupted = 3
)

// Env is what a command reads and writes; main passes the process's own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// SavedLanguage returns the language saved by the window ("" if none).
	SavedLanguage func() string
}

// command is one subcommand: it parses its own arguments.
type command func(env *Env, args []string) int

var commands = map[string]command{
	"lookup":   lookup,
	"signin":   signinCmd,
	"test":     testCmd,
	"discover": discover,
}

// plannedCommands are in the contract but come with later versions.
var plannedCommands = []string{"report"}

// Run runs the subcommand named by args[0] and returns the exit code.
func Run(env *Env, args []string) int {
	if env.SavedLanguage == nil {
		env.SavedLanguage = i18n.SavedLanguage
	}
	name := strings.TrimLeft(args[0], "-")
	if cmd, ok := commands[name]; ok {
		return cmd(env, args[1:])
	}
	tr, _ := translator(env, peekLang(args[1:]))
	switch {
	case name == "help" || name == "h":
		fmt.Fprintln(env.Stdout, tr.T("cli.usage"))
		return ExitOK
	case contains(plannedCommands, name):
		fmt.Fprintln(env.Stderr, tr.T("cli.error.planned", map[string]any{"Command": name}))
	default:
		fmt.Fprintln(env.Stderr, tr.T("cli.error.unknown_command", map[string]any{"Command": args[0]}))
		fmt.Fprintln(env.Stderr, tr.T("cli.usage"))
	}
	return ExitUsage
}

// translator builds the bundle with the knowledge base and picks the language.
func translator(env *Env, lang string) (*i18n.Translator, *kb.Catalog) {
	cat, err := kb.Load()
	if err != nil {
		panic(err) // the embedded catalog is checked by the tests: this cannot happen in a release
	}
	b, err := i18n.NewBundle(cat)
	if err != nil {
		panic(err)
	}
	return i18n.NewTranslator(b, i18n.Choose(lang, env.SavedLanguage(), i18n.SystemLanguages()...)), cat
}

// peekLang finds --lang in arguments that could not be parsed, for localizing the error.
func peekLang(args []string) string {
	for i, a := range args {
		name, value, ok := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "lang" && strings.HasPrefix(a, "-") {
			if ok {
				return value
			}
			if i+1 < len(args) {
				return args[i+1]
			}
		}
	}
	return ""
}

// usage reports a usage error in the reader's language and returns ExitUsage.
func usage(env *Env, tr *i18n.Translator, err error) int {
	var ue *usageError
	var ie *conntest.InputError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(env.Stderr, tr.T(ue.id, ue.data))
	case errors.As(err, &ie):
		fmt.Fprintln(env.Stderr, tr.T(ie.MessageID(), map[string]any{"Field": "--" + ie.Field, "Value": ie.Value}))
	default:
		fmt.Fprintln(env.Stderr, err)
	}
	return ExitUsage
}

// parse reads a command's flags, the shared --lang among them, and picks the language the
// command speaks; unless the command takes arguments, any left over is a usage error.
func parse(env *Env, fs *flagSet, args []string, positional bool) ([]string, *i18n.Translator, *kb.Catalog, error) {
	lang := fs.String("lang")
	rest, err := fs.Parse(args)
	if err == nil {
		err = checkLang(*lang)
	}
	if err == nil && !positional && len(rest) > 0 {
		err = &usageError{"cli.error.extra_args", map[string]any{"Args": strings.Join(rest, " ")}}
	}
	tr, cat := translator(env, *lang)
	return rest, tr, cat, err
}

// checkLang validates --lang: only the supported languages, or nothing.
func checkLang(lang string) error {
	if lang != "" && i18n.Normalize(lang) == "" {
		return &usageError{"cli.error.lang", map[string]any{"Value": lang}}
	}
	return nil
}

// writeJSON prints v as one JSON object on stdout.
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// createReport creates the --report file before any network traffic, so that a bad path is an
// input error; "" gives no file.
func createReport(path string) (*os.File, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, &usageError{"test.error.report_file", map[string]any{"Value": path, "Error": err.Error()}}
	}
	return f, nil
}
