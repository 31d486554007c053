package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestFollow applies the symbolic-link rule in memory: each link in
// content/ leads to the file named, or is refused with the message given.
func TestFollow(t *testing.T) {
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
	}
	fsys := fstest.MapFS{
		"content/site.yaml":      {Data: []byte("title: T\nshort_name: t\n")},
		"content/logo.svg":       {Data: []byte("<svg/>")},
		".git/config":            {Data: []byte("secret")},
		"layouts/assets/a.css":   {Data: []byte("a")},
		"content/same.svg":       link("logo.svg"),
		"content/chain.svg":      link("sub/hop.svg"),
		"content/sub/hop.svg":    link("../same.svg"),
		"content/via-sub.svg":    link("subdir/../logo.svg"),
		"content/subdir":         link("sub"),
		"content/css.css":        link("../layouts/assets/a.css"),
		"content/out.md":         link("../../secret.md"),
		"content/abs.md":         link("/etc/passwd"),
		"content/up-in.md":       link("../content/../../x"),
		"content/git.txt":        link("../.git/config"),
		"content/folder":         link("../layouts"),
		"content/self":           link(".."),
		"content/loop":           link("loop"),
		"content/broken.txt":     link("nowhere"),
		"content/through-out.md": link("out.md"),
	}
	tests := []struct{ name, want, msg string }{
		{"content/same.svg", "content/logo.svg", ""},
		{"content/chain.svg", "content/logo.svg", ""},
		{"content/via-sub.svg", "content/logo.svg", ""}, // subdir is followed before ".."
		{"content/css.css", "layouts/assets/a.css", ""},
		{"content/out.md", "", "points outside the site folder (to ../secret.md)"},
		{"content/abs.md", "", "points outside the site folder (to /etc/passwd)"},
		{"content/up-in.md", "", "points outside the site folder (to ../x)"},
		{"content/through-out.md", "", "points outside the site folder"},
		{"content/git.txt", "", "points into the hidden folder .git"},
		{"content/folder", "", "points to a folder"},
		{"content/self", "", "points outside the site folder (to the site folder itself)"},
		{"content/loop", "", "is broken or loops: too many links"},
		{"content/broken.txt", "", "is broken or loops"},
	}
	for _, tt := range tests {
		got, msg := Follow(fsys, tt.name, false)
		if got != tt.want || (tt.msg == "") != (msg == "") || !strings.Contains(msg, tt.msg) {
			t.Errorf("Follow(%s) = %q, %q; want %q, %q", tt.name, got, msg, tt.want, tt.msg)
		}
	}
	if got, msg := Follow(fsys, "content/folder", true); got != "layouts" || msg != "" {
		t.Errorf("a link to a folder where one is wanted: %q, %q", got, msg)
	}
	if _, msg := Follow(fsys, "content/same.svg", true); !strings.Contains(msg, "points to a file, not a folder") {
		t.Errorf("a link to a file where a folder is wanted: %q", msg)
	}

	src, errs := Load(fsys, "content")
	if src.Static["same.svg"] != "content/logo.svg" || src.Static["css.css"] != "layouts/assets/a.css" {
		t.Errorf("static files read from %v", src.Static)
	}
	for _, name := range []string{"out.md", "abs.md", "git.txt", "folder", "self", "loop", "broken.txt"} {
		if !strings.Contains(errs.Error(), "content/"+name+": this symbolic link") {
			t.Errorf("Load does not name content/%s:\n%v", name, errs)
		}
	}
}

// TestLoadThroughLinkedFolder: when content/ is a link to a folder inside
// the site folder, the files are read from there, and links in it lead
// from there.
func TestLoadThroughLinkedFolder(t *testing.T) {
	fsys := fstest.MapFS{
		"content":             {Data: []byte("guide/src"), Mode: fs.ModeSymlink},
		"guide/src/site.yaml": {Data: []byte("title: T\nshort_name: t\n")},
		"guide/logo.svg":      {Data: []byte("<svg/>")},
		"guide/src/logo.svg":  {Data: []byte("../logo.svg"), Mode: fs.ModeSymlink},
	}
	src, errs := Load(fsys, "content")
	if len(errs) > 0 || src.Settings.Title != "T" || src.Static["logo.svg"] != "guide/logo.svg" {
		t.Errorf("Load = %+v, %v", src.Static, errs)
	}
	fsys["content"] = &fstest.MapFile{Data: []byte("../elsewhere"), Mode: fs.ModeSymlink}
	if _, errs := Load(fsys, "content"); !strings.Contains(errs.Error(), "content: this symbolic link points outside the site folder") {
		t.Errorf("content/ a link out of the site: %v", errs)
	}
}

// TestDirFSLinks: on disk, a link with an absolute target inside the site
// folder is followed like a relative one, and one leading out is named by
// where it leads on disk.
func TestDirFSLinks(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	for _, f := range []string{filepath.Join(site, "content", "logo.svg"), filepath.Join(dir, "secret.md")} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"abs.svg":  filepath.Join(site, "content", "logo.svg"),
		"out.md":   "../../secret.md",
		"back.svg": "../../site/content/logo.svg",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(site, "content", name)); err != nil {
			t.Fatal(err)
		}
	}
	fsys := DirFS(site)
	for name, want := range map[string]string{"abs.svg": "content/logo.svg", "back.svg": "content/logo.svg", "out.md": ""} {
		got, msg := Follow(fsys, "content/"+name, false)
		if got != want {
			t.Errorf("Follow(%s) = %q, %q; want %q", name, got, msg, want)
		}
	}
	real, err := filepath.EvalSymlinks(filepath.Join(dir, "secret.md"))
	if err != nil {
		t.Fatal(err)
	}
	if _, msg := Follow(fsys, "content/out.md", false); !strings.Contains(msg, "(to "+real+")") {
		t.Errorf("the link out is not named by where it leads: %q", msg)
	}
}
