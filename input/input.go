// Package input is the one error every engine (sign-in, connection test, discovery, listener,
// relay, fleet) returns for a value it refuses before any network traffic: which field, the
// value as it was typed, and why. Each face formats it once, in the reader's language: the
// command line names the option (--tenant), the window names the form's field.
package input

import "fmt"

// maxShown bounds the value an error repeats back: what was typed may be a whole paste.
const maxShown = 80

// Error is a value refused before any traffic.
type Error struct {
	Field string // the engine's name for the value: "tenant", "client_id", "user", "port", "subnet"…
	Value string // as typed, shortened; "" when it is missing; never a secret
	Code  string // why, as the message that explains it is named: "address", "user_missing", "port"…
}

// Refuse is the error for field's value, refused for code; the value is shortened.
func Refuse(field, value, code string) *Error {
	return &Error{Field: field, Value: Shorten(value), Code: code}
}

func (e *Error) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Code)
	}
	return fmt.Sprintf("invalid %s %q (%s)", e.Field, e.Value, e.Code)
}

// MessageID is the i18n message that explains the error; it takes {{.Field}}, the field as
// the face names it, and {{.Value}}.
func (e *Error) MessageID() string { return "input." + e.Code }

// Shorten keeps the beginning of a long value, as an error repeats it.
func Shorten(s string) string {
	r := []rune(s)
	if len(r) <= maxShown {
		return s
	}
	return string(r[:maxShown]) + "…"
}
