package markdown

import (
	"html/template"
	"strings"
	"testing"
)

func convert(t *testing.T, src string, o Options) *Result {
	t.Helper()
	if o.Path == "" {
		o = Options{Path: "explainers/icb.md", File: "content/explainers/icb.md", URL: "explainers/icb/", Line: 5, GlossaryURL: "glossary/"}
	}
	c := New([]Abbr{{Abbr: "ICB", Title: "Integrated Care Board", ID: "icb"}, {Abbr: "SEND", Title: "special educational needs and disabilities", ID: "send"}})
	return c.Convert([]byte(src), o)
}

func TestConvertHTML(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"page link", "[x](icp.md)", []string{`href="../icp/"`}, nil},
		{"page link with anchor", "[x](../checklists/data.md#why)", []string{`href="../../checklists/data/#why"`}, nil},
		{"section link", "[x](_index.md)", []string{`href="../"`}, nil},
		{"external untouched", "[x](https://example.org/a.md)", []string{`href="https://example.org/a.md"`}, nil},
		{"static file", "![map](map.png)", []string{`src="../map.png"`}, nil},
		{"heading anchor", "## Board membership {#board}", []string{`<h2 id="board">Board membership</h2><a class="heading-anchor" href="#board"`}, nil},
		{"auto heading id", "## Who sits on it", []string{`id="who-sits-on-it"`}, nil},
		{"raw html escaped", "<script>alert(1)</script>\n\ntext <b>x</b>", []string{"&lt;script&gt;", "&lt;b&gt;"}, []string{"<script>", "<b>"}},
		{"first abbr only", "The ICB and the ICB.", []string{`<a class="glossary-link" href="../../glossary/#icb"><abbr title="Integrated Care Board">ICB</abbr></a> and the ICB.`}, nil},
		{"plural abbr", "Two ICBs.", []string{`<abbr title="Integrated Care Board">ICB</abbr></a>s.`}, nil},
		{"no abbr in links or headings", "## ICB\n\n[ICB](icp.md)", nil, []string{"<abbr"}},
		{"not inside words", "SENDER ICBX", nil, []string{"<abbr"}},
		{"code highlighted", "```go\nfunc main() {}\n```", []string{`<pre class="chroma" tabindex="0"><code class="language-go">`, `<span class="kd">func</span>`}, []string{"style="}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"footnote", "Text[^1]\n\n[^1]: Note.", []string{`class="footnote-ref"`}, nil},
		{"typographer", `"quoted"`, []string{"&ldquo;quoted&rdquo;"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := convert(t, tt.src, Options{})
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %v", r.Errors)
			}
			got := r.HTML
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("output has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestConvertLinksAndErrors(t *testing.T) {
	r := convert(t, "Intro.\n\n[a](icp.md#duties) [b](#local)\n\n[c](/abs.md) [d](../../../etc/passwd)", Options{})
	if len(r.Links) != 2 {
		t.Fatalf("links = %+v", r.Links)
	}
	if l := r.Links[0]; l.Target != "explainers/icp.md" || l.Anchor != "duties" || l.Line != 7 || l.Col != 1 {
		t.Errorf("link 0 = %+v", l)
	}
	if l := r.Links[1]; l.Target != "explainers/icb.md" || l.Anchor != "local" {
		t.Errorf("link 1 = %+v", l)
	}
	if len(r.Errors) != 2 {
		t.Fatalf("errors = %v", r.Errors)
	}
	if e := r.Errors[0]; e.Line != 9 || !strings.Contains(e.Msg, "starts with /") {
		t.Errorf("error 0 = %v", e)
	}
	if e := r.Errors[1]; !strings.Contains(e.Msg, "outside the content folder") {
		t.Errorf("error 1 = %v", e)
	}
}

func TestHeadingsAndText(t *testing.T) {
	r := convert(t, "## One {#one}\n\nBody *text*.\n\n### Two `code`\n\n## One", Options{})
	want := []Heading{{2, "one", "One"}, {3, "two-code", "Two code"}, {2, "one-1", "One"}}
	if len(r.Headings) != len(want) {
		t.Fatalf("headings = %+v", r.Headings)
	}
	for i, h := range want {
		if r.Headings[i] != h {
			t.Errorf("heading %d = %+v, want %+v", i, r.Headings[i], h)
		}
	}
	if !strings.Contains(r.Text, "Body text.") {
		t.Errorf("text = %q", r.Text)
	}
}

// TestHeadingTextAsShown checks that the text of a heading given to the
// contents list, the heading link's label and the search index is the text a
// reader sees, not the Markdown source (defect D1 of the conformance review).
func TestHeadingTextAsShown(t *testing.T) {
	tests := []struct {
		name, src string
		unsafe    bool
		want      string
	}{
		{"apostrophe", "## Children's services", false, "Children’s services"},
		{"quotes and dashes", `## The "ICB" role -- and more...`, false, "The “ICB” role – and more…"},
		{"entity", "## Fish &amp; chips &copy; &#35;1", false, "Fish & chips © #1"},
		{"backslash escapes", `## a \* b \_c\_ \###`, false, "a * b _c_ ###"},
		{"setext lines joined", "Foo *bar\nbaz*\n---", false, "Foo bar baz"},
		{"code span kept literally", "## `a &amp; \\*` and <b>raw</b>", false, "a &amp; \\* and <b>raw</b>"},
		{"raw html is markup when allowed", "## `x < y` and <b>raw</b>", true, "x < y and raw"},
		{"autolink", "## See <https://example.org/a>", false, "See https://example.org/a"},
		{"escaped entity stays text", `## \&amp; and \\`, false, `&amp; and \`},
		{"comment not shown", "## Deep <!-- lint-ignore x: y -->", false, "Deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Path: "a.md", File: "content/a.md", URL: "a/", Line: 1, Unsafe: tt.unsafe}
			r := convert(t, tt.src, o)
			if len(r.Headings) != 1 {
				t.Fatalf("headings = %+v", r.Headings)
			}
			if got := r.Headings[0].Text; got != tt.want {
				t.Errorf("heading text = %q, want %q", got, tt.want)
			}
			label := `aria-label="Link to the section: ` + template.HTMLEscapeString(tt.want) + `"`
			if !strings.Contains(r.HTML, label) {
				t.Errorf("output lacks %s:\n%s", label, r.HTML)
			}
			if !strings.Contains(r.Text, tt.want) {
				t.Errorf("search text %q lacks %q", r.Text, tt.want)
			}
		})
	}
}

// TestEmptyHeadingLabel checks that the link of a heading without text
// still has a label that reads well.
func TestEmptyHeadingLabel(t *testing.T) {
	r := convert(t, "## Before\n\n##\n", Options{})
	if !strings.Contains(r.HTML, `aria-label="Link to this section">#</a>`) || strings.Contains(r.HTML, "section: \"") {
		t.Errorf("output:\n%s", r.HTML)
	}
}

// TestBodyTextAsShown checks the plain text of a page body for the search
// index: what a reader sees, with typographic characters kept.
func TestBodyTextAsShown(t *testing.T) {
	r := convert(t, "Children's services &amp; more \\* x -- y, see `a*b` and <https://example.org>.", Options{})
	want := "Children’s services & more * x – y, see a*b and https://example.org."
	if got := strings.TrimSpace(r.Text); got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

func TestCommentsAreNotShown(t *testing.T) {
	src := []byte("Hello <!-- lint-ignore sentence-length: a reason --> world.\n\n<!-- lint-ignore heading-level: a reason -->\n### Deep\n\nA <b>tag</b>.\n")
	res := New(nil).Convert(src, Options{Path: "a.md", File: "content/a.md", URL: "a/", Line: 4})
	for _, bad := range []string{"lint-ignore", "&lt;!--"} {
		if strings.Contains(res.HTML, bad) {
			t.Errorf("HTML shows a comment (%q):\n%s", bad, res.HTML)
		}
	}
	for _, want := range []string{"Hello  world.", "<h3", "&lt;b&gt;tag&lt;/b&gt;"} {
		if !strings.Contains(res.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, res.HTML)
		}
	}
}

// TestLinkDestinations checks that a link is resolved as CommonMark reads
// its destination (defect D2): escapes and references resolved, query and
// fragment kept, percent-encoding surviving the round trip.
func TestLinkDestinations(t *testing.T) {
	tests := []struct {
		dest, href, target, anchor, err string
	}{
		{`icp.md`, `../icp/`, "explainers/icp.md", "", ""},
		{`my\_page.md`, `../my_page/`, "explainers/my_page.md", "", ""},
		{`fish&amp;chips.md`, `../fish&amp;chips/`, "explainers/fish&chips.md", "", ""},
		{`caf&eacute;.md`, `../caf%C3%A9/`, "explainers/café.md", "", ""},
		{`icp.md?print=1#duties`, `../icp/?print=1#duties`, "explainers/icp.md", "duties", ""},
		{`map.pdf?download=1`, `../map.pdf?download=1`, "explainers/map.pdf", "", ""},
		{`a%23b.md`, `../a%23b/`, "explainers/a#b.md", "", ""},
		{`a%3Fb.md`, `../a%3Fb/`, "explainers/a?b.md", "", ""},
		{`a%2541.md`, `../a%2541/`, "explainers/a%41.md", "", ""},
		{`my%20page.md`, `../my%20page/`, "explainers/my page.md", "", ""},
		{`<my page.md>`, `../my%20page/`, "explainers/my page.md", "", ""},
		{`icp.md#a%23b`, `../icp/#a%23b`, "explainers/icp.md", "a#b", ""},
		{`foo\)\:`, `../foo):`, "explainers/foo):", "", ""},
		{`#local`, `#local`, "explainers/icb.md", "local", ""},
		{`a\\b.md`, `../a%5Cb/`, `explainers/a\b.md`, "", ""},
		{`100%.md`, `100%25.md`, "", "", "not a valid address"},
		{`/abs.md`, `/abs.md`, "", "", "starts with /"},
		{`https://example.org/a.md?x=1`, `https://example.org/a.md?x=1`, "", "", ""},
		{`javascript&#58;alert(1)`, ``, "", "", ""},
		{`JaVaScRiPt:alert(1)`, ``, "", "", ""},
		{`javascript%3Aalert(1)`, `../javascript:alert(1)`, "explainers/javascript:alert(1)", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.dest, func(t *testing.T) {
			r := convert(t, "[x]("+tt.dest+")", Options{})
			if want := `<a href="` + tt.href + `">`; !strings.Contains(r.HTML, want) {
				t.Errorf("output lacks %s:\n%s", want, r.HTML)
			}
			var targets []string
			for _, l := range r.Links {
				targets = append(targets, l.Target+"#"+l.Anchor)
			}
			if want := tt.target + "#" + tt.anchor; tt.target != "" && (len(targets) != 1 || targets[0] != want) {
				t.Errorf("link targets = %q, want %q", targets, want)
			}
			if tt.target == "" && len(targets) > 0 {
				t.Errorf("link targets = %q, want none", targets)
			}
			if tt.err == "" && len(r.Errors) > 0 || tt.err != "" && (len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Msg, tt.err)) {
				t.Errorf("errors = %v, want %q", r.Errors, tt.err)
			}
		})
	}
}

// TestSchemeLikeFileName checks that a file whose decoded name looks like a
// scheme ("javascript:x") is linked as a relative path, never as a scheme.
func TestSchemeLikeFileName(t *testing.T) {
	r := convert(t, "[x](javascript%3Aalert(1))", Options{Path: "_index.md", File: "content/_index.md", URL: "", Line: 1})
	if !strings.Contains(r.HTML, `href="./javascript:alert(1)"`) {
		t.Errorf("output: %s", r.HTML)
	}
}

// TestTableAlignment checks that column alignment is written as classes,
// which the site's stylesheet aligns, never as style attributes (defect D3).
func TestTableAlignment(t *testing.T) {
	r := convert(t, "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |", Options{})
	for _, want := range []string{`<th class="align-left">a</th>`, `<th class="align-center">b</th>`, `<th class="align-right">c</th>`, "<th>d</th>", `<td class="align-right">3</td>`, "<td>4</td>"} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("output lacks %s:\n%s", want, r.HTML)
		}
	}
	if strings.Contains(r.HTML, "style=") || strings.Contains(r.HTML, "align=") {
		t.Errorf("alignment as an attribute:\n%s", r.HTML)
	}
}

