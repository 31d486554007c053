package content

import (
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"icsguide/generator/diag"
	"icsguide/generator/urlpath"
	"icsguide/generator/yamlpos"
)

// Settings are the site-wide settings in content/site.yaml.
type Settings struct {
	Title       string // the site's name, shown in the header
	ShortName   string // lowercase-hyphen name used for the offline ZIP file
	Description string // one sentence for the home page meta description
	Language    string // BCP 47 language tag, e.g. en-GB

	// Who publishes the guide and how readers reach them; "" when not yet
	// decided, which every page and the accessibility statement then say.
	Publisher    string // the organisation that runs the site
	ContactEmail string // an email address readers can write to
	ContactURL   string // a web page with a contact or feedback form

	// What the accessibility statement needs beyond the contact route.
	AccessibilityStatus string       // "full", "partial" or "not": compliance with WCAG 2.2 AA; "" when not yet stated
	ResponseDays        int          // working days to answer a request for another format; 0 when not yet set
	StatementPrepared   yamlpos.Date // when the accessibility statement was first prepared
	SiteTested          yamlpos.Date // when the site was last tested for accessibility
}

// AccessibilityStatuses are the compliance statuses of the model
// accessibility statement for public sector websites.
var AccessibilityStatuses = []string{"full", "partial", "not"}

// ParseSettings reads content/site.yaml.
func ParseSettings(file string, src []byte) (Settings, diag.List) {
	var errs diag.List
	s := Settings{Language: "en-GB"}
	r, root := yamlpos.Open(file, src, &errs)
	if root == nil {
		if len(errs) == 0 {
			errs.Addf(file, 1, 0, "the site settings are empty: they need title and short_name")
		}
		return s, errs
	}
	for _, kv := range r.Mapping(root, "the site settings", "title", "short_name", "description", "language",
		"publisher", "contact_email", "contact_url", "accessibility_status", "response_days", "statement_prepared", "site_tested") {
		switch kv.Key {
		case "title":
			s.Title = r.Text(kv)
		case "short_name":
			s.ShortName = r.Text(kv)
			if !idRE.MatchString(s.ShortName) {
				r.Errorf(kv.Value, "short_name must be lowercase letters, digits and hyphens, not %q", s.ShortName)
			}
		case "description":
			s.Description = r.Text(kv)
		case "language":
			s.Language = r.Text(kv)
		case "publisher":
			s.Publisher = r.Text(kv)
		case "contact_email":
			s.ContactEmail = r.Text(kv)
			if s.ContactEmail != "" && !emailRE.MatchString(s.ContactEmail) {
				r.Errorf(kv.Value, "contact_email must be an email address such as name@example.org, not %q", s.ContactEmail)
				s.ContactEmail = ""
			}
		case "contact_url":
			s.ContactURL = r.WebURL(kv)
		case "accessibility_status":
			s.AccessibilityStatus = r.Text(kv)
			if s.AccessibilityStatus != "" && !slices.Contains(AccessibilityStatuses, s.AccessibilityStatus) {
				r.Errorf(kv.Value, "accessibility_status must be one of %s, not %q", strings.Join(AccessibilityStatuses, ", "), s.AccessibilityStatus)
				s.AccessibilityStatus = ""
			}
		case "response_days":
			if !yamlpos.IsNull(kv.Value) {
				s.ResponseDays = r.Integer(kv)
				if s.ResponseDays < 1 {
					r.Errorf(kv.Value, "response_days must be 1 or more")
					s.ResponseDays = 0
				}
			}
		case "statement_prepared":
			s.StatementPrepared = r.Date(kv)
		case "site_tested":
			s.SiteTested = r.Date(kv)
		}
	}
	if s.Title == "" || s.ShortName == "" {
		r.Errorf(root, "the site settings need both title and short_name")
	}
	return s, errs
}

// idRE matches an id: lowercase letters and digits in hyphenated words.
var idRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// emailRE matches a plain email address: one @, a domain name after it.
var emailRE = regexp.MustCompile(`^[^@\s<>"]+@[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+$`)

// Checklist is what each ICS must determine, in areas.
type Checklist struct {
	File  string
	Areas []*Area
}

// Area is one part of the checklist, such as strategy.
type Area struct {
	ID    string
	Title string
	Page  string // content path of the area's page, e.g. "checklists/strategy.md"
	Line  int
	Items []*Item
}

// Item is one thing an ICS must determine.
type Item struct {
	ID       string // "area.short-name"; stable once published
	Question string
	Why      string
	Source   string
	Line     int
	Area     *Area
}

// Item returns the item with the given id, or nil.
func (c *Checklist) Item(id string) *Item {
	for _, a := range c.Areas {
		for _, it := range a.Items {
			if it.ID == id {
				return it
			}
		}
	}
	return nil
}

// FirstItemID returns the id of the first item, or "" when there is none.
func (c *Checklist) FirstItemID() string {
	for _, a := range c.Areas {
		if len(a.Items) > 0 {
			return a.Items[0].ID
		}
	}
	return ""
}

// Area returns the area with the given id, or nil.
func (c *Checklist) Area(id string) *Area {
	for _, a := range c.Areas {
		if a.ID == id {
			return a
		}
	}
	return nil
}

