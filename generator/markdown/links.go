package markdown

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"icsguide/generator/urlpath"
)

// Resolver finds the file that a link in a page names. p is the path part
// of the link, percent-decoded, without its query and fragment; it is never
// empty and never starts with "/". Resolve returns the file's content path,
// checked later, and the site URL it is published at; ok is false when the
// link leads outside the content folder.
type Resolver func(p string) (target, url string, ok bool)

// Files resolves links as the paths of files inside content/, relative to
// the file at content path from: a Markdown file is published at its page's
// URL, any other file at its own path.
func Files(from string) Resolver {
	return func(p string) (string, string, bool) {
		target, ok := urlpath.Resolve(from, p)
		if !ok {
			return "", "", false
		}
		if strings.HasSuffix(target, ".md") {
			return target, urlpath.PageURL(target), true
		}
		return target, target, true
	}
}

// links rewrites the links and images of a page to the files they name
// (see Resolver) as addresses relative to the page, and records them in
// Result.Links for checking.
type links struct{}

func (l links) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(l, linksPriority)))
}

func (links) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	resolve := st.opts.Resolve
	if resolve == nil {
		resolve = Files(st.opts.Path)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = st.rewrite(n, n.Destination, n.Pos(), resolve)
		case *ast.Image:
			n.Destination = st.rewrite(n, n.Destination, n.Pos(), resolve)
		}
		return ast.WalkContinue, nil
	})
}

// rewrite checks one link destination and returns what the HTML should say.
// The destination is read as CommonMark defines it (backslash escapes and
// character references resolved, then percent-decoded to find the file); its
// query and fragment are kept as written.
func (st *state) rewrite(n ast.Node, dest []byte, pos int, resolve Resolver) []byte {
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
	target, out, ok := resolve(p)
	if !ok {
		st.result.Errors.Addf(st.opts.File, line, col, "the link %q leads outside the content folder", d)
		return dest
	}
	st.result.Links = append(st.result.Links, Link{Target: target, Anchor: anchor, Line: line, Col: col})
	r := rewritten{node: n, url: out}
	if hasQuery {
		r.suffix += "?" + query
	}
	if hasFragment {
		r.suffix += "#" + fragment
	}
	if st.opts.Print != nil {
		st.rewrote = append(st.rewrote, r)
	}
	return r.dest(st.opts.URL)
}

// rewritten is a link to a file, rewritten as an address.
type rewritten struct {
	node   ast.Node // the link or image
	url    string   // the site URL of the file
	suffix string   // the query and fragment as written
}

// dest is the link's destination from the page at the site URL from.
func (r rewritten) dest(from string) []byte {
	// Encode again what percent-decoding made ambiguous; the renderer encodes
	// the rest (spaces, non-ASCII letters) as for any other link.
	href := pathEscaper.Replace(urlpath.Rel(from, r.url))
	if hasScheme(href) { // a file named like "a:b" is not an address with a scheme
		href = "./" + href
	}
	// The renderer resolves escapes and references again: keep \ and & as they are.
	return []byte(rawEscaper.Replace(href + r.suffix))
}

var (
	pathEscaper = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23")
	rawEscaper  = strings.NewReplacer(`\`, `\\`, "&", "&amp;")
)

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
