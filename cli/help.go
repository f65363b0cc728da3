package cli

import (
	"fmt"
	"slices"
	"strings"

	"mfp365/i18n"
)

// help answers `mfp365 help [COMMAND]` and `mfp365 --help [COMMAND]` (args are what follows;
// topic, when not "", is the command already named). The usage goes to stdout with exit 0; an
// unknown command is a usage error.
func help(env *Env, args []string, topic string) int {
	fs := newFlagSet()
	lang := fs.String("lang")
	rest, _ := fs.Parse(args) // any other flag is left aside: help was asked for
	tr, _ := translator(env, *lang)
	if topic == "" {
		topic = strings.Join(rest, " ")
	}
	topic = strings.TrimLeft(topic, "-")
	if text, ok := commandHelp(tr, topic); ok {
		fmt.Fprintln(env.Stdout, text)
		return ExitOK
	}
	if slices.Contains(plannedCommands, topic) {
		fmt.Fprintln(env.Stderr, tr.T("cli.error.planned", map[string]any{"Command": topic}))
	} else {
		fmt.Fprintln(env.Stderr, tr.T("cli.error.unknown_command", map[string]any{"Command": topic}))
		fmt.Fprintln(env.Stderr, generalHelp(tr))
	}
	return ExitUsage
}

// commandHelp is the usage of a command ("test" is that of "test smtp", its only subcommand;
// "" and "help" the general one); false for an unknown command.
func commandHelp(tr *i18n.Translator, command string) (string, bool) {
	switch command {
	case "", "help", "h":
		return generalHelp(tr), true
	case "lookup":
		return tr.T("cli.help.lookup"), true
	case "signin":
		return tr.T("cli.help.signin"), true
	case "test", "test smtp":
		return tr.T("cli.help.test_smtp"), true
	case "discover":
		return tr.T("cli.help.discover"), true
	case "listen":
		return tr.T("cli.help.listen"), true
	}
	return "", false
}

// generalHelp lists the commands and says where each one's usage is.
func generalHelp(tr *i18n.Translator) string {
	return tr.T("cli.usage") + "\n\n" + tr.T("cli.help.more")
}

// wantsHelp tells whether -h or --help is among the flags (before "--"), as parse reads them.
func wantsHelp(args []string) bool {
	fs := newFlagSet()
	fs.String("lang")
	_, _ = fs.Parse(args)
	return fs.help
}
