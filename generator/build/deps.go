package build

import (
	"hash/maphash"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"

	"icsguide/generator/content"
	"icsguide/generator/orgdata"
	"icsguide/generator/render"
	"icsguide/generator/site"
)

// Dependencies. Every rendered page keeps the list of inputs it read, each
// with a token that changes whenever that input changes. A later build
// renders a page again only if one of those tokens differs; so a change
// invalidates exactly the pages that read it, and a page that shows
// everything (the print page, the glossary) simply depends on everything.
// The inputs are named by the keys of package render (render.DepTree and
// the others): what a page's layout may read comes from
// render.Templates.Reads, and what it read besides from the page's View.

// hashSeed seeds the digests of inputs; they are compared only within one run.
var hashSeed = maphash.MakeSeed()

// dep is one input a page read, with the input's token at that time.
type dep struct {
	key   string
	token uint64
}

// renderedPage is a page's HTML with what it was made from.
type renderedPage struct {
	html      []byte          // nil once written by BuildInto
	zipSizeAt []int           // where BuildInto left room for the ZIP's size
	ids       map[string]bool // the values of its id attributes
	deps      []dep
	n         uint64 // numbers each drawing of a page
	// idsAt is the number of the drawing that last changed the page's ids,
	// for the links that lead to them.
	idsAt       uint64
	readsOthers bool // it shows other pages' bodies
}

// tokens are the current tokens of the site-wide inputs.
type tokens map[string]uint64

// inputTokens computes the token of every site-wide input of a build.
func (b *Builder) inputTokens(s *site.Site) tokens {
	t := tokens{render.DepTree: b.tree}
	for name, sum := range b.tmpl.Sums() {
		t[render.DepLayout+name] = sum
	}
	var org, data maphash.Hash
	org.SetSeed(hashSeed)
	data.SetSeed(hashSeed)
	for _, rel := range slices.Sorted(maps.Keys(b.src.Data)) {
		src := b.src.Data[rel]
		switch {
		case rel == content.SettingsPath:
			t[render.DepSettings] = maphash.Bytes(hashSeed, src)
		case rel == content.GlossaryPath:
			t[render.DepGlossary] = maphash.Bytes(hashSeed, src)
		case rel == content.ChecklistPath:
			t[render.DepChecklist] = maphash.Bytes(hashSeed, src)
		case strings.HasPrefix(rel, orgdata.Dir+"/"):
			org.WriteString(rel)
			org.Write(src)
		default:
			data.WriteString(rel)
			data.Write(src)
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(b.src.Streams)) { // large tables, read by the loader as streams
		org.WriteString(rel)
		if fi, err := fs.Stat(b.fsys, b.src.Streams[rel]); err == nil {
			org.WriteString(strconv.FormatInt(fi.Size(), 10) + "@" + strconv.FormatInt(fi.ModTime().UnixNano(), 10))
		}
	}
	t[render.DepOrg], t[render.DepData] = org.Sum64(), data.Sum64()
	return t
}

// token returns the current token of a key, for the site s.
func (t tokens) token(s *site.Site, key string) uint64 {
	if url, ok := strings.CutPrefix(key, render.DepBody); ok {
		if p := s.PageAt(url); p != nil {
			return p.MarkdownGen()
		}
		return 0
	}
	return t[key]
}

// fresh reports whether a rendered page is still what rendering it now
// would give.
func (t tokens) fresh(s *site.Site, r *renderedPage) bool {
	for _, d := range r.deps {
		if t.token(s, d.key) != d.token {
			return false
		}
	}
	return true
}

// pageDeps lists the inputs of a page: those every page has, those its
// layout names and those it read while rendered; and reports whether they
// include other pages' bodies.
func (b *Builder) pageDeps(s *site.Site, t tokens, p *site.Page, read []string) ([]dep, bool) {
	keys := []string{render.DepLayout + p.Layout, render.DepTree, render.DepSettings}
	if p.Source != nil {
		keys = append(keys, render.DepBody+p.URL)
	} else {
		keys = append(keys, render.DepOrg, render.DepData) // made from the data, or a layout alone
	}
	keys = append(keys, b.layoutReads[p.Layout]...)
	keys = append(keys, read...)
	out := make([]dep, 0, len(keys))
	seen := make(map[string]bool, len(keys))
	others := false
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, dep{k, t.token(s, k)})
			others = others || strings.HasPrefix(k, render.DepBody) && k[len(render.DepBody):] != p.URL
		}
	}
	return out, others
}

// treeToken digests everything a page shows of other pages without reading
// their bodies: addresses, places in the tree and front matter.
func treeToken(s *site.Site) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	str := func(v string) { h.WriteString(v); h.WriteByte(0) }
	num := func(n int) { str(strconv.Itoa(n)) }
	for _, p := range s.Pages {
		str(p.URL)
		str(p.Title)
		str(p.Description)
		str(p.Layout)
		str(p.File)
		num(p.Weight)
		num(btoi(p.Draft))
		str(p.Reviewed.ISO())
		str(p.ReviewDue.ISO())
		str(strings.Join(p.Audience, "\x01"))
		for _, c := range p.Sources {
			str(c.Title + "\x01" + c.Publisher + "\x01" + c.Date + "\x01" + c.URL)
		}
		if p.Parent != nil {
			str(p.Parent.URL)
		}
		if src := p.Source; src != nil {
			str(src.Path)
			str(src.Checklist)
			str(strings.Join(src.Aliases, "\x01"))
			num(btoi(src.UnsafeHTML))
		}
		h.WriteByte(1)
	}
	return h.Sum64()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
