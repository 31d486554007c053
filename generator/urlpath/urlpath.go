// Package urlpath holds the rules for the site's paths and addresses: the
// address of a page's file (PageURL), how links resolve (Resolve, Join), the
// relative links between pages that let the same files work under any host
// path and from the file system (Rel, Offline), and which paths are safe to
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

// Offline rewrites relative links in an HTML document so that links to
// folders name their index.html file, as browsers need when the site is
// opened from the file system. Only href and form action values that are
// relative (no scheme, no leading "/" or "#") are touched.
func Offline(html []byte) []byte {
	return rewriteAttr(rewriteAttr(html, ` href="`), ` action="`)
}

func rewriteAttr(html []byte, name string) []byte {
	attr := []byte(name)
	out := make([]byte, 0, len(html)+len(html)/50)
	rest := html
	for {
		i := bytes.Index(rest, attr)
		if i < 0 {
			return append(out, rest...)
		}
		start := i + len(attr)
		n := bytes.IndexByte(rest[start:], '"')
		if n < 0 {
			return append(out, rest...)
		}
		out = append(out, rest[:start]...)
		out = append(out, offlineURL(string(rest[start:start+n]))...)
		rest = rest[start+n:]
	}
}

// offlineURL adds index.html to a relative link that names a folder.
func offlineURL(u string) string {
	if u == "" || u[0] == '#' || u[0] == '/' {
		return u
	}
	if i := strings.IndexAny(u, ":/?#"); i >= 0 && u[i] == ':' {
		return u // has a scheme: http:, mailto:, data:
	}
	p, frag := u, ""
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		p, frag = u[:i], u[i:]
	}
	if strings.HasSuffix(p, "/") {
		return p + "index.html" + frag
	}
	return u
}
