package site

import (
	"hash/maphash"
	"os"
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"

	"icsguide/generator/content"
	"icsguide/generator/markdown"
	"icsguide/generator/orgdata"
	"icsguide/generator/sendstats"
	"icsguide/generator/yamlpos"
)

// Dependencies. Every rendered page keeps the list of inputs it read, each
// with a token that changes whenever that input changes. A later build
// renders a page again only if one of those tokens differs; so a change
// invalidates exactly the pages that read it, and a page that shows
// everything (the print page, the glossary) simply depends on everything.
//
// The inputs are named by keys:
//
//	layout:NAME  the layout's templates: base.html, the partials and NAME.html
//	tree         every page's address, place in the tree and front matter,
//	             which every page's navigation shows
//	settings     site.yaml
//	glossary     the glossary terms
//	checklist    the checklist
//	org          the organisation data, the map and the DfE statistics
//	data         every other data file
//	body:URL     the converted Markdown of the page at URL
const (
	depTree      = "tree"
	depSettings  = "settings"
	depGlossary  = "glossary"
	depChecklist = "checklist"
	depOrg       = "org"
	depData      = "data"
	depBody      = "body:"
	depLayout    = "layout:"
)

// hashSeed seeds the digests of inputs; they are compared only within one run.
var hashSeed = maphash.MakeSeed()

// allData is what a page that may read any site data depends on.
var allData = []string{depGlossary, depChecklist, depOrg, depData}

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

// recorder collects the keys a page reads while it is rendered.
type recorder struct{ keys []string }

func (r *recorder) read(key string) {
	if r != nil {
		r.keys = append(r.keys, key)
	}
}

// inputTokens computes the token of every site-wide input of a build.
func (b *Builder) inputTokens(s *Site) tokens {
	if s.tree == 0 {
		s.tree = s.treeToken() // once per page tree
	}
	t := tokens{depTree: s.tree}
	for name, sum := range b.tmpl.sums {
		t[depLayout+name] = sum
	}
	var org, data maphash.Hash
	org.SetSeed(hashSeed)
	data.SetSeed(hashSeed)
	for _, rel := range sortedKeys(b.src.Data) {
		src := b.src.Data[rel]
		switch {
		case rel == content.SettingsPath:
			t[depSettings] = maphash.Bytes(hashSeed, src)
		case rel == content.GlossaryPath:
			t[depGlossary] = maphash.Bytes(hashSeed, src)
		case rel == content.ChecklistPath:
			t[depChecklist] = maphash.Bytes(hashSeed, src)
		case strings.HasPrefix(rel, orgdata.Dir+"/"):
			org.WriteString(rel)
			org.Write(src)
		default:
			data.WriteString(rel)
			data.Write(src)
		}
	}
	for _, rel := range sortedKeys(b.src.Streams) { // large tables, read by the loader from disk
		org.WriteString(rel)
		if fi, err := os.Stat(b.src.Streams[rel]); err == nil {
			org.WriteString(strconv.FormatInt(fi.Size(), 10) + "@" + strconv.FormatInt(fi.ModTime().UnixNano(), 10))
		}
	}
	t[depOrg], t[depData] = org.Sum64(), data.Sum64()
	return t
}

// token returns the current token of a key, for the site s.
func (t tokens) token(s *Site, key string) uint64 {
	if url, ok := strings.CutPrefix(key, depBody); ok {
		if p := s.byURL[url]; p != nil {
			return p.mdGen
		}
		return 0
	}
	return t[key]
}

// fresh reports whether a rendered page is still what rendering it now
// would give.
func (t tokens) fresh(s *Site, r *renderedPage) bool {
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
func (b *Builder) pageDeps(s *Site, t tokens, p *Page, read []string) ([]dep, bool) {
	keys := []string{depLayout + p.Layout, depTree, depSettings}
	if p.Source != nil {
		keys = append(keys, depBody+p.URL)
	} else {
		keys = append(keys, depOrg, depData) // made from the data, or a layout alone
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
			others = others || strings.HasPrefix(k, depBody) && k[len(depBody):] != p.URL
		}
	}
	return out, others
}

