package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is Fyne's default theme with the colours that carry text, or outline a control,
// raised to a readable contrast in both variants: 4.5:1 at least for text and 3:1 for a
// control's outline (WCAG 2.2, 1.4.3 and 1.4.11). Fyne's own grey for secondary text and
// radio outlines is about 1.5:1 on the dark background; its light green, orange and red are
// 1.6 to 3.7:1 on white. The primary colour is fixed (not the desktop's accent) so that its
// ratios hold.
type appTheme struct{ fyne.Theme }

// useReadableTheme gives the app appTheme over Fyne's default (dark or light as the system
// says). The widget tests keep Fyne's test theme, which their recorded markup names.
func useReadableTheme(a fyne.App) { a.Settings().SetTheme(appTheme{theme.DefaultTheme()}) }

// readableColors are the colours appTheme changes, per variant.
var readableColors = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantDark: {
		theme.ColorNameDisabled:            rgb(0x9a9a9a), // secondary text: addresses, step bar, details
		theme.ColorNameInputBorder:         rgb(0x7a7a7a), // entries, unchecked radio buttons and boxes
		theme.ColorNamePrimary:             rgb(0x6ea8fe),
		theme.ColorNameHyperlink:           rgb(0x6ea8fe),
		theme.ColorNameForegroundOnPrimary: rgb(0x171718),
		theme.ColorNameError:               rgb(0xff6659),
		theme.ColorNameDisabledButton:      rgb(0x1d1d1f), // a disabled button is barely filled
	},
	theme.VariantLight: {
		theme.ColorNameDisabled:       rgb(0x6a6a6a),
		theme.ColorNamePlaceHolder:    rgb(0x6a6a6a),
		theme.ColorNameInputBorder:    rgb(0x8a8a8a),
		theme.ColorNamePrimary:        rgb(0x1a5fd0),
		theme.ColorNameHyperlink:      rgb(0x1a5fd0),
		theme.ColorNameSuccess:        rgb(0x1e7b34),
		theme.ColorNameWarning:        rgb(0xa35a00),
		theme.ColorNameError:          rgb(0xc62828),
		theme.ColorNameButton:         rgb(0xe6e6e6), // Fyne's #f5f5f5 hardly shows on white
		theme.ColorNameDisabledButton: rgb(0xfafafa),
	},
}

// Color is the readable colour where appTheme has one, else Fyne's.
func (t appTheme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	if c, ok := readableColors[variant][name]; ok {
		return c
	}
	return t.Theme.Color(name, variant)
}

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}
