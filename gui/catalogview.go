package gui

import (
	"cmp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/kb"
)

// newCatalogView lists every entry grouped by source, with a search field; selecting an entry
// shows its panel beside the list.
func newCatalogView(s *shell, query, selected *string) fyne.CanvasObject {
	cat, tr := s.knowledge()
	all := cat.Situations(tr)
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
			if r.Heading != "" {
				title.TextStyle = fyne.TextStyle{Bold: true}
				title.SetText(r.Heading)
				code.Text = ""
				code.Hide()
			} else {
				title.TextStyle = fyne.TextStyle{}
				title.SetText(r.Title)
				code.Text = strings.Join(r.Codes, ", ")
				code.Hidden = len(r.Codes) == 0
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
		if rows[i].Entries == nil {
			list.Unselect(i)
			return
		}
		*selected = rows[i].Entries[0].ID
		show(rows[i].Entries)
	}
	search := widget.NewEntry()
	search.SetPlaceHolder(tr.T("catalog.search"))
	count := widget.NewLabel("")
	filter := func(q string) {
		*query = q
		rows = kb.FilterSituations(all, q)
		count.SetText(tr.N("catalog.count", kb.CountSituations(rows), nil))
		list.UnselectAll()
		fitRows(list, rows, list.Size().Width)
		list.Refresh()
	}
	search.OnChanged = filter
	search.SetText(*query)
	filter(*query)
	for i, r := range rows {
		if r.Entries != nil && r.Entries[0].ID == *selected {
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
func fitRows(list *widget.List, rows []kb.Situation, width float32) {
	if width <= 0 {
		return
	}
	pad := theme.InnerPadding()
	line := fyne.MeasureText("Ag", theme.TextSize(), fyne.TextStyle{}).Height
	caption := fyne.MeasureText("Ag", theme.CaptionTextSize(), fyne.TextStyle{}).Height
	for i, r := range rows {
		style := fyne.TextStyle{Bold: r.Heading != ""}
		n := strings.Count(breakLines(cmp.Or(r.Heading, r.Title), width-2*pad-1, theme.TextSize(), style), "\n") + 1
		h := float32(n)*line + 2*pad
		if len(r.Codes) > 0 {
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
