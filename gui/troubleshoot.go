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

	"mfp365/kb"
)

// matchDelay lets the reader finish typing or pasting before the text is matched.
const matchDelay = 150 * time.Millisecond

// troubleshootState is what the troubleshooting screen keeps when the language changes.
type troubleshootState struct {
	text     string
	long     *longPaste // the paste behind a cut display, while the text is unchanged
	tab      int
	search   string
	selected string        // ID of the entry shown in "all messages"
	gen      atomic.Uint64 // the latest text's number: older results are dropped

	view    *troubleshootScreen // the screen on display
	onShown func()              // test seam: called after each result is shown
}

// troubleshootScreen explains a pasted error text, and lists every entry of the catalog.
type troubleshootScreen struct {
	s       *shell
	state   *troubleshootState
	input   *pasteEntry
	status  *widget.Label
	results *fyne.Container
	scroll  *container.Scroll
}

func newTroubleshootScreen(s *shell) fyne.CanvasObject {
	t := &troubleshootScreen{s: s, state: s.troubleshoot}
	s.troubleshoot.view = t
	catalogTab := container.NewTabItemWithIcon(s.tr.T("troubleshoot.tab.catalog"), theme.ListIcon(), widget.NewLabel(""))
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon(s.tr.T("troubleshoot.tab.analyze"), theme.SearchIcon(), t.analyzeTab()),
		catalogTab,
	)
	built := false
	open := func() { // the list is built when first shown
		t.state.tab = tabs.SelectedIndex()
		if t.state.tab == 1 && !built {
			built = true
			catalogTab.Content = newCatalogView(s)
			tabs.Refresh()
		}
	}
	tabs.SelectIndex(t.state.tab)
	open()
	tabs.OnSelected = func(*container.TabItem) { open() }
	return tabs
}

// analyzeTab is the paste area with the live results below it.
func (t *troubleshootScreen) analyzeTab() fyne.CanvasObject {
	tr := t.s.tr
	t.input = newPasteEntry(func(p *longPaste) { t.state.long = p })
	t.input.SetPlaceHolder(tr.T("troubleshoot.placeholder"))
	t.input.SetMinRowsVisible(6)
	t.input.SetText(t.state.text)
	t.input.OnChanged = t.changed
	t.status = widget.NewLabel("")
	t.status.Wrapping = fyne.TextWrapWord
	paste := widget.NewButtonWithIcon(tr.T("troubleshoot.paste"), theme.ContentPasteIcon(), t.input.pasteClipboard)
	clearBtn := widget.NewButtonWithIcon(tr.T("troubleshoot.clear"), theme.ContentClearIcon(), func() { t.input.SetText("") })
	intro := widget.NewLabel(tr.T("troubleshoot.intro"))
	intro.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(intro, t.input,
		container.NewBorder(nil, nil, nil, container.NewHBox(paste, clearBtn), t.status))
	t.results = container.NewVBox()
	t.scroll = container.NewVScroll(t.results)
	t.changed(t.state.text)
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, t.scroll)
}

// changed matches the new text off the UI goroutine, after a short pause.
func (t *troubleshootScreen) changed(text string) {
	t.state.text = text
	gen := t.state.gen.Add(1)
	if l := t.state.long; l != nil {
		if text == l.shown {
			text = l.full // analyse the whole paste, not what is displayed
		} else {
			t.state.long = nil // edited: what is displayed is what is analysed
		}
	}
	if strings.TrimSpace(text) == "" {
		t.show(nil)
		return
	}
	t.status.SetText(t.s.tr.T("troubleshoot.reading"))
	load := t.s.loadKnowledge
	background(func() *matched {
		time.Sleep(matchDelay)
		if t.state.gen.Load() != gen {
			return nil
		}
		cat, b := load()
		return &matched{cat.Match(text), cat, b}
	}, func(m *matched) {
		if m != nil && t.state.gen.Load() == gen {
			t.s.adopt(m.catalog, m.bundle)
			t.show(&m.result)
		}
	})
}

// matched is a result with the knowledge base that produced it.
type matched struct {
	result  kb.Result
	catalog *kb.Catalog
	bundle  *goi18n.Bundle
}

// show renders a result (nil: the empty state).
func (t *troubleshootScreen) show(r *kb.Result) {
	tr := t.s.tr
	var objs []fyne.CanvasObject
	switch {
	case r == nil:
		t.status.SetText("")
		objs = append(objs, emptyState(tr.T("troubleshoot.empty.title"), tr.T("troubleshoot.empty.body")))
	default:
		t.status.SetText(statusLine(tr, r, t.state.long))
		if !r.Details.Empty() {
			objs = append(objs, detailsCard(tr, r.Details))
		}
		for _, p := range r.Panels(tr) {
			objs = append(objs, newPanelView(t.s.window, tr, p))
		}
		if len(r.Matches) == 0 {
			objs = append(objs, emptyState(tr.T("troubleshoot.none.title"), tr.T("troubleshoot.none.body")))
		}
	}
	t.results.Objects = objs
	t.results.Refresh()
	t.scroll.ScrollToTop()
	if t.state.onShown != nil {
		t.state.onShown()
	}
}
