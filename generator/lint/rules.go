package lint

import (
	"bytes"
	"html"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// sentenceLength warns about sentences of more than MaxWords words in
// paragraphs and list items (not headings, tables or code).
func sentenceLength(c *checker) {
	walkBlocks(c.doc, func(n ast.Node) {
		words, start := 0, -1
		c.proseOf(n).eachWord(func(w []byte, off int) {
			if start < 0 {
				start = off
			}
			if hasLetterOrDigit(w) {
				words++
			}
			if endsSentence(w) {
				if words > MaxWords {
					c.warn(start, "this sentence has %d words: split it so each has %d or fewer", words, MaxWords)
				}
				words, start = 0, -1
			}
		})
		if words > MaxWords {
			c.warn(start, "this sentence has %d words: split it so each has %d or fewer", words, MaxWords)
		}
	})
}

// abbreviations warns about the first use on the page of each abbreviation
// that the glossary does not define.
func abbreviations(c *checker) {
	seen := map[string]bool{}
	_ = ast.Walk(c.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML, *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			v := n.Segment.Value(c.src)
			for _, w := range abbrWords(v) {
				if seen[w.abbr] || c.cfg.Abbrs[w.abbr] || slices.Contains(WellKnown, w.abbr) {
					continue
				}
				seen[w.abbr] = true
				c.warn(n.Segment.Start+w.at, "%s is not in the glossary: add it to glossary/terms.yaml (abbr: %s), or write the words out", w.abbr, w.abbr)
			}
		}
		return ast.WalkContinue, nil
	})
}

type abbrWord struct {
	abbr string
	at   int
}

// abbrWords finds the words in s shaped like abbreviations: two or more
// capital letters with at most one small letter among them (DfE), and an
// optional plural s (ICBs). GOV.UK is a name, not an abbreviation.
func abbrWords(s []byte) []abbrWord {
	var out []abbrWord
	for i := 0; i < len(s); {
		if ok, size := letterOrDigit(s[i:]); !ok {
			i += size
			continue
		}
		j := i
		for j < len(s) {
			ok, size := letterOrDigit(s[j:])
			if !ok {
				break
			}
			j += size
		}
		w := s[i:j]
		if string(w) == "GOV" && bytes.HasPrefix(s[j:], []byte(".UK")) {
			j += 3
		} else if a, ok := abbrShape(w); ok {
			out = append(out, abbrWord{a, i})
		}
		i = j
	}
	return out
}

// abbrShape reports whether w looks like an abbreviation, and returns it
// without a plural s.
func abbrShape(w []byte) (string, bool) {
	if len(w) > 2 && w[len(w)-1] == 's' && isUpper(w[len(w)-2]) {
		w = w[:len(w)-1]
	}
	upper, lower := 0, 0
	for i := 0; i < len(w); i++ {
		switch b := w[i]; {
		case isUpper(b):
			upper++
		case b >= 'a' && b <= 'z':
			lower++
		default:
			return "", false
		}
	}
	if upper < 2 || lower > 1 || !isUpper(w[0]) || !isUpper(w[len(w)-1]) {
		return "", false
	}
	return string(w), true
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }

// listEndings are the endings a list item should not have.
var listEndings = []string{";", ", or", "; or", ", and", "; and"}

// listPunctuation warns about list items that end like a clause of a
// longer sentence.
func listPunctuation(c *checker) {
	_ = ast.Walk(c.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Kind() != ast.KindListItem {
			return ast.WalkContinue, nil
		}
		for b := n.FirstChild(); b != nil; b = b.NextSibling() {
			lines := b.Lines()
			if (b.Kind() != ast.KindParagraph && b.Kind() != ast.KindTextBlock) || lines.Len() == 0 {
				continue
			}
			last := lines.At(lines.Len() - 1)
			v := stripComment(string(last.Value(c.src)))
			for _, e := range listEndings {
				if strings.HasSuffix(v, e) {
					c.warn(last.Start+len(v)-len(e), "list items take no end punctuation: remove the %q", e)
					break
				}
			}
		}
		return ast.WalkContinue, nil
	})
}

var trailingCommentRE = regexp.MustCompile(`\s*<!--.*?-->\s*$`)

// stripComment drops a trailing HTML comment and white space from a line.
func stripComment(line string) string {
	if !strings.Contains(line, "<!--") {
		return strings.TrimRight(line, " \t\n")
	}
	return strings.TrimRight(trailingCommentRE.ReplaceAllString(line, ""), " \t\n")
}

