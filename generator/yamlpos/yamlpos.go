// Package yamlpos reads YAML written by editors into Go values, checking
// every field and recording each problem with the file, line and column it
// came from, so that all of a file's problems are reported at once.
package yamlpos

import (
	"bytes"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"icsguide/generator/diag"
)

// Reader turns YAML nodes into Go values, recording every problem in Errs
// with its position in the file Path. LineOffset is added to node lines,
// for YAML embedded in a larger file (front matter).
type Reader struct {
	Path       string
	LineOffset int
	Errs       *diag.List
}

// Open normalises the text of a YAML file (see Normalize) and parses it. It
// returns a Reader for the file and the document's root node, which is nil
// when the text is not UTF-8 or has a syntax error (both recorded in errs)
// or holds no document.
func Open(file string, src []byte, errs *diag.List) (Reader, *yaml.Node) {
	r := Reader{Path: file, Errs: errs}
	src, bad := Normalize(file, src)
	if bad != nil {
		*errs = append(*errs, *bad)
		return r, nil
	}
	return r, r.Parse(src)
}

// Errorf records a problem at a node.
func (r Reader) Errorf(n *yaml.Node, format string, args ...any) {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line+r.LineOffset, n.Column
	}
	r.Errs.Addf(r.Path, line, col, format, args...)
}

// Parse reads a YAML document into its root node. Syntax errors are
// reported with their line; a document of only comments gives nil.
func (r Reader) Parse(src []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := syntaxErrorLine(err)
		if line > 0 {
			if l := lineOf(src, line); strings.Contains(l, "\t") {
				msg = "a tab character is not allowed in YAML: indent with spaces (" + msg + ")"
			}
			line += r.LineOffset
		}
		r.Errs.Addf(r.Path, line, 0, "YAML syntax: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// syntaxLineRE reads the line out of a YAML syntax error, which the yaml
// package gives only as text.
var syntaxLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func syntaxErrorLine(err error) (int, string) {
	m := syntaxLineRE.FindStringSubmatch(err.Error())
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

// Mapping checks that n is a mapping with only the allowed keys and returns
// its key/value pairs in order. what names the thing for messages.
func (r Reader) Mapping(n *yaml.Node, what string, allowed ...string) []Field {
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, "%s must be a set of key: value pairs", what)
		return nil
	}
	var out []Field
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(allowed, k.Value):
			r.Errorf(k, "unknown key %q in %s (allowed: %s)", k.Value, what, strings.Join(allowed, ", "))
		case seen[k.Value]:
			r.Errorf(k, "key %q appears twice in %s", k.Value, what)
		default:
			seen[k.Value] = true
			out = append(out, Field{k.Value, k, v})
		}
	}
	return out
}

// Field is one key of a mapping with its value.
type Field struct {
	Key     string
	KeyNode *yaml.Node
	Value   *yaml.Node
}

// IsNull reports whether a value is empty (null).
func IsNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// Text reads text; an empty value (null) gives "".
func (r Reader) Text(kv Field) string {
	if IsNull(kv.Value) {
		return ""
	}
	if kv.Value.Kind != yaml.ScalarNode {
		r.Errorf(kv.Value, "%s must be a single piece of text on the same line, not a list or a set of keys", kv.Key)
		return ""
	}
	return strings.TrimSpace(kv.Value.Value)
}

// Integer reads a whole number.
func (r Reader) Integer(kv Field) int {
	if kv.Value.Kind != yaml.ScalarNode || kv.Value.Tag != "!!int" {
		r.Errorf(kv.Value, "%s must be a whole number, not %q", kv.Key, kv.Value.Value)
		return 0
	}
	n, err := strconv.Atoi(kv.Value.Value)
	if err != nil {
		r.Errorf(kv.Value, "%s must be a whole number, not %q", kv.Key, kv.Value.Value)
	}
	return n
}

// Boolean reads true or false.
func (r Reader) Boolean(kv Field) bool {
	if kv.Value.Kind != yaml.ScalarNode || kv.Value.Tag != "!!bool" {
		r.Errorf(kv.Value, "%s must be true or false, not %q", kv.Key, kv.Value.Value)
		return false
	}
	return kv.Value.Value == "true" || kv.Value.Value == "True" || kv.Value.Value == "TRUE"
}

// Date reads a YYYY-MM-DD date; an empty value gives the zero Date.
func (r Reader) Date(kv Field) Date {
	if IsNull(kv.Value) {
		return Date{}
	}
	if kv.Value.Kind != yaml.ScalarNode {
		r.Errorf(kv.Value, "%s must be a date written YYYY-MM-DD", kv.Key)
		return Date{}
	}
	t, err := time.Parse("2006-01-02", kv.Value.Value)
	if err != nil {
		r.Errorf(kv.Value, "%s: %q is not a real date written YYYY-MM-DD", kv.Key, kv.Value.Value)
		return Date{}
	}
	return Date{t}
}

// Strings reads a list of non-empty texts.
func (r Reader) Strings(kv Field) []string {
	if kv.Value.Kind != yaml.SequenceNode {
		r.Errorf(kv.Value, "%s must be a list, for example [a, b]", kv.Key)
		return nil
	}
	var out []string
	for _, item := range kv.Value.Content {
		if item.Kind != yaml.ScalarNode || item.Value == "" {
			r.Errorf(item, "each entry of %s must be non-empty text", kv.Key)
			continue
		}
		out = append(out, item.Value)
	}
	return out
}

// WebURL checks an absolute http(s) address whose host is a domain name;
// an empty value gives "".
func (r Reader) WebURL(kv Field) string {
	s := r.Text(kv)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !hostRE.MatchString(u.Hostname()) {
		r.Errorf(kv.Value, "%s must be a full web address starting https://, not %q", kv.Key, s)
		return ""
	}
	return s
}

// hostRE matches a domain name such as www.example.org.
var hostRE = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

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

// Normalize checks that src is UTF-8, drops a byte order mark and turns CRLF
// line endings into LF. file is used in the message. Pages, YAML files and
// the organisation data's CSV tables go through it.
func Normalize(file string, src []byte) ([]byte, *diag.Error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line, col := diag.Position(src, off)
		return nil, &diag.Error{Path: file, Line: line, Col: col,
			Msg: "the file is not valid UTF-8 text: save it as UTF-8"}
	}
	if bytes.Contains(src, []byte("\r")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	return src, nil
}
