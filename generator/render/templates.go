// Package render draws the pages of a site with its layouts: it loads and
// parses the layouts, gives them their helper functions and the View each
// page is drawn from, and works out what each layout may read. It knows
// the page model (package site) and nothing of how a build is driven.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/orgdata"
	"icsguide/generator/site"
	"icsguide/generator/urlpath"
)

// Templates are the parsed layouts: base.html and partials/*.html shared by
// every layout, and one template set per other .html file in layouts/.
type Templates struct {
	dir     string // display name of the layouts folder
	layouts map[string]*template.Template
	assets  map[string]string // files under layouts/assets/: name to path in the site's file system
	// broken names the layouts that exist but could not be parsed; "" stands
	// for all of them (base.html or a partial is missing or broken).
	broken map[string]bool
	sums   map[string]uint64 // layout name to a digest of its sources, see Sums
}

// funcs are the helper functions layouts may call.
var funcs = template.FuncMap{
	"num":         formatNumber,
	"pct":         func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" },
	"statusLabel": orgdata.StatusLabel,
	// determined counts an area's items an ICB has recorded as determined.
	"determined": func(icb *orgdata.ICB, a *content.Area) int {
		ids := make([]string, len(a.Items))
		for i, it := range a.Items {
			ids[i] = it.ID
		}
		return icb.Progress(ids)["determined"]
	},
	// districts keeps the shares of district councils, dropping unitary
	// councils and London boroughs, which are listed as upper tier.
	"districts": func(shares []orgdata.Share) []orgdata.Share {
		var out []orgdata.Share
		for _, s := range shares {
			if s.Authority.Tier == "lower" {
				out = append(out, s)
			}
		}
		return out
	},
	// anyRecorded reports whether the editors have recorded a status,
	// evidence or a note for any checklist item of the ICB.
	"anyRecorded": func(icb *orgdata.ICB) bool {
		for _, a := range icb.Overlay.Assessments {
			if (a.Status != "" && a.Status != orgdata.Statuses[0]) || a.Evidence != "" || a.Note != "" {
				return true
			}
		}
		return false
	},
	// anySplit reports whether any of the shares is of a split authority.
	"anySplit": func(shares []orgdata.Share) bool {
		for _, s := range shares {
			if s.Split {
				return true
			}
		}
		return false
	},
}

// formatNumber writes an integer with thousands separators: 1,234,567.
func formatNumber(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// LoadTemplates parses every layout once. dir is the layouts folder in
// fsys, and its name in messages.
func LoadTemplates(fsys fs.FS, dir string) (*Templates, diag.List) {
	var errs diag.List
	t := &Templates{dir: dir, layouts: map[string]*template.Template{}, assets: map[string]string{}, broken: map[string]bool{}}
	root, msg := content.FollowRoot(fsys, dir)
	if msg != "" {
		errs.Addf(dir, 0, 0, "%s", msg)
		return t, errs
	}
	files := t.read(fsys, root, &errs)
	t.sums = layoutSums(files)
	if root := t.parseShared(files, &errs); root != nil {
		t.parseLayouts(root, files, &errs)
	}
	return t, errs
}

// read reads the layouts folder, at root in fsys: it returns the .html
// files by slash path and records the assets' paths in fsys.
func (t *Templates) read(fsys fs.FS, root string, errs *diag.List) map[string][]byte {
	display := t.dir
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Addf(display, 0, 0, "cannot read: %v", err)
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		if d.IsDir() || content.IsEditorTemp(d.Name()) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			var msg string
			if p, msg = content.Follow(fsys, p, false); msg != "" {
				errs.Addf(display+"/"+rel, 0, 0, "%s", msg)
				return nil
			}
		}
		if strings.HasPrefix(rel, "assets/") {
			t.assets[strings.TrimPrefix(rel, "assets/")] = p
			return nil
		}
		if path.Ext(rel) != ".html" {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Addf(display+"/"+rel, 0, 0, "cannot read: %v", err)
			return nil
		}
		files[rel] = src
		return nil
	})
	if err != nil {
		errs.Addf(display, 0, 0, "cannot read the layouts folder: %v", err)
	}
	return files
}

