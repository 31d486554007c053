package markdown

import (
	"strings"
	"testing"
)

// FuzzConvert checks that any Markdown converts without a panic; that with
// raw HTML not allowed the output holds no markup the converter does not
// emit itself and loses no text of the raw HTML but comments; that marking glossary
// abbreviations changes nothing but the added links; and that rewritten
// links never leave the site. It starts from every example of the
// conformance suites.
func FuzzConvert(f *testing.F) {
	for _, seed := range []string{
		"# T\n\n[a](b.md#c) [d](../e.md) <script>x</script>",
		"## ICB {#icb}\n\nThe ICB and ICBs.\n\n```go\nfunc(){}\n```",
		"[x](../../../../etc/passwd.md) [y](/abs) [z](#here) ![i](img.png)",
		"| a | b |\n|:--|--:|\n| <b>1</b> | 2 |\n\n[^1]\n\n[^1]: note",
		"<div onclick=\"x\">html block</div>\n\ntext <img src=x onerror=y>",
		"[a](<b c.md>) [d](e.md?x=1#y) [f](%2e%2e/g.md) [g](my\\_page.md) [h](javascript%3Ax)",
		"&nbsp;ICB&amp;ICB &ICB; ``` f&ouml;\\+\n```",
	} {
		f.Add(seed)
	}
	for _, s := range suites(f) {
		for _, ex := range s.examples {
			f.Add(ex.Markdown)
		}
	}
	plain := New(nil)
	gloss := New([]Abbr{{Abbr: "ICB", Title: "Integrated Care Board", ID: "icb"}, {Abbr: "amp", Title: "x", ID: "amp"}, {Abbr: "foo", Title: "x", ID: "foo"}})
	o := Options{Path: "explainers/a.md", File: "content/explainers/a.md", URL: "explainers/a/", Line: 1}
	f.Fuzz(func(t *testing.T, src string) {
		r := plain.Convert([]byte(src), o)
		for _, p := range markupProblems(r.HTML) {
			t.Fatalf("%s in\n%s", p, r.HTML)
		}
		if lost, _ := lostText(plain, []byte(src), r.HTML); lost != "" {
			t.Fatalf("raw HTML %q not shown as text in\n%s", lost, r.HTML)
		}
		for _, l := range r.Links {
			if strings.HasPrefix(l.Target, "../") || strings.HasPrefix(l.Target, "/") || l.Target == ".." {
				t.Fatalf("link target outside content: %q", l.Target)
			}
		}
		og := o
		og.GlossaryURL = "glossary/"
		g := gloss.Convert([]byte(src), og)
		if stripped := glossaryWrapRE.ReplaceAllString(g.HTML, "$1"); stripped != r.HTML {
			t.Fatalf("the glossary changes more than links:\n%s\nwithout the glossary:\n%s", g.HTML, r.HTML)
		}
	})
}
