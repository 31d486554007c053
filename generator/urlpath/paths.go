package urlpath

import (
	"path"
	"regexp"
	"strings"
)

// Safe reports whether p, a slash path relative to a folder, names a file
// or folder inside it. This is the one rule for paths that come from
// outside the build (requests to the preview, editors' aliases, output
// names): p is not empty, not absolute, holds no backslash or NUL, and no
// part of it is empty, "." or "..".
func Safe(p string) bool {
	if p == "" || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// nameRE is what one part of a web address made from a file or folder name
// may hold.
var nameRE = regexp.MustCompile(`^[a-z0-9_][a-z0-9_.-]*$`)

// IsName reports whether a file or folder name (without .md) can be one
// part of a page's web address: lowercase letters, digits, "_", "." and
// "-", starting with a letter, digit or "_".
func IsName(seg string) bool { return nameRE.MatchString(seg) }

// Clean checks a site path written by an editor (an alias such as
// "/old/page" or "old/page/index.html") and returns it as a folder URL,
// "old/page/". It refuses a path that is not Safe or has a part that is not
// a name (see IsName).
func Clean(p string) (string, bool) {
	p = strings.Trim(p, "/")
	p = strings.TrimSuffix(p, "/index.html")
	if !Safe(p) {
		return "", false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if !IsName(seg) {
			return "", false
		}
	}
	return p + "/", true
}

// FromRequest turns the path of a request ("/", "/a/b/", "/assets/site.css")
// into the name of a file or folder in the built site ("", "a/b/",
// "assets/site.css"), refusing one that is not Safe.
func FromRequest(p string) (string, bool) {
	name := strings.TrimPrefix(p, "/")
	return name, name == "" || Safe(strings.TrimSuffix(name, "/"))
}

// PageURL returns the site URL of the page at a content path:
// "explainers/icb.md" is at "explainers/icb/", "explainers/_index.md" at
// "explainers/" and "_index.md" at "".
func PageURL(contentPath string) string {
	dir, file := path.Split(contentPath)
	if file == "_index.md" {
		return dir
	}
	return dir + strings.TrimSuffix(file, ".md") + "/"
}

// Resolve resolves a relative link target written in the file at content
// path from. It returns the content path, or false when the target is
// absolute or climbs out of the content folder.
func Resolve(from, target string) (string, bool) {
	p := path.Clean(path.Join(path.Dir(from), target))
	if p == "." {
		p = ""
	}
	if p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(target) {
		return "", false
	}
	return p, true
}