// parseShared parses base.html and the partials, which every layout uses.
// When they are missing or broken, or the folder could not be read, it
// returns nil and marks every layout broken.
func (t *Templates) parseShared(files map[string][]byte, errs *diag.List) *template.Template {
	base, ok := files["base.html"]
	if !ok {
		errs.Addf(t.dir+"/base.html", 0, 0, "this file is missing: every page is drawn inside it")
		t.broken[""] = true
		return nil
	}
	root := template.New("base.html").Funcs(funcs)
	if _, err := root.Parse(string(base)); err != nil {
		*errs = append(*errs, templateError(t.dir, err))
		t.broken[""] = true
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if strings.HasPrefix(name, "partials/") {
			if _, err := root.New(name).Parse(string(files[name])); err != nil {
				*errs = append(*errs, templateError(t.dir, err))
			}
		}
	}
	if len(*errs) > 0 {
		t.broken[""] = true
		return nil
	}
	return root
}

// parseLayouts parses each layout into its own copy of the shared
// templates root.
func (t *Templates) parseLayouts(root *template.Template, files map[string][]byte, errs *diag.List) {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name == "base.html" || strings.HasPrefix(name, "partials/") {
			continue
		}
		set, err := root.Clone()
		if err == nil {
			_, err = set.New(name).Parse(string(files[name]))
		}
		if err != nil {
			*errs = append(*errs, templateError(t.dir, err))
			t.broken[strings.TrimSuffix(name, ".html")] = true
			continue
		}
		t.layouts[strings.TrimSuffix(name, ".html")] = set
	}
}

// Has reports whether a layout exists.
func (t *Templates) Has(layout string) bool { return t.layouts[layout] != nil }

// Broken reports whether a layout exists but could not be parsed (its
// error is reported once, by LoadTemplates, not again for each page).
func (t *Templates) Broken(layout string) bool { return t.broken[""] || t.broken[layout] }

// Names lists the layouts that exist, sorted.
func (t *Templates) Names() []string { return slices.Sorted(maps.Keys(t.layouts)) }

// Sums returns a digest of each layout's sources (base.html, the partials
// and the layout itself) by layout name: a page needs drawing again only
// when its layout's digest changed.
func (t *Templates) Sums() map[string]uint64 { return t.sums }

// Assets returns the files under layouts/assets/, by name there, each with
// its path in the site's file system.
func (t *Templates) Assets() map[string]string { return t.assets }

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateError turns an html/template error into a positioned error in the
// layout file.
func templateError(dir string, err error) diag.Error {
	msg := err.Error()
	m := templateErrRE.FindStringSubmatch(msg)
	if m == nil {
		return diag.Error{Path: dir, Msg: msg}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return diag.Error{Path: dir + "/" + m[1], Line: line, Col: col, Msg: m[4]}
}

// Renderer draws the pages of one site with one set of layouts. The pages
// it draws share the navigation HTML they have in common (see
// View.SideNav), so it is made anew for a new page tree or new layouts.
type Renderer struct {
	t   *Templates
	s   *site.Site
	nav sync.Map // rendered navigation, see View.SideNav and View.Menu
}

// NewRenderer returns a Renderer of the site s with the layouts t.
func NewRenderer(t *Templates, s *site.Site) *Renderer { return &Renderer{t: t, s: s} }

// Render draws the page p with its layout into buf. read, when not nil, is
// told the key (see DepBody) of each input the page reads beyond those its
// layout names (see Templates.Reads). An error is a diag.Error in the layout.
func (r *Renderer) Render(buf *bytes.Buffer, p *site.Page, read func(key string)) error {
	set := r.t.layouts[p.Layout]
	if set == nil {
		return templateError(r.t.dir, fmt.Errorf("no layout %q", p.Layout))
	}
	v := &View{Site: r.s, Page: p, d: &drawing{set: set, nav: &r.nav, read: read}}
	if err := set.ExecuteTemplate(buf, "base.html", v); err != nil {
		return templateError(r.t.dir, err)
	}
	return nil
}

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
}

// record tells the hook, if any, that the page reads the input key.
func (v *View) record(key string) {
	if v.d.read != nil {
		v.d.read(key)
	}
}

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
		k.from = "in:" + path.Dir(strings.TrimSuffix(v.Page.URL, "/"))
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