// treeToken digests everything a page shows of other pages without reading
// their bodies: addresses, places in the tree and front matter.
func (s *Site) treeToken() uint64 {
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

// The names templates use, sorted by what they read. A name not known here
// may read any site data (a method or field added later, say), so a layout
// that uses one depends on all of it.
var (
	// dataNames read the site-wide data named by the key.
	dataNames = map[string][]string{
		"Glossary": {depGlossary}, "GlossaryByLetter": {depGlossary}, "Checklist": {depChecklist},
		"Org": {depOrg}, "ICB": {depOrg}, "Region": {depOrg}, "ICBPage": {depOrg}, "RegionPage": {depOrg},
		"EnglandMap": {depOrg}, "EnglandMapKey": {depOrg}, "LocatorMap": {depOrg}, "AuthoritiesByLetter": {depOrg}, "Letters": {depOrg},
		"determined": {depOrg, depChecklist}, "PrintedArea": {depChecklist},
		"Send": {depOrg}, "SENDArea": {depOrg}, "SENDPlansTrend": {depOrg}, "SENDTimelyTrend": {depOrg},
		"SENDICBTable": {depOrg}, "CouncilLink": {depOrg}, "CouncilID": {depOrg}, "districts": {depOrg}, "anyRecorded": {depOrg},
	}
	// orgNames are the fields and methods of the organisation data, which
	// a layout reaches only through one of the dataNames.
	orgNames = exportedNames(&orgdata.Data{}, &orgdata.ICB{}, orgdata.Share{}, &orgdata.Region{},
		&orgdata.Authority{}, orgdata.Overlay{}, orgdata.Assessment{}, LetterGroup{},
		&sendstats.Data{}, &sendstats.Group{}, sendstats.Value{}, sendstats.Year{}, sendstats.Figures{},
		sendstats.Council{}, sendstats.Part{}, sendstats.Officer{}, Trend{}, SENDArea{}, ICBTable{}, ICBRow{})
	// plainNames read nothing but the page, the tree and the settings, or
	// record what else they read (PrintContent, ChecklistAreas).
	plainNames = func() map[string]bool {
		names := map[string]bool{}
		for _, n := range []string{
			// View
			"Site", "Page", "Link", "Canonical", "InSection", "AudienceName", "SideNav", "NavChildren", "For",
			"PrintPages", "PrintID", "PrintContent", "ChecklistAreas", "HasCode", "Printing", "ForPrint", "UnlistedChildren",
			// Site
			"Settings", "Home", "Pages", "Menu", "FooterPages", "PageAt", "URLOf", "ZipURL", "ZipSize",
			"BaseURL", "RootURL",
			// functions
			"num", "pct", "statusLabel", "anySplit",
			"and", "or", "not", "len", "index", "slice", "eq", "ne", "lt", "le", "gt", "ge",
			"print", "printf", "println", "html", "js", "urlquery", "call",
		} {
			names[n] = true
		}
		// Fields and methods of the page model and of what the glossary and
		// checklist hold (those are reached through a data name).
		for n := range exportedNames(&Page{}, &content.Page{}, content.Settings{}, &content.Term{}, &content.Checklist{},
			&content.Area{}, &content.Item{}, content.Citation{}, yamlpos.Date{}, markdown.Heading{}, NavList{}, GlossaryGroup{}) {
			if dataNames[n] == nil {
				names[n] = true
			}
		}
		return names
	}()
)

// exportedNames lists the exported fields and methods of the values' types.
func exportedNames(values ...any) map[string]bool {
	names := map[string]bool{}
	for _, v := range values {
		t := reflect.TypeOf(v)
		if t.Kind() != reflect.Pointer {
			t = reflect.PointerTo(t) // with the methods on pointers
		}
		for i := 0; i < t.NumMethod(); i++ {
			names[t.Method(i).Name] = true
		}
		for _, f := range reflect.VisibleFields(t.Elem()) {
			if f.IsExported() {
				names[f.Name] = true
			}
		}
	}
	return names
}

// layoutReads works out, from the names each layout's templates use, which
// site-wide inputs pages drawn with it may read.
func layoutReads(t *Templates) map[string][]string {
	out := map[string][]string{}
	for name, set := range t.layouts {
		used := map[string]bool{}
		// Only the templates the page can reach: base.html, and what it
		// calls, and so on.
		todo, seen := []string{"base.html"}, map[string]bool{}
		for len(todo) > 0 {
			tn := todo[0]
			todo = todo[1:]
			if seen[tn] {
				continue
			}
			seen[tn] = true
			if tt := set.Lookup(tn); tt != nil && tt.Tree != nil {
				calls := map[string]bool{}
				names(tt.Tree.Root, used, calls)
				todo = append(todo, sortedKeys(calls)...)
			}
		}
		keys := map[string]bool{}
		for n := range used {
			switch {
			case dataNames[n] != nil:
				for _, k := range dataNames[n] {
					keys[k] = true
				}
			case orgNames[n] && !plainNames[n]:
				keys[depOrg] = true
			case !plainNames[n] && !strings.HasPrefix(n, "_html_template_"):
				for _, k := range allData {
					keys[k] = true
				}
			}
		}
		out[name] = sortedKeys(keys)
	}
	return out
}

// names adds every field, method, variable field and function name used
// under a template node to used, and the templates it calls to calls.
func names(n parse.Node, used, calls map[string]bool) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				names(c, used, calls)
			}
		}
	case *parse.ActionNode:
		names(n.Pipe, used, calls)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				names(c, used, calls)
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			names(a, used, calls)
		}
	case *parse.IfNode:
		names(&n.BranchNode, used, calls)
	case *parse.RangeNode:
		names(&n.BranchNode, used, calls)
	case *parse.WithNode:
		names(&n.BranchNode, used, calls)
	case *parse.BranchNode:
		names(n.Pipe, used, calls)
		names(n.List, used, calls)
		names(n.ElseList, used, calls)
	case *parse.TemplateNode:
		calls[n.Name] = true
		names(n.Pipe, used, calls)
	case *parse.FieldNode:
		for _, id := range n.Ident {
			used[id] = true
		}
	case *parse.ChainNode:
		names(n.Node, used, calls)
		for _, id := range n.Field {
			used[id] = true
		}
	case *parse.VariableNode:
		for _, id := range n.Ident[1:] {
			used[id] = true
		}
	case *parse.IdentifierNode:
		used[n.Ident] = true
	}
}

// layoutSums digests each layout's sources: base.html, the partials and
// the layout itself, so that a page is drawn again only when one of them
// changed.
func layoutSums(files map[string][]byte) map[string]uint64 {
	var shared maphash.Hash
	shared.SetSeed(hashSeed)
	names := sortedKeys(files)
	for _, name := range names {
		if name == "base.html" || strings.HasPrefix(name, "partials/") {
			shared.WriteString(name)
			shared.Write(files[name])
		}
	}
	base := strconv.FormatUint(shared.Sum64(), 16)
	out := map[string]uint64{}
	for _, name := range names {
		if name != "base.html" && !strings.HasPrefix(name, "partials/") {
			out[strings.TrimSuffix(name, ".html")] = maphash.String(hashSeed, base+"\x00"+string(files[name]))
		}
	}
	return out
}
