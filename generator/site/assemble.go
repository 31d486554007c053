package site

import (
	"path"
	"sort"
	"strings"
	"time"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/mapsvg"
	"icsguide/generator/orgdata"
	"icsguide/generator/sendstats"
)

// Input is what a site is assembled from.
type Input struct {
	Source  *content.Source
	Org     *orgdata.Data   // nil without organisation data
	Send    *sendstats.Data // nil without DfE's figures
	Map     *mapsvg.Map     // nil without boundary data
	Layouts Layouts
	Drafts  bool      // include pages marked draft
	BaseURL string    // the published address, ending in "/", or ""
	ZipSize string    // what pages say of the offline ZIP's size
	Today   time.Time // the day review dates are compared with
}

// Layouts is what assembling needs to know of the layouts.
type Layouts interface {
	Has(layout string) bool    // the layout exists
	Broken(layout string) bool // it exists but could not be parsed
	Names() []string           // every layout that exists, sorted
}

// Assemble makes the page tree: pages from content/, pages generated from
// the organisation data, and the 404 page; checks URLs and layouts.
func Assemble(in Input) (*Site, diag.List) {
	var errs diag.List
	s := newSite(in)
	var all []*Page
	add := func(p *Page) {
		if prev := s.byURL[p.URL]; prev != nil {
			errs.Addf(p.File, 0, 0, "this page's address %q is already used by %s: rename one of them", "/"+p.URL, prev.File)
			return
		}
		s.byURL[p.URL] = p
		all = append(all, p)
	}
	for _, cp := range in.Source.SortedPages() {
		if cp.Draft && !in.Drafts {
			continue
		}
		p := contentPage(in, cp, &errs)
		if p.Layout == LayoutPrint {
			if s.printPage != nil {
				errs.Addf(cp.File, cp.KeyLines["layout"], 1, "only one page can be the printable guide, and %s is: use another layout", s.printPage.File)
			}
			s.printPage = p
		}
		add(p)
		s.byPath[cp.Path] = p
	}
	s.Home = s.byURL[""]
	if s.Home == nil {
		errs.Addf("content/_index.md", 0, 0, "the home page is missing: add content/_index.md")
		return s, errs
	}
	for _, p := range orgPages(in, s) {
		add(p)
	}
	s.checkAliases(all, &errs)
	s.linkTree(all)
	s.readingOrder()
	if nf := KindNotFound.Layout(); in.Layouts.Has(nf) {
		s.Pages = append(s.Pages, &Page{URL: "", Kind: KindNotFound, Meta: notFoundMeta, Layout: nf, File: "layouts/" + nf + ".html"})
	}
	return s, errs
}

// newSite starts the site: its settings and data, without pages.
func newSite(in Input) *Site {
	s := &Site{
		Settings: in.Source.Settings, Checklist: in.Source.Checklist, Org: in.Org, Send: in.Send, BaseURL: in.BaseURL, Map: in.Map,
		byURL: map[string]*Page{}, byPath: map[string]*Page{},
	}
	s.Glossary = append(s.Glossary, in.Source.Glossary...)
	sort.SliceStable(s.Glossary, func(i, j int) bool {
		return strings.ToLower(GlossaryKey(s.Glossary[i])) < strings.ToLower(GlossaryKey(s.Glossary[j]))
	})
	s.ZipURL = urlDownloads + s.Settings.ShortName + "-offline.zip"
	s.ZipSize = in.ZipSize
	// The 404 page is served at whatever address was asked for, at any
	// depth, so its links cannot be relative: they start from the
	// published address, or from the root of the domain without one.
	s.RootURL = "/"
	if in.BaseURL != "" {
		s.RootURL = in.BaseURL
	}
	return s
}

// contentPage makes the page of a content file, and checks its layout and
// checklist area.
func contentPage(in Input, cp *content.Page, errs *diag.List) *Page {
	p := &Page{URL: cp.URL, Meta: cp.Meta, Layout: cp.Layout, File: cp.File, Source: cp, DueForReview: cp.DueForReview(in.Today)}
	switch {
	case p.URL == "":
		p.Kind = KindHome
	case cp.IsSection:
		p.Kind = KindSection
	}
	if p.Layout == "" {
		p.Layout = p.Kind.Layout()
	}
	if !in.Layouts.Has(p.Layout) && !in.Layouts.Broken(p.Layout) {
		errs.Addf(cp.File, cp.KeyLines["layout"], 1, "there is no layout %q: add layouts/%s.html or use one of: %s", p.Layout, p.Layout, strings.Join(in.Layouts.Names(), ", "))
	}
	if c := cp.Checklist; c != "" && c != "all" && in.Source.Checklist.Area(c) == nil {
		errs.Addf(cp.File, cp.KeyLines["checklist"], 1, "checklist: %q is not an area of %s (use all, or an area id)", c, content.ChecklistPath)
	}
	return p
}

