package markdown

import "github.com/yuin/goldmark/ast"

// Print says how a page's body is drawn inside another page, such as a
// printable guide that holds many pages one after another: its links lead
// from that page, every id it makes (headings, footnotes) and every link to
// one of them on the page starts with IDPrefix, so that it is unique there
// (footnotes' ids take it through printIDPrefix), and headings h2 to h5 are
// one level lower. Raw HTML is left as written.
type Print struct {
	URL      string // site-relative URL of the page that shows the body
	IDPrefix string
}

// printMetaKey is where the document keeps the prefix of its footnotes' ids.
const printMetaKey = "markdown-print-id-prefix"

// printIDPrefix is the prefix of the footnotes' ids in a document.
func printIDPrefix(n ast.Node) []byte {
	doc := n.OwnerDocument()
	if doc == nil {
		return nil
	}
	prefix, _ := doc.Meta()[printMetaKey].(string)
	return []byte(prefix)
}

// forPrint changes the converted document so that it draws as
// Options.Print asks.
func (st *state) forPrint(doc ast.Node) {
	p := st.opts.Print
	doc.OwnerDocument().AddMeta(printMetaKey, p.IDPrefix)
	for _, r := range st.rewrote {
		switch n := r.node.(type) {
		case *ast.Link:
			n.Destination = r.dest(p.URL)
		case *ast.Image:
			n.Destination = r.dest(p.URL)
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				if id, ok := id.([]byte); ok {
					n.SetAttributeString("id", append([]byte(p.IDPrefix), id...))
				}
			}
			if n.Level >= 2 && n.Level <= 5 {
				n.Level++
			}
		case *ast.Link:
			if d := n.Destination; len(d) > 0 && d[0] == '#' { // on this page
				n.Destination = append([]byte("#"+p.IDPrefix), d[1:]...)
			}
		case *abbrNode:
			n.href = abbrHref(st, p.URL, n.abbr.ID)
			if n.href[0] == '#' {
				n.href = "#" + p.IDPrefix + n.abbr.ID
			}
		}
		return ast.WalkContinue, nil
	})
}
