package content

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"icsguide/generator/diag"
	"icsguide/generator/workers"
)

// Fixed places of the site's data inside content/.
const (
	SettingsPath  = "site.yaml"
	ChecklistPath = "checklists/checklist.yaml"
	GlossaryPath  = "glossary/terms.yaml"
	// StreamDir holds large published tables (the DfE statistics) that the
	// generator reads as streams: they are neither loaded into memory nor
	// published as they are.
	StreamDir = "organisations/dfe-send-statistics"
)

// Source is everything read from content/.
type Source struct {
	FS        fs.FS // the site folder content/ is in
	Settings  Settings
	Pages     map[string]*Page  // by content path
	Checklist *Checklist        // never nil
	Glossary  []*Term           // in file order
	Data      map[string][]byte // other data files (.csv, .yaml, .geojson) by content path
	Static    map[string]string // files copied as they are: content path to path in FS
	Streams   map[string]string // files in StreamDir: content path to path in FS
	dir, root string            // content/'s path in FS, and where it leads if it is a link
	errs      map[string]diag.List
}

// Kind says what the loader does with a file in content/.
type Kind int

// The kinds of file in content/.
const (
	Ignored Kind = iota
	PageFile
	DataFile
	StaticFile
	StreamFile
)

// Classify tells what a content path is. Hidden files, editor backups and
// README.md files (notes for editors) are ignored.
func Classify(rel string) Kind {
	base := path.Base(rel)
	switch {
	case IsEditorTemp(base), base == "README.md":
		return Ignored
	case strings.HasPrefix(rel, StreamDir+"/"):
		return StreamFile
	case strings.HasSuffix(base, ".md"):
		return PageFile
	}
	switch path.Ext(base) {
	case ".yaml", ".yml", ".csv", ".geojson":
		return DataFile
	}
	return StaticFile
}

// IsEditorTemp reports whether a file name is a hidden file or an editor's
// temporary or backup file.
func IsEditorTemp(base string) bool {
	return strings.HasPrefix(base, ".") || strings.HasPrefix(base, "#") ||
		strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") || base == "4913"
}

// Load reads every file in the folder dir of fsys (content/ of a site
// folder). Messages name files by their paths in fsys, e.g.
// "content/explainers/icb.md".
func Load(fsys fs.FS, dir string) (*Source, diag.List) {
	s := &Source{FS: fsys, dir: dir, Pages: map[string]*Page{}, Data: map[string][]byte{},
		Static: map[string]string{}, Streams: map[string]string{}, errs: map[string]diag.List{}, Checklist: &Checklist{}}
	var walkErrs diag.List
	root, msg := FollowRoot(fsys, dir)
	if msg != "" {
		walkErrs.Addf(dir, 0, 0, "%s", msg)
		return s, walkErrs
	}
	s.root = root
	var rels, names []string // content paths, and the files they name in fsys
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		file := dir + "/" + rel
		if err != nil {
			walkErrs.Addf(file, 0, 0, "cannot read: %v", err)
			return nil
		}
		if rel == "" {
			return nil
		}
		if d.IsDir() {
			if IsEditorTemp(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			var ok bool
			if p, ok = s.follow(rel, p); !ok {
				return nil
			}
		}
		rels, names = append(rels, rel), append(names, p)
		return nil
	})
	if err != nil {
		walkErrs.Addf(dir, 0, 0, "cannot read the content folder: %v", err)
	}
	// Files are read and parsed in parallel, and kept in the order found.
	read := make([]file, len(rels))
	workers.Each(len(rels), func(i int) { read[i] = s.read(rels[i], names[i]) })
	for i, f := range read {
		s.keep(rels[i], f)
	}
	s.finish()
	errs := walkErrs
	for _, e := range s.errs {
		errs.Merge(e)
	}
	return s, errs
}

func plainErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Reload re-reads the files at the given content paths (which may have been
// deleted) and returns all current errors. A path may name a folder that
// appeared, went away or was renamed: every file known under it or found in
// it is read again.
func (s *Source) Reload(rels []string) diag.List {
	if s.root == "" { // content/ itself could not be read: read it all again
		fresh, errs := Load(s.FS, s.dir)
		*s = *fresh
		return errs
	}
	for _, rel := range s.expand(rels) {
		delete(s.Pages, rel)
		delete(s.Data, rel)
		delete(s.Static, rel)
		delete(s.Streams, rel)
		delete(s.errs, rel)
		p := s.root + "/" + rel
		fi, err := fs.Lstat(s.FS, p)
		if err != nil || fi.IsDir() {
			continue
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			var ok bool
			if p, ok = s.follow(rel, p); !ok {
				continue
			}
		}
		s.keep(rel, s.read(rel, p))
	}
	s.finish()
	var errs diag.List
	for _, e := range s.errs {
		errs.Merge(e)
	}
	return errs
}

// expand replaces each folder among rels by the files known under it and
// the files in it now, and drops paths inside hidden folders, which Load
// skips too.
func (s *Source) expand(rels []string) []string {
	var out []string
	for _, rel := range rels {
		if inHiddenFolder(rel) {
			continue
		}
		out = append(out, rel)
		if !s.known(rel) {
			out = under(s.Pages, rel, out)
			out = under(s.Data, rel, out)
			out = under(s.Static, rel, out)
			out = under(s.errs, rel, out)
			out = under(s.Streams, rel, out)
		}
		dir := s.root + "/" + rel
		if fi, err := fs.Lstat(s.FS, dir); err != nil || !fi.IsDir() {
			continue
		}
		_ = fs.WalkDir(s.FS, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && p != dir && IsEditorTemp(d.Name()) {
				return fs.SkipDir
			}
			if !d.IsDir() {
				out = append(out, strings.TrimPrefix(p, s.root+"/"))
			}
			return nil
		})
	}
	return out
}

