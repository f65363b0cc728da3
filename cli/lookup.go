package cli

import (
	"fmt"
	"io"
	"strings"

	"mfp365/i18n"
	"mfp365/kb"
)

// lookupOutput is the JSON shape of `mfp365 lookup --json` (CLI.md).
type lookupOutput struct {
	Codes       []string   `json:"codes"`
	Details     kb.Details `json:"details"`
	Matches     []kb.Panel `json:"matches"`
	Suggestions []kb.Panel `json:"suggestions,omitempty"` // when nothing matches: the nearest entries, not matches
	Warnings    []string   `json:"warnings,omitempty"`
}

// lookupOptions are lookup's arguments.
type lookupOptions struct {
	json  bool
	text  string // the text to explain, when given as arguments
	stdin bool   // read the text on stdin (no TEXT, or "-")
}

// parseLookup reads lookup's arguments: the text is what is not a flag.
func parseLookup(fs *flagSet, args []string) (lookupOptions, error) {
	var o lookupOptions
	fs.Bool(&o.json, "json")
	rest, err := fs.parse(args, true)
	o.text = strings.Join(rest, " ")
	o.stdin = len(rest) == 0 || (len(rest) == 1 && rest[0] == "-")
	return o, err
}

// lookup explains an error text given as arguments or on stdin. Works offline.
func lookup(env *Env, o lookupOptions) int {
	tr, cat := env.tr, env.cat
	text := o.text
	if o.stdin {
		data, err := io.ReadAll(io.LimitReader(env.Stdin, kb.MaxInput+1))
		if err != nil {
			fmt.Fprintln(env.Stderr, tr.T("cli.error.stdin", map[string]any{"Error": err.Error()}))
			return ExitUsage
		}
		text = string(data)
	}
	res := cat.Lookup(text)
	if res.Blank {
		fmt.Fprintln(env.Stderr, tr.T("lookup.empty"))
		return ExitUsage
	}
	warnings := res.Warnings(tr)
	for _, w := range warnings {
		fmt.Fprintln(env.Stderr, w)
	}
	panels := res.Panels(tr)
	suggestions := res.SuggestionPanels(tr)
	if o.json {
		out := lookupOutput{Codes: res.Codes, Details: res.Details, Matches: panels, Suggestions: suggestions, Warnings: warnings}
		if out.Codes == nil {
			out.Codes = []string{}
		}
		writeJSON(env, out)
	} else {
		printLookup(env.Stdout, tr, res.Result, panels, suggestions)
	}
	if len(panels) == 0 {
		return ExitProblem
	}
	return ExitOK
}

// printLookup writes the readable form: codes, details, then each panel.
func printLookup(w io.Writer, tr *i18n.Translator, res kb.Result, panels, suggestions []kb.Panel) {
	if len(res.Codes) > 0 {
		fmt.Fprintf(w, "%s %s\n", tr.T("lookup.codes"), strings.Join(res.Codes, ", "))
	}
	for _, d := range kb.DetailLines(tr, res.Details) {
		fmt.Fprintf(w, "%s %s\n", d[0], d[1])
	}
	if len(panels) == 0 {
		fmt.Fprintln(w, tr.T("lookup.none"))
		if len(suggestions) > 0 {
			fmt.Fprintf(w, "\n%s\n", tr.T("lookup.suggestions"))
			for _, p := range suggestions {
				fmt.Fprintf(w, "  - %s [%s]\n", p.Title, p.ID)
			}
		}
		return
	}
	for i, p := range panels {
		fmt.Fprintln(w)
		fmt.Fprint(w, p.PlainText(tr, i+1))
	}
}
