package content

import (
	"strings"
	"testing"
)

// FuzzParsePage checks that any bytes give a page or positioned errors,
// never a panic, and that every error names the file.
func FuzzParsePage(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: A\n---\nBody\n",
		"---\ntitle: A\nweight: 3\ndraft: true\naudience: [parents]\nreviewed: 2026-01-01\nreview_due: 2027-01-01\nsources:\n  - title: T\n    date: \"2022\"\n    url: https://example.org\naliases: [old/a]\n---\n",
		"---\ntitle: [\n---\n",
		"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\n",
		"---\n\ttitle: A\n---\n",
		"",
		"---\n",
		"---\ntitle: A\nreviewed: 2026-02-30\n---\n",
		"---\ntitle: A\nsources: {x: 1}\n---\n",
		"---\ntitle: A\naliases: [../x]\n---\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, errs := ParsePage("a.md", "content/a.md", []byte(src))
		for _, e := range errs {
			if e.Path != "content/a.md" {
				t.Fatalf("error without the file: %v", e)
			}
		}
		if len(errs) == 0 {
			if p == nil || p.Title == "" {
				t.Fatalf("no error but no page or title: %+v", p)
			}
			for _, a := range p.Aliases {
				if strings.Contains(a, "..") || strings.HasPrefix(a, "/") {
					t.Fatalf("unsafe alias accepted: %q", a)
				}
			}
		}
	})
}
