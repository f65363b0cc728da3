package kb

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"mfp365/i18n"
)

// GuideText is a guide in one language.
type GuideText struct {
	Title  string   `json:"title"`
	Intro  string   `json:"intro"`
	Steps  []string `json:"steps"`
	Checks []string `json:"checks"`
	Notes  []string `json:"notes"`
}

// Guide is a procedure in numbered steps, kept in the knowledge base beside the entries
// (assets/kb/guides/<key>.json): a vendor's setup (epson, nashuatec, webtools, generic), the
// printer's own sign-in (signin-epson, signin-nashuatec), or what the Microsoft 365
// administrator prepares (prepare-smtp, prepare-graph).
type Guide struct {
	Key     string   `json:"key"`
	Sources []string `json:"sources"` // the seed files its facts come from
	// Commands are the commands to copy, parallel to the steps ("" where a step has none). They
	// are the same in every language and are templates over the same data as the texts.
	Commands []string  `json:"commands,omitempty"`
	FR       GuideText `json:"fr"`
	EN       GuideText `json:"en"`

	file     string               // the file it came from, for error messages
	commands []*template.Template // Commands, parsed
}

// GuideData is what the assistant knows and fills into a guide ("" when unknown).
type GuideData struct {
	AdminURL, Server, Port, Security, User, TenantID, ClientID, DeviceLogin string
	// Missing is what a command shows in place of a value not given (the reader's own words,
	// such as "<boîte d'envoi>"): visible, never quoted, and never mistaken for a real value.
	Missing string
	// Domain is the sending domain (the mailbox's); MissingDomain and MissingIP stand in the
	// commands for the domain and the site's public IP address while they are not known.
	Domain, MissingDomain, MissingIP string
}

// RenderedGuide is a guide in the reader's language with what is known filled in.
type RenderedGuide struct {
	Key, Title, Intro    string
	Steps, Checks, Notes []string
	Commands             []string // parallel to Steps: the command for step i, or ""
	Sources              []string
}

// guideFields are GuideData's fields, the only names a guide's templates may use.
var guideFields = []string{"AdminURL", "Server", "Port", "Security", "User", "TenantID", "ClientID", "DeviceLogin", "Missing",
	"Domain", "MissingDomain", "MissingIP"}

func (d GuideData) fields() map[string]string {
	return map[string]string{"AdminURL": d.AdminURL, "Server": d.Server, "Port": d.Port, "Security": d.Security,
		"User": d.User, "TenantID": d.TenantID, "ClientID": d.ClientID, "DeviceLogin": d.DeviceLogin, "Missing": d.Missing,
		"Domain": d.Domain, "MissingDomain": d.MissingDomain, "MissingIP": d.MissingIP}
}

// loadGuides reads every *.json file of dir in fsys, one guide per file named after its key.
func loadGuides(fsys fs.FS, dir string) ([]*Guide, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var guides []*Guide
	seen := map[string]bool{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		g := &Guide{file: "guides/" + path.Base(name)}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(g); err != nil {
			return nil, fmt.Errorf("%s: %w", g.file, err)
		}
		if err := g.check(); err != nil {
			return nil, err
		}
		if seen[g.Key] {
			return nil, fmt.Errorf("%s: duplicate guide %q", g.file, g.Key)
		}
		seen[g.Key] = true
		guides = append(guides, g)
	}
	return guides, nil
}

// check reports the first problem with a guide and parses its commands.
func (g *Guide) check() error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s: guide %q: %s", g.file, g.Key, fmt.Sprintf(format, a...))
	}
	if !idPattern.MatchString(g.Key) {
		return fail("key must be lowercase words joined by '-'")
	}
	if path.Base(g.file) != g.Key+".json" {
		return fail("the file must be named %s.json", g.Key)
	}
	if len(g.Sources) == 0 {
		return fail("sources are required")
	}
	if err := checkSources(g.Sources); err != nil {
		return fail("%v", err)
	}
	for _, lang := range []struct {
		name string
		t    *GuideText
	}{{"fr", &g.FR}, {"en", &g.EN}} {
		if strings.TrimSpace(lang.t.Title) == "" || strings.TrimSpace(lang.t.Intro) == "" || len(lang.t.Steps) == 0 {
			return fail("%s: title, intro and at least one step are required", lang.name)
		}
		for _, s := range lang.t.all() {
			if err := checkTemplate(s); err != nil {
				return fail("%s: %v", lang.name, err)
			}
		}
	}
	for _, c := range []struct {
		what   string
		fr, en int
	}{{"steps", len(g.FR.Steps), len(g.EN.Steps)}, {"checks", len(g.FR.Checks), len(g.EN.Checks)}, {"notes", len(g.FR.Notes), len(g.EN.Notes)}} {
		if c.fr != c.en {
			return fail("fr has %d %s, en has %d", c.fr, c.what, c.en)
		}
	}
	if g.Commands != nil && len(g.Commands) != len(g.FR.Steps) {
		return fail("%d commands for %d steps: give one per step (\"\" for none)", len(g.Commands), len(g.FR.Steps))
	}
	g.commands = nil
	for i, s := range g.Commands {
		if err := checkTemplate(s); err != nil {
			return fail("command %d: %v", i+1, err)
		}
		g.commands = append(g.commands, template.Must(template.New("").Option("missingkey=error").Parse(s)))
	}
	return nil
}

