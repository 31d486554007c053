package main

// Tests of the reader's route, the notes on ICB pages, trust and deploying.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
	"icsguide/generator/internal/testsite"
)

// TestDeployWarning: without --base-url the build says what that costs and
// the 404 page links from the root of the domain; with it, no warning and
// the 404 page links from the published address.
func TestDeployWarning(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		warn    bool
		css404  string
		sitemap bool
	}{
		{"no base URL", nil, true, `href="/assets/site.css"`, false},
		{"base URL", []string{"--base-url", "https://example.org/guide/"}, false, `href="https://example.org/guide/assets/site.css"`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := siteFromTxtar(t, "testdata/good/basic.txtar")
			out := filepath.Join(t.TempDir(), "public")
			code, _, stderr := runCLI(append([]string{"build", "--source", dir, "--out", out}, tc.args...)...)
			if code != 0 {
				t.Fatalf("build failed:\n%s", stderr)
			}
			for _, w := range []string{"warning: no --base-url", "404.html", "sitemap.xml", "feed.xml"} {
				if got := strings.Contains(stderr, w); got != tc.warn {
					t.Errorf("warning mentions %q: %v, want %v\n%s", w, got, tc.warn, stderr)
				}
			}
			if nf := readOut(t, out, "404.html"); !strings.Contains(nf, tc.css404) {
				t.Errorf("404.html lacks %s", tc.css404)
			}
			if _, err := os.Stat(filepath.Join(out, "sitemap.xml")); (err == nil) != tc.sitemap {
				t.Errorf("sitemap.xml made: %v, want %v", err == nil, tc.sitemap)
			}
		})
	}
}

