package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
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
	icbs, _ := filepath.Glob(filepath.Join(dir, "icbs", "*", "index.html"))
	if len(icbs) == 0 {
		t.Fatal("no ICB pages")
	}
	icb := filepath.Base(filepath.Dir(icbs[0]))
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
