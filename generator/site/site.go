// Package site is the page model of the guide: its pages, their kinds and
// the page tree, assembled from the content and the organisation data.
// Rendering (package render) and building (package build) work on it.
package site

import (
	"html/template"
	"sort"
	"strings"

	"icsguide/generator/content"
	"icsguide/generator/mapsvg"
	"icsguide/generator/markdown"
	"icsguide/generator/orgdata"
	"icsguide/generator/sendstats"
	"icsguide/generator/urlpath"
)

// Page is one HTML page of the site, written by an editor or generated from
// the organisation data. Templates see it as .Page.
type Page struct {
	URL          string // site-relative folder URL; "" is the home page
	Kind         Kind   // what the page is
	content.Meta        // its front matter; generated pages have one made for them
	Layout       string // the layout file (without .html) that renders it
	File         string // the file it comes from, for messages
	Source       *content.Page
	ICB          *orgdata.ICB    // set on ICB pages
	Region       *orgdata.Region // set on region pages
	Parent       *Page
	Children     []*Page
	Prev, Next   *Page
	Content      template.HTML
	Headings     []markdown.Heading
	DueForReview bool // review_due has passed: readers see a notice

	md    *markdown.Result
	index int    // position among its parent's children
	mdGen uint64 // numbers the body's conversion, see SetMarkdown
}

// IsHome reports whether this is the home page.
func (p *Page) IsHome() bool { return p.Kind == KindHome }

// IsNotFound reports whether this is the 404 page, which has no place in the
// page tree.
func (p *Page) IsNotFound() bool { return p.Kind == KindNotFound }

// OutPath returns the path of the page's HTML file in the built site.
func (p *Page) OutPath() string {
	if p.Kind == KindNotFound {
		return "404.html"
	}
	return p.URL + "index.html"
}

// SetMarkdown gives the page its converted Markdown. gen numbers the
// conversion: it changes exactly when the body was converted again.
func (p *Page) SetMarkdown(md *markdown.Result, gen uint64) {
	p.md, p.mdGen = md, gen
	p.Content = template.HTML(md.HTML)
	p.Headings = md.Headings
}

// Markdown returns the page's converted Markdown, or nil when it has none.
func (p *Page) Markdown() *markdown.Result { return p.md }

// MarkdownGen returns the number SetMarkdown was given, 0 before.
func (p *Page) MarkdownGen() uint64 { return p.mdGen }

// Index returns the page's position among its parent's children.
func (p *Page) Index() int { return p.index }

// Aliases returns the old addresses that redirect to the page.
func (p *Page) Aliases() []string {
	if p.Source == nil {
		return nil
	}
	return p.Source.Aliases
}

// InPrint reports whether the printable guide, when there is one, holds the
// page; no other page shows another's body.
func (p *Page) InPrint() bool {
	for _, sec := range printSections {
		if strings.HasPrefix(p.URL, sec) && p.Source != nil {
			return true
		}
	}
	return false
}

// Ancestors returns the pages above this one, from the home page down.
func (p *Page) Ancestors() []*Page {
	var out []*Page
	for a := p.Parent; a != nil; a = a.Parent {
		out = append(out, a)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// TOC returns the h2 and h3 headings for the in-page contents, or nothing
// when the page is short (fewer than three headings).
func (p *Page) TOC() []markdown.Heading {
	var out []markdown.Heading
	for _, h := range p.Headings {
		if (h.Level == 2 || h.Level == 3) && h.ID != "" {
			out = append(out, h)
		}
	}
	if len(out) < 3 {
		return nil
	}
	return out
}

// Site is what every template sees as .Site.
type Site struct {
	Settings  content.Settings
	Home      *Page
	Pages     []*Page // in reading order
	Glossary  []*content.Term
	Checklist *content.Checklist
	Org       *orgdata.Data   // nil when the site has no organisation data
	Send      *sendstats.Data // DfE's SEND figures; nil when the site has none
	ZipURL    string          // site-relative URL of the offline download
	ZipSize   string          // its size, e.g. "1.2 MB"
	BaseURL   string          // the published address, "" when not given
	RootURL   string          // prefix for links from the 404 page: BaseURL, or "/" without one

	Map *mapsvg.Map // ICB outlines, nil without boundary data

	byURL     map[string]*Page
	byPath    map[string]*Page
	printPage *Page // the printable guide, or nil
}

// PageAt returns the page at a site-relative URL, or nil.
func (s *Site) PageAt(url string) *Page { return s.byURL[url] }

// PageOf returns the page made from the content file at a content path,
// such as "explainers/icb.md", or nil.
func (s *Site) PageOf(contentPath string) *Page { return s.byPath[contentPath] }

// PrintPage returns the printable guide, or nil when the site has none.
func (s *Site) PrintPage() *Page { return s.printPage }

// GlossaryURL is where Markdown links glossary terms to: the glossary
// page, or nowhere ("") when there is none.
func (s *Site) GlossaryURL() string {
	if s.byURL[urlGlossary] != nil && len(s.Glossary) > 0 {
		return urlGlossary
	}
	return ""
}

// URLOf returns the site-relative URL of the page at a content path.
func (s *Site) URLOf(contentPath string) string { return urlpath.PageURL(contentPath) }

// Menu returns the top-level sections and pages, for navigation.
func (s *Site) Menu() []*Page {
	if s.Home == nil {
		return nil
	}
	return s.Home.Children
}

// FooterPages returns the pages linked from every footer, where they exist.
func (s *Site) FooterPages() []*Page {
	var out []*Page
	for _, u := range footerURLs {
		if p := s.byURL[u]; p != nil {
			out = append(out, p)
		}
	}
	if s.printPage != nil {
		out = append(out, s.printPage)
	}
	return out
}

// sortChildren orders pages by weight, then title, then URL.
func sortChildren(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		if at, bt := strings.ToLower(a.Title), strings.ToLower(b.Title); at != bt {
			return at < bt
		}
		return a.URL < b.URL
	})
}
