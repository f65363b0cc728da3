package gui

import (
	"context"
	"net"
	"net/url"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mfp365/flows/discovery"
	"mfp365/flows/signin"
	"mfp365/kb"
)

// printersState is what the printers screen keeps across language changes.
type printersState struct {
	printers []discovery.Printer
	scanning bool
	scanned  bool
	cancel   context.CancelFunc
	address  string // the "add by address" field
	guide    string // address of the printer whose guide is open
	chosen   string // address of the printer chosen for the guided path

	base     discovery.Config // test seam: SNMP port, subnets, WS-Discovery target
	onChange func()
	view     *printersScreen
}

// printersScreen is "Imprimantes": find the printers, open their admin page, show the guide.
type printersScreen struct {
	s      *shell
	st     *printersState
	body   *fyne.Container
	search *widget.Button
}

func newPrintersScreen(s *shell) fyne.CanvasObject {
	st := s.printers
	v := &printersScreen{s: s, st: st, body: container.NewVBox()}
	st.view = v
	tr := s.tr
	v.search = widget.NewButtonWithIcon(tr.T("printers.search"), theme.SearchIcon(), func() { v.scan(st.base) })
	v.search.Importance = widget.HighImportance
	addr := boundEntry(&st.address, tr.T("printers.address.hint"))
	add := widget.NewButtonWithIcon(tr.T("printers.add"), theme.ContentAddIcon(), v.addByAddress)
	addr.OnSubmitted = func(string) { v.addByAddress() }
	top := container.NewVBox(paragraph(tr.T("printers.intro")),
		container.NewBorder(nil, nil, v.search, add, addr))
	v.refresh()
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(v.body)))
}

// scan runs a discovery off the UI goroutine; printers appear as they are found.
func (v *printersScreen) scan(cfg discovery.Config) {
	st := v.st
	if st.scanning {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	st.scanning, st.cancel = true, cancel
	if len(cfg.Hosts) == 0 {
		st.printers = nil
	}
	v.refresh()
	backgroundWithProgress(func(report func(func())) []discovery.Printer {
		return discovery.Run(ctx, cfg, func(e discovery.Event) {
			report(func() { st.upsert(e.Printer); st.view.refresh() })
		})
	}, func(found []discovery.Printer) {
		cancel()
		for _, p := range found {
			st.upsert(p)
		}
		st.scanning, st.scanned, st.cancel = false, true, nil
		st.view.refresh()
	})
}

// upsert replaces or adds a printer by address.
func (st *printersState) upsert(p discovery.Printer) {
	for i := range st.printers {
		if st.printers[i].Address == p.Address {
			st.printers[i] = p
			return
		}
	}
	st.printers = append(st.printers, p)
}

// addByAddress probes the address typed (an IP or a host name) the same way.
func (v *printersScreen) addByAddress() {
	a := strings.TrimSpace(v.st.address)
	if a == "" || len(a) > 253 || strings.ContainsAny(a, " /\\@") {
		return
	}
	cfg := v.st.base
	cfg.Hosts = []string{a}
	v.scan(cfg)
}

// refresh redraws the list, or the guide of the printer chosen.
func (v *printersScreen) refresh() {
	st, tr := v.st, v.s.tr
	var objs []fyne.CanvasObject
	if st.scanning {
		objs = append(objs, progressRow(tr, tr.T("printers.scanning"), func() { st.cancel() }))
	}
	if p := st.find(st.guide); p != nil {
		objs = append(objs, v.guideView(*p)...)
	} else {
		objs = append(objs, v.list()...)
	}
	enableIf(v.search, !st.scanning)
	showBody(v.body, objs, st.onChange)
}

func (st *printersState) find(addr string) *discovery.Printer {
	for i := range st.printers {
		if st.printers[i].Address == addr {
			return &st.printers[i]
		}
	}
	return nil
}

// list shows one card per printer, or the state of the search.
func (v *printersScreen) list() []fyne.CanvasObject {
	st, tr := v.st, v.s.tr
	if len(st.printers) == 0 {
		switch {
		case st.scanning:
			return nil // the progress row says it
		case st.scanned:
			return []fyne.CanvasObject{emptyState(tr.T("printers.none.title"), tr.T("printers.none.body"))}
		default:
			return []fyne.CanvasObject{emptyState(tr.T("printers.idle.title"), tr.T("printers.idle.body"))}
		}
	}
	var objs []fyne.CanvasObject
	for _, p := range st.printers {
		objs = append(objs, v.card(p))
	}
	return objs
}

func (v *printersScreen) card(p discovery.Printer) fyne.CanvasObject {
	tr := v.s.tr
	name := strings.TrimSpace(orDefault(p.VendorName, tr.T("discover.unknown_vendor")) + " " + p.Model)
	title := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	var facts []string
	facts = append(facts, p.Address)
	if p.Hostname != "" {
		facts = append(facts, p.Hostname)
	}
	if p.Serial != "" {
		facts = append(facts, tr.T("discover.serial")+" "+p.Serial)
	}
	facts = append(facts, tr.T("discover.sources")+" "+strings.Join(p.Sources, ", "))
	info := widget.NewLabel(strings.Join(facts, " · "))
	info.Wrapping = fyne.TextWrapWord
	info.Importance = widget.LowImportance
	guide := widget.NewButtonWithIcon(tr.T("printers.guide"), theme.DocumentIcon(), func() {
		v.st.guide = p.Address
		v.refresh()
	})
	choose := widget.NewButtonWithIcon(tr.T("printers.choose"), theme.RadioButtonIcon(), func() {
		v.st.chosen = p.Address
		v.refresh()
	})
	if v.st.chosen == p.Address {
		choose.SetText(tr.T("printers.chosen"))
		choose.SetIcon(theme.RadioButtonCheckedIcon())
		choose.Importance = widget.HighImportance
	}
	return widget.NewCard("", "", container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentPrintIcon()),
		container.NewCenter(container.NewHBox(v.openButton(p), guide, choose)), container.NewVBox(title, info)))
}

