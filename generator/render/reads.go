package render

import (
	"hash/maphash"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"icsguide/generator/content"
	"icsguide/generator/markdown"
	"icsguide/generator/orgdata"
	"icsguide/generator/sendstats"
	"icsguide/generator/site"
	"icsguide/generator/yamlpos"
)

// The inputs a page's drawing can read, named by keys. Templates.Reads
// works out which of them each layout may read, and a View records those
// it reads itself (other pages' bodies, the checklist) through the hook
// Renderer.Render is given.
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
	DepTree      = "tree"
	DepSettings  = "settings"
	DepGlossary  = "glossary"
	DepChecklist = "checklist"
	DepOrg       = "org"
	DepData      = "data"
	DepBody      = "body:"
	DepLayout    = "layout:"
)

// allData is what a page that may read any site data depends on.
var allData = []string{DepGlossary, DepChecklist, DepOrg, DepData}

// hashSeed seeds the digests of layouts; they are compared only within one run.
var hashSeed = maphash.MakeSeed()

// The names templates use, sorted by what they read. A name not known here
// may read any site data (a method or field added later, say), so a layout
// that uses one depends on all of it.
var (
	// dataNames read the site-wide data named by the key.
	dataNames = map[string][]string{
		"Glossary": {DepGlossary}, "GlossaryByLetter": {DepGlossary}, "GlossaryURL": {DepGlossary}, "Checklist": {DepChecklist}, "Map": {DepOrg},
		"Org": {DepOrg}, "ICB": {DepOrg}, "Region": {DepOrg}, "ICBPage": {DepOrg}, "RegionPage": {DepOrg},
		"EnglandMap": {DepOrg}, "EnglandMapKey": {DepOrg}, "LocatorMap": {DepOrg}, "AuthoritiesByLetter": {DepOrg}, "Letters": {DepOrg},
		"determined": {DepOrg, DepChecklist}, "PrintedArea": {DepChecklist},
		"Send": {DepOrg}, "SENDArea": {DepOrg}, "SENDPlansTrend": {DepOrg}, "SENDTimelyTrend": {DepOrg},
		"SENDICBTable": {DepOrg}, "CouncilLink": {DepOrg}, "CouncilID": {DepOrg}, "districts": {DepOrg}, "anyRecorded": {DepOrg},
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
			"Site", "Page", "Link", "Canonical", "InSection", "AudienceName", "SideNav", "NavChildren", "For", "Footer",
			"SectionNav", "NavLink", "NavItems", "Item",
			"PrintPages", "PrintID", "PrintContent", "ChecklistAreas", "HasCode", "Printing", "ForPrint", "UnlistedChildren",
			// Site
			"Settings", "Home", "Pages", "Menu", "FooterPages", "PageAt", "PageOf", "PrintPage", "URLOf", "ZipURL", "ZipSize",
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
		for n := range exportedNames(&site.Page{}, &content.Page{}, content.Settings{}, &content.Term{}, &content.Checklist{},
			&content.Area{}, &content.Item{}, content.Citation{}, yamlpos.Date{}, markdown.Heading{}, NavList{}, GlossaryGroup{}) {
			if dataNames[n] == nil {
				names[n] = true
			}
		}
		return names
	}()
)

// partialsOf names the partials each view method draws: a layout that uses
// the method reaches them as if it called them.
var partialsOf = map[string][]string{
	"SideNav": {"sidenav"}, "SectionNav": {"sectionnav"}, "Menu": {"menu"},
	"NavLink": {"navlink"}, "NavItems": {"navitem"}, "Footer": {"site-footer"},
}

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

// Reads works out, from the names each layout's templates use, which
// site-wide inputs (Dep keys) pages drawn with it may read: layout name to
// sorted keys.
func (t *Templates) Reads() map[string][]string {
	out := map[string][]string{}
	for name, set := range t.layouts {
		used := map[string]bool{}
		// Only the templates the page can reach: base.html, and what it
		// calls or has a view method draw, and so on.
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
				todo = append(todo, slices.Sorted(maps.Keys(calls))...)
				for _, n := range slices.Sorted(maps.Keys(used)) {
					todo = append(todo, partialsOf[n]...)
				}
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
				keys[DepOrg] = true
			case !plainNames[n] && !strings.HasPrefix(n, "_html_template_"):
				for _, k := range allData {
					keys[k] = true
				}
			}
		}
		out[name] = slices.Sorted(maps.Keys(keys))
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
	names := slices.Sorted(maps.Keys(files))
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
