// Package kb is the knowledge base: the one place that knows what an error code or message
// means. It loads the embedded catalog (assets/kb/*.json entries and assets/kb/guides/*.json
// guides), reads codes and details out of messy pasted text (Extract), finds the entries that
// explain it (Catalog.Match), and renders an entry or a guide in the reader's language through
// go-i18n (Catalog.Render, Guide.Render).
package kb

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"mfp365/assets"
)

// Kind says whether an entry is a problem to fix or a normal state.
type Kind string

// The kinds of entry (see PANELS.md).
const (
	KindError   Kind = "error"
	KindWarning Kind = "warning"
	KindInfo    Kind = "info"
)

// Groups lists the list groups in display order; each is one source family.
var Groups = []string{"entra", "exchange", "network", "epson", "nashuatec", "printers", "webtools", "cas"}

// Vendors lists the vendor step keys in display order.
var Vendors = []string{"epson", "nashuatec", "webtools"}

// Languages are the catalog's languages; French is the reference.
var Languages = []language.Tag{language.French, language.English}

// Text is an entry's wording in one language, as written in the catalog files.
type Text struct {
	Title       string              `json:"title"`
	Cause       string              `json:"cause"`
	Actions     []string            `json:"actions"`
	VendorSteps map[string][]string `json:"vendor_steps,omitempty"`
}

// Entry is one distinct situation: the codes and wording that identify it and what to do.
type Entry struct {
	ID          string   `json:"id"`
	Group       string   `json:"group"`
	AlsoIn      []string `json:"also_in,omitempty"` // other groups whose list shows it too
	Kind        Kind     `json:"kind"`
	Codes       []string `json:"codes"`
	Phrases     []string `json:"phrases,omitempty"`
	Context     []string `json:"context,omitempty"`
	NeedsPhrase bool     `json:"needs_phrase,omitempty"`
	Fallback    bool     `json:"fallback,omitempty"`
	Sources     []string `json:"sources"`
	FR          Text     `json:"fr"`
	EN          Text     `json:"en"`

	file string // the catalog file it came from, for error messages
}

// Catalog is the loaded knowledge base with its match index.
type Catalog struct {
	Entries []*Entry
	byID    map[string]*Entry
	index   *index
	guides  []*Guide
	suggest suggestWords
}

// Load reads and checks the embedded knowledge base: its entries and its guides.
func Load() (*Catalog, error) { return LoadFS(assets.KB, "kb") }

// LoadFS reads every *.json file of dir in fsys (arrays of entries) and of dir/guides (one
// guide each), checks them and builds the index.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	c := &Catalog{byID: map[string]*Entry{}}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var entries []*Entry
		if err := json.Unmarshal(data, &entries); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, e := range entries {
			e.file = path.Base(name)
			if err := e.check(); err != nil {
				return nil, err
			}
			if _, dup := c.byID[e.ID]; dup {
				return nil, fmt.Errorf("%s: duplicate id %q", e.file, e.ID)
			}
			c.byID[e.ID] = e
			c.Entries = append(c.Entries, e)
		}
	}
	if c.guides, err = loadGuides(fsys, path.Join(dir, "guides")); err != nil {
		return nil, err
	}
	c.index = buildIndex(c.Entries)
	return c, nil
}

// InGroup reports whether the list shows the entry under group g.
func (e *Entry) InGroup(g string) bool { return e.Group == g || slices.Contains(e.AlsoIn, g) }

// Entry returns the entry with the given ID, or nil.
func (c *Catalog) Entry(id string) *Entry { return c.byID[id] }

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	codePattern = regexp.MustCompile(`^(AADSTS\d{4,8}|SMTP [245]\d\d( [245]\.\d{1,3}\.\d{1,3})?|EPSON \d{3}|oauth:[a-z_]+|check:[a-z0-9-]+|[A-Z]{2}\d{5})$`)
)

