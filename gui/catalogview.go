package gui

import (
	"cmp"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/kb"
)

// catalogRow is one line of the list: a group heading, or a situation: the entries that
// share a title (variants of one situation, such as the codes of an expired sign-in code).
type catalogRow struct {
	heading string // set for a group heading
	entries []*kb.Entry
	title   string   // the situation's title in the current language
	codes   []string // every variant's codes, as shown (kb.Shown)
	search  string   // squashed titles, causes, codes and IDs, for the search field
}

// newCatalogView lists every entry grouped by source, with a search field; selecting an entry
// shows its panel beside the list.
func newCatalogView(s *shell, query, selected *string) fyne.CanvasObject {
	_, tr := s.knowledge()
	all := catalogRows(s)
	rows := all
	detail := container.NewStack(emptyState(tr.T("catalog.pick.title"), tr.T("catalog.pick.body")))
	var list *widget.List
	list = widget.NewList(
		func() int { return len(rows) },
		func() fyne.CanvasObject {
			code := canvas.NewText("AADSTS0000000", theme.Color(theme.ColorNamePlaceHolder))
			code.TextSize = theme.CaptionTextSize()
			inset := layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0)
			return container.NewVBox(paragraph("template"), container.New(inset, code))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			title := row.Objects[0].(*wrapLabel)
			code := row.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
			r := rows[i]
			if r.heading != "" {
				title.TextStyle = fyne.TextStyle{Bold: true}
				title.SetText(r.heading)
				code.Text = ""
				code.Hide()
			} else {
				title.TextStyle = fyne.TextStyle{}
				title.SetText(r.title)
				code.Text = strings.Join(r.codes, ", ")
				code.Hidden = len(r.codes) == 0
			}
			code.Refresh()
		})
	show := func(entries []*kb.Entry) {
		panels := container.NewVBox()
		for _, e := range entries {
			panels.Add(newPanelView(tr, s.app.Clipboard(), e.Render(tr, kb.Details{}, 0)))
		}
		detail.Objects = []fyne.CanvasObject{container.NewVScroll(panels)}
		detail.Refresh()
	}
	list.OnSelected = func(i widget.ListItemID) {
		if rows[i].entries == nil {
			list.Unselect(i)
			return
		}
		*selected = rows[i].entries[0].ID
		show(rows[i].entries)
	}
	search := widget.NewEntry()
	search.SetPlaceHolder(tr.T("catalog.search"))
	count := widget.NewLabel("")
	filter := func(q string) {
		*query = q
		rows = filterRows(all, q)
		count.SetText(tr.N("catalog.count", countSituations(rows), nil))
		list.UnselectAll()
		fitRows(list, rows, list.Size().Width)
		list.Refresh()
	}
	search.OnChanged = filter
	search.SetText(*query)
	filter(*query)
	for i, r := range rows {
		if r.entries != nil && r.entries[0].ID == *selected {
			list.Select(i)
		}
	}
	fitted := container.New(&rowFitter{fit: func(width float32) { fitRows(list, rows, width) }}, list)
	left := container.NewBorder(container.NewVBox(search, count), nil, nil, nil, fitted)
	split := container.NewHSplit(left, detail)
	split.Offset = 0.45
	return split
}

// fitRows gives each row of the list the height its title needs, wrapped as a wrapLabel
// wraps it at the list's width, and its codes under it: no title is cut.
func fitRows(list *widget.List, rows []catalogRow, width float32) {
	if width <= 0 {
		return
	}
	pad := theme.InnerPadding()
	line := fyne.MeasureText("Ag", theme.TextSize(), fyne.TextStyle{}).Height
	caption := fyne.MeasureText("Ag", theme.CaptionTextSize(), fyne.TextStyle{}).Height
	for i, r := range rows {
		style := fyne.TextStyle{Bold: r.heading != ""}
		n := strings.Count(breakLines(cmp.Or(r.heading, r.title), width-2*pad-1, theme.TextSize(), style), "\n") + 1
		h := float32(n)*line + 2*pad
		if len(r.codes) > 0 {
			h += theme.Padding() + caption
		}
		list.SetItemHeight(i, h)
	}
}

// rowFitter lays out the list it holds and calls fit when the width changes.
type rowFitter struct {
	fit   func(width float32)
	width float32
}

func (f *rowFitter) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != f.width {
		f.width = size.Width
		f.fit(size.Width)
	}
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (f *rowFitter) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

// catalogRows lists the situations under their group headings, in the catalog's group
// order: in each group, first the situations the printer makers' documents describe (what
// their printers meet), then the others in the catalog's order; the entries that
// share a title are one row.
func catalogRows(s *shell) []catalogRow {
	cat, tr := s.knowledge()
	var rows []catalogRow
	for _, g := range kb.Groups {
		rows = append(rows, catalogRow{heading: tr.T("group." + g)})
		var group []*kb.Entry
		for _, e := range cat.Entries {
			if e.InGroup(g) {
				group = append(group, e)
			}
		}
		slices.SortStableFunc(group, func(a, b *kb.Entry) int { return cmp.Compare(rank(a), rank(b)) })
		at := map[string]int{} // title -> its row
		for _, e := range group {
			p := e.Render(tr, kb.Details{}, 0)
			i, seen := at[p.Title]
			if !seen {
				i, at[p.Title] = len(rows), len(rows)
				rows = append(rows, catalogRow{title: p.Title})
			}
			r := &rows[i]
			r.entries = append(r.entries, e)
			for _, c := range kb.Shown(e.Codes) { // as people read them
				if !slices.Contains(r.codes, c) {
					r.codes = append(r.codes, c)
				}
			}
			r.search += " " + kb.Squash(p.Title+" "+p.Cause+" "+strings.Join(e.Codes, " ")+" "+e.ID)
		}
	}
	return rows
}

// printerMakerSeeds are the seeds written by printer makers for their printers (../shared/
// seeds: WebTools Express for Canon/Océ, Epson, Nashuatec): what their printers meet.
var printerMakerSeeds = []string{"000_aa104b4102b39e1e.txt", "001_d27145df6c83e5f3.txt", "003_16993f8a47b7ffed.txt"}

// rank puts first the entries that a printer maker's document describes.
func rank(e *kb.Entry) int {
	for _, src := range e.Sources {
		if slices.Contains(printerMakerSeeds, src) {
			return 0
		}
	}
	return 1
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
		if r.entries == nil {
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

// countSituations counts the rows that are situations (not headings): what the list shows.
func countSituations(rows []catalogRow) int {
	n := 0
	for _, r := range rows {
		if r.entries != nil {
			n++
		}
	}
	return n
}
