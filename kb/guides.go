package kb

import (
	"encoding/json"
	"fmt"

	"mfp365/i18n"
)

// GuideText is a vendor guide in one language.
type GuideText struct {
	Title  string   `json:"title"`
	Intro  string   `json:"intro"`
	Steps  []string `json:"steps"`
	Checks []string `json:"checks"`
	Notes  []string `json:"notes"`
}

// Guide is how to set a vendor's printers up for Exchange Online or Microsoft 365.
type Guide struct {
	Key string    `json:"key"` // epson, nashuatec, webtools, generic
	FR  GuideText `json:"fr"`
	EN  GuideText `json:"en"`
}

// GuideData is what the assistant knows and fills into a guide ("" when unknown).
type GuideData struct {
	AdminURL, Server, Port, Security, User, TenantID, ClientID, DeviceLogin string
}

// RenderedGuide is a guide in the reader's language with what is known filled in.
type RenderedGuide struct {
	Key, Title, Intro    string
	Steps, Checks, Notes []string
}

func loadGuides(data []byte) ([]*Guide, error) {
	var guides []*Guide
	if err := json.Unmarshal(data, &guides); err != nil {
		return nil, fmt.Errorf("guides.json: %w", err)
	}
	for _, g := range guides {
		if len(g.FR.Steps) != len(g.EN.Steps) || len(g.FR.Checks) != len(g.EN.Checks) || len(g.FR.Notes) != len(g.EN.Notes) ||
			g.FR.Title == "" || g.EN.Title == "" || len(g.FR.Steps) == 0 {
			return nil, fmt.Errorf("guides.json: guide %q: French and English differ or are empty", g.Key)
		}
	}
	return guides, nil
}

// Guide returns the guide for a key, the generic one for an unknown key.
func (c *Catalog) Guide(key string) *Guide {
	var generic *Guide
	for _, g := range c.guides {
		if g.Key == key {
			return g
		}
		if g.Key == "generic" {
			generic = g
		}
	}
	return generic
}

// Render writes the guide in the translator's language with the data filled in.
func (g *Guide) Render(tr *i18n.Translator, d GuideData) RenderedGuide {
	data := map[string]string{"AdminURL": d.AdminURL, "Server": d.Server, "Port": d.Port, "Security": d.Security,
		"User": d.User, "TenantID": d.TenantID, "ClientID": d.ClientID, "DeviceLogin": d.DeviceLogin}
	t := &g.FR
	if tr.Tag() == Languages[1] {
		t = &g.EN
	}
	id := func(part string) string { return "guide." + g.Key + "." + part }
	r := RenderedGuide{Key: g.Key, Title: tr.T(id("title"), data), Intro: tr.T(id("intro"), data)}
	for i := range t.Steps {
		r.Steps = append(r.Steps, tr.T(id(fmt.Sprintf("step.%d", i+1)), data))
	}
	for i := range t.Checks {
		r.Checks = append(r.Checks, tr.T(id(fmt.Sprintf("check.%d", i+1)), data))
	}
	for i := range t.Notes {
		r.Notes = append(r.Notes, tr.T(id(fmt.Sprintf("note.%d", i+1)), data))
	}
	return r
}

// guideMessages are the guides' texts of one language as go-i18n messages.
func (c *Catalog) guideMessages(english bool, add func(id, s string)) {
	for _, g := range c.guides {
		t := &g.FR
		if english {
			t = &g.EN
		}
		id := func(part string) string { return "guide." + g.Key + "." + part }
		add(id("title"), t.Title)
		add(id("intro"), t.Intro)
		for i, s := range t.Steps {
			add(id(fmt.Sprintf("step.%d", i+1)), s)
		}
		for i, s := range t.Checks {
			add(id(fmt.Sprintf("check.%d", i+1)), s)
		}
		for i, s := range t.Notes {
			add(id(fmt.Sprintf("note.%d", i+1)), s)
		}
	}
}
