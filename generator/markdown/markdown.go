// Package markdown turns a page's Markdown body into HTML with goldmark and
// collects what the rest of the build needs (headings, links, plain text).
// Each of its features is a goldmark extension in its own file: links
// rewritten to the files they name (links.go), the first use of each
// glossary abbreviation marked (abbr.go), heading anchors (anchors.go), code
// highlighted with chroma (highlight.go) and raw HTML shown as text
// (escapehtml.go). A body can also be drawn as another page shows it, such
// as the printable guide (print.go).
package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"icsguide/generator/diag"
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

	// Resolve finds the files that links name; nil resolves them as files
	// inside content/ relative to Path (see Files).
	Resolve Resolver

	// Inspect, when set, is called with the parsed body before links are
	// rewritten and abbreviations marked, so a checker can read the parse
	// instead of parsing the body again. It must not change the tree.
	Inspect func(doc ast.Node, src []byte)

	// Print, when set, also draws the body as another page shows it, in
	// Result.Print (see print.go).
	Print *Print
}

// Result is a converted page body.
type Result struct {
	HTML     string
	Print    string // the body as Options.Print asks, or ""
	Headings []Heading
	Links    []Link
	Text     string // plain text, for the search index
	Errors   diag.List
}

// Converter converts Markdown. It is safe for concurrent use.
type Converter struct {
	safe, unsafe goldmark.Markdown
}

// New returns a Converter that marks the given abbreviations.
func New(abbrs []Abbr) *Converter {
	a := newAbbreviations(abbrs)
	return &Converter{safe: newGoldmark(a, false), unsafe: newGoldmark(a, true)}
}

// newGoldmark puts the converter together: GitHub-flavoured Markdown with
// footnotes and smart quotes, then this package's extensions, each in its
// own file. Raw HTML is shown as text unless unsafe.
func newGoldmark(abbrs *abbreviations, unsafe bool) goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(
		extension.Linkify, extension.Strikethrough, extension.TaskList,
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(printIDPrefix)), extension.Typographer,
		outline{unsafe}, alignClasses{}, links{}, abbrs, anchors{unsafe}, highlight{}, rawHTML{unsafe},
	))
}

// The order in which this package's transformers run: outline sees the tree
// as parsed, and all of them run before goldmark's footnote transformer
// (999) moves the footnotes to the end.
const (
	outlinePriority = 100 + iota
	alignPriority
	linksPriority
	abbrsPriority
)

// rendererPriority puts this package's node renderers before goldmark's
// own, which they replace for their kinds of node.
const rendererPriority = 100

var stateKey = parser.NewContextKey()

// state is the per-conversion data the extensions read and fill.
type state struct {
	opts    Options
	result  *Result
	lines   diag.Lines  // positions in the file
	rewrote []rewritten // the links rewritten, to draw them again for Print
}

// stateOf returns the conversion's state, or nil when the document is not
// converted by Convert.
func stateOf(pc parser.Context) *state {
	st, _ := pc.Get(stateKey).(*state)
	return st
}

// Convert converts one page body.
func (c *Converter) Convert(src []byte, o Options) *Result {
	md := c.safe
	if o.Unsafe {
		md = c.unsafe
	}
	return convertWith(md, src, o)
}

func convertWith(md goldmark.Markdown, src []byte, o Options) *Result {
	res := &Result{}
	st := &state{opts: o, result: res, lines: diag.Lines{Src: src, First: o.Line}}
	ctx := parser.NewContext()
	ctx.Set(stateKey, st)
	var buf bytes.Buffer
	buf.Grow(len(src) * 3 / 2)
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		res.Errors.Addf(o.File, o.Line, 0, "cannot convert Markdown: %v", err)
	}
	res.HTML = buf.String()
	if o.Print != nil {
		st.forPrint(doc)
		buf.Reset()
		if err := md.Renderer().Render(&buf, src, doc); err != nil {
			res.Errors.Addf(o.File, o.Line, 0, "cannot convert Markdown: %v", err)
		}
		res.Print = buf.String()
	}
	return res
}

// outline calls Options.Inspect and collects the headings and the plain
// text of a page.
type outline struct{ unsafe bool }

func (o outline) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(o, outlinePriority)))
}

func (o outline) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	src := reader.Source()
	if st.opts.Inspect != nil {
		st.opts.Inspect(doc, src)
	}
	var plain strings.Builder
	plain.Grow(len(src)) // the text is shorter than its Markdown
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idText, _ := id.([]byte)
			txt := plainText(n, src, o.unsafe)
			st.result.Headings = append(st.result.Headings, Heading{Level: n.Level, ID: string(idText), Text: txt})
			plain.WriteString(txt)
			plain.WriteByte('\n')
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.ListItem, *ast.TextBlock:
			plain.WriteByte(' ')
		}
		if n.Type() == ast.TypeInline && writeText(&plain, n, src, o.unsafe) {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	st.result.Text = plain.String()
}

// alignClasses writes the alignment of table columns as classes, not as
// style attributes, which the site's Content-Security-Policy blocks. The
// site's stylesheet aligns the classes.
type alignClasses struct{}

func (a alignClasses) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(a, alignPriority)))
}

func (alignClasses) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*east.TableCell); ok && entering && c.Alignment != east.AlignNone {
			c.SetAttributeString("class", []byte("align-"+c.Alignment.String()))
		}
		return ast.WalkContinue, nil
	})
}
