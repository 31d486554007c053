package build

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"slices"

	"icsguide/generator/diag"
	"icsguide/generator/markdown"
	"icsguide/generator/output"
	"icsguide/generator/sendstats"
	"icsguide/generator/site"
	"icsguide/generator/urlpath"
	"icsguide/generator/workers"
)

// codeCSS is the stylesheet for highlighted code; it never changes.
var codeCSS = func() []byte {
	var b bytes.Buffer
	if err := markdown.Stylesheet(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}()

// outputs gathers every output file: pages, redirects, assets, static files,
// the search index (made by the time index gives it; none when index is
// nil), feed, sitemap, robots.txt and the offline ZIP.
func (b *Builder) outputs(s *site.Site, index <-chan map[string][]byte) (map[string][]byte, *Result, diag.List) {
	var errs diag.List
	files := make(map[string][]byte, len(b.rendered)+64)
	res := &Result{}
	for k, r := range b.rendered {
		if r.html != nil { // BuildInto has written it
			files[k] = r.html
		}
	}
	res.Pages = len(b.rendered)
	for _, p := range s.Pages {
		for _, a := range p.Aliases() {
			files[a+"index.html"] = output.RedirectPage(s.Settings.Language, p.Title, urlpath.Rel(a, p.URL))
		}
	}
	for name, file := range b.tmpl.Assets() {
		data, err := fs.ReadFile(b.fsys, file)
		if err != nil {
			errs.Addf("layouts/assets/"+name, 0, 0, "cannot read: %v", err)
			continue
		}
		files["assets/"+name] = data
	}
	files["assets/code.css"] = codeCSS
	if s.Map != nil {
		files[site.ICBMapFile] = s.Map.File()
	}
	if s.Send != nil {
		files[sendstats.CouncilCSVPath] = s.Send.CouncilCSV()
		files[sendstats.ICBCSVPath] = s.Send.ICBCSV(s.Org)
	}
	for rel, file := range b.src.Static {
		data, err := fs.ReadFile(b.fsys, file)
		if err != nil {
			errs.Addf("content/"+rel, 0, 0, "cannot read: %v", err)
			continue
		}
		files[rel] = data
	}
	if index != nil {
		for name, data := range <-index {
			files[name] = data
			res.Index += len(data)
		}
		release(s)
	}
	listed := listedPages(s)
	files["feed.xml"] = output.Feed(output.Site{Title: s.Settings.Title, ShortName: s.Settings.ShortName, BaseURL: s.BaseURL}, listed)
	if s.BaseURL != "" {
		files["sitemap.xml"] = output.Sitemap(s.BaseURL, listed)
	}
	files["robots.txt"] = output.Robots(s.BaseURL)
	if b.opts.Preview {
		return files, res, errs
	}
	files, zipErrs := b.offline(s, files, res)
	errs.Merge(zipErrs)
	return files, res, errs
}

// offline makes the offline ZIP of the files and puts its size into every
// page. A build into b.out writes the ZIP and the files there, and returns
// no files.
func (b *Builder) offline(s *site.Site, files map[string][]byte, res *Result) (map[string][]byte, diag.List) {
	var errs diag.List
	root, note := s.Settings.ShortName+"-offline", output.OfflineNote(b.opts.Today, s.BaseURL)
	if b.out != nil {
		if err := b.writeRest(s, files, res, root, note); err != nil {
			errs.Addf("", 0, 0, "cannot write the site: %v", err)
		}
		return nil, errs
	}
	zip, err := output.OfflineZip(files, root, note)
	if err != nil {
		errs.Addf("", 0, 0, "cannot make the offline ZIP: %v", err)
		return files, errs
	}
	res.ZipSize = len(zip)
	output.FillZipSize(files, output.ZipSizeFill(len(zip)))
	files[s.ZipURL] = zip
	return files, errs
}

// listedPages is what the feed and the sitemap list: every page but the
// one for addresses that do not exist.
func listedPages(s *site.Site) []output.Page {
	pages := make([]output.Page, 0, len(s.Pages))
	for _, p := range s.Pages {
		if p.Kind != site.KindNotFound {
			pages = append(pages, output.Page{URL: p.URL, Title: p.Title, Description: p.Description, Reviewed: p.Reviewed})
		}
	}
	return pages
}

// writeRest finishes a build into b.out, whose pages are written: it writes
// the offline ZIP (from the pages' entries and the other files), puts the
// ZIP's size into every page, and writes the other files.
func (b *Builder) writeRest(s *site.Site, files map[string][]byte, res *Result, root, note string) error {
	entries := output.ZipEntries(files, note)
	f, err := b.out.Create(s.ZipURL)
	if err != nil {
		return err
	}
	w := &countingWriter{w: bufio.NewWriterSize(f, 1<<20)}
	err = output.WriteZip(w, root, append(entries, b.pageZip...))
	b.pageZip = nil
	if err == nil {
		err = w.w.Flush()
	}
	if err := errors.Join(err, f.Close()); err != nil {
		return err
	}
	res.ZipSize = w.n
	fill := output.ZipSizeFill(w.n)
	output.FillZipSize(files, fill)
	pages, others := slices.Sorted(maps.Keys(b.rendered)), slices.Sorted(maps.Keys(files))
	errs := make([]error, len(pages)+len(others))
	workers.EachN(output.IOWorkers, len(errs), func(i int) {
		if i < len(pages) {
			errs[i] = b.out.Patch(pages[i], b.rendered[pages[i]].zipSizeAt, fill)
		} else {
			errs[i] = b.out.WriteFile(others[i-len(pages)], files[others[i-len(pages)]])
		}
	})
	res.Count = len(pages) + len(others) + 1
	return errors.Join(errs...)
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w *bufio.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

// release drops the Markdown and its HTML (the printable guide's too),
// which a one-off build no longer needs once pages and index are made, to
// keep peak memory low.
func release(s *site.Site) {
	for _, p := range s.Pages {
		if md := p.Markdown(); md != nil {
			md.Text, md.HTML, md.Print = "", "", ""
		}
		p.Content = ""
	}
}

// SearchFiles returns the search index files of the last successful build,
// by their paths in the built site.
func (b *Builder) SearchFiles() map[string][]byte {
	if b.last == nil {
		return nil
	}
	return searchIndex(b.last)
}

// searchIndex makes the search index files of the site s.
func searchIndex(s *site.Site) map[string][]byte {
	return output.SearchFiles(searchEntries(s), output.SearchSplitAbove, output.SearchPartAbove)
}
