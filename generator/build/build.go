// Package build builds the site: it reads the content, the organisation
// data and the layouts, assembles the page tree (package site), converts
// the Markdown, draws the pages (package render), checks the links and
// makes every output file (package output). A Builder kept between builds
// rebuilds after an edit only what read something that changed.
package build

import (
	"io/fs"
	"maps"
	"path"
	"reflect"
	"strings"
	"sync"
	"time"

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
	mapFile := "content/" + boundaryPath
	var m *mapsvg.Map
	var mapErr error
	var drawn sync.WaitGroup
	geo, hasMap := b.src.Data[boundaryPath]
	if hasMap {
		drawn.Go(func() { m, mapErr = mapsvg.Parse(mapFile, geo) })
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
		b.orgErrs.Add(mapFile, mapErr)
		return
	}
	if len(b.orgErrs) == 0 {
		// The map is checked against the organisation data only once that
		// is sound; until then its errors are the news.
		for _, code := range m.Codes() {
			if b.org.ICB(code) == nil {
				b.orgErrs.Addf(mapFile, 0, 0, "the map has an ICB with the ODS code %q, which is not in icbs.csv", code)
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
	var s *site.Site
	var ed *edit
	if len(b.reuse) > 0 && len(errs) == 0 && !reset {
		s, ed = b.last, b.startEdit()
	} else {
		var asmErrs diag.List
		s, asmErrs = b.assemble()
		errs.Merge(asmErrs)
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
		go func() { index <- searchIndex(s) }()
	}
	t := b.inputTokens(s)
	drawn, renderErrs := b.render(s, t, ed)
	errs.Merge(renderErrs)
	errs.Merge(b.checkLinks(s, t, ed, drawn))
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	b.last = s
	files, res, fileErrs := b.files(s, ed, drawn, index)
	if len(fileErrs) > 0 {
		return nil, fileErrs.Sorted()
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

// startEdit starts an edit of the last good build, whose page tree still
// stands because only bodies changed since: the edited pages take their
// new source.
func (b *Builder) startEdit() *edit {
	ed := &edit{}
	for _, rel := range b.reuse {
		if p := b.last.PageOf(rel); p != nil {
			b.forget(b.last, p)
			p.Source = b.src.Pages[rel]
			ed.pages = append(ed.pages, p)
		}
	}
	return ed
}

// assemble makes a new page tree from what has been read, and the
// renderer that draws it.
func (b *Builder) assemble() (*site.Site, diag.List) {
	s, errs := site.Assemble(site.Input{
		Source: b.src, Org: b.org, Send: b.send, Map: b.icbMap, Layouts: b.tmpl,
		Drafts: b.opts.Drafts, BaseURL: b.opts.BaseURL, ZipSize: b.zipSize(), Today: b.opts.Today,
	})
	b.rend, b.tree = render.NewRenderer(b.tmpl, s), treeToken(s)
	return s, errs
}

// files returns the output files of a build (see outputs for index).
// After an edit of bodies they are the last build's with the pages drawn
// again, as the other files depend on nothing such an edit changes;
// otherwise all are made anew.
func (b *Builder) files(s *site.Site, ed *edit, drawn []*site.Page, index <-chan map[string][]byte) (map[string][]byte, *Result, diag.List) {
	if ed == nil || b.lastFiles == nil {
		return b.outputs(s, index)
	}
	files := maps.Clone(b.lastFiles)
	for _, p := range drawn {
		files[p.OutPath()] = b.rendered[p.OutPath()].html
	}
	return files, &Result{Pages: len(b.rendered)}, nil
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
