package markdown

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"icsguide/generator/urlpath"
)

// The conformance test runs every example of the CommonMark 0.31.2 spec and
// of goldmark's extension tests through the converter, in both modes, and
// compares the output with the expected HTML after the spec's own
// normalisation. Both suites ship inside the goldmark module, so the test
// reads them from the module cache (present after `go mod download`).

// specExample is one example of a conformance suite.
type specExample struct {
	ID       string // "CM-24" for the spec, "gm-table-2" for goldmark's tests
	Markdown string
	HTML     string
}

// extensionSuites are goldmark's test files for the extensions the
// converter enables (GFM's table, strikethrough, task list and linkify,
// footnotes, typographer).
var extensionSuites = []string{"table", "strikethrough", "tasklist", "linkify", "footnote", "typographer"}

// difference is a way the converter's output differs from the spec's on
// purpose. undo turns the normalised output and expected HTML of an example
// into what they would be without the difference.
type difference struct {
	name, reason string
	examples     string // example IDs, space separated
	undo         func(got, want string) (string, string)
}

var (
	headingWrapRE  = regexp.MustCompile(`<div class="heading">|<a aria-label="[^"]*" class="heading-anchor" href="[^"]*">#</a></div>`)
	headingIDRE    = regexp.MustCompile(`(<h[1-6]) id="[^"]*"`)
	codeBlockRE    = regexp.MustCompile(`(?s)<pre class="chroma" tabindex="0"><code[^>]*>.*?</code></pre>`)
	spanRE         = regexp.MustCompile(`</?span[^>]*>`)
	mdHrefRE       = regexp.MustCompile(`href="([^":#]*\.md)"`)
	autoLinkRE     = regexp.MustCompile(`<a href="([^"]*)">([^<]*)</a>`)
	alignClassRE   = regexp.MustCompile(` class="align-(left|center|right)"`)
	typographicRep = strings.NewReplacer("‘", "'", "’", "'", "“", "&quot;", "”", "&quot;", "–", "--", "—", "---", "…", "...", "«", "&lt;&lt;", "»", "&gt;&gt;")
)

// differences is the documented list of deliberate differences. Any other
// difference from the expected HTML fails the test, and so does an example
// listed under a difference that its output does not show.
var differences = []difference{
	{
		name:     "heading ids and links",
		reason:   "every heading gets an id so it can be linked to, and h2-h6 a link to themselves, for the contents list and for sharing a section",
		examples: "CM-10 CM-59 CM-62 CM-66 CM-67 CM-68 CM-71 CM-72 CM-73 CM-74 CM-75 CM-76 CM-77 CM-78 CM-79 CM-80 CM-81 CM-82 CM-83 CM-84 CM-86 CM-89 CM-90 CM-91 CM-95 CM-96 CM-102 CM-103 CM-115 CM-141 CM-214 CM-215 CM-227 CM-228 CM-229 CM-230 CM-232 CM-300 CM-646 CM-647",
		undo: func(got, want string) (string, string) {
			return headingIDRE.ReplaceAllString(headingWrapRE.ReplaceAllString(got, ""), "$1"), want
		},
	},
	{
		name:     "highlighted code",
		reason:   "fenced code is highlighted with chroma: the code text is the same, inside <pre class=\"chroma\" tabindex=\"0\"> (focusable, as it may scroll) and token <span>s",
		examples: "CM-19 CM-24 CM-34 CM-119 CM-120 CM-122 CM-123 CM-124 CM-125 CM-126 CM-127 CM-128 CM-129 CM-130 CM-131 CM-132 CM-133 CM-135 CM-136 CM-137 CM-139 CM-140 CM-141 CM-142 CM-143 CM-144 CM-146 CM-147 CM-212 CM-237 CM-263 CM-278 CM-318 CM-321 CM-324 gm-strikethrough-5",
		undo: func(got, want string) (string, string) {
			return codeBlockRE.ReplaceAllStringFunc(got, func(s string) string {
				s = spanRE.ReplaceAllString(s, "")
				return "<pre>" + s[strings.Index(s, "<code"):]
			}), want
		},
	},
	{
		name:     "typographic punctuation",
		reason:   "the typographer extension writes curly quotes and apostrophes, dashes and ellipses, as the site's British English prose needs",
		examples: "CM-14 CM-46 CM-55 CM-87 CM-91 CM-106 CM-197 CM-209 CM-210 CM-352 CM-359 CM-363 CM-380 CM-385 CM-395 CM-508 CM-590 CM-619 CM-620 CM-622 CM-624 CM-626 CM-650 gm-table-6 gm-table-12 gm-table-13 gm-table-14 gm-linkify-9 gm-footnote-1",
		undo: func(got, want string) (string, string) {
			return typographicRep.Replace(got), typographicRep.Replace(want)
		},
	},
	{
		name:     "links to Markdown pages",
		reason:   "pages link to each other by their Markdown file, and the link is written as the address of the page that file becomes",
		examples: "CM-484 gm-table-14",
		undo: func(got, want string) (string, string) {
			return got, mdHrefRE.ReplaceAllStringFunc(want, func(s string) string {
				target, _ := urlpath.Resolve("_index.md", mdHrefRE.FindStringSubmatch(s)[1])
				return `href="` + urlpath.Rel("", urlpath.PageURL(target)) + `"`
			})
		},
	},
	{
		name:     "GFM autolinks",
		reason:   "GFM's extended autolinks are enabled, so bare web and e-mail addresses become links; the extension keeps the spaces before a hard line break, which a browser does not show",
		examples: "CM-226 CM-608 CM-611 CM-612 CM-635",
		undo: func(got, want string) (string, string) {
			got = autoLinkRE.ReplaceAllStringFunc(got, func(s string) string {
				m := autoLinkRE.FindStringSubmatch(s)
				if strings.TrimPrefix(m[1], "mailto:") == m[2] {
					return m[2]
				}
				return s
			})
			return strings.ReplaceAll(got, " <br>", "<br>"), want
		},
	},
	{
		name:     "table alignment as classes",
		reason:   "column alignment is a class styled by the site's stylesheet: the site's Content-Security-Policy blocks style attributes, and the align attribute is obsolete in HTML",
		examples: "gm-table-2 gm-table-11",
		undo: func(got, want string) (string, string) {
			return alignClassRE.ReplaceAllString(got, ` align="$1"`), want
		},
	},
}