// TestFooterContact: the footer of every page names the publisher and the
// contact route from site.yaml, and says plainly when they are not set.
func TestFooterContact(t *testing.T) {
	tests := []struct {
		name     string
		settings string
		want     []string
		not      []string
	}{
		{"not set", "", []string{
			"The publisher of this guide has not been named yet.",
			"No contact address has been set yet",
			`href="../../privacy/"`,
		}, []string{"mailto:", "Give feedback"}},
		{"email", "publisher: The Example Trust\ncontact_email: guide@example.org\n", []string{
			"This guide is published by The Example Trust.",
			`<a href="mailto:guide@example.org">guide@example.org</a>`,
			`href="mailto:guide@example.org?subject=Feedback%20on%20the%20guide">Give feedback on this page or report a problem</a>`,
		}, []string{"not been named", "No contact address"}},
		{"web page", "publisher: The Example Trust\ncontact_url: https://example.org/contact\n", []string{
			`<a href="https://example.org/contact">Contact the publisher`,
			`<a href="https://example.org/contact">Give feedback on this page or report a problem</a>`,
		}, []string{"mailto:", "No contact address"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := siteFromTxtar(t, "testdata/good/basic.txtar")
			writeFile(t, filepath.Join(dir, "content/privacy.md"), "---\ntitle: Privacy\n---\nNothing is kept.\n")
			settings := "title: Test guide\nshort_name: test-guide\n" + tc.settings
			writeFile(t, filepath.Join(dir, "content/site.yaml"), settings)
			if code, _, stderr := runCLI("build", "--source", dir); code != 0 {
				t.Fatalf("build failed:\n%s", stderr)
			}
			page := readOut(t, filepath.Join(dir, "public"), "guide/first/index.html")
			footer := page[strings.Index(page, "<footer"):]
			for _, w := range tc.want {
				if !strings.Contains(footer, w) {
					t.Errorf("footer lacks %s\n%s", w, footer)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(footer, w) {
					t.Errorf("footer has %s", w)
				}
			}
		})
	}
}

func writeFile(t *testing.T, p, data string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// staticHost serves a built site as GitHub Pages, Netlify and S3 do: a
// file, a folder's index.html, and for any other address 404.html with the
// status 404, at the address that was asked for.
func staticHost(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		if fi, err := os.Stat(p); err == nil && (!fi.IsDir() || browsertest.FileExists(filepath.Join(p, "index.html"))) {
			files.ServeHTTP(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join(dir, "404.html"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(data)
	})
}

// TestNotFoundAtAnyDepth opens missing addresses at several depths of the
// site built without --base-url: the 404 page is styled, loads without
// errors, and every link on it leads to a page that exists.
func TestNotFoundAtAnyDepth(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	dir := siteDir(t)
	srv := httptest.NewServer(staticHost(dir))
	defer srv.Close()
	icb := firstICB(t, dir)
	for _, missing := range []string{"/no-such-page", "/icbs/" + icb + "/typo/", "/explainers/a/b/c/d"} {
		t.Run(missing, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+missing), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
				t.Fatal(err)
			}
			h1, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("h1").textContent`))
			if err != nil || h1 != "Page not found" {
				t.Fatalf("h1 %q, %v", h1, err)
			}
			// The stylesheet applies: the header has its brand colour.
			bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".site-header")).backgroundColor`))
			if err != nil || bg == "" || bg == "rgba(0, 0, 0, 0)" {
				t.Errorf("the 404 page at %s is unstyled (header background %q, %v)", missing, bg, err)
			}
			links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("a[href]:not([href^='#']), link[href], script[src]"), e => e.href || e.src).filter(u => u.startsWith(location.origin))`))
			if err != nil || len(links) < 5 {
				t.Fatalf("links on the 404 page: %v, %v", links, err)
			}
			for _, u := range links {
				u, _, _ = strings.Cut(u, "#")
				resp, err := http.Get(u)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("the 404 page at %s links to %s, which gives %d", missing, u, resp.StatusCode)
				}
			}
			for _, m := range console.Take() {
				if !strings.Contains(m, missing) || !strings.Contains(m, "404") {
					t.Errorf("console error: %s", m)
				}
			}
		})
	}
}

// TestStepByStepRoute follows the step-by-step route from the top of the
// home page and from an ICB page, and each step's link to its place.
func TestStepByStepRoute(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	dir := siteDir(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	icb := firstICB(t, dir)
	for _, start := range []struct{ page, link string }{
		{"/", ".step-start h2 a"},
		{"/icbs/" + icb + "/", ".part-of a"},
		{"/icbs/" + icb + "/", ".what-to-do .step-list li:nth-child(4) a"},
	} {
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+start.page),
			chromedp.WaitReady(chromedp.CSS("body")),
		)
		if err != nil {
			t.Fatal(err)
		}
		// The route is near the top: before the page's second h2.
		early, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const link = document.querySelector(`+jsString(start.link)+`);
			const h2s = document.querySelectorAll("main h2:not(.toc-title)");
			return !!link && (h2s.length < 2 || !!(link.compareDocumentPosition(h2s[1]) & Node.DOCUMENT_POSITION_FOLLOWING));
		})()`))
		if err != nil || !early {
			t.Errorf("%s: %s is missing or not near the top (%v)", start.page, start.link, err)
			continue
		}
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(start.link)), chromedp.WaitReady(chromedp.CSS("article.step-by-step")))
		if err != nil {
			t.Errorf("%s: following %s: %v", start.page, start.link, err)
			continue
		}
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.pathname.endsWith("/step-by-step/") && document.querySelectorAll(".step-nav > ol > li > .heading h2").length === 5 && (!location.hash || !!document.getElementById(location.hash.slice(1)))`))
		if err != nil || !ok {
			t.Errorf("%s: %s did not lead to the five steps (%v)", start.page, start.link, err)
		}
	}
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}

// firstICB returns the slug of the first ICB page of the built site.
func firstICB(t *testing.T, dir string) string {
	t.Helper()
	icbs, _ := filepath.Glob(filepath.Join(dir, "icbs", "*", "index.html"))
	if len(icbs) == 0 {
		t.Fatal("no ICB pages")
	}
	return filepath.Base(filepath.Dir(icbs[0]))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestMyNotes ticks questions on an ICB page, downloads the list as a
// spreadsheet and as a text file and reads them, then clears all ticks,
// undoes that, and clears them for good.
func TestMyNotes(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	dir := siteDir(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	icb := firstICB(t, dir)
	downloads := t.TempDir()
	if _, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
	}); err != nil {
		t.Fatal(err)
	}
	page := srv.URL + "/icbs/" + icb + "/"
	err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS(".my-checklist-actions")),
	)
	if err != nil {
		t.Fatal(err)
	}
	words, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[document.querySelector(".my-checklist-nojs").hidden, document.querySelector(".my-checklist-js").hidden]`))
	if err != nil || len(words) != 2 || !words[0] || words[1] {
		t.Errorf("with JavaScript and storage, the sentence saying ticks are kept should replace the one saying they are lost: hidden %v (%v)", words, err)
	}
	name, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("h1").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	total, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("form.my-checklist input[type=checkbox]").length`))
	if err != nil || total < 10 {
		t.Fatalf("%d tick boxes (%v)", total, err)
	}
	boxes := `form.my-checklist input[type=checkbox]`
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.my-checklist fieldset:nth-of-type(1) .tick:nth-of-type(1) input`)),
		chromedp.Click(chromedp.CSS(`form.my-checklist fieldset:nth-of-type(2) .tick:nth-of-type(2) input`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `document.querySelector(".my-checklist-status").textContent === "2 of `+strconv.Itoa(total)+` ticked. Saved in this browser."`, 5*time.Second); err != nil {
		t.Errorf("no saved confirmation: %v", err)
	}
	ticked, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("`+boxes+`:checked"), b => b.labels[0].textContent.trim())`))
	if err != nil || len(ticked) != 2 {
		t.Fatalf("ticked %v (%v)", ticked, err)
	}

	// The spreadsheet: one row per question, the ICB's name and the date
	// on every row, the two ticked questions marked yes.
	csvFile := download(t, ctx, downloads, `a[data-export="csv"]`, icb+"-checklist-", ".csv")
	date := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(csvFile), icb+"-checklist-"), ".csv")
	day, err := time.Parse("2006-01-02", date)
	if err != nil {
		t.Fatalf("the file name %s does not end with the date: %v", filepath.Base(csvFile), err)
	}
	data, _ := os.ReadFile(csvFile)
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Error("the CSV has no byte order mark, so spreadsheets may not read it as UTF-8")
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != total+1 || strings.Join(records[0], ",") != "ICB,Date,Area,Question,Status recorded by the guide,Ticked,Item id" {
		t.Fatalf("%d rows, header %v", len(records), records[0])
	}
	var yes []string
	for _, r := range records[1:] {
		if r[0] != name || r[1] != date || r[4] == "" {
			t.Errorf("row %v: want the ICB %q, the date %s and a status", r, name, date)
		}
		if r[5] == "yes" {
			yes = append(yes, r[3])
		}
	}
	if strings.Join(yes, "|") != strings.Join(ticked, "|") {
		t.Errorf("ticked in the CSV: %q, want %q", yes, ticked)
	}

	// The text file: the ICB's name, the date and the page, then the list.
	txtFile := download(t, ctx, downloads, `a[data-export="txt"]`, icb+"-checklist-", ".txt")
	text, _ := os.ReadFile(txtFile)
	for _, want := range []string{
		name + ": my checklist\r\n",
		"Made on " + day.Format("2 January 2006") + " from " + page + "\r\n",
		"Ticked: 2 of " + strconv.Itoa(total) + "\r\n",
		"[x] " + ticked[0] + "\r\n", "[x] " + ticked[1] + "\r\n",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the text file lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(string(text), "[ ] "); n != total-2 {
		t.Errorf("%d unticked questions in the text file, want %d", n, total-2)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('a[data-export="csv"]').getAttribute("href")`))
	if err != nil || href != "#my-notes" {
		t.Errorf("after a download the link's address is %q, want it unchanged (%v)", href, err)
	}

	// Clear all ticks, undo, clear again: nothing is left after a reload.
	count := `document.querySelectorAll("` + boxes + `:checked").length`
	steps := []struct {
		click, status string
		checked       int
	}{
		{"[data-clear-ticks]", "All 2 ticks cleared.", 0},
		{".my-checklist-actions button:not([data-clear-ticks])", "2 of " + strconv.Itoa(total) + " ticked. Saved in this browser.", 2},
		{"[data-clear-ticks]", "All 2 ticks cleared.", 0},
		{"[data-clear-ticks]", "There are no ticks to clear.", 0},
	}
	for _, s := range steps {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(s.click))); err != nil {
			t.Fatalf("clicking %s: %v", s.click, err)
		}
		if err := browsertest.WaitJS(ctx, count+` === `+strconv.Itoa(s.checked)+` && document.querySelector(".my-checklist-status").textContent === `+jsString(s.status), 5*time.Second); err != nil {
			t.Errorf("after %s: %v", s.click, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".my-checklist-actions"))); err != nil {
		t.Fatal(err)
	}
	left, err := chromedp.Run(ctx, chromedp.Evaluate[int](count))
	if err != nil || left != 0 {
		t.Errorf("%d ticks came back after clearing and a reload (%v)", left, err)
	}
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}

