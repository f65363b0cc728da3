package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/kb"
)

// catalogRow is one line of the list: a group heading or an entry.
type catalogRow struct {
	heading string // set for a group heading
	entry   *kb.Entry
	title   string // the entry's title in the current language
	search  string // squashed title, cause, codes and ID, for the search field
}

// newCatalogView lists every entry grouped by source, with a search field; selecting an entry
// shows its panel beside the list.
func newCatalogView(t *troubleshootScreen) fyne.CanvasObject {
	s := t.s
	_, tr := s.knowledge()
	all := catalogRows(s)
	rows := all
	detail := container.NewStack(emptyState(tr.T("catalog.pick.title"), tr.T("catalog.pick.body")))
	var list *widget.List
	list = widget.NewList(
		func() int { return len(rows) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("template")
			title.Truncation = fyne.TextTruncateEllipsis
			code := canvas.NewText("AADSTS0000000", theme.Color(theme.ColorNamePlaceHolder))
			code.TextSize = theme.CaptionTextSize()
			return container.NewBorder(nil, nil, nil, container.NewPadded(container.NewCenter(code)), title)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			title := row.Objects[0].(*widget.Label)
			code := row.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*canvas.Text)
			r := rows[i]
			if r.heading != "" {
				title.TextStyle = fyne.TextStyle{Bold: true}
				title.SetText(r.heading)
				code.Text = ""
			} else {
				title.TextStyle = fyne.TextStyle{}
				title.SetText(r.title)
				code.Text = strings.Join(r.entry.Codes, ", ")
			}
			code.Refresh()
		})
	show := func(e *kb.Entry) {
		p := e.Render(tr, kb.Details{}, 0)
		detail.Objects = []fyne.CanvasObject{container.NewVScroll(newPanelView(tr, p))}
		detail.Refresh()
	}
	list.OnSelected = func(i widget.ListItemID) {
		if rows[i].entry == nil {
			list.Unselect(i)
			return
		}
		t.selected = rows[i].entry.ID
		show(rows[i].entry)
	}
	search := widget.NewEntry()
	search.SetPlaceHolder(tr.T("catalog.search"))
	count := widget.NewLabel("")
	filter := func(q string) {
		t.search = q
		rows = filterRows(all, q)
		count.SetText(tr.N("catalog.count", countEntries(rows), nil))
		list.UnselectAll()
		list.Refresh()
	}
	search.OnChanged = filter
	search.SetText(t.search)
	filter(t.search)
	for i, r := range rows {
		if r.entry != nil && r.entry.ID == t.selected {
			list.Select(i)
		}
	}
	left := container.NewBorder(container.NewVBox(search, count), nil, nil, nil, list)
	split := container.NewHSplit(left, detail)
	split.Offset = 0.45
	return split
}

// catalogRows lists the entries under their group headings, in the catalog's group order.
func catalogRows(s *shell) []catalogRow {
	cat, tr := s.knowledge()
	var rows []catalogRow
	for _, g := range kb.Groups {
		rows = append(rows, catalogRow{heading: tr.T("group." + g)})
		for _, e := range cat.Entries {
			if e.InGroup(g) {
				p := e.Render(tr, kb.Details{}, 0)
				hay := kb.Squash(p.Title + " " + p.Cause + " " + strings.Join(e.Codes, " ") + " " + e.ID)
				rows = append(rows, catalogRow{entry: e, title: p.Title, search: hay})
			}
		}
	}
	return rows
}

// filterRows keeps the entries whose title, cause, codes or ID contain every word of the
// query (ignoring case, accents and punctuation), and the headings of the groups that still
// have entries.
func filterRows(all []catalogRow, query string) []catalogRow {
	var words []string
	for _, w := range strings.Fields(query) {
		if sq := kb.Squash(w); sq != "" {
			words = append(words, sq)
		}
	}
	if len(words) == 0 {
		return all
	}
	var out []catalogRow
	var heading *catalogRow
	for i := range all {
		r := &all[i]
		if r.entry == nil {
			heading = r
			continue
		}
		if !containsAll(r.search, words) {
			continue
		}
		if heading != nil {
			out = append(out, *heading)
			heading = nil
		}
		out = append(out, *r)
	}
	return out
}

func containsAll(hay string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// countEntries counts the distinct entries listed (one may stand under several groups).
func countEntries(rows []catalogRow) int {
	seen := map[*kb.Entry]bool{}
	for _, r := range rows {
		if r.entry != nil {
			seen[r.entry] = true
		}
	}
	return len(seen)
}
