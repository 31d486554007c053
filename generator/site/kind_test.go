package site

import (
	"strings"
	"testing"
)

// TestPageKinds builds the real site and checks each page's kind against
// where it comes from, and what the kind decides: the default layout, the
// 404 page's file and its absence from the tree and the sitemap.
func TestPageKinds(t *testing.T) {
	b := NewBuilder(Options{Source: "../..", Preview: true, BaseURL: "https://example.org/"})
	res, errs := b.Build()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := b.last
	count := map[Kind]int{}
	for _, p := range s.Pages {
		count[p.Kind]++
		var want Kind
		switch {
		case p.File == "layouts/404.html":
			want = KindNotFound
		case p.ICB != nil:
			want = KindICB
		case p.Region != nil:
			want = KindRegion
		case p.Source == nil:
			t.Errorf("%s: a generated page that is neither an ICB's, a region's nor the 404 page", p.File)
		case p.Source.Path == "_index.md":
			want = KindHome
		case strings.HasSuffix(p.Source.Path, "/_index.md"):
			want = KindSection
		}
		if p.Kind != want {
			t.Errorf("%s (/%s): kind %d, want %d", p.File, p.URL, p.Kind, want)
		}
		if p.Source != nil && p.Source.Layout == "" && p.Layout != p.Kind.layout() {
			t.Errorf("%s: layout %q, want the default %q of its kind", p.File, p.Layout, p.Kind.layout())
		}
	}
	if count[KindHome] != 1 || count[KindNotFound] != 1 || count[KindICB] != len(s.Org.ICBs) || count[KindRegion] != len(s.Org.Regions) {
		t.Errorf("kinds counted %v: want one home page, one 404 page, %d ICB pages and %d region pages", count, len(s.Org.ICBs), len(s.Org.Regions))
	}
	if s.Home.Kind != KindHome || !s.Home.IsHome() {
		t.Errorf("the home page has kind %d", s.Home.Kind)
	}
	nf := s.Pages[len(s.Pages)-1]
	if !nf.IsNotFound() || nf.IsHome() || nf.OutPath() != "404.html" || nf.Parent != nil {
		t.Errorf("the 404 page: kind %d, written to %s, parent %v", nf.Kind, nf.OutPath(), nf.Parent)
	}
	if res.Files["404.html"] == nil {
		t.Errorf("no 404.html")
	}
	if strings.Count(string(res.Files["sitemap.xml"]), "<url>") != len(s.Pages)-1 {
		t.Errorf("the sitemap lists %d pages, want every page but the 404 page (%d)", strings.Count(string(res.Files["sitemap.xml"]), "<url>"), len(s.Pages)-1)
	}
}
