package kb

import (
	"slices"

	"mfp365/i18n"
)

// Explanation is what the knowledge base says about the texts a run met.
type Explanation struct {
	Codes  []string // every code read, in order, once
	Panels []Panel  // every entry matched, best first within each text, once
}

// Explain is the one way both faces and the report turn texts (a server's reply, Microsoft's
// answer, a check's codes) into panels: each text is matched (knowing who said it), what the
// run already knows fills the details the text does not give, and each entry is rendered
// once, in tr's language.
func (c *Catalog) Explain(tr *i18n.Translator, known Details, by Said, texts ...string) Explanation {
	e := Explanation{Codes: []string{}, Panels: []Panel{}}
	seen := map[string]bool{}
	for _, text := range texts {
		if text == "" {
			continue
		}
		r := c.MatchSaidBy(text, by)
		r.Details.Fill(known)
		for _, code := range r.Codes {
			if !slices.Contains(e.Codes, code) {
				e.Codes = append(e.Codes, code)
			}
		}
		for _, p := range r.Panels(tr) {
			if !seen[p.ID] {
				seen[p.ID] = true
				e.Panels = append(e.Panels, p)
			}
		}
	}
	return e
}
