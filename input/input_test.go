package input_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mfp365/i18n"
	"mfp365/input"
)

// refusals finds every input.Refuse(field, value, "code") in the engines' code.
var refusals = regexp.MustCompile(`input\.Refuse\("([a-z_]+)", ([^\n]*?), "([a-z_]+)"\)`)

// TestEveryRefusalSpeaks: each code an engine refuses with has its message in every
// language and repeats the value refused, when there is one.
func TestEveryRefusalSpeaks(t *testing.T) {
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	err = filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		for _, m := range refusals.FindAllStringSubmatch(string(src), -1) {
			seen++
			e, typed := input.Refuse(m[1], "VALUE", m[3]), m[2] != `""`
			for _, lang := range i18n.Supported {
				s := i18n.NewTranslator(b, lang).T(e.MessageID(), map[string]any{"Field": "FIELD", "Value": e.Value})
				if s == e.MessageID() || strings.Contains(s, "<no value>") || typed && !strings.Contains(s, "VALUE") {
					t.Errorf("%s: %s in %s: %q", path, e.MessageID(), lang, s)
				}
			}
		}
		return err
	})
	if err != nil || seen < 20 {
		t.Fatalf("%d refusals found (%v)", seen, err)
	}
}

func TestShortenKeepsWholeRunes(t *testing.T) {
	long := strings.Repeat("é", 200)
	s := input.Shorten(long)
	if !strings.HasSuffix(s, "…") || len([]rune(s)) != 81 || !strings.HasPrefix(long, strings.TrimSuffix(s, "…")) {
		t.Errorf("Shorten = %q", s)
	}
	if e := input.Refuse("tenant", long, "tenant"); e.Value != s || !strings.Contains(e.Error(), "tenant") {
		t.Errorf("Refuse = %+v", e)
	}
}
