package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icsguide/generator/corpus"
	"icsguide/generator/internal/browsertest"
	"icsguide/generator/internal/testsite"
)

// TestSplitSearchInBrowser builds a site big enough for its search index to
// be split into parts (1,000 pages; SEARCH_TEST_PAGES sets another size) and
// searches it from the file system: results appear, and only the parts the
// query needs are loaded. It logs how long the first results took.
func TestSplitSearchInBrowser(t *testing.T) {
	pages := 1000
	if n, err := strconv.Atoi(os.Getenv("SEARCH_TEST_PAGES")); err == nil && n > 0 {
		pages = n
	}
	dir := t.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: pages, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	testsite.CopyTree(t, filepath.Join("..", "layouts"), filepath.Join(dir, "layouts"))
	searchPage := "---\ntitle: Search\nlayout: search\n---\n\nSearch needs JavaScript.\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "search.md"), []byte(searchPage), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--source", dir, "--out", out); code != 0 {
		t.Fatalf("build failed: %s", stderr)
	}
	parts, _ := filepath.Glob(filepath.Join(out, "assets", "search", "*.js"))
	if len(parts) < 10 {
		t.Fatalf("the index of %d pages is in %d parts; want one per first letter", pages, len(parts))
	}

	ctx, console := browsertest.Browser(t)
	search := "file://" + filepath.ToSlash(out) + "/search/index.html"
	if err := chromedp.Do(ctx, chromedp.Navigate(search)); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `window.SEARCH_INDEX && document.querySelector(".search-nojs").hidden`, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	// Time from the query to the first result in the page.
	start := `(() => {
		window.firstResult = 0;
		const box = document.getElementById("search-results");
		new MutationObserver(() => {
			if (!window.firstResult && box.querySelector(".search-result")) window.firstResult = performance.now() - window.asked;
		}).observe(box, {childList: true, subtree: true});
		const input = document.getElementById("search-q");
		input.value = "forward plan";
		window.asked = performance.now();
		input.form.requestSubmit();
		return true;
	})()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](start)); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `window.firstResult > 0`, 20*time.Second); err != nil {
		t.Fatalf("no results for \"forward plan\" in a split index: %v", err)
	}
	took, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.firstResult`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pages: first results %.0f ms after the query", pages, took)
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("script[src*='assets/search/']"), s => s.getAttribute("src"))`))
	if err != nil {
		t.Fatal(err)
	}
	// One part for each word: by "f" and "p", or, big as they are, by "fo"
	// ("66-6f.js") and "pl".
	if len(loaded) != 2 || !strings.HasPrefix(loaded[0], "../assets/search/66") || !strings.HasPrefix(loaded[1], "../assets/search/70") {
		t.Errorf("parts loaded for \"forward plan\": %q; want the one for each word", loaded)
	}
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}
