package urlpath

import "testing"

func TestSafe(t *testing.T) {
	for p, want := range map[string]bool{
		"a":                true,
		"a/b.html":         true,
		"assets/site.css":  true,
		".well-known/x":    true,
		"a..b/c":           true,
		"":                 false,
		"/a":               false,
		"a/":               false,
		"a//b":             false,
		".":                false,
		"..":               false,
		"a/../b":           false,
		"a/./b":            false,
		"../a":             false,
		`a\b`:              false,
		`..\a`:             false,
		"a\x00b":           false,
		"a/b/..":           false,
		"explainers/icb/x": true,
	} {
		if got := Safe(p); got != want {
			t.Errorf("Safe(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestIsName(t *testing.T) {
	for seg, want := range map[string]bool{
		"icb": true, "icb-2": true, "_index": true, "v1.2": true, "2026": true,
		"": false, ".hidden": false, "-a": false, "My": false, "a b": false, "é": false, "a/b": false,
	} {
		if got := IsName(seg); got != want {
			t.Errorf("IsName(%q) = %v, want %v", seg, got, want)
		}
	}
}

func TestClean(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"old/page", "old/page/", true},
		{"/old/page/", "old/page/", true},
		{"old/page/index.html", "old/page/", true},
		{"/old/index.html", "old/", true},
		{"a.b_c-d", "a.b_c-d/", true},
		{"", "", false},
		{"/", "", false},
		{"a//b", "", false},
		{"a/../b", "", false},
		{"a/./b", "", false},
		{"..", "", false},
		{`a\b`, "", false},
		{"Old/Page", "", false},
		{"old page", "", false},
		{"a/.b", "", false},
	} {
		got, ok := Clean(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Clean(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFromRequest(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"/", "", true},
		{"", "", true},
		{"/a/b/", "a/b/", true},
		{"/assets/site.css", "assets/site.css", true},
		{"/a", "a", true},
		{"/../etc/passwd", "", false},
		{"/a/../../x", "", false},
		{"/a/./b", "", false},
		{"/a//b", "", false},
		{"//a", "", false},
		{`/a\b`, "", false},
		{"/a\x00", "", false},
	} {
		got, ok := FromRequest(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("FromRequest(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPageURL(t *testing.T) {
	for p, want := range map[string]string{
		"_index.md":                "",
		"explainers/_index.md":     "explainers/",
		"explainers/icb.md":        "explainers/icb/",
		"a/b/c.md":                 "a/b/c/",
		"search.md":                "search/",
		"checklists/strategy.md":   "checklists/strategy/",
		"explainers/_index.md.bak": "explainers/_index.md.bak/",
	} {
		if got := PageURL(p); got != want {
			t.Errorf("PageURL(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestResolve(t *testing.T) {
	for _, tt := range []struct {
		from, target, want string
		ok                 bool
	}{
		{"explainers/icb.md", "icp.md", "explainers/icp.md", true},
		{"explainers/icb.md", "../checklists/strategy.md", "checklists/strategy.md", true},
		{"explainers/icb.md", "./icp.md", "explainers/icp.md", true},
		{"explainers/icb.md", "a/../icp.md", "explainers/icp.md", true},
		{"explainers/icb.md", "..", "", true},
		{"explainers/icb.md", "../_index.md", "_index.md", true},
		{"_index.md", "explainers/", "explainers", true},
		{"_index.md", ".", "", true},
		{"glossary/terms.yaml", "../explainers/icb.md", "explainers/icb.md", true},
		{"_index.md", "../x.md", "", false},
		{"explainers/icb.md", "../../x.md", "", false},
		{"explainers/icb.md", "/explainers/icp.md", "", false},
		{"explainers/icb.md", "../..", "", false},
	} {
		got, ok := Resolve(tt.from, tt.target)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Resolve(%q, %q) = %q, %v; want %q, %v", tt.from, tt.target, got, ok, tt.want, tt.ok)
		}
	}
}
