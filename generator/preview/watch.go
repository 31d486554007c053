package preview

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"icsguide/generator/build"
	"icsguide/generator/content"
)

// debounce is how long the watcher waits after the last event of a burst
// (an editor's save often truncates, writes, renames and changes mode in
// quick succession, usually within a millisecond) before rebuilding. It is
// short, as it delays every reload; a burst that outlasts it (a busy
// machine may pause the editor between two steps) is rebuilt again when
// its last events arrive, which an edit of a few pages makes cheap, and a
// build that fails half way through waits errorWait before it is shown.
const debounce = 5 * time.Millisecond

// Watcher watches the site folder and rebuilds on every change.
type Watcher struct {
	fs   *fsnotify.Watcher
	done chan struct{}
	once sync.Once
}

// Close stops watching. It may be called more than once.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		err = w.fs.Close()
	})
	return err
}

// Watch starts watching the site: content/ and layouts/ with every folder
// inside them, including folders made later, and the site folder itself, so
// that content/ and layouts/ can be deleted, replaced or renamed and come
// back.
func (s *Server) Watch() (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	root := filepath.Clean(s.source)
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	w := &Watcher{fs: fw, done: make(chan struct{})}
	for _, dir := range watched {
		addTree(fw, filepath.Join(root, dir))
	}
	go s.watchLoop(w, root)
	return w, nil
}

// watched are the folders of the site folder that a build reads.
var watched = []string{"content", "layouts"}

// addTree watches a folder and every folder inside it.
func addTree(fw *fsnotify.Watcher, dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if p != dir && content.IsEditorTemp(d.Name()) {
				return filepath.SkipDir
			}
			_ = fw.Add(p)
		}
		return nil
	})
}

// unwatch stops watching a folder that went away or was renamed, and every
// folder that was inside it. Otherwise the kernel keeps the old watches on
// the moved folders, and their events would carry the old names.
func unwatch(fw *fsnotify.Watcher, dir string) {
	for _, p := range fw.WatchList() {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			_ = fw.Remove(p)
		}
	}
}

// relevant turns an event's file name into a slash path under the site
// folder, and reports whether a build reads it.
func relevant(root, name string) (string, bool) {
	rel, err := filepath.Rel(root, name)
	if err != nil || content.IsEditorTemp(filepath.Base(name)) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	return rel, slices.Contains(watched, top)
}

func (s *Server) watchLoop(w *Watcher, root string) {
	changed := map[string]bool{}
	full := false
	var timer, announce <-chan time.Time
	var held event
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if ev.Name != root && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
				unwatch(w.fs, ev.Name)
			}
			rel, ok := relevant(root, ev.Name)
			if !ok {
				continue
			}
			if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
				// A new or renamed-in folder: watch it. The rebuild reads
				// everything in it.
				addTree(w.fs, ev.Name)
			}
			changed[rel] = true
			timer, announce = time.After(debounce), nil // the rebuild tells the pages
		case <-w.fs.Errors:
			full = true // events may have been lost
			timer = time.After(debounce)
		case <-timer:
			var list build.Change
			for p := range changed {
				list = append(list, p)
			}
			ev, ok := s.rebuild(list, full)
			changed = map[string]bool{}
			full = false
			timer, announce = nil, nil
			if ok {
				s.broadcast(ev)
				continue
			}
			// A save caught half way (a file emptied and not yet
			// written, say) fails: the errors are shown only if no
			// other change follows soon.
			held, announce = ev, time.After(errorWait)
		case <-announce:
			s.broadcast(held)
			announce = nil
		}
	}
}

// errorWait is how long a failed build waits for more changes before open
// pages are told to show its errors.
const errorWait = 100 * time.Millisecond