// checkAliases reports each alias that is already a page's address.
func (s *Site) checkAliases(all []*Page, errs *diag.List) {
	for _, p := range all {
		for _, a := range p.Aliases() {
			if other := s.byURL[a]; other != nil {
				errs.Addf(p.File, p.Source.KeyLines["aliases"], 1, "alias %q is already the address of %s", "/"+a, other.File)
			}
		}
	}
}

// linkTree gives every page but the home page its parent (the nearest
// section above, else the home page), and every page its children in order.
func (s *Site) linkTree(all []*Page) {
	for _, p := range all {
		if p == s.Home {
			continue
		}
		if p.Parent == nil {
			p.Parent = s.parentOf(p.URL)
		}
		p.Parent.Children = append(p.Parent.Children, p)
	}
	for _, p := range all {
		sortChildren(p.Children)
		for i, c := range p.Children {
			c.index = i
		}
	}
}

// readingOrder lists the pages depth first from the home page, and links
// each to the one before and after it.
func (s *Site) readingOrder() {
	var walk func(p *Page)
	walk = func(p *Page) {
		s.Pages = append(s.Pages, p)
		for _, c := range p.Children {
			walk(c)
		}
	}
	walk(s.Home)
	for i, p := range s.Pages {
		if i > 0 {
			p.Prev = s.Pages[i-1]
		}
		if i+1 < len(s.Pages) {
			p.Next = s.Pages[i+1]
		}
	}
}

// GlossaryKey is what a glossary term is filed under: its abbreviation, or
// the term when it has none.
func GlossaryKey(t *content.Term) string {
	if t.Abbr != "" {
		return t.Abbr
	}
	return t.Term
}

// parentOf finds the nearest section page above a URL.
func (s *Site) parentOf(u string) *Page {
	dir := path.Dir(strings.TrimSuffix(u, "/"))
	for dir != "." && dir != "/" && dir != "" {
		if p := s.byURL[dir+"/"]; p != nil {
			return p
		}
		dir = path.Dir(dir)
	}
	return s.Home
}

// orgPages makes one page per ICB and per NHS England region.
func orgPages(in Input, s *Site) []*Page {
	if in.Org == nil {
		return nil
	}
	var out []*Page
	icbParent := s.byURL[URLICBs]
	regionParent := s.byURL[urlRegions]
	icbLayout, regionLayout := KindICB.Layout(), KindRegion.Layout()
	for _, icb := range in.Org.ICBs {
		if !in.Layouts.Has(icbLayout) {
			break
		}
		p := &Page{
			URL: URLICBs + icb.Slug + "/", Kind: KindICB, Layout: icbLayout, File: "layouts/" + icbLayout + ".html",
			Meta: icbMeta(icb), ICB: icb, Parent: icbParent,
		}
		if p.Parent == nil {
			p.Parent = s.Home
		}
		out = append(out, p)
	}
	for _, r := range in.Org.Regions {
		if !in.Layouts.Has(regionLayout) {
			break
		}
		p := &Page{
			URL: urlRegions + r.Slug + "/", Kind: KindRegion, Layout: regionLayout, File: "layouts/" + regionLayout + ".html",
			Meta: regionMeta(r), Region: r, Parent: regionParent,
		}
		if p.Parent == nil {
			p.Parent = s.Home
		}
		out = append(out, p)
	}
	return out
}

// ICBPage returns the page of an ICB, for links from layouts.
func (s *Site) ICBPage(icb *orgdata.ICB) *Page { return s.byURL[URLICBs+icb.Slug+"/"] }

// RegionPage returns the page of a region, for links from layouts.
func (s *Site) RegionPage(r *orgdata.Region) *Page { return s.byURL[urlRegions+r.Slug+"/"] }
