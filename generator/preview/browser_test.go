package preview

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"icsguide/generator/corpus"
	"icsguide/generator/internal/browsertest"
	"icsguide/generator/internal/testsite"
)

// TestReloadInBrowser opens a page, edits its file and waits for the page
// to show the change by itself, in place (the page is not loaded again, and
// the site's script has run over the new body); edits its title; breaks it
// and sees the overlay; fixes it and sees the overlay go; changes a
// stylesheet link and sees the whole page load again. It logs the
// save-to-reload times.
func TestReloadInBrowser(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	st := start(t)
	dir, srv := st.dir, st.srv
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	page := filepath.Join(dir, "content/guide/page.md")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/guide/page/"), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
		t.Fatal(err)
	}
	waitFor := func(js string) {
		t.Helper()
		if err := browsertest.WaitJS(ctx, js, 10*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	// Let the page open its event stream before the first edit.
	waitFor(`performance.getEntriesByType("resource").some(e => e.name.includes("events")) || document.readyState === "complete"`)
	time.Sleep(200 * time.Millisecond)

	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.samePage = true`)); err != nil {
		t.Fatal(err)
	}
	var times []time.Duration
	for i := 0; i < 5; i++ {
		text := "Edit number " + string(rune('A'+i))
		start := time.Now()
		write(t, page, "---\ntitle: A page\n---\n"+text+"\n")
		waitFor(`document.body.innerText.includes("` + text + `")`)
		times = append(times, time.Since(start))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	t.Logf("save to reload: median %v, min %v, max %v", times[len(times)/2], times[0], times[len(times)-1])
	// In place: the same page, with the site's script run over the new body
	// (it fills in the date of the line printed at the top).
	waitFor(`window.samePage === true && document.querySelector(".print-date").textContent.startsWith(", on ")`)
	write(t, page, "---\ntitle: A new title\n---\nRetitled.\n")
	waitFor(`document.title.startsWith("A new title") && document.body.innerText.includes("Retitled.") && window.samePage === true`)

	write(t, page, "---\ntitle: [broken\n---\n")
	waitFor(`!!document.querySelector(".preview-errors") && document.querySelector(".preview-errors").innerText.includes("content/guide/page.md:2")`)
	write(t, page, "---\ntitle: A page\n---\nMended.\n")
	waitFor(`!document.querySelector(".preview-errors") && document.body.innerText.includes("Mended.")`)
	// A new stylesheet changes the head: the whole page loads again.
	base := filepath.Join(dir, "layouts/base.html")
	layout, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "layouts/assets/extra.css"), "main{}")
	write(t, base, strings.Replace(string(layout), "</head>", `<link rel="stylesheet" href="{{.Link "assets/extra.css"}}"></head>`, 1))
	waitFor(`window.samePage === undefined && !!document.querySelector('link[href$="assets/extra.css"]') && document.body.innerText.includes("Mended.")`)
	if err := os.Remove(filepath.Join(dir, "content/guide/page.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(`document.body.innerText.includes("Page not found")`)
	for _, m := range console.Take() {
		if !strings.Contains(m, "404") && !strings.Contains(m, "EventSource") {
			t.Errorf("console error: %s", m)
		}
	}
}

// BenchmarkSaveToReload measures, in Chromium, the time from saving a page
// of a 1,000-page site to the open tab showing the new text, over 20 saves.
// The page notes the time itself (see shownAt), so the test's polling adds
// nothing. Run it with -benchtime=1x; it reports the minimum, median and
// maximum.
func BenchmarkSaveToReload(b *testing.B) {
	ctx, _ := browsertest.Browser(b)
	dir := b.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: 1000, Organisations: 42, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	testsite.CopyTree(b, filepath.Join("..", "..", "layouts"), filepath.Join(dir, "layouts"))
	_, srv := serve(b, dir)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	rel := "content/section-03/topic-04/page-0002.md"
	file := filepath.Join(dir, filepath.FromSlash(rel))
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	url := srv.URL + "/section-03/topic-04/page-0002/"
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: shownAt}); err != nil {
		b.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
		b.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the event stream is open
	var times []time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		times = times[:0]
		for i := 0; i < 20; i++ {
			text := fmt.Sprintf("Saved edit %d-%d", n, i)
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`sessionStorage.setItem("bench-want", "`+text+`"), true`)); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if err := os.WriteFile(file, append(append([]byte(nil), orig...), "\n"+text+"\n"...), 0o644); err != nil {
				b.Fatal(err)
			}
			seen := `sessionStorage.getItem("bench-shown:` + text + `")`
			if err := browsertest.WaitJS(ctx, seen+` !== null`, 10*time.Second); err != nil {
				b.Fatal(err)
			}
			at, err := chromedp.Run(ctx, chromedp.Evaluate[string](seen))
			if err != nil {
				b.Fatal(err)
			}
			ms, err := strconv.ParseInt(at, 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			times = append(times, time.UnixMilli(ms).Sub(start))
			time.Sleep(100 * time.Millisecond) // let the page settle, as an editor would
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(times[0]), "min-ms")
	b.ReportMetric(ms(times[len(times)/2]), "median-ms")
	b.ReportMetric(ms(times[len(times)-1]), "max-ms")
	b.ReportMetric(0, "ns/op")
}

// shownAt runs in every page the benchmark's tab opens. At every frame it
// looks for the text the benchmark waits for; when the text is there, it
// notes the time just after that frame is drawn (in a task queued from the
// frame's callback), in milliseconds since 1970, as Go's clock counts them.
const shownAt = `(function () {
  function frame() {
    var want = sessionStorage.getItem("bench-want");
    if (want && document.body && document.body.textContent.indexOf(want) >= 0 &&
        sessionStorage.getItem("bench-shown:" + want) === null) {
      setTimeout(function () {
        if (sessionStorage.getItem("bench-shown:" + want) === null) {
          sessionStorage.setItem("bench-shown:" + want, String(Date.now()));
        }
      }, 0);
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();`
