package output

import (
	"bytes"
	"crypto/sha1"
	"embed"
	"fmt"
	"sort"
	"text/template"

	"icsguide/generator/yamlpos"
)

// The files of the built site that are not pages (the Atom feed, the
// sitemap, robots.txt and the page left at an old address) are drawn by the
// templates in formats/ from plain values. They are text/template, not
// html/template, so every value is escaped where it is used, with html.
var (
	//go:embed formats
	formatFiles embed.FS
	formats     = template.Must(template.ParseFS(formatFiles, "formats/*"))
)

// drawFormat executes one of the templates in formats/.
func drawFormat(name string, data any) []byte {
	var b bytes.Buffer
	if err := formats.ExecuteTemplate(&b, name, data); err != nil {
		panic(err) // the templates are fixed and take values of fixed types
	}
	return b.Bytes()
}

// A Site is what the feed knows of the site: its title, its short name
// (which names its feed ids when the address is unknown) and its address,
// ending in a slash ("" when unknown).
type Site struct{ Title, ShortName, BaseURL string }

// A Page is what the feed and the sitemap know of one page: its address
// from the site's root, title, description and the day it was last
// reviewed (zero when never).
type Page struct {
	URL, Title, Description string
	Reviewed                yamlpos.Date
}

// redirect is what the page left at an old address shows.
type redirect struct {
	Lang, Title string
	Href        string // relative address of the page it moved to
}

// RedirectPage is the small page left at an old address (an alias): in the
// language lang, it sends readers to href, the page titled title.
func RedirectPage(lang, title, href string) []byte {
	return drawFormat("redirect.html", redirect{Lang: lang, Title: title, Href: href})
}

// atomFeed and atomEntry are what the Atom feed lists: Updated is a date,
// YYYY-MM-DD.
type (
	atomFeed struct {
		Title, ID, Updated, Link string
		Entries                  []atomEntry
	}
	atomEntry struct{ Title, ID, Link, Updated, Summary string }
)

// feedSize is the most pages the feed lists.
const feedSize = 50

// Feed is an Atom feed of the reviewed pages by the date they were last
// reviewed, newest first.
func Feed(s Site, all []Page) []byte {
	var pages []Page
	for _, p := range all {
		if !p.Reviewed.IsZero() {
			pages = append(pages, p)
		}
	}
	sort.SliceStable(pages, func(i, j int) bool {
		if !pages[i].Reviewed.Equal(pages[j].Reviewed.Time) {
			return pages[i].Reviewed.After(pages[j].Reviewed.Time)
		}
		return pages[i].URL < pages[j].URL
	})
	pages = pages[:min(len(pages), feedSize)]
	f := atomFeed{Title: s.Title, ID: feedID(s, "feed.xml"), Updated: "2000-01-01", Link: s.BaseURL + "./"}
	if len(pages) > 0 {
		f.Updated = pages[0].Reviewed.ISO()
	}
	for _, p := range pages {
		f.Entries = append(f.Entries, atomEntry{Title: p.Title, ID: feedID(s, p.URL), Link: s.BaseURL + p.URL + "index.html",
			Updated: p.Reviewed.ISO(), Summary: p.Description})
	}
	return drawFormat("feed.xml", f)
}

// feedID is a stable id for a feed entry: its address when the site's
// address is known, otherwise a name-based UUID of its path.
func feedID(s Site, u string) string {
	if s.BaseURL != "" {
		return s.BaseURL + u
	}
	h := sha1.Sum([]byte(s.ShortName + "/" + u))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// sitemapURL is one page in the sitemap: its full address, and the date it
// was last reviewed (YYYY-MM-DD) or "".
type sitemapURL struct{ Loc, LastMod string }

// Sitemap lists every page's full address, for search engines, from the
// site's address baseURL.
func Sitemap(baseURL string, pages []Page) []byte {
	var urls []sitemapURL
	for _, p := range pages {
		urls = append(urls, sitemapURL{Loc: baseURL + p.URL, LastMod: p.Reviewed.ISO()})
	}
	return drawFormat("sitemap.xml", urls)
}

// Robots is robots.txt: everything may be crawled, and the sitemap is
// named when the site's address, baseURL, is known.
func Robots(baseURL string) []byte { return drawFormat("robots.txt", baseURL) }
