package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewPage: "new" makes pages the build accepts, and refuses, without a
// panic or a file, every name the build would reject or skip.
func TestNewPage(t *testing.T) {
	dir := siteFromTxtar(t, "testdata/good/basic.txtar")
	tests := []struct {
		arg   string
		code  int
		want  string // in the output
		title string // of the page made
	}{
		{"content/guide/my-new-page.md", 0, "Created", "My new page"},
		{"content/new-section/_index.md", 0, "Created", "New section"},
		{"content/deep/er/page-2.md", 0, "Created", "Page 2"},
		{"content/.md", 2, "a build would skip this file", ""},
		{"content/guide/.hidden.md", 2, "a build would skip this file", ""},
		{"content/guide/README.md", 2, "a build would skip this file", ""},
		{"content/My Page.md", 2, `the name "My Page" cannot be used in a web address`, ""},
		{"content/guide/Capital.md", 2, `the name "Capital" cannot be used`, ""},
		{"content/Guide/page.md", 2, `the name "Guide" cannot be used`, ""},
		{"content/guide/with space.md", 2, `the name "with space" cannot be used`, ""},
		{"content/../outside.md", 2, `the name ".." cannot be used`, ""},
		{"/etc/page.md", 2, `the name "" cannot be used`, ""},
		{"content//page.md", 2, `the name "" cannot be used`, ""},
		{"content/guide/page.txt", 2, "must be a .md file", ""},
		{"content/guide/first.md", 2, "already exists", ""},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			before := treeHash(t, dir)
			code, stdout, stderr := runCLI("new", "--source", dir, tt.arg)
			if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
				t.Fatalf("exit %d, output %q; want %d and %q", code, stdout+stderr, tt.code, tt.want)
			}
			if code != 0 {
				if treeHash(t, dir) != before {
					t.Error("a refused page changed the site")
				}
				return
			}
			page := readOut(t, dir, tt.arg)
			if !strings.Contains(page, `title: "`+tt.title+`"`) {
				t.Errorf("title: want %q in\n%s", tt.title, page)
			}
		})
	}
	// Every page made builds, as a draft.
	if code, _, stderr := runCLI("check", "--source", dir, "--drafts"); code != 0 {
		t.Errorf("the new pages do not build:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "outside.md")); err == nil {
		t.Error("a page was made outside content/")
	}
}
