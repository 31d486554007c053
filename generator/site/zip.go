package site

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"html/template"
	"sort"
	"strings"
	"sync"
	"time"

	"icsguide/generator/urlpath"
)

// zipTime is the fixed date on every ZIP entry, so builds are identical.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// offlineFooter replaces the footer's download link (a paragraph of class
// "download") with note, which says this is the offline copy.
func offlineFooter(page []byte, note string) []byte {
	start := bytes.Index(page, []byte(`<p class="download">`))
	if start < 0 {
		return page
	}
	end := bytes.Index(page[start:], []byte("</p>"))
	if end < 0 {
		return page
	}
	end += start + len("</p>")
	out := make([]byte, 0, len(page)+len(note))
	out = append(out, page[:start]...)
	out = append(out, note...)
	return append(out, page[end:]...)
}

// offlineNote says, in the offline copy's footer, when the copy was made
// (if made is set) and where the live guide is (if its address is known).
func offlineNote(made time.Time, baseURL string) string {
	var b strings.Builder
	b.WriteString(`<p class="download">You are reading the offline copy of this guide`)
	if !made.IsZero() {
		b.WriteString(`, made on ` + made.Format("2 January 2006"))
	}
	b.WriteString(`.`)
	if baseURL != "" {
		u := template.HTMLEscapeString(baseURL)
		b.WriteString(` The latest version is at <a href="` + u + `">` + u + `</a>.`)
	} else {
		b.WriteString(` The online version may be newer.`)
	}
	b.WriteString(`</p>`)
	return b.String()
}

// dosDate is a date in the ZIP format's MS-DOS form.
func dosDate(t time.Time) uint16 {
	return uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
}

// flatePool keeps compressors, which are costly to make, for reuse. The
// fastest level: the ZIP is about an eighth bigger and made twice as fast.
var flatePool = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// offlineZip packs the site into one ZIP whose pages link to index.html
// files explicitly, so it works opened from the file system. Entries sit in
// one folder named root, in sorted order with fixed dates; each entry is
// compressed on its own, in parallel.
func offlineZip(files map[string][]byte, root, note string) ([]byte, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		// No server answers a missing file with 404.html offline, and its
		// links start from the root of a domain, which a folder is not.
		if !strings.HasSuffix(name, ".zip") && name != "404.html" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	type entry struct {
		raw      []byte
		crc      uint32
		size     int
		deflated bool
		err      error
	}
	entries := make([]entry, len(names))
	parallel(len(names), func(i int) {
		data := files[names[i]]
		if strings.HasSuffix(names[i], ".html") {
			data = urlpath.Offline(offlineFooter(data, note))
		}
		e := &entries[i]
		e.crc = crc32.ChecksumIEEE(data)
		e.size = len(data)
		var buf bytes.Buffer
		buf.Grow(len(data) / 3)
		w := flatePool.Get().(*flate.Writer)
		w.Reset(&buf)
		_, err := w.Write(data)
		if err == nil {
			err = w.Close()
		}
		flatePool.Put(w)
		e.err = err
		if buf.Len() < len(data) {
			e.raw, e.deflated = buf.Bytes(), true
		} else {
			e.raw = data
		}
	})
	var out bytes.Buffer
	total := 0
	for i, e := range entries {
		total += len(e.raw) + 2*len(names[i]) + 2*len(root) + 100
	}
	out.Grow(total)
	zw := zip.NewWriter(&out)
	for i, name := range names {
		e := entries[i]
		if e.err != nil {
			return nil, e.err
		}
		h := &zip.FileHeader{Name: root + "/" + name, CRC32: e.crc, UncompressedSize64: uint64(e.size),
			CompressedSize64: uint64(len(e.raw)), Modified: zipTime, Method: zip.Store,
			ModifiedDate: dosDate(zipTime)} // CreateRaw does not fill it from Modified
		if e.deflated {
			h.Method = zip.Deflate
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.raw); err != nil {
			return nil, err
		}
		entries[i].raw = nil // copied into the ZIP: let it go
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
