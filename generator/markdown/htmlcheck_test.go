package markdown

import (
	stdhtml "html"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// This file holds the HTML tools of the conformance tests: the CommonMark
// spec runner's normalisation (a port of its test/normalize.py) and a check
// that converted HTML holds only the markup the converter itself emits.

var (
	chunkRE = regexp.MustCompile(`(?s)<!\[CDATA\[.*?\]\]>|<[^>]*>|[^<]+|<`)
	tagRE   = regexp.MustCompile(`(?s)^<(/?)([a-zA-Z][^\t\n\f\r />]*)(.*?)(/?)>$`)
	attrRE  = regexp.MustCompile(`(?s)^[\t\n\f\r ]*([^\t\n\f\r />="']+)(?:[\t\n\f\r ]*=[\t\n\f\r ]*("[^"]*"|'[^']*'|[^\t\n\f\r >]+))?`)
	refRE   = regexp.MustCompile(`&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)
	spaceRE = regexp.MustCompile(`[\t\n\v\f\r\x1c-\x1f\x85\p{Z}]+`)
)

type attr struct{ name, value string }

// parseTag splits a tag into its name (lower case), attributes, and whether
// it is an end tag or self-closing. ok is false when the chunk is not a tag
// or its attributes cannot be read completely.
func parseTag(chunk string) (name string, attrs []attr, end, selfClosing, ok bool) {
	m := tagRE.FindStringSubmatch(chunk)
	if m == nil {
		return "", nil, false, false, false
	}
	rest := m[3]
	for strings.TrimLeft(rest, "\t\n\f\r ") != "" {
		a := attrRE.FindStringSubmatch(rest)
		if a == nil {
			return "", nil, false, false, false
		}
		v := a[2]
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
			v = v[1 : len(v)-1]
		}
		attrs = append(attrs, attr{strings.ToLower(a[1]), stdhtml.UnescapeString(v)})
		rest = rest[len(a[0]):]
	}
	return strings.ToLower(m[2]), attrs, m[1] == "/", m[4] == "/", true
}

// kept are the characters whose references normalisation keeps.
var kept = map[string]string{"<": "&lt;", ">": "&gt;", "&": "&amp;", `"`: "&quot;"}

var blockTags = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`article header aside hgroup blockquote hr iframe body li map button
		object canvas ol caption output col p colgroup pre dd progress div section dl table td dt
		tbody embed textarea fieldset tfoot figcaption th figure thead footer tr form ul
		h1 h2 h3 h4 h5 h6 video script style`) {
		blockTags[t] = true
	}
}

// normalizeHTML normalises HTML as the CommonMark spec's test runner does
// before comparing: whitespace collapsed outside <pre>, whitespace around
// block tags dropped, attributes sorted, self-closing tags plain, and
// character references resolved except for < > & and ".
func normalizeHTML(s string) string {
	var out strings.Builder
	last, lastTag, inPre := "starttag", "", false
	rstrip := func() {
		t := strings.TrimRightFunc(out.String(), unicode.IsSpace)
		out.Reset()
		out.WriteString(t)
	}
	data := func(d string) {
		afterTag := last == "endtag" || last == "starttag"
		afterBlock := afterTag && blockTags[lastTag]
		if afterTag && lastTag == "br" {
			d = strings.TrimLeft(d, "\n")
		}
		if !inPre {
			d = spaceRE.ReplaceAllString(d, " ")
		}
		if afterBlock && !inPre {
			if last == "starttag" {
				d = strings.TrimLeftFunc(d, unicode.IsSpace)
			} else {
				d = strings.TrimFunc(d, unicode.IsSpace)
			}
		}
		out.WriteString(d)
		last = "data"
	}
	for _, chunk := range chunkRE.FindAllString(s, -1) {
		switch {
		case strings.HasPrefix(chunk, "<![CDATA["):
			out.WriteString(chunk)
		case strings.HasPrefix(chunk, "<!--"):
			out.WriteString(chunk)
			last = "comment"
		case strings.HasPrefix(chunk, "<!"), strings.HasPrefix(chunk, "<?"):
			out.WriteString(chunk)
			last = "decl"
		case chunk[0] == '<':
			name, attrs, end, selfClosing, ok := parseTag(chunk)
			if !ok {
				data(chunk)
				continue
			}
			if end {
				if name == "pre" {
					inPre = false
				} else if blockTags[name] {
					rstrip()
				}
				out.WriteString("</" + name + ">")
				lastTag, last = name, "endtag"
				continue
			}
			if name == "pre" {
				inPre = true
			}
			if blockTags[name] {
				rstrip()
			}
			sort.Slice(attrs, func(i, j int) bool {
				if attrs[i].name != attrs[j].name {
					return attrs[i].name < attrs[j].name
				}
				return attrs[i].value < attrs[j].value
			})
			out.WriteString("<" + name)
			for _, a := range attrs {
				out.WriteString(" " + a.name + `="` + stdhtml.EscapeString(a.value) + `"`)
			}
			out.WriteString(">")
			lastTag, last = name, "starttag"
			if selfClosing {
				last = "endtag"
			}
		default:
			// Character references are events of their own in the spec's
			// runner, so the text between them is normalised piece by piece.
			for chunk != "" {
				loc := refRE.FindStringIndex(chunk)
				if loc == nil {
					data(chunk)
					break
				}
				if loc[0] > 0 {
					data(chunk[:loc[0]])
				}
				ref := chunk[loc[0]:loc[1]]
				c := stdhtml.UnescapeString(ref)
				if e, ok := kept[c]; ok {
					c = e
				}
				out.WriteString(c)
				last = "ref"
				chunk = chunk[loc[1]:]
			}
		}
	}
	return out.String()
}

// emitted lists the elements and the attributes of each that the converter
// itself writes when raw HTML is not allowed.
var emitted = map[string]string{
	"p": "", "h1": "id", "h2": "id", "h3": "id", "h4": "id", "h5": "id", "h6": "id",
	"div": "class role", "a": "class href title id role aria-label", "abbr": "title",
	"em": "", "strong": "", "del": "", "code": "class", "pre": "class tabindex", "span": "class",
	"blockquote": "", "ul": "", "ol": "start", "li": "id", "hr": "", "br": "",
	"img": "src alt title", "table": "", "thead": "", "tbody": "", "tr": "",
	"th": "class", "td": "class", "input": "checked disabled type", "sup": "id",
}

// markupProblems returns what in converted HTML the converter does not emit
// itself: another element or attribute, or a link that would run script or
// load a data URL (other than an image's). Every '<' in the output must start such a known tag,
// since text is always escaped.
func markupProblems(out string) []string {
	var probs []string
	for _, chunk := range chunkRE.FindAllString(out, -1) {
		if chunk[0] != '<' {
			continue
		}
		name, attrs, _, _, ok := parseTag(chunk)
		allowed, known := emitted[name]
		if !ok || !known {
			probs = append(probs, "markup "+chunk)
			continue
		}
		for _, a := range attrs {
			if !strings.Contains(" "+allowed+" ", " "+a.name+" ") {
				probs = append(probs, "attribute "+a.name+" on <"+name+">")
			}
			if (a.name == "href" || a.name == "src") && dangerousURL(a.value) && !imageDataRE.MatchString(a.value) {
				probs = append(probs, "address "+a.value)
			}
		}
	}
	return probs
}

// imageDataRE matches the data URLs of images, which goldmark keeps on
// purpose (the site's policy allows images from data URLs; a browser does
// not open a data URL from a link).
var imageDataRE = regexp.MustCompile(`(?i)^data:image/(png|gif|jpeg|webp);`)

// dangerousURL reports whether a browser would run the address as script or
// load it as a data URL, after trimming and dropping tabs and newlines as a
// browser does.
func dangerousURL(u string) bool {
	u = strings.TrimLeftFunc(u, func(r rune) bool { return r <= ' ' })
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.ToLower(u))
	for _, p := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// visibleText is what a reader sees of HTML: the text without tags, with
// character references resolved.
func visibleText(s string) string {
	var b strings.Builder
	for _, chunk := range chunkRE.FindAllString(s, -1) {
		if chunk[0] != '<' || len(chunk) == 1 {
			b.WriteString(chunk)
		}
	}
	return stdhtml.UnescapeString(b.String())
}
