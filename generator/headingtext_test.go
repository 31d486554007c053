package main

import (
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
)

// entityText matches a character reference shown as text, such as the
// "&rsquo;" a reader would see if Markdown source leaked into a label.
var entityText = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// entityWords are the words a character reference leaves in the search
// index when its text is indexed instead of the character it stands for.
var entityWords = map[string]bool{
	"rsquo": true, "lsquo": true, "rdquo": true, "ldquo": true, "ndash": true, "mdash": true,
	"hellip": true, "laquo": true, "raquo": true, "amp": true, "quot": true, "nbsp": true, "apos": true,
}

// ariaLabelRE finds aria-label attributes in the HTML files.
var ariaLabelRE = regexp.MustCompile(`aria-label="([^"]*)"`)

// TestNoEntityTextInLabels reads, in Chromium, every "On this page" list
// and every aria-label of the real site's pages that show headings from
// Markdown, and every entry of its search index, and fails on any character
// reference shown as text. The aria-labels of the other pages are read from
// their files.
func TestNoEntityTextInLabels(t *testing.T) {
	ctx, _ := browsertest.Browser(t)
	dir := siteDir(t)
	var pages []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Error(err)
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Name() == "index.html" && (strings.Contains(string(b), `class="toc"`) || strings.Contains(string(b), "heading-anchor")) {
			pages = append(pages, strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
			return nil
		}
		for _, m := range ariaLabelRE.FindAllStringSubmatch(string(b), -1) {
			if s := html.UnescapeString(m[1]); entityText.MatchString(s) {
				t.Errorf("%s: aria-label: %s", rel, s)
			}
		}
		return nil
	})
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	tocEntries := 0
	for _, page := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+page), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatalf("/%s: %v", page, err)
		}
		texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[
			...[...document.querySelectorAll("nav.toc a")].map(a => "contents list: " + a.textContent),
			...[...document.querySelectorAll("[aria-label]")].map(e => "aria-label: " + e.getAttribute("aria-label")),
		]`))
		if err != nil {
			t.Fatalf("/%s: %v", page, err)
		}
		for _, s := range texts {
			if strings.HasPrefix(s, "contents list: ") {
				tocEntries++
			}
			if entityText.MatchString(s) {
				t.Errorf("/%s: %s", page, s)
			}
		}
	}
	if tocEntries == 0 {
		t.Fatalf("no contents list found in %d pages", len(pages))
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `!!window.SEARCH_INDEX`, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	entries, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[
		...window.SEARCH_INDEX.docs.flatMap(d => Object.values(d).filter(v => typeof v === "string")),
		...window.SEARCH_INDEX.sections,
		...Object.keys(window.SEARCH_INDEX.words),
	]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 100 {
		t.Fatalf("only %d search index entries", len(entries))
	}
	for _, s := range entries {
		if entityText.MatchString(s) || entityWords[s] {
			t.Errorf("search index entry %q", s)
		}
	}
}
