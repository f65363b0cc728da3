package gui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestThemeContrast computes the contrast ratio (WCAG 2.2) of every colour the window draws text
// in against every surface it draws it on, and of the controls' outlines, in both variants.
func TestThemeContrast(t *testing.T) {
	th := appTheme{theme.DefaultTheme()}
	text := []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameDisabled, theme.ColorNamePrimary,
		theme.ColorNameHyperlink, theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError}
	surfaces := []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameOverlayBackground, theme.ColorNameHeaderBackground,
		theme.ColorNameMenuBackground}
	type pair struct {
		fg, bg fyne.ThemeColorName
		min    float64
	}
	var pairs []pair
	for _, fg := range text {
		for _, bg := range surfaces {
			pairs = append(pairs, pair{fg, bg, 4.5})
		}
	}
	pairs = append(pairs,
		pair{theme.ColorNameForeground, theme.ColorNameInputBackground, 4.5},
		pair{theme.ColorNamePlaceHolder, theme.ColorNameInputBackground, 4.5},
		pair{theme.ColorNameForeground, theme.ColorNameButton, 4.5},
		pair{theme.ColorNameDisabled, theme.ColorNameDisabledButton, 4.5},
		pair{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary, 4.5},
		pair{theme.ColorNameForegroundOnError, theme.ColorNameError, 4.5},
		pair{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess, 4.5},
		pair{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning, 4.5},
		pair{theme.ColorNameInputBorder, theme.ColorNameBackground, 3},
		pair{theme.ColorNameInputBorder, theme.ColorNameInputBackground, 3},
	)
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		lowest, which := 21.0, ""
		for _, p := range pairs {
			r := contrast(th.Color(p.fg, v), th.Color(p.bg, v))
			if r < p.min {
				t.Errorf("variant %d: %s on %s is %.2f:1, under %.1f:1", v, p.fg, p.bg, r, p.min)
			}
			if p.min == 4.5 && r < lowest {
				lowest, which = r, string(p.fg)+" on "+string(p.bg)
			}
		}
		t.Logf("variant %d: lowest text ratio %.2f:1 (%s)", v, lowest, which)
	}
	// An enabled button's fill stands out from a disabled one's, and from the background.
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		button := th.Color(theme.ColorNameButton, v)
		if r := contrast(button, th.Color(theme.ColorNameDisabledButton, v)); r < 1.1 {
			t.Errorf("variant %d: enabled and disabled buttons differ by %.2f:1 only", v, r)
		}
		if r := contrast(button, th.Color(theme.ColorNameBackground, v)); r < 1.2 {
			t.Errorf("variant %d: a button stands out from the background by %.2f:1 only", v, r)
		}
	}
	// Fyne's own theme fails here: the test can tell.
	if r := contrast(theme.DefaultTheme().Color(theme.ColorNameDisabled, theme.VariantDark),
		theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)); r >= 4.5 {
		t.Errorf("Fyne's secondary text is %.2f:1: the test measures nothing", r)
	}
}

func TestContrastFormula(t *testing.T) {
	for _, c := range []struct {
		a, b color.Color
		want float64
	}{{color.White, color.Black, 21}, {rgb(0x767676), color.White, 4.54}, {color.White, color.White, 1}} {
		if got := contrast(c.a, c.b); math.Abs(got-c.want) > 0.01 {
			t.Errorf("contrast %v / %v = %.3f, want %.2f", c.a, c.b, got, c.want)
		}
	}
}

// contrast is WCAG's contrast ratio of two opaque colours (an alpha below 1 is blended on
// the second).
func contrast(fg, bg color.Color) float64 {
	l1, l2 := luminance(blend(fg, bg)), luminance(bg)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

func blend(fg, bg color.Color) color.Color {
	f, b := color.NRGBAModel.Convert(fg).(color.NRGBA), color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(f.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{R: mix(f.R, b.R), G: mix(f.G, b.G), B: mix(f.B, b.B), A: 0xff}
}

func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}
