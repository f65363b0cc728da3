package gui

import (
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

	"mfp365/i18n"
	"mfp365/kb"
)

// matchDelay lets the reader finish typing or pasting before the text is matched.
const matchDelay = 150 * time.Millisecond

// troubleshootScreen explains a pasted error text, and lists every entry of the catalog. It
// keeps what was pasted and searched across language changes.
type troubleshootScreen struct {
	s        *shell
	text     string
	long     *longPaste // the paste behind a cut display, while the text is unchanged
	tab      int
	search   string
	selected string        // ID of the entry shown in "all messages"
	gen      atomic.Uint64 // the latest text's number: older results are dropped

	input   *pasteEntry
	status  *wrapLabel
	results *fyne.Container
	scroll  *container.Scroll
}

func (t *troubleshootScreen) content() fyne.CanvasObject {
	catalogTab := container.NewTabItemWithIcon(t.s.tr.T("troubleshoot.tab.catalog"), theme.ListIcon(), widget.NewLabel(""))
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon(t.s.tr.T("troubleshoot.tab.analyze"), theme.SearchIcon(), t.analyzeTab()),
		catalogTab,
	)
	built := false
	open := func() { // the list is built when first shown
		t.tab = tabs.SelectedIndex()
		if t.tab == 1 && !built {
			built = true
			catalogTab.Content = newCatalogView(t.s, &t.search, &t.selected)
			tabs.Refresh()
		}
	}
	tabs.SelectIndex(t.tab)
	open()
	tabs.OnSelected = func(*container.TabItem) { open() }
	return tabs
}

func (t *troubleshootScreen) cancel() {}

// analyzeTab is the paste area with the live results below it.
func (t *troubleshootScreen) analyzeTab() fyne.CanvasObject {
	tr := t.s.tr
	t.input = newPasteEntry(func(p *longPaste) { t.long = p })
	t.input.SetPlaceHolder(tr.T("troubleshoot.placeholder"))
	t.input.SetMinRowsVisible(6)
	t.input.SetText(t.text)
	t.input.OnChanged = t.changed
	t.status = paragraph("")
	paste := widget.NewButtonWithIcon(tr.T("troubleshoot.paste"), theme.ContentPasteIcon(), t.input.pasteClipboard)
	clearBtn := widget.NewButtonWithIcon(tr.T("troubleshoot.clear"), theme.ContentClearIcon(), func() { t.input.SetText("") })
	intro := paragraph(tr.T("troubleshoot.intro"))
	top := container.NewVBox(intro, t.input,
		container.NewBorder(nil, nil, nil, container.NewHBox(paste, clearBtn), t.status))
	t.results = container.NewVBox()
	t.scroll = container.NewVScroll(t.results)
	t.changed(t.text)
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, t.scroll)
}

// changed matches the new text off the UI goroutine, after a short pause.
func (t *troubleshootScreen) changed(text string) {
	t.text = text
	gen := t.gen.Add(1)
	if l := t.long; l != nil {
		if text == l.shown {
			text = l.full // analyse the whole paste, not what is displayed
		} else {
			t.long = nil // edited: what is displayed is what is analysed
		}
	}
	if strings.TrimSpace(text) == "" {
		t.show(nil)
		return
	}
	t.status.SetText(t.s.tr.T("troubleshoot.reading"))
	load := t.s.loadKnowledge
	background(t.s, func() *matched {
		time.Sleep(matchDelay)
		if t.gen.Load() != gen {
			return nil
		}
		cat, b := load()
		return &matched{cat.Lookup(text), cat, b}
	}, func(m *matched) {
		if m != nil && t.gen.Load() == gen {
			t.s.adopt(m.catalog, m.bundle)
			t.show(&m.lookup)
		}
	})
}

// matched is a result with the knowledge base that produced it.
type matched struct {
	lookup  kb.Lookup
	catalog *kb.Catalog
	bundle  *goi18n.Bundle
}

// show renders a text explained (nil: the empty state), and the suggestions when nothing matched.
func (t *troubleshootScreen) show(r *kb.Lookup) {
	tr := t.s.tr
	var objs []fyne.CanvasObject
	switch {
	case r == nil:
		t.status.SetText("")
		objs = append(objs, emptyState(tr.T("troubleshoot.empty.title"), tr.T("troubleshoot.empty.body")))
	default:
		t.status.SetText(statusLine(tr, r, t.long))
		if !r.Details.Empty() {
			objs = append(objs, detailsCard(tr, r.Details))
		}
		for _, p := range r.Panels(tr) {
			objs = append(objs, newPanelView(tr, t.s.app.Clipboard(), p))
		}
		switch {
		case len(r.Matches) > 0:
		case r.OtherProvider != "": // another provider's reply, pasted for Microsoft's
			who := map[string]any{"Provider": r.OtherProvider}
			objs = append(objs, emptyState(tr.T("troubleshoot.other.title", who), tr.T("lookup.other_provider", who)))
		default:
			objs = append(objs, emptyState(tr.T("troubleshoot.none.title"), tr.T("troubleshoot.none.body")))
		}
		if len(r.Suggestions) > 0 {
			objs = append(objs, suggestionsView(tr, t.s.app.Clipboard(), r.SuggestionPanels(tr)))
		}
	}
	t.s.showBody(t.results, objs)
	t.scroll.ScrollToTop()
}

// suggestionsView lists the nearest entries under « Peut-être : », each closed until opened:
// they are not explanations of the text, only where to look.
func suggestionsView(tr *i18n.Translator, clip fyne.Clipboard, panels []kb.Panel) fyne.CanvasObject {
	acc := widget.NewAccordion()
	for _, p := range panels {
		acc.Append(widget.NewAccordionItem(p.Title, newPanelView(tr, clip, p)))
	}
	return section(tr.T("lookup.suggestions"), acc)
}

// statusLine sums up a result: codes read, explanations found, and what was not read.
func statusLine(tr *i18n.Translator, r *kb.Lookup, long *longPaste) string {
	parts := []string{}
	if shown := kb.Shown(r.Codes); len(shown) > 0 {
		parts = append(parts, tr.N("troubleshoot.status.codes", len(shown), map[string]any{"Codes": strings.Join(shown, ", ")}))
	}
	parts = append(parts, tr.N("troubleshoot.status.matches", len(r.Matches), nil))
	if r.Binary {
		parts = append(parts, tr.T("troubleshoot.binary"))
	}
	if long != nil {
		parts = append(parts, tr.T("troubleshoot.long", map[string]any{"Size": len(long.full) >> 10}))
	}
	if long != nil && long.cut {
		parts = append(parts, tr.T("troubleshoot.truncated"))
	}
	return strings.Join(parts, " · ")
}
