package content

import "path"

// cleanPath cleans a slash path inside content/, keeping a leading "../"
// when it climbs out, so callers can refuse it.
func cleanPath(p string) string {
	p = path.Clean(p)
	if p == "." {
		return ""
	}
	return p
}

// Resolve resolves a relative link target written in the page at content
// path from. It returns the content path and false when the target leaves
// content/.
func Resolve(from, target string) (string, bool) {
	p := cleanPath(path.Join(path.Dir(from), target))
	if p == ".." || len(p) > 2 && p[:3] == "../" || path.IsAbs(target) {
		return "", false
	}
	return p, true
}
