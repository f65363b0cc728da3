// Package i18n holds the go-i18n bundle, the interface message files (French is the
// reference, English is complete) and the choice of language: an explicit choice, else the
// saved preference, else the system language, else French.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var locales embed.FS

// Supported are the languages the assistant speaks, reference first.
var Supported = []string{"fr", "en"}

// MessageSource adds messages of its own to the bundle (the knowledge base does).
type MessageSource interface {
	Messages(tag language.Tag) []*goi18n.Message
}

// NewBundle loads the interface messages and those of the given sources.
func NewBundle(sources ...MessageSource) (*goi18n.Bundle, error) {
	b := goi18n.NewBundle(language.French)
	names, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		data, err := locales.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if _, err := b.ParseMessageFileBytes(data, name); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	for _, src := range sources {
		for _, lang := range Supported {
			tag := language.Make(lang)
			if err := b.AddMessages(tag, src.Messages(tag)...); err != nil {
				return nil, err
			}
		}
	}
	return b, nil
}

// Translator renders messages in one language.
type Translator struct {
	Lang string // "fr" or "en"
	loc  *goi18n.Localizer
}

// NewTranslator returns a translator for lang ("fr" or "en"; anything else is French).
func NewTranslator(b *goi18n.Bundle, lang string) *Translator {
	lang = Normalize(lang)
	if lang == "" {
		lang = "fr"
	}
	return &Translator{Lang: lang, loc: goi18n.NewLocalizer(b, lang)}
}

// Tag is the translator's language as a tag.
func (t *Translator) Tag() language.Tag { return language.Make(t.Lang) }

// T renders the message id with optional template data. A missing message shows its ID,
// which the completeness test makes impossible for shipped messages.
func (t *Translator) T(id string, data ...any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	s, err := t.loc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// N renders a message whose wording depends on a count (go-i18n plural forms "one" and
// "other"); the template sees the count as .Count next to data.
func (t *Translator) N(id string, count int, data map[string]any) string {
	d := map[string]any{"Count": count}
	for k, v := range data {
		d[k] = v
	}
	s, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: d})
	if err != nil {
		return id
	}
	return s
}

// When writes a date and time as people read them: « 1er décembre 2026 à 14:02 »,
// "1 December 2026 at 14:02", in tm's own time zone (callers pass local time).
func (t *Translator) When(tm time.Time) string {
	return t.T("date.when", map[string]any{"Day": tm.Day(), "Month": t.T(fmt.Sprintf("date.month.%d", tm.Month())),
		"Year": tm.Year(), "Time": tm.Format("15:04")})
}

// Normalize turns a language name or locale ("fr_FR.UTF-8", "en-US", "EN") into a supported
// language, or "" when it is none of them.
func Normalize(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "_-.@"); i >= 0 {
		s = s[:i]
	}
	for _, l := range Supported {
		if s == l {
			return l
		}
	}
	return ""
}

// Choose picks the language: the explicit choice, else the saved preference, else the first
// supported system language, else French.
func Choose(explicit, saved string, system ...string) string {
	for _, c := range append([]string{explicit, saved}, system...) {
		if l := Normalize(c); l != "" {
			return l
		}
	}
	return "fr"
}
