// Package build builds the site: it reads the content, the organisation
// data and the layouts, assembles the page tree (package site), converts
// the Markdown, draws the pages (package render), checks the links and
// makes every output file (package output). A Builder kept between builds
// rebuilds after an edit only what read something that changed.
package build

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark/ast"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/lint"
	"icsguide/generator/mapsvg"
	"icsguide/generator/markdown"
	"icsguide/generator/orgdata"
	"icsguide/generator/output"
	"icsguide/generator/render"
	"icsguide/generator/sendstats"
	"icsguide/generator/site"
	"icsguide/generator/workers"
)

// Options control a build.
type Options struct {
	Source  string    // the site folder holding content/ and layouts/
	FS      fs.FS     // the site folder as a file system, read instead of Source when set
	Drafts  bool      // include pages marked draft
	BaseURL string    // published address, e.g. https://example.org/guide/; "" for none
	Preview bool      // building for the preview server: no ZIP
	Today   time.Time // the day review dates are compared with; zero means now
}

// Builder builds the site and keeps what it read, so that a rebuild after an
// edit re-reads only the changed files and renders again only the pages
// that read something that changed (see deps.go).
type Builder struct {
	opts   Options
	fsys   fs.FS // the site folder
	src    *content.Source
	tmpl   *render.Templates
	org    *orgdata.Data
	send   *sendstats.Data
	icbMap *mapsvg.Map

	srcErrs, tmplErrs, orgErrs diag.List
	conv                       *markdown.Converter
	glossaryKey                string
	lintCfg                    lint.Config
	warnings                   map[*content.Page]diag.List // lint warnings of each page, kept like mdCache
	layoutReads                map[string][]string         // layout to the site-wide inputs it may read
	rend                       *render.Renderer            // draws the pages of the last page tree
	tree                       uint64                      // the token of that tree, see treeToken

	mdCache   map[mdKey]converted
	mdGen     uint64                   // counts Markdown conversions, for body tokens
	rendered  map[string]*renderedPage // output path to the page's HTML and inputs
	renders   uint64                   // counts pages drawn, see renderedPage.n
	drawnWith tokens                   // the inputs every page was last drawn from; nil after a failure
	readers   []*site.Page             // the pages that show other pages' bodies
	links     map[string]*linkCheck    // output path to the page's checked links
	last      *site.Site               // the last good build
	lastFiles map[string][]byte        // its files, kept by the preview for the next edit
	lastOK    bool                     // whether the last build succeeded
	reuse     []string                 // pages whose body alone changed since the last build

	out     *output.Folder    // where BuildInto writes pages as they are drawn
	pageZip []output.ZipEntry // the offline ZIP's entries for the pages written there
}

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

// New returns a Builder for the site in o.FS, or else o.Source.
func New(o Options) *Builder {
	if o.BaseURL != "" && !strings.HasSuffix(o.BaseURL, "/") {
		o.BaseURL += "/"
	}
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	fsys := o.FS
	if fsys == nil {
		fsys = content.DirFS(o.Source)
	}
	return &Builder{opts: o, fsys: fsys, mdCache: map[mdKey]converted{}, rendered: map[string]*renderedPage{},
		links: map[string]*linkCheck{}}
}

// BuildInto builds the whole site once, writing each file into out as soon
// as it is made rather than keeping them all: a one-off build. The caller
// commits out, or aborts it when the build failed.
func (b *Builder) BuildInto(out *output.Folder) (*Result, diag.List) {
	b.out = out
	defer func() { b.out, b.pageZip = nil, nil }()
	return b.Build()
}

// Build reads everything and builds the whole site.
func (b *Builder) Build() (*Result, diag.List) {
	var layouts sync.WaitGroup
	layouts.Go(b.loadTemplates) // the layouts need nothing from the content
	b.src, b.srcErrs = content.Load(b.fsys, "content")
	b.loadOrg()
	layouts.Wait()
	b.reuse = nil
	return b.build()
}

// Change names the files an edit touched, as slash paths under the site
// folder, e.g. "content/explainers/icb.md" or "layouts/page.html". A path
// may name a folder that appeared or went away.
type Change []string

