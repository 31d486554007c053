package markdown

import (
	"bytes"
	"html/template"
	"io"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer renders headings with anchors, abbreviations, highlighted
// code and (unless the page opts in) raw HTML as visible, escaped text.
type nodeRenderer struct{ unsafe bool }

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(kindAbbr, r.abbr)
	reg.Register(ast.KindFencedCodeBlock, r.code)
	if !r.unsafe {
		reg.Register(ast.KindRawHTML, r.rawHTML)
		reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	}
}

func (r *nodeRenderer) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	idv, _ := n.AttributeString("id")
	id, _ := idv.([]byte)
	level := "0123456"[n.Level]
	if entering {
		if n.Level > 1 && len(id) > 0 {
			_, _ = w.WriteString(`<div class="heading">`)
		}
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(level)
		if len(id) > 0 {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML(id))
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</h")
	_ = w.WriteByte(level)
	_ = w.WriteByte('>')
	if n.Level > 1 && len(id) > 0 {
		_, _ = w.WriteString(`<a class="heading-anchor" href="#`)
		_, _ = w.Write(util.EscapeHTML(id))
		label := "Link to this section" // for a heading without text
		if txt := plainText(n, src, r.unsafe); txt != "" {
			label = "Link to the section: " + txt
		}
		_, _ = w.WriteString(`" aria-label="`)
		_, _ = w.WriteString(template.HTMLEscapeString(label))
		_, _ = w.WriteString(`">#</a></div>`)
	}
	_ = w.WriteByte('\n')
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) abbr(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*abbrNode)
	if entering {
		_, _ = w.WriteString(`<a class="glossary-link" href="`)
		_, _ = w.WriteString(template.HTMLEscapeString(n.href))
		_, _ = w.WriteString(`"><abbr title="`)
		_, _ = w.WriteString(template.HTMLEscapeString(n.abbr.Title))
		_, _ = w.WriteString(`">`)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</abbr></a>")
	return ast.WalkContinue, nil
}

// Style is the chroma style of highlighted code; Stylesheet writes its CSS.
var (
	lightStyle = styles.Get("github")
	darkStyle  = styles.Get("github-dark")
	formatter  = chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))
)

// Stylesheet writes the CSS for highlighted code: a light theme, and a dark
// one for readers whose system prefers dark colours.
func Stylesheet(w io.Writer) error {
	// Each theme only in its own colour scheme, so a class that one theme
	// colours and the other does not never keeps the wrong colour.
	if _, err := io.WriteString(w, "@media not all and (prefers-color-scheme: dark) {\n"); err != nil {
		return err
	}
	if err := formatter.WriteCSS(w, lightStyle); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "}\n@media (prefers-color-scheme: dark) {\n"); err != nil {
		return err
	}
	if err := formatter.WriteCSS(w, darkStyle); err != nil {
		return err
	}
	_, err := io.WriteString(w, "}\n")
	return err
}

func (r *nodeRenderer) code(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code []byte
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code = append(code, seg.Value(src)...)
	}
	lang := unescape(n.Language(src)) // escapes and references resolved, as CommonMark says
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	_, _ = w.WriteString(`<pre class="chroma" tabindex="0"><code`)
	if lang != "" {
		_, _ = w.WriteString(` class="language-`)
		_, _ = w.WriteString(template.HTMLEscapeString(lang))
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	it, err := lexer.Tokenise(nil, string(code))
	if err == nil {
		err = formatter.Format(w, lightStyle, it)
	}
	if err != nil {
		_, _ = w.WriteString(template.HTMLEscapeString(string(code)))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) rawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	if n.Segments.Len() > 0 && isCommentStart(n.Segments.At(0), src) {
		return ast.WalkSkipChildren, nil // a comment, such as a lint switch, is for editors only
	}
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) htmlBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	if isComment(n, src) {
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString("<p>")
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
	}
	if n.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(src)))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

// isComment reports whether an HTML block is only a comment.
func isComment(n *ast.HTMLBlock, src []byte) bool {
	if n.HTMLBlockType != ast.HTMLBlockType2 {
		return false
	}
	var b []byte
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		b = append(b, line.Value(src)...)
	}
	if n.HasClosure() {
		closure := n.ClosureLine
		b = append(b, closure.Value(src)...)
	}
	b = bytes.TrimSpace(b)
	return bytes.HasPrefix(b, []byte("<!--")) && bytes.HasSuffix(b, []byte("-->")) && bytes.Count(b, []byte("-->")) == 1
}

// isCommentStart reports whether a segment of inline HTML opens a comment.
func isCommentStart(seg text.Segment, src []byte) bool {
	return bytes.HasPrefix(seg.Value(src), []byte("<!--"))
}
