package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"icsguide/generator/internal/browsertest"
)

// The screen the tests use for a phone.
const phoneWidth, phoneHeight = 375, 812

// reader is one browser tab on the built site, shared by the checks of
// TestReaders so that Chromium starts once.
type reader struct {
	ctx     context.Context
	console *browsertest.Console
	base    string // the site's address, without a final slash
}

// open loads a page of the site at the given screen size.
func (r *reader) open(t *testing.T, page string, width, height int64) {
	t.Helper()
	err := chromedp.Do(r.ctx,
		chromedp.EmulateViewport(width, height),
		chromedp.Navigate(r.base+"/"+page),
		chromedp.WaitReady(chromedp.CSS("h1")),
	)
	if err != nil {
		t.Fatal(err)
	}
}

// scripts turns JavaScript on or off for the pages opened next.
func (r *reader) scripts(t *testing.T, on bool) {
	t.Helper()
	if _, err := chromedp.Call(r.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, r *reader, js string) T {
	t.Helper()
	v, err := chromedp.Run(r.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestReaders checks in a browser what readers of the built site see on a
// phone, on paper, and when they search and filter.
func TestReaders(t *testing.T) {
	axe := readAxe(t)
	ctx, console := browsertest.Browser(t)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	srv := httptest.NewServer(http.FileServer(http.Dir(siteDir(t))))
	defer srv.Close()
	r := &reader{ctx: ctx, console: console, base: srv.URL}
	t.Run("phone first screen", func(t *testing.T) { testPhoneFirstScreen(t, r) })
	t.Run("menu button", func(t *testing.T) { testMenuButton(t, r, axe) })
	t.Run("heading links and scrolling", func(t *testing.T) { testHeadingLinks(t, r) })
	t.Run("print", func(t *testing.T) { testPrint(t, r) })
	t.Run("search ranking", func(t *testing.T) { testSearchRanking(t, r) })
	t.Run("find your ICB filter", func(t *testing.T) { testFindYourICBFilter(t, r) })
	t.Run("region filter", func(t *testing.T) { testRegionFilter(t, r) })
	t.Run("furniture targets", func(t *testing.T) { testFurnitureTargets(t, r) })
	t.Run("codes explained", func(t *testing.T) { testCodesExplained(t, r) })
	t.Run("ICB map", func(t *testing.T) { testICBMap(t, r) })
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}

// testPhoneFirstScreen checks that on a phone every kind of page starts
// with its content: the h1 is in the first third of the screen, the side
// navigation is not shown (the "Menu" button is) and the breadcrumbs are
// one link, to the parent page. On a wide screen the side navigation and
// the breadcrumbs show, and the button not.
func testPhoneFirstScreen(t *testing.T, r *reader) {
	type layout struct {
		H1Top   float64 `json:"h1"`
		SideNav bool    `json:"sidenav"`
		Menu    bool    `json:"menu"`
		Crumbs  int     `json:"crumbs"`
	}
	const measure = `(() => {
		const shown = el => !!el && el.checkVisibility({visibilityProperty: true});
		return {
			h1: document.querySelector("h1").getBoundingClientRect().top,
			sidenav: shown(document.querySelector(".layout > .sidenav")),
			menu: shown(document.querySelector(".menu-button")),
			crumbs: Array.from(document.querySelectorAll(".breadcrumbs li")).filter(shown).length,
		};
	})()`
	for _, page := range samplePages(t, siteDir(t)) {
		r.open(t, page, phoneWidth, phoneHeight)
		got := eval[layout](t, r, measure)
		if got.H1Top > phoneHeight/3 {
			t.Errorf("/%s: at %dx%d the h1 starts %.0f px down; want it in the first third (%d px)", page, phoneWidth, phoneHeight, got.H1Top, phoneHeight/3)
		}
		if got.SideNav || !got.Menu {
			t.Errorf("/%s on a phone: side navigation shown %v, Menu button shown %v; want false, true", page, got.SideNav, got.Menu)
		}
		if got.Crumbs > 1 {
			t.Errorf("/%s on a phone: %d breadcrumbs shown; want only the parent page", page, got.Crumbs)
		}
	}
	r.open(t, "explainers/", 1280, 900)
	if got := eval[layout](t, r, measure); !got.SideNav || got.Menu || got.Crumbs < 2 {
		t.Errorf("at 1280 px: side navigation shown %v, Menu button shown %v, %d breadcrumbs; want true, false, 2", got.SideNav, got.Menu, got.Crumbs)
	}
}

// testMenuButton opens and closes the phone "Menu" with and without
// JavaScript and follows a link in it; axe-core finds nothing wrong on a
// phone with the menu open.
func testMenuButton(t *testing.T, r *reader, axe []byte) {
	const open = `document.querySelector(".menu-nav").checkVisibility()`
	defer r.scripts(t, true)
	for _, js := range []bool{true, false} {
		r.scripts(t, js)
		what := map[bool]string{true: "with JavaScript", false: "without JavaScript"}[js]
		r.open(t, "explainers/integrated-care-boards/", phoneWidth, phoneHeight)
		if eval[bool](t, r, open) {
			t.Fatalf("%s: the menu is open before it is pressed", what)
		}
		if err := chromedp.Do(r.ctx, chromedp.Click(chromedp.CSS(".menu-button"))); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.WaitJS(r.ctx, open, 5*time.Second); err != nil {
			t.Fatalf("%s: pressing Menu does not show the sections: %v", what, err)
		}
		if got := eval[string](t, r, `(document.querySelector(".menu-nav [aria-current]") || {}).textContent`); got != "Explainers" {
			t.Errorf("%s: the menu marks %q as the current section, want Explainers", what, got)
		}
		if js {
			// Escape closes it and puts focus back on the button.
			if err := chromedp.Do(r.ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
				t.Fatal(err)
			}
			if err := browsertest.WaitJS(r.ctx, `!(`+open+`) && document.activeElement === document.querySelector(".menu-button")`, 5*time.Second); err != nil {
				t.Errorf("Escape does not close the menu: %v", err)
			}
			continue
		}
		// Without JavaScript the button closes it again, and its links work.
		if err := chromedp.Do(r.ctx, chromedp.Click(chromedp.CSS(".menu-button"))); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.WaitJS(r.ctx, `!(`+open+`)`, 5*time.Second); err != nil {
			t.Errorf("%s: pressing Menu again does not close it: %v", what, err)
		}
		err := chromedp.Do(r.ctx,
			chromedp.Click(chromedp.CSS(".menu-button")),
			chromedp.Click(chromedp.CSS(`.menu-nav a[href$="glossary/"]`)),
			chromedp.WaitReady(chromedp.CSS("dl.glossary")),
		)
		if err != nil {
			t.Errorf("%s: following the glossary link in the menu: %v", what, err)
		}
	}
	r.scripts(t, true)
	icbs, _ := filepath.Glob(filepath.Join(siteDir(t), "icbs", "*", "index.html"))
	if len(icbs) == 0 {
		t.Fatal("no ICB pages")
	}
	rel, _ := filepath.Rel(siteDir(t), filepath.Dir(icbs[0]))
	testAxe(t, r.ctx, r.console, axe, phoneWidth, r.base+"/"+filepath.ToSlash(rel)+"/")
}

// testHeadingLinks checks that a heading's "#" link shows only on hover or
// focus, and that moving focus never scrolls smoothly (which would leave
// the focused control out of view for a moment).
func testHeadingLinks(t *testing.T, r *reader) {
	r.open(t, "explainers/integrated-care-boards/", 1280, 900)
	const opacity = `getComputedStyle(document.querySelector(".heading-anchor")).opacity`
	if got := eval[string](t, r, opacity); got != "0" {
		t.Errorf("a heading's link symbol has opacity %s before it has focus; want 0", got)
	}
	eval[any](t, r, `document.querySelector(".heading-anchor").focus()`)
	if got := eval[string](t, r, opacity); got != "1" {
		t.Errorf("a heading's link symbol has opacity %s with focus; want 1", got)
	}
	if got := eval[string](t, r, `getComputedStyle(document.documentElement).scrollBehavior`); got != "auto" {
		t.Errorf("with focus in the page, scrolling is %q; want auto", got)
	}
}

// testPrint looks at pages as printed: the stylesheet asks for A4, no
// heading of the whole guide stands without content before the next
// heading of its level or above, the page says where and when it came from
// and the ICB table fits the page.
func testPrint(t *testing.T, r *reader) {
	if _, err := chromedp.Call(r.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Call(r.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	// Chromium lays out A4 between 15 mm margins as 680 px wide.
	r.open(t, "print/", 680, 1000)
	const a4 = `Array.from(document.styleSheets).some(s => { try { return Array.from(s.cssRules).some(function has(r) {
		return (r instanceof CSSPageRule && /\bA4\b/i.test(r.cssText)) || Array.from(r.cssRules || []).some(has);
	}); } catch (e) { return false; } })`
	if !eval[bool](t, r, a4) {
		t.Error("no @page rule sets the size A4")
	}
	// Walk the printed text in order: a heading followed by a heading of its
	// level or above (or by nothing) is empty.
	empty := eval[[]string](t, r, `(() => {
		const shown = el => el.checkVisibility({visibilityProperty: true});
		const seq = [];
		const walk = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
		for (let n = walk.currentNode; n; n = walk.nextNode()) {
			if (n.nodeType === 1 && /^H[1-6]$/.test(n.tagName) && shown(n)) {
				seq.push({level: +n.tagName[1], text: n.textContent.trim()});
			} else if (n.nodeType === 3 && n.textContent.trim() && !n.parentElement.closest("h1,h2,h3,h4,h5,h6") && shown(n.parentElement)) {
				seq.push({level: 0});
			}
		}
		return seq.filter((s, i) => s.level && (i + 1 === seq.length || (seq[i + 1].level && seq[i + 1].level <= s.level))).map(s => s.text);
	})()`)
	if len(empty) > 0 {
		t.Errorf("printed, the whole guide has %d empty headings: %q", len(empty), empty)
	}
	line := eval[string](t, r, `(() => { const p = document.querySelector(".print-provenance"); return p && p.checkVisibility() ? p.textContent : ""; })()`)
	if !strings.Contains(line, r.base+"/print/") || !strings.Contains(line, "Page last reviewed") || !strings.Contains(line, ", on ") {
		t.Errorf("printed, the page says %q; want its address, the date printed and when it was last reviewed", line)
	}

	r.open(t, "icbs/", 680, 1000)
	if over := eval[float64](t, r, `document.getElementById("icb-table").getBoundingClientRect().right - document.querySelector("main").getBoundingClientRect().right`); over > 1 {
		t.Errorf("printed, the ICB table is %.0f px wider than the page", over)
	}
}

// searchFor types a query on the search page, loaded once, and returns the
// titles and links of the results shown, best first.
func searchFor(t *testing.T, r *reader, query string) [][2]string {
	t.Helper()
	return eval[[][2]string](t, r, `(() => {
		const input = document.getElementById("search-q");
		input.value = `+strconv.Quote(query)+`;
		input.form.requestSubmit();
		return Array.from(document.querySelectorAll("#search-results .search-result-title a"), a => [a.textContent, a.getAttribute("href")]);
	})()`)
}

// testSearchRanking checks the search page: without JavaScript it shows no
// form, only other ways to find things; with it, pages whose title is the query
// come first, glossary terms are results of their own linked to the term,
// plurals and hyphens fold, and a council's name finds its ICB first.
func testSearchRanking(t *testing.T, r *reader) {
	// Without JavaScript the page offers no form that cannot search.
	r.scripts(t, false)
	r.open(t, "search/?q=send", 1280, 900)
	if form, note := eval[bool](t, r, `document.querySelector(".search-form").checkVisibility()`), eval[bool](t, r, `document.querySelector(".search-nojs").checkVisibility()`); form || !note {
		t.Errorf("without JavaScript: search form shown %v, other ways to find things shown %v; want false, true", form, note)
	}
	r.scripts(t, true)

	r.open(t, "search/", 1280, 900)
	if err := browsertest.WaitJS(r.ctx, `window.SEARCH_INDEX && document.querySelector(".search-nojs").hidden`, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	got := searchFor(t, r, "integrated care boards")
	if len(got) < 2 || got[0][0] != "Integrated Care Boards" || got[1][0] != "Integrated Care Boards" {
		t.Errorf("first results for \"integrated care boards\": %q; want the two pages of that title", got[:min(3, len(got))])
	}

	got = searchFor(t, r, "DCO")
	found := false
	for _, res := range got {
		found = found || res[1] == "../glossary/#dco"
		if res[1] == "../glossary/" {
			t.Errorf("a result for \"DCO\" links to the top of the glossary, not the term")
		}
	}
	if !found {
		t.Errorf("no result for \"DCO\" links to ../glossary/#dco: %q", got)
	}

	for _, pair := range [][2]string{{"co-production", "coproduction"}, {"policies", "policy"}, {"Integrated Care Boards", "integrated care board"}} {
		a, b := searchFor(t, r, pair[0]), searchFor(t, r, pair[1])
		if len(a) == 0 || len(a) != len(b) {
			t.Errorf("%q finds %d results and %q %d; want the same, more than none", pair[0], len(a), pair[1], len(b))
		}
	}

	if got := searchFor(t, r, "Maidstone"); len(got) == 0 || got[0][0] != "Kent and Medway" {
		t.Errorf("first result for \"Maidstone\": %q; want Kent and Medway", got)
	}
}

// testFindYourICBFilter types into the A to Z filter: a name matches from
// the start of one of its words, and when nothing matches, help is shown.
func testFindYourICBFilter(t *testing.T, r *reader) {
	r.open(t, "find-your-icb/", 1280, 900)
	shown := func(name string) bool {
		return eval[bool](t, r, `Array.from(document.querySelectorAll("#la-list li[data-name]")).some(li => li.dataset.name === `+strconv.Quote(name)+` && !li.hidden)`)
	}
	filter := func(text string) {
		t.Helper()
		eval[any](t, r, `(() => { const i = document.getElementById("la-filter"); i.value = `+strconv.Quote(text)+`; i.dispatchEvent(new Event("input")); })()`)
	}
	if err := chromedp.Do(r.ctx, chromedp.WaitVisible(chromedp.CSS("#la-filter"))); err != nil {
		t.Fatal(err)
	}
	filter("hull")
	if hull, soli := shown("Kingston upon Hull, City of"), shown("Solihull"); !hull || soli {
		t.Errorf(`"hull": Kingston upon Hull shown %v, Solihull shown %v; want true, false`, hull, soli)
	}
	filter("zzq")
	if err := browsertest.WaitJS(r.ctx, `!document.getElementById("la-filter-help").hidden && document.querySelector(".az").hidden`, 5*time.Second); err != nil {
		t.Errorf("no help shown (and the A to Z letters not hidden) when nothing matches: %v", err)
	}
	if count := eval[string](t, r, `document.getElementById("la-filter-count").textContent`); !strings.Contains(count, "No council matches") {
		t.Errorf("count when nothing matches: %q", count)
	}
}

// testRegionFilter chooses a region above the ICB table: the choice goes
// into the address and is kept on reload, and the caption and a status
// message give the number of ICBs shown.
func testRegionFilter(t *testing.T, r *reader) {
	const rows = `Array.from(document.querySelectorAll("#icb-table tbody tr")).filter(tr => !tr.hidden).length`
	r.open(t, "icbs/", 1280, 900)
	eval[any](t, r, `(() => { const s = document.getElementById("region-filter"); s.value = "london"; s.dispatchEvent(new Event("change")); })()`)
	if got := eval[string](t, r, `location.search`); got != "?region=london" {
		t.Errorf("address after choosing London: %q, want ?region=london", got)
	}
	n := eval[int](t, r, rows)
	if n < 1 || n >= 42 {
		t.Fatalf("%d rows shown for London", n)
	}
	status := eval[string](t, r, `document.getElementById("region-filter-count").textContent`)
	caption := eval[string](t, r, `document.getElementById("icb-table-caption").textContent`)
	if !strings.Contains(status, "Showing "+strconv.Itoa(n)+" of 42") || !strings.HasPrefix(caption, strconv.Itoa(n)+" Integrated Care Boards in London") {
		t.Errorf("%d rows shown, but the status says %q and the caption %q", n, status, caption)
	}
	// Reloaded (or shared), the address shows the same region.
	if err := chromedp.Do(r.ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#region-filter"))); err != nil {
		t.Fatal(err)
	}
	if again, value := eval[int](t, r, rows), eval[string](t, r, `document.getElementById("region-filter").value`); again != n || value != "london" {
		t.Errorf("after a reload: %d rows and region %q; want %d and london", again, value, n)
	}
}

// testFurnitureTargets checks on a phone that the links of the page
// furniture (the menu, breadcrumbs, contents lists, "back to top" and the
// footer's links) have text of at least 16 px and are at least 44 px tall,
// as GOV.UK and NHS.UK ask; and on a wide screen that the side navigation's
// text is at least 16 px.
func testFurnitureTargets(t *testing.T, r *reader) {
	const measure = `Array.from(document.querySelectorAll(%q))
		.filter(e => e.checkVisibility())
		.map(e => ({text: e.textContent.trim(), size: parseFloat(getComputedStyle(e).fontSize), height: e.getBoundingClientRect().height}))`
	type target struct {
		Text   string  `json:"text"`
		Size   float64 `json:"size"`
		Height float64 `json:"height"`
	}
	const phone = ".menu-button, .menu-nav a, .breadcrumbs a, .toc a, .back-to-top a, .footer-links a"
	for _, page := range samplePages(t, siteDir(t)) {
		r.open(t, page, phoneWidth, phoneHeight)
		eval[bool](t, r, `document.querySelector("details.menu").open = true`)
		got := eval[[]target](t, r, fmt.Sprintf(measure, phone))
		if len(got) < 10 {
			t.Errorf("/%s: only %d furniture links on a phone", page, len(got))
		}
		for _, g := range got {
			if g.Size < 16 || g.Height < 44 {
				t.Errorf("/%s at %d px: %q is %.1f px text in a %.1f px tall target; want at least 16 and 44", page, phoneWidth, g.Text, g.Size, g.Height)
			}
		}
	}
	r.open(t, "explainers/integrated-care-boards/", 1280, 900)
	got := eval[[]target](t, r, fmt.Sprintf(measure, ".sidenav a"))
	if len(got) < 10 {
		t.Errorf("only %d side navigation links at 1280 px", len(got))
	}
	for _, g := range got {
		if g.Size < 16 {
			t.Errorf("side navigation link %q has %.1f px text; want at least 16", g.Text, g.Size)
		}
	}
}

// testCodesExplained checks that where an ICB or region page shows an ODS
// code, an ONS code or a number of sub-ICB locations, a plain sentence
// under it says what it is and links to the glossary entry.
func testCodesExplained(t *testing.T, r *reader) {
	dir := siteDir(t)
	for _, page := range []string{"icbs/*/index.html", "regions/*/index.html"} {
		m, _ := filepath.Glob(filepath.Join(dir, page))
		if len(m) == 0 {
			t.Fatalf("no page matches %s", page)
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(m[0]))
		r.open(t, filepath.ToSlash(rel)+"/", phoneWidth, phoneHeight)
		got := eval[[]string](t, r, `Array.from(document.querySelectorAll(".facts dt"))
			.filter(dt => /ODS code|ONS code|sub-ICB/.test(dt.textContent))
			.map(dt => { const a = dt.nextElementSibling.querySelector(".fact-hint a[href*='glossary/']");
				return dt.textContent + " => " + (a ? a.hash : "no glossary link") })`)
		want := 2
		if strings.HasPrefix(rel, "icbs") {
			want = 3
		}
		if len(got) != want {
			t.Errorf("/%s: %d codes shown (%v), want %d", rel, len(got), got, want)
		}
		for _, g := range got {
			if !strings.Contains(g, "=> #") {
				t.Errorf("/%s: %s", rel, g)
			}
		}
	}
}

// testICBMap checks the map of every ICB on icbs/: it follows the table,
// is smaller than half a desktop screen with its key beside it, each
// number on it lies in the area of the ICB the key names for it, and the
// key accounts for all 42 ICBs.
func testICBMap(t *testing.T, r *reader) {
	r.open(t, "icbs/", 1280, 900)
	type result struct {
		After    bool     `json:"after"`
		Height   float64  `json:"height"`
		Beside   bool     `json:"beside"`
		Numbered int      `json:"numbered"`
		Rest     string   `json:"rest"`
		Wrong    []string `json:"wrong"`
	}
	got := eval[result](t, r, `(() => {
		const map = document.querySelector("svg.england-map"), table = document.getElementById("icb-table");
		const key = Array.from(document.querySelectorAll(".map-key li")).map(li => li.textContent.trim());
		map.scrollIntoView();
		const m = map.getBoundingClientRect(), k = document.querySelector(".map-key").getBoundingClientRect();
		const wrong = [];
		for (const label of map.querySelectorAll(".icb-labels text")) {
			const b = label.getBoundingClientRect();
			const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
			const a = hit && hit.closest("a");
			const name = a ? a.querySelector("title").textContent : "nothing";
			if (name !== key[Number(label.textContent) - 1]) wrong.push(label.textContent + " is on " + name + ", the key says " + key[Number(label.textContent) - 1]);
		}
		return {
			after: !!(table.compareDocumentPosition(map) & Node.DOCUMENT_POSITION_FOLLOWING),
			height: m.height, beside: k.left >= m.right && k.top < m.bottom,
			numbered: key.length, rest: (document.querySelector(".map-key ol + p") || {}).textContent || "", wrong,
		};
	})()`)
	if !got.After {
		t.Error("the map comes before the table")
	}
	if got.Height > 450 || !got.Beside {
		t.Errorf("at 1280x900 the map is %.0f px tall and its key beside it %v; want at most 450 and true", got.Height, got.Beside)
	}
	for _, w := range got.Wrong {
		t.Error(w)
	}
	rest := 0
	if got.Rest != "" {
		rest = strings.Count(got.Rest, ",") + 1
	}
	if got.Numbered < 30 || got.Numbered+rest != 42 {
		t.Errorf("the key numbers %d ICBs and lists %d as too small (%q); want most of the 42, all accounted for", got.Numbered, rest, got.Rest)
	}
}
