package site

import (
	"bytes"
	"fmt"
	"html/template"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/lint"
	"icsguide/generator/mapsvg"
	"icsguide/generator/markdown"
	"icsguide/generator/orgdata"
	"icsguide/generator/sendstats"
)

// Options control a build.
type Options struct {
	Source  string    // the site folder holding content/ and layouts/
	Drafts  bool      // include pages marked draft
	BaseURL string    // published address, e.g. https://example.org/guide/; "" for none
	Preview bool      // building for the preview server: no ZIP
	Today   time.Time // the day review dates are compared with; zero means now
}

// Builder builds the site and keeps what it read, so that a rebuild after an
// edit re-reads only the changed files and re-renders only what they affect.
type Builder struct {
	opts   Options
	src    *content.Source
	tmpl   *Templates
	org    *orgdata.Data
	send   *sendstats.Data
	icbMap *mapsvg.Map

	srcErrs, tmplErrs, orgErrs diag.List
	conv                       *markdown.Converter
	glossaryKey                string
	lintCfg                    lint.Config
	warnings                   map[*content.Page]diag.List // lint warnings of each page, kept like mdCache

	mdCache  map[*content.Page]*markdown.Result
	rendered map[string][]byte          // page URL to its HTML
	ids      map[string]map[string]bool // page URL to the ids in its HTML
	shape    string                     // what every page's navigation depends on
	last     *Site                      // the last good build
	linksTo  map[string][]*Page         // content path to the pages that link to it, in the last good build
	files    map[string][]byte          // the last good build's files, by output path
}

// NewBuilder returns a Builder for the site in o.Source.
func NewBuilder(o Options) *Builder {
	if o.BaseURL != "" && !strings.HasSuffix(o.BaseURL, "/") {
		o.BaseURL += "/"
	}
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	return &Builder{opts: o, mdCache: map[*content.Page]*markdown.Result{}}
}

// Files returns the files of the last successful build, by output path.
func (b *Builder) Files() map[string][]byte { return b.files }

// Build reads everything and builds the whole site.
func (b *Builder) Build() (*Result, diag.List) {
	b.src, b.srcErrs = content.Load(filepath.Join(b.opts.Source, "content"), "content")
	b.loadTemplates()
	b.loadOrg()
	b.rendered = nil
	return b.build(nil)
}

// Change names the files an edit touched, as slash paths under the site
// folder, e.g. "content/explainers/icb.md" or "layouts/page.html".
type Change []string

// Rebuild re-reads the changed files and rebuilds what depends on them.
func (b *Builder) Rebuild(changed Change) (*Result, diag.List) {
	if b.src == nil {
		return b.Build()
	}
	var contentPaths []string
	layouts, org, all := false, false, false
	for _, c := range changed {
		switch {
		case strings.HasPrefix(c, "content/"):
			rel := strings.TrimPrefix(c, "content/")
			contentPaths = append(contentPaths, rel)
			if strings.HasPrefix(rel, orgdata.Dir+"/") {
				org = true
			}
			if rel == content.SettingsPath || rel == content.ChecklistPath {
				all = true
			}
		case strings.HasPrefix(c, "layouts/assets/"):
			// Read again by every build; no page changes.
		case strings.HasPrefix(c, "layouts/"):
			layouts = true
		}
	}
	if len(contentPaths) > 0 {
		b.srcErrs = b.src.Reload(contentPaths, "content")
	}
	if !layouts && !org && !all {
		if res, ok := b.bodyEdit(contentPaths); ok {
			return res, nil
		}
	}
	if layouts {
		b.loadTemplates()
		all = true
	}
	if org || all {
		b.loadOrg()
		all = true
	}
	if all {
		b.rendered = nil
	}
	return b.build(contentPaths)
}

func (b *Builder) loadTemplates() {
	b.tmpl, b.tmplErrs = LoadTemplates(filepath.Join(b.opts.Source, "layouts"), "layouts")
}

// boundaryPath is where the ICB outlines for the map are kept.
const boundaryPath = orgdata.Dir + "/icb22_boundaries_simplified.geojson"

