package markdown

import (
	"strings"
	"testing"
)

// FuzzConvert checks that any Markdown converts without a panic, that raw
// HTML never passes through, and that rewritten links never leave the site.
func FuzzConvert(f *testing.F) {
	for _, seed := range []string{
		"# T\n\n[a](b.md#c) [d](../e.md) <script>x</script>",
		"## ICB {#icb}\n\nThe ICB and ICBs.\n\n```go\nfunc(){}\n```",
		"[x](../../../../etc/passwd.md) [y](/abs) [z](#here) ![i](img.png)",
		"| a | b |\n|---|---|\n| <b>1</b> | 2 |\n\n[^1]\n\n[^1]: note",
		"<div onclick=\"x\">html block</div>\n\ntext <img src=x onerror=y>",
		"[a](<b c.md>) [d](e.md?x=1#y) [f](%2e%2e/g.md)",
	} {
		f.Add(seed)
	}
	c := New([]Abbr{{Abbr: "ICB", Title: "Integrated Care Board", ID: "icb"}})
	f.Fuzz(func(t *testing.T, src string) {
		r := c.Convert([]byte(src), Options{Path: "explainers/a.md", File: "content/explainers/a.md", URL: "explainers/a/", Line: 1, GlossaryURL: "glossary/"})
		lower := strings.ToLower(r.HTML)
		for _, bad := range []string{"<script", "<img src=x", "<div onclick"} {
			if strings.Contains(lower, bad) {
				t.Fatalf("raw HTML passed through (%q):\n%s", bad, r.HTML)
			}
		}
		for _, l := range r.Links {
			if strings.HasPrefix(l.Target, "../") || strings.HasPrefix(l.Target, "/") || l.Target == ".." {
				t.Fatalf("link target outside content: %q", l.Target)
			}
		}
	})
}
