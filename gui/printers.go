package gui

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/flows/discovery"
	"mfp365/i18n"
	"mfp365/report"
)

// printersScreen is "Imprimantes": find the printers, open their admin page, show the guide.
// The printers found and the one chosen are the session's.
type printersScreen struct {
	s        *shell
	scanning bool
	scanned  bool
	stop     context.CancelFunc
	address  string // the "add by address" field
	addrErr  error  // the address typed, refused before any traffic (an *input.Error)
	guide    string // address of the printer whose guide is open

	configure func(address string) // starts the guided path for a printer (the shell's wiring)

	body   *fyne.Container
	search *widget.Button
}

func (v *printersScreen) content() fyne.CanvasObject {
	tr := v.s.tr
	v.body = container.NewVBox()
	v.search = widget.NewButtonWithIcon(tr.T("printers.search"), theme.SearchIcon(), func() { v.scan(v.s.seams.discovery) })
	v.search.Importance = widget.HighImportance
	addr := boundEntry(&v.address, tr.T("printers.address.hint"))
	addr.OnChanged = func(text string) { // a new address: the refusal of the last one goes
		if v.address = text; v.addrErr != nil {
			v.addrErr = nil
			v.refresh()
		}
	}
	add := widget.NewButtonWithIcon(tr.T("printers.add"), theme.ContentAddIcon(), v.addByAddress)
	addr.OnSubmitted = func(string) { v.addByAddress() }
	export := widget.NewButtonWithIcon(tr.T("printers.export"), theme.DocumentSaveIcon(), v.exportDialog)
	intro := tr.T("printers.intro")
	if v.s.current == "assistant" {
		intro = tr.T("printers.intro.assistant")
	}
	top := container.NewVBox(paragraph(intro), container.NewHBox(v.search, export), container.NewBorder(nil, nil, nil, add, addr))
	v.refresh()
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(v.body)))
}

func (v *printersScreen) cancel() {
	if v.stop != nil {
		v.stop()
	}
}

// scan runs a discovery off the UI goroutine; printers appear as they are found.
func (v *printersScreen) scan(cfg discovery.Config) {
	ss := v.s.session
	if v.scanning {
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	v.scanning, v.stop = true, stop
	if len(cfg.Hosts) == 0 {
		ss.Printers = nil
	}
	v.refresh()
	backgroundWithProgress(v.s, func(report func(func())) []discovery.Printer {
		return discovery.Run(ctx, cfg, func(e discovery.Event) {
			report(func() { ss.Upsert(e.Printer); v.refresh() })
		})
	}, func(found []discovery.Printer) {
		stop()
		for _, p := range found {
			ss.Upsert(p)
		}
		v.scanning, v.scanned, v.stop = false, true, nil
		v.refresh()
	})
}

// addByAddress probes the address typed (an IP or a host name) the same way.
func (v *printersScreen) addByAddress() {
	if strings.TrimSpace(v.address) == "" {
		return // nothing typed yet
	}
	a, err := discovery.CheckHost(v.address)
	if v.addrErr = err; err != nil {
		v.refresh()
		return
	}
	cfg := v.s.seams.discovery
	cfg.Hosts = []string{a}
	v.scan(cfg)
}

// refresh redraws the list, or the guide of the printer chosen.
func (v *printersScreen) refresh() {
	if v.body == nil {
		return
	}
	tr := v.s.tr
	var objs []fyne.CanvasObject
	if v.addrErr != nil {
		l := paragraph(refusal(tr, v.addrErr, func(string) string { return "printers.add" }))
		l.Importance = widget.DangerImportance
		objs = append(objs, l)
	}
	if v.scanning {
		objs = append(objs, progressRow(tr, tr.T("printers.scanning"), v.cancel))
	}
	if p := v.s.session.Printer(v.guide); p != nil {
		back := widget.NewButtonWithIcon(tr.T("printers.back"), theme.NavigateBackIcon(), func() { v.guide = ""; v.refresh() })
		open := openAdminButton(v.s, *p)
		open.Importance = widget.HighImportance
		objs = append(objs, container.NewHBox(back, open))
		objs = append(objs, guideView(v.s, *p)...)
	} else {
		objs = append(objs, v.list()...)
	}
	enableIf(v.search, !v.scanning)
	v.s.showBody(v.body, objs)
}

// list shows one card per printer, or the state of the search.
func (v *printersScreen) list() []fyne.CanvasObject {
	tr, printers := v.s.tr, v.s.session.Printers
	if len(printers) == 0 {
		switch {
		case v.scanning:
			return nil // the progress row says it
		case v.scanned:
			return []fyne.CanvasObject{emptyState(tr.T("printers.none.title"), tr.T("printers.none.body"))}
		default:
			return []fyne.CanvasObject{emptyState(tr.T("printers.idle.title"), tr.T("printers.idle.body"))}
		}
	}
	var objs []fyne.CanvasObject
	for _, p := range printers {
		objs = append(objs, v.card(p))
	}
	return objs
}

func (v *printersScreen) card(p discovery.Printer) fyne.CanvasObject {
	tr, ss := v.s.tr, v.s.session
	name := strings.TrimSpace(cmp.Or(p.VendorName, tr.T("discover.unknown_vendor")) + " " + p.Model)
	title := paragraph(name)
	title.TextStyle = fyne.TextStyle{Bold: true}
	facts := []string{p.Address}
	if p.Hostname != "" {
		facts = append(facts, p.Hostname)
	}
	if p.Firmware != "" {
		facts = append(facts, tr.T("discover.firmware")+" "+p.Firmware)
	}
	if p.Serial != "" {
		facts = append(facts, tr.T("discover.serial")+" "+p.Serial)
	}
	facts = append(facts, tr.T("discover.sources")+" "+strings.Join(sourceNames(p.Sources), ", "))
	info := paragraph(strings.Join(facts, " · "))
	info.Importance = widget.LowImportance
	guide := widget.NewButtonWithIcon(tr.T("printers.guide"), theme.DocumentIcon(), func() { v.guide = p.Address; v.refresh() })
	if v.s.current != "assistant" { // here, choosing a printer starts the guided path for it
		configure := widget.NewButtonWithIcon(tr.T("printers.configure"), theme.NavigateNextIcon(), func() { v.configure(p.Address) })
		return printerCard(container.NewVBox(title, readinessBadge(tr, p), info), openAdminButton(v.s, p), guide, configure)
	}
	choose := widget.NewButtonWithIcon(tr.T("printers.choose"), theme.RadioButtonIcon(), func() { ss.Chosen = p.Address; v.refresh() })
	if ss.Chosen == p.Address {
		choose.SetText(tr.T("printers.chosen"))
		choose.SetIcon(theme.RadioButtonCheckedIcon())
		choose.Importance = widget.HighImportance
	}
	return printerCard(container.NewVBox(title, readinessBadge(tr, p), info), openAdminButton(v.s, p), guide, choose)
}

// printerCard is one printer of the list: what is known of it, and its buttons under the
// facts, which keep the card's whole width.
func printerCard(about fyne.CanvasObject, buttons ...fyne.CanvasObject) fyne.CanvasObject {
	return widget.NewCard("", "", container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.DocumentPrintIcon())), nil,
		container.NewVBox(about, container.NewHBox(buttons...))))
}