// boldInSentence warns about bold text inside a sentence. Bold that is a
// whole paragraph, the lead-in of a list item, or a label that starts a
// paragraph and ends with a colon or full stop ("**Bullets**: ..."), is not
// emphasis inside a sentence.
func boldInSentence(c *checker) {
	_ = ast.Walk(c.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		e, ok := n.(*ast.Emphasis)
		if !entering || !ok || e.Level != 2 {
			return ast.WalkContinue, nil
		}
		before, after := c.around(e)
		inner := strings.TrimSpace(c.inlineText(e))
		label := before == "" && (strings.HasSuffix(inner, ":") || strings.HasSuffix(inner, ".") ||
			strings.HasPrefix(after, ":") || strings.HasPrefix(after, ".") || startsListItem(e))
		if (before != "" || after != "") && !label {
			c.warn(startOf(e, c.src), "bold used for emphasis inside a sentence: GOV.UK advises plain text (or a heading)")
		}
		return ast.WalkSkipChildren, nil
	})
}

// startsListItem reports whether an inline node is in the first block of
// a list item (the caller checks that nothing comes before it).
func startsListItem(n ast.Node) bool {
	for n.Type() == ast.TypeInline {
		n = n.Parent()
	}
	item := n.Parent()
	return item != nil && item.Kind() == ast.KindListItem && item.FirstChild() == n
}

// around returns the text of the block around an inline node, before and
// after it, trimmed.
func (c *checker) around(n ast.Node) (string, string) {
	before, after := "", ""
	for cur := n; cur.Type() == ast.TypeInline; cur = cur.Parent() {
		var pre strings.Builder
		for s := cur.Parent().FirstChild(); s != cur; s = s.NextSibling() {
			pre.WriteString(c.inlineText(s))
		}
		before = pre.String() + before
		for s := cur.NextSibling(); s != nil; s = s.NextSibling() {
			after += c.inlineText(s)
		}
	}
	return strings.TrimSpace(before), strings.TrimSpace(after)
}

// vague lists link texts that do not say where a link goes.
var vague = []string{"click here", "here", "click", "this", "this link", "link", "this page", "read more", "more", "more information", "find out more"}

var addressRE = regexp.MustCompile(`^(?i)(https?://|www\.|[a-z0-9-]+(\.[a-z0-9-]+)+/)`)

// linkText warns about links whose text does not say where they go.
func linkText(c *checker) {
	_ = ast.Walk(c.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			t := strings.TrimSpace(c.inlineText(n))
			low := strings.ToLower(strings.TrimRight(t, ".:!?"))
			switch {
			case slices.Contains(vague, low):
				c.warn(startOf(n, c.src), "the link text %q does not say where the link goes: use the name of the page or document", t)
			case addressRE.MatchString(t):
				c.warn(startOf(n, c.src), "the link text is a bare web address: use the name of the page or document")
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				c.warn(startOf(n, c.src), "the link text is a bare web address: write [the name of the page](%s) instead", n.URL(c.src))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// headingLevels warns when a heading skips a level. The page title is the
// h1, so the body starts at ##.
func headingLevels(c *checker) {
	prev := 1
	_ = ast.Walk(c.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if h.Level > prev+1 {
			c.warn(startOf(h, c.src), "this heading skips a level: %s after %s (use %s)",
				strings.Repeat("#", h.Level), strings.Repeat("#", prev), strings.Repeat("#", prev+1))
		}
		prev = h.Level
		return ast.WalkSkipChildren, nil
	})
}

// reviewDue warns about a page whose review_due date has passed.
func reviewDue(c *checker) {
	if c.page.DueForReview(c.cfg.Today) {
		c.warnAt(c.page.KeyLines["review_due"], 1, "review_due (%s) has passed: review the page, then update reviewed and review_due (until then readers see a notice that it is due for review)", c.page.ReviewDue.ISO())
	}
}

// reviewedMissing warns about a page without a reviewed date.
func reviewedMissing(c *checker) {
	if c.page.Reviewed.IsZero() {
		c.warnAt(max(1, c.page.KeyLines["title"]), 1, "the page has no reviewed date: check it, then add reviewed: YYYY-MM-DD and review_due: to the front matter")
	}
}

// sourceURL warns about sources without a web address.
func sourceURL(c *checker) {
	for _, s := range c.page.Sources {
		if s.URL == "" {
			c.warnAt(s.Line, s.Col, "the source %q has no url: add its web address so readers can check it", s.Title)
		}
	}
}

// walkBlocks calls f for every paragraph and tight list item text.
func walkBlocks(doc ast.Node, f func(ast.Node)) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindParagraph || n.Kind() == ast.KindTextBlock) {
			f(n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// startOf returns the body offset where an inline node's text starts.
func startOf(n ast.Node, src []byte) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return max(off, 0)
}

// inlineText returns what a reader sees of an inline node and its children.
func (c *checker) inlineText(n ast.Node) string {
	p := prose{}
	c.appendInline(&p, n)
	return string(p.b)
}

// prose is the text of a block as a reader sees it, with the body offset
// of each byte (-1 for spaces standing for line breaks).
type prose struct {
	b   []byte
	off []int
}

// prosePool keeps the buffers of prose for reuse by the next page.
var prosePool = sync.Pool{New: func() any { return new(prose) }}

func (p *prose) add(v []byte, start int) {
	p.b = append(p.b, v...)
	for i := range v {
		if start < 0 {
			p.off = append(p.off, -1)
		} else {
			p.off = append(p.off, start+i)
		}
	}
}

// proseOf flattens a block's inline content, into a buffer reused for
// each block.
func (c *checker) proseOf(block ast.Node) *prose {
	p := c.buf
	p.b, p.off = p.b[:0], p.off[:0]
	for n := block.FirstChild(); n != nil; n = n.NextSibling() {
		c.appendInline(p, n)
	}
	return p
}

func (c *checker) appendInline(p *prose, n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		p.add(n.Segment.Value(c.src), n.Segment.Start)
		if n.SoftLineBreak() || n.HardLineBreak() {
			p.add([]byte(" "), -1)
		}
		return
	case *ast.String:
		// Smart quotes and dashes arrive as HTML entities (&rdquo;).
		v := n.Value
		if n.IsCode() {
			v = []byte(html.UnescapeString(string(v)))
		}
		p.add(v, -1)
		return
	case *ast.AutoLink:
		p.add(n.Label(c.src), startOf(n, c.src))
		return
	case *ast.RawHTML, *ast.Image:
		return
	case *ast.CodeSpan:
		start := startOf(n, c.src)
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			if t, ok := ch.(*ast.Text); ok {
				p.add(t.Segment.Value(c.src), start)
				start = -1
			}
		}
		return
	}
	if n.Type() != ast.TypeInline {
		return
	}
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		c.appendInline(p, ch)
	}
}

