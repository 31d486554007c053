package output

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// TestOfflineZip: the ZIP holds every file but 404.html and other ZIPs,
// sorted in one folder with fixed dates; pages get the offline note in
// place of the download paragraph and links to index.html files; other
// files are unchanged; two ZIPs of the same files are identical.
func TestOfflineZip(t *testing.T) {
	page := `<a href="../a/">A</a><p class="download"><a href="/x.zip">Download</a> (1 MB)</p><a href="b/#top">B</a>`
	files := map[string][]byte{
		"index.html":      []byte(page),
		"a/index.html":    []byte(`<p>no footer</p><a href="../">Home</a>`),
		"404.html":        []byte(`not found`),
		"guide.zip":       []byte(`an older zip`),
		"assets/site.css": []byte(strings.Repeat("body{margin:0}\n", 50)),
		"feed.xml":        []byte(`<feed/>`),
	}
	note := OfflineNote(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "https://example.org/")
	data, err := OfflineZip(files, "guide-offline", note)
	if err != nil {
		t.Fatal(err)
	}
	again, err := OfflineZip(files, "guide-offline", note)
	if err != nil || !bytes.Equal(data, again) {
		t.Errorf("two ZIPs of the same files differ (%v)", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ name, body string }{
		{"guide-offline/a/index.html", `<p>no footer</p><a href="../index.html">Home</a>`},
		{"guide-offline/assets/site.css", string(files["assets/site.css"])},
		{"guide-offline/feed.xml", `<feed/>`},
		{"guide-offline/index.html", `<a href="../a/index.html">A</a>` + note + `<a href="b/index.html#top">B</a>`},
	}
	if len(zr.File) != len(want) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		if f.Name != want[i].name {
			t.Errorf("entry %d is %s, want %s", i, f.Name, want[i].name)
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if string(body) != want[i].body {
			t.Errorf("%s:\n%s\nwant\n%s", f.Name, body, want[i].body)
		}
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s dated %v, want %v", f.Name, f.Modified, zipTime)
		}
	}
	if m := zr.File[1].Method; m != zip.Deflate {
		t.Errorf("the stylesheet is stored with method %d, want deflated", m)
	}
	if m := zr.File[2].Method; m != zip.Store {
		t.Errorf("the tiny feed is stored with method %d, want stored as is", m)
	}
}

// TestOfflineNote: the note says when the copy was made and where the live
// guide is, when each is known, with the address escaped.
func TestOfflineNote(t *testing.T) {
	made := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		made time.Time
		base string
		want string
	}{
		{made, "https://example.org/?a&b", `<p class="download">You are reading the offline copy of this guide, made on 5 March 2026. The latest version is at <a href="https://example.org/?a&amp;b">https://example.org/?a&amp;b</a>.</p>`},
		{time.Time{}, "", `<p class="download">You are reading the offline copy of this guide. The online version may be newer.</p>`},
	}
	for _, tt := range tests {
		if got := OfflineNote(tt.made, tt.base); got != tt.want {
			t.Errorf("OfflineNote(%v, %q) = %s, want %s", tt.made, tt.base, got, tt.want)
		}
	}
}

// TestZipSizeFill: the ZIP's size takes the token's place in every page,
// padded to the token's length, and nowhere else.
func TestZipSizeFill(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 KB"}, {1, "1 KB"}, {999_999, "1000 KB"}, {1_000_000, "1.0 MB"}, {12_345_678, "12.3 MB"},
	}
	for _, tt := range tests {
		fill := string(ZipSizeFill(tt.n))
		if len(fill) != len(ZipSizeToken) || !strings.HasPrefix(fill, tt.want+"<!--") || !strings.HasSuffix(fill, "-->") {
			t.Errorf("ZipSizeFill(%d) = %q, want %q padded to %d bytes", tt.n, fill, tt.want, len(ZipSizeToken))
		}
	}
	page := "<p>" + ZipSizeToken + "</p><p>" + ZipSizeToken + "</p>"
	files := map[string][]byte{"index.html": []byte(page), "notes.txt": []byte(ZipSizeToken)}
	if at := ZipSizeOffsets(files["index.html"]); len(at) != 2 || at[0] != 3 || at[1] != 3+len(ZipSizeToken)+7 {
		t.Errorf("ZipSizeOffsets = %v", at)
	}
	fill := ZipSizeFill(2_500_000)
	FillZipSize(files, fill)
	if want := "<p>" + string(fill) + "</p><p>" + string(fill) + "</p>"; string(files["index.html"]) != want {
		t.Errorf("page after FillZipSize: %s", files["index.html"])
	}
	if string(files["notes.txt"]) != ZipSizeToken {
		t.Errorf("a file that is not a page was changed: %s", files["notes.txt"])
	}
}
