package preview

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"icsguide/generator/content"
	"icsguide/generator/site"
)

// debounce is how long the watcher waits after the last event of a burst
// (an editor's save often writes, renames and changes mode in quick
// succession) before rebuilding.
const debounce = 30 * time.Millisecond

// Watcher watches content/ and layouts/ and rebuilds on every change.
type Watcher struct {
	fs   *fsnotify.Watcher
	done chan struct{}
}

// Close stops watching.
func (w *Watcher) Close() error {
	close(w.done)
	return w.fs.Close()
}

// Watch starts watching the site's folders, including folders made later.
func (s *Server) Watch() (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{fs: fw, done: make(chan struct{})}
	root := s.source
	for _, dir := range []string{"content", "layouts"} {
		addTree(fw, filepath.Join(root, dir))
	}
	go s.watchLoop(w, root)
	return w, nil
}

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

func (s *Server) watchLoop(w *Watcher, root string) {
	changed := map[string]bool{}
	full := false
	var timer <-chan time.Time
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			rel, err := filepath.Rel(root, ev.Name)
			if err != nil || content.IsEditorTemp(filepath.Base(ev.Name)) {
				continue
			}
			rel = filepath.ToSlash(rel)
			if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
				// A new or renamed-in folder: watch it; everything in it is new.
				addTree(w.fs, ev.Name)
				full = true
			} else if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				// A file or a whole folder went away; a folder's files are
				// not named in the event, so read everything again when the
				// name was not a known file.
				if !strings.Contains(filepath.Base(rel), ".") {
					full = true
				}
			}
			changed[rel] = true
			timer = time.After(debounce)
		case <-w.fs.Errors:
			full = true
			timer = time.After(debounce)
		case <-timer:
			var list site.Change
			for p := range changed {
				list = append(list, p)
			}
			s.Rebuild(list, full)
			changed = map[string]bool{}
			full = false
			timer = nil
		}
	}
}
