// Package markdown turns a page's Markdown body into HTML with goldmark: it
// rewrites links between pages, marks the first use of each glossary
// abbreviation, adds heading anchors, highlights code with chroma and
// collects what the rest of the build needs (headings, links, plain text).
package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"icsguide/generator/diag"
	"icsguide/generator/urlpath"
)

// Abbr is a glossary abbreviation to mark up on its first use in a page.
type Abbr struct {
	Abbr  string // as written in text, e.g. "ICB"
	Title string // its expansion
	ID    string // the glossary entry's anchor
}

// Heading is an h2-h6 of a page.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is a link from a page to another page or file inside content/.
type Link struct {
	Target string // content path, e.g. "explainers/icb.md"
	Anchor string // without '#', may be empty
	Line   int
	Col    int
}

// Options describe the page being converted.
type Options struct {
	Path        string // content path of the page
	File        string // path shown in messages
	URL         string // site-relative URL of the page
	Line        int    // line in the file where the body starts
	Unsafe      bool   // pass raw HTML through
	GlossaryURL string // site-relative URL of the glossary page; "" disables abbreviations

	// Inspect, when set, is called with the parsed body before links are
	// rewritten and abbreviations marked, so a checker can read the parse
	// instead of parsing the body again. It must not change the tree.
	Inspect func(doc ast.Node, src []byte)
}

// Result is a converted page body.
type Result struct {
	HTML     string
	Headings []Heading
	Links    []Link
	Text     string // plain text, for the search index
	Errors   diag.List
}

// Converter converts Markdown. It is safe for concurrent use.
type Converter struct {
	safe, unsafe goldmark.Markdown
	abbrs        map[string]Abbr
}

// New returns a Converter that marks the given abbreviations.
func New(abbrs []Abbr) *Converter {
	c := &Converter{abbrs: map[string]Abbr{}}
	for _, a := range abbrs {
		c.abbrs[a.Abbr] = a
	}
	c.safe = c.newGoldmark(false)
	c.unsafe = c.newGoldmark(true)
	return c
}

func (c *Converter) newGoldmark(unsafe bool) goldmark.Markdown {
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{unsafe: unsafe}, 100)),
	}
	if unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(
			// GFM, with table alignment left to classes (see Transform)
			extension.Linkify, extension.Strikethrough, extension.TaskList,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Footnote, extension.Typographer,
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(&transformer{c: c}, 100)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
}

var stateKey = parser.NewContextKey()

// state is the per-conversion data shared by the transformer and the caller.
type state struct {
	opts   Options
	src    []byte
	result *Result
	lines  diag.Lines // positions in the file
}

// Convert converts one page body.
func (c *Converter) Convert(src []byte, o Options) *Result {
	res := &Result{}
	st := &state{opts: o, src: src, result: res, lines: diag.Lines{Src: src, First: o.Line}}
	ctx := parser.NewContext()
	ctx.Set(stateKey, st)
	md := c.safe
	if o.Unsafe {
		md = c.unsafe
	}
	var buf bytes.Buffer
	buf.Grow(len(src) * 3 / 2)
	if err := md.Convert(src, &buf, parser.WithContext(ctx)); err != nil {
		res.Errors.Addf(o.File, o.Line, 0, "cannot convert Markdown: %v", err)
	}
	res.HTML = buf.String()
	return res
}

// transformer rewrites links, marks abbreviations and collects headings and
// text after parsing.
type transformer struct{ c *Converter }

func (t *transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return
	}
	src := reader.Source()
	if st.opts.Inspect != nil {
		st.opts.Inspect(doc, src)
	}
	var texts []*ast.Text
	var plain strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idText, _ := id.([]byte)
			txt := plainText(n, src, st.opts.Unsafe)
			st.result.Headings = append(st.result.Headings, Heading{Level: n.Level, ID: string(idText), Text: txt})
			plain.WriteString(txt)
			plain.WriteByte('\n')
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			n.Destination = st.rewrite(n.Destination, n.Pos())
		case *ast.Image:
			n.Destination = st.rewrite(n.Destination, n.Pos())
		case *ast.Text:
			if !insideLink(n) {
				texts = append(texts, n)
			}
		case *ast.Paragraph, *ast.ListItem, *ast.TextBlock:
			plain.WriteByte(' ')
		case *east.TableCell:
			// A class, not a style attribute: the site's Content-Security-Policy
			// blocks inline styles. The site's stylesheet aligns the classes.
			if n.Alignment != east.AlignNone {
				n.SetAttributeString("class", []byte("align-"+n.Alignment.String()))
			}
		}
		if n.Type() == ast.TypeInline && writeText(&plain, n, src, st.opts.Unsafe) {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	st.result.Text = plain.String()
	if st.opts.GlossaryURL != "" && len(t.c.abbrs) > 0 {
		t.markAbbrs(texts, src, st)
	}
}