func (b *Builder) loadOrg() {
	b.org, b.orgErrs, b.icbMap, b.send = nil, nil, nil, nil
	for p := range b.src.Data {
		if !strings.HasPrefix(p, orgdata.Dir+"/") {
			continue
		}
		b.org, b.orgErrs = orgdata.Load(b.src.Data, "content", b.src.Checklist)
		if len(b.orgErrs) == 0 {
			var sendErrs diag.List
			b.send, sendErrs = sendstats.Load(b.org, b.src.Streams, b.src.Data, "content")
			b.orgErrs.Merge(sendErrs)
		}
		if geo, ok := b.src.Data[boundaryPath]; ok && b.org != nil {
			file := "content/" + boundaryPath
			m, err := mapsvg.Parse(file, geo)
			if err != nil {
				// The message starts "file:line: "; keep the line, not the name twice.
				line, msg := 0, strings.TrimPrefix(err.Error(), file+":")
				if n, rest, ok := strings.Cut(msg, ": "); ok {
					if l, convErr := strconv.Atoi(n); convErr == nil {
						line, msg = l, rest
					}
				}
				b.orgErrs.Addf(file, line, 0, "%s", strings.TrimSpace(msg))
				return
			}
			if len(b.orgErrs) > 0 {
				// The map is checked against the organisation data only
				// once that is sound; until then its errors are the news.
				b.icbMap = m
				return
			}
			for _, code := range m.Codes() {
				if b.org.ICB(code) == nil {
					b.orgErrs.Addf("content/"+boundaryPath, 0, 0, "the map has an ICB with the ODS code %q, which is not in icbs.csv", code)
				}
			}
			b.icbMap = m
		}
		return
	}
}

// Result is a finished build.
type Result struct {
	Files        map[string][]byte // every output file by slash path, e.g. "explainers/icb/index.html"
	Pages        int               // HTML pages rendered (not counting redirects)
	Rendered     int               // pages rendered by this build (fewer than Pages after a small edit)
	ZipSize      int
	Index        int               // bytes of the search index
	Warnings     diag.List         // what the content checks found, sorted; they do not fail the build
	WarningFiles map[string]string // the output path of each page with warnings, to its content file
}

// build assembles and renders the site. changed lists the content paths
// re-read since the last build (nil means everything).
func (b *Builder) build(changed []string) (*Result, diag.List) {
	var errs diag.List
	errs.Merge(b.srcErrs)
	errs.Merge(b.tmplErrs)
	errs.Merge(b.orgErrs)
	b.prepareConverter()
	s, asmErrs := b.assemble()
	errs.Merge(asmErrs)
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	b.convert(s)
	for _, p := range s.Pages {
		if p.md != nil {
			errs.Merge(p.md.Errors)
		}
	}
	shape := s.shape()
	if shape != b.shape {
		b.rendered = nil
	}
	rendered, renderErrs := b.render(s)
	errs.Merge(renderErrs)
	errs.Merge(b.checkLinks(s))
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	b.shape = shape
	b.last = s
	b.linksTo = linksTo(s)
	files, res, fileErrs := b.files_(s)
	if len(fileErrs) > 0 {
		return nil, fileErrs.Sorted()
	}
	res.Rendered = rendered
	b.files = files
	res.Files = files
	res.Warnings, res.WarningFiles = b.collectWarnings(s)
	return res, nil
}

// prepareConverter makes the Markdown converter, anew when the glossary's
// abbreviations changed (every page's markup depends on them).
func (b *Builder) prepareConverter() {
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
		b.mdCache = map[*content.Page]*markdown.Result{}
		b.warnings = map[*content.Page]diag.List{}
		b.lintCfg = lint.Config{Today: b.opts.Today, Abbrs: defined}
		b.rendered = nil
	}
}

// convert turns every page's Markdown into HTML, in parallel, reusing the
// result for pages whose file did not change.
func (b *Builder) convert(s *Site) {
	glossaryURL := ""
	if s.byURL["glossary/"] != nil && len(s.Glossary) > 0 {
		glossaryURL = "glossary/"
	}
	var todo []*Page
	next := map[*content.Page]*markdown.Result{}
	for _, p := range s.Pages {
		if p.Source == nil {
			continue
		}
		if r, ok := b.mdCache[p.Source]; ok {
			p.md = r
			next[p.Source] = r
			continue
		}
		todo = append(todo, p)
	}
	lints := make([]diag.List, len(todo))
	parallel(len(todo), func(i int) {
		p := todo[i]
		lints[i] = lint.Page(p.Source, b.lintCfg)
		p.md = b.conv.Convert(p.Source.Body, markdown.Options{
			Path: p.Source.Path, File: p.Source.File, URL: p.URL, Line: p.Source.BodyLine,
			Unsafe: p.Source.UnsafeHTML, GlossaryURL: glossaryURL,
		})
	})
	for i, p := range todo {
		next[p.Source] = p.md
		b.warnings[p.Source] = lints[i]
		if b.rendered != nil {
			delete(b.rendered, p.OutPath())
		}
		if !b.opts.Preview {
			// Converted and checked; a one-off build reads them no more, and
			// dropping both lets the file's text be freed.
			p.Source.Body, p.Source.FrontMatter = nil, nil
		}
	}
	b.mdCache = next
	for cp := range b.warnings {
		if next[cp] == nil {
			delete(b.warnings, cp)
		}
	}
	for _, p := range s.Pages {
		if p.md != nil {
			p.Content = template.HTML(p.md.HTML)
			p.Headings = p.md.Headings
		}
	}
}

