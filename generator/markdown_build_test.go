package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
)

// TestBuildMarkdown builds a page whose headings hold quotes, references,
// escapes and two lines, and checks what readers get: the contents list,
// the heading links' labels and the search index show the text as the
// heading shows it; escaped and queried links lead to their pages.
func TestBuildMarkdown(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/good/markdown.txtar")
	if code, _, stderr := runCLI("build", "--source", dir); code != 0 {
		t.Fatalf("build failed (%d):\n%s", code, stderr)
	}
	out := filepath.Join(dir, "public")
	page := readOut(t, out, "guide/page/index.html")
	headings := []string{"Children’s services", "The “ICB” role – and more…", "Fish &amp; chips *now*", "A long heading"}
	for _, h := range headings {
		if !strings.Contains(page, `aria-label="Link to the section: `+h+`"`) {
			t.Errorf("no heading link labelled %q", h)
		}
		if !strings.Contains(page, ">"+h+"</a></li>") {
			t.Errorf("the contents list lacks %q", h)
		}
	}
	for _, want := range []string{`href="../my_page/"`, `href="../my_page/?print=1#top"`, `href="../notes.txt?download=1"`, `<th class="align-center">Centre</th>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	index := readOut(t, out, "assets/search-index.js")
	for _, bad := range []string{"rsquo", "ldquo", "ndash", "hellip", `"amp"`} {
		if strings.Contains(index, bad) {
			t.Errorf("search index holds %q", bad)
		}
	}
}

// TestTableAlignmentInBrowser checks in Chromium, under the site's own
// Content-Security-Policy, that Markdown table columns are aligned as
// written and that the page breaks no policy rule.
func TestTableAlignmentInBrowser(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	dir := siteFromTxtar(t, "testdata/good/markdown.txtar")
	if code, _, stderr := runCLI("build", "--source", dir); code != 0 {
		t.Fatalf("build failed (%d):\n%s", code, stderr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(dir, "public"))))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/guide/page/"), chromedp.WaitReady(chromedp.CSS("table"))); err != nil {
		t.Fatal(err)
	}
	csp, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('meta[http-equiv="Content-Security-Policy"]').content`))
	if err != nil || !strings.Contains(csp, "style-src 'self'") {
		t.Fatalf("the page has no Content-Security-Policy limiting styles (%q, %v)", csp, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".prose th, .prose td")].map(c => getComputedStyle(c).textAlign)`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"left", "center", "right", "left", "left", "center", "right", "left"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("text-align of the cells = %v, want %v", got, want)
	}
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}
