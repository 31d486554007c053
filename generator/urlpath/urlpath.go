// Package urlpath holds the rules for the site's paths and addresses: the
// address of a page's file (PageURL), how links resolve (Resolve), the
// relative links between pages that let the same files work under any host
// path and from the file system (Rel, AppendOffline), and which paths are safe to
// use (Safe, Clean, FromRequest).
package urlpath

import (
	"bytes"
	"strings"
)

// Rel returns the relative URL that leads from the page at site-relative URL
// from (a folder URL such as "explainers/icb/", or "" for the home page) to
// the site-relative target to (a folder URL or a file path).
func Rel(from, to string) string {
	// Drop the folders both share.
	for {
		i := strings.IndexByte(from, '/')
		j := strings.IndexByte(to, '/')
		if i < 0 || j < 0 || from[:i] != to[:j] {
			break
		}
		from, to = from[i+1:], to[j+1:]
	}
	up := strings.Count(from, "/")
	if up == 0 && to == "" {
		return "./"
	}
	return strings.Repeat("../", up) + to
}

// AppendOffline appends an HTML document to dst with its relative links
// rewritten so that links to folders name their index.html file, as
// browsers need when the site is opened from the file system, and returns
// the extended slice. Only href and form action values that are relative
// (no scheme, no leading "/" or "#") are touched.
func AppendOffline(dst, html []byte) []byte {
	href, action := []byte(` href="`), []byte(` action="`)
	nextHref, nextAction := bytes.Index(html, href), bytes.Index(html, action)
	at := 0
	for nextHref >= 0 || nextAction >= 0 {
		i, attr := nextHref, href
		if i < 0 || (nextAction >= 0 && nextAction < i) {
			i, attr = nextAction, action
		}
		start := i + len(attr)
		n := bytes.IndexByte(html[start:], '"')
		if n < 0 {
			break
		}
		dst = append(dst, html[at:start]...)
		dst = appendOfflineURL(dst, html[start:start+n])
		at = start + n
		if nextHref >= 0 && nextHref < at {
			nextHref = indexFrom(html, href, at)
		}
		if nextAction >= 0 && nextAction < at {
			nextAction = indexFrom(html, action, at)
		}
	}
	return append(dst, html[at:]...)
}

// indexFrom is bytes.Index of sep in s[from:], as an index into s.
func indexFrom(s, sep []byte, from int) int {
	if i := bytes.Index(s[from:], sep); i >= 0 {
		return from + i
	}
	return -1
}

// appendOfflineURL appends u, with index.html added when it is a relative
// link that names a folder.
func appendOfflineURL(dst, u []byte) []byte {
	if len(u) == 0 || u[0] == '#' || u[0] == '/' {
		return append(dst, u...)
	}
	if i := bytes.IndexAny(u, ":/?#"); i >= 0 && u[i] == ':' {
		return append(dst, u...) // has a scheme: http:, mailto:, data:
	}
	p, frag := u, []byte(nil)
	if i := bytes.IndexAny(u, "?#"); i >= 0 {
		p, frag = u[:i], u[i:]
	}
	dst = append(dst, p...)
	if bytes.HasSuffix(p, []byte("/")) {
		dst = append(dst, "index.html"...)
	}
	return append(dst, frag...)
}
