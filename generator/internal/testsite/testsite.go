// Package testsite helps tests put together sites, from txtar archives
// and the repository's layouts, in memory or in temporary folders.
package testsite

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// Files puts a site together: the files of the folder layouts (the
// repository's layouts/) under "layouts/", then those of each archive in
// turn, by slash path. An empty file in an archive where an earlier one
// exists removes it. In archives, \xff, \r\n and \ufeff stand for the bytes
// a text archive cannot hold.
func Files(tb testing.TB, layouts string, archives ...string) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	for rel, data := range ReadTree(tb, layouts) {
		files[path.Join("layouts", rel)] = []byte(data)
	}
	for _, archive := range archives {
		a, err := txtar.ParseFile(archive)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range a.Files {
			if _, ok := files[f.Name]; ok && len(f.Data) == 0 {
				delete(files, f.Name)
				continue
			}
			data := bytes.ReplaceAll(f.Data, []byte(`\xff`), []byte{0xff})
			data = bytes.ReplaceAll(data, []byte(`\r\n`), []byte("\r\n"))
			data = bytes.ReplaceAll(data, []byte(`\ufeff`), []byte("\xef\xbb\xbf"))
			files[f.Name] = data
		}
	}
	return files
}

// MapFS returns files (by slash path, as Files gives them) as a file
// system in memory.
func MapFS(files map[string][]byte) fstest.MapFS {
	m := make(fstest.MapFS, len(files))
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return m
}

// WriteTree writes files (by slash path, as Files gives them) into dir.
func WriteTree(tb testing.TB, dir string, files map[string][]byte) {
	tb.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// CopyTree copies the folder from into the folder to, for example the
// repository's layouts into a test site.
func CopyTree(tb testing.TB, from, to string) {
	tb.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// CopySite copies the site in the folder from (its content and layouts)
// into the folder to, for example this repository's guide into a test's
// temporary folder.
func CopySite(tb testing.TB, from, to string) {
	tb.Helper()
	for _, sub := range []string{"content", "layouts"} {
		CopyTree(tb, filepath.Join(from, sub), filepath.Join(to, sub))
	}
}

// ReadTree reads every file under dir into a map of slash paths to
// contents.
func ReadTree(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

// Beside lists, in order, what is in out's parent folder apart from out:
// what a build left beside its output.
func Beside(tb testing.TB, out string) []string {
	tb.Helper()
	ents, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if e.Name() != filepath.Base(out) {
			names = append(names, e.Name())
		}
	}
	return names
}
