package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"
)

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

// escaped reports whether the text v holds anything unescape changes.
func escaped(v []byte) bool {
	return bytes.IndexByte(v, '\\') >= 0 || bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, 0) >= 0
}

// writeUnescaped writes the text v with unescape's changes.
func writeUnescaped(b *strings.Builder, v []byte) {
	if escaped(v) {
		b.WriteString(unescape(v))
	} else {
		b.Write(v)
	}
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
			writeUnescaped(b, n.Segment.Value(src))
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
			writeUnescaped(b, n.Value)
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
	if !escaped(v) {
		return string(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriterSize(&buf, len(v)+16)
	html.DefaultWriter.Write(w, v)
	_ = w.Flush()
	return stdhtml.UnescapeString(buf.String())
}