// bodyEdit handles the commonest edit quickly: pages whose front matter
// is unchanged. Only those pages are converted and rendered again, and only
// the links from and to them are checked. It reports false when the edit is
// of another kind, or the last build failed.
func (b *Builder) bodyEdit(paths []string) (*Result, bool) {
	s := b.last
	if s == nil || len(b.srcErrs)+len(b.tmplErrs)+len(b.orgErrs) > 0 || b.files == nil {
		return nil, false
	}
	var pages []*Page
	for _, rel := range paths {
		p, np := s.byPath[rel], b.src.Pages[rel]
		if p == nil || np == nil || p.Source == np || !sameFrontMatter(p.Source, np) {
			return nil, false
		}
		pages = append(pages, p)
	}
	glossaryURL := ""
	if s.byURL["glossary/"] != nil && len(s.Glossary) > 0 {
		glossaryURL = "glossary/"
	}
	var errs diag.List
	for _, p := range pages {
		np := b.src.Pages[p.Source.Path]
		md := b.conv.Convert(np.Body, markdown.Options{
			Path: np.Path, File: np.File, URL: p.URL, Line: np.BodyLine, Unsafe: np.UnsafeHTML, GlossaryURL: glossaryURL,
		})
		if len(md.Errors) > 0 {
			errs.Merge(md.Errors)
			continue
		}
		delete(b.mdCache, p.Source)
		delete(b.warnings, p.Source)
		b.mdCache[np] = md
		b.warnings[np] = lint.Page(np, b.lintCfg)
		p.Source, p.md, p.Content, p.Headings = np, md, template.HTML(md.HTML), md.Headings
		p.Reviewed, p.ReviewDue, p.Sources, p.Audience = np.Reviewed, np.ReviewDue, np.Sources, np.Audience
		p.DueForReview = np.DueForReview(b.opts.Today)
		delete(b.rendered, p.OutPath())
	}
	if len(errs) > 0 {
		b.last, b.files = nil, nil // the next build starts afresh
		return nil, false
	}
	errs.Merge(b.renderPages(s, pages))
	for _, p := range pages {
		errs.Merge(b.checkPageLinks(s, p))
		for _, from := range b.linksTo[p.Source.Path] {
			errs.Merge(b.checkPageLinks(s, from))
		}
	}
	if len(errs) > 0 {
		b.last, b.files = nil, nil
		return nil, false
	}
	for _, p := range pages { // new links from the edited pages
		for _, l := range p.md.Links {
			if !slices.Contains(b.linksTo[l.Target], p) {
				b.linksTo[l.Target] = append(b.linksTo[l.Target], p)
			}
		}
	}
	files, res, fileErrs := b.files_(s)
	if len(fileErrs) > 0 {
		b.last, b.files = nil, nil
		return nil, false
	}
	res.Rendered = len(pages)
	b.files, res.Files = files, files
	res.Warnings, res.WarningFiles = b.collectWarnings(s)
	return res, true
}

// sameFrontMatter reports whether two versions of a page agree on
// everything other pages show or depend on.
func sameFrontMatter(a, b *content.Page) bool {
	return a.URL == b.URL && a.Title == b.Title && a.Description == b.Description &&
		a.Weight == b.Weight && a.Draft == b.Draft && a.Layout == b.Layout &&
		a.Checklist == b.Checklist && a.UnsafeHTML == b.UnsafeHTML &&
		strings.Join(a.Aliases, "\x00") == strings.Join(b.Aliases, "\x00")
}

