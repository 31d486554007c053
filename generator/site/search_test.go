package site

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"icsguide/generator/markdown"
)

func TestEachWord(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"The ICB's Forward-Plan", []string{"icb", "forward", "plan"}},
		{"Children and young people, 0–25", []string{"children", "young", "people", "25"}},
		{"Ça va: Café", []string{"ça", "va", "café"}},
		{"a I of to", nil},
	}
	for _, tt := range tests {
		var got []string
		eachWord(tt.in, func(w []byte) { got = append(got, string(w)) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("eachWord(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSearchIndexWeights checks that a word in a title outranks the same
// word in a heading, which outranks a description and the body text.
func TestSearchIndexWeights(t *testing.T) {
	home := &Page{URL: "", Title: "Home"}
	pages := []*Page{
		home,
		{URL: "a/", Title: "Forward plans", Parent: home},
		{URL: "b/", Title: "Other", Headings: []markdown.Heading{{Level: 2, ID: "f", Text: "Forward"}}, Parent: home},
		{URL: "c/", Title: "Third", Description: "About the forward plan.", Parent: home},
		{URL: "d/", Title: "Fourth", md: &markdown.Result{Text: "The forward plan is due."}, Parent: home},
	}
	js := string(searchIndex(&Site{Pages: pages}))
	if !strings.HasPrefix(js, "window.SEARCH_INDEX=") {
		t.Fatalf("not a script: %.40s", js)
	}
	var idx struct {
		Docs  []searchDoc      `json:"docs"`
		Words map[string][]int `json:"words"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(js, "window.SEARCH_INDEX="), ";\n")), &idx); err != nil {
		t.Fatal(err)
	}
	w := map[string]int{}
	list := idx.Words["forward"]
	for i := 0; i < len(list); i += 2 {
		w[idx.Docs[list[i]].URL] = list[i+1]
	}
	if !(w["a/"] > w["b/"] && w["b/"] > w["c/"] && w["c/"] > w["d/"] && w["d/"] > 0) {
		t.Errorf("weights of \"forward\": %v; want title > heading > description > body > 0", w)
	}
	if _, ok := idx.Words["the"]; ok {
		t.Error("stop word indexed")
	}
}
