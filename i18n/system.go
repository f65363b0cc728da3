//go:build !windows

package i18n

import (
	"os"
	"strings"
)

// SystemLanguages returns the user's languages from the POSIX locale variables, in the order
// the C library consults them.
func SystemLanguages() []string {
	out := strings.FieldsFunc(os.Getenv("LANGUAGE"), func(r rune) bool { return r == ':' })
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" && l != "C" && l != "POSIX" {
			out = append(out, l)
		}
	}
	return out
}
