package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
)

var (
	linkRE = regexp.MustCompile(` (?:href|src|action)="([^"]*)"`)
	idRE   = regexp.MustCompile(` id="([^"]*)"`)
)

// checkLinks checks every relative link in every HTML file under dir: the
// file it names exists and the #anchor is an id in it. With offline set, a
// link may not name a folder: it must name the file (index.html).
func checkLinks(t *testing.T, dir string, offline bool) int {
	t.Helper()
	ids := map[string]map[string]bool{}
	idsOf := func(file string) map[string]bool {
		if m, ok := ids[file]; ok {
			return m
		}
		m := map[string]bool{}
		data, _ := os.ReadFile(file)
		for _, sub := range idRE.FindAllSubmatch(data, -1) {
			m[string(sub[1])] = true
		}
		ids[file] = m
		return m
	}
	checked := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		for _, sub := range linkRE.FindAllSubmatch(data, -1) {
			link := string(bytes.ReplaceAll(sub[1], []byte("&amp;"), []byte("&")))
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: bad link %q", rel, link)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue
			}
			if strings.HasPrefix(u.Path, "/") {
				if rel != "404.html" {
					t.Errorf("%s: link %q is not relative", rel, link)
				}
				continue
			}
			target := p
			if u.Path != "" {
				target = filepath.Join(filepath.Dir(p), filepath.FromSlash(u.Path))
				if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
					if offline {
						t.Errorf("%s: link %q names a folder; offline it must name index.html", rel, link)
					}
					target = filepath.Join(target, "index.html")
				}
			}
			checked++
			fi, err := os.Stat(target)
			if err != nil || fi.IsDir() {
				t.Errorf("%s: link %q leads to nothing", rel, link)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
				t.Errorf("%s: link %q: no id %q there", rel, link, u.Fragment)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return checked
}

// TestSiteLinks checks every relative link and anchor of the built site.
func TestSiteLinks(t *testing.T) {
	n := checkLinks(t, siteDir(t), false)
	t.Logf("%d links checked", n)
}

// unzipOffline unpacks the built site's offline ZIP into a new folder and
// returns the folder holding its index.html.
func unzipOffline(t *testing.T) string {
	t.Helper()
	zips, _ := filepath.Glob(filepath.Join(siteDir(t), "download", "*.zip"))
	if len(zips) != 1 {
		t.Fatalf("want one ZIP in download/, found %v", zips)
	}
	zr, err := zip.OpenReader(zips[0])
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	dir := t.TempDir()
	root := ""
	for _, f := range zr.File {
		if f.Modified.Year() != 2000 {
			t.Fatalf("%s: date %v is not the fixed date", f.Name, f.Modified)
		}
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			t.Fatalf("unsafe name %q", f.Name)
		}
		if strings.HasSuffix(f.Name, "/index.html") && strings.Count(f.Name, "/") == 1 {
			root = filepath.Join(dir, filepath.Dir(f.Name))
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if root == "" {
		t.Fatal("the ZIP has no top-level index.html")
	}
	return root
}

// TestOfflineZip checks the unpacked ZIP: every link names a file that is
// there, every anchor exists, and the pages say they are the offline copy.
func TestOfflineZip(t *testing.T) {
	root := unzipOffline(t)
	n := checkLinks(t, root, true)
	t.Logf("%d links checked in the offline copy", n)
	home, err := os.ReadFile(filepath.Join(root, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(home, []byte("offline copy")) || bytes.Contains(home, []byte(".zip")) {
		t.Error("the offline home page should say it is the offline copy and not link to the ZIP")
	}
}

// TestOfflineInBrowser opens the unpacked ZIP from the file system: follows
// a link, searches, and ticks an ICB checklist item that stays ticked after
// a reload.
func TestOfflineInBrowser(t *testing.T) {
	root := unzipOffline(t)
	ctx, console := browsertest.Browser(t)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	base := "file://" + filepath.ToSlash(root) + "/"

	// Follow the first link to the glossary from the home page.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"index.html"),
		chromedp.WaitReady(chromedp.CSS("body")),
		chromedp.Click(chromedp.CSS(`footer a[href$="glossary/index.html"]`)),
		chromedp.WaitVisible(chromedp.CSS("dl.glossary")),
	)
	if err != nil {
		t.Fatalf("following a link offline: %v", err)
	}

	// Search from the address, as the header form does.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/index.html?q=integrated+care")); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `document.querySelectorAll("#search-results a").length > 0`, 10*time.Second); err != nil {
		t.Fatalf("offline search found nothing: %v", err)
	}
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results mark").length`))
	if err != nil || marks == 0 {
		t.Errorf("search results do not highlight the words: %v", err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#search-results a").getAttribute("href")`))
	if err != nil || !strings.HasSuffix(strings.SplitN(href, "#", 2)[0], ".html") {
		t.Errorf("offline search result link %q should name an .html file (%v)", href, err)
	}

	// A page whose title matches ranks first; a query that matches nothing says so.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/index.html?q=gloss")); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `(document.querySelector("#search-results li a") || {}).textContent === "Glossary"`, 10*time.Second); err != nil {
		t.Errorf("the Glossary page is not the first result for a prefix of its title: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/index.html?q=zzzqqq")); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `document.querySelector("#search-results").textContent.includes("No pages match")`, 10*time.Second); err != nil {
		t.Errorf("no plain message when nothing matches: %v", err)
	}

	// Tick an item on an ICB page; it is still ticked after a reload.
	icbs, _ := filepath.Glob(filepath.Join(root, "icbs", "*", "index.html"))
	if len(icbs) == 0 {
		t.Fatal("no ICB pages in the offline copy")
	}
	page := "file://" + filepath.ToSlash(icbs[0])
	err = chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitReady(chromedp.CSS("form.my-checklist")),
		chromedp.Click(chromedp.CSS(`form.my-checklist input[type=checkbox]`)),
		chromedp.Reload(),
		chromedp.WaitReady(chromedp.CSS("form.my-checklist")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `document.querySelector("form.my-checklist input[type=checkbox]").checked`, 5*time.Second); err != nil {
		t.Errorf("the ticked item was not kept after a reload: %v", err)
	}
	testLocatorMapOffline(t, ctx, page)
	for _, m := range console.Take() {
		t.Errorf("console error offline: %s", m)
	}
}
