package build

import (
	"reflect"
	"testing"

	"icsguide/generator/content"
	"icsguide/generator/markdown"
	"icsguide/generator/output"
	"icsguide/generator/site"
)

// weighed is one text a search entry is found by, with its weight there.
type weighed struct {
	text   string
	weight int
}

// textsOf lists the texts an entry hands the index.
func textsOf(e output.SearchEntry) []weighed {
	var got []weighed
	e.Texts(func(text string, weight int) { got = append(got, weighed{text, weight}) })
	return got
}

// TestSearchEntries checks what the search is handed: every page but the
// not-found and search pages, with its section, found by its title,
// headings, description and body at falling weights; and every glossary
// term as an entry of its own after the glossary page, linked to its place
// there and found by its abbreviation, term and definition, not the page.
func TestSearchEntries(t *testing.T) {
	home := &site.Page{URL: "", Kind: site.KindHome, Meta: content.Meta{Title: "Home"}}
	gloss := &site.Page{URL: "glossary/", Meta: content.Meta{Title: "Glossary"}, Layout: site.LayoutGlossary, Parent: home}
	page := &site.Page{URL: "glossary/a/", Meta: content.Meta{Title: "Forward plans", Description: "About plans."}, Parent: gloss}
	page.SetMarkdown(&markdown.Result{Text: "The plan is due.", Headings: []markdown.Heading{{Level: 2, ID: "f", Text: "Forward"}}}, 1)
	s := &site.Site{
		Pages: []*site.Page{home, gloss, page,
			{URL: "search/", Meta: content.Meta{Title: "Search"}, Layout: site.LayoutSearch, Parent: home},
			{URL: "", Kind: site.KindNotFound, Meta: content.Meta{Title: "Page not found"}}},
		Glossary: []*content.Term{{ID: "dco", Abbr: "DCO", Term: "Designated clinical officer", Definition: "A health professional who supports SEND work."}},
	}
	got := searchEntries(s)
	want := []struct {
		url, title, desc, section string
		texts                     []weighed
	}{
		{"", "Home", "", "", []weighed{{"Home", output.WeightTitle}, {"", output.WeightDesc}, {"", output.WeightDesc}, {"", output.WeightBody}}},
		{"glossary/", "Glossary", "", "", []weighed{{"Glossary", output.WeightTitle}, {"", output.WeightDesc}, {"", output.WeightDesc}, {"", output.WeightBody}}},
		{"glossary/#dco", "DCO – Designated clinical officer", "A health professional who supports SEND work.", "Glossary",
			[]weighed{{"DCO Designated clinical officer", output.WeightTitle}, {"A health professional who supports SEND work.", output.WeightDesc}}},
		{"glossary/a/", "Forward plans", "About plans.", "Glossary",
			[]weighed{{"Forward plans", output.WeightTitle}, {"Forward", output.WeightHeading}, {"About plans.", output.WeightDesc}, {"", output.WeightDesc}, {"The plan is due.", output.WeightBody}}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		e := got[i]
		if e.URL != w.url || e.Title != w.title || e.Desc != w.desc || e.Section != w.section {
			t.Errorf("entry %d: %q %q %q %q, want %q %q %q %q", i, e.URL, e.Title, e.Desc, e.Section, w.url, w.title, w.desc, w.section)
		}
		if texts := textsOf(e); !reflect.DeepEqual(texts, w.texts) {
			t.Errorf("entry %s is found by %v, want %v", w.url, texts, w.texts)
		}
	}
}
