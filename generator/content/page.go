// Package content reads the site's source: Markdown pages with YAML front
// matter, the checklist, the glossary and the site settings. It checks every
// field and reports each problem with its file and line.
package content

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"icsguide/generator/diag"
	"icsguide/generator/urlpath"
	"icsguide/generator/yamlpos"
)

// Citation is one entry of a page's sources list.
type Citation struct {
	Title     string
	Publisher string
	Date      string // "YYYY", "YYYY-MM" or "YYYY-MM-DD"
	URL       string
	Line, Col int // where the entry starts in the page's file
}

// Meta is the front matter every page of the site has, whether an editor
// wrote it or the generator made the page from data: what readers see of it
// on the page and in lists. The site's pages embed it as it is.
type Meta struct {
	Title       string
	Description string
	Weight      int
	Draft       bool
	Audience    []string
	Reviewed    yamlpos.Date
	ReviewDue   yamlpos.Date
	Sources     []Citation
}

// Page is one Markdown file: its front matter and its body.
type Page struct {
	Path      string // slash path inside content/, e.g. "explainers/icb.md"
	File      string // path shown in messages, e.g. "content/explainers/icb.md"
	URL       string // site-relative URL: "" for home, "explainers/icb/"
	IsSection bool   // an _index.md
	Meta
	Aliases     []string // cleaned site-relative URLs, e.g. "old/page/"
	UnsafeHTML  bool
	Layout      string
	Checklist   string
	LintIgnore  []Switch       // content checks switched off for the whole page
	KeyLines    map[string]int // line in the file of each front matter key
	FrontMatter []byte         // the front matter's text, LF line endings; it starts on line 2
	Body        []byte         // Markdown after the front matter, LF line endings
	BodyLine    int            // line in the file where Body starts
}

// DueForReview reports whether the page's review_due date is before today.
func (p *Page) DueForReview(today time.Time) bool {
	return !p.ReviewDue.IsZero() && p.ReviewDue.ISO() < today.Format("2006-01-02")
}

// Switch turns off one content check, with the editor's reason.
type Switch struct {
	Rule   string
	Reason string
	Line   int
}

// Keys lists the front matter keys a page may use.
var Keys = []string{"title", "description", "weight", "draft", "audience", "reviewed",
	"review_due", "sources", "aliases", "unsafe_html", "layout", "checklist", "lint_ignore"}

// Audiences lists the audience ids a page may name.
var Audiences = []string{"parents", "practitioners", "social-care", "local-government", "vcse", "policy"}

// audienceNames are the readers each audience id stands for.
var audienceNames = map[string]string{
	"parents": "parent carers and families", "practitioners": "SEND practitioners",
	"social-care": "social care providers", "local-government": "local government",
	"vcse": "voluntary and community organisations", "policy": "policy makers",
}

// AudienceName returns the readers an audience id stands for, or "" for an
// unknown id.
func AudienceName(id string) string { return audienceNames[id] }

// BadNames returns the parts of a page's content path (folders and file
// name without .md) that cannot be used in a web address.
func BadNames(rel string) []string {
	var bad []string
	for _, seg := range strings.Split(strings.TrimSuffix(rel, ".md"), "/") {
		if !urlpath.IsName(seg) {
			bad = append(bad, seg)
		}
	}
	return bad
}

// ParsePage reads one page. rel is its slash path inside content/ and file
// the path shown in messages.
func ParsePage(rel, file string, src []byte) (*Page, diag.List) {
	var errs diag.List
	src, bad := yamlpos.Normalize(file, src)
	if bad != nil {
		return nil, diag.List{*bad}
	}
	p := &Page{Path: rel, File: file, URL: urlpath.PageURL(rel), IsSection: path.Base(rel) == "_index.md"}
	for _, seg := range BadNames(rel) {
		errs.Addf(file, 0, 0, "the name %q cannot be used in a web address: use lowercase letters, digits and hyphens", seg)
	}
	if len(bytes.TrimSpace(src)) == 0 {
		errs.Addf(file, 1, 1, "the file is empty: a page needs front matter between --- lines with at least a title")
		return nil, errs
	}
	if !bytes.HasPrefix(src, []byte("---\n")) {
		errs.Addf(file, 1, 1, "a page must start with front matter: a line ---, then title: ..., then another line ---")
		return nil, errs
	}
	rest := src[4:]
	end := -1
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		end = 0
	} else if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
		end = i + 1
	} else if bytes.HasSuffix(rest, []byte("\n---")) {
		end = len(rest) - 3
	}
	if end < 0 {
		errs.Addf(file, 1, 1, "the front matter is not closed: add a line with only --- after it")
		return nil, errs
	}
	fm := rest[:end]
	body := rest[end:]
	body = body[min(len(body), 4):]
	p.BodyLine = bytes.Count(src[:len(src)-len(body)], []byte("\n")) + 1
	p.Body = body
	p.FrontMatter = fm
	p.readFrontMatter(fm, &errs)
	return p, errs
}