// rawHTMLShownAsText are the examples with raw HTML, which pages show as
// text unless their front matter allows raw HTML (unsafe_html: true). In the
// default mode these are not compared with the spec; instead no text of their
// raw HTML may be lost, and no markup may appear that the converter does not
// emit itself (checked for every example).
var rawHTMLShownAsText = "CM-21 CM-31 CM-148 CM-149 CM-150 CM-151 CM-152 CM-153 CM-154 CM-155 CM-156 CM-157 CM-158 CM-159 CM-160 CM-161 CM-162 CM-163 CM-164 CM-165 CM-166 CM-167 CM-168 CM-169 CM-170 CM-171 CM-172 CM-173 CM-174 CM-175 CM-176 CM-177 CM-178 CM-179 CM-180 CM-181 CM-182 CM-183 CM-184 CM-185 CM-186 CM-187 CM-188 CM-189 CM-190 CM-191 CM-201 CM-308 CM-309 CM-344 CM-475 CM-476 CM-477 CM-491 CM-494 CM-524 CM-536 CM-613 CM-614 CM-615 CM-616 CM-617 CM-623 CM-625 CM-626 CM-627 CM-628 CM-629 CM-630 CM-631 CM-642 CM-643"

// commentsHidden are the examples with HTML comments, which pages do not
// show (unless raw HTML is allowed, when they pass through as comments):
// comments are notes for editors, such as the content linter's switches
// (<!-- lint-ignore ... -->). Only comments may be missing from the text.
var commentsHidden = "CM-179 CM-183 CM-308 CM-309 CM-625 CM-626"

// goldmarkDir finds the goldmark module in the module cache.
func goldmarkDir(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Fatalf("cannot find the goldmark module (run go mod download): %v", err)
	}
	return dir
}

// loadSpec reads the CommonMark spec examples from goldmark's spec.json.
func loadSpec(t testing.TB, dir string) []specExample {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "_test", "spec.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw []struct {
		Markdown, HTML string
		Example        int
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	var out []specExample
	for _, r := range raw {
		out = append(out, specExample{ID: "CM-" + strconv.Itoa(r.Example), Markdown: r.Markdown, HTML: r.HTML})
	}
	return out
}

