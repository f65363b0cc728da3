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
	rest, _ := fs.Parse(args) // any other flag is left aside: help was asked for
	tr, _ := translator(env, fs.lang)
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

// commandHelp is the usage of a command of the table; a first word shared by several names
// ("test") gives the usage of its only command ("test smtp"); "" and "help" give the general
// usage. False for an unknown command.
func commandHelp(tr *i18n.Translator, topic string) (string, bool) {
	if topic == "" || topic == "help" || topic == "h" {
		return generalHelp(tr), true
	}
	var found []command
	for _, c := range commands {
		if c.name == topic {
			return tr.T(c.help), true
		}
		if strings.HasPrefix(c.name, topic+" ") {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return tr.T(found[0].help), true
	}
	return "", false
}

// generalHelp lists the commands, each with the first line of its usage, and says where each
// one's usage is.
func generalHelp(tr *i18n.Translator) string {
	var b strings.Builder
	b.WriteString(tr.T("cli.usage") + "\n")
	for _, c := range commands {
		title, _, _ := strings.Cut(tr.T(c.help), "\n")
		_, what, _ := strings.Cut(title, " — ")
		fmt.Fprintf(&b, "  %-20s %s\n", "mfp365 "+c.name, what)
	}
	return b.String() + "\n" + tr.T("cli.help.more")
}

// wantsHelp tells whether -h or --help is among the flags (before "--"), as parse reads them.
func wantsHelp(args []string) bool {
	fs := newFlagSet()
	_, _ = fs.Parse(args)
	return fs.help
}
