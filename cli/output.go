package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// outputFile is a file a command writes when its work is done (--report, --csv).
type outputFile struct {
	path  string
	errID string // the message that says it could not be written ({{.Value}}, {{.Error}})
	file  *os.File
}

// createOutput creates the file named by an output flag before any network traffic, so that
// a path that cannot be written is a usage error; "" gives none (nil, whose methods do nothing).
func createOutput(path, errID string) (*outputFile, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, &usageError{errID, map[string]any{"Value": path, "Error": err.Error()}}
	}
	return &outputFile{path: path, errID: errID, file: f}, nil
}

// write writes the file's content and closes it; a failure is said on stderr.
func (o *outputFile) write(env *Env, content func(w io.Writer) error) {
	if o == nil {
		return
	}
	err := content(o.file)
	if cerr := o.file.Close(); err == nil {
		err = cerr
	}
	o.file = nil
	if err != nil {
		fmt.Fprintln(env.Stderr, env.tr.T(o.errID, map[string]any{"Value": o.path, "Error": err.Error()}))
	}
}

// discard closes the file when it was not written.
func (o *outputFile) discard() {
	if o != nil && o.file != nil {
		_ = o.file.Close()
	}
}

// writeJSON prints v as one JSON object on stdout.
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
