// Package lint checks pages against the guide's house style (GOV.UK and
// NHS.UK conventions): short sentences, abbreviations the glossary defines,
// list items without end punctuation, no bold for emphasis, link text that
// says where a link goes, headings in order, and review dates and sources
// that readers can trust. It works on the parsed Markdown, and each finding
// is a warning at file:line:col: it never stops a build unless the build is
// strict.
package lint

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"icsguide/generator/content"
	"icsguide/generator/diag"
)

// Rule is one check.
type Rule struct {
	Name  string // used to switch it off, e.g. "sentence-length"
	Doc   string // what it warns about
	check func(c *checker)
}

// Rules lists every check on pages, in the order the README gives them.
var Rules = []Rule{
	{"sentence-length", "a sentence of more than 25 words", sentenceLength},
	{"abbreviation", "an abbreviation the glossary does not define", abbreviations},
	{"list-punctuation", `a list item that ends with ";", ", or", "; or", ", and" or "; and"`, listPunctuation},
	{"bold-in-sentence", "bold used for emphasis inside a sentence", boldInSentence},
	{"link-text", `link text such as "click here" or "here", or a bare web address`, linkText},
	{"heading-level", "a heading that skips a level, such as ### straight after ##", headingLevels},
	{"review-due", "a page whose review_due date has passed", reviewDue},
	{"reviewed-missing", "a page without a reviewed date", reviewedMissing},
	{"source-url", "a source without a web address (url)", sourceURL},
}

// ContactRule is the check of the site settings made by Site, and
// ContactDoc what it warns about.
const (
	ContactRule = "contact"
	ContactDoc  = "a site.yaml without contact_email or contact_url"
)

// MaxWords is the most words a sentence may have.
const MaxWords = 25

// WellKnown lists the abbreviations readers know without a glossary entry.
var WellKnown = []string{"NHS", "UK"}

// Config is what the checks need besides the page.
type Config struct {
	Today time.Time       // review_due dates before this day have passed
	Abbrs map[string]bool // abbreviations the glossary defines
}

// Page checks one page, given the parse of its body (doc, as the site's
// Markdown converter made it, before it rewrote anything), and returns its
// warnings.
func Page(p *content.Page, doc ast.Node, cfg Config) diag.List {
	c := &checker{page: p, cfg: cfg, src: p.Body, doc: doc,
		lines: diag.Lines{Src: p.Body, First: p.BodyLine}, buf: prosePool.Get().(*prose)}
	defer prosePool.Put(c.buf)
	c.readSwitches()
	for _, r := range Rules {
		c.rule = r.Name
		r.check(c)
	}
	return c.out
}

// Site checks the site settings (src is site.yaml, file its name in
// messages): readers need a way to contact the publisher. A YAML comment
// "# lint-ignore contact: reason" anywhere in the file switches it off.
func Site(s content.Settings, file string, src []byte) diag.List {
	var out diag.List
	if s.ContactEmail != "" || s.ContactURL != "" {
		return out
	}
	for _, l := range strings.Split(string(src), "\n") {
		j := strings.Index(l, "#")
		if j < 0 {
			continue
		}
		if m := switchRE.FindStringSubmatch(l[j:]); m != nil && strings.TrimSpace(m[1]) == ContactRule && strings.TrimSpace(m[2]) != "" {
			return out
		}
	}
	out.Addf(file, 1, 1, "warning: readers have no way to contact the site: add contact_email or contact_url (and publisher) [%s]", ContactRule)
	return out
}

// checker holds one page's parse and collects its warnings.
type checker struct {
	page     *content.Page
	cfg      Config
	src      []byte
	doc      ast.Node
	rule     string
	out      diag.List
	lines    diag.Lines
	buf      *prose // reused for the text of each block
	offPage  map[string]bool
	offLines map[int][]string // file line to the rules switched off on it
}

// warn records a warning at a body offset, unless it is switched off.
func (c *checker) warn(offset int, format string, args ...any) {
	line, col := c.position(offset)
	c.warnAt(line, col, format, args...)
}

// warnAt records a warning at a line and column of the file.
func (c *checker) warnAt(line, col int, format string, args ...any) {
	if c.offPage[c.rule] || slices.Contains(c.offLines[line], c.rule) {
		return
	}
	c.out.Addf(c.page.File, line, col, "warning: "+format+" ["+c.rule+"]", args...)
}

// position turns a byte offset in the body into a line and column of the
// file (columns count characters).
func (c *checker) position(off int) (int, int) { return c.lines.Position(off) }

// switchRE matches a switch in a comment: "lint-ignore rule[, rule]: reason".
var switchRE = regexp.MustCompile(`lint-ignore\s+([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*(?::\s*(.*?))?\s*(?:-->|$)`)

// readSwitches reads the page's lint_ignore key and the line switches: HTML
// comments in the body and YAML comments in the front matter. A line
// switch covers its own line and the next. A switch that names no known
// check or gives no reason is itself a warning.
func (c *checker) readSwitches() {
	c.rule = "lint-ignore"
	c.offPage, c.offLines = map[string]bool{}, map[int][]string{}
	for _, s := range c.page.LintIgnore {
		if c.known(s.Rule, s.Line, 1) {
			c.offPage[s.Rule] = true
		}
	}
	addLine := func(comment string, line, col int) {
		m := switchRE.FindStringSubmatch(comment)
		if m == nil {
			return
		}
		if strings.TrimSpace(m[2]) == "" {
			c.warnAt(line, col, "give the reason for switching the check off: <!-- lint-ignore %s: the reason -->", m[1])
			return
		}
		for _, r := range strings.Split(m[1], ",") {
			r = strings.TrimSpace(r)
			if c.known(r, line, col) {
				c.offLines[line] = append(c.offLines[line], r)
				c.offLines[line+1] = append(c.offLines[line+1], r)
			}
		}
	}
	for i, l := range strings.Split(string(c.page.FrontMatter), "\n") {
		if j := strings.Index(l, "#"); j >= 0 && strings.Contains(l[j:], "lint-ignore") {
			addLine(l[j:], i+2, j+1)
		}
	}
	_ = ast.Walk(c.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var segs *text.Segments
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.HTMLBlockType != ast.HTMLBlockType2 {
				return ast.WalkSkipChildren, nil
			}
			segs = n.Lines()
		case *ast.RawHTML:
			segs = n.Segments
		default:
			return ast.WalkContinue, nil
		}
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			v := string(seg.Value(c.src))
			if k := strings.Index(v, "lint-ignore"); k >= 0 && strings.Contains(v, "<!--") {
				line, col := c.position(seg.Start + strings.Index(v, "<!--"))
				addLine(v[k:], line, col)
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// known reports whether a rule name exists, warning when it does not.
func (c *checker) known(name string, line, col int) bool {
	for _, r := range Rules {
		if r.Name == name {
			return true
		}
	}
	names := make([]string, len(Rules))
	for i, r := range Rules {
		names[i] = r.Name
	}
	c.warnAt(line, col, "there is no check called %q to switch off (checks: %s)", name, strings.Join(names, ", "))
	return false
}
