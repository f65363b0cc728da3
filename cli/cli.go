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
	"os"
	"slices"
	"strings"

	"mfp365/assets"
	"mfp365/i18n"
	"mfp365/input"
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

	command string   // the running command ("signin", "test smtp"), for its usage and hints
	flags   []string // the flags the command registered (the tests compare them with its usage)
}

// command is one subcommand: it parses its own arguments.
type command func(env *Env, args []string) int

var commands = map[string]command{
	"lookup":   lookup,
	"signin":   signinCmd,
	"test":     testCmd,
	"discover": discover,
	"listen":   listenCmd,
}

// plannedCommands are in the contract but come with later versions.
var plannedCommands = []string{"report"}

// Run runs the subcommand named by args[0] and returns the exit code. It also answers
// --version and help: `mfp365 help [COMMAND]`, `mfp365 --help`; `mfp365 COMMAND --help` is
// the command's own parse (see parse).
func Run(env *Env, args []string) int {
	if env.SavedLanguage == nil {
		env.SavedLanguage = i18n.SavedLanguage
	}
	args = langLast(args)
	if len(args) == 0 {
		args = []string{"help"}
	}
	if args[0] == "--version" || args[0] == "-version" {
		fmt.Fprintln(env.Stdout, "mfp365 "+assets.Version)
		return ExitOK
	}
	name := strings.TrimLeft(args[0], "-")
	env.command = name
	if name == "test" {
		if len(args) > 1 && args[1] == "smtp" {
			env.command = "test smtp"
		} else if wantsHelp(args[1:]) { // `mfp365 test --help`: the usage of its only subcommand
			return help(env, args[1:], "test")
		}
	}
	if cmd, ok := commands[name]; ok {
		return cmd(env, args[1:])
	}
	if name == "help" || name == "h" {
		return help(env, args[1:], "")
	}
	tr, _ := translator(env, peekLang(args[1:]))
	if slices.Contains(plannedCommands, name) {
		fmt.Fprintln(env.Stderr, tr.T("cli.error.planned", map[string]any{"Command": name}))
	} else {
		fmt.Fprintln(env.Stderr, tr.T("cli.error.unknown_command", map[string]any{"Command": args[0]}))
		fmt.Fprintln(env.Stderr, generalHelp(tr))
	}
	return ExitUsage
}

// langLast moves a --lang given before the command after it: `mfp365 --lang en signin ...`
// is `mfp365 signin ... --lang en`, and `mfp365 --lang en` is `mfp365 help --lang en`.
func langLast(args []string) []string {
	if len(args) == 0 {
		return args
	}
	name, value, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
	if name != "lang" || !strings.HasPrefix(args[0], "-") {
		return args
	}
	n := 1
	if !hasValue {
		if len(args) < 2 {
			return args // an unknown command "--lang"
		}
		value, n = args[1], 2
	}
	rest := slices.Clone(args[n:])
	if len(rest) == 0 {
		rest = []string{"help"}
	}
	return append(rest, "--lang", value)
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

// usage reports a usage error in the reader's language and returns ExitUsage; asked for
// help (errHelp, from parse), it prints the command's usage on stdout and returns ExitOK.
func usage(env *Env, tr *i18n.Translator, err error) int {
	var ue *usageError
	var ie *input.Error
	switch {
	case errors.Is(err, errHelp):
		text, _ := commandHelp(tr, env.command)
		fmt.Fprintln(env.Stdout, text)
		return ExitOK
	case errors.As(err, &ue) && strings.HasPrefix(ue.id, "cli.error."):
		// a mistake in the flags themselves: say where the command's usage is
		fmt.Fprintln(env.Stderr, tr.T(ue.id, ue.data)+" "+tr.T("cli.error.see_help",
			map[string]any{"Command": strings.TrimSpace("mfp365 " + env.command)}))
	case errors.As(err, &ue):
		fmt.Fprintln(env.Stderr, tr.T(ue.id, ue.data))
	case errors.As(err, &ie):
		fmt.Fprintln(env.Stderr, refusal(tr, ie))
	default:
		fmt.Fprintln(env.Stderr, err)
	}
	return ExitUsage
}

// refusal is an engine's input error in the reader's language, naming the option.
func refusal(tr *i18n.Translator, ie *input.Error) string {
	return tr.T(ie.MessageID(), map[string]any{"Field": "--" + strings.ReplaceAll(ie.Field, "_", "-"), "Value": ie.Value})
}

// errHelp is what parse returns when -h or --help was given: the command hands it to usage,
// which prints the command's usage, as it does with a usage error, before any work.
var errHelp = errors.New("help requested")

// parse reads a command's flags, the shared --lang among them, and picks the language the
// command speaks; unless the command takes arguments, any left over is a usage error. With
// -h or --help anywhere before "--", it returns errHelp whatever else is wrong.
func parse(env *Env, fs *flagSet, args []string, positional bool) ([]string, *i18n.Translator, *kb.Catalog, error) {
	lang := fs.String("lang")
	rest, err := fs.Parse(args)
	env.flags = fs.names
	if fs.help {
		tr, cat := translator(env, *lang)
		return rest, tr, cat, errHelp
	}
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
