package markdown

import (
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// anchors gives every heading an id (written {#id}, or made from its text)
// and draws each h2 to h6 with an id followed by a link to itself, labelled
// with the heading's text as a reader sees it.
type anchors struct{ unsafe bool }

func (a anchors) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithAutoHeadingID(), parser.WithAttribute())
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(a, rendererPriority)))
}

func (a anchors) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, a.heading)
}

func (a anchors) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
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
		if txt := plainText(n, src, a.unsafe); txt != "" {
			label = "Link to the section: " + txt
		}
		_, _ = w.WriteString(`" aria-label="`)
		_, _ = w.WriteString(template.HTMLEscapeString(label))
		_, _ = w.WriteString(`">#</a></div>`)
	}
	_ = w.WriteByte('\n')
	return ast.WalkContinue, nil
}
