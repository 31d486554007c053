package preview

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
)

// TestReloadInBrowser opens a page, edits its file and waits for the page
// to show the change by itself; breaks it and sees the overlay; fixes it and
// sees the overlay go. It logs the save-to-reload times.
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

	write(t, page, "---\ntitle: [broken\n---\n")
	waitFor(`!!document.querySelector(".preview-errors") && document.querySelector(".preview-errors").innerText.includes("content/guide/page.md:2")`)
	write(t, page, "---\ntitle: A page\n---\nMended.\n")
	waitFor(`!document.querySelector(".preview-errors") && document.body.innerText.includes("Mended.")`)
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
