package report

import (
	"encoding/csv"
	"io"
	"strings"

	"mfp365/flows/conntest"
	"mfp365/flows/discovery"
	"mfp365/i18n"
)

// csvColumns are the columns of the printer list, in order: the header's message and the cell.
var csvColumns = []struct {
	header string
	cell   func(*i18n.Translator, PrinterRow) string
}{
	{"discover.csv.address", func(_ *i18n.Translator, p PrinterRow) string { return p.Address }},
	{"discover.csv.hostname", func(_ *i18n.Translator, p PrinterRow) string { return p.Hostname }},
	{"discover.csv.vendor", func(_ *i18n.Translator, p PrinterRow) string { return p.Vendor }},
	{"discover.csv.model", func(_ *i18n.Translator, p PrinterRow) string { return p.Model }},
	{"discover.csv.firmware", func(_ *i18n.Translator, p PrinterRow) string { return p.Firmware }},
	{"discover.csv.oauth", func(tr *i18n.Translator, p PrinterRow) string { return oauthName(tr, p.OAuth) }},
	{"discover.csv.route", func(tr *i18n.Translator, p PrinterRow) string { return RouteName(tr, p.Route) }},
	{"discover.csv.serial", func(_ *i18n.Translator, p PrinterRow) string { return p.Serial }},
	{"discover.csv.admin", func(_ *i18n.Translator, p PrinterRow) string { return p.AdminURL }},
	{"discover.csv.sources", func(_ *i18n.Translator, p PrinterRow) string { return strings.Join(p.Sources, ", ") }},
}

// csvBOM makes Excel read the file as UTF-8.
const csvBOM = "\uFEFF"

// WriteCSV writes the printers as Excel opens a CSV file in French: UTF-8 with a BOM, ";"
// between cells, CRLF, a header row in the reader's language. Every cell is neutralized.
func WriteCSV(w io.Writer, tr *i18n.Translator, printers []PrinterRow) error {
	if _, err := io.WriteString(w, csvBOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	row := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		row[i] = csvCell(tr.T(c.header))
	}
	_ = cw.Write(row)
	for _, p := range printers {
		for i, c := range csvColumns {
			row[i] = csvCell(c.cell(tr, p))
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// csvCell keeps a cell from being read as a formula: what comes from the network (a printer's
// name, model, firmware...) is hostile, and a spreadsheet evaluates a cell that starts with =,
// +, -, @, a tab or a carriage return (OWASP's CSV injection advice). Such a cell, or one whose
// first character after spaces is one of those, gets a leading "'". Quoting (";", '"', line
// breaks) is encoding/csv's.
func csvCell(s string) string {
	if t := strings.TrimLeft(s, " "); t != "" && strings.ContainsRune("=+-@\t\r\n", rune(t[0])) {
		return "'" + s
	}
	return s
}

// oauthName is a readiness verdict as people say it ("" stays "").
func oauthName(tr *i18n.Translator, oauth discovery.OAuth) string {
	if oauth == "" {
		return ""
	}
	return tr.T("oauth." + string(oauth))
}

// RouteName is a route as people call it, "" for none.
func RouteName(tr *i18n.Translator, route conntest.Route) string {
	if route == "" {
		return ""
	}
	return tr.T("route." + string(route))
}
