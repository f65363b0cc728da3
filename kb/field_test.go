package kb

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// fieldText is one real text and what the knowledge base must answer (testdata/field).
type fieldText struct {
	Text   string   `json:"text"`
	Want   []string `json:"want"`
	None   bool     `json:"none"`
	Source string   `json:"source"`
}

// TestFieldTexts: every real text collected in testdata/field gets its entries, best first,
// and every look-alike gets nothing.
func TestFieldTexts(t *testing.T) {
	c := catalog(t)
	files, _ := filepath.Glob("testdata/field/*.json")
	total := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var texts []fieldText
		if err := json.Unmarshal(data, &texts); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for i, ft := range texts {
			total++
			if ft.Source == "" || ft.Text == "" || ft.None == (len(ft.Want) > 0) {
				t.Errorf("%s #%d: needs a text, a source, and either want or none", f, i)
				continue
			}
			r := c.Match(ft.Text)
			var got []string
			for _, m := range r.Matches {
				got = append(got, m.Entry.ID)
			}
			switch {
			case ft.None && len(got) > 0:
				t.Errorf("%s #%d: %q matches %v, want nothing", filepath.Base(f), i, ft.Text, got)
			case !ft.None && (len(got) == 0 || got[0] != ft.Want[0] || !containsAll(got, ft.Want)):
				t.Errorf("%s #%d: %q matches %v, want %v first", filepath.Base(f), i, ft.Text, got, ft.Want)
			}
		}
	}
	t.Logf("%d field texts in %d files", total, len(files))
}

func containsAll(have, want []string) bool {
	set := map[string]bool{}
	for _, h := range have {
		set[h] = true
	}
	for _, w := range want {
		if !set[w] {
			return false
		}
	}
	return true
}
