package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"mfp365/kb"
)

// catalogRow is one line of the list: a group heading or an entry.
type catalogRow struct {
	heading string // set for a group heading
	entry   *kb.Entry
	title   string // the entry's title in the current language
}

// newCatalogView lists every entry grouped by source, with a search field; selecting an entry
// shows its panel beside the list.
func newCatalogView(s *shell) fyne.CanvasObject {
	tr := s.tr
	all := catalogRows(s)
	rows := all
	detail := container.NewStack(emptyState(tr.T("catalog.pick.title"), tr.T("catalog.pick.body")))
	list := widget.NewList(
		func() int { return len(rows) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("AADSTS0000000 · template")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			r := rows[i]
			if r.heading != "" {
				l.TextStyle = fyne.TextStyle{Bold: true}
				l.SetText(r.heading)
				return
			}
			l.TextStyle = fyne.TextStyle{}
			l.SetText(entryLabel(r))
		})
	list.OnSelected = func(i widget.ListItemID) {
		if rows[i].entry == nil {
			list.Unselect(i)
			return
		}
		p := rows[i].entry.Render(tr, kb.Details{}, 0)
		detail.Objects = []fyne.CanvasObject{container.NewVScroll(newPanelView(s.window, tr, p))}
		detail.Refresh()
	}
	search := widget.NewEntry()
	search.SetPlaceHolder(tr.T("catalog.search"))
	count := widget.NewLabel("")
	filter := func(q string) {
		s.troubleshoot.search = q
		rows = filterRows(all, q)
		count.SetText(tr.N("catalog.count", countEntries(rows), nil))
		list.UnselectAll()
		list.Refresh()
	}
	search.OnChanged = filter
	search.SetText(s.troubleshoot.search)
	filter(s.troubleshoot.search)
	left := container.NewBorder(container.NewVBox(search, count), nil, nil, nil, list)
	split := container.NewHSplit(left, detail)
	split.Offset = 0.42
	return split
}

func entryLabel(r catalogRow) string {
	if len(r.entry.Codes) > 0 {
		return r.entry.Codes[0] + " · " + r.title
	}
	return r.title
}

// catalogRows lists the entries under their group headings, in the catalog's group order.
func catalogRows(s *shell) []catalogRow {
	var rows []catalogRow
	for _, g := range kb.Groups {
		rows = append(rows, catalogRow{heading: s.tr.T("group." + g)})
		for _, e := range s.catalog.Entries {
			if e.Group == g {
				rows = append(rows, catalogRow{entry: e, title: e.Render(s.tr, kb.Details{}, 0).Title})
			}
		}
	}
	return rows
}

// filterRows keeps the entries whose title, codes or ID contain every word of the query, and
// the headings of the groups that still have entries.
func filterRows(all []catalogRow, query string) []catalogRow {
	words := strings.Fields(strings.ToLower(query))
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
		hay := strings.ToLower(r.title + " " + strings.Join(r.entry.Codes, " ") + " " + r.entry.ID)
		if !containsAll(hay, words) {
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

func countEntries(rows []catalogRow) int {
	n := 0
	for _, r := range rows {
		if r.entry != nil {
			n++
		}
	}
	return n
}

