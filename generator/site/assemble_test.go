package site

import (
	"slices"
	"strings"
	"testing"

	"icsguide/generator/content"
)

// layouts stands for a layouts folder holding the named layouts.
type layouts []string

func (l layouts) Has(name string) bool { return slices.Contains(l, name) }
func (l layouts) Broken(string) bool   { return false }
func (l layouts) Names() []string      { return slices.Sorted(slices.Values(l)) }

// source parses pages given as content path to file text.
func source(t *testing.T, files map[string]string) *content.Source {
	t.Helper()
	src := &content.Source{Pages: map[string]*content.Page{}, Checklist: &content.Checklist{}}
	for rel, text := range files {
		p, errs := content.ParsePage(rel, "content/"+rel, []byte(text))
		if len(errs) > 0 {
			t.Fatalf("%s: %v", rel, errs)
		}
		src.Pages[rel] = p
	}
	return src
}

// TestAssemble checks the page tree made from a few pages: kinds and
// default layouts, parents (the nearest section above, else the home
// page), children by weight then title, the reading order with its
// previous and next links, the printable guide, and the 404 page, which
// comes last and has no place in the tree.
func TestAssemble(t *testing.T) {
	src := source(t, map[string]string{
		"_index.md":            "---\ntitle: Home\n---\n",
		"guides/_index.md":     "---\ntitle: Guides\nweight: 2\n---\n",
		"guides/b.md":          "---\ntitle: Bravo\n---\n",
		"guides/a.md":          "---\ntitle: Alpha\nweight: 5\n---\n",
		"guides/deep/c.md":     "---\ntitle: Charlie\n---\n",
		"about.md":             "---\ntitle: About\nweight: 1\n---\n",
		"print.md":             "---\ntitle: Print\nlayout: print\nweight: 3\n---\n",
		"guides/draft-page.md": "---\ntitle: Draft\ndraft: true\n---\n",
	})
	s, errs := Assemble(Input{Source: src, Layouts: layouts{"home", "section", "page", "print", "404"}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var order []string
	for _, p := range s.Pages {
		order = append(order, "/"+p.URL+" "+p.Layout)
	}
	want := []string{"/ home", "/about/ page", "/guides/ section", "/guides/b/ page", "/guides/deep/c/ page",
		"/guides/a/ page", "/print/ print", "/ 404"}
	if !slices.Equal(order, want) {
		t.Errorf("pages in reading order:\n%s\nwant:\n%s", strings.Join(order, "\n"), strings.Join(want, "\n"))
	}
	kinds := map[string]Kind{"": KindHome, "guides/": KindSection, "guides/a/": KindPage}
	for url, k := range kinds {
		if p := s.PageAt(url); p == nil || p.Kind != k {
			t.Errorf("/%s: %+v, want kind %d", url, p, k)
		}
	}
	c := s.PageOf("guides/deep/c.md")
	if c == nil || c.Parent != s.PageAt("guides/") {
		t.Fatalf("guides/deep/c.md: %+v, want a page under the guides section (there is no section deep/)", c)
	}
	if c.Prev != s.PageAt("guides/b/") || c.Next != s.PageAt("guides/a/") || c.Index() != 1 {
		t.Errorf("guides/deep/c.md: previous %v, next %v, index %d", c.Prev, c.Next, c.Index())
	}
	if got := c.Ancestors(); len(got) != 2 || got[0] != s.Home || got[1] != c.Parent {
		t.Errorf("ancestors of c: %v", got)
	}
	if s.PageOf("guides/draft-page.md") != nil {
		t.Error("a draft page is in a site assembled without drafts")
	}
	if s.PrintPage() != s.PageAt("print/") {
		t.Errorf("the printable guide is %v", s.PrintPage())
	}
	nf := s.Pages[len(s.Pages)-1]
	if nf.Kind != KindNotFound || nf.Parent != nil || nf.OutPath() != "404.html" || nf.Prev != nil {
		t.Errorf("the last page: kind %d, parent %v, written to %s", nf.Kind, nf.Parent, nf.OutPath())
	}
	if len(s.Menu()) != 3 || s.Menu()[0] != s.PageAt("about/") {
		t.Errorf("menu: %v", s.Menu())
	}
	drafts, _ := Assemble(Input{Source: src, Drafts: true, Layouts: layouts{"home", "section", "page", "print"}})
	if drafts.PageOf("guides/draft-page.md") == nil {
		t.Error("no draft page in a site assembled with drafts")
	}
	if last := drafts.Pages[len(drafts.Pages)-1]; last.Kind == KindNotFound {
		t.Error("a 404 page without its layout")
	}
}

// TestInPrint checks which pages the printable guide holds: those made
// from content files in its sections.
func TestInPrint(t *testing.T) {
	for _, c := range []struct {
		page *Page
		want bool
	}{
		{&Page{URL: "explainers/icb/", Source: &content.Page{}}, true},
		{&Page{URL: "checklists/", Source: &content.Page{}}, true},
		{&Page{URL: "glossary/", Source: &content.Page{}}, true},
		{&Page{URL: "guides/a/", Source: &content.Page{}}, false},
		{&Page{URL: "", Source: &content.Page{}}, false},
		{&Page{URL: "explainers/generated/"}, false},
	} {
		if got := c.page.InPrint(); got != c.want {
			t.Errorf("/%s (from a file: %t): in print %t, want %t", c.page.URL, c.page.Source != nil, got, c.want)
		}
	}
}

// TestAssembleErrors checks what Assemble reports, each error at its file
// and, where the front matter says it, its line.
func TestAssembleErrors(t *testing.T) {
	all := layouts{"home", "section", "page", "print"}
	for _, c := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"no home page", map[string]string{"a.md": "---\ntitle: A\n---\n"},
			[]string{"content/_index.md: the home page is missing"}},
		{"one address twice", map[string]string{"_index.md": "---\ntitle: H\n---\n", "a.md": "---\ntitle: A\n---\n", "a/_index.md": "---\ntitle: A\n---\n"},
			[]string{`content/a/_index.md: this page's address "/a/" is already used by content/a.md`}},
		{"an alias that is a page's address", map[string]string{"_index.md": "---\ntitle: H\n---\n", "a.md": "---\ntitle: A\n---\n", "b.md": "---\ntitle: B\naliases: [a]\n---\n"},
			[]string{`content/b.md:3:1: alias "/a/" is already the address of content/a.md`}},
		{"no such layout", map[string]string{"_index.md": "---\ntitle: H\nlayout: fancy\n---\n"},
			[]string{`content/_index.md:3:1: there is no layout "fancy": add layouts/fancy.html or use one of: home, page, print, section`}},
		{"two printable guides", map[string]string{"_index.md": "---\ntitle: H\n---\n", "p.md": "---\ntitle: P\nlayout: print\n---\n", "q.md": "---\ntitle: Q\nlayout: print\n---\n"},
			[]string{"content/q.md:3:1: only one page can be the printable guide, and content/p.md is"}},
		{"no such checklist area", map[string]string{"_index.md": "---\ntitle: H\nchecklist: money\n---\n"},
			[]string{`content/_index.md:3:1: checklist: "money" is not an area`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs := Assemble(Input{Source: source(t, c.files), Layouts: all})
			if len(errs) != len(c.want) {
				t.Fatalf("%d errors, want %d: %v", len(errs), len(c.want), errs)
			}
			for i, e := range errs.Sorted() {
				if !strings.HasPrefix(e.Error(), c.want[i]) {
					t.Errorf("error %q, want it to start %q", e.Error(), c.want[i])
				}
			}
		})
	}
}
