package build

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"icsguide/generator/content"
	"icsguide/generator/site"
	"icsguide/generator/yamlpos"
)

// TestPageKinds builds the real site and checks each page's kind against
// where it comes from, and what the kind decides: the default layout, the
// 404 page's file and its absence from the tree and the sitemap.
func TestPageKinds(t *testing.T) {
	b := New(Options{Source: "../..", Preview: true, BaseURL: "https://example.org/"})
	res, errs := b.Build()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := b.last
	count := map[site.Kind]int{}
	for _, p := range s.Pages {
		count[p.Kind]++
		var want site.Kind
		switch {
		case p.File == "layouts/404.html":
			want = site.KindNotFound
		case p.ICB != nil:
			want = site.KindICB
		case p.Region != nil:
			want = site.KindRegion
		case p.Source == nil:
			t.Errorf("%s: a generated page that is neither an ICB's, a region's nor the 404 page", p.File)
		case p.Source.Path == "_index.md":
			want = site.KindHome
		case strings.HasSuffix(p.Source.Path, "/_index.md"):
			want = site.KindSection
		}
		if p.Kind != want {
			t.Errorf("%s (/%s): kind %d, want %d", p.File, p.URL, p.Kind, want)
		}
		if p.Source != nil && p.Source.Layout == "" && p.Layout != p.Kind.Layout() {
			t.Errorf("%s: layout %q, want the default %q of its kind", p.File, p.Layout, p.Kind.Layout())
		}
	}
	if count[site.KindHome] != 1 || count[site.KindNotFound] != 1 || count[site.KindICB] != len(s.Org.ICBs) || count[site.KindRegion] != len(s.Org.Regions) {
		t.Errorf("kinds counted %v: want one home page, one 404 page, %d ICB pages and %d region pages", count, len(s.Org.ICBs), len(s.Org.Regions))
	}
	if s.Home.Kind != site.KindHome || !s.Home.IsHome() {
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

// TestPagesShowTheirFrontMatter checks that every page made from a content
// file carries all of its front matter, so a key added to content.Meta
// reaches the layouts without a copy to write.
func TestPagesShowTheirFrontMatter(t *testing.T) {
	b := New(Options{Source: "../..", Preview: true})
	if _, errs := b.Build(); len(errs) > 0 {
		t.Fatal(errs)
	}
	n := 0
	for _, p := range b.last.Pages {
		if p.Source != nil {
			n++
			if !reflect.DeepEqual(p.Meta, p.Source.Meta) {
				t.Errorf("%s: the page shows %+v, its front matter says %+v", p.File, p.Meta, p.Source.Meta)
			}
		}
	}
	if n == 0 {
		t.Fatal("no page made from a content file")
	}
}

// TestTreeTokenCoversMeta changes each field of a page's front matter in
// turn: every change must change the page tree's token, or the preview
// would keep pages that show the old value (see deps.go).
func TestTreeTokenCoversMeta(t *testing.T) {
	token := func(m content.Meta) uint64 {
		return treeToken(&site.Site{Pages: []*site.Page{{URL: "a/", Meta: m}}})
	}
	zero := token(content.Meta{})
	mt := reflect.TypeOf(content.Meta{})
	for i := range mt.NumField() {
		var m content.Meta
		f := reflect.ValueOf(&m).Elem().Field(i)
		switch v := f.Addr().Interface().(type) {
		case *string:
			*v = "x"
		case *int:
			*v = 1
		case *bool:
			*v = true
		case *[]string:
			*v = []string{"x"}
		case *yamlpos.Date:
			v.Time = time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
		case *[]content.Citation:
			*v = []content.Citation{{Title: "x"}}
		default:
			t.Fatalf("content.Meta.%s: the test does not know how to change a %s", mt.Field(i).Name, f.Type())
		}
		if token(m) == zero {
			t.Errorf("changing content.Meta.%s leaves the page tree's token as it was", mt.Field(i).Name)
		}
	}
}
