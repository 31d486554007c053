package render

import (
	"bytes"
	"html/template"
	"strings"
	"unicode"

	"icsguide/generator/content"
	"icsguide/generator/mapsvg"
	"icsguide/generator/markdown"
	"icsguide/generator/orgdata"
	"icsguide/generator/site"
)

// EnglandMap draws every ICB as a link to its page, or nothing when there is
// no boundary data.
func (v *View) EnglandMap() template.HTML {
	if v.Site.Map == nil {
		return ""
	}
	var b bytes.Buffer
	err := v.Site.Map.SVG(&b, mapsvg.Options{
		Title: "Map of England's Integrated Care Boards. Each area links to its page.",
		Href: func(code string) string {
			if icb := v.Site.Org.ICB(code); icb != nil {
				return v.Link(site.URLICBs + icb.Slug + "/")
			}
			return ""
		},
		Order: v.icbCodes(), Labels: true,
		Class: "england-map", Width: 600, IDPrefix: "map",
	})
	if err != nil {
		return ""
	}
	return template.HTML(b.String())
}

// MapKey is the key to the numbers on the map of every ICB: the ICBs
// numbered, the n-th with the number n, and those too small to number.
type MapKey struct {
	Numbered, Unnumbered []*orgdata.ICB
}

// EnglandMapKey returns the key to EnglandMap's numbers, or nil when there
// is no map.
func (v *View) EnglandMapKey() *MapKey {
	if v.Site.Map == nil {
		return nil
	}
	k := &MapKey{}
	numbered := map[string]bool{}
	for _, code := range v.Site.Map.Numbered(v.icbCodes()) {
		numbered[code] = true
		k.Numbered = append(k.Numbered, v.Site.Org.ICB(code))
	}
	for _, icb := range v.Site.Org.ICBs {
		if !numbered[icb.ODSCode] {
			k.Unnumbered = append(k.Unnumbered, icb)
		}
	}
	return k
}

// icbCodes lists the ODS codes of the ICBs in the order of the site's list
// of ICBs, so that the map's links are reached in the same order as the
// table's.
func (v *View) icbCodes() []string {
	codes := make([]string, len(v.Site.Org.ICBs))
	for i, icb := range v.Site.Org.ICBs {
		codes[i] = icb.ODSCode
	}
	return codes
}

// LocatorMap draws England with the current page's ICB highlighted: the
// shared map file, and the ICB's outline over it.
func (v *View) LocatorMap() template.HTML {
	if v.Site.Map == nil || v.Page.ICB == nil {
		return ""
	}
	var b bytes.Buffer
	err := v.Site.Map.SVG(&b, mapsvg.Options{
		Title:     "Map of England with " + v.Page.ICB.Name + " highlighted",
		Highlight: v.Page.ICB.ODSCode, Base: v.Link(site.ICBMapFile),
		Class: "locator-map", Width: 240, IDPrefix: "loc",
	})
	if err != nil {
		return ""
	}
	return template.HTML(b.String())
}

// UnlistedChildren returns the pages below this one that its text does not
// link to already, so a section page lists each of its pages once.
func (v *View) UnlistedChildren() []*site.Page {
	var out []*site.Page
	body := string(v.Page.Content)
	for _, c := range v.Page.Children {
		href := `href="` + v.Link(c.URL)
		if !strings.Contains(body, href+`"`) && !strings.Contains(body, href+`#`) {
			out = append(out, c)
		}
	}
	return out
}

// GlossaryGroup is the glossary terms filed under one letter.
type GlossaryGroup struct {
	Letter string
	Terms  []*content.Term
}

// GlossaryByLetter groups the glossary A to Z by the first letter of each
// term's abbreviation, or of the term when it has none.
func (v *View) GlossaryByLetter() []GlossaryGroup {
	var out []GlossaryGroup
	for _, t := range v.Site.Glossary {
		r := []rune(site.GlossaryKey(t))
		l := "#"
		if len(r) > 0 && unicode.IsLetter(r[0]) {
			l = string(unicode.ToUpper(r[0]))
		}
		if len(out) == 0 || out[len(out)-1].Letter != l {
			out = append(out, GlossaryGroup{Letter: l})
		}
		g := &out[len(out)-1]
		g.Terms = append(g.Terms, t)
	}
	return out
}