func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindLink, ast.KindImage:
			return true
		}
	}
	return false
}

// plainText returns the text of a heading (or any node with inline
// children) as a reader sees it: character references and backslash escapes
// resolved, typographic quotes and dashes as characters, lines joined with a
// space, and raw HTML shown as text unless it passes through as markup.
func plainText(n ast.Node, src []byte, unsafe bool) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && c.Type() == ast.TypeInline && writeText(&b, c, src, unsafe) {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// writeText writes the text that the inline node n itself shows a reader,
// as goldmark's HTML renderer would show it, and reports whether that
// includes the text of its children.
func writeText(b *strings.Builder, n ast.Node, src []byte, unsafe bool) bool {
	switch n := n.(type) {
	case *ast.Text:
		if n.IsRaw() {
			b.Write(n.Segment.Value(src))
		} else {
			b.WriteString(unescape(n.Segment.Value(src)))
		}
		if n.SoftLineBreak() || n.HardLineBreak() {
			b.WriteByte(' ')
		}
	case *ast.String:
		switch {
		case n.IsCode(): // already HTML, such as a typographer's &rsquo;
			b.WriteString(stdhtml.UnescapeString(string(n.Value)))
		case n.IsRaw():
			b.Write(n.Value)
		default:
			b.WriteString(unescape(n.Value))
		}
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.WriteString(strings.ReplaceAll(string(c.Segment.Value(src)), "\n", " "))
			case *ast.String:
				b.Write(c.Value)
			}
		}
		return true
	case *ast.AutoLink:
		b.Write(n.Label(src))
		return true
	case *ast.RawHTML:
		if !unsafe && n.Segments.Len() > 0 && !isCommentStart(n.Segments.At(0), src) { // shown as text, but for comments
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b.Write(seg.Value(src))
			}
		}
		return true
	}
	return false
}

