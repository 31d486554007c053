package yamlpos

import (
	"strconv"
	"strings"
	"testing"

	"icsguide/generator/diag"
)

// messages formats problems one a line, without the file name.
func messages(errs diag.List) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(strings.TrimPrefix(e.Error(), "f.yaml:") + "\n")
	}
	return b.String()
}

var (
	text    = func(r Reader, f Field) string { return r.Text(f) }
	integer = func(r Reader, f Field) string { return strconv.Itoa(r.Integer(f)) }
	boolean = func(r Reader, f Field) string { return strconv.FormatBool(r.Boolean(f)) }
	date    = func(r Reader, f Field) string { d := r.Date(f); return d.String() + "|" + d.ISO() }
	list    = func(r Reader, f Field) string { return strings.Join(r.Strings(f), "|") }
	webURL  = func(r Reader, f Field) string { return r.WebURL(f) }
)

// TestFields reads the value of the key k in each document with each kind
// of field, and checks the value and the problems reported.
func TestFields(t *testing.T) {
	for _, c := range []struct {
		name, src string
		get       func(Reader, Field) string
		want      string
		errs      string
	}{
		{"text", "k:  a b \n", text, "a b", ""},
		{"text null", "k:\n", text, "", ""},
		{"text list", "k: [a]\n", text, "", "1:4: k must be a single piece of text on the same line, not a list or a set of keys\n"},
		{"integer", "k: 12\n", integer, "12", ""},
		{"integer text", "k: twelve\n", integer, "0", "1:4: k must be a whole number, not \"twelve\"\n"},
		{"integer too big", "k: 99999999999999999999\n", integer, "0", "1:4: k must be a whole number, not \"99999999999999999999\"\n"},
		{"boolean", "k: True\n", boolean, "true", ""},
		{"boolean false", "k: false\n", boolean, "false", ""},
		{"boolean yes", "k: yes\n", boolean, "false", "1:4: k must be true or false, not \"yes\"\n"},
		{"date", "k: 2026-11-02\n", date, "2 November 2026|2026-11-02", ""},
		{"date null", "k: ~\n", date, "|", ""},
		{"date impossible", "k: 2026-02-30\n", date, "|", "1:4: k: \"2026-02-30\" is not a real date written YYYY-MM-DD\n"},
		{"date list", "k:\n  - 2026-01-01\n", date, "|", "2:3: k must be a date written YYYY-MM-DD\n"},
		{"strings", "k: [a, b]\n", list, "a|b", ""},
		{"strings bad entries", "k: [a, '', [c]]\n", list, "a", "1:8: each entry of k must be non-empty text\n1:12: each entry of k must be non-empty text\n"},
		{"strings not a list", "k: a\n", list, "", "1:4: k must be a list, for example [a, b]\n"},
		{"web address", "k: https://www.example.org/a\n", webURL, "https://www.example.org/a", ""},
		{"web address null", "k:\n", webURL, "", ""},
		{"web address without scheme", "k: www.example.org\n", webURL, "", "1:4: k must be a full web address starting https://, not \"www.example.org\"\n"},
		{"web address of a bare host", "k: https://localhost/\n", webURL, "", "1:4: k must be a full web address starting https://, not \"https://localhost/\"\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var errs diag.List
			r, root := Open("f.yaml", []byte(c.src), &errs)
			fields := r.Mapping(root, "the file", "k")
			if len(fields) != 1 {
				t.Fatalf("%d fields, errors:\n%s", len(fields), messages(errs))
			}
			got := c.get(r, fields[0])
			if got != c.want || messages(errs) != c.errs {
				t.Errorf("got %q with errors\n%s\nwant %q with errors\n%s", got, messages(errs), c.want, c.errs)
			}
		})
	}
}

// TestOpen checks the reading of whole documents: text encodings, syntax
// errors, keys, and lines offset for YAML inside a larger file.
func TestOpen(t *testing.T) {
	for _, c := range []struct {
		name, src  string
		lineOffset int
		keys       string // the keys read, in order
		errs       string
	}{
		{"keys in order", "b: 1\na: 2\n", 0, "b a", ""},
		{"byte order mark and CRLF", "\xef\xbb\xbfa: 1\r\nb: 2\r\n", 0, "a b", ""},
		{"unknown and repeated keys", "a: 1\nz: 2\na: 3\n", 0, "a",
			"2:1: unknown key \"z\" in the file (allowed: a, b)\n3:1: key \"a\" appears twice in the file\n"},
		{"not a mapping", "- a\n", 0, "", "1:1: the file must be a set of key: value pairs\n"},
		{"only comments", "# nothing\n", 0, "", ""},
		{"not UTF-8", "a: 1\nb: x\xff\n", 0, "", "2:5: the file is not valid UTF-8 text: save it as UTF-8\n"},
		{"syntax", "a: [1\n", 0, "", "1: YAML syntax: did not find expected ',' or ']'\n"},
		{"tab", "a:\n\tb: 1\n", 0, "", "2: YAML syntax: a tab character is not allowed in YAML: indent with spaces (found character that cannot start any token)\n"},
		{"offset key", "b: 1\nz: 2\n", 1, "b", "3:1: unknown key \"z\" in the file (allowed: a, b)\n"},
		{"offset syntax", "a: [1\n", 1, "", "2: YAML syntax: did not find expected ',' or ']'\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var errs diag.List
			r, root := Open("f.yaml", []byte(c.src), &errs)
			if c.lineOffset != 0 { // as front matter is read: the text is already normalised
				errs = nil
				r = Reader{Path: "f.yaml", LineOffset: c.lineOffset, Errs: &errs}
				root = r.Parse([]byte(c.src))
			}
			var keys []string
			if root != nil {
				for _, f := range r.Mapping(root, "the file", "a", "b") {
					keys = append(keys, f.Key)
				}
			}
			if got := strings.Join(keys, " "); got != c.keys || messages(errs) != c.errs {
				t.Errorf("keys %q with errors\n%s\nwant %q with errors\n%s", got, messages(errs), c.keys, c.errs)
			}
		})
	}
}

func TestIsNull(t *testing.T) {
	for src, want := range map[string]bool{"k:\n": true, "k: ~\n": true, "k: null\n": true, "k: ''\n": false, "k: []\n": false, "k: 0\n": false} {
		var errs diag.List
		r, root := Open("f.yaml", []byte(src), &errs)
		f := r.Mapping(root, "the file", "k")
		if got := IsNull(f[0].Value); got != want {
			t.Errorf("IsNull(%q) = %v, want %v", src, got, want)
		}
	}
}
