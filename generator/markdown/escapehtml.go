package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// rawHTML decides what raw HTML in Markdown becomes. A page that opts in
// (Options.Unsafe) passes it through; otherwise it is shown as text,
// escaped, and HTML comments, notes for editors such as the content
// checks' switches, are left out.
type rawHTML struct{ unsafe bool }

func (r rawHTML) Extend(m goldmark.Markdown) {
	if r.unsafe {
		m.Renderer().AddOptions(html.WithUnsafe())
		return
	}
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(r, rendererPriority)))
}

func (r rawHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.inline)
	reg.Register(ast.KindHTMLBlock, r.block)
}

func (rawHTML) inline(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
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

func (rawHTML) block(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
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