// inHiddenFolder reports whether a content path lies in a folder Load skips.
func inHiddenFolder(rel string) bool {
	dirs := strings.Split(rel, "/")
	for _, d := range dirs[:len(dirs)-1] {
		if IsEditorTemp(d) {
			return true
		}
	}
	return false
}

// known reports whether a content path is a file read before.
func (s *Source) known(rel string) bool {
	_, page := s.Pages[rel]
	_, data := s.Data[rel]
	_, static := s.Static[rel]
	_, bad := s.errs[rel]
	_, stream := s.Streams[rel]
	return page || data || static || bad || stream
}

// under appends the keys of m inside the folder dir.
func under[V any](m map[string]V, dir string, out []string) []string {
	for k := range m {
		if strings.HasPrefix(k, dir+"/") && !strings.Contains(k, "#") {
			out = append(out, k)
		}
	}
	return out
}

// file is what reading one content file gave: a page, the bytes of a data
// file, the path in FS of a static or stream file, or errors.
type file struct {
	kind Kind
	page *Page
	data []byte
	name string
	errs diag.List
}

// follow follows p, the symbolic link that is the content file rel, by
// Follow's rule. A refusal is kept as the file's error until it changes.
func (s *Source) follow(rel, p string) (string, bool) {
	target, msg := Follow(s.FS, p, false)
	if msg != "" {
		s.errs[rel] = diag.List{{Path: s.dir + "/" + rel, Msg: msg}}
		return "", false
	}
	return target, true
}

// read reads the content file rel from name, its path in FS or, for a
// symbolic link, the path it leads to. It changes nothing, so files may be
// read at the same time.
func (s *Source) read(rel, name string) file {
	f := file{kind: Classify(rel), name: name}
	if f.kind == Ignored || f.kind == StaticFile || f.kind == StreamFile {
		return f
	}
	display := s.dir + "/" + rel
	src, err := fs.ReadFile(s.FS, f.name)
	if err != nil {
		f.errs = diag.List{{Path: display, Msg: "cannot read: " + plainErr(err)}}
		return f
	}
	if f.kind == DataFile {
		f.data = src
		return f
	}
	f.page, f.errs = ParsePage(rel, display, src)
	return f
}

// keep records what reading the file rel gave.
func (s *Source) keep(rel string, f file) {
	switch {
	case len(f.errs) > 0:
		s.errs[rel] = f.errs
	case f.kind == StaticFile:
		s.Static[rel] = f.name
	case f.kind == StreamFile:
		s.Streams[rel] = f.name
	case f.kind == DataFile:
		s.Data[rel] = f.data
	case f.page != nil:
		s.Pages[rel] = f.page
	}
}

// finish parses the settings, checklist and glossary from the data files.
func (s *Source) finish() {
	s.Checklist, s.Glossary = &Checklist{}, nil
	for _, rel := range []string{SettingsPath, ChecklistPath, GlossaryPath} {
		delete(s.errs, rel+"#parsed")
		file := s.dir + "/" + rel
		src, ok := s.Data[rel]
		if !ok {
			if rel == SettingsPath {
				s.errs[rel+"#parsed"] = diag.List{{Path: file, Msg: "this file is missing"}}
			}
			continue
		}
		var errs diag.List
		switch rel {
		case SettingsPath:
			s.Settings, errs = ParseSettings(file, src)
		case ChecklistPath:
			s.Checklist, errs = ParseChecklist(file, path.Dir(rel), src)
		case GlossaryPath:
			s.Glossary, errs = ParseGlossary(file, path.Dir(rel), src)
		}
		if len(errs) > 0 {
			s.errs[rel+"#parsed"] = errs
		}
	}
}

// SortedPages returns the pages ordered by content path.
func (s *Source) SortedPages() []*Page {
	out := make([]*Page, 0, len(s.Pages))
	for _, p := range s.Pages {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}
