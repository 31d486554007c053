package markdown

import (
	"strings"
	"testing"
)

// TestHighlight checks the highlighting extension on its own.
func TestHighlight(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"```go\nfunc main() {}\n```", `<pre class="chroma" tabindex="0"><code class="language-go"><span class="kd">func</span>`},
		{"```\n<b>\n```", `<pre class="chroma" tabindex="0"><code>&lt;b&gt;` + "\n</code></pre>\n"},
		{"``` no-such-language\na < b\n```", `<code class="language-no-such-language">a &lt; b` + "\n</code></pre>\n"},
		{"    indented\n", "<pre><code>indented\n</code></pre>\n"}, // only fenced code is highlighted
	} {
		got := only(highlight{}, tt.src, Options{}).HTML
		if !strings.Contains(got, tt.want) || strings.Contains(got, "style=") {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestStylesheet checks that each theme applies only in its own colour
// scheme.
func TestStylesheet(t *testing.T) {
	var b strings.Builder
	if err := Stylesheet(&b); err != nil {
		t.Fatal(err)
	}
	css := b.String()
	light := strings.Index(css, "@media not all and (prefers-color-scheme: dark) {")
	dark := strings.Index(css, "@media (prefers-color-scheme: dark) {")
	if light != 0 || dark < 0 || !strings.Contains(css[light:dark], ".chroma .kd") || !strings.Contains(css[dark:], ".chroma .kd") {
		t.Errorf("stylesheet:\n%s", css)
	}
}
