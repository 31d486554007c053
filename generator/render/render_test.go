package render

import (
	"bytes"
	"slices"
	"testing"
	"testing/fstest"

	"icsguide/generator/content"
	"icsguide/generator/markdown"
	"icsguide/generator/site"
)

// loadLayouts parses layout files given as slash path to text.
func loadLayouts(t *testing.T, files map[string]string) *Templates {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys["layouts/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	tmpl, errs := LoadTemplates(fsys, "layouts")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return tmpl
}

// TestReads checks which site-wide inputs each layout is found to read,
// from the names its templates use, following the partials it calls and
// those its view methods draw: only
// what it names, and all the site data when it uses a name not known to
// read only the page and the tree.
func TestReads(t *testing.T) {
	tmpl := loadLayouts(t, map[string]string{
		"base.html":           `<title>{{.Page.Title}}</title>{{template "main" .}}`,
		"partials/terms.html": `{{define "terms"}}{{range .Site.Glossary}}{{.Term}}{{end}}{{end}}`,
		"plain.html":          `{{define "main"}}{{.Page.Description}} {{range .Site.Menu}}{{$.Link .URL}}{{end}} {{num 3}}{{end}}`,
		"terms.html":          `{{define "main"}}{{template "terms" .}}{{end}}`,
		"icb.html":            `{{define "main"}}{{.Page.ICB.Name}} {{range .Site.Org.Regions}}{{.Name}}{{end}}{{end}}`,
		"area.html":           `{{define "main"}}{{with .PrintedArea .Page}}{{.Title}}{{end}}{{end}}`,
		"unknown.html":        `{{define "main"}}{{.Page.SomethingNew}}{{end}}`,
		// Partials drawn by view methods count for the layouts using them.
		"partials/nav.html": `{{define "footer"}}{{.Footer}}{{end}}{{define "site-footer"}}{{if .Site.Org}}licence{{end}}{{end}}` +
			`{{define "sidenav"}}{{.SectionNav .Page}}{{end}}{{define "sectionnav"}}{{.NavItems .Page.Children}}{{end}}` +
			`{{define "navitem"}}{{.Site.Checklist}}{{end}}{{define "menu"}}{{.Page.Title}}{{end}}{{define "navlink"}}{{.Link .Item.URL}}{{end}}`,
		"footer.html":  `{{define "main"}}{{template "footer" .}}{{end}}`,
		"sidenav.html": `{{define "main"}}{{.SideNav}}{{end}}`,
		"menu.html":    `{{define "main"}}{{.Menu}}{{.NavLink .Page}}{{end}}`,
	})
	want := map[string][]string{
		"plain":   nil,
		"terms":   {DepGlossary},
		"icb":     {DepOrg},
		"area":    {DepChecklist},
		"unknown": {DepChecklist, DepData, DepGlossary, DepOrg},
		"footer":  {DepOrg},
		"sidenav": {DepChecklist},
		"menu":    nil,
	}
	got := tmpl.Reads()
	for name, keys := range want {
		if !slices.Equal(got[name], keys) {
			t.Errorf("layout %s reads %v, want %v", name, got[name], keys)
		}
	}
	if len(got) != len(want) {
		t.Errorf("reads of %d layouts, want %d: %v", len(got), len(want), got)
	}
}

// TestRenderRecordsReads draws pages through a Renderer and checks that
// the hook hears of what a page reads beyond its layout: the bodies of
// the pages the printable guide shows, and the checklist of a page that
// shows it.
func TestRenderRecordsReads(t *testing.T) {
	tmpl := loadLayouts(t, map[string]string{
		"base.html":  `{{template "main" .}}`,
		"home.html":  `{{define "main"}}{{len .ChecklistAreas}}{{end}}`,
		"page.html":  `{{define "main"}}{{.Page.Content}}{{end}}`,
		"print.html": `{{define "main"}}{{range .PrintPages}}<section id="{{$.PrintID .}}">{{$.PrintContent .}}</section>{{end}}{{end}}`,
	})
	src := &content.Source{Pages: map[string]*content.Page{}, Checklist: &content.Checklist{}}
	for rel, text := range map[string]string{
		"_index.md":       "---\ntitle: Home\nchecklist: all\n---\n",
		"explainers/a.md": "---\ntitle: A\n---\n",
		"explainers/b.md": "---\ntitle: B\n---\n",
		"other.md":        "---\ntitle: Other\n---\n",
		"print.md":        "---\ntitle: Print\nlayout: print\n---\n",
		"explainers/c.md": "---\ntitle: C\ndraft: true\n---\n",
	} {
		if p, _ := content.ParsePage(rel, "content/"+rel, []byte(text)); p != nil {
			src.Pages[rel] = p
		}
	}
	s, errs := site.Assemble(site.Input{Source: src, Layouts: tmpl})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, p := range s.Pages {
		p.SetMarkdown(&markdown.Result{HTML: "<p>" + p.Title + "</p>", Print: "<p>printed " + p.Title + "</p>"}, 1)
	}
	r := NewRenderer(tmpl, s)
	for _, c := range []struct {
		url, html string
		reads     []string
	}{
		{"", "0", []string{DepChecklist}},
		{"other/", "<p>Other</p>", nil},
		{"print/", `<section id="part-explainers-a"><p>printed A</p></section><section id="part-explainers-b"><p>printed B</p></section>`,
			[]string{DepBody + "explainers/a/", DepBody + "explainers/b/"}},
	} {
		var buf bytes.Buffer
		var reads []string
		if err := r.Render(&buf, s.PageAt(c.url), func(key string) { reads = append(reads, key) }); err != nil {
			t.Fatalf("/%s: %v", c.url, err)
		}
		if buf.String() != c.html {
			t.Errorf("/%s drawn as %q, want %q", c.url, buf.String(), c.html)
		}
		if !slices.Equal(reads, c.reads) {
			t.Errorf("/%s read %v, want %v", c.url, reads, c.reads)
		}
	}
}

// TestFooterSharedOnlyWhereSame draws the footer, which is drawn once and
// reused, for pages at one depth in different folders: a page inside the
// glossary's folder links to it differently from a page elsewhere.
func TestFooterSharedOnlyWhereSame(t *testing.T) {
	tmpl := loadLayouts(t, map[string]string{
		"base.html":          `{{template "footer" .}}`,
		"page.html":          `{{define "main"}}{{end}}`,
		"section.html":       `{{define "main"}}{{end}}`,
		"home.html":          `{{define "main"}}{{end}}`,
		"partials/foot.html": `{{define "footer"}}{{.Footer}}{{end}}{{define "site-footer"}}{{range .Site.FooterPages}}<a href="{{$.Link .URL}}">{{.Title}}</a>{{end}}{{end}}`,
	})
	src := &content.Source{Pages: map[string]*content.Page{}, Checklist: &content.Checklist{}}
	for _, rel := range []string{"_index.md", "glossary/_index.md", "glossary/notes/_index.md", "glossary/notes/a.md", "other/_index.md", "other/page/_index.md", "other/page/b.md"} {
		if p, _ := content.ParsePage(rel, "content/"+rel, []byte("---\ntitle: "+rel+"\n---\n")); p != nil {
			src.Pages[rel] = p
		}
	}
	s, errs := site.Assemble(site.Input{Source: src, Layouts: tmpl})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	r := NewRenderer(tmpl, s)
	for _, c := range []struct{ url, want string }{
		{"glossary/notes/", `<a href="../">glossary/_index.md</a>`},
		{"other/page/", `<a href="../../glossary/">glossary/_index.md</a>`},
		{"glossary/", `<a href="./">glossary/_index.md</a>`},
		{"other/", `<a href="../glossary/">glossary/_index.md</a>`},
	} {
		var buf bytes.Buffer
		if err := r.Render(&buf, s.PageAt(c.url), nil); err != nil {
			t.Fatalf("/%s: %v", c.url, err)
		}
		if buf.String() != c.want {
			t.Errorf("/%s footer %q, want %q", c.url, buf.String(), c.want)
		}
	}
}
