// Package output turns a built site's plain values into the files that are
// published, and puts them on disk: the search index, the Atom feed, the
// sitemap, robots.txt, the pages left at old addresses, the offline ZIP,
// and the atomic output folder (Folder, Write, Recover). It knows nothing
// of how the site was built: the build hands it pages as plain values.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"icsguide/generator/urlpath"
	"icsguide/generator/workers"
)

// WriteHook, when set, is called with the name of each step of Write before
// it is taken: "written" (the new site is complete beside the output),
// "exchange" (about to swap in one step; an error makes Write use two
// renames instead), "renamed" (between the two renames) and "swapped" (the
// new site is in place; the previous one is about to be deleted). Tests use
// it to pause a build, or stop it, at each point.
var WriteHook func(step string) error

// Write puts the files into the folder out, through a Folder: so a failed
// or interrupted build leaves the previous output complete.
func Write(out string, files map[string][]byte) error {
	for name := range files {
		if !urlpath.Safe(name) {
			return fmt.Errorf("refusing to write %q outside the output folder", name)
		}
	}
	f, err := CreateFolder(out)
	if err != nil {
		return err
	}
	names := slices.Sorted(maps.Keys(files))
	errs := make([]error, len(names))
	// Writing waits on the file system more than on the CPU.
	workers.EachN(IOWorkers, len(names), func(i int) { errs[i] = f.WriteFile(names[i], files[names[i]]) })
	if err := errors.Join(errs...); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// A Folder is a new output folder being written. Its files go into a new
// folder beside out, which Commit puts in the place of out only when every
// file is written, in one atomic step where the system has one
// (rename-exchange on Linux), otherwise with two renames in a row. Abort
// deletes it. So a failed or interrupted build leaves the previous output
// complete, and the next build (or Recover) removes whatever an interrupted
// one left beside it. When out is a symbolic link, the site is written into
// the folder it points to. A Folder's files may be written concurrently.
type Folder struct {
	out, tmp string
	unlock   func()
	made     sync.Map // the folders made so far, by slash path
}

// CreateFolder starts a new output folder for out.
func CreateFolder(out string) (*Folder, error) {
	out, err := OutputFolder(out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockFolder(filepath.Dir(out))
	if err != nil {
		return nil, err
	}
	if err := recoverOutput(out); err != nil {
		unlock()
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), filepath.Base(out)+buildingInfix)
	if err == nil {
		err = os.Chmod(tmp, 0o755)
	}
	if err != nil {
		unlock()
		return nil, err
	}
	return &Folder{out: out, tmp: tmp, unlock: unlock}, nil
}

// WriteFile writes one file, named by its slash path in the site, making
// its folders as needed.
func (f *Folder) WriteFile(name string, data []byte) error {
	if !urlpath.Safe(name) {
		return fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	if err := f.mkdirs(path.Dir(name)); err != nil {
		return err
	}
	return os.WriteFile(f.path(name), data, 0o644)
}

// Create creates one file for writing, as WriteFile does.
func (f *Folder) Create(name string) (*os.File, error) {
	if !urlpath.Safe(name) {
		return nil, fmt.Errorf("refusing to write %q outside the output folder", name)
	}
	if err := f.mkdirs(path.Dir(name)); err != nil {
		return nil, err
	}
	return os.OpenFile(f.path(name), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}

// Patch overwrites bytes of a file already written with data, at each of
// the offsets at.
func (f *Folder) Patch(name string, at []int, data []byte) error {
	if len(at) == 0 {
		return nil
	}
	w, err := os.OpenFile(f.path(name), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	for _, off := range at {
		if _, err := w.WriteAt(data, int64(off)); err != nil {
			return errors.Join(err, w.Close())
		}
	}
	return w.Close()
}

func (f *Folder) path(name string) string { return filepath.Join(f.tmp, filepath.FromSlash(name)) }

// mkdirs makes the slash path dir and its parents, once each.
func (f *Folder) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	if _, ok := f.made.Load(dir); ok {
		return nil
	}
	if err := f.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(f.path(dir), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	f.made.Store(dir, true)
	return nil
}

// Commit puts the complete new site in the place of out.
func (f *Folder) Commit() error {
	defer f.unlock()
	if err := hook("written"); err != nil {
		return err
	}
	return swap(f.out, f.tmp)
}

// Abort deletes the new folder and leaves out as it was.
func (f *Folder) Abort() {
	_ = os.RemoveAll(f.tmp)
	f.unlock()
}

// The names of the folders a build keeps beside the output: the new site
// while it is written, and the previous one between two renames.
const (
	buildingInfix = ".building-"
	oldInfix      = ".old-"
)

func hook(step string) error {
	if WriteHook == nil {
		return nil
	}
	return WriteHook(step)
}

// OutputFolder returns the folder a build writes to: out itself, or the
// folder it points to when out is a symbolic link. A link that leads
// nowhere or to a file is refused.
func OutputFolder(out string) (string, error) {
	out = filepath.Clean(out)
	fi, err := os.Lstat(out)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return out, nil
	}
	target, err := filepath.EvalSymlinks(out)
	if err != nil {
		dest, _ := os.Readlink(out)
		return "", fmt.Errorf("%s is a symbolic link to %s, which does not exist; create that folder or remove the link", out, dest)
	}
	if fi, err := os.Stat(target); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%s is a symbolic link to %s, which is not a folder", out, target)
	}
	return target, nil
}

// swap puts the complete new site tmp in the place of out and deletes the
// previous one.
func swap(out, tmp string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err := hook("exchange"); err == nil {
		if err := exchange(tmp, out); err == nil {
			// tmp now holds the previous site.
			if err := hook("swapped"); err != nil {
				return err
			}
			return removePrevious(tmp)
		}
	}
	// Two renames: out is missing between them, for microseconds; if the
	// build dies there, the next one puts the previous site back.
	old := strings.Replace(tmp, buildingInfix, oldInfix, 1)
	if err := os.Rename(out, old); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	if err := hook("renamed"); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		if rerr := os.Rename(old, out); rerr != nil {
			return fmt.Errorf("%v; the previous site is in %s", err, old)
		}
		_ = os.RemoveAll(tmp)
		return err
	}
	if err := hook("swapped"); err != nil {
		return err
	}
	return removePrevious(old)
}

func removePrevious(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("the new site is in place, but the previous one could not be deleted from %s (the next build tries again): %v", dir, err)
	}
	return nil
}