// unescape resolves the backslash escapes and character references of
// Markdown text exactly as goldmark's HTML writer does, and returns the
// text (not HTML).
func unescape(v []byte) string {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, 0) < 0 {
		return string(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriterSize(&buf, len(v)+16)
	html.DefaultWriter.Write(w, v)
	_ = w.Flush()
	return stdhtml.UnescapeString(buf.String())
}

// rewrite checks one link destination and returns what the HTML should say.
// The destination is read as CommonMark defines it (backslash escapes and
// character references resolved, then percent-decoded to find the file); its
// query and fragment are kept as written.
func (st *state) rewrite(dest []byte, pos int) []byte {
	d := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest))))
	if d == "" || hasScheme(d) || strings.HasPrefix(d, "//") {
		return dest
	}
	line, col := st.position(pos)
	rest, fragment, hasFragment := strings.Cut(d, "#")
	rawPath, query, hasQuery := strings.Cut(rest, "?")
	p, err := url.PathUnescape(rawPath)
	anchor, err2 := url.PathUnescape(fragment)
	if err != nil || err2 != nil {
		st.result.Errors.Addf(st.opts.File, line, col, "the link %q is not a valid address: a %% must start a code such as %%20", d)
		return dest
	}
	if strings.HasPrefix(p, "/") {
		st.result.Errors.Addf(st.opts.File, line, col, "the link %q starts with /: link to the Markdown file with a relative path such as ../explainers/icb.md", d)
		return dest
	}
	if p == "" { // "#anchor" or "?query" on this page
		st.result.Links = append(st.result.Links, Link{Target: st.opts.Path, Anchor: anchor, Line: line, Col: col})
		return dest
	}
	target, ok := urlpath.Resolve(st.opts.Path, p)
	if !ok {
		st.result.Errors.Addf(st.opts.File, line, col, "the link %q leads outside the content folder", d)
		return dest
	}
	st.result.Links = append(st.result.Links, Link{Target: target, Anchor: anchor, Line: line, Col: col})
	out := target
	if strings.HasSuffix(target, ".md") {
		out = urlpath.PageURL(target)
	}
	// Encode again what percent-decoding made ambiguous; the renderer encodes
	// the rest (spaces, non-ASCII letters) as for any other link.
	href := pathEscaper.Replace(urlpath.Rel(st.opts.URL, out))
	if hasScheme(href) { // a file named like "a:b" is not an address with a scheme
		href = "./" + href
	}
	if hasQuery {
		href += "?" + query
	}
	if hasFragment {
		href += "#" + fragment
	}
	// The renderer resolves escapes and references again: keep \ and & as they are.
	return []byte(strings.NewReplacer(`\`, `\\`, "&", "&amp;").Replace(href))
}

var pathEscaper = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23")

// hasScheme reports whether an address starts with a scheme such as
// "https:" or "mailto:".
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':':
			return i > 0
		default:
			return false
		}
	}
	return false
}

// position turns a byte offset in the body into a line and column of the
// file. The starts of lines are found once per page.
func (st *state) position(pos int) (int, int) {
	if pos < 0 {
		return st.opts.Line, 0
	}
	return st.lines.Position(pos)
}

// abbrNode is the first use of an abbreviation on a page.
type abbrNode struct {
	ast.BaseInline
	abbr Abbr
	href string
}

var kindAbbr = ast.NewNodeKind("Abbr")

func (n *abbrNode) Kind() ast.NodeKind { return kindAbbr }

func (n *abbrNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// markAbbrs marks the first use of each known abbreviation in the texts.
func (t *transformer) markAbbrs(texts []*ast.Text, src []byte, st *state) {
	seen := map[string]bool{}
	glossary := urlpath.Rel(st.opts.URL, st.opts.GlossaryURL)
	if st.opts.URL == st.opts.GlossaryURL {
		glossary = ""
	}
	for _, tn := range texts {
		for tn != nil {
			seg := tn.Segment
			start, end, a, found := t.findAbbr(seg.Value(src), seen)
			if !found {
				break
			}
			seen[a.Abbr] = true
			parent := tn.Parent()
			before := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+start))
			node := &abbrNode{abbr: a, href: glossary + "#" + a.ID}
			node.AppendChild(node, ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+end)))
			after := ast.NewTextSegment(text.NewSegment(seg.Start+end, seg.Stop))
			after.SetSoftLineBreak(tn.SoftLineBreak())
			after.SetHardLineBreak(tn.HardLineBreak())
			if start > 0 {
				parent.InsertBefore(parent, tn, before)
			}
			parent.InsertBefore(parent, tn, node)
			parent.ReplaceChild(parent, tn, after)
			tn = after
		}
	}
}

// findAbbr finds the first word in s that is an abbreviation not yet seen.
// A plural "s" after the abbreviation (ICBs) is allowed.
func (t *transformer) findAbbr(s []byte, seen map[string]bool) (int, int, Abbr, bool) {
	i := 0
	for i < len(s) {
		if n := refLen(s[i:]); n > 0 { // never split a character reference
			i += n
			continue
		}
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		w := string(s[i:j])
		a, ok := t.c.abbrs[w]
		if !ok && len(w) > 2 && w[len(w)-1] == 's' {
			a, ok = t.c.abbrs[w[:len(w)-1]]
			if ok {
				j--
			}
		}
		if ok && !seen[a.Abbr] {
			return i, j, a, true
		}
		i = j
	}
	return 0, 0, Abbr{}, false
}

// refLen returns the length of the character reference (&amp; &#38;
// &#x26;) at the start of s, or 0 if there is none.
func refLen(s []byte) int {
	if len(s) < 3 || s[0] != '&' {
		return 0
	}
	end := bytes.IndexByte(s[:min(len(s), 40)], ';')
	if end < 2 {
		return 0
	}
	name, ok := string(s[1:end]), false
	switch {
	case len(name) > 2 && (name[:2] == "#x" || name[:2] == "#X"):
		_, err := strconv.ParseUint(name[2:], 16, 32)
		ok = err == nil && len(name) <= 8
	case name[0] == '#':
		_, err := strconv.ParseUint(name[1:], 10, 32)
		ok = err == nil && len(name) <= 8
	default:
		_, ok = util.LookUpHTML5EntityByName(name)
	}
	if !ok {
		return 0
	}
	return end + 1
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}