// loadCases reads one of goldmark's extension test files, as goldmark's
// testutil.DoTestCaseFile does.
func loadCases(t testing.TB, file, prefix string) []specExample {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const attrSep, caseSep = "//- - - - - - - - -//", "//= = = = = = = = = = = = = = = = = = = = = = = =//"
	var out []specExample
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		header := strings.TrimSpace(sc.Text())
		if header == "" {
			continue
		}
		no, _, _ := strings.Cut(header, ":")
		if _, err := strconv.Atoi(strings.TrimSpace(no)); err != nil {
			t.Fatalf("%s:%d: no case number in %q", file, line, header)
		}
		ex := specExample{ID: prefix + strings.TrimSpace(no)}
		escape := false
		sc.Scan()
		line++
		s := sc.Text()
		if strings.Contains(strings.ToLower(s), "options:") {
			escape = strings.Contains(s, `"enableEscape": true`)
			sc.Scan()
			line++
			s = sc.Text()
		}
		if s != attrSep {
			t.Fatalf("%s:%d: want %s, have %q", file, line, attrSep, s)
		}
		var md, html []string
		for sc.Scan() {
			line++
			if sc.Text() == attrSep {
				break
			}
			md = append(md, sc.Text())
		}
		for sc.Scan() {
			line++
			if sc.Text() == caseSep {
				break
			}
			html = append(html, sc.Text())
		}
		ex.Markdown, ex.HTML = strings.Join(md, "\n"), strings.Join(html, "\n")
		if escape {
			ex.Markdown, ex.HTML = unescapeCase(ex.Markdown), unescapeCase(ex.HTML)
		}
		out = append(out, ex)
	}
	return out
}

// unescapeCase applies the escape sequences of a goldmark test case marked
// enableEscape (\n, \t, \uXXXX and the like).
func unescapeCase(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i == len(s)-1 {
			b.WriteByte(s[i])
			continue
		}
		if r, ok := map[byte]byte{'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\'}[s[i+1]]; ok {
			b.WriteByte(r)
			i++
			continue
		}
		if s[i+1] == 'x' && i+3 < len(s) {
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		if (s[i+1] == 'u' || s[i+1] == 'U') && i+5 < len(s) {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
				b.WriteRune(rune(v))
				i += 5
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// suite is a named set of examples.
type suite struct {
	name     string
	examples []specExample
}

// suites loads every example: the CommonMark spec, then goldmark's
// extension tests.
func suites(t testing.TB) []suite {
	dir := goldmarkDir(t)
	out := []suite{{"CommonMark 0.31.2", loadSpec(t, dir)}}
	for _, s := range extensionSuites {
		out = append(out, suite{"goldmark " + s, loadCases(t, filepath.Join(dir, "extension", "_test", s+".txt"), "gm-"+s+"-")})
	}
	return out
}

var specOptions = Options{Path: "_index.md", File: "content/_index.md", URL: "", Line: 1}

// differencesOf returns the deliberate differences listed for an example.
func differencesOf(id string) []difference {
	var out []difference
	for _, d := range differences {
		if strings.Contains(" "+d.examples+" ", " "+id+" ") {
			out = append(out, d)
		}
	}
	return out
}

func applyUndo(ds []difference, skip int, got, want string) (string, string) {
	for i, d := range ds {
		if i != skip {
			got, want = d.undo(got, want)
		}
	}
	return got, want
}

// verdict compares one output with the expected HTML: whether it passes as
// it is, and what is wrong once the listed differences are set aside.
func verdict(id, out, expected string) (strict bool, problem string) {
	got, want := normalizeHTML(out), normalizeHTML(expected)
	if got == want {
		if len(differencesOf(id)) > 0 {
			return true, "listed as a deliberate difference, but matches the spec"
		}
		return true, ""
	}
	ds := differencesOf(id)
	if g, w := applyUndo(ds, -1, got, want); g != w {
		return false, fmt.Sprintf("differs from the spec:\nwant %s\ngot  %s", w, g)
	}
	for i, d := range ds {
		if g, w := applyUndo(ds, i, got, want); g == w {
			return false, fmt.Sprintf("listed under %q, but matches without it", d.name)
		}
	}
	return false, ""
}

// rawNode is the source of a raw HTML node, and whether it is a comment.
type rawNode struct {
	src     string
	comment bool
}

// rawNodes returns the raw HTML nodes of a document.
func rawNodes(c *Converter, src []byte) []rawNode {
	doc := c.safe.Parser().Parse(text.NewReader(src))
	var out []rawNode
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var b strings.Builder
		comment := false
		switch n := n.(type) {
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b.Write(seg.Value(src))
			}
			comment = n.Segments.Len() > 0 && isCommentStart(n.Segments.At(0), src)
		case *ast.HTMLBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			if n.HasClosure() {
				closure := n.ClosureLine
				b.Write(closure.Value(src))
			}
			comment = isComment(n, src)
		default:
			return ast.WalkContinue, nil
		}
		out = append(out, rawNode{b.String(), comment})
		return ast.WalkContinue, nil
	})
	return out
}

