package kb

import "mfp365/i18n"

// Lookup is a pasted text explained: what was read and matched, and, when nothing matched,
// the nearest entries. Both faces (mfp365 lookup and « Expliquer un message ») take it from
// Catalog.Lookup and render it in the reader's language.
type Lookup struct {
	Result
	Suggestions []Match // the nearest entries when nothing matched: where to look, not explanations
}

// Lookup explains a pasted text, whoever wrote it.
func (c *Catalog) Lookup(text string) Lookup {
	r := c.Match(text)
	return Lookup{Result: r, Suggestions: c.Suggest(text, r)}
}

// SuggestionPanels are the suggestions, rendered.
func (l Lookup) SuggestionPanels(tr *i18n.Translator) []Panel {
	return Render(tr, l.Details, l.Suggestions)
}

// Warnings say what was not read: the part beyond the size limit, unreadable bytes, and
// another provider's reply pasted for Microsoft's.
func (l Lookup) Warnings(tr *i18n.Translator) []string {
	var w []string
	if l.Truncated > 0 {
		w = append(w, tr.T("lookup.truncated", map[string]any{"Limit": "1 Mio"}))
	}
	if l.Binary {
		w = append(w, tr.T("lookup.binary"))
	}
	if l.OtherProvider != "" {
		w = append(w, tr.T("lookup.other_provider", map[string]any{"Provider": l.OtherProvider}))
	}
	return w
}
