package gui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"github.com/skip2/go-qrcode"
)

// qrSize is the side of the QR code drawn next to a sign-in code, in pixels.
const qrSize = 180

// qrPNG is the QR code of a web address (https only: the address may come from the network).
func qrPNG(address string) ([]byte, bool) {
	u, err := url.Parse(address)
	if err != nil || u.Scheme != "https" || len(address) > 512 {
		return nil, false
	}
	png, err := qrcode.Encode(address, qrcode.Medium, 2*qrSize)
	return png, err == nil
}

// qrImage shows the QR code of the page where the code is typed, so that the admin at the
// copier scans it with a phone; nil when the address cannot be one.
func qrImage(address string) fyne.CanvasObject {
	png, ok := qrPNG(address)
	if !ok {
		return nil
	}
	img := canvas.NewImageFromResource(fyne.NewStaticResource("devicelogin-qr.png", png))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(qrSize, qrSize))
	return img
}
