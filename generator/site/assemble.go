package site

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/orgdata"
	"icsguide/generator/output"
)

// assemble makes the page tree: pages from content/, pages generated from
// the organisation data, and the 404 page; checks URLs and layouts.
func (b *Builder) assemble() (*Site, diag.List) {
	var errs diag.List
	s := b.newSite()
	var all []*Page
	add := func(p *Page) {
		if prev := s.byURL[p.URL]; prev != nil {
			errs.Addf(p.File, 0, 0, "this page's address %q is already used by %s: rename one of them", "/"+p.URL, prev.File)
			return
		}
		s.byURL[p.URL] = p
		all = append(all, p)
	}
	for _, cp := range b.src.SortedPages() {
		if cp.Draft && !b.opts.Drafts {
			continue
		}
		p := b.contentPage(s, cp, &errs)
		if p.Layout == layoutPrint {
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
	for _, p := range b.orgPages(s) {
		add(p)
	}
	s.checkAliases(all, &errs)
	s.linkTree(all)
	s.readingOrder()
	if nf := KindNotFound.layout(); b.tmpl.Has(nf) {
		s.Pages = append(s.Pages, &Page{URL: "", Kind: KindNotFound, Meta: notFoundMeta, Layout: nf, File: "layouts/" + nf + ".html"})
	}
	return s, errs
}

// newSite starts the site of a build: its settings and data, without pages.
func (b *Builder) newSite() *Site {
	s := &Site{
		Settings: b.src.Settings, Checklist: b.src.Checklist, Org: b.org, Send: b.send, BaseURL: b.opts.BaseURL, icbMap: b.icbMap,
		byURL: map[string]*Page{}, byPath: map[string]*Page{},
	}
	s.Glossary = append(s.Glossary, b.src.Glossary...)
	sort.SliceStable(s.Glossary, func(i, j int) bool {
		return strings.ToLower(glossaryKey(s.Glossary[i])) < strings.ToLower(glossaryKey(s.Glossary[j]))
	})
	s.ZipURL = urlDownloads + s.Settings.ShortName + "-offline.zip"
	s.ZipSize = output.ZipSizeToken
	if b.opts.Preview {
		s.ZipSize = "made when the site is built"
	}
	// The 404 page is served at whatever address was asked for, at any
	// depth, so its links cannot be relative: they start from the
	// published address, or from the root of the domain without one.
	s.RootURL = "/"
	if b.opts.BaseURL != "" {
		s.RootURL = b.opts.BaseURL
	}
	return s
}

// contentPage makes the page of a content file, and checks its layout and
// checklist area.
func (b *Builder) contentPage(s *Site, cp *content.Page, errs *diag.List) *Page {
	p := &Page{URL: cp.URL, Meta: cp.Meta, Layout: cp.Layout, File: cp.File, Source: cp, DueForReview: cp.DueForReview(b.opts.Today)}
	switch {
	case p.URL == "":
		p.Kind = KindHome
	case cp.IsSection:
		p.Kind = KindSection
	}
	if p.Layout == "" {
		p.Layout = p.Kind.layout()
	}
	if !b.tmpl.Has(p.Layout) && !b.tmpl.Broken(p.Layout) {
		errs.Addf(cp.File, cp.KeyLines["layout"], 1, "there is no layout %q: add layouts/%s.html or use one of: %s", p.Layout, p.Layout, strings.Join(sortedKeys(b.tmpl.layouts), ", "))
	}
	if c := cp.Checklist; c != "" && c != "all" && s.Checklist.Area(c) == nil {
		errs.Addf(cp.File, cp.KeyLines["checklist"], 1, "checklist: %q is not an area of %s (use all, or an area id)", c, content.ChecklistPath)
	}
	return p
}

// checkAliases reports each alias that is already a page's address.
func (s *Site) checkAliases(all []*Page, errs *diag.List) {
	for _, p := range all {
		for _, a := range aliasesOf(p) {
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

func glossaryKey(t *content.Term) string {
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

func aliasesOf(p *Page) []string {
	if p.Source == nil {
		return nil
	}
	return p.Source.Aliases
}

// orgPages makes one page per ICB and per NHS England region.
func (b *Builder) orgPages(s *Site) []*Page {
	if b.org == nil {
		return nil
	}
	var out []*Page
	icbParent := s.byURL[urlICBs]
	regionParent := s.byURL[urlRegions]
	icbLayout, regionLayout := KindICB.layout(), KindRegion.layout()
	for _, icb := range b.org.ICBs {
		if !b.tmpl.Has(icbLayout) {
			break
		}
		p := &Page{
			URL: urlICBs + icb.Slug + "/", Kind: KindICB, Layout: icbLayout, File: "layouts/" + icbLayout + ".html",
			Meta: icbMeta(icb), ICB: icb, Parent: icbParent,
		}
		if p.Parent == nil {
			p.Parent = s.Home
		}
		out = append(out, p)
	}
	for _, r := range b.org.Regions {
		if !b.tmpl.Has(regionLayout) {
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
func (s *Site) ICBPage(icb *orgdata.ICB) *Page { return s.byURL[urlICBs+icb.Slug+"/"] }

// RegionPage returns the page of a region, for links from layouts.
func (s *Site) RegionPage(r *orgdata.Region) *Page { return s.byURL[urlRegions+r.Slug+"/"] }

// shape is a digest of everything that other pages show about each page:
// its place in the tree, title, description and weight. When it changes,
// every page is rendered again.
func (s *Site) shape() string {
	var b strings.Builder
	for _, p := range s.Pages {
		fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%d\x00", p.URL, p.Title, p.Description, p.Weight)
	}
	return b.String()
}
