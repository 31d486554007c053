package content

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// DirFS returns the site folder dir (holding content/ and layouts/) as the
// file system a build reads. It is os.DirFS, except that a symbolic link is
// read as where it leads on disk: a link whose target is an absolute path
// inside dir reads as the same target relative to the link, and a link that
// leads out of dir reads as the absolute path it leads to, so that Follow
// applies the same rule to it as to a link in any other file system.
func DirFS(dir string) fs.FS {
	real, err := filepath.Abs(dir)
	if err == nil {
		if r, err := filepath.EvalSymlinks(real); err == nil {
			real = r
		}
	}
	return dirFS{os.DirFS(dir).(diskFS), real}
}

// diskFS is what os.DirFS implements.
type diskFS interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
	fs.ReadLinkFS
}

type dirFS struct {
	diskFS
	real string // the site folder's absolute path, symbolic links resolved
}

// ReadLink returns the target of the link name, as DirFS says.
func (d dirFS) ReadLink(name string) (string, error) {
	t, err := d.diskFS.ReadLink(name)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(d.real, filepath.FromSlash(path.Dir(name)))
	abs := t
	if !filepath.IsAbs(t) {
		if !climbsOut(path.Dir(name), filepath.ToSlash(t)) {
			return t, nil // followed step by step, by Follow
		}
		abs = filepath.Join(dir, t)
	}
	// Resolve the folders of a target outside the site folder as the
	// system would, leaving its last step to Follow.
	if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(r, filepath.Base(abs))
	}
	if !inside(d.real, abs) {
		return abs, nil
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return abs, nil
	}
	return filepath.ToSlash(rel), nil
}

// climbsOut reports whether the relative path t, from the folder dir of a
// file system, goes above its top on the way.
func climbsOut(dir, t string) bool {
	depth := 0
	if dir != "." {
		depth = strings.Count(dir, "/") + 1
	}
	for _, step := range strings.Split(t, "/") {
		switch step {
		case "", ".":
		case "..":
			if depth--; depth < 0 {
				return true
			}
		default:
			depth++
		}
	}
	return false
}

// inside reports whether the absolute path p is root or inside it.
func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Follow applies the one rule for symbolic links in every folder the
// generator reads (content/, layouts/ and the assets and data in them): a
// link is followed only when its target is a file inside fsys, the site
// folder, and not in a hidden folder such as .git. name is the link's path
// in fsys; folder says whether the target must be a folder (content/ or
// layouts/ itself) rather than a file. Follow returns the link-free path in
// fsys the link leads to, or "" and why the link may not be followed, in
// plain words.
func Follow(fsys fs.FS, name string, folder bool) (string, string) {
	target, err := walkLinks(fsys, name)
	var out *outsideError
	switch {
	case errors.As(err, &out):
		return "", "this symbolic link points outside the site folder (to " + out.target + "); copy the file in instead"
	case err != nil:
		return "", "this symbolic link is broken or loops: " + plainErr(err)
	case target == ".":
		return "", "this symbolic link points outside the site folder (to the site folder itself); copy the file in instead"
	}
	for _, seg := range strings.Split(target, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", "this symbolic link points into the hidden folder " + seg + "; copy the file in instead"
		}
	}
	fi, err := fs.Stat(fsys, target)
	switch {
	case err != nil:
		return "", "cannot read: " + plainErr(err)
	case fi.IsDir() && !folder:
		return "", "this symbolic link points to a folder; links to folders are not followed"
	case !fi.IsDir() && folder:
		return "", "this symbolic link points to a file, not a folder"
	case !fi.IsDir() && !fi.Mode().IsRegular():
		return "", "this symbolic link points to a device, pipe or socket, not a file"
	}
	return target, ""
}

// FollowRoot applies Follow to a folder the generator reads (content/ or
// layouts/) when the folder itself is a symbolic link. It returns the
// folder's link-free path in fsys, or "" and why not.
func FollowRoot(fsys fs.FS, dir string) (string, string) {
	fi, err := fs.Lstat(fsys, dir)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return dir, ""
	}
	return Follow(fsys, dir, true)
}

// maxLinks is how many links a path may pass through, as the system allows.
const maxLinks = 255

// outsideError is a path leading out of the file system, to target.
type outsideError struct{ target string }

func (e *outsideError) Error() string { return "outside: " + e.target }

// walkLinks returns the path name leads to in fsys once every symbolic link
// on the way is followed, step by step as the system does; "." is the top
// of fsys. A link with an absolute target, or a ".." above the top, leads
// out of fsys.
func walkLinks(fsys fs.FS, name string) (string, error) {
	resolved, rest, links := ".", name, 0
	for rest != "" {
		var step string
		step, rest, _ = strings.Cut(rest, "/")
		switch step {
		case "", ".":
			continue
		case "..":
			if resolved == "." {
				return "", &outsideError{target: path.Join("..", rest)}
			}
			resolved = path.Dir(resolved)
			continue
		}
		next := path.Join(resolved, step)
		fi, err := fs.Lstat(fsys, next)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			resolved = next
			continue
		}
		if links++; links > maxLinks {
			return "", errors.New("too many links")
		}
		t, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", err
		}
		if path.IsAbs(t) || filepath.IsAbs(t) {
			return "", &outsideError{target: t}
		}
		if rest != "" {
			t += "/" + rest
		}
		rest = t
	}
	return resolved, nil
}