func (p *Page) readFrontMatter(fm []byte, errs *diag.List) {
	r := yamlpos.Reader{Path: p.File, LineOffset: 1, Errs: errs}
	root := r.Parse(fm)
	if root == nil {
		if len(*errs) == 0 {
			errs.Addf(p.File, 2, 1, "the front matter is empty: it needs at least a title")
		}
		return
	}
	var due yamlpos.Field
	p.KeyLines = map[string]int{}
	for _, kv := range r.Mapping(root, "the front matter", Keys...) {
		p.KeyLines[kv.Key] = kv.KeyNode.Line + r.LineOffset
		switch kv.Key {
		case "title":
			p.Title = r.Text(kv)
		case "description":
			p.Description = r.Text(kv)
		case "weight":
			p.Weight = r.Integer(kv)
		case "draft":
			p.Draft = r.Boolean(kv)
		case "audience":
			p.Audience = r.Strings(kv)
			for i, a := range p.Audience {
				if !slices.Contains(Audiences, a) {
					r.Errorf(kv.Value.Content[i], "unknown audience %q (allowed: %s)", a, strings.Join(Audiences, ", "))
				}
			}
		case "reviewed":
			p.Reviewed = r.Date(kv)
		case "review_due":
			p.ReviewDue, due = r.Date(kv), kv
		case "sources":
			p.Sources = sources(r, kv)
		case "aliases":
			for i, a := range r.Strings(kv) {
				clean, ok := urlpath.Clean(a)
				if !ok {
					r.Errorf(kv.Value.Content[i], "alias %q is not a usable site path: use lowercase letters, digits, hyphens and /, with no .. or //", a)
					continue
				}
				p.Aliases = append(p.Aliases, clean)
			}
		case "unsafe_html":
			p.UnsafeHTML = r.Boolean(kv)
		case "layout":
			p.Layout = r.Text(kv)
		case "checklist":
			p.Checklist = r.Text(kv)
		case "lint_ignore":
			p.LintIgnore = switches(r, kv)
		}
	}
	if p.Title == "" {
		r.Errorf(root, "the front matter needs a title")
	}
	if !p.Reviewed.IsZero() && !p.ReviewDue.IsZero() && p.ReviewDue.Before(p.Reviewed.Time) {
		r.Errorf(due.Value, "review_due (%s) is before reviewed (%s)", p.ReviewDue.ISO(), p.Reviewed.ISO())
	}
}

var sourceDateRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

func sources(r yamlpos.Reader, kv yamlpos.Field) []Citation {
	if kv.Value.Kind != yaml.SequenceNode {
		r.Errorf(kv.Value, "sources must be a list of entries with title, publisher, date and url")
		return nil
	}
	var out []Citation
	for _, item := range kv.Value.Content {
		s := Citation{Line: item.Line + r.LineOffset, Col: item.Column}
		for _, f := range r.Mapping(item, "a source", "title", "publisher", "date", "url") {
			switch f.Key {
			case "title":
				s.Title = r.Text(f)
			case "publisher":
				s.Publisher = r.Text(f)
			case "date":
				s.Date = r.Text(f)
				if s.Date != "" && !sourceDateRE.MatchString(s.Date) {
					r.Errorf(f.Value, "a source date must be YYYY, YYYY-MM or YYYY-MM-DD, not %q", s.Date)
				}
			case "url":
				s.URL = r.WebURL(f)
			}
		}
		if s.Title == "" && item.Kind == yaml.MappingNode {
			r.Errorf(item, "each source needs a title")
		}
		out = append(out, s)
	}
	return out
}

// switches reads lint_ignore: a set of check names, each with the reason
// for switching it off on this page.
func switches(r yamlpos.Reader, kv yamlpos.Field) []Switch {
	if kv.Value.Kind != yaml.MappingNode {
		r.Errorf(kv.Value, "lint_ignore must be a set of check: reason pairs, e.g. sentence-length: it quotes the law word for word")
		return nil
	}
	var out []Switch
	for i := 0; i+1 < len(kv.Value.Content); i += 2 {
		k, v := kv.Value.Content[i], kv.Value.Content[i+1]
		reason := ""
		if v.Kind == yaml.ScalarNode && !yamlpos.IsNull(v) {
			reason = strings.TrimSpace(v.Value)
		}
		if reason == "" {
			r.Errorf(k, "lint_ignore: give the reason for switching off %s, e.g. %s: it quotes the law word for word", k.Value, k.Value)
			continue
		}
		out = append(out, Switch{Rule: k.Value, Reason: reason, Line: k.Line + r.LineOffset})
	}
	return out
}
