package cli

import (
	"fmt"
	"strings"
)

// flagSet is the small parser the contract needs: flags take one or two dashes, may come
// before or after arguments, and take their value as "--f v" or "--f=v"; "--" ends the flags.
// Errors are usageErrors carrying an i18n message, so they reach the reader localized.
type flagSet struct {
	bools   map[string]*bool
	strings map[string]*string
	lists   map[string]*[]string
}

// usageError is a command-line mistake, reported with exit code 2 before any work.
type usageError struct {
	id   string         // i18n message ID
	data map[string]any // template data
}

func (e *usageError) Error() string { return fmt.Sprintf("%s %v", e.id, e.data) }

func newFlagSet() *flagSet {
	return &flagSet{bools: map[string]*bool{}, strings: map[string]*string{}, lists: map[string]*[]string{}}
}

func (f *flagSet) Bool(name string) *bool {
	v := new(bool)
	f.bools[name] = v
	return v
}

func (f *flagSet) String(name string) *string {
	v := new(string)
	f.strings[name] = v
	return v
}

// Strings is a repeatable flag ("--host a --host b", or "--host a,b").
func (f *flagSet) Strings(name string) *[]string {
	v := new([]string)
	f.lists[name] = v
	return v
}

// Parse sets the flags found in args and returns the other arguments in order.
func (f *flagSet) Parse(args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(rest, args[i+1:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if b, ok := f.bools[name]; ok {
			if hasValue {
				switch strings.ToLower(value) {
				case "true", "1", "yes":
					*b = true
				case "false", "0", "no":
					*b = false
				default:
					return nil, &usageError{"cli.error.bool_value", map[string]any{"Flag": "--" + name, "Value": value}}
				}
			} else {
				*b = true
			}
			continue
		}
		s, isString := f.strings[name]
		list, isList := f.lists[name]
		if !isString && !isList {
			return nil, &usageError{"cli.error.unknown_flag", map[string]any{"Flag": a}}
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, &usageError{"cli.error.missing_value", map[string]any{"Flag": "--" + name}}
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
	return rest, nil
}
