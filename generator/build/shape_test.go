package build

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"icsguide/generator/corpus"
	"icsguide/generator/internal/testsite"
	"icsguide/generator/render"
)

// shapeSite writes a generated site of pages spread over folders top-level
// folders, with the repository's layouts.
func shapeSite(tb testing.TB, pages, folders int) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: pages, Folders: folders, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	testsite.CopyTree(tb, filepath.Join("..", "..", "layouts"), filepath.Join(dir, "layouts"))
	return dir
}

var sideNavRE = regexp.MustCompile(`(?s)<nav class="sidenav".*?</nav>`)

// TestNavigationStaysBounded builds the same number of pages in one folder
// and in many: the pages of the flat folder must not grow with the number
// of their siblings, and their navigation must still lead to every page.
func TestNavigationStaysBounded(t *testing.T) {
	const pages = 400
	perPage := map[int]float64{}
	for _, folders := range []int{1, 20} {
		res, errs := New(Options{Source: shapeSite(t, pages, folders)}).Build()
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		total, html := 0, 0
		for name, data := range res.Files {
			if !strings.HasSuffix(name, ".html") || !strings.HasPrefix(name, "folder-") {
				continue
			}
			html++
			total += len(data)
			nav := sideNavRE.Find(data)
			if n := strings.Count(string(nav), "<li"); n > 2*render.NavLimit+2 {
				t.Errorf("%d folders: %s lists %d pages in its side navigation, want at most %d", folders, name, n, 2*render.NavLimit+2)
			}
			if folders == 1 && !strings.Contains(string(nav), fmt.Sprintf("All %d pages in", pages)) {
				t.Errorf("%s: the side navigation of a big folder has no link to the full list", name)
			}
		}
		perPage[folders] = float64(total) / float64(html)
	}
	if r := perPage[1] / perPage[20]; r > 1.5 {
		t.Errorf("a page in a folder of %d is %.0f bytes, %.1f times one in a folder of %d (%.0f bytes): output grows with folder size",
			pages, perPage[1], r, pages/20, perPage[20])
	}
}