// readinessBadge says at a glance whether the printer can send with Microsoft OAuth, and the
// route it should take once basic authentication is off.
func readinessBadge(tr *i18n.Translator, p discovery.Printer) fyne.CanvasObject {
	icon, importance := theme.QuestionIcon(), widget.MediumImportance
	switch p.OAuth {
	case discovery.OAuthYes:
		icon, importance = theme.NewSuccessThemedResource(theme.ConfirmIcon()), widget.SuccessImportance
	case discovery.OAuthUpdate:
		icon, importance = theme.NewWarningThemedResource(theme.DownloadIcon()), widget.WarningImportance
	case discovery.OAuthNo:
		icon, importance = theme.NewErrorThemedResource(theme.CancelIcon()), widget.DangerImportance
	}
	text := tr.T("discover.readiness") + " " + tr.T("oauth."+string(cmp.Or(p.OAuth, discovery.OAuthUnknown)))
	if p.Readiness.MinFirmware != "" && p.OAuth == discovery.OAuthUpdate {
		text += " (" + tr.T("printers.min_firmware", map[string]any{"Version": p.Readiness.MinFirmware}) + ")"
	}
	if r := report.RouteName(tr, p.Route); r != "" {
		text += " · " + tr.T("printers.route", map[string]any{"Route": r})
	}
	label := paragraph(text)
	label.Importance, label.TextStyle = importance, fyne.TextStyle{Bold: true}
	return container.NewBorder(nil, nil, widget.NewIcon(icon), nil, label)
}

// exportDialog saves the printers found as a CSV file Excel opens in French.
func (v *printersScreen) exportDialog() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		if err := v.writeCSV(w); err != nil {
			dialog.ShowError(err, v.s.window)
		}
	}, v.s.window)
	d.SetFileName(fmt.Sprintf("imprimantes-%s.csv", v.s.seams.now().Format("2006-01-02")))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Show()
}

// writeCSV writes the session's printers as the command line's --csv does.
func (v *printersScreen) writeCSV(w io.Writer) error {
	return report.WriteCSV(w, v.s.tr, report.PrinterRows(v.s.session.Printers))
}

// openAdminButton opens the printer's admin page in the default browser.
func openAdminButton(s *shell, p discovery.Printer) *widget.Button {
	return widget.NewButtonWithIcon(s.tr.T("printers.open"), theme.ComputerIcon(), func() { openURL(s, p.AdminURL) })
}

// openURL opens a web address (http or https only: addresses come from the network).
func openURL(s *shell, raw string) {
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		_ = s.app.OpenURL(u)
	}
}

// guideView is the printer's vendor guide with what the session knows filled in.
func guideView(s *shell, p discovery.Printer) []fyne.CanvasObject {
	cat, tr := s.knowledge()
	g := cat.Guide(p.Guide).Render(tr, s.session.GuideData(p))
	title := heading(g.Title)
	objs := []fyne.CanvasObject{title, paragraph(g.Intro), section(tr.T("printers.steps"), numbered(g.Steps))}
	if len(g.Checks) > 0 {
		objs = append(objs, section(tr.T("printers.checks"), numbered(g.Checks)))
	}
	if len(g.Notes) > 0 {
		objs = append(objs, section(tr.T("printers.notes"), numbered(g.Notes)))
	}
	return objs
}

// sourceNames writes how a printer was found as the protocols are written (mDNS, SNMP,
// WS-Discovery, HTTP); the command line's JSON keeps its own values.
func sourceNames(sources []string) []string {
	names := map[string]string{"mdns": "mDNS", "snmp": "SNMP", "wsd": "WS-Discovery", "http": "HTTP"}
	out := make([]string, len(sources))
	for i, s := range sources {
		out[i] = cmp.Or(names[s], s)
	}
	return out
}