// collectWarnings gathers the lint warnings of the site's pages and its
// settings, and the output path of each page that has any.
func (b *Builder) collectWarnings(s *Site) (diag.List, map[string]string) {
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

// linksTo indexes, for each content path, the pages that link to it.
func linksTo(s *Site) map[string][]*Page {
	idx := map[string][]*Page{}
	for _, p := range s.Pages {
		if p.md == nil {
			continue
		}
		for _, l := range p.md.Links {
			if l.Target != p.Source.Path {
				idx[l.Target] = append(idx[l.Target], p)
			}
		}
	}
	return idx
}

// render executes the layouts of the pages not already rendered, in
// parallel, drops pages that are gone, and returns how many it rendered.
func (b *Builder) render(s *Site) (int, diag.List) {
	if b.rendered == nil {
		b.rendered = map[string][]byte{}
		b.ids = map[string]map[string]bool{}
	}
	live := make(map[string]bool, len(s.Pages))
	var todo []*Page
	for _, p := range s.Pages {
		out := p.OutPath()
		live[out] = true
		if _, ok := b.rendered[out]; !ok {
			todo = append(todo, p)
		}
	}
	for k := range b.rendered {
		if !live[k] {
			delete(b.rendered, k)
			delete(b.ids, strings.TrimSuffix(k, "index.html"))
		}
	}
	return len(todo), b.renderPages(s, todo)
}

// renderPages executes the layouts of the given pages, in parallel, and
// keeps their HTML and ids; on an error none of them is kept.
func (b *Builder) renderPages(s *Site, todo []*Page) diag.List {
	out := make([][]byte, len(todo))
	errOut := make([]error, len(todo))
	parallel(len(todo), func(i int) {
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		errOut[i] = b.tmpl.render(buf, &View{Site: s, Page: todo[i]})
		out[i] = bytes.Clone(buf.Bytes()) // exactly sized: thousands are kept
		bufPool.Put(buf)
	})
	// One fault in a layout fails every page drawn with it: report it once.
	var errs diag.List
	var pages []string
	others := map[int]int{}
	for i, p := range todo {
		if errOut[i] == nil {
			continue
		}
		e := templateError("layouts", errOut[i], "")
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
	if len(errs) > 0 {
		for _, p := range todo {
			delete(b.rendered, p.OutPath())
		}
		return errs
	}
	for i, p := range todo {
		b.rendered[p.OutPath()] = out[i]
		b.ids[p.URL] = htmlIDs(out[i])
	}
	return nil
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
func (b *Builder) checkLinks(s *Site) diag.List {
	var errs diag.List
	for _, p := range s.Pages {
		errs.Merge(b.checkPageLinks(s, p))
	}
	if s.Checklist != nil {
		for _, a := range s.Checklist.Areas {
			if a.Page != "" && s.byPath[a.Page] == nil {
				errs.Addf(s.Checklist.File, a.Line, 0, "area %q names the page %q, which does not exist", a.ID, a.Page)
			}
		}
	}
	for _, t := range s.Glossary {
		if t.See != "" && s.byPath[t.See] == nil {
			errs.Addf("content/"+content.GlossaryPath, t.Line, 0, "term %q: see: %q does not exist", t.ID, t.See)
		}
	}
	return errs
}

// checkPageLinks checks the links of one page.
func (b *Builder) checkPageLinks(s *Site, p *Page) diag.List {
	var errs diag.List
	if p.md == nil {
		return nil
	}
	for _, l := range p.md.Links {
		file := p.Source.File
		if !strings.HasSuffix(l.Target, ".md") {
			if _, ok := b.src.Static[l.Target]; !ok {
				errs.Addf(file, l.Line, l.Col, "the link leads to %q, which is not a file in content/ (to link a page, link its .md file)", l.Target)
			}
			continue
		}
		target := s.byPath[l.Target]
		if target == nil {
			msg := "the link leads to %q, which does not exist"
			if tp, ok := b.src.Pages[l.Target]; ok && tp.Draft {
				msg = "the link leads to %q, which is a draft (build with --drafts, or publish it)"
			}
			errs.Addf(file, l.Line, l.Col, msg, l.Target)
			continue
		}
		// A page that failed to render has no ids to check: its render
		// error is reported instead.
		if ids, ok := b.ids[target.URL]; ok && l.Anchor != "" && !ids[l.Anchor] {
			errs.Addf(file, l.Line, l.Col, "the link leads to #%s, but %s has no heading or element with that id", l.Anchor, target.File)
		}
	}
	return errs
}

// parallel calls f(0..n-1) on as many goroutines as there are CPUs.
func parallel(n int, f func(i int)) { parallelN(runtime.GOMAXPROCS(0), n, f) }

// parallelN calls f(0..n-1) on the given number of goroutines.
func parallelN(workers, n int, f func(i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
