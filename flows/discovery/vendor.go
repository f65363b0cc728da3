package discovery

import (
	"encoding/json"
	"strings"
	"sync"

	"mfp365/assets"
)

// vendor is one row of assets/vendors.json.
type vendor struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Enterprises []int    `json:"enterprises"`
	Words       []string `json:"words"`
	Guide       string   `json:"guide"`
}

var vendors = sync.OnceValue(func() []vendor {
	var v []vendor
	if err := json.Unmarshal(assets.Vendors, &v); err != nil {
		panic(err) // embedded and tested
	}
	return v
})

// identify sets the vendor and its guide: a brand named by the printer wins (a Nashuatec
// answers with Ricoh's enterprise number), else the SNMP enterprise number; unknown printers
// get the generic guide.
func identify(p *Printer) {
	text := strings.ToLower(strings.Join(p.words, " "))
	for _, v := range vendors() {
		for _, w := range v.Words {
			if containsWord(text, w) {
				p.Vendor, p.VendorName, p.Guide = v.Key, v.Name, v.Guide
				return
			}
		}
	}
	for _, v := range vendors() {
		for _, e := range v.Enterprises {
			if e == p.enterprise {
				p.Vendor, p.VendorName, p.Guide = v.Key, v.Name, v.Guide
				return
			}
		}
	}
	p.Guide = "generic"
}

// containsWord reports whether w starts a word of text.
func containsWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !isLetter(text[at-1]) {
			return true
		}
		i = at + 1
	}
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || c >= 0x80 }
