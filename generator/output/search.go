package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"icsguide/generator/workers"
)

// Word weights in the search index: a match in a title ranks above one in a
// heading, which ranks above the description, which ranks above body text.
const (
	WeightTitle   = 16
	WeightHeading = 8
	WeightDesc    = 4
	WeightBody    = 1
)

// searchDoc is one page in the search index. Section is its section's
// place in the index's list of sections, whose first, 0, is none: a
// section's name is written once, not once for each of its pages.
type searchDoc struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Desc    string `json:"d,omitempty"`
	Section int    `json:"s,omitempty"`
}

// A SearchEntry is one result the search can return: a page, or a part of
// one. Texts calls add with each text the entry is found by and its weight
// there (WeightTitle and so on); it is called once, while the index is
// made, so the texts need not all be held at once.
type SearchEntry struct {
	URL, Title, Desc, Section string
	Texts                     func(add func(text string, weight int))
}

// SearchIndexFile is the index's main file; the parts of a big index are
// in SearchPartDir, one per first character of the words, named by its
// code point in hexadecimal ("61.js" holds the words that start with "a"),
// or, where that part would be big, one per first two characters ("61-62.js"
// holds the words that start with "ab", and "61.js" then only the word "a"
// if there is one).
const (
	SearchIndexFile = "assets/search-index.js"
	SearchPartDir   = "assets/search/"
)

// SearchSplitAbove is the size of the index's words, in bytes of JSON
// roughly, above which they go in parts that the search page loads only
// when a query needs them, so that a big site's search starts quickly
// (the words of a site of 1,000 generated pages weigh about 280 KB).
const SearchSplitAbove = 128 << 10

// SearchPartAbove is the size of a first character's words above which
// they go in parts by their first two characters.
const SearchPartAbove = 64 << 10

// SearchFiles builds the search index of entries, shipped as scripts so
// that search works from the file system, where browsers refuse to fetch
// JSON:
// SEARCH_INDEX = {docs: [...], sections: [...], words: {word: postings}},
// each word's postings a string that lists the entries with the word and
// their weights there (see postings).
// When the words weigh more than splitAbove, the main file's words are
// empty and its parts lists the first characters (or two) whose words are
// in part files, each of which sets SEARCH_INDEX.parts[key] to its words;
// a character's words that weigh more than partAbove are split by their
// first two characters.
func SearchFiles(entries []SearchEntry, splitAbove, partAbove int) map[string][]byte {
	docs, lists := searchWords(entries)
	words := make(map[string]string, len(lists))
	size, sizes := 0, map[string]int{} // the words' size in all, and by first character
	for w, list := range lists {
		words[w] = postings(list)
		n := len(w) + 6 + len(words[w])
		size += n
		sizes[prefix(w, 1)] += n
	}
	files := map[string][]byte{}
	parts := map[string]map[string]string{}
	if size > splitAbove {
		for w, p := range words {
			key := prefix(w, 1)
			if sizes[key] > partAbove {
				key = prefix(w, 2)
			}
			if parts[key] == nil {
				parts[key] = map[string]string{}
			}
			parts[key][w] = p
		}
		words = map[string]string{}
		keys := slices.Sorted(maps.Keys(parts))
		scripts := make([][]byte, len(keys))
		workers.Each(len(keys), func(i int) {
			scripts[i] = script("window.SEARCH_INDEX.parts["+strconv.Quote(keys[i])+"]=", parts[keys[i]])
		})
		for i, key := range keys {
			files[searchPartFile(key)] = scripts[i]
		}
	}
	keys := map[string]any{} // each part's character, null until loaded
	for key := range parts {
		keys[key] = nil
	}
	sections := []string{""}
	numbers := map[string]int{"": 0}
	for i, e := range entries {
		n, ok := numbers[e.Section]
		if !ok {
			n = len(sections)
			numbers[e.Section] = n
			sections = append(sections, e.Section)
		}
		docs[i].Section = n
	}
	files[SearchIndexFile] = script("window.SEARCH_INDEX=", struct {
		Docs     []searchDoc       `json:"docs"`
		Sections []string          `json:"sections"`
		Words    map[string]string `json:"words"`
		Parts    map[string]any    `json:"parts"`
	}{docs, sections, words, keys})
	return files
}

// postingDigits are the digits of the numbers in postings, in base 32: a
// number's last digit is one of the first 32, every other digit one of
// the last 32. None needs escaping in JSON or HTML.
const postingDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_."

// weightBits is how many bits of a posting hold the weight: a word's
// weight in an entry is less than five times the greatest weight (see
// searchWords), 80, so it needs seven.
const weightBits = 7

// postings encodes a word's list of entries and weights (entry, weight,
// entry, weight, ..., entries ascending) as a string: for each entry one
// number, written lowest digit first, of its gap from the entry before
// (its number less the previous entry's, less one; the first entry's gap
// is its number) shifted left by weightBits, plus its weight. An entry
// right after the one before, where the weight is under 32, takes one
// character. A string is far quicker for a browser to load than an array
// of numbers, and a fifth of its size.
func postings(list []int) string {
	b := make([]byte, 0, len(list))
	prev := -1
	for i := 0; i+1 < len(list); i += 2 {
		n := (list[i]-prev-1)<<weightBits | list[i+1]
		for ; n >= 32; n >>= 5 {
			b = append(b, postingDigits[32+n&31])
		}
		b = append(b, postingDigits[n])
		prev = list[i]
	}
	return string(b)
}

