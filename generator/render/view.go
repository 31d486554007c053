package render

import (
	"html/template"
	"sync"

	"icsguide/generator/content"
	"icsguide/generator/site"
	"icsguide/generator/urlpath"
)

// View is the data a layout receives: the site and the page being drawn.
type View struct {
	Site *site.Site
	Page *site.Page
	// Printing is set when the page is drawn inside the printable guide.
	Printing bool
	// Item is the page a partial such as "navlink" draws.
	Item *site.Page
	d    *drawing
	slot bool // drawing HTML shared by many pages, see SectionNav
}

// drawing is what the views of one page share: its layout, the renderer's
// navigation cache and the hook told what the page reads.
type drawing struct {
	set  *template.Template
	nav  *sync.Map
	read func(key string)
	// navPartial's key for links from the folder of folderOf, made once a page
	folder   string
	folderOf *site.Page
}

// record tells the hook, if any, that the page reads the input key.
func (v *View) record(key string) {
	if v.d.read != nil {
		v.d.read(key)
	}
}

// Link returns the relative URL from the current page to a site-relative
// URL, such as "assets/site.css" or another page's .URL.
func (v *View) Link(target string) string {
	if v.Page.Kind == site.KindNotFound && v.Site.RootURL != "" {
		return v.Site.RootURL + target
	}
	return urlpath.Rel(v.Page.URL, target)
}

// Canonical returns the page's full published address, or "" without --base-url.
func (v *View) Canonical() string {
	if v.Site.BaseURL == "" || v.Page.Kind == site.KindNotFound {
		return ""
	}
	return v.Site.BaseURL + v.Page.URL
}

// InSection reports whether p is the current page or one of its ancestors.
func (v *View) InSection(p *site.Page) bool {
	for q := v.Page; q != nil; q = q.Parent {
		if q == p {
			return true
		}
	}
	return false
}

// ChecklistAreas returns the checklist areas the page shows: one area for
// "checklist: <area id>", every area for "checklist: all".
func (v *View) ChecklistAreas() []*content.Area {
	if v.Page.Source == nil || v.Page.Source.Checklist == "" || v.Site.Checklist == nil {
		return nil
	}
	v.record(DepChecklist)
	if v.Page.Source.Checklist == "all" {
		return v.Site.Checklist.Areas
	}
	if a := v.Site.Checklist.Area(v.Page.Source.Checklist); a != nil {
		return []*content.Area{a}
	}
	return nil
}

// AudienceName returns the readable name of an audience id.
func (v *View) AudienceName(id string) string { return content.AudienceName(id) }

// For returns the view of another page, to render a partial for it.
func (v *View) For(p *site.Page) *View { return &View{Site: v.Site, Page: p, d: v.d} }

// ForPrint returns the view of another page, to render a partial for it
// inside the printable guide, where its headings are one level lower.
func (v *View) ForPrint(p *site.Page) *View {
	return &View{Site: v.Site, Page: p, Printing: true, d: v.d}
}
