package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuildBasicSite(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/good/basic.txtar")
	code, stdout, stderr := runCLI("build", "--source", dir)
	if code != 0 {
		t.Fatalf("build failed (%d):\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "Built ") {
		t.Errorf("no summary line: %q", stdout)
	}
	out := filepath.Join(dir, "public")
	first := readOut(t, out, "guide/first/index.html")
	for _, want := range []string{
		`href="../second/#duties"`,                          // page link with anchor rewritten
		`href="../../"`,                                     // link to the home page
		`href="../../pic.svg"`,                              // static file
		`<pre class="chroma" tabindex="0">`,                 // highlighted code
		`Page last reviewed:`,                               // review dates
		`<a href="https://example.org/report">A report</a>`, // sources
		`href="../../assets/site.css"`,                      // relative asset links
		`href="../../assets/code.css"`,                      // code colours, as it has code
		`id="intro"`,
	} {
		if !strings.Contains(first, want) {
			t.Errorf("first page lacks %q", want)
		}
	}
	if home := readOut(t, out, "index.html"); strings.Contains(home, "code.css") {
		t.Error("the home page, which has no code, loads the code stylesheet")
	}
	if strings.Contains(first, `href="/`) || strings.Contains(first, `src="/`) {
		t.Error("first page has a root-relative link; every internal link must be relative")
	}
	if _, err := os.Stat(filepath.Join(out, "guide/draft/index.html")); err == nil {
		t.Error("draft page was built without --drafts")
	}
	if crlf := readOut(t, out, "guide/crlf/index.html"); !strings.Contains(crlf, "Saved on Windows.") {
		t.Error("CRLF page body missing")
	}
	alias := readOut(t, out, "old/first/index.html")
	if !strings.Contains(alias, `url=../../guide/first/`) {
		t.Errorf("alias does not redirect: %s", alias)
	}
	for _, f := range []string{"404.html", "robots.txt", "feed.xml", "assets/code.css", "assets/search-index.js", "download/test-guide-offline.zip", "pic.svg"} {
		readOut(t, out, f)
	}
	if _, err := os.Stat(filepath.Join(out, "sitemap.xml")); err == nil {
		t.Error("sitemap.xml written without --base-url")
	}
}

func TestBuildDraftsAndBaseURL(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/good/basic.txtar")
	code, _, stderr := runCLI("build", "--source", dir, "--drafts", "--base-url", "https://example.org/guide")
	if code != 0 {
		t.Fatalf("build failed:\n%s", stderr)
	}
	out := filepath.Join(dir, "public")
	draft := readOut(t, out, "guide/draft/index.html")
	if !strings.Contains(draft, "draft-banner") {
		t.Error("draft page lacks its banner")
	}
	sm := readOut(t, out, "sitemap.xml")
	if !strings.Contains(sm, "<loc>https://example.org/guide/guide/first/</loc>") {
		t.Errorf("sitemap lacks the full address:\n%s", sm)
	}
	if first := readOut(t, out, "guide/first/index.html"); !strings.Contains(first, `<link rel="canonical" href="https://example.org/guide/guide/first/">`) {
		t.Error("no canonical link")
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/good/basic.txtar")
	out1, out2 := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{out1, out2} {
		if code, _, stderr := runCLI("build", "--source", dir, "--out", out); code != 0 {
			t.Fatalf("build failed:\n%s", stderr)
		}
	}
	if treeHash(t, out1) != treeHash(t, out2) {
		t.Error("two builds of the same input differ")
	}
}

func TestFailedBuildLeavesOutputAlone(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/good/basic.txtar")
	if code, _, stderr := runCLI("build", "--source", dir); code != 0 {
		t.Fatalf("build failed:\n%s", stderr)
	}
	out := filepath.Join(dir, "public")
	before := treeHash(t, out)
	bad := filepath.Join(dir, "content/guide/second.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: [unclosed\n---\nBody\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("build", "--source", dir)
	if code != 1 {
		t.Fatalf("exit status %d, want 1", code)
	}
	if !strings.Contains(stderr, "content/guide/second.md:") {
		t.Errorf("error does not name the file:\n%s", stderr)
	}
	if treeHash(t, out) != before {
		t.Error("a failed build changed public/")
	}
}

func TestCommandLine(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/good/basic.txtar")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"bake"}, 2, "unknown command"},
		{"help", []string{"help"}, 0, "Commands"},
		{"help lists the writing checks", []string{"help"}, 0, "sentence-length   a sentence of more than 25 words"},
		{"missing source", []string{"build", "--source", filepath.Join(dir, "nope")}, 2, "no such folder"},
		{"out is source", []string{"build", "--source", dir, "--out", dir}, 2, "would replace the site folder"},
		{"out inside content", []string{"build", "--source", dir, "--out", filepath.Join(dir, "content", "x")}, 2, "inside content/"},
		{"out contains source", []string{"build", "--source", dir, "--out", filepath.Dir(dir)}, 2, "would replace the site folder"},
		{"out is layouts", []string{"build", "--source", dir, "--out", filepath.Join(dir, "layouts")}, 2, "inside layouts/"},
		{"bad base url", []string{"build", "--source", dir, "--base-url", "example.org"}, 2, "--base-url"},
		{"check", []string{"check", "--source", dir}, 0, "No errors found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tt.args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d\n%s%s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.want) {
				t.Errorf("output lacks %q:\n%s%s", tt.want, stdout, stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("check or a refused build wrote public/")
	}
}

// TestSymlinks checks the one rule for symbolic links in every folder the
// build reads: a link is followed only when its target is a file inside the
// site folder; otherwise the build fails naming the link, and nothing the
// link points to is published.
func TestSymlinks(t *testing.T) {
	outside := func(dir string) string {
		p := filepath.Join(filepath.Dir(dir), "secret.md")
		if err := os.WriteFile(p, []byte("---\ntitle: Secret\n---\nroot:x:0:0 top secret\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	targets := []struct {
		name   string
		target func(dir, link string) string
		want   string
	}{
		{"file outside", func(dir, _ string) string { return outside(dir) }, "points outside the site folder"},
		{"proc", func(string, string) string { return "/proc/self/environ" }, "points outside the site folder"},
		{"etc passwd", func(string, string) string { return "/etc/passwd" }, "points outside the site folder"},
		{"folder", func(dir, _ string) string { return filepath.Join(dir, "content") }, "points to a folder"},
		{"loop", func(_, link string) string { return filepath.Base(link) }, "is broken or loops"},
		{"hidden folder", func(dir, _ string) string {
			p := filepath.Join(dir, ".git", "config")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("root:x:0:0 top secret"), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, "points into the hidden folder .git"},
	}
	places := []string{"content/leak.txt", "content/secret.md", "content/organisations/icbs.csv",
		"layouts/assets/leak.txt", "layouts/partials/evil.html", "layouts/page.html"}
	for _, place := range places {
		for _, tt := range targets {
			t.Run(place+"/"+tt.name, func(t *testing.T) {
				dir := siteFromTxtar(t, "testdata/bad-base.txtar")
				link := filepath.Join(dir, filepath.FromSlash(place))
				if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
					t.Fatal(err)
				}
				_ = os.Remove(link)
				if err := os.Symlink(tt.target(dir, link), link); err != nil {
					t.Fatal(err)
				}
				out := filepath.Join(t.TempDir(), "out")
				code, _, stderr := runCLI("build", "--source", dir, "--out", out)
				want := place + ": this symbolic link " + tt.want
				if code != 1 || !strings.Contains(stderr, want) {
					t.Errorf("exit %d, errors:\n%s\nwant %q", code, stderr, want)
				}
				if _, err := os.Stat(out); err == nil {
					t.Error("the build wrote output despite the link")
				}
			})
		}
	}
	// content/ or layouts/ itself a link out of the site folder.
	for _, root := range []string{"content", "layouts"} {
		t.Run(root+" is a link outside", func(t *testing.T) {
			dir := siteFromTxtar(t, "testdata/bad-base.txtar")
			moved := filepath.Join(t.TempDir(), root)
			if err := os.Rename(filepath.Join(dir, root), moved); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(moved, filepath.Join(dir, root)); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCLI("check", "--source", dir)
			if want := root + ": this symbolic link points outside the site folder"; code != 1 || !strings.Contains(stderr, want) {
				t.Errorf("exit %d, errors:\n%s\nwant %q", code, stderr, want)
			}
		})
	}
	// A link to a file inside the site folder is followed.
	t.Run("inside", func(t *testing.T) {
		dir := siteFromTxtar(t, "testdata/bad-base.txtar")
		if err := os.WriteFile(filepath.Join(dir, "content", "logo.svg"), []byte("<svg/>"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../../content/logo.svg", filepath.Join(dir, "layouts", "assets", "logo.svg")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("logo.svg", filepath.Join(dir, "content", "same-logo.svg")); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI("build", "--source", dir)
		if code != 0 {
			t.Fatalf("exit %d:\n%s", code, stderr)
		}
		for _, f := range []string{"assets/logo.svg", "same-logo.svg"} {
			if got := readOut(t, filepath.Join(dir, "public"), f); got != "<svg/>" {
				t.Errorf("%s = %q", f, got)
			}
		}
	})
}

// TestLargePage builds a page of tens of megabytes.
func TestLargePage(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := siteFromTxtar(t, "testdata/bad-base.txtar")
	var b strings.Builder
	b.WriteString("---\ntitle: Huge\n---\n")
	para := strings.Repeat("Integrated care boards plan services for children and young people. ", 20) + "\n\n"
	for b.Len() < 20<<20 {
		b.WriteString("## Part\n\n" + para + "- a list item\n- another\n\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "huge.md"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI("build", "--source", dir)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	fi, err := os.Stat(filepath.Join(dir, "public", "huge", "index.html"))
	if err != nil || fi.Size() < 20<<20 {
		t.Errorf("huge page not built whole: %v", err)
	}
	t.Log(strings.TrimSpace(stdout))
}

func TestLintWarningsAndStrict(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/lint/site.txtar")
	wants := []string{
		"content/overdue.md:4:1: warning: review_due (2001-01-01) has passed",
		"content/overdue.md:6:14: warning: bold used for emphasis inside a sentence",
		"content/overdue.md:8:8: warning: list items take no end punctuation",
		"3 warnings found",
	}
	for _, cmd := range []string{"check", "build"} {
		code, _, stderr := runCLI(cmd, "--source", dir)
		if code != 0 {
			t.Errorf("%s: warnings alone gave exit status %d, want 0\n%s", cmd, code, stderr)
		}
		for _, w := range wants {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: output lacks %q:\n%s", cmd, w, stderr)
			}
		}
		if strings.Contains(stderr, "quoted.md") {
			t.Errorf("%s: a switched-off rule was reported:\n%s", cmd, stderr)
		}
	}
	overdue := readOut(t, filepath.Join(dir, "public"), "overdue/index.html")
	if !strings.Contains(overdue, "This page was due for review on <time datetime=\"2001-01-01\">1 January 2001</time>") {
		t.Error("the overdue page lacks its notice")
	}
	if quoted := readOut(t, filepath.Join(dir, "public"), "quoted/index.html"); strings.Contains(quoted, "due for review") || strings.Contains(quoted, "lint-ignore") {
		t.Error("a page not yet due shows the notice, or a switch comment is shown to readers")
	}
	out := filepath.Join(t.TempDir(), "strict")
	for _, cmd := range []string{"check", "build"} {
		code, _, stderr := runCLI(cmd, "--source", dir, "--strict", "--out", out)
		if code != 1 {
			t.Errorf("%s --strict: exit status %d, want 1\n%s", cmd, code, stderr)
		}
		if !strings.Contains(stderr, "--strict makes them fail") {
			t.Errorf("%s --strict: does not say why it failed:\n%s", cmd, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("build --strict wrote the site although it failed")
	}
}

// TestOutSymlink: an --out that is a symbolic link is written through to
// its folder and kept; one that leads into the site's own folders, to
// nothing or to a file is refused with a message naming it.
func TestOutSymlink(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/good/basic.txtar")
	elsewhere := t.TempDir()
	target := filepath.Join(elsewhere, "site")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(elsewhere, "public-link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("build", "--source", dir, "--out", link); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a folder")
	}
	readOut(t, target, "guide/first/index.html")

	refused := map[string]string{
		filepath.Join(dir, "content"):              "inside content/",
		filepath.Join(elsewhere, "nowhere"):        "which does not exist",
		filepath.Join(dir, "content", "site.yaml"): "not a folder",
	}
	for to, want := range refused {
		l := filepath.Join(t.TempDir(), "out")
		if err := os.Symlink(to, l); err != nil {
			t.Fatal(err)
		}
		before := treeHash(t, dir)
		code, _, stderr := runCLI("build", "--source", dir, "--out", l)
		if code != 2 || !strings.Contains(stderr, want) || !strings.Contains(stderr, l) {
			t.Errorf("--out link to %s: exit %d, %q; want 2 and %q", to, code, stderr, want)
		}
		if treeHash(t, dir) != before {
			t.Errorf("--out link to %s changed the site folder", to)
		}
	}
}
