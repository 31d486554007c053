package output

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"html/template"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"

	"icsguide/generator/urlpath"
	"icsguide/generator/workers"
)

// zipTime is the fixed date on every ZIP entry, so builds are identical.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// appendOfflinePage appends the offline copy's version of a page to dst:
// links name index.html files, and the footer's download link (a paragraph
// of class "download") is replaced with note, which says this is the
// offline copy.
func appendOfflinePage(dst, page []byte, note string) []byte {
	start := bytes.Index(page, []byte(`<p class="download">`))
	if start < 0 {
		return urlpath.AppendOffline(dst, page)
	}
	end := bytes.Index(page[start:], []byte("</p>"))
	if end < 0 {
		return urlpath.AppendOffline(dst, page)
	}
	end += start + len("</p>")
	dst = urlpath.AppendOffline(dst, page[:start])
	dst = urlpath.AppendOffline(dst, []byte(note))
	return urlpath.AppendOffline(dst, page[end:])
}

// offlinePool keeps the buffers offline pages are made in.
var offlinePool = sync.Pool{New: func() any { return new([]byte) }}

// OfflineNote says, in the offline copy's footer, when the copy was made
// (if made is set) and where the live guide is (if its address is known).
func OfflineNote(made time.Time, baseURL string) string {
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

// deflatedPool keeps the buffers entries are compressed into.
var deflatedPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// flatePool keeps compressors, which are costly to make, for reuse. The
// fastest level: the ZIP is about an eighth bigger and made twice as fast.
// This encoder (klauspost/compress) is twice as fast as the standard
// library's at that level, for slightly smaller output.
var flatePool = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// OfflineZip packs the site into one ZIP whose pages link to index.html
// files explicitly, so it works opened from the file system. Entries sit in
// one folder named root, in sorted order with fixed dates; each entry is
// compressed on its own, in parallel.
func OfflineZip(files map[string][]byte, root, note string) ([]byte, error) {
	entries := ZipEntries(files, note)
	var out bytes.Buffer
	total := 0
	for _, e := range entries {
		total += len(e.raw) + 2*len(e.name) + 2*len(root) + 100
	}
	out.Grow(total)
	if err := WriteZip(&out, root, entries); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// ZipEntries makes the offline ZIP's entries for those of files that it
// holds, in parallel.
func ZipEntries(files map[string][]byte, note string) []ZipEntry {
	var names []string
	for name := range files {
		if InZip(name) {
			names = append(names, name)
		}
	}
	entries := make([]ZipEntry, len(names))
	workers.Each(len(names), func(i int) { entries[i] = NewZipEntry(names[i], files[names[i]], note) })
	return entries
}

// InZip reports whether the offline ZIP holds the file name. No server
// answers a missing file with 404.html offline, and its links start from
// the root of a domain, which a folder is not.
func InZip(name string) bool { return !strings.HasSuffix(name, ".zip") && name != "404.html" }

// A ZipEntry is one file of the offline ZIP, compressed.
type ZipEntry struct {
	name     string
	raw      []byte // deflated, or stored when that is no smaller
	crc      uint32
	size     int
	deflated bool
	err      error
}

// NewZipEntry compresses the file name for the offline ZIP; a page is
// first given the offline footer note and links to index.html files.
func NewZipEntry(name string, data []byte, note string) ZipEntry {
	if strings.HasSuffix(name, ".html") {
		b := offlinePool.Get().(*[]byte)
		defer offlinePool.Put(b)
		*b = appendOfflinePage((*b)[:0], data, note)
		data = *b
	}
	e := ZipEntry{name: name, crc: crc32.ChecksumIEEE(data), size: len(data)}
	buf := deflatedPool.Get().(*bytes.Buffer)
	defer deflatedPool.Put(buf)
	buf.Reset()
	w := flatePool.Get().(*flate.Writer)
	w.Reset(buf)
	_, err := w.Write(data)
	if err == nil {
		err = w.Close()
	}
	flatePool.Put(w)
	e.err = err
	if buf.Len() < len(data) {
		data, e.deflated = buf.Bytes(), true
	}
	e.raw = bytes.Clone(data) // exactly sized: thousands are kept until the ZIP is written
	return e
}

// Name is the entry's path in the site; "" for the zero ZipEntry.
func (e ZipEntry) Name() string { return e.name }

// WriteZip writes the entries, sorted by name, into one ZIP in the folder
// root, dropping each entry's data once written.
func WriteZip(out io.Writer, root string, entries []ZipEntry) error {
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	zw := zip.NewWriter(out)
	for i := range entries {
		e := &entries[i]
		if e.err != nil {
			return e.err
		}
		h := &zip.FileHeader{Name: root + "/" + e.name, CRC32: e.crc, UncompressedSize64: uint64(e.size),
			CompressedSize64: uint64(len(e.raw)), Modified: zipTime, Method: zip.Store,
			ModifiedDate: dosDate(zipTime)} // CreateRaw does not fill it from Modified
		if e.deflated {
			h.Method = zip.Deflate
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if _, err := w.Write(e.raw); err != nil {
			return err
		}
		e.raw = nil // written: let it go
	}
	return zw.Close()
}

// ZipSizeToken holds the place of the ZIP's size in the footer until the
// ZIP exists. It is overwritten in place by a text of the same length (the
// size, then an HTML comment as padding), so no page is copied.
const ZipSizeToken = "@@ZIP-SIZE-NOT-KNOWN-YET@@"

// ZipSizeFill is the text that takes the token's place: the size of a ZIP
// of n bytes, for readers, then an HTML comment as padding.
func ZipSizeFill(n int) []byte {
	size := HumanSize(n)
	fill := size + "<!--"
	fill += strings.Repeat("-", len(ZipSizeToken)-len(fill)-3) + "-->"
	if len(fill) != len(ZipSizeToken) {
		panic("zip size text too long: " + size)
	}
	return []byte(fill)
}

// FillZipSize overwrites the token in every page with fill.
func FillZipSize(files map[string][]byte, fill []byte) {
	for k, v := range files {
		if strings.HasSuffix(k, ".html") {
			for _, i := range ZipSizeOffsets(v) {
				copy(v[i:], fill)
			}
		}
	}
}

// ZipSizeOffsets returns where the token is in a page.
func ZipSizeOffsets(page []byte) []int {
	var at []int
	for i := 0; ; i += len(ZipSizeToken) {
		j := bytes.Index(page[i:], []byte(ZipSizeToken))
		if j < 0 {
			return at
		}
		at = append(at, i+j)
		i += j
	}
}

// HumanSize formats a byte count for readers: "840 KB", "1.2 MB".
func HumanSize(n int) string {
	switch {
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+999)/1000)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
}
