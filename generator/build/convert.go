package build

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/lint"
	"icsguide/generator/markdown"
	"icsguide/generator/render"
	"icsguide/generator/site"
	"icsguide/generator/workers"
)

// mdKey is everything a page's Markdown conversion depends on, apart from
// the converter (whose glossary abbreviations reset the cache).
type mdKey struct {
	page             *content.Page
	url, glossaryURL string
	print            markdown.Print // how the printable guide shows it, if it does
}

// mdKeyOf is the key of a page's conversion in the site s.
func mdKeyOf(s *site.Site, p *site.Page, glossaryURL string) mdKey {
	k := mdKey{page: p.Source, url: p.URL, glossaryURL: glossaryURL}
	if o := render.PrintOptions(s, p); o != nil {
		k.print = *o
	}
	return k
}

// converted is a page's Markdown as HTML, numbered so that a page's body
// token changes exactly when its Markdown was converted again.
type converted struct {
	md  *markdown.Result
	gen uint64
}

// prepareConverter makes the Markdown converter, anew when the glossary's
// abbreviations changed (every page's markup depends on them), and reports
// whether it did.
func (b *Builder) prepareConverter() bool {
	var abbrs []markdown.Abbr
	var key strings.Builder
	defined := map[string]bool{}
	for _, t := range b.src.Glossary {
		if t.Abbr != "" {
			defined[t.Abbr] = true
			abbrs = append(abbrs, markdown.Abbr{Abbr: t.Abbr, Title: t.Term, ID: t.ID})
			fmt.Fprintf(&key, "%s\x00%s\x00%s\x00", t.Abbr, t.Term, t.ID)
		}
	}
	if b.conv == nil || key.String() != b.glossaryKey {
		b.conv = markdown.New(abbrs)
		b.glossaryKey = key.String()
		b.mdCache = map[mdKey]converted{}
		b.warnings = map[*content.Page]diag.List{}
		b.lintCfg = lint.Config{Today: b.opts.Today, Abbrs: defined}
		return true
	}
	return false
}

// convert turns the Markdown of the given pages into HTML, in parallel,
// reusing the result when nothing it depends on changed. When they are all
// the site's pages, the cache is left holding exactly theirs.
func (b *Builder) convert(s *site.Site, pages []*site.Page, all bool) {
	glossaryURL := s.GlossaryURL()
	var todo []*site.Page
	var keys []mdKey // the conversion key of each page to convert
	next := b.mdCache
	if all {
		next = make(map[mdKey]converted, len(b.mdCache))
	}
	for _, p := range pages {
		if p.Source == nil {
			continue
		}
		k := mdKeyOf(s, p, glossaryURL)
		if c, ok := b.mdCache[k]; ok {
			p.SetMarkdown(c.md, c.gen)
			next[k] = c
			continue
		}
		todo, keys = append(todo, p), append(keys, k)
	}
	lints := make([]diag.List, len(todo))
	mds := make([]*markdown.Result, len(todo))
	workers.Each(len(todo), func(i int) {
		p := todo[i]
		mds[i] = b.conv.Convert(p.Source.Body, markdown.Options{
			Path: p.Source.Path, File: p.Source.File, URL: p.URL, Line: p.Source.BodyLine,
			Unsafe: p.Source.UnsafeHTML, GlossaryURL: glossaryURL, Print: render.PrintOptions(s, p),
			Inspect: func(doc ast.Node, _ []byte) { lints[i] = lint.Page(p.Source, doc, b.lintCfg) },
		})
	})
	for i, p := range todo {
		b.mdGen++
		c := converted{mds[i], b.mdGen}
		p.SetMarkdown(c.md, c.gen)
		next[keys[i]] = c
		b.warnings[p.Source] = lints[i]
		if !b.opts.Preview {
			// Converted and checked; a one-off build reads them no more, and
			// dropping both lets the file's text be freed.
			p.Source.Body, p.Source.FrontMatter = nil, nil
		}
	}
	if !all {
		return
	}
	b.mdCache = next
	live := make(map[*content.Page]bool, len(next))
	for k := range next {
		live[k.page] = true
	}
	for cp := range b.warnings {
		if !live[cp] {
			delete(b.warnings, cp)
		}
	}
}

// forget drops what the cache holds of a page's source, which an edit
// replaces.
func (b *Builder) forget(s *site.Site, p *site.Page) {
	delete(b.mdCache, mdKeyOf(s, p, s.GlossaryURL()))
	delete(b.warnings, p.Source)
}
