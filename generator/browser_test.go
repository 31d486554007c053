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
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Paths of the test tools that .ci/run installs with npm.
var (
	axePath = filepath.Join("..", ".ci", "node_modules", "axe-core", "axe.min.js")
	vnuPath = filepath.Join("..", ".ci", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
)

// need skips the test when a tool is missing, or fails it when CI is set,
// so that CI always runs these tests for real.
func need(t *testing.T, what, hint string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf("%s is not installed (%s)", what, hint)
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so this test must run")
	}
	t.Skip(msg + "; skipping")
}

func chromePath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, p := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// browser starts headless Chromium and returns a context for it.
func browser(t *testing.T) context.Context {
	t.Helper()
	chrome := chromePath()
	need(t, "Chromium", "apt-get install chromium", chrome != "")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("allow-file-access-from-files", false),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("cannot start Chromium: %v", err)
	}
	return ctx
}

// consoleErrors collects console errors and CSP violations in a tab.
type consoleErrors struct {
	mu   sync.Mutex
	msgs []string
}

func (c *consoleErrors) listen(ctx context.Context) {
	chromedp.ListenTarget(ctx, func(ev any) {
		c.mu.Lock()
		defer c.mu.Unlock()
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError {
				c.msgs = append(c.msgs, ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *runtime.EventExceptionThrown:
			c.msgs = append(c.msgs, ev.ExceptionDetails.Error())
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value))
				}
				c.msgs = append(c.msgs, strings.Join(parts, " "))
			}
		}
	})
}

func (c *consoleErrors) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.msgs
	c.msgs = nil
	return out
}

// builtSite builds the repository's own site once per test binary.
var builtSite = sync.OnceValues(func() (string, error) {
	out, err := os.MkdirTemp("", "site-")
	if err != nil {
		return "", err
	}
	out = filepath.Join(out, "public")
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
	"glossary/", "icbs/", "regions/", "find-your-icb/", "search/", "print/", "accessibility/",
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
// no errors.
func TestAccessibility(t *testing.T) {
	need(t, "axe-core", "npm ci --prefix .ci", fileExists(axePath))
	ctx := browser(t)
	dir := siteDir(t)
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	var console consoleErrors
	console.listen(ctx)
	if err := chromedp.Run(ctx, log.Enable(), runtime.Enable()); err != nil {
		t.Fatal(err)
	}
	for _, page := range samplePages(t, dir) {
		t.Run("/"+page, func(t *testing.T) {
			var raw string
			err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+"/"+page),
				chromedp.WaitReady("body"),
				chromedp.Evaluate(string(axe), nil),
				chromedp.Evaluate(`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22aa"]}}).then(r => JSON.stringify(r))`, &raw,
					func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			)
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
			for _, m := range console.take() {
				t.Errorf("console error: %s", m)
			}
		})
	}
}

// TestHTMLValid runs the Nu HTML checker on every HTML file of the site.
func TestHTMLValid(t *testing.T) {
	java, _ := exec.LookPath("java")
	need(t, "Java", "apt-get install default-jre-headless", java != "")
	need(t, "the Nu HTML checker", "npm ci --prefix .ci", fileExists(vnuPath))
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