var itemIDRE = regexp.MustCompile(`^([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z0-9]+(?:-[a-z0-9]+)*)$`)

// ParseChecklist reads checklist.yaml. dir is the slash path of its folder
// inside content/, used to resolve the areas' page names.
func ParseChecklist(file, dir string, src []byte) (*Checklist, diag.List) {
	var errs diag.List
	c := &Checklist{File: file}
	r, root := yamlpos.Open(file, src, &errs)
	if root == nil {
		if len(errs) == 0 {
			errs.Addf(file, 1, 0, "the checklist is empty: it needs a list of areas")
		}
		return c, errs
	}
	seen := map[string]int{}
	for _, kv := range r.Mapping(root, "the checklist", "areas") {
		if kv.Value.Kind != yaml.SequenceNode {
			r.Errorf(kv.Value, "areas must be a list")
			continue
		}
		for _, an := range kv.Value.Content {
			a := &Area{Line: an.Line}
			var items *yaml.Node
			for _, f := range r.Mapping(an, "an area", "id", "title", "page", "items") {
				switch f.Key {
				case "id":
					a.ID = r.Text(f)
					if !idRE.MatchString(a.ID) {
						r.Errorf(f.Value, "area id %q must be lowercase letters, digits and hyphens", a.ID)
					}
				case "title":
					a.Title = r.Text(f)
				case "page":
					a.Page = strings.TrimPrefix(dir+"/"+r.Text(f), "/")
				case "items":
					items = f.Value
				}
			}
			if a.ID == "" || a.Title == "" || items == nil {
				r.Errorf(an, "each area needs id, title and items")
				continue
			}
			if items.Kind != yaml.SequenceNode {
				r.Errorf(items, "items must be a list")
				continue
			}
			for _, in := range items.Content {
				it := &Item{Line: in.Line, Area: a}
				for _, f := range r.Mapping(in, "a checklist item", "id", "question", "why", "source") {
					switch f.Key {
					case "id":
						it.ID = r.Text(f)
						m := itemIDRE.FindStringSubmatch(it.ID)
						switch {
						case m == nil:
							r.Errorf(f.Value, "item id %q must look like area.short-name (lowercase letters, digits and hyphens)", it.ID)
						case m[1] != a.ID:
							r.Errorf(f.Value, "item id %q must start with its area id %q", it.ID, a.ID+".")
						}
						if prev, dup := seen[it.ID]; dup {
							r.Errorf(f.Value, "item id %q is used twice (first on line %d)", it.ID, prev)
						}
						seen[it.ID] = f.Value.Line
					case "question":
						it.Question = r.Text(f)
					case "why":
						it.Why = r.Text(f)
					case "source":
						it.Source = r.Text(f)
					}
				}
				if it.ID == "" || it.Question == "" || it.Why == "" || it.Source == "" {
					r.Errorf(in, "each checklist item needs id, question, why and source")
				}
				a.Items = append(a.Items, it)
			}
			c.Areas = append(c.Areas, a)
		}
	}
	return c, errs
}

// Term is one glossary entry.
type Term struct {
	ID         string
	Term       string
	Abbr       string
	Definition string
	See        string // content path of the page that explains it, or ""
	Line       int
}

// ParseGlossary reads terms.yaml. dir is the slash path of its folder inside
// content/, used to resolve "see" links.
func ParseGlossary(file, dir string, src []byte) ([]*Term, diag.List) {
	var errs diag.List
	r, root := yamlpos.Open(file, src, &errs)
	if root == nil {
		return nil, errs
	}
	if root.Kind != yaml.SequenceNode {
		r.Errorf(root, "the glossary must be a list of terms")
		return nil, errs
	}
	var terms []*Term
	ids, abbrs := map[string]int{}, map[string]int{}
	for _, n := range root.Content {
		t := &Term{Line: n.Line}
		for _, f := range r.Mapping(n, "a glossary term", "id", "term", "abbr", "definition", "see") {
			switch f.Key {
			case "id":
				t.ID = r.Text(f)
				if !idRE.MatchString(t.ID) {
					r.Errorf(f.Value, "term id %q must be lowercase letters, digits and hyphens", t.ID)
				}
				if prev, dup := ids[t.ID]; dup {
					r.Errorf(f.Value, "term id %q is used twice (first on line %d)", t.ID, prev)
				}
				ids[t.ID] = f.Value.Line
			case "term":
				t.Term = r.Text(f)
			case "abbr":
				t.Abbr = r.Text(f)
				if prev, dup := abbrs[t.Abbr]; dup {
					r.Errorf(f.Value, "abbreviation %q is defined twice (first on line %d)", t.Abbr, prev)
				}
				abbrs[t.Abbr] = f.Value.Line
			case "definition":
				t.Definition = r.Text(f)
			case "see":
				if s := r.Text(f); s != "" {
					see, ok := urlpath.Resolve(dir+"/terms.yaml", s)
					if !ok {
						r.Errorf(f.Value, "see: %q points outside content/", s)
					}
					t.See = see
				}
			}
		}
		if t.ID == "" || t.Term == "" || t.Definition == "" {
			r.Errorf(n, "each glossary term needs id, term and definition")
		}
		terms = append(terms, t)
	}
	return terms, errs
}