func (t *GuideText) all() []string {
	return append(append(append([]string{t.Title, t.Intro}, t.Steps...), t.Checks...), t.Notes...)
}

// checkTemplate parses a text and renders it with every field known and with none, so that
// a misspelt field name is caught when the catalog loads.
func checkTemplate(s string) error {
	tmpl, err := template.New("").Option("missingkey=error").Parse(s)
	if err != nil {
		return err
	}
	full, empty := map[string]string{}, map[string]string{}
	for _, f := range guideFields {
		full[f], empty[f] = "x", ""
	}
	for _, data := range []map[string]string{full, empty} {
		if err := tmpl.Execute(&strings.Builder{}, data); err != nil {
			return err
		}
	}
	return nil
}

var sourcePattern = regexp.MustCompile(`^(\d{3}_[0-9a-f]{16}\.txt|https://[a-z0-9.-]+\.[a-z]{2,}/[^\s]*)$`)

// checkSources: each source is a seed file name (NNN_<16 hex>.txt) or the https address of
// the page a fact comes from (Microsoft's reference, a vendor's manual), named once.
func checkSources(sources []string) error {
	seen := map[string]bool{}
	for _, s := range sources {
		if !sourcePattern.MatchString(s) {
			return fmt.Errorf("source %q is neither a seed file name nor an https address", s)
		}
		if seen[s] {
			return fmt.Errorf("source %q is listed twice", s)
		}
		seen[s] = true
	}
	return nil
}

// Guides returns every guide, sorted by key.
func (c *Catalog) Guides() []*Guide { return c.guides }

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

// Render writes the guide in the translator's language with the data filled in. Commands has
// one element per step; a value put into a command is quoted for PowerShell when needed.
func (g *Guide) Render(tr *i18n.Translator, d GuideData) RenderedGuide {
	data := d.fields()
	t := &g.FR
	if tr.Tag() == Languages[1] {
		t = &g.EN
	}
	id := func(part string) string { return "guide." + g.Key + "." + part }
	r := RenderedGuide{Key: g.Key, Title: tr.T(id("title"), data), Intro: tr.T(id("intro"), data),
		Commands: make([]string, len(t.Steps)), Sources: append([]string{}, g.Sources...)}
	for i := range t.Steps {
		r.Steps = append(r.Steps, tr.T(id(fmt.Sprintf("step.%d", i+1)), data))
	}
	for i := range t.Checks {
		r.Checks = append(r.Checks, tr.T(id(fmt.Sprintf("check.%d", i+1)), data))
	}
	for i := range t.Notes {
		r.Notes = append(r.Notes, tr.T(id(fmt.Sprintf("note.%d", i+1)), data))
	}
	if len(g.commands) > 0 {
		quoted := map[string]string{}
		for k, v := range data {
			quoted[k] = psArg(v)
		}
		quoted["Missing"] = cmp.Or(d.Missing, "<mailbox>")
		quoted["MissingDomain"] = cmp.Or(d.MissingDomain, "<domain>")
		quoted["MissingIP"] = cmp.Or(d.MissingIP, "<site-public-IP>")
		for i, tmpl := range g.commands {
			var b strings.Builder
			if i < len(r.Commands) && tmpl.Execute(&b, quoted) == nil {
				r.Commands[i] = b.String()
			}
		}
	}
	return r
}

var psPlain = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._%+@-]*$`)

// psArg makes a value safe to paste as one PowerShell argument: a plain address stays as it
// is; anything else goes in single quotes (no expansion inside them), with the quote
// characters PowerShell accepts (' ‘ ’ ‚ ‛) doubled and control characters dropped.
func psArg(s string) string {
	if s == "" || psPlain.MatchString(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			continue
		case r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u201a' || r == '\u201b':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// guideMessages are the guides' texts of one language as go-i18n messages
// (guide.<key>.title, .intro, .step.N, .check.N, .note.N).
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