// download clicks a link and waits for the file it saves, whose name has
// the given prefix and suffix.
func download(t *testing.T, ctx context.Context, dir, link, prefix, suffix string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(link))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		m, _ := filepath.Glob(filepath.Join(dir, prefix+"*"+suffix))
		if len(m) == 1 {
			if data, err := os.ReadFile(m[0]); err == nil && len(data) > 0 {
				return m[0]
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("clicking %s saved no file %s...%s", link, prefix, suffix)
	return ""
}

// TestICBPageReadsWell builds the guide with one ICB's editors' record
// filled in: that page links what it has published and shows each
// question's status beside its tick box; the other pages say once, in an
// inset, that nothing is recorded, instead of a status per question. Every
// page says without JavaScript that ticks are not kept, and lists each
// council once.
func TestICBPageReadsWell(t *testing.T) {
	dir := t.TempDir()
	testsite.CopySite(t, "..", dir)
	writeFile(t, filepath.Join(dir, "content/organisations/icbs/QKS.yaml"), `website: https://www.example.org/icb
assessments:
  strategy.forward-plan:
    status: in-progress
    evidence: https://www.example.org/plan
    date: 2026-01-31
`)
	out := filepath.Join(dir, "public")
	if code, _, stderr := runCLI("build", "--source", dir, "--out", out); code != 0 {
		t.Fatalf("build failed:\n%s", stderr)
	}
	const inset = "Nothing has been recorded yet about what this ICB has decided"
	kent := readOut(t, out, "icbs/kent-and-medway/index.html")
	other := readOut(t, out, "icbs/"+firstICB(t, out)+"/index.html")
	checks := []struct {
		page, want string
		has        bool
	}{
		{kent, `<a href="https://www.example.org/icb">NHS Kent and Medway Integrated Care Board website</a>`, true},
		{kent, `<span class="status status-in-progress">In progress</span>`, true},
		{kent, `<span class="status status-not-assessed">`, true},
		{kent, `<a href="https://www.example.org/plan">Evidence`, true},
		{kent, inset, false},
		{other, inset, true},
		{other, `class="status `, false},
		{other, `We have not yet recorded this ICB’s website`, true},
		{kent, `<p class="my-checklist-nojs">Tick the questions you have found answers to. Your ticks are not kept`, true},
		{kent, `<p class="my-checklist-js" hidden>`, true},
		{kent, `Download as a spreadsheet (CSV)`, true},
		{kent, `Download as a text file`, true},
		{kent, `Clear all ticks`, true},
		{kent, `status-table`, false},
	}
	for _, c := range checks {
		if strings.Contains(c.page, c.want) != c.has {
			t.Errorf("has %q: %v, want %v", c.want, !c.has, c.has)
		}
	}
	if n := strings.Count(kent, ">Medway</a>"); n != 1 {
		t.Errorf("Medway is listed %d times on the Kent and Medway page, want once", n)
	}
	// Useful things first, codes and sources last.
	order := []string{`id="what-to-do"`, `id="published"`, `id="councils"`, `id="questions"`, `id="codes"`, `id="sources-title"`}
	last := -1
	for _, id := range order {
		i := strings.Index(kent, id)
		if i < last {
			t.Errorf("%s comes before the section above it in %v", id, order)
		}
		last = i
	}
}

// TestFindingYourWay: the glossary has an A to Z whose letters lead to
// their terms, with a way back to the top after each letter; the
// explainers page lists each explainer once; the offline copy says when it
// was made.
func TestFindingYourWay(t *testing.T) {
	dir := siteDir(t)
	main := func(page string) string {
		s := readOut(t, dir, page)
		return s[strings.Index(s, "<main"):strings.Index(s, "</main>")]
	}
	glossary := main("glossary/index.html")
	letters := regexp.MustCompile(`<a href="#glossary-([A-Z#])">`).FindAllStringSubmatch(glossary, -1)
	if len(letters) < 10 {
		t.Fatalf("the glossary has %d A to Z links", len(letters))
	}
	for _, l := range letters {
		if !strings.Contains(glossary, `<h2 id="glossary-`+l[1]+`"`) {
			t.Errorf("the glossary's A to Z links to %s, which has no heading", l[1])
		}
	}
	if n := strings.Count(glossary, `<a href="#main">Back to top</a>`); n != len(letters) {
		t.Errorf("%d back to top links for %d letters", n, len(letters))
	}
	// Every explainer is linked from the page, and none both in its text
	// and again in a list of cards.
	explainers := main("explainers/index.html")
	prose, cards := explainers, ""
	if i := strings.Index(explainers, `<ul class="card-list">`); i >= 0 {
		prose, cards = explainers[:i], explainers[i:]
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "explainers", "*", "index.html"))
	for _, p := range pages {
		link := regexp.MustCompile(`href="` + regexp.QuoteMeta(filepath.Base(filepath.Dir(p))) + `/["#]`)
		inProse, inCards := link.MatchString(prose), link.MatchString(cards)
		if inProse == inCards {
			t.Errorf("the explainers page lists %s in its text: %v, and as a card: %v; want exactly one", p, inProse, inCards)
		}
	}
	home, err := os.ReadFile(filepath.Join(unzipOffline(t), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(home, []byte("You are reading the offline copy of this guide, made on "+time.Now().Format("2 January 2006")+".")) {
		t.Error("the offline copy does not say when it was made")
	}
}

// TestOfflineNote: the offline copy links to the live guide when its
// address is known.
func TestOfflineNote(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/good/basic.txtar")
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--source", dir, "--out", out, "--base-url", "https://example.org/guide/"); code != 0 {
		t.Fatalf("build failed:\n%s", stderr)
	}
	zr, err := zip.OpenReader(filepath.Join(out, "download", "test-guide-offline.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open("test-guide-offline/index.html")
	if err != nil {
		t.Fatal(err)
	}
	home, _ := io.ReadAll(f)
	f.Close()
	if want := `The latest version is at <a href="https://example.org/guide/">https://example.org/guide/</a>.`; !bytes.Contains(home, []byte(want)) {
		t.Errorf("the offline home page lacks %s", want)
	}
}
