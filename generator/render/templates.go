// Package render draws the pages of a site with its layouts: it loads and
// parses the layouts, gives them their helper functions and the View each
// page is drawn from, and works out what each layout may read. It knows
// the page model (package site) and nothing of how a build is driven.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/orgdata"
	"icsguide/generator/site"
)

// Templates are the parsed layouts: base.html and partials/*.html shared by
// every layout, and one template set per other .html file in layouts/.
type Templates struct {
	dir     string // display name of the layouts folder
	layouts map[string]*template.Template
	assets  map[string]string // files under layouts/assets/: name to path in the site's file system
	// broken names the layouts that exist but could not be parsed; "" stands
	// for all of them (base.html or a partial is missing or broken).
	broken map[string]bool
	sums   map[string]uint64 // layout name to a digest of its sources, see Sums
}

// funcs are the helper functions layouts may call.
var funcs = template.FuncMap{
	"num":         formatNumber,
	"pct":         func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" },
	"statusLabel": orgdata.StatusLabel,
	// determined counts an area's items an ICB has recorded as determined.
	"determined": func(icb *orgdata.ICB, a *content.Area) int {
		ids := make([]string, len(a.Items))
		for i, it := range a.Items {
			ids[i] = it.ID
		}
		return icb.Progress(ids)["determined"]
	},
	// districts keeps the shares of district councils, dropping unitary
	// councils and London boroughs, which are listed as upper tier.
	"districts": func(shares []orgdata.Share) []orgdata.Share {
		var out []orgdata.Share
		for _, s := range shares {
			if s.Authority.Tier == "lower" {
				out = append(out, s)
			}
		}
		return out
	},
	// anyRecorded reports whether the editors have recorded a status,
	// evidence or a note for any checklist item of the ICB.
	"anyRecorded": func(icb *orgdata.ICB) bool {
		for _, a := range icb.Overlay.Assessments {
			if (a.Status != "" && a.Status != orgdata.Statuses[0]) || a.Evidence != "" || a.Note != "" {
				return true
			}
		}
		return false
	},
	// anySplit reports whether any of the shares is of a split authority.
	"anySplit": func(shares []orgdata.Share) bool {
		for _, s := range shares {
			if s.Split {
				return true
			}
		}
		return false
	},
}

// formatNumber writes an integer with thousands separators: 1,234,567.
func formatNumber(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// LoadTemplates parses every layout once. dir is the layouts folder in
// fsys, and its name in messages.
func LoadTemplates(fsys fs.FS, dir string) (*Templates, diag.List) {
	var errs diag.List
	t := &Templates{dir: dir, layouts: map[string]*template.Template{}, assets: map[string]string{}, broken: map[string]bool{}}
	root, msg := content.FollowRoot(fsys, dir)
	if msg != "" {
		errs.Addf(dir, 0, 0, "%s", msg)
		return t, errs
	}
	files := t.read(fsys, root, &errs)
	t.sums = layoutSums(files)
	if root := t.parseShared(files, &errs); root != nil {
		t.parseLayouts(root, files, &errs)
	}
	return t, errs
}

// read reads the layouts folder, at root in fsys: it returns the .html
// files by slash path and records the assets' paths in fsys.
func (t *Templates) read(fsys fs.FS, root string, errs *diag.List) map[string][]byte {
	display := t.dir
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Addf(display, 0, 0, "cannot read: %v", err)
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		if d.IsDir() || content.IsEditorTemp(d.Name()) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			var msg string
			if p, msg = content.Follow(fsys, p, false); msg != "" {
				errs.Addf(display+"/"+rel, 0, 0, "%s", msg)
				return nil
			}
		}
		if strings.HasPrefix(rel, "assets/") {
			t.assets[strings.TrimPrefix(rel, "assets/")] = p
			return nil
		}
		if path.Ext(rel) != ".html" {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Addf(display+"/"+rel, 0, 0, "cannot read: %v", err)
			return nil
		}
		files[rel] = src
		return nil
	})
	if err != nil {
		errs.Addf(display, 0, 0, "cannot read the layouts folder: %v", err)
	}
	return files
}

