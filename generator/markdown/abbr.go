package markdown

import (
	"bytes"
	"html/template"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"icsguide/generator/urlpath"
)

// abbreviations marks the first use of each glossary abbreviation on a
// page (outside headings, links and code) and links it to its glossary
// entry. It does nothing when Options.GlossaryURL is "".
type abbreviations struct {
	byAbbr map[string]Abbr
}

func newAbbreviations(abbrs []Abbr) *abbreviations {
	a := &abbreviations{byAbbr: map[string]Abbr{}}
	for _, x := range abbrs {
		a.byAbbr[x.Abbr] = x
	}
	return a
}

func (a *abbreviations) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(a, abbrsPriority)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(abbrRenderer{}, rendererPriority)))
}

func (a *abbreviations) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || st.opts.GlossaryURL == "" || len(a.byAbbr) == 0 {
		return
	}
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading, *ast.CodeSpan, *ast.AutoLink, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if !insideLink(n) {
				texts = append(texts, n)
			}
		}
		return ast.WalkContinue, nil
	})
	a.mark(texts, reader.Source(), st)
}

// abbrNode is the first use of an abbreviation on a page.
type abbrNode struct {
	ast.BaseInline
	abbr Abbr
	href string
}

// abbrHref is the link from the page at from, converted as st says, to the
// glossary entry id.
func abbrHref(st *state, from, id string) string {
	if st.opts.URL == st.opts.GlossaryURL {
		return "#" + id
	}
	return urlpath.Rel(from, st.opts.GlossaryURL) + "#" + id
}

var kindAbbr = ast.NewNodeKind("Abbr")

func (n *abbrNode) Kind() ast.NodeKind { return kindAbbr }

func (n *abbrNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// mark marks the first use of each known abbreviation in the texts.
func (a *abbreviations) mark(texts []*ast.Text, src []byte, st *state) {
	seen := map[string]bool{}
	for _, tn := range texts {
		for tn != nil {
			seg := tn.Segment
			start, end, x, found := a.find(seg.Value(src), seen)
			if !found {
				break
			}
			seen[x.Abbr] = true
			parent := tn.Parent()
			before := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+start))
			node := &abbrNode{abbr: x, href: abbrHref(st, st.opts.URL, x.ID)}
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

// find finds the first word in s that is an abbreviation not yet seen.
// A plural "s" after the abbreviation (ICBs) is allowed.
func (a *abbreviations) find(s []byte, seen map[string]bool) (int, int, Abbr, bool) {
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
		x, ok := a.byAbbr[w]
		if !ok && len(w) > 2 && w[len(w)-1] == 's' {
			x, ok = a.byAbbr[w[:len(w)-1]]
			if ok {
				j--
			}
		}
		if ok && !seen[x.Abbr] {
			return i, j, x, true
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

func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindLink, ast.KindImage:
			return true
		}
	}
	return false
}

// abbrRenderer draws an abbreviation's first use as a link to the glossary.
type abbrRenderer struct{}

func (r abbrRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindAbbr, r.abbr)
}

func (abbrRenderer) abbr(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
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
