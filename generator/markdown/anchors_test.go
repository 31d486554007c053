package markdown

import "testing"

// TestAnchors checks the heading anchors extension on its own.
func TestAnchors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"## Board membership {#board}", `<div class="heading"><h2 id="board">Board membership</h2><a class="heading-anchor" href="#board" aria-label="Link to the section: Board membership">#</a></div>` + "\n"},
		{"### Who *sits* on it", `<div class="heading"><h3 id="who-sits-on-it">Who <em>sits</em> on it</h3><a class="heading-anchor" href="#who-sits-on-it" aria-label="Link to the section: Who sits on it">#</a></div>` + "\n"},
		{"## Fish & \"chips\"", `<div class="heading"><h2 id="fish--chips">Fish &amp; &quot;chips&quot;</h2><a class="heading-anchor" href="#fish--chips" aria-label="Link to the section: Fish &amp; &#34;chips&#34;">#</a></div>` + "\n"},
		{"##", `<div class="heading"><h2 id="heading">` + `</h2><a class="heading-anchor" href="#heading" aria-label="Link to this section">#</a></div>` + "\n"},
		{"# Title", `<h1 id="title">Title</h1>` + "\n"},
	} {
		if got := only(anchors{}, tt.src, Options{}).HTML; got != tt.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.src, got, tt.want)
		}
	}
}
