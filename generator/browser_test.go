package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
)

// Paths of the test tools that .ci/run installs with npm.
var (
	axePath = browsertest.Tool("..", "axe")
	vnuPath = browsertest.Tool("..", "vnu")
)

// builtRoot is the folder of the built site, removed by TestMain.
var builtRoot string

// builtSite builds the repository's own site once per test binary.
var builtSite = sync.OnceValues(func() (string, error) {
	root, err := os.MkdirTemp("", "site-")
	if err != nil {
		return "", err
	}
	builtRoot = root
	out := filepath.Join(root, "public")
	var so, se strings.Builder
	if code := run([]string{"build", "--source", "..", "--out", out}, &so, &se); code != 0 {
		return "", fmt.Errorf("build failed:\n%s", se.String())
	}
	return out, nil
})

func siteDir(t *testing.T) string {
	t.Helper()
	dir, err := builtSite()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// pageTypes are one page of every kind the site has.
var pageTypes = []string{
	"", "explainers/", "explainers/integrated-care-boards/", "checklists/", "checklists/strategy/",
	"glossary/", "icbs/", "regions/", "find-your-icb/", "search/", "print/", "accessibility/", "privacy/", "send-data/",
	"step-by-step/",
}

// samplePages adds one ICB page and one region page, found in the output.
func samplePages(t *testing.T, dir string) []string {
	pages := append([]string(nil), pageTypes...)
	for _, glob := range []string{"icbs/*/index.html", "regions/*/index.html"} {
		m, _ := filepath.Glob(filepath.Join(dir, glob))
		if len(m) == 0 {
			t.Errorf("no page matches %s", glob)
			continue
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(m[0]))
		pages = append(pages, filepath.ToSlash(rel)+"/")
	}
	return pages
}

type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
}

// TestAccessibility runs axe-core's WCAG 2.2 A and AA rules on every page
// type, and checks the pages break no Content-Security-Policy rule and log
// no errors. (TestMenuButton runs them on a phone with the menu open.)
func TestAccessibility(t *testing.T) {
	axe := readAxe(t)
	ctx, console := browsertest.Browser(t)
	dir := siteDir(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	for _, page := range samplePages(t, dir) {
		t.Run("/"+page, func(t *testing.T) {
			testAxe(t, ctx, console, axe, 1200, srv.URL+"/"+page)
		})
	}
}

// readAxe reads axe-core, or skips the test without it (fails it in CI).
func readAxe(t *testing.T) []byte {
	t.Helper()
	browsertest.Need(t, "axe-core", "npm ci --prefix .ci", browsertest.FileExists(axePath))
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	return axe
}

// testAxe runs axe-core on the page at url in a window width pixels wide,
// with every <details> open (the phone menu among them).
func testAxe(t *testing.T, ctx context.Context, console *browsertest.Console, axe []byte, width int64, url string) {
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, 900),
		chromedp.Navigate(url),
		chromedp.WaitReady(chromedp.CSS("body")),
	)
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelectorAll("details").forEach(d => { d.open = true; })`))
	}
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[any](string(axe), chromedp.EvalIgnoreExceptions))
	}
	var raw string
	if err == nil {
		raw, err = chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa"]}}).then(r => JSON.stringify(r))`, chromedp.EvalAwaitPromise))
	}
	if err != nil {
		t.Fatal(err)
	}
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatal(err)
	}
	for _, v := range res.Violations {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		t.Errorf("axe %s: %s at %s", v.ID, v.Help, strings.Join(targets, "; "))
	}
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}

// TestHTMLValid runs the Nu HTML checker on every HTML file of the site.
func TestHTMLValid(t *testing.T) {
	java, _ := exec.LookPath("java")
	browsertest.Need(t, "Java", "apt-get install default-jre-headless", java != "")
	browsertest.Need(t, "the Nu HTML checker", "npm ci --prefix .ci", browsertest.FileExists(vnuPath))
	dir := siteDir(t)
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 50 {
		t.Fatalf("only %d HTML files built", len(files))
	}
	cmd := exec.Command(java, append([]string{"-jar", vnuPath, "--errors-only", "--format", "gnu"}, files...)...)
	out, err := cmd.CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("the Nu HTML checker reports errors in %d files checked:\n%s", len(files), strings.ReplaceAll(string(out), dir, ""))
	}
}
