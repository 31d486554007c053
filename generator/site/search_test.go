package site

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"icsguide/generator/content"
	"icsguide/generator/markdown"
)

func TestEachWord(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"The ICB's Forward-Plan", []string{"icb", "forward", "plan", "forwardplan"}},
		{"Children and young people, 0–25", []string{"children", "young", "people", "25"}},
		{"Ça va: Café", []string{"ça", "va", "café"}},
		{"a I of to", nil},
		// Hyphenated compounds also give their parts joined (not across a
		// dash, a double hyphen or a hyphen at either end).
		{"co-production, A-level, mid‑2020", []string{"co", "production", "coproduction", "level", "alevel", "mid", "2020", "mid2020"}},
		{"cross -- over, end- -start", []string{"cross", "over", "end", "start"}},
		// Plurals fold to the singular.
		{"Plans policies approaches classes boxes wishes", []string{"plan", "policy", "approach", "class", "box", "wish"}},
		{"status analysis class ICBs QKS ties", []string{"status", "analysis", "class", "icb", "qks", "tie"}},
		{"co-productions", []string{"co", "production", "coproduction"}},
	}
	for _, tt := range tests {
		var got []string
		eachWord(tt.in, func(w []byte) { got = append(got, string(w)) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("eachWord(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSearchIndexEntries checks that every glossary term is an entry of its
// own, linked to its place on the glossary page and found by its
// abbreviation and words.
func TestSearchIndexEntries(t *testing.T) {
	home := &Page{URL: "", Meta: content.Meta{Title: "Home"}}
	gloss := &Page{URL: "glossary/", Meta: content.Meta{Title: "Glossary"}, Layout: "glossary", Parent: home}
	s := &Site{
		Pages:    []*Page{home, gloss},
		Glossary: []*content.Term{{ID: "dco", Abbr: "DCO", Term: "Designated clinical officer", Definition: "A health professional who supports SEND work."}},
	}
	idx := decodeIndex(t, searchFiles(s, searchSplitAbove, searchPartAbove))
	var term searchDoc
	for _, d := range idx.Docs {
		if d.URL == "glossary/#dco" {
			term = d
		}
	}
	if term.Title != "DCO – Designated clinical officer" || term.Section != "Glossary" {
		t.Fatalf("glossary term entry = %+v; want title \"DCO – Designated clinical officer\", section Glossary", term)
	}
	for _, word := range []string{"dco", "designated", "professional"} {
		if w := idx.weights(word); w["glossary/#dco"] == 0 || w["glossary/"] != 0 {
			t.Errorf("%q found in %v; want the term's entry and not the whole glossary page", word, w)
		}
	}
}

// TestSearchIndexWeights checks that a word in a title outranks the same
// word in a heading, which outranks a description and the body text.
func TestSearchIndexWeights(t *testing.T) {
	home := &Page{URL: "", Meta: content.Meta{Title: "Home"}}
	pages := []*Page{
		home,
		{URL: "a/", Meta: content.Meta{Title: "Forward plans"}, Parent: home},
		{URL: "b/", Meta: content.Meta{Title: "Other"}, Headings: []markdown.Heading{{Level: 2, ID: "f", Text: "Forward"}}, Parent: home},
		{URL: "c/", Meta: content.Meta{Title: "Third", Description: "About the forward plan."}, Parent: home},
		{URL: "d/", Meta: content.Meta{Title: "Fourth"}, md: &markdown.Result{Text: "The forward plan is due."}, Parent: home},
	}
	idx := decodeIndex(t, searchFiles(&Site{Pages: pages}, searchSplitAbove, searchPartAbove))
	w := idx.weights("forward")
	if !(w["a/"] > w["b/"] && w["b/"] > w["c/"] && w["c/"] > w["d/"] && w["d/"] > 0) {
		t.Errorf("weights of \"forward\": %v; want title > heading > description > body > 0", w)
	}
	if _, ok := idx.Words["the"]; ok {
		t.Error("stop word indexed")
	}
}

// decodedIndex is the search index as the browser reads it.
type decodedIndex struct {
	Docs  []searchDoc      `json:"docs"`
	Words map[string][]int `json:"words"`
	Parts map[string]any   `json:"parts"`
}

// weights maps the URL of each entry with word to its weight.
func (idx decodedIndex) weights(word string) map[string]int {
	w := map[string]int{}
	list := idx.Words[word]
	for i := 0; i+1 < len(list); i += 2 {
		w[idx.Docs[list[i]].URL] = list[i+1]
	}
	return w
}

// decodeIndex reads the scripts searchFiles makes, the main file and its
// parts, into the index the browser has once every part is loaded.
func decodeIndex(t *testing.T, files map[string][]byte) decodedIndex {
	t.Helper()
	var idx decodedIndex
	decodeScript(t, files[searchIndexFile], "window.SEARCH_INDEX=", &idx)
	for key := range idx.Parts {
		name := searchPartFile(key)
		var part map[string][]int
		decodeScript(t, files[name], "window.SEARCH_INDEX.parts["+strconv.Quote(key)+"]=", &part)
		for w, list := range part {
			if !strings.HasPrefix(w, key) {
				t.Errorf("%s holds %q, which does not start with %q", name, w, key)
			}
			idx.Words[w] = list
		}
	}
	return idx
}

// decodeScript reads the JSON that a line of script assigns after prefix.
func decodeScript(t *testing.T, script []byte, prefix string, v any) {
	t.Helper()
	js := string(script)
	if !strings.HasPrefix(js, prefix) || !strings.HasSuffix(js, ";\n") {
		t.Fatalf("not a script that starts %s: %.60s", prefix, js)
	}
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(js, prefix), ";\n")), v); err != nil {
		t.Fatal(err)
	}
}

// TestSearchIndexParts checks that a big index is split into parts by the
// first character of its words, and that the parts together are the whole
// index, so that search finds and ranks the same either way.
func TestSearchIndexParts(t *testing.T) {
	home := &Page{URL: "", Meta: content.Meta{Title: "Home"}}
	pages := []*Page{home,
		{URL: "a/", Meta: content.Meta{Title: "Forward plans and ça"}, Parent: home, md: &markdown.Result{Text: "Annual reports of the board, 2025."}},
		{URL: "b/", Meta: content.Meta{Title: "Budgets"}, Parent: home, md: &markdown.Result{Text: "Forward planning for the board's budget."}},
	}
	s := &Site{Pages: pages}
	whole, split := searchFiles(s, searchSplitAbove, searchPartAbove), searchFiles(s, 0, searchPartAbove)
	if len(whole) != 1 {
		t.Fatalf("a small index is %d files, want 1", len(whole))
	}
	var main decodedIndex
	decodeScript(t, split[searchIndexFile], "window.SEARCH_INDEX=", &main)
	if len(main.Words) != 0 || len(main.Parts) == 0 {
		t.Fatalf("split index: %d words and %d parts in the main file; want none and some", len(main.Words), len(main.Parts))
	}
	if _, ok := split[searchPartDir+"e7.js"]; !ok {
		t.Errorf("no part for \"ç\" (U+00E7): %v", keysOf(split))
	}
	a, b := decodeIndex(t, whole), decodeIndex(t, split)
	if !reflect.DeepEqual(a.Docs, b.Docs) || !reflect.DeepEqual(a.Words, b.Words) {
		t.Errorf("the parts together differ from the whole index:\n%v\n%v", a.Words, b.Words)
	}
	if len(split) != len(main.Parts)+1 {
		t.Errorf("%d files for %d parts", len(split), len(main.Parts))
	}
	// Big parts go by their words' first two characters.
	pairs := searchFiles(s, 0, 0)
	for _, name := range []string{"61-6e.js", "66-6f.js", "e7-61.js"} { // "annual", "forward", "ça"
		if _, ok := pairs[searchPartDir+name]; !ok {
			t.Errorf("no part %s: %v", name, keysOf(pairs))
		}
	}
	if c := decodeIndex(t, pairs); !reflect.DeepEqual(a.Words, c.Words) {
		t.Errorf("the parts by two characters together differ from the whole index:\n%v\n%v", a.Words, c.Words)
	}
}

func keysOf(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
