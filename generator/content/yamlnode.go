package content

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"icsguide/generator/diag"
)

// yamlReader turns YAML nodes into Go values, recording every problem with
// the file and line it came from. lineOffset is added to node lines, for
// YAML embedded in a larger file (front matter).
type yamlReader struct {
	path       string
	lineOffset int
	errs       *diag.List
}

func (r yamlReader) errorf(n *yaml.Node, format string, args ...any) {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line+r.lineOffset, n.Column
	}
	r.errs.Addf(r.path, line, col, format, args...)
}

// parse reads a YAML document into its root node. Syntax errors are
// reported with their line; a document of only comments gives nil.
func (r yamlReader) parse(src []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		if line > 0 {
			if l := lineOf(src, line); strings.Contains(l, "\t") {
				msg = "a tab character is not allowed in YAML: indent with spaces (" + msg + ")"
			}
			line += r.lineOffset
		}
		r.errs.Addf(r.path, line, 0, "YAML syntax: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func yamlErrorLine(err error) (int, string) {
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, err.Error()
	}
	n, _ := strconv.Atoi(m[1])
	return n, m[2]
}

func lineOf(src []byte, n int) string {
	lines := strings.Split(string(src), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// mapping checks that n is a mapping with only the allowed keys and returns
// its key/value pairs in order. what names the thing for messages.
func (r yamlReader) mapping(n *yaml.Node, what string, allowed ...string) []keyValue {
	if n.Kind != yaml.MappingNode {
		r.errorf(n, "%s must be a set of key: value pairs", what)
		return nil
	}
	var out []keyValue
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !contains(allowed, k.Value):
			r.errorf(k, "unknown key %q in %s (allowed: %s)", k.Value, what, strings.Join(allowed, ", "))
		case seen[k.Value]:
			r.errorf(k, "key %q appears twice in %s", k.Value, what)
		default:
			seen[k.Value] = true
			out = append(out, keyValue{k.Value, k, v})
		}
	}
	return out
}

type keyValue struct {
	key   string
	kNode *yaml.Node
	v     *yaml.Node
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// str reads text; an empty value (null) gives "".
func (r yamlReader) str(kv keyValue) string {
	if kv.v.Kind == yaml.ScalarNode && kv.v.Tag == "!!null" {
		return ""
	}
	if kv.v.Kind != yaml.ScalarNode {
		r.errorf(kv.v, "%s must be text", kv.key)
		return ""
	}
	return strings.TrimSpace(kv.v.Value)
}

func (r yamlReader) integer(kv keyValue) int {
	if kv.v.Kind != yaml.ScalarNode || kv.v.Tag != "!!int" {
		r.errorf(kv.v, "%s must be a whole number, not %q", kv.key, kv.v.Value)
		return 0
	}
	n, err := strconv.Atoi(kv.v.Value)
	if err != nil {
		r.errorf(kv.v, "%s must be a whole number, not %q", kv.key, kv.v.Value)
	}
	return n
}

func (r yamlReader) boolean(kv keyValue) bool {
	if kv.v.Kind != yaml.ScalarNode || kv.v.Tag != "!!bool" {
		r.errorf(kv.v, "%s must be true or false, not %q", kv.key, kv.v.Value)
		return false
	}
	return kv.v.Value == "true" || kv.v.Value == "True" || kv.v.Value == "TRUE"
}

// date reads a YYYY-MM-DD date.
func (r yamlReader) date(kv keyValue) Date {
	if kv.v.Kind != yaml.ScalarNode {
		r.errorf(kv.v, "%s must be a date written YYYY-MM-DD", kv.key)
		return Date{}
	}
	t, err := time.Parse("2006-01-02", kv.v.Value)
	if err != nil {
		r.errorf(kv.v, "%s: %q is not a real date written YYYY-MM-DD", kv.key, kv.v.Value)
		return Date{}
	}
	return Date{t}
}

func (r yamlReader) strings(kv keyValue) []string {
	if kv.v.Kind != yaml.SequenceNode {
		r.errorf(kv.v, "%s must be a list, for example [a, b]", kv.key)
		return nil
	}
	var out []string
	for _, item := range kv.v.Content {
		if item.Kind != yaml.ScalarNode || item.Value == "" {
			r.errorf(item, "each entry of %s must be non-empty text", kv.key)
			continue
		}
		out = append(out, item.Value)
	}
	return out
}

// webURL checks an absolute http(s) address.
func (r yamlReader) webURL(kv keyValue) string {
	s := r.str(kv)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		r.errorf(kv.v, "%s must be a full web address starting https://, not %q", kv.key, s)
		return ""
	}
	return s
}

// Date is a calendar day. The zero Date means "not set".
type Date struct{ time.Time }

// String formats the date as NHS.UK does: "22 November 2026".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2 January 2006")
}

// ISO formats the date as YYYY-MM-DD.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

var idRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
