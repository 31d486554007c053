package site

import (
	"fmt"

	"icsguide/generator/content"
	"icsguide/generator/orgdata"
)

// Kind is what a page is: it decides the page's default layout, where it is
// written and how the generator treats it.
type Kind int

// The kinds of page. The zero Kind is an ordinary page.
const (
	KindPage     Kind = iota // a Markdown file of content/ other than an _index.md
	KindHome                 // content/_index.md
	KindSection              // the _index.md of a folder: the folder's page
	KindICB                  // generated from the organisation data: one per ICB
	KindRegion               // generated: one per NHS England region
	KindNotFound             // the 404 page, served at any address that has no page
)

// Layout is the layout that draws a page of the kind when its front matter
// names none. Generated pages exist only when their layout does.
func (k Kind) Layout() string {
	switch k {
	case KindHome:
		return "home"
	case KindSection:
		return "section"
	case KindICB:
		return "icb"
	case KindRegion:
		return "region"
	case KindNotFound:
		return "404"
	}
	return "page"
}

// The guide's special pages: the addresses and layouts that the generator
// treats apart from the others. This is the only place that names them.
const (
	URLICBs        = "icbs/"          // the list of ICBs, above each ICB's page
	urlRegions     = "regions/"       // the list of regions, above each region's page
	urlGlossary    = "glossary/"      // abbreviations in pages link to their terms here
	URLFindYourICB = "find-your-icb/" // the A to Z of councils, which ICB pages link into
	urlDownloads   = "download/"      // the folder of the offline ZIP

	LayoutSearch   = "search"        // the search page, which is not itself in the index
	LayoutGlossary = "glossary"      // the glossary, whose terms are search results of their own
	LayoutCouncils = "find-your-icb" // the A to Z of councils: every council's name is searched
	LayoutPrint    = "print"         // the printable guide, which shows other pages' bodies

	// ICBMapFile is the map of every ICB as one image file, which each ICB
	// page's locator map shows under its own outline.
	ICBMapFile = "assets/icb-map.svg"
)

// footerURLs are the pages every footer links to, where they exist, before
// the printable guide (found by its layout).
var footerURLs = []string{"accessibility/", "privacy/", urlGlossary}

// printSections are the parts of the guide the printable guide holds.
var printSections = []string{"explainers/", "checklists/", urlGlossary}

// icbMeta is what the page of an ICB says about itself.
func icbMeta(icb *orgdata.ICB) content.Meta {
	return content.Meta{
		Title:       icb.ShortName,
		Description: fmt.Sprintf("The %s: the area it covers, its codes and what it has decided for children and young people with SEND.", icb.Name),
		Reviewed:    icb.Overlay.Checked,
	}
}

// regionMeta is what the page of an NHS England region says about itself.
func regionMeta(r *orgdata.Region) content.Meta {
	return content.Meta{
		Title:       r.Name,
		Description: fmt.Sprintf("The %d Integrated Care Boards in NHS England's %s region.", len(r.ICBs), r.Name),
	}
}

// notFoundMeta is what the 404 page says about itself.
var notFoundMeta = content.Meta{Title: "Page not found"}
