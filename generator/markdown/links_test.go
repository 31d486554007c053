package markdown

import (
	"strings"
	"testing"
)

// TestLinksResolver checks that links are rewritten with the resolver the
// caller gives, relative to the page, and recorded or refused as it says.
func TestLinksResolver(t *testing.T) {
	resolve := func(p string) (string, string, bool) {
		switch p {
		case "a.md":
			return "pages/a.md", "guide/a/", true
		case "pic.png":
			return "pages/pic.png", "files/pic.png", true
		}
		return "", "", false
	}
	o := Options{Path: "pages/b.md", File: "content/pages/b.md", URL: "guide/b/", Line: 3, Resolve: resolve}
	r := only(links{}, "[a](a.md#top) ![p](pic.png) [x](nowhere.md) [y](https://example.org/) [z](#here)\n", o)
	for _, want := range []string{`<a href="../a/#top">a</a>`, `<img src="../../files/pic.png" alt="p">`,
		`<a href="nowhere.md">x</a>`, `<a href="https://example.org/">y</a>`, `<a href="#here">z</a>`} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("output lacks %s:\n%s", want, r.HTML)
		}
	}
	want := []Link{{Target: "pages/a.md", Anchor: "top", Line: 3, Col: 1}, {Target: "pages/pic.png", Line: 3, Col: 15},
		{Target: "pages/b.md", Anchor: "here", Line: 3, Col: 71}}
	if len(r.Links) != len(want) {
		t.Fatalf("links = %+v, want %+v", r.Links, want)
	}
	for i := range want {
		if r.Links[i] != want[i] {
			t.Errorf("link %d = %+v, want %+v", i, r.Links[i], want[i])
		}
	}
	if len(r.Errors) != 1 || r.Errors[0].Error() != `content/pages/b.md:3:29: the link "nowhere.md" leads outside the content folder` {
		t.Errorf("errors = %v", r.Errors)
	}
}

// TestFiles checks the resolver used when the caller gives none.
func TestFiles(t *testing.T) {
	for _, tt := range []struct {
		p, target, url string
		ok             bool
	}{
		{"icp.md", "explainers/icp.md", "explainers/icp/", true},
		{"_index.md", "explainers/_index.md", "explainers/", true},
		{"../_index.md", "_index.md", "", true},
		{"map.pdf", "explainers/map.pdf", "explainers/map.pdf", true},
		{"../checklists/", "checklists", "checklists", true},
		{"../../x.md", "", "", false},
	} {
		target, url, ok := Files("explainers/icb.md")(tt.p)
		if target != tt.target || url != tt.url || ok != tt.ok {
			t.Errorf("Files(%q) = %q, %q, %v; want %q, %q, %v", tt.p, target, url, ok, tt.target, tt.url, tt.ok)
		}
	}
}

// TestLinkInHeading checks that a link in a heading is rewritten and
// checked like any other (they were once left as written, so a heading
// could link to a page's Markdown file, which is not published).
func TestLinkInHeading(t *testing.T) {
	r := convert(t, "## See [the partnership](icp.md#duties)\n", Options{})
	if !strings.Contains(r.HTML, `See <a href="../icp/#duties">the partnership</a></h2>`) {
		t.Errorf("output:\n%s", r.HTML)
	}
	if len(r.Links) != 1 || r.Links[0] != (Link{Target: "explainers/icp.md", Anchor: "duties", Line: 5, Col: 8}) {
		t.Errorf("links = %+v", r.Links)
	}
	if len(r.Headings) != 1 || r.Headings[0].Text != "See the partnership" {
		t.Errorf("headings = %+v", r.Headings)
	}
}