// prefix is the first n characters of w (all of it when shorter).
func prefix(w string, n int) string {
	i := 0
	for ; n > 0 && i < len(w); n-- {
		_, size := utf8.DecodeRuneInString(w[i:])
		i += size
	}
	return w[:i]
}

// searchPartFile is the path of the part of the index that holds the words
// starting with key, one or two characters.
func searchPartFile(key string) string {
	var hex []string
	for _, r := range key {
		hex = append(hex, fmt.Sprintf("%x", r))
	}
	return SearchPartDir + strings.Join(hex, "-") + ".js"
}

// script is a line of JavaScript that assigns v, as JSON, to target.
func script(target string, v any) []byte {
	var b bytes.Buffer
	b.WriteString(target)
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
	b.Truncate(b.Len() - 1) // the encoder's newline
	b.WriteString(";\n")
	return b.Bytes()
}

// IsSearchFile reports whether name, a path in the built site, is one of
// the search index's files.
func IsSearchFile(name string) bool {
	return name == SearchIndexFile || strings.HasPrefix(name, SearchPartDir)
}

// searchWords returns what the search finds, and for each word the entries
// it is in, each with its weight there, in entry order.
func searchWords(entries []SearchEntry) ([]searchDoc, map[string][]int) {
	docs := make([]searchDoc, len(entries))
	words := map[string][]int{}
	// Entries are weighed in parallel a batch at a time, and each batch
	// merged before the next, so only one batch of word maps is ever held.
	const batch = 256
	for start := 0; start < len(entries); start += batch {
		part := entries[start:min(start+batch, len(entries))]
		weights := make([]map[string]*int, len(part))
		workers.Each(len(part), func(i int) {
			e := part[i]
			docs[start+i] = searchDoc{URL: e.URL, Title: e.Title, Desc: e.Desc}
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
			e.Texts(add)
			weights[i] = w
		})
		// Each word's list grows in entry order, whatever order the maps give.
		for i, w := range weights {
			for t, n := range w {
				words[t] = append(words[t], start+i, *n)
			}
		}
	}
	return docs, words
}

// stopWords are too common to be worth indexing.
var stopWords = map[string]bool{"the": true, "and": true, "of": true, "to": true, "a": true,
	"in": true, "is": true, "for": true, "on": true, "it": true, "by": true, "be": true,
	"as": true, "or": true, "an": true, "at": true, "are": true, "with": true, "this": true, "that": true}

// eachWord calls f with each word of text, lowercased and folded (see
// fold): runs of two or more letters or digits that are not stop words. A
// compound joined by hyphens also gives its parts run together, so that
// "co-production" is found by "coproduction". The browser splits queries
// the same way (see tokenize in layouts/assets/site.js). f must not keep
// the slice.
func eachWord(text string, f func(word []byte)) {
	word := make([]byte, 0, 32)
	joined := make([]byte, 0, 32) // the compound's parts without their hyphens
	hyphens := 0
	emit := func(w []byte) {
		if len(w) > 1 && !stopWords[string(w)] {
			f(fold(w))
		}
	}
	part := func() {
		emit(word)
		word = word[:0]
	}
	end := func() {
		part()
		if hyphens > 0 {
			emit(joined)
		}
		joined, hyphens = joined[:0], 0
	}
	add := func(r rune) {
		word = utf8.AppendRune(word, r)
		joined = utf8.AppendRune(joined, r)
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				add(rune(c))
			case 'A' <= c && c <= 'Z':
				add(rune(c + 'a' - 'A'))
			case c == '-' && len(word) > 0 && wordAt(text, i+1):
				part()
				hyphens++
			default:
				end()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			add(unicode.ToLower(r))
		case (r == '\u2010' || r == '\u2011') && len(word) > 0 && wordAt(text, i+size):
			part()
			hyphens++
		default:
			end()
		}
		i += size
	}
	end()
}

// wordAt reports whether text has a letter or digit at byte i.
func wordAt(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// fold turns a plural of four or more letters into its singular, roughly
// ("plans" plan, "policies" policy, "approaches" approach; "status", "class"
// and "analysis" stay), so that either form finds the other. It may reuse
// w's memory. site.js folds queries with the same rules.
func fold(w []byte) []byte {
	n := utf8.RuneCount(w)
	if n < 4 || w[len(w)-1] != 's' {
		return w
	}
	has := func(suffix string) bool { return bytes.HasSuffix(w, []byte(suffix)) }
	switch {
	case n > 4 && has("ies"):
		return append(w[:len(w)-3], 'y')
	case has("sses"), has("xes"), has("ches"), has("shes"):
		return w[:len(w)-2]
	case has("ss"), has("us"), has("is"):
		return w
	}
	return w[:len(w)-1]
}
