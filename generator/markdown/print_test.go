package markdown

import "testing"

// TestPrint checks a body drawn inside another page: ids and links to them
// prefixed, headings one level lower, links from the other page, and the
// page's own HTML as without Print.
func TestPrint(t *testing.T) {
	c := New([]Abbr{{Abbr: "ICB", Title: "Integrated Care Board", ID: "icb"}})
	print := &Print{URL: "print/", IDPrefix: "part-a-b__"}
	page := Options{Path: "a/b.md", File: "content/a/b.md", URL: "a/b/", Line: 1, GlossaryURL: "glossary/", Print: print}
	tests := []struct {
		name, src string
		o         Options
		html      string // without Print
		print     string
	}{
		{"headings", "# One\n\n## Two {#two}\n\n###### Six", page,
			`<h1 id="one">One</h1>` + "\n" + `<div class="heading"><h2 id="two">Two</h2><a class="heading-anchor" href="#two" aria-label="Link to the section: Two">#</a></div>` + "\n" +
				`<div class="heading"><h6 id="six">Six</h6><a class="heading-anchor" href="#six" aria-label="Link to the section: Six">#</a></div>` + "\n",
			`<h1 id="part-a-b__one">One</h1>` + "\n" + `<div class="heading"><h3 id="part-a-b__two">Two</h3><a class="heading-anchor" href="#part-a-b__two" aria-label="Link to the section: Two">#</a></div>` + "\n" +
				`<div class="heading"><h6 id="part-a-b__six">Six</h6><a class="heading-anchor" href="#part-a-b__six" aria-label="Link to the section: Six">#</a></div>` + "\n"},
		{"links", "[here](#x) [c](c.md#y) [self](b.md) [out](https://example.org/#z) ![i](pic.png)", page,
			`<p><a href="#x">here</a> <a href="../c/#y">c</a> <a href="./">self</a> <a href="https://example.org/#z">out</a> <img src="../pic.png" alt="i"></p>` + "\n",
			`<p><a href="#part-a-b__x">here</a> <a href="../a/c/#y">c</a> <a href="../a/b/">self</a> <a href="https://example.org/#z">out</a> <img src="../a/pic.png" alt="i"></p>` + "\n"},
		{"abbreviations", "An ICB.", page,
			`<p>An <a class="glossary-link" href="../../glossary/#icb"><abbr title="Integrated Care Board">ICB</abbr></a>.</p>` + "\n",
			`<p>An <a class="glossary-link" href="../glossary/#icb"><abbr title="Integrated Care Board">ICB</abbr></a>.</p>` + "\n"},
		{"abbreviations on the glossary page", "An ICB.", Options{Path: "glossary/_index.md", URL: "glossary/", GlossaryURL: "glossary/", Print: &Print{URL: "print/", IDPrefix: "part-glossary__"}},
			`<p>An <a class="glossary-link" href="#icb"><abbr title="Integrated Care Board">ICB</abbr></a>.</p>` + "\n",
			`<p>An <a class="glossary-link" href="#part-glossary__icb"><abbr title="Integrated Care Board">ICB</abbr></a>.</p>` + "\n"},
		{"footnotes", "A[^1].\n\n[^1]: Note.", page,
			`<p>A<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>.</p>` + "\n" +
				`<div class="footnotes" role="doc-endnotes">` + "\n<hr>\n<ol>\n" + `<li id="fn:1">` + "\n" + `<p>Note.&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p>` + "\n</li>\n</ol>\n</div>\n",
			`<p>A<sup id="part-a-b__fnref:1"><a href="#part-a-b__fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>.</p>` + "\n" +
				`<div class="footnotes" role="doc-endnotes">` + "\n<hr>\n<ol>\n" + `<li id="part-a-b__fn:1">` + "\n" + `<p>Note.&#160;<a href="#part-a-b__fnref:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p>` + "\n</li>\n</ol>\n</div>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Convert([]byte(tt.src), tt.o)
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			if res.HTML != tt.html {
				t.Errorf("HTML:\ngot\n%s\nwant\n%s", res.HTML, tt.html)
			}
			if res.Print != tt.print {
				t.Errorf("Print:\ngot\n%s\nwant\n%s", res.Print, tt.print)
			}
			o := tt.o
			o.Print = nil
			if plain := c.Convert([]byte(tt.src), o); plain.HTML != res.HTML || plain.Print != "" {
				t.Errorf("without Print: HTML\n%s\nPrint %q", plain.HTML, plain.Print)
			}
		})
	}
}