// Rebuild re-reads the changed files and builds again. It takes the same
// path as Build: only the pages that read a changed input are rendered again.
func (b *Builder) Rebuild(changed Change) (*Result, diag.List) {
	if b.src == nil {
		return b.Build()
	}
	var contentPaths []string
	layouts, org := false, false
	for _, c := range changed {
		c = path.Clean(c)
		top, rel, _ := strings.Cut(c, "/")
		switch {
		case (top == "content" || top == "layouts") && rel == "", c == ".":
			return b.Build() // the whole folder came or went
		case top == "content":
			contentPaths = append(contentPaths, rel)
			if rel == orgdata.Dir || strings.HasPrefix(rel, orgdata.Dir+"/") || rel == content.ChecklistPath {
				org = true
			}
		case top == "layouts":
			layouts = true
		}
	}
	before := make(map[string]*content.Page, len(contentPaths))
	for _, rel := range contentPaths {
		before[rel] = b.src.Pages[rel]
	}
	if len(contentPaths) > 0 {
		b.srcErrs = b.src.Reload(contentPaths)
		for _, rel := range contentPaths { // a folder holding organisation data
			if strings.HasPrefix(orgdata.Dir+"/", rel+"/") {
				org = true
			}
		}
	}
	if layouts {
		b.loadTemplates()
	}
	if org {
		b.loadOrg()
	}
	b.reuse = nil
	if !layouts && !org && len(contentPaths) > 0 && b.lastOK {
		b.reuse = contentPaths
		for _, rel := range contentPaths {
			if old, now := before[rel], b.src.Pages[rel]; old == nil || now == nil || !sameExceptBody(old, now) {
				b.reuse = nil
				break
			}
		}
	}
	return b.build()
}

// sameExceptBody reports whether two versions of a page differ only in their
// Markdown body, so that the page tree made from them is the same.
func sameExceptBody(a, b *content.Page) bool {
	x, y := *a, *b
	x.Body, y.Body, x.BodyLine, y.BodyLine = nil, nil, 0, 0
	return reflect.DeepEqual(x, y)
}

func (b *Builder) loadTemplates() {
	b.tmpl, b.tmplErrs = render.LoadTemplates(b.fsys, "layouts")
	b.layoutReads = b.tmpl.Reads()
}

// boundaryPath is where the ICB outlines for the map are kept.
const boundaryPath = orgdata.Dir + "/icb22_boundaries_simplified.geojson"

func (b *Builder) loadOrg() {
	b.org, b.orgErrs, b.icbMap, b.send = nil, nil, nil, nil
	hasOrg := false
	for p := range b.src.Data {
		hasOrg = hasOrg || strings.HasPrefix(p, orgdata.Dir+"/")
	}
	if !hasOrg {
		return
	}
	// The map's outlines are drawn while the tables are read.
	var m *mapsvg.Map
	var mapErr error
	var drawn sync.WaitGroup
	geo, hasMap := b.src.Data[boundaryPath]
	if hasMap {
		drawn.Go(func() { m, mapErr = mapsvg.Parse("content/"+boundaryPath, geo) })
	}
	cl := b.src.Checklist
	items := orgdata.Items{Has: func(id string) bool { return cl.Item(id) != nil }, File: cl.File, Example: cl.FirstItemID()}
	b.org, b.orgErrs = orgdata.Load(b.src.Data, "content", items)
	if len(b.orgErrs) == 0 {
		var sendErrs diag.List
		b.send, sendErrs = sendstats.Load(b.org, b.fsys, b.src.Streams, b.src.Data, "content")
		b.orgErrs.Merge(sendErrs)
	}
	drawn.Wait()
	if !hasMap || b.org == nil {
		return
	}
	if mapErr != nil {
		b.orgErrs.Add("content/"+boundaryPath, mapErr)
		return
	}
	if len(b.orgErrs) == 0 {
		// The map is checked against the organisation data only once that
		// is sound; until then its errors are the news.
		for _, code := range m.Codes() {
			if b.org.ICB(code) == nil {
				b.orgErrs.Addf("content/"+boundaryPath, 0, 0, "the map has an ICB with the ODS code %q, which is not in icbs.csv", code)
			}
		}
	}
	b.icbMap = m
}

// Result is a finished build.
type Result struct {
	Files        map[string][]byte // every output file by slash path, e.g. "explainers/icb/index.html"; nil after BuildInto
	Count        int               // how many files the site has
	Pages        int               // HTML pages rendered (not counting redirects)
	Rendered     int               // pages rendered by this build (fewer than Pages after a small edit)
	ZipSize      int
	Index        int               // bytes of the search index
	Warnings     diag.List         // what the content checks found, sorted; they do not fail the build
	WarningFiles map[string]string // the output path of each page with warnings, to its content file
}