// TestCodeLanguage checks that the info string of fenced code is read with
// escapes and references resolved, for the class and for highlighting
// (defect D4).
func TestCodeLanguage(t *testing.T) {
	tests := []struct{ src, want string }{
		{"``` foo\\+bar\nfoo\n```", `<code class="language-foo+bar">`},
		{"``` f&ouml;&ouml;\nfoo\n```", `<code class="language-föö">`},
		{"``` a&quot;b\nfoo\n```", `<code class="language-a&#34;b">`},
		{"``` g&#111;\nfunc main() {}\n```", `<code class="language-go"><span class="kd">func</span>`},
	}
	for _, tt := range tests {
		if r := convert(t, tt.src, Options{}); !strings.Contains(r.HTML, tt.want) {
			t.Errorf("%q: output lacks %s:\n%s", tt.src, tt.want, r.HTML)
		}
	}
}

// TestAbbrKeepsReferences checks that marking abbreviations never splits a
// character reference, even when an abbreviation is an entity's name
// (defect D5).
func TestAbbrKeepsReferences(t *testing.T) {
	c := New([]Abbr{{Abbr: "nbsp", Title: "x", ID: "nbsp"}, {Abbr: "AMP", Title: "x", ID: "amp"}, {Abbr: "copy", Title: "x", ID: "copy"}, {Abbr: "ICB", Title: "Integrated Care Board", ID: "icb"}})
	r := c.Convert([]byte("a&nbsp;b &AMP; &copy; &#x41;MP &ICB; ICB nbsp"), Options{Path: "a.md", File: "content/a.md", URL: "a/", Line: 1, GlossaryURL: "glossary/"})
	want := "<p>a\u00a0b" + ` &amp; © AMP &amp;<a class="glossary-link" href="../glossary/#icb"><abbr title="Integrated Care Board">ICB</abbr></a>; ICB <a class="glossary-link" href="../glossary/#nbsp"><abbr title="x">nbsp</abbr></a></p>`
	if strings.TrimSpace(r.HTML) != want {
		t.Errorf("output:\n%s\nwant:\n%s", r.HTML, want)
	}
}
