package build

import (
	"testing"
	"time"

	"icsguide/generator/content"
	"icsguide/generator/output"
	"icsguide/generator/site"
	"icsguide/generator/yamlpos"
)

// TestListedPages: the feed and the sitemap are handed every page, in the
// site's order, with its address, title, description and review date,
// except the page for addresses that do not exist.
func TestListedPages(t *testing.T) {
	day := yamlpos.Date{Time: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}
	s := &site.Site{Pages: []*site.Page{
		{URL: "", Kind: site.KindHome, Meta: content.Meta{Title: "Home"}},
		{URL: "", Kind: site.KindNotFound, Meta: content.Meta{Title: "Page not found", Reviewed: day}},
		{URL: "a/", Meta: content.Meta{Title: "A", Description: "About A", Reviewed: day}},
	}}
	got := listedPages(s)
	want := []output.Page{{URL: "", Title: "Home"}, {URL: "a/", Title: "A", Description: "About A", Reviewed: day}}
	if len(got) != len(want) {
		t.Fatalf("%d pages listed, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("page %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
