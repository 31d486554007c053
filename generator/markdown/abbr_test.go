package markdown

import (
	"strings"
	"testing"
)

// TestAbbreviations checks the abbreviations extension on its own.
func TestAbbreviations(t *testing.T) {
	ext := newAbbreviations([]Abbr{{Abbr: "ICB", Title: "Integrated Care Board", ID: "icb"}, {Abbr: "SEND", Title: "special educational needs", ID: "send"}})
	page := Options{Path: "a/b.md", File: "content/a/b.md", URL: "a/b/", Line: 1, GlossaryURL: "glossary/"}
	icb := `<a class="glossary-link" href="../../glossary/#icb"><abbr title="Integrated Care Board">ICB</abbr></a>`
	for _, tt := range []struct {
		name, src string
		o         Options
		want      string
	}{
		{"first use only", "The ICB and the ICB.", page, "<p>The " + icb + " and the ICB.</p>\n"},
		{"plural", "Two ICBs.", page, "<p>Two " + icb + "s.</p>\n"},
		{"not inside words", "ICBX SENDER", page, "<p>ICBX SENDER</p>\n"},
		{"not in headings, links or code", "# ICB\n\n[ICB](x) `ICB` <https://ICB.example> ICB",
			page, `<h1>ICB</h1>` + "\n" + `<p><a href="x">ICB</a> <code>ICB</code> <a href="https://ICB.example">https://ICB.example</a> ` + icb + "</p>\n"},
		{"on the glossary page", "ICB", Options{URL: "glossary/", GlossaryURL: "glossary/"},
			`<p><a class="glossary-link" href="#icb"><abbr title="Integrated Care Board">ICB</abbr></a></p>` + "\n"},
		{"no glossary page", "ICB", Options{URL: "a/b/"}, "<p>ICB</p>\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := only(ext, tt.src, tt.o).HTML; got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	if got := only(newAbbreviations(nil), "ICB", page).HTML; strings.Contains(got, "<abbr") {
		t.Errorf("no abbreviations, yet: %s", got)
	}
}
