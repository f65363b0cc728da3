package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"mfp365/textsafe"
)

// printable passes text on to w with what would act on a terminal shown as visible escapes
// (textsafe.Printable): servers', printers' and tokens' texts reach the text output and
// stderr through it. Each Write is a whole text (fmt.Fprint writes once per call), so no
// character is cut in two.
type printable struct{ w io.Writer }

func (p printable) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, textsafe.Printable(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

// checkedWriter keeps the first error of the writes to stdout (a full disk, a closed output),
// so that output lost makes the run fail instead of passing in silence.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	c.err = err
	return n, err
}

// writeJSON prints v as one JSON object on stdout; a failure is kept as stdout's (see
// Env.finish).
func writeJSON(env *Env, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		if env.out.err == nil {
			env.out.err = err
		}
		return
	}
	_, _ = env.out.Write(terminalSafeJSON(b.Bytes()))
}

// terminalSafeJSON escapes as \uXXXX the runes that encoding/json leaves raw and a terminal
// would obey (DEL, C1 controls, bidirectional overrides; see textsafe.Unsafe). They can only be
// inside strings, and RFC 8259 §7 lets any character there be escaped: a JSON reader gets the
// same value, a person reading the JSON on a terminal sees them.
func terminalSafeJSON(b []byte) []byte {
	if !bytes.ContainsFunc(b, textsafe.Unsafe) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if textsafe.Unsafe(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out
}
