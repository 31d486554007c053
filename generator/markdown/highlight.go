package markdown

import (
	"html/template"
	"io"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// The chroma styles of highlighted code, and its formatter; Stylesheet
// writes their CSS.
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

// highlight draws fenced code highlighted by chroma, with CSS classes (see
// Stylesheet), in a scrollable box that can take the keyboard focus.
type highlight struct{}

func (h highlight) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(h, rendererPriority)))
}

func (h highlight) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.code)
}

func (highlight) code(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
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
