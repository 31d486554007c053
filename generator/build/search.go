package build

import (
	"strings"

	"icsguide/generator/output"
	"icsguide/generator/site"
)

// searchEntries lists what the search finds, in page order, each
// glossary term (found on its own and linked to its place on the glossary
// page) after the glossary page.
func searchEntries(s *site.Site) []output.SearchEntry {
	var out []output.SearchEntry
	for _, p := range s.Pages {
		if p.Kind == site.KindNotFound || p.Layout == site.LayoutSearch {
			continue
		}
		section := ""
		if a := p.Ancestors(); len(a) > 1 {
			section = a[1].Title
		}
		out = append(out, output.SearchEntry{URL: p.URL, Title: p.Title, Desc: p.Description, Section: section,
			Texts: func(add func(string, int)) {
				add(p.Title, output.WeightTitle)
				for _, h := range p.Headings {
					add(h.Text, output.WeightHeading)
				}
				add(p.Description, output.WeightDesc)
				add(keyText(p), output.WeightDesc)
				add(pageText(s, p), output.WeightBody)
			}})
		if p.Layout == site.LayoutGlossary {
			for _, t := range s.Glossary {
				title := t.Term
				if t.Abbr != "" {
					title = t.Abbr + " – " + t.Term
				}
				out = append(out, output.SearchEntry{URL: p.URL + "#" + t.ID, Title: title, Desc: t.Definition, Section: p.Title,
					Texts: func(add func(string, int)) {
						add(t.Abbr+" "+t.Term, output.WeightTitle)
						add(t.Definition, output.WeightDesc)
					}})
			}
		}
	}
	return out
}

// keyText is what a generated page is about, weighed like a description:
// an ICB's name, codes, region and councils (so that a council's name finds
// its ICB's page before the A to Z that lists every council).
func keyText(p *site.Page) string {
	var b strings.Builder
	if p.ICB != nil {
		b.WriteString("ICB Integrated Care Board " + p.ICB.Name + " " + p.ICB.ODSCode + " " + p.ICB.ONSCode)
		if p.ICB.Region != nil {
			b.WriteString(" " + p.ICB.Region.Name)
		}
		for _, sh := range p.ICB.UpperTier {
			b.WriteString(" " + sh.Authority.Name)
		}
		for _, sh := range p.ICB.LowerTier {
			b.WriteString(" " + sh.Authority.Name)
		}
	}
	if p.Region != nil {
		for _, icb := range p.Region.ICBs {
			b.WriteString(" " + icb.ShortName)
		}
	}
	return b.String()
}

// pageText is the text searched besides title, headings, description and
// key text: the Markdown body, and on the A to Z page every council. The
// glossary's terms are entries of their own (see searchEntries).
func pageText(s *site.Site, p *site.Page) string {
	text := ""
	if md := p.Markdown(); md != nil {
		text = md.Text
	}
	if p.Layout != site.LayoutCouncils || s.Org == nil {
		return text
	}
	var b strings.Builder
	b.WriteString(text)
	for _, a := range s.Org.Authorities {
		b.WriteString(" " + a.Name)
	}
	return b.String()
}
