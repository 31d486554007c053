package site

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word weights in the search index: a match in a title ranks above one in a
// heading, which ranks above the description, which ranks above body text.
const (
	weightTitle   = 16
	weightHeading = 8
	weightDesc    = 4
	weightBody    = 1
)

// searchDoc is one page in the search index.
type searchDoc struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Desc    string `json:"d,omitempty"`
	Section string `json:"s,omitempty"`
}

// searchIndex builds the index shipped as a script, so that search works
// from the file system where browsers refuse to fetch JSON:
// SEARCH_INDEX = {docs: [...], words: {word: [doc, weight, doc, weight, ...]}}.
func searchIndex(s *Site) []byte {
	var pages []*Page
	for _, p := range s.Pages {
		if p.Layout != "404" && p.Layout != "search" {
			pages = append(pages, p)
		}
	}
	docs := make([]searchDoc, len(pages))
	words := map[string][]int{}
	// Pages are weighed in parallel a batch at a time, and each batch merged
	// before the next, so only one batch of word maps is ever held.
	const batch = 256
	for start := 0; start < len(pages); start += batch {
		part := pages[start:min(start+batch, len(pages))]
		weights := make([]map[string]*int, len(part))
		parallel(len(part), func(i int) {
			p := part[i]
			section := ""
			if a := p.Ancestors(); len(a) > 1 {
				section = a[1].Title
			}
			docs[start+i] = searchDoc{URL: p.URL, Title: p.Title, Desc: p.Description, Section: section}
			w := map[string]*int{}
			add := func(text string, weight int) {
				eachWord(text, func(word []byte) {
					if n, ok := w[string(word)]; ok { // no copy of the word to look it up
						if *n < weight*4 {
							*n += weight
						}
						return
					}
					n := weight
					w[string(word)] = &n
				})
			}
			add(p.Title, weightTitle)
			for _, h := range p.Headings {
				add(h.Text, weightHeading)
			}
			add(p.Description, weightDesc)
			add(pageText(s, p), weightBody)
			weights[i] = w
		})
		// Each word's list grows in page order, whatever order the maps give.
		for i, w := range weights {
			for t, n := range w {
				words[t] = append(words[t], start+i, *n)
			}
		}
	}
	var b bytes.Buffer
	b.WriteString("window.SEARCH_INDEX=")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(struct {
		Docs  []searchDoc      `json:"docs"`
		Words map[string][]int `json:"words"`
	}{docs, words})
	b.WriteString(";\n")
	return b.Bytes()
}

// pageText is the text searched besides title, headings and description:
// the Markdown body, and for generated pages their data (an ICB's local
// authorities, a region's ICBs, glossary terms on the glossary page).
func pageText(s *Site, p *Page) string {
	var b strings.Builder
	if p.md != nil {
		b.WriteString(p.md.Text)
	}
	if p.ICB != nil {
		b.WriteString(" ICB Integrated Care Board " + p.ICB.Name + " " + p.ICB.ODSCode + " " + p.ICB.ONSCode)
		if p.ICB.Region != nil {
			b.WriteString(" " + p.ICB.Region.Name)
		}
		for _, sh := range p.ICB.UpperTier {
			b.WriteString(" " + sh.Authority.Name)
		}
		for _, sh := range p.ICB.LowerTier {
			b.WriteString(" " + sh.Authority.Name)
		}
	}
	if p.Region != nil {
		for _, icb := range p.Region.ICBs {
			b.WriteString(" " + icb.ShortName)
		}
	}
	if p.Layout == "glossary" {
		for _, t := range s.Glossary {
			b.WriteString(" " + t.Abbr + " " + t.Term + " " + t.Definition)
		}
	}
	if p.Layout == "find-your-icb" && s.Org != nil {
		for _, a := range s.Org.Authorities {
			b.WriteString(" " + a.Name)
		}
	}
	return b.String()
}

// stopWords are too common to be worth indexing.
var stopWords = map[string]bool{"the": true, "and": true, "of": true, "to": true, "a": true,
	"in": true, "is": true, "for": true, "on": true, "it": true, "by": true, "be": true,
	"as": true, "or": true, "an": true, "at": true, "are": true, "with": true, "this": true, "that": true}

// eachWord calls f with each word of text, lowercased: runs of two or more
// letters or digits that are not stop words. The browser splits queries the
// same way (see layouts/assets/site.js). f must not keep the slice.
func eachWord(text string, f func(word []byte)) {
	word := make([]byte, 0, 32)
	flush := func() {
		if len(word) > 1 && !stopWords[string(word)] {
			f(word)
		}
		word = word[:0]
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				word = append(word, c)
			case 'A' <= c && c <= 'Z':
				word = append(word, c+'a'-'A')
			default:
				flush()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			word = utf8.AppendRune(word, unicode.ToLower(r))
		} else {
			flush()
		}
		i += size
	}
	flush()
}
