package markdown

import "testing"

// TestRawHTML checks the raw HTML extension on its own, in both modes.
func TestRawHTML(t *testing.T) {
	src := "<div onclick=\"x\">block</div>\n\nA <b>tag</b> <!-- note -->.\n\n<!-- lint-ignore x: y -->\n"
	for _, tt := range []struct {
		unsafe bool
		want   string
	}{
		{false, `<p>&lt;div onclick=&quot;x&quot;&gt;block&lt;/div&gt;` + "\n</p>\n<p>A &lt;b&gt;tag&lt;/b&gt; .</p>\n"},
		{true, "<div onclick=\"x\">block</div>\n<p>A <b>tag</b> <!-- note -->.</p>\n<!-- lint-ignore x: y -->\n"},
	} {
		if got := only(rawHTML{tt.unsafe}, src, Options{}).HTML; got != tt.want {
			t.Errorf("unsafe %v:\ngot\n%s\nwant\n%s", tt.unsafe, got, tt.want)
		}
	}
}
