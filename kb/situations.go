package kb

import (
	"cmp"
	"slices"
	"strings"

	"mfp365/i18n"
)

// Situation is one line of the list of every message: a group's heading, or a situation: the
// entries that share a title (variants of one situation, such as the codes of an expired
// sign-in code).
type Situation struct {
	Heading string // set on a group's heading, in the reader's language
	Entries []*Entry
	Title   string   // the situation's title in the reader's language
	Codes   []string // every variant's codes, as people read them (Shown)
	search  string   // squashed titles, causes, codes and IDs, for the search field
}

// Situations lists the situations under their group headings, in the catalog's group
// order: in each group, first the situations the printer makers' documents describe (what
// their printers meet), then the others in the catalog's order; the entries that
// share a title are one row.
func (cat *Catalog) Situations(tr *i18n.Translator) []Situation {
	var rows []Situation
	for _, g := range Groups {
		rows = append(rows, Situation{Heading: tr.T("group." + g)})
		var group []*Entry
		for _, e := range cat.Entries {
			if e.InGroup(g) {
				group = append(group, e)
			}
		}
		slices.SortStableFunc(group, func(a, b *Entry) int { return cmp.Compare(makersFirst(a), makersFirst(b)) })
		at := map[string]int{} // title -> its row
		for _, e := range group {
			p := e.Render(tr, Details{}, 0)
			i, seen := at[p.Title]
			if !seen {
				i, at[p.Title] = len(rows), len(rows)
				rows = append(rows, Situation{Title: p.Title})
			}
			r := &rows[i]
			r.Entries = append(r.Entries, e)
			for _, c := range Shown(e.Codes) { // as people read them
				if !slices.Contains(r.Codes, c) {
					r.Codes = append(r.Codes, c)
				}
			}
			r.search += " " + Squash(p.Title+" "+p.Cause+" "+strings.Join(e.Codes, " ")+" "+e.ID)
		}
	}
	return rows
}

// printerMakerSeeds are the seeds written by printer makers for their printers (../shared/
// seeds: WebTools Express for Canon/Océ, Epson, Nashuatec): what their printers meet.
var printerMakerSeeds = []string{"000_aa104b4102b39e1e.txt", "001_d27145df6c83e5f3.txt", "003_16993f8a47b7ffed.txt"}

// makersFirst puts first the entries that a printer maker's document describes.
func makersFirst(e *Entry) int {
	for _, src := range e.Sources {
		if slices.Contains(printerMakerSeeds, src) {
			return 0
		}
	}
	return 1
}

// FilterSituations keeps the entries whose title, cause, codes or ID contain every word of the
// query (ignoring case, accents and punctuation), and the headings of the groups that still
// have entries.
func FilterSituations(all []Situation, query string) []Situation {
	var words []string
	for _, w := range strings.Fields(query) {
		if sq := Squash(w); sq != "" {
			words = append(words, sq)
		}
	}
	if len(words) == 0 {
		return all
	}
	var out []Situation
	var heading *Situation
	for i := range all {
		r := &all[i]
		if r.Entries == nil {
			heading = r
			continue
		}
		if !hasEveryWord(r.search, words) {
			continue
		}
		if heading != nil {
			out = append(out, *heading)
			heading = nil
		}
		out = append(out, *r)
	}
	return out
}

func hasEveryWord(hay string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// CountSituations counts the rows that are situations (not headings): what the list shows.
func CountSituations(rows []Situation) int {
	n := 0
	for _, r := range rows {
		if r.Entries != nil {
			n++
		}
	}
	return n
}
