package output

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
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

// weighed is one text of a search entry, with its weight there.
type weighed struct {
	text   string
	weight int
}

// entry is a search entry found by texts.
func entry(url, title string, texts ...weighed) SearchEntry {
	return SearchEntry{URL: url, Title: title, Texts: func(add func(string, int)) {
		for _, t := range texts {
			add(t.text, t.weight)
		}
	}}
}

// TestSearchIndexWeights checks that a word in a title outranks the same
// word in a heading, which outranks a description and the body text.
func TestSearchIndexWeights(t *testing.T) {
	entries := []SearchEntry{
		entry("", "Home", weighed{"Home", WeightTitle}),
		entry("a/", "Forward plans", weighed{"Forward plans", WeightTitle}),
		entry("b/", "Other", weighed{"Other", WeightTitle}, weighed{"Forward", WeightHeading}),
		entry("c/", "Third", weighed{"Third", WeightTitle}, weighed{"About the forward plan.", WeightDesc}),
		entry("d/", "Fourth", weighed{"Fourth", WeightTitle}, weighed{"The forward plan is due.", WeightBody}),
	}
	idx := decodeIndex(t, SearchFiles(entries, SearchSplitAbove, SearchPartAbove))
	w := idx.weights("forward")
	if !(w["a/"] > w["b/"] && w["b/"] > w["c/"] && w["c/"] > w["d/"] && w["d/"] > 0) {
		t.Errorf("weights of \"forward\": %v; want title > heading > description > body > 0", w)
	}
	if _, ok := idx.Words["the"]; ok {
		t.Error("stop word indexed")
	}
}

// TestSearchIndexSections checks that each section's name is in the index
// once, and that each entry names its own, or none.
func TestSearchIndexSections(t *testing.T) {
	var entries []SearchEntry
	for i, section := range []string{"Plans", "", "Plans", "Budgets", "Plans"} {
		e := entry(fmt.Sprintf("p%d/", i), "Page", weighed{"Page", WeightTitle})
		e.Section = section
		entries = append(entries, e)
	}
	idx := decodeIndex(t, SearchFiles(entries, SearchSplitAbove, SearchPartAbove))
	if want := []string{"", "Plans", "Budgets"}; !reflect.DeepEqual(idx.Sections, want) {
		t.Errorf("sections %q; want %q", idx.Sections, want)
	}
	var got []string
	for _, d := range idx.Docs {
		got = append(got, idx.Sections[d.Section])
	}
	if want := []string{"Plans", "", "Plans", "Budgets", "Plans"}; !reflect.DeepEqual(got, want) {
		t.Errorf("the entries' sections: %q; want %q", got, want)
	}
}

