package build

import (
	"bytes"
	"hash/maphash"
	"html/template"
	"maps"
	"slices"
	"strconv"
	"strings"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/render"
	"icsguide/generator/site"
)

// htmlIDs returns the values of the id attributes in an HTML document.
func htmlIDs(html []byte) map[string]bool {
	ids := map[string]bool{}
	marker := []byte(` id="`)
	for rest := html; ; {
		i := bytes.Index(rest, marker)
		if i < 0 {
			return ids
		}
		rest = rest[i+len(marker):]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			return ids
		}
		ids[template.HTMLEscapeString(string(rest[:j]))] = true
		ids[string(rest[:j])] = true
		rest = rest[j:]
	}
}

// checkLinks checks that every link in the Markdown leads to a page or file
// that exists, and every #anchor to an id on that page.
func (b *Builder) checkLinks(s *site.Site, t tokens, ed *edit, drawn []*site.Page) diag.List {
	var errs diag.List
	targets := b.linkTargetsToken(t)
	pages := s.Pages
	if ed != nil && b.idsKept(drawn) {
		// The last build's links were all sound, and no page they lead to
		// has other ids now: only the edited pages' links need checking.
		pages = ed.pages
	}
	for _, p := range pages {
		if p.Markdown() == nil {
			continue
		}
		out := p.OutPath()
		c := b.links[out]
		if c == nil || c.gen != p.MarkdownGen() || c.targets != targets || !b.anchorsFresh(c) {
			c = &linkCheck{gen: p.MarkdownGen(), targets: targets}
			c.errs = b.checkPageLinks(s, p, c)
			b.links[out] = c
		}
		errs.Merge(c.errs)
	}
	if ed != nil {
		return errs // the tree, the checklist and the glossary are as they were
	}
	for out := range b.links {
		if b.rendered[out] == nil {
			delete(b.links, out)
		}
	}
	if s.Checklist != nil {
		for _, a := range s.Checklist.Areas {
			if a.Page != "" && s.PageOf(a.Page) == nil {
				errs.Addf(s.Checklist.File, a.Line, 0, "area %q names the page %q, which does not exist", a.ID, a.Page)
			}
		}
	}
	for _, t := range s.Glossary {
		if t.See != "" && s.PageOf(t.See) == nil {
			errs.Addf("content/"+content.GlossaryPath, t.Line, 0, "term %q: see: %q does not exist", t.ID, t.See)
		}
	}
	return errs
}

// idsKept reports whether the pages drawn by this build have the ids they
// had before.
func (b *Builder) idsKept(drawn []*site.Page) bool {
	for _, p := range drawn {
		if r := b.rendered[p.OutPath()]; r == nil || r.idsAt == r.n {
			return false
		}
	}
	return true
}

// linkCheck is a page's link errors, with what they were worked out from.
type linkCheck struct {
	gen     uint64 // the page's body token
	targets uint64 // the pages and files there were, see linkTargetsToken
	anchors []dep  // the pages #anchors lead to, each with its ids token
	errs    diag.List
}

// anchorsFresh reports whether no page that the links' #anchors lead to
// has other ids since the links were checked.
func (b *Builder) anchorsFresh(c *linkCheck) bool {
	for _, a := range c.anchors {
		if idsToken(b.rendered[a.key]) != a.token {
			return false
		}
	}
	return true
}

// idsToken is the number of the drawing of a page that last changed its
// ids, 0 when it has none.
func idsToken(r *renderedPage) uint64 {
	if r == nil {
		return 0
	}
	return r.idsAt
}

// linkTargetsToken digests what links can lead to: the pages, the static
// files and, when drafts are left out, which pages are drafts.
func (b *Builder) linkTargetsToken(t tokens) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	h.WriteString(strconv.FormatUint(t[render.DepTree], 16))
	for _, rel := range slices.Sorted(maps.Keys(b.src.Static)) {
		h.WriteString(rel)
		h.WriteByte(0)
	}
	var drafts uint64
	if !b.opts.Drafts {
		for rel, p := range b.src.Pages {
			if p.Draft {
				drafts ^= maphash.String(hashSeed, rel) // in any order
			}
		}
	}
	return h.Sum64() ^ drafts
}

// checkPageLinks checks the links of one page.
func (b *Builder) checkPageLinks(s *site.Site, p *site.Page, c *linkCheck) diag.List {
	var errs diag.List
	for _, l := range p.Markdown().Links {
		file := p.Source.File
		if !strings.HasSuffix(l.Target, ".md") {
			if _, ok := b.src.Static[l.Target]; !ok {
				errs.Addf(file, l.Line, l.Col, "the link leads to %q, which is not a file in content/ (to link a page, link its .md file)", l.Target)
			}
			continue
		}
		target := s.PageOf(l.Target)
		if target == nil {
			msg := "the link leads to %q, which does not exist"
			if tp, ok := b.src.Pages[l.Target]; ok && tp.Draft {
				msg = "the link leads to %q, which is a draft (build with --drafts, or publish it)"
			}
			errs.Addf(file, l.Line, l.Col, msg, l.Target)
			continue
		}
		if l.Anchor == "" {
			continue
		}
		// A page that failed to render has no ids to check: its render
		// error is reported instead.
		r := b.rendered[target.OutPath()]
		c.anchors = append(c.anchors, dep{target.OutPath(), idsToken(r)})
		if r != nil && !r.ids[l.Anchor] {
			errs.Addf(file, l.Line, l.Col, "the link leads to #%s, but %s has no heading or element with that id", l.Anchor, target.File)
		}
	}
	return errs
}