// openButton opens the printer's admin page in the default browser.
func (v *printersScreen) openButton(p discovery.Printer) *widget.Button {
	return widget.NewButtonWithIcon(v.s.tr.T("printers.open"), theme.ComputerIcon(), func() { v.openURL(p.AdminURL) })
}

// Printers without an address, for the guides shown when none was chosen.
var (
	defaultPrinter  = discovery.Printer{Guide: "generic"}
	webtoolsPrinter = discovery.Printer{Guide: "webtools"}
)

func (v *printersScreen) openURL(raw string) {
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		_ = v.s.app.OpenURL(u)
	}
}

// guideView is the vendor's steps with what the assistant knows filled in.
func (v *printersScreen) guideView(p discovery.Printer) []fyne.CanvasObject {
	guide := v.s.knowledge().Guide(p.Guide) // first: it brings the guides' texts into the bundle
	tr := v.s.tr
	g := guide.Render(tr, v.guideData(p))
	back := widget.NewButtonWithIcon(tr.T("printers.back"), theme.NavigateBackIcon(), func() {
		v.st.guide = ""
		v.refresh()
	})
	open := v.openButton(p)
	open.Importance = widget.HighImportance
	title := widget.NewRichText(&widget.TextSegment{Text: g.Title,
		Style: widget.RichTextStyle{SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}}})
	title.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{container.NewHBox(back, open), title, paragraph(g.Intro),
		section(tr.T("printers.steps"), numbered(g.Steps))}
	if len(g.Checks) > 0 {
		objs = append(objs, section(tr.T("printers.checks"), numbered(g.Checks)))
	}
	if len(g.Notes) > 0 {
		objs = append(objs, section(tr.T("printers.notes"), numbered(g.Notes)))
	}
	return objs
}

// guideData is what the other screens know: the sign-in's tenant, application and account,
// the connection test's server and port.
func (v *printersScreen) guideData(p discovery.Printer) kb.GuideData {
	si, ct := v.s.signin, v.s.conntest
	d := kb.GuideData{AdminURL: p.AdminURL, Server: orDefault(ct.host, "smtp.office365.com"), Port: orDefault(ct.port, "587"),
		Security: "STARTTLS", TenantID: si.tenant, ClientID: si.clientID, DeviceLogin: signin.DeviceLoginURL(si.cloud)}
	d.User = orDefault(ct.user, si.sender)
	if si.outcome != nil && d.User == "" {
		d.User = si.outcome.Claims.Account
	}
	if _, err := strconv.Atoi(d.Port); err != nil {
		d.Port = "587"
	}
	if h, _, err := net.SplitHostPort(d.Server); err == nil {
		d.Server = h
	}
	return d
}