// eachWord calls f with each run of prose between white space, and the
// body offset where it starts (-1 if unknown).
func (p *prose) eachWord(f func(w []byte, off int)) {
	for i := 0; i < len(p.b); {
		if isSpace(p.b[i]) {
			i++
			continue
		}
		j := i
		for j < len(p.b) && !isSpace(p.b[j]) {
			j++
		}
		off := -1
		for k := i; k < j && off < 0; k++ {
			off = p.off[k]
		}
		f(p.b[i:j], off)
		i = j
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' }

// hasLetterOrDigit reports whether w is a word rather than a dash or other
// mark on its own.
func hasLetterOrDigit(w []byte) bool {
	for i := 0; i < len(w); {
		ok, size := letterOrDigit(w[i:])
		if ok {
			return true
		}
		i += size
	}
	return false
}

// letterOrDigit reports whether s starts with a letter or digit, and the
// length of its first character; quickly for the ASCII most text is.
func letterOrDigit(s []byte) (bool, int) {
	if b := s[0]; b < utf8.RuneSelf {
		return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9', 1
	}
	r, size := utf8.DecodeRune(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r), size
}

// notEnds are words ending in a full stop that do not end a sentence.
var notEnds = []string{"e.g.", "i.e.", "etc.", "No.", "St.", "Dr.", "Mr.", "Mrs.", "Ms.", "vs.", "v."}

// endsSentence reports whether a sentence ends with this word.
func endsSentence(w []byte) bool {
	t := trimClosers(w)
	if len(t) == 0 {
		return false
	}
	if last := t[len(t)-1]; last != '.' && last != '!' && last != '?' {
		return false
	}
	if slices.Contains(notEnds, string(t)) {
		return false
	}
	// A single capital initial such as "J." does not end a sentence.
	return !(len(t) == 2 && isUpper(t[0]))
}

// trimClosers drops what may close a sentence after its full stop: quotes
// (straight and curly), brackets, and Markdown emphasis.
func trimClosers(w []byte) []byte {
	for len(w) > 0 {
		switch c := w[len(w)-1]; {
		case c == '"' || c == '\'' || c == ')' || c == ']' || c == '*' || c == '_':
			w = w[:len(w)-1]
		case bytes.HasSuffix(w, []byte("’")) || bytes.HasSuffix(w, []byte("”")):
			w = w[:len(w)-len("’")]
		default:
			return w
		}
	}
	return w
}