// decodedIndex is the search index as the browser reads it, each word's
// postings decoded into a list of entries and weights.
type decodedIndex struct {
	Docs     []searchDoc
	Sections []string
	Words    map[string][]int
	Parts    map[string]any
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

// decodeIndex reads the scripts SearchFiles makes, the main file and its
// parts, into the index the browser has once every part is loaded.
func decodeIndex(t *testing.T, files map[string][]byte) decodedIndex {
	t.Helper()
	var main struct {
		Docs     []searchDoc       `json:"docs"`
		Sections []string          `json:"sections"`
		Words    map[string]string `json:"words"`
		Parts    map[string]any    `json:"parts"`
	}
	decodeScript(t, files[SearchIndexFile], "window.SEARCH_INDEX=", &main)
	idx := decodedIndex{Docs: main.Docs, Sections: main.Sections, Words: map[string][]int{}, Parts: main.Parts}
	for w, p := range main.Words {
		idx.Words[w] = decodePostings(t, p)
	}
	for key := range idx.Parts {
		name := searchPartFile(key)
		var part map[string]string
		decodeScript(t, files[name], "window.SEARCH_INDEX.parts["+strconv.Quote(key)+"]=", &part)
		for w, p := range part {
			if !strings.HasPrefix(w, key) {
				t.Errorf("%s holds %q, which does not start with %q", name, w, key)
			}
			idx.Words[w] = decodePostings(t, p)
		}
	}
	return idx
}

// decodePostings reads a word's postings, as the browser does, into a list
// of entries and weights (entry, weight, entry, weight, ...).
func decodePostings(t *testing.T, p string) []int {
	t.Helper()
	var list []int
	n, shift, prev := 0, 0, -1
	for i := 0; i < len(p); i++ {
		d := strings.IndexByte(postingDigits, p[i])
		if d < 0 {
			t.Fatalf("postings %q: %q is not a digit", p, p[i])
		}
		n |= (d & 31) << shift
		shift += 5
		if d < 32 {
			prev += n>>weightBits + 1
			list = append(list, prev, n&(1<<weightBits-1))
			n, shift = 0, 0
		}
	}
	if shift != 0 {
		t.Fatalf("postings %q end in the middle of an entry", p)
	}
	return list
}

// TestPostings checks that postings encode entries and weights small and
// large, and that they decode to the same list.
func TestPostings(t *testing.T) {
	for _, tt := range []struct {
		list []int
		want string
	}{
		{nil, ""},
		{[]int{0, 1}, "1"},
		{[]int{0, 16, 1, 4, 2, 64}, "g" + "4" + "w2"}, // 64 = 0 + 2×32
		// 5: gap 5, 5×128 + 1 = 1 + 20×32; 6: gap 0, 80 = 16 + 2×32;
		// 40: gap 33, 33×128 + 31 = 31 + 4×32 + 4×32²;
		// 1071: gap 1030, 1030×128 + 2 = 2 + 24×32 + 0×32² + 4×32³.
		{[]int{5, 1, 6, 80, 40, 31, 1071, 2}, "xk" + "M2" + ".A4" + "yUw4"},
	} {
		got := postings(tt.list)
		if got != tt.want {
			t.Errorf("postings(%v) = %q; want %q", tt.list, got, tt.want)
		}
		if back := decodePostings(t, got); len(back)+len(tt.list) > 0 && !reflect.DeepEqual(back, tt.list) {
			t.Errorf("postings(%v) decodes to %v", tt.list, back)
		}
	}
}

// TestSearchWeightBound checks that a word's weight fits in weightBits
// however often it comes in every kind of text, in any order.
func TestSearchWeightBound(t *testing.T) {
	kinds := []int{WeightBody, WeightDesc, WeightHeading, WeightTitle}
	var texts []weighed
	for range 10 {
		for _, w := range kinds {
			texts = append(texts, weighed{"plan plan plan plan plan", w})
		}
	}
	for i := range kinds {
		slices.Reverse(texts)
		texts = append(texts[i:], texts[:i]...)
		// The weight as counted, before the index writes it in weightBits.
		_, words := searchWords([]SearchEntry{entry("", "Plan", texts...)})
		if w := words["plan"][1]; w <= 0 || w >= 1<<weightBits {
			t.Errorf("weight %d does not fit in %d bits", w, weightBits)
		}
	}
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
	s := []SearchEntry{
		entry("", "Home", weighed{"Home", WeightTitle}),
		entry("a/", "Forward plans and ça", weighed{"Forward plans and ça", WeightTitle}, weighed{"Annual reports of the board, 2025.", WeightBody}),
		entry("b/", "Budgets", weighed{"Budgets", WeightTitle}, weighed{"Forward planning for the board's budget.", WeightBody}),
	}
	whole, split := SearchFiles(s, SearchSplitAbove, SearchPartAbove), SearchFiles(s, 0, SearchPartAbove)
	if len(whole) != 1 {
		t.Fatalf("a small index is %d files, want 1", len(whole))
	}
	var main decodedIndex
	decodeScript(t, split[SearchIndexFile], "window.SEARCH_INDEX=", &main)
	if len(main.Words) != 0 || len(main.Parts) == 0 {
		t.Fatalf("split index: %d words and %d parts in the main file; want none and some", len(main.Words), len(main.Parts))
	}
	if _, ok := split[SearchPartDir+"e7.js"]; !ok {
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
	pairs := SearchFiles(s, 0, 0)
	for _, name := range []string{"61-6e.js", "66-6f.js", "e7-61.js"} { // "annual", "forward", "ça"
		if _, ok := pairs[SearchPartDir+name]; !ok {
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