// parseShared parses base.html and the partials, which every layout uses.
// When they are missing or broken, or the folder could not be read, it
// returns nil and marks every layout broken.
func (t *Templates) parseShared(files map[string][]byte, errs *diag.List) *template.Template {
	base, ok := files["base.html"]
	if !ok {
		errs.Addf(t.dir+"/base.html", 0, 0, "this file is missing: every page is drawn inside it")
		t.broken[""] = true
		return nil
	}
	root := template.New("base.html").Funcs(funcs)
	if _, err := root.Parse(string(base)); err != nil {
		*errs = append(*errs, templateError(t.dir, err))
		t.broken[""] = true
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if strings.HasPrefix(name, "partials/") {
			if _, err := root.New(name).Parse(string(files[name])); err != nil {
				*errs = append(*errs, templateError(t.dir, err))
			}
		}
	}
	if len(*errs) > 0 {
		t.broken[""] = true
		return nil
	}
	return root
}

// parseLayouts parses each layout into its own copy of the shared
// templates root.
func (t *Templates) parseLayouts(root *template.Template, files map[string][]byte, errs *diag.List) {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name == "base.html" || strings.HasPrefix(name, "partials/") {
			continue
		}
		set, err := root.Clone()
		if err == nil {
			_, err = set.New(name).Parse(string(files[name]))
		}
		if err != nil {
			*errs = append(*errs, templateError(t.dir, err))
			t.broken[strings.TrimSuffix(name, ".html")] = true
			continue
		}
		t.layouts[strings.TrimSuffix(name, ".html")] = set
	}
}

// Has reports whether a layout exists.
func (t *Templates) Has(layout string) bool { return t.layouts[layout] != nil }

// Broken reports whether a layout exists but could not be parsed (its
// error is reported once, by LoadTemplates, not again for each page).
func (t *Templates) Broken(layout string) bool { return t.broken[""] || t.broken[layout] }

// Names lists the layouts that exist, sorted.
func (t *Templates) Names() []string { return slices.Sorted(maps.Keys(t.layouts)) }

// Sums returns a digest of each layout's sources (base.html, the partials
// and the layout itself) by layout name: a page needs drawing again only
// when its layout's digest changed.
func (t *Templates) Sums() map[string]uint64 { return t.sums }

// Assets returns the files under layouts/assets/, by name there, each with
// its path in the site's file system.
func (t *Templates) Assets() map[string]string { return t.assets }

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateError turns an html/template error into a positioned error in the
// layout file.
func templateError(dir string, err error) diag.Error {
	msg := err.Error()
	m := templateErrRE.FindStringSubmatch(msg)
	if m == nil {
		return diag.Error{Path: dir, Msg: msg}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return diag.Error{Path: dir + "/" + m[1], Line: line, Col: col, Msg: m[4]}
}

// Renderer draws the pages of one site with one set of layouts. The pages
// it draws share the navigation HTML they have in common (see
// View.SideNav), so it is made anew for a new page tree or new layouts.
type Renderer struct {
	t   *Templates
	s   *site.Site
	nav sync.Map // rendered navigation, see View.SideNav and View.Menu
}

// NewRenderer returns a Renderer of the site s with the layouts t.
func NewRenderer(t *Templates, s *site.Site) *Renderer { return &Renderer{t: t, s: s} }

// Render draws the page p with its layout into buf. read, when not nil, is
// told the key (see DepBody) of each input the page reads beyond those its
// layout names (see Templates.Reads). An error is a diag.Error in the layout.
func (r *Renderer) Render(buf *bytes.Buffer, p *site.Page, read func(key string)) error {
	set := r.t.layouts[p.Layout]
	if set == nil {
		return templateError(r.t.dir, fmt.Errorf("no layout %q", p.Layout))
	}
	v := &View{Site: r.s, Page: p, d: &drawing{set: set, nav: &r.nav, read: read}}
	if err := set.ExecuteTemplate(buf, "base.html", v); err != nil {
		return templateError(r.t.dir, err)
	}
	return nil
}
