package render

import (
	"fmt"
	"html/template"
	"path"
	"strings"

	"icsguide/generator/site"
)

// SideNav renders the partial "sidenav" for the page. It lists the top-level
// pages and, through SectionNav, the pages of the open one. So its HTML is
// the same for every page of a folder deeper than those, and is rendered
// once per folder; for the pages of a top-level folder, all but the list of
// the folder's pages is rendered once, and that list for each page.
func (v *View) SideNav() (template.HTML, error) {
	depth := strings.Count(v.Page.URL, "/")
	switch {
	case v.Page.Kind == site.KindNotFound:
		return v.cachedPartial("404", "sidenav")
	case depth > 2 && v.Page.Parent != nil:
		return v.cachedPartial("folder:"+v.Page.Parent.URL, "sidenav")
	case depth == 2 && v.Page.Parent != nil:
		shared := *v
		shared.slot = true // leaves the list that differs between pages to them
		outer, err := shared.cachedPartial("top:"+v.Page.Parent.URL, "sidenav")
		if err != nil {
			return "", err
		}
		before, after, ok := strings.Cut(string(outer), sectionSlot)
		if !ok {
			return outer, nil
		}
		list, err := v.SectionNav(v.Page.Parent)
		return template.HTML(before) + list + template.HTML(after), err
	}
	var b strings.Builder
	err := v.d.set.ExecuteTemplate(&b, "sidenav", v)
	return template.HTML(b.String()), err
}

// sectionSlot holds the place of the open section's list in a side
// navigation shared by the pages of a folder.
const sectionSlot = "\x00section-nav\x00"

// SectionNav renders the partial "sectionnav": the side navigation's list of
// the pages of section, the open top-level one.
func (v *View) SectionNav(section *site.Page) (template.HTML, error) {
	if v.slot {
		return sectionSlot, nil
	}
	var b strings.Builder
	err := v.d.set.ExecuteTemplate(&b, "sectionnav", &View{Site: v.Site, Page: v.Page, Item: section, d: v.d})
	return template.HTML(b.String()), err
}

// Menu renders the partial "menu": the sections behind the "Menu" button
// of narrow screens. Its HTML depends only on the page's depth and on which
// top-level section it is in (or is), so it is rendered once for each.
func (v *View) Menu() (template.HTML, error) {
	top := v.Page
	for top.Parent != nil && top.Parent.Parent != nil {
		top = top.Parent
	}
	key := fmt.Sprintf("menu:%d:%s:%t", strings.Count(v.Page.URL, "/"), top.URL, top == v.Page)
	if v.Page.Kind == site.KindNotFound {
		key = "menu:404"
	}
	return v.cachedPartial(key, "menu")
}

// Footer renders the partial "site-footer" (which the partial "footer" draws
// through this method). Its links depend only on the page's depth and its
// top-level folder (a link into that folder is shortened), so it is
// rendered once for each pair.
func (v *View) Footer() (template.HTML, error) {
	top, _, _ := strings.Cut(v.Page.URL, "/")
	key := fmt.Sprintf("footer:%d:%s", strings.Count(v.Page.URL, "/"), top)
	if v.Page.Kind == site.KindNotFound {
		key = "footer:404"
	}
	return v.cachedPartial(key, "site-footer")
}

// NavLink renders the partial "navlink", the side navigation's link to p.
func (v *View) NavLink(p *site.Page) (template.HTML, error) { return v.navPartial("navlink", p) }

// NavItems renders the partial "navitem", a list item with the link, for
// each of pages.
func (v *View) NavItems(pages []*site.Page) (template.HTML, error) {
	items := make([]template.HTML, len(pages))
	n := 0
	for i, p := range pages {
		html, err := v.navPartial("navitem", p)
		if err != nil {
			return "", err
		}
		items[i], n = html, n+len(html)
	}
	var b strings.Builder
	b.Grow(n)
	for _, html := range items {
		b.WriteString(string(html))
	}
	return template.HTML(b.String()), nil
}

// navPartial renders a navigation partial for the page p. Its HTML depends
// only on where p is relative to the current page, so it is drawn once for
// all the pages of a folder (or once for the current page when p is the
// page itself or below it) and reused: in a big folder, every page lists
// dozens of its neighbours.
func (v *View) navPartial(name string, p *site.Page) (template.HTML, error) {
	k := navLinkKey{partial: name, item: p}
	switch {
	case v.Page.Kind == site.KindNotFound:
		k.from = "404"
	case strings.HasPrefix(p.URL, v.Page.URL):
		k.from = v.Page.URL
	default:
		// Links from any page of a folder to a page not below it are the same.
		if v.d.folderOf != v.Page {
			v.d.folder, v.d.folderOf = "in:"+path.Dir(strings.TrimSuffix(v.Page.URL, "/")), v.Page
		}
		k.from = v.d.folder
	}
	if html, ok := v.d.nav.Load(k); ok {
		return html.(template.HTML), nil
	}
	var b strings.Builder
	item := &View{Site: v.Site, Page: v.Page, Item: p, d: v.d}
	if err := v.d.set.ExecuteTemplate(&b, name, item); err != nil {
		return "", err
	}
	html := template.HTML(b.String())
	v.d.nav.Store(k, html)
	return html, nil
}

// navLinkKey is where navPartial keeps a partial: its name, the page it
// goes to, and the folder (or page) it goes from.
type navLinkKey struct {
	partial, from string
	item          *site.Page
}

// cachedPartial renders the partial name for the page, or returns what it
// rendered before under key.
func (v *View) cachedPartial(key, name string) (template.HTML, error) {
	if html, ok := v.d.nav.Load(key); ok {
		return html.(template.HTML), nil
	}
	var b strings.Builder
	if err := v.d.set.ExecuteTemplate(&b, name, v); err != nil {
		return "", err
	}
	html := template.HTML(b.String())
	v.d.nav.Store(key, html)
	return html, nil
}

// NavLimit is the most pages the side navigation lists under the open
// section. A bigger section shows the pages around the current one and a
// link to the section page, which lists them all, so every page's navigation
// stays the same size however many pages share its folder.
const NavLimit = 50

// NavList is the part of a section's pages that the side navigation lists.
type NavList struct {
	Pages   []*site.Page
	Omitted int // pages of the section left out of Pages
}

// NavChildren returns the pages the side navigation lists under section:
// all of them, or at most NavLimit around the current page (or the section
// page's first ones).
func (v *View) NavChildren(section *site.Page) NavList {
	all := section.Children
	if len(all) <= NavLimit {
		return NavList{Pages: all}
	}
	at := 0
	for q := v.Page; q != nil && q != section; q = q.Parent {
		if q.Parent == section {
			at = q.Index()
			break
		}
	}
	start := min(max(at-NavLimit/2, 0), len(all)-NavLimit)
	return NavList{Pages: all[start : start+NavLimit], Omitted: len(all) - NavLimit}
}
