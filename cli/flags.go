package cli

import (
	"errors"
	"fmt"
	"strings"

	"mfp365/i18n"
)

// flagSet is the small parser the contract needs: flags take one or two dashes, may come
// before or after arguments, and take their value as "--f v" or "--f=v"; "--" ends the flags.
// Every command takes --lang; -h and --help (in any place before "--") ask for the command's
// usage. Errors are usageErrors carrying an i18n message, so they reach the reader localized.
type flagSet struct {
	bools   map[string]*bool
	strings map[string]*string
	lists   map[string]*[]string
	names   []string // the flags registered, in order (the tests check the usage texts name them)
	lang    string   // --lang, as given
	help    bool     // -h or --help was given
}

// usageError is a command-line mistake, reported with exit code 2 before any work.
type usageError struct {
	id   string         // i18n message ID
	data map[string]any // template data
}

func (e *usageError) Error() string { return fmt.Sprintf("%s %v", e.id, e.data) }

// errHelp is what parse returns when -h or --help was given: the command prints its usage
// instead of working, whatever else is wrong on the line.
var errHelp = errors.New("help requested")

func newFlagSet() *flagSet {
	f := &flagSet{bools: map[string]*bool{}, strings: map[string]*string{}, lists: map[string]*[]string{}}
	f.String(&f.lang, "lang")
	return f
}

func (f *flagSet) Bool(p *bool, name string) {
	f.bools[name] = p
	f.names = append(f.names, name)
}

func (f *flagSet) String(p *string, name string) {
	f.strings[name] = p
	f.names = append(f.names, name)
}

// Strings is a repeatable flag ("--host a --host b", or "--host a,b").
func (f *flagSet) Strings(p *[]string, name string) {
	f.lists[name] = p
	f.names = append(f.names, name)
}

// parse reads a command's arguments and returns those that are not flags. With -h or --help
// it returns errHelp; otherwise the first mistake: a flag's, a language that is not supported,
// or arguments left over when the command takes none (positional false).
func (f *flagSet) parse(args []string, positional bool) ([]string, error) {
	rest, err := f.Parse(args)
	switch {
	case f.help:
		return rest, errHelp
	case err != nil:
		return rest, err
	case f.lang != "" && i18n.Normalize(f.lang) == "":
		return rest, &usageError{"cli.error.lang", map[string]any{"Value": f.lang}}
	case !positional && len(rest) > 0:
		return rest, &usageError{"cli.error.extra_args", map[string]any{"Args": strings.Join(rest, " ")}}
	}
	return rest, nil
}

// isHelp tells the names that ask for the usage (unless a command takes them for itself).
func isHelp(name string) bool { return name == "h" || name == "help" }

// Parse sets the flags found in args and returns the other arguments in order. It reads all
// of args even after a mistake, so that a later --help or --lang still counts, and returns the
// first mistake.
func (f *flagSet) Parse(args []string) ([]string, error) {
	var rest []string
	var first error
	fail := func(err error) {
		if first == nil {
			first = err
		}
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		b, isBool := f.bools[name]
		if !isBool && isHelp(name) {
			b, isBool = &f.help, true
		}
		if isBool {
			if hasValue {
				switch strings.ToLower(value) {
				case "true", "1", "yes":
					*b = true
				case "false", "0", "no":
					*b = false
				default:
					fail(&usageError{"cli.error.bool_value", map[string]any{"Flag": "--" + name, "Value": value}})
				}
			} else {
				*b = true
			}
			continue
		}
		s, isString := f.strings[name]
		list, isList := f.lists[name]
		if !isString && !isList {
			// The flag as typed, without what follows "=": it may be a secret given to the wrong flag.
			flag, _, _ := strings.Cut(a, "=")
			fail(&usageError{"cli.error.unknown_flag", map[string]any{"Flag": flag}})
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				fail(&usageError{"cli.error.missing_value", map[string]any{"Flag": "--" + name}})
				break
			}
			i++
			value = args[i]
		}
		if isList {
			for _, v := range strings.Split(value, ",") {
				if v = strings.TrimSpace(v); v != "" {
					*list = append(*list, v)
				}
			}
			continue
		}
		*s = value
	}
	return rest, first
}