// check reports the first problem with an entry, naming its file and ID.
func (e *Entry) check() error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s: entry %q: %s", e.file, e.ID, fmt.Sprintf(format, a...))
	}
	if !idPattern.MatchString(e.ID) {
		return fail("id must be lowercase words joined by '-'")
	}
	for _, g := range append([]string{e.Group}, e.AlsoIn...) {
		if !slices.Contains(Groups, g) {
			return fail("unknown group %q", g)
		}
	}
	if e.Kind != KindError && e.Kind != KindWarning && e.Kind != KindInfo {
		return fail("unknown kind %q", e.Kind)
	}
	for _, c := range e.Codes {
		if !codePattern.MatchString(c) {
			return fail("code %q is not in normalized form", c)
		}
	}
	for _, p := range e.Phrases {
		if len(Squash(p)) < 12 {
			return fail("phrase %q is too short to be specific", p)
		}
	}
	if err := checkSources(e.Sources); err != nil {
		return fail("%v", err)
	}
	if len(e.Sources) == 0 {
		return fail("needs its sources: the seed or the page its facts come from")
	}
	if len(e.Codes) == 0 && len(e.Phrases) == 0 {
		return fail("needs at least one code or phrase")
	}
	if e.NeedsPhrase && len(e.Phrases) == 0 {
		return fail("needs_phrase without phrases")
	}
	if err := e.FR.check(); err != nil {
		return fail("fr: %v", err)
	}
	if err := e.EN.check(); err != nil {
		return fail("en: %v", err)
	}
	if len(e.FR.Actions) != len(e.EN.Actions) {
		return fail("fr has %d actions, en has %d", len(e.FR.Actions), len(e.EN.Actions))
	}
	for _, v := range Vendors {
		if len(e.FR.VendorSteps[v]) != len(e.EN.VendorSteps[v]) {
			return fail("vendor %s: fr has %d steps, en has %d", v, len(e.FR.VendorSteps[v]), len(e.EN.VendorSteps[v]))
		}
	}
	return nil
}

func (t *Text) check() error {
	if strings.TrimSpace(t.Title) == "" || strings.TrimSpace(t.Cause) == "" {
		return fmt.Errorf("title and cause are required")
	}
	if len(t.Actions) == 0 {
		return fmt.Errorf("at least one action is required")
	}
	for v := range t.VendorSteps {
		if !slices.Contains(Vendors, v) {
			return fmt.Errorf("unknown vendor %q", v)
		}
	}
	return nil
}

// text returns the entry's wording in the given language (French for anything not English).
func (e *Entry) text(tag language.Tag) *Text {
	if tag == language.English {
		return &e.EN
	}
	return &e.FR
}

// Messages returns the entry texts of one language as go-i18n messages, to add to a bundle.
func (c *Catalog) Messages(tag language.Tag) []*i18n.Message {
	var msgs []*i18n.Message
	add := func(id, s string) { msgs = append(msgs, &i18n.Message{ID: id, Other: s}) }
	c.guideMessages(tag == language.English, add)
	for _, e := range c.Entries {
		t := e.text(tag)
		add(msgID(e.ID, "title"), t.Title)
		add(msgID(e.ID, "cause"), t.Cause)
		for i, a := range t.Actions {
			add(msgID(e.ID, fmt.Sprintf("action.%d", i+1)), a)
		}
		for v, steps := range t.VendorSteps {
			for i, s := range steps {
				add(msgID(e.ID, fmt.Sprintf("%s.%d", v, i+1)), s)
			}
		}
	}
	return msgs
}

func msgID(id, part string) string { return "kb." + id + "." + part }

// KindOf is what a code means at a glance: the most serious kind of the entries that cover it
// exactly (an error before a warning before a normal state), "" when none does.
func (c *Catalog) KindOf(code string) Kind {
	var worst Kind
	for _, e := range c.index.byCode[code] {
		switch {
		case e.Kind == KindError:
			return KindError
		case e.Kind == KindWarning || worst == "":
			worst = e.Kind
		}
	}
	return worst
}
