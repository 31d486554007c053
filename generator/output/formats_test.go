package output

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"icsguide/generator/yamlpos"
)

// formatSite and formatPages are a small site whose titles and address
// need escaping.
func formatSite(base string) Site {
	return Site{Title: `Tom & "Jerry's" <guide>`, ShortName: "tj", BaseURL: base}
}

var formatPages = func() []Page {
	day := func(d int) yamlpos.Date { return yamlpos.Date{Time: time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC)} }
	return []Page{
		{URL: "", Title: "Home"},
		{URL: "a/", Title: "A & B", Description: "x < y", Reviewed: day(2)},
		{URL: "b/", Title: "B", Reviewed: day(3)},
	}
}()

func TestFormats(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"redirect", RedirectPage("en-GB", `Tom & "Jerry's" <b>`, "../../a/b/"), `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Moved: Tom &amp; &#34;Jerry&#39;s&#34; &lt;b&gt;</title>
<meta http-equiv="refresh" content="0; url=../../a/b/">
<link rel="canonical" href="../../a/b/">
</head>
<body>
<main>
<h1>This page has moved</h1>
<p>It is now at <a href="../../a/b/">Tom &amp; &#34;Jerry&#39;s&#34; &lt;b&gt;</a>.</p>
</main>
</body>
</html>
`},
		{"feed", Feed(formatSite("https://example.org/?x&y/"), formatPages), `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Tom &amp; &#34;Jerry&#39;s&#34; &lt;guide&gt;</title>
<id>https://example.org/?x&amp;y/feed.xml</id>
<updated>2026-11-03T00:00:00Z</updated>
<link rel="alternate" href="https://example.org/?x&amp;y/./"/>
<author><name>Tom &amp; &#34;Jerry&#39;s&#34; &lt;guide&gt;</name></author>
<entry>
<title>B</title>
<id>https://example.org/?x&amp;y/b/</id>
<link rel="alternate" href="https://example.org/?x&amp;y/b/index.html"/>
<updated>2026-11-03T00:00:00Z</updated>
<summary></summary>
</entry>
<entry>
<title>A &amp; B</title>
<id>https://example.org/?x&amp;y/a/</id>
<link rel="alternate" href="https://example.org/?x&amp;y/a/index.html"/>
<updated>2026-11-02T00:00:00Z</updated>
<summary>x &lt; y</summary>
</entry>
</feed>
`},
		{"feed without an address", Feed(Site{Title: "T", ShortName: "tj"}, nil), `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>T</title>
<id>urn:uuid:` + feedID(Site{ShortName: "tj"}, "feed.xml")[len("urn:uuid:"):] + `</id>
<updated>2000-01-01T00:00:00Z</updated>
<link rel="alternate" href="./"/>
<author><name>T</name></author>
</feed>
`},
		{"sitemap", Sitemap("https://example.org/?x&y/", formatPages), `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.org/?x&amp;y/</loc></url>
<url><loc>https://example.org/?x&amp;y/a/</loc><lastmod>2026-11-02</lastmod></url>
<url><loc>https://example.org/?x&amp;y/b/</loc><lastmod>2026-11-03</lastmod></url>
</urlset>
`},
		{"robots", Robots("https://example.org/"), "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"},
		{"robots without an address", Robots(""), "User-agent: *\nAllow: /\n"},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", tt.name, tt.got, tt.want)
		}
	}
}

// TestFeedIDs checks the ids of a feed without the site's address: UUIDs of
// version 5 form, stable, and different for each page.
func TestFeedIDs(t *testing.T) {
	s := Site{ShortName: "tj"}
	a, b := feedID(s, "a/"), feedID(s, "b/")
	if a == b || a != feedID(s, "a/") {
		t.Errorf("ids %s and %s: want stable and distinct", a, b)
	}
	var p1, p2, p3, p4, p5 string
	if n, _ := fmt.Sscanf(strings.ReplaceAll(strings.TrimPrefix(a, "urn:uuid:"), "-", " "), "%s %s %s %s %s", &p1, &p2, &p3, &p4, &p5); n != 5 ||
		len(p1) != 8 || len(p2) != 4 || len(p3) != 4 || len(p4) != 4 || len(p5) != 12 || p3[0] != '5' || !strings.ContainsAny(p4[:1], "89ab") {
		t.Errorf("%s is not a version 5 UUID", a)
	}
}

// TestFeedLimit checks that the feed lists the feedSize most recently
// reviewed pages, newest first.
func TestFeedLimit(t *testing.T) {
	var pages []Page
	for i := range feedSize + 5 {
		d := yamlpos.Date{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)}
		pages = append(pages, Page{URL: fmt.Sprintf("p%d/", i), Title: "P", Reviewed: d})
	}
	out := string(Feed(Site{Title: "T", BaseURL: "https://example.org/"}, pages))
	if n := strings.Count(out, "<entry>"); n != feedSize {
		t.Errorf("%d entries, want %d", n, feedSize)
	}
	last := fmt.Sprintf("p%d/", feedSize+4)
	_, first, _ := strings.Cut(out, "<entry>")
	if !strings.HasPrefix(first, "\n<title>P</title>\n<id>https://example.org/"+last+"</id>") || strings.Contains(out, "/p4/") {
		t.Errorf("the feed does not start with the newest page (%s) or lists the oldest:\n%s", last, out[:400])
	}
}
