package main

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
)

// searchResult is one result as the search page shows it.
type searchResult struct {
	Title string `json:"title"`
	Href  string `json:"href"`
}

// searchFor runs a query on the built site's search page and returns the
// results shown, best first.
func searchFor(t *testing.T, ctx context.Context, base, query string) []searchResult {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/?q="+url.QueryEscape(query))); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `document.querySelector("#search-results .search-count, #search-results .search-none")`, 10*time.Second); err != nil {
		t.Fatalf("searching for %q shows nothing: %v", query, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]searchResult](`Array.from(document.querySelectorAll("#search-results .search-result-title a"), a => ({title: a.textContent, href: a.getAttribute("href")}))`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestSearchRanking checks the search page on the real site: pages whose
// title is the query come first, glossary terms are results of their own
// linked to the term, plurals and hyphens fold, and a council's name finds
// its ICB first.
func TestSearchRanking(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	srv := serveSite(t)

	// Titles first: both pages titled "Integrated Care Boards" lead.
	got := searchFor(t, ctx, srv.URL, "integrated care boards")
	if len(got) < 2 || got[0].Title != "Integrated Care Boards" || got[1].Title != "Integrated Care Boards" {
		t.Errorf("first results for \"integrated care boards\": %v; want the two pages of that title", got[:min(3, len(got))])
	}

	// A glossary term links to its entry on the glossary page.
	got = searchFor(t, ctx, srv.URL, "DCO")
	found := false
	for _, r := range got {
		if r.Href == "../glossary/#dco" {
			found = true
		}
		if r.Href == "../glossary/" {
			t.Errorf("a result for \"DCO\" links to the top of the glossary, not the term")
		}
	}
	if !found {
		t.Errorf("no result for \"DCO\" links to ../glossary/#dco: %v", got)
	}

	// Hyphens and plurals fold: either spelling finds the same pages.
	for _, pair := range [][2]string{{"co-production", "coproduction"}, {"policies", "policy"}, {"Integrated Care Boards", "integrated care board"}} {
		a, b := searchFor(t, ctx, srv.URL, pair[0]), searchFor(t, ctx, srv.URL, pair[1])
		if len(a) == 0 || len(a) != len(b) {
			t.Errorf("%q finds %d results and %q %d; want the same, more than none", pair[0], len(a), pair[1], len(b))
		}
	}

	// A council's name finds its ICB before the A to Z of every council.
	if got := searchFor(t, ctx, srv.URL, "Maidstone"); len(got) == 0 || got[0].Title != "Kent and Medway" {
		t.Errorf("first result for \"Maidstone\": %v; want Kent and Medway", got)
	}
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}
