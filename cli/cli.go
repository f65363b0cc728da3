// Package cli is the command-line face of the assistant (see CLI.md, the contract): each
// subcommand prints readable text, or one JSON object on stdout with --json, with progress
// and prompts on stderr. Exit codes: 0 success, 1 a problem or nothing found, 2 usage or
// input error (reported before any network traffic), 3 interrupted or timed out.
//
// The commands are one table (commands): a name, the message ID of its usage, and a run made
// of two halves, a parse that reads every argument into the command's options (refusing with a
// usage or input error before any work) and the work itself.
//
// What comes from the network is shown, never obeyed: the text output and stderr go through
// textsafe.Printable, the JSON escapes what a terminal would act on. Output files (--report,
// --csv) replace the previous one only once complete; output that cannot be written fails the
// run (exit 1) with a message.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

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

	cmd   *command         // the running command, for its usage and hints
	flags []string         // the flags it registered (the tests compare them with its usage)
	tr    *i18n.Translator // the language it speaks
	cat   *kb.Catalog      // the knowledge base

	out      *checkedWriter // stdout as given: JSON goes there, and its first write error stays
	lostFile bool           // an output file could not be written
}

// command is one line of the table.
type command struct {
	name string                            // as typed after mfp365: "lookup", "test smtp"
	help string                            // i18n ID of its usage, whose first line is "mfp365 NAME — what it does"
	run  func(env *Env, args []string) int // made by runs
}

// commands is the one table of commands: Run finds a command in it, help and the general
// usage print from it, the tests go through all of it.
var commands = []command{
	{"lookup", "cli.help.lookup", runs(parseLookup, lookup)},
	{"signin", "cli.help.signin", runs(parseSignin, signinCmd)},
	{"test smtp", "cli.help.test_smtp", runs(parseTestSMTP, testSMTP)},
	{"discover", "cli.help.discover", runs(parseDiscover, discover)},
	{"listen", "cli.help.listen", runs(parseListen, listenCmd)},
}

// plannedCommands are in the contract but come with later versions.
var plannedCommands = []string{"report"}

// runs makes a command's run of its two halves: parse reads every argument into the options,
// and refuses (or asks for the usage) before any work; run works with the options.
func runs[O any](parse func(fs *flagSet, args []string) (O, error), run func(env *Env, o O) int) func(*Env, []string) int {
	return func(env *Env, args []string) int {
		fs := newFlagSet()
		o, err := parse(fs, args)
		env.flags = fs.names
		env.tr, env.cat = translator(env, fs.lang)
		if err != nil {
			return usage(env, err)
		}
		return run(env, o)
	}
}

// findCommand finds the command named by the first words of args (the first may have dashes,
// as in --help) and returns it with the number of words its name takes.
func findCommand(args []string) (*command, int) {
	for i := range commands {
		words := strings.Fields(commands[i].name)
		if len(args) >= len(words) && strings.TrimLeft(args[0], "-") == words[0] && slices.Equal(args[1:len(words)], words[1:]) {
			return &commands[i], len(words)
		}
	}
	return nil, 0
}

// Run runs the subcommand named by args[0] and returns the exit code. It also answers
// --version and help: `mfp365 help [COMMAND]`, `mfp365 --help`; `mfp365 COMMAND --help` is
// the command's own parse. What it prints as text goes through printable (no text from the
// network rewrites the terminal), and output that could not be written makes it fail.
func Run(env *Env, args []string) int {
	stdout, stderr := env.Stdout, env.Stderr
	defer func() { env.Stdout, env.Stderr = stdout, stderr }()
	env.out, env.lostFile, env.tr = &checkedWriter{w: stdout}, false, nil
	env.Stdout, env.Stderr = printable{env.out}, printable{stderr}
	return env.finish(dispatch(env, args), args)
}

// finish makes a run whose output was lost a failure: stdout's error said on stderr (an output
// file's was said when it was written), and ExitProblem for a run that would have succeeded.
func (env *Env) finish(code int, args []string) int {
	if env.out.err != nil {
		tr := env.tr
		if tr == nil {
			tr, _ = translator(env, peekLang(args))
		}
		fmt.Fprintln(env.Stderr, tr.T("cli.error.output", map[string]any{"Error": env.out.err.Error()}))
	}
	if (env.out.err != nil || env.lostFile) && code == ExitOK {
		return ExitProblem
	}
	return code
}

// dispatch finds the command and runs it.
func dispatch(env *Env, args []string) int {
	args = langLast(args)
	if len(args) == 0 {
		args = []string{"help"}
	}
	if args[0] == "--version" || args[0] == "-version" {
		fmt.Fprintln(env.Stdout, "mfp365 "+assets.Version)
		return ExitOK
	}
	if cmd, n := findCommand(args); cmd != nil {
		env.cmd = cmd
		return cmd.run(env, args[n:])
	}
	name := strings.TrimLeft(args[0], "-")
	switch {
	case name == "help" || name == "h":
		return help(env, args[1:], "")
	case name == "test" && wantsHelp(args[1:]): // `mfp365 test --help`: the usage of its only subcommand
		return help(env, args[1:], "test")
	case name == "test":
		env.tr, env.cat = translator(env, peekLang(args[1:]))
		return usage(env, &usageError{"test.error.what", nil})
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
	saved := i18n.SavedLanguage
	if env.SavedLanguage != nil {
		saved = env.SavedLanguage
	}
	return i18n.NewTranslator(b, i18n.Choose(lang, saved(), i18n.SystemLanguages()...)), cat
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
func usage(env *Env, err error) int {
	tr := env.tr
	var ue *usageError
	var ie *input.Error
	switch {
	case errors.Is(err, errHelp):
		fmt.Fprintln(env.Stdout, tr.T(env.cmd.help))
		return ExitOK
	case errors.As(err, &ue) && strings.HasPrefix(ue.id, "cli.error."):
		// a mistake in the flags themselves: say where the command's usage is
		fmt.Fprintln(env.Stderr, tr.T(ue.id, ue.data)+" "+tr.T("cli.error.see_help",
			map[string]any{"Command": "mfp365 " + env.cmd.name}))
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

// interruptible is the context of a command's work: Ctrl-C (or SIGTERM) cancels it, the
// command ends with what it has, and exits with ExitInterrupted.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// NoDisplay says, in the reader's language, that the window cannot open for want of a
// display, and that the commands work without one; it returns ExitProblem.
func NoDisplay(env *Env) int {
	tr, _ := translator(env, "")
	fmt.Fprintln(env.Stderr, tr.T("cli.error.no_display"))
	return ExitProblem
}
