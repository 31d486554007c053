package build

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"icsguide/generator/diag"
	"icsguide/generator/output"
	"icsguide/generator/site"
	"icsguide/generator/workers"
)

// render draws the pages whose inputs changed since they were last drawn,
// in parallel, drops pages that are gone, and returns the pages it drew.
func (b *Builder) render(s *site.Site, t tokens, ed *edit) ([]*site.Page, diag.List) {
	todo, readers := b.stale(s, t, ed)
	out, errOut, err := b.draw(s, t, todo)
	if err != nil {
		return nil, diag.List{*err}
	}
	// One fault in a layout fails every page drawn with it: report it once.
	var errs diag.List
	var pages []string
	others := map[int]int{}
	for i, p := range todo {
		if errOut[i] == nil {
			b.renders++
			r := out[i]
			r.n, r.idsAt = b.renders, b.renders
			if old := b.rendered[p.OutPath()]; old != nil && maps.Equal(old.ids, r.ids) {
				r.idsAt = old.idsAt
			}
			b.rendered[p.OutPath()] = r
			if r.readsOthers {
				readers = append(readers, p)
			}
			continue
		}
		delete(b.rendered, p.OutPath())
		var e diag.Error
		if !errors.As(errOut[i], &e) {
			e = diag.Error{Msg: errOut[i].Error()}
		}
		if j := slices.Index(errs, e); j >= 0 {
			others[j]++
			continue
		}
		errs = append(errs, e)
		pages = append(pages, p.File)
	}
	for j := range errs {
		if n := others[j]; n > 0 {
			errs[j].Msg += fmt.Sprintf(" (while rendering %s and %d other page%s)", pages[j], n, plural(n))
		} else {
			errs[j].Msg += " (while rendering " + pages[j] + ")"
		}
	}
	b.readers, b.drawnWith = readers, nil
	if len(errs) == 0 {
		b.drawnWith = t
	}
	return todo, errs
}

// stale returns the pages that need drawing, and the pages that show other
// pages' bodies but were drawn from the same inputs, and forgets the pages
// that are gone.
func (b *Builder) stale(s *site.Site, t tokens, ed *edit) (todo, readers []*site.Page) {
	if ed != nil && maps.Equal(t, b.drawnWith) {
		// Every page was drawn from these inputs and the bodies before the
		// edit: only the edited pages and the pages that show other pages'
		// bodies can be stale.
		seen := make(map[*site.Page]bool, len(ed.pages)+len(b.readers))
		for _, p := range slices.Concat(ed.pages, b.readers) {
			if seen[p] {
				continue
			}
			seen[p] = true
			if r := b.rendered[p.OutPath()]; r == nil || !t.fresh(s, r) {
				todo = append(todo, p)
			} else if r.readsOthers {
				readers = append(readers, p)
			}
		}
		return todo, readers
	}
	live := make(map[string]bool, len(s.Pages))
	for _, p := range s.Pages {
		out := p.OutPath()
		live[out] = true
		if r := b.rendered[out]; r == nil || !t.fresh(s, r) {
			todo = append(todo, p)
		} else if r.readsOthers {
			readers = append(readers, p)
		}
	}
	for k := range b.rendered {
		if !live[k] {
			delete(b.rendered, k)
		}
	}
	return todo, readers
}

// draw renders the pages in parallel, returning each one's result and
// template error. A one-off build into b.out writes each page at once and
// keeps only its ZIP entry (in b.pageZip) and where its footer leaves room
// for the ZIP's size; a failure to write is the error returned.
func (b *Builder) draw(s *site.Site, t tokens, todo []*site.Page) ([]*renderedPage, []error, *diag.Error) {
	out := make([]*renderedPage, len(todo))
	errOut := make([]error, len(todo))
	var zipped []output.ZipEntry
	var writeErrs []error
	if b.out != nil {
		zipped = make([]output.ZipEntry, len(todo))
		writeErrs = make([]error, len(todo))
	}
	note := output.OfflineNote(b.opts.Today, s.BaseURL)
	workers.Each(len(todo), func(i int) {
		buf := bufPool.Get().(*bytes.Buffer)
		defer bufPool.Put(buf)
		buf.Reset()
		var read []string
		errOut[i] = b.rend.Render(buf, todo[i], func(key string) { read = append(read, key) })
		html := buf.Bytes()
		r := &renderedPage{ids: htmlIDs(html)}
		r.deps, r.readsOthers = b.pageDeps(s, t, todo[i], read)
		out[i] = r
		if b.out == nil {
			r.html = bytes.Clone(html) // exactly sized: thousands are kept
			return
		}
		if errOut[i] != nil {
			return
		}
		if p := todo[i]; !p.InPrint() && p.Markdown() != nil {
			p.Markdown().HTML, p.Content = "", "" // no other page reads its body
		}
		name := todo[i].OutPath()
		if output.InZip(name) {
			zipped[i] = output.NewZipEntry(name, html, note)
		}
		r.zipSizeAt = output.ZipSizeOffsets(html)
		writeErrs[i] = b.out.WriteFile(name, html)
	})
	for i, z := range zipped {
		if z.Name() != "" {
			b.pageZip = append(b.pageZip, z)
		}
		if writeErrs[i] != nil {
			return nil, nil, &diag.Error{Msg: fmt.Sprintf("cannot write %s: %v", todo[i].OutPath(), writeErrs[i])}
		}
	}
	return out, errOut, nil
}

// bufPool keeps the buffers pages are rendered into.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
