package urlpath

import "testing"

func TestRel(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"", "", "./"},
		{"", "explainers/", "explainers/"},
		{"explainers/", "", "../"},
		{"explainers/icb/", "explainers/icp/", "../icp/"},
		{"explainers/icb/", "explainers/", "../"},
		{"explainers/icb/", "checklists/data/", "../../checklists/data/"},
		{"explainers/icb/", "explainers/icb/", "./"},
		{"explainers/", "explainers/icb/", "icb/"},
		{"a/b/c/", "assets/site.css", "../../../assets/site.css"},
		{"", "assets/site.css", "assets/site.css"},
	}
	for _, tt := range tests {
		if got := Rel(tt.from, tt.to); got != tt.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestAppendOffline(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<a href="../icp/">x</a>`, `<a href="../icp/index.html">x</a>`},
		{`<a href="./">x</a>`, `<a href="./index.html">x</a>`},
		{`<a href="../icp/#duties">x</a>`, `<a href="../icp/index.html#duties">x</a>`},
		{`<a href="#top">x</a>`, `<a href="#top">x</a>`},
		{`<a href="https://example.org/">x</a>`, `<a href="https://example.org/">x</a>`},
		{`<a href="mailto:a@b">x</a>`, `<a href="mailto:a@b">x</a>`},
		{`<link href="../assets/site.css">`, `<link href="../assets/site.css">`},
		{`<p>href="x/"</p>`, `<p>href="x/"</p>`},
		{`<a href="a/"><a href="b/">`, `<a href="a/index.html"><a href="b/index.html">`},
		{`<form action="../search/" method="get">`, `<form action="../search/index.html" method="get">`},
		{`<form action="s/"><a href="a/?q=1">x</a></form><a href="b/">`, `<form action="s/index.html"><a href="a/index.html?q=1">x</a></form><a href="b/index.html">`},
		{`<a href="a/">x</a><form action="s/">`, `<a href="a/index.html">x</a><form action="s/index.html">`},
		{`<a href="x/" title="y"><a href="unterminated/`, `<a href="x/index.html" title="y"><a href="unterminated/`},
		{`<a href="a:b/">x</a>`, `<a href="a:b/">x</a>`},
		{`<a href="?q=a/">x</a>`, `<a href="?q=a/">x</a>`},
		{``, ``},
	}
	for _, tt := range tests {
		if got := string(AppendOffline(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("AppendOffline(nil, %q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