// build assembles and renders the site from what has been read.
func (b *Builder) build() (*Result, diag.List) {
	b.lastOK = false
	var errs diag.List
	errs.Merge(b.srcErrs)
	errs.Merge(b.tmplErrs)
	errs.Merge(b.orgErrs)
	reset := b.prepareConverter()
	s := b.last
	var ed *edit
	if len(b.reuse) > 0 && len(errs) == 0 && !reset {
		// Only bodies changed since the last good build: its page tree
		// still stands; the pages take their new source.
		ed = &edit{}
		for _, rel := range b.reuse {
			if p := s.PageOf(rel); p != nil {
				b.forget(s, p)
				p.Source = b.src.Pages[rel]
				ed.pages = append(ed.pages, p)
			}
		}
	} else {
		var asmErrs diag.List
		s, asmErrs = site.Assemble(site.Input{
			Source: b.src, Org: b.org, Send: b.send, Map: b.icbMap, Layouts: b.tmpl,
			Drafts: b.opts.Drafts, BaseURL: b.opts.BaseURL, ZipSize: b.zipSize(), Today: b.opts.Today,
		})
		errs.Merge(asmErrs)
		b.rend, b.tree = render.NewRenderer(b.tmpl, s), treeToken(s)
	}
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	converted := s.Pages
	if ed != nil {
		converted = ed.pages // the other pages' Markdown is as it was, without errors
	}
	b.convert(s, converted, ed == nil)
	for _, p := range converted {
		if md := p.Markdown(); md != nil {
			errs.Merge(md.Errors)
		}
	}
	var index chan map[string][]byte
	if !b.opts.Preview { // the preview makes the index when it is asked for
		// The search index is made while the pages are drawn, to use the
		// time drawing spends waiting on the file system.
		index = make(chan map[string][]byte, 1)
		go func() { index <- output.SearchFiles(searchEntries(s), output.SearchSplitAbove, output.SearchPartAbove) }()
	}
	t := b.inputTokens(s)
	drawn, renderErrs := b.render(s, t, ed)
	errs.Merge(renderErrs)
	errs.Merge(b.checkLinks(s, t, ed, drawn))
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	b.last = s
	var files map[string][]byte
	var res *Result
	if ed != nil && b.lastFiles != nil {
		// The other files depend on nothing an edit of bodies changes.
		files, res = maps.Clone(b.lastFiles), &Result{Pages: len(b.rendered)}
		for _, p := range drawn {
			files[p.OutPath()] = b.rendered[p.OutPath()].html
		}
	} else {
		var fileErrs diag.List
		files, res, fileErrs = b.outputs(s, index)
		if len(fileErrs) > 0 {
			return nil, fileErrs.Sorted()
		}
	}
	if b.opts.Preview {
		b.lastFiles = files
	}
	res.Rendered = len(drawn)
	res.Files = files
	if files != nil {
		res.Count = len(files)
	}
	res.Warnings, res.WarningFiles = b.collectWarnings(s)
	b.lastOK = true
	return res, nil
}

// zipSize is what pages say of the offline ZIP's size: a token that
// output.FillZipSize replaces once the ZIP is made, or, in the preview,
// which makes none, when it will be.
func (b *Builder) zipSize() string {
	if b.opts.Preview {
		return "made when the site is built"
	}
	return output.ZipSizeToken
}

