package build

import (
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"icsguide/generator/internal/testsite"
	"icsguide/generator/urlpath"
)

// FuzzBuild runs the whole pipeline on a fuzzed page: loading, front
// matter, Markdown, links, layouts and files. It must never panic, every
// error must name a file, and a successful build must not pass raw HTML
// through or write outside the output.
func FuzzBuild(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: A\n---\n[home](_index.md) and [b](b.md#x)\n",
		"---\ntitle: <script>alert(1)</script>\ndescription: \"<b>\"\n---\n<script>x</script>\n",
		"---\ntitle: A\naliases: [old, ../x, a/../../b]\n---\n",
		"---\ntitle: A\nlayout: nope\n---\n",
		"---\ntitle: A\nchecklist: all\n---\n## H {#h}\n\n[self](#h)\n",
		"not front matter",
	} {
		f.Add(seed)
	}
	layouts := testsite.Files(f, filepath.Join("..", "..", "layouts"))
	f.Fuzz(func(t *testing.T, page string) {
		files := maps.Clone(layouts)
		files["content/site.yaml"] = []byte("title: T\nshort_name: t\n")
		files["content/_index.md"] = []byte("---\ntitle: Home\n---\nHome.\n")
		files["content/a.md"] = []byte(page)
		res, errs := New(Options{FS: testsite.MapFS(files)}).Build()
		for _, e := range errs {
			if e.Path == "" {
				t.Fatalf("error without a file: %v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		for name, data := range res.Files {
			if !urlpath.Safe(name) {
				t.Fatalf("unsafe output path %q", name)
			}
			if name == "a/index.html" && strings.Contains(strings.ToLower(string(data)), "<script>alert") {
				t.Fatalf("raw HTML passed through in %s", name)
			}
		}
	})
}