// CouncilLink returns the link to a council's entry in the A to Z of
// councils, or "" when the site has no A to Z.
func (v *View) CouncilLink(a *orgdata.Authority) string {
	if v.Site.PageAt(site.URLFindYourICB) == nil {
		return ""
	}
	return v.Link(site.URLFindYourICB) + "#" + v.CouncilID(a)
}

// CouncilID is the id of a council's entry in the A to Z of councils.
func (v *View) CouncilID(a *orgdata.Authority) string { return "council-" + a.Code }

// LetterGroup is the local authorities whose names start with one letter.
type LetterGroup struct {
	Letter      string
	Authorities []*orgdata.Authority
}

// AuthoritiesByLetter groups every local authority by first letter, A-Z.
func (v *View) AuthoritiesByLetter() []LetterGroup {
	if v.Site.Org == nil {
		return nil
	}
	var out []LetterGroup
	for _, a := range v.Site.Org.Authorities {
		l := strings.ToUpper(string([]rune(a.Name)[0]))
		if !unicode.IsLetter([]rune(l)[0]) {
			l = "#"
		}
		if len(out) == 0 || out[len(out)-1].Letter != l {
			out = append(out, LetterGroup{Letter: l})
		}
		g := &out[len(out)-1]
		g.Authorities = append(g.Authorities, a)
	}
	return out
}

// Letters lists the first letters that have local authorities.
func (v *View) Letters() []string {
	var out []string
	for _, g := range v.AuthoritiesByLetter() {
		out = append(out, g.Letter)
	}
	return out
}

// PrintPages returns the pages of the printable guide, in reading order, when
// the page is the printable guide.
func (v *View) PrintPages() []*site.Page {
	if v.Page != v.Site.PrintPage() {
		return nil
	}
	var out []*site.Page
	for _, p := range v.Site.Pages {
		if p.InPrint() {
			out = append(out, p)
		}
	}
	return out
}

// HasCode reports whether the page shows highlighted code, so needs the
// code colours in assets/code.css; the printable guide holds other pages'.
func (v *View) HasCode() bool {
	pages := append([]*site.Page{v.Page}, v.PrintPages()...)
	for _, p := range pages {
		v.record(DepBody + p.URL)
		if strings.Contains(string(p.Content), `<pre class="chroma"`) {
			return true
		}
	}
	return false
}

// PrintedArea returns the checklist area of a page showing one area, when
// the printable guide also prints the whole checklist (where the area's
// questions then are, under the heading "area-<id>"); otherwise nil.
func (v *View) PrintedArea(p *site.Page) *content.Area {
	if p.Source == nil || p.Source.Checklist == "" || p.Source.Checklist == "all" || v.Site.Checklist == nil {
		return nil
	}
	for _, q := range v.PrintPages() {
		if q.Source.Checklist == "all" && len(v.Site.Checklist.Areas) > 1 {
			return v.Site.Checklist.Area(p.Source.Checklist)
		}
	}
	return nil
}

// PrintID is the anchor of a page's part of the printable guide.
func (v *View) PrintID(p *site.Page) string { return printID(p) }

func printID(p *site.Page) string {
	return "part-" + strings.ReplaceAll(strings.Trim(p.URL, "/"), "/", "-")
}

// PrintContent returns a page's body as the printable guide shows it: its
// ids made unique, its headings one level lower and its links from the
// printable guide (see markdown.Print).
func (v *View) PrintContent(p *site.Page) template.HTML {
	v.record(DepBody + p.URL)
	return template.HTML(p.Markdown().Print)
}

// PrintOptions say how the printable guide of the site s shows the page p,
// or are nil when it does not.
func PrintOptions(s *site.Site, p *site.Page) *markdown.Print {
	if s.PrintPage() == nil || !p.InPrint() {
		return nil
	}
	// The prefix is apart from every PrintID, which has no "__".
	return &markdown.Print{URL: s.PrintPage().URL, IDPrefix: printID(p) + "__"}
}