// An edit is a build that keeps the last good build's page tree because
// only the bodies of some pages changed. Everything else the pages read is
// as it was then, so only those pages, and the pages that show them, can
// need drawing again; the rest of the last build's files stand.
type edit struct {
	pages []*site.Page // the pages whose body changed
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
		todo = append(todo, p)
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
		next[mdKeyOf(s, p, glossaryURL)] = c
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

// collectWarnings gathers the lint warnings of the site's pages and its
// settings, and the output path of each page that has any.
func (b *Builder) collectWarnings(s *site.Site) (diag.List, map[string]string) {
	all := lint.Site(s.Settings, "content/"+content.SettingsPath, b.src.Data[content.SettingsPath])
	files := map[string]string{}
	for _, p := range s.Pages {
		if w := b.warnings[p.Source]; p.Source != nil && len(w) > 0 {
			all.Merge(w)
			files[p.OutPath()] = p.Source.File
		}
	}
	return all.Sorted(), files
}

// render draws the pages whose inputs changed since they were last drawn,
// in parallel, drops pages that are gone, and returns the pages it drew.
func (b *Builder) render(s *site.Site, t tokens, ed *edit) ([]*site.Page, diag.List) {
	todo, readers := b.stale(s, t, ed)
	out, errOut, err := b.draw(s, t, todo)
	if err != nil {
		return nil, diag.List{*err}
	}
	// One fault in a layout fails every page drawn with it: report it once.
	var errs diag.List
	var pages []string
	others := map[int]int{}
	for i, p := range todo {
		if errOut[i] == nil {
			b.renders++
			r := out[i]
			r.n, r.idsAt = b.renders, b.renders
			if old := b.rendered[p.OutPath()]; old != nil && maps.Equal(old.ids, r.ids) {
				r.idsAt = old.idsAt
			}
			b.rendered[p.OutPath()] = r
			if r.readsOthers {
				readers = append(readers, p)
			}
			continue
		}
		delete(b.rendered, p.OutPath())
		var e diag.Error
		if !errors.As(errOut[i], &e) {
			e = diag.Error{Msg: errOut[i].Error()}
		}
		if j := slices.Index(errs, e); j >= 0 {
			others[j]++
			continue
		}
		errs = append(errs, e)
		pages = append(pages, p.File)
	}
	for j := range errs {
		if n := others[j]; n > 0 {
			errs[j].Msg += fmt.Sprintf(" (while rendering %s and %d other page%s)", pages[j], n, plural(n))
		} else {
			errs[j].Msg += " (while rendering " + pages[j] + ")"
		}
	}
	b.readers, b.drawnWith = readers, nil
	if len(errs) == 0 {
		b.drawnWith = t
	}
	return todo, errs
}

// stale returns the pages that need drawing, and the pages that show other
// pages' bodies but were drawn from the same inputs, and forgets the pages
// that are gone.
func (b *Builder) stale(s *site.Site, t tokens, ed *edit) (todo, readers []*site.Page) {
	if ed != nil && maps.Equal(t, b.drawnWith) {
		// Every page was drawn from these inputs and the bodies before the
		// edit: only the edited pages and the pages that show other pages'
		// bodies can be stale.
		seen := make(map[*site.Page]bool, len(ed.pages)+len(b.readers))
		for _, p := range slices.Concat(ed.pages, b.readers) {
			if seen[p] {
				continue
			}
			seen[p] = true
			if r := b.rendered[p.OutPath()]; r == nil || !t.fresh(s, r) {
				todo = append(todo, p)
			} else if r.readsOthers {
				readers = append(readers, p)
			}
		}
		return todo, readers
	}
	live := make(map[string]bool, len(s.Pages))
	for _, p := range s.Pages {
		out := p.OutPath()
		live[out] = true
		if r := b.rendered[out]; r == nil || !t.fresh(s, r) {
			todo = append(todo, p)
		} else if r.readsOthers {
			readers = append(readers, p)
		}
	}
	for k := range b.rendered {
		if !live[k] {
			delete(b.rendered, k)
		}
	}
	return todo, readers
}

// draw renders the pages in parallel, returning each one's result and
// template error. A one-off build into b.out writes each page at once and
// keeps only its ZIP entry (in b.pageZip) and where its footer leaves room
// for the ZIP's size; a failure to write is the error returned.
func (b *Builder) draw(s *site.Site, t tokens, todo []*site.Page) ([]*renderedPage, []error, *diag.Error) {
	out := make([]*renderedPage, len(todo))
	errOut := make([]error, len(todo))
	var zipped []output.ZipEntry
	var writeErrs []error
	if b.out != nil {
		zipped = make([]output.ZipEntry, len(todo))
		writeErrs = make([]error, len(todo))
	}
	note := output.OfflineNote(b.opts.Today, s.BaseURL)
	workers.Each(len(todo), func(i int) {
		buf := bufPool.Get().(*bytes.Buffer)
		defer bufPool.Put(buf)
		buf.Reset()
		var read []string
		errOut[i] = b.rend.Render(buf, todo[i], func(key string) { read = append(read, key) })
		html := buf.Bytes()
		r := &renderedPage{ids: htmlIDs(html)}
		r.deps, r.readsOthers = b.pageDeps(s, t, todo[i], read)
		out[i] = r
		if b.out == nil {
			r.html = bytes.Clone(html) // exactly sized: thousands are kept
			return
		}
		if errOut[i] != nil {
			return
		}
		if p := todo[i]; !p.InPrint() && p.Markdown() != nil {
			p.Markdown().HTML, p.Content = "", "" // no other page reads its body
		}
		name := todo[i].OutPath()
		if output.InZip(name) {
			zipped[i] = output.NewZipEntry(name, html, note)
		}
		r.zipSizeAt = output.ZipSizeOffsets(html)
		writeErrs[i] = b.out.WriteFile(name, html)
	})
	for i, z := range zipped {
		if z.Name() != "" {
			b.pageZip = append(b.pageZip, z)
		}
		if writeErrs[i] != nil {
			return nil, nil, &diag.Error{Msg: fmt.Sprintf("cannot write %s: %v", todo[i].OutPath(), writeErrs[i])}
		}
	}
	return out, errOut, nil
}

// bufPool keeps the buffers pages are rendered into.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

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

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