// Recover repairs what an interrupted build left beside out: when out is
// missing but the previous site was set aside, it is put back, and every
// half-written or set-aside folder is deleted.
func Recover(out string) error {
	out, err := OutputFolder(out)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Dir(out)); err != nil {
		return nil // nothing was ever built here
	}
	unlock, err := lockFolder(filepath.Dir(out))
	if err != nil {
		return err
	}
	defer unlock()
	return recoverOutput(out)
}

// recoverOutput does Recover's work; the caller holds the lock.
func recoverOutput(out string) error {
	ents, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return err
	}
	base := filepath.Base(out)
	var leftovers []string
	var newestOld string
	var newest time.Time
	for _, e := range ents {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, base+".") {
			continue
		}
		rest := strings.TrimPrefix(name, base)
		if !strings.HasPrefix(rest, buildingInfix) && !strings.HasPrefix(rest, oldInfix) {
			continue
		}
		p := filepath.Join(filepath.Dir(out), name)
		leftovers = append(leftovers, p)
		if strings.HasPrefix(rest, oldInfix) {
			if fi, err := e.Info(); err == nil && (newestOld == "" || fi.ModTime().After(newest)) {
				newestOld, newest = p, fi.ModTime()
			}
		}
	}
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) && newestOld != "" {
		// Interrupted between the two renames: the previous site goes back.
		if err := os.Rename(newestOld, out); err != nil {
			return err
		}
	}
	for _, p := range leftovers {
		if p == newestOld {
			if _, err := os.Lstat(p); err != nil {
				continue // put back
			}
		}
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("cannot delete %s, left by an interrupted build: %v", p, err)
		}
	}
	return nil
}

// IOWorkers is how many files are written at once.
const IOWorkers = 16