// lostText returns the first raw HTML of src, other than a comment, that the
// converted HTML out does not show as text, and whether there are comments.
func lostText(c *Converter, src []byte, out string) (lost string, comments bool) {
	shown := visibleText(out)
	for _, raw := range rawNodes(c, src) {
		switch {
		case raw.comment:
			comments = true
		// CommonMark shows a NUL character as U+FFFD, for safety.
		case !strings.Contains(shown, strings.ReplaceAll(raw.src, "\x00", "\uFFFD")):
			return raw.src, comments
		}
	}
	return "", comments
}

// TestSpec runs the CommonMark spec and goldmark's extension tests.
func TestSpec(t *testing.T) {
	c := New(nil)
	all := suites(t)
	type count struct{ n, strict, aside int }
	for _, unsafe := range []bool{true, false} {
		mode := "raw HTML allowed"
		if !unsafe {
			mode = "raw HTML shown as text"
		}
		o := specOptions
		o.Unsafe = unsafe
		for _, s := range all {
			var cnt count
			for _, ex := range s.examples {
				cnt.n++
				r := c.Convert([]byte(ex.Markdown), o)
				strict, problem := verdict(ex.ID, r.HTML, ex.HTML)
				for _, e := range r.Errors {
					// The site's own rule (pages link by relative paths to
					// their files), not a difference in the HTML.
					if !strings.Contains(e.Msg, "starts with /: link to the Markdown file") {
						problem = fmt.Sprintf("error %v", e)
					}
				}
				if !unsafe {
					for _, p := range markupProblems(r.HTML) {
						problem = fmt.Sprintf("%s in\n%s", p, r.HTML)
					}
				}
				listedRaw := strings.Contains(" "+rawHTMLShownAsText+" ", " "+ex.ID+" ")
				if !unsafe && listedRaw {
					if problem == "" {
						problem = "listed as raw HTML shown as text, but matches the spec"
					} else if strings.HasPrefix(problem, "differs") {
						problem = ""
					}
					lost, comments := lostText(c, []byte(ex.Markdown), r.HTML)
					if lost != "" {
						problem = fmt.Sprintf("raw HTML %q not shown as text in\n%s", lost, r.HTML)
					}
					if hidden := strings.Contains(" "+commentsHidden+" ", " "+ex.ID+" "); hidden != comments {
						problem = fmt.Sprintf("has HTML comments: %v, listed as comments hidden: %v", comments, hidden)
					}
				}
				if strict {
					cnt.strict++
				}
				if problem == "" {
					cnt.aside++
				} else {
					t.Errorf("%s (%s): %s\nMarkdown: %q", ex.ID, mode, problem, ex.Markdown)
				}
			}
			t.Logf("%s, %s: %d examples, %d pass strictly, %d with the deliberate differences set aside", s.name, mode, cnt.n, cnt.strict, cnt.aside)
		}
	}
}

var glossaryWrapRE = regexp.MustCompile(`<a class="glossary-link" href="[^"]*"><abbr title="[^"]*">([^<]*)</abbr></a>`)

// TestSpecGlossary runs every example with a glossary of the words the
// examples use most and of entity names, and checks that marking
// abbreviations changes nothing but the added links.
func TestSpecGlossary(t *testing.T) {
	var abbrs []Abbr
	for _, w := range strings.Fields("ICB SEND foo bar baz a b url title nbsp amp copy quot AMP GT LT QUOT REG ETH COPY") {
		abbrs = append(abbrs, Abbr{Abbr: w, Title: "T " + w, ID: "g-" + w})
	}
	plain, gloss := New(nil), New(abbrs)
	marked := 0
	for _, s := range suites(t) {
		for _, ex := range s.examples {
			for _, unsafe := range []bool{false, true} {
				o := specOptions
				o.Unsafe = unsafe
				want := plain.Convert([]byte(ex.Markdown), o).HTML
				o.GlossaryURL = "glossary/"
				got := gloss.Convert([]byte(ex.Markdown), o).HTML
				if got != want {
					marked++
				}
				if stripped := glossaryWrapRE.ReplaceAllString(got, "$1"); stripped != want {
					t.Errorf("%s (unsafe %v): the glossary changes more than links:\n%s\nwithout the glossary:\n%s", ex.ID, unsafe, got, want)
				}
			}
		}
	}
	if marked < 100 {
		t.Errorf("only %d outputs have glossary links", marked)
	}
}
