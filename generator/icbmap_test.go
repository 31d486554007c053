package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// maxICBPage is the most an ICB page's HTML may weigh. Each page once
// inlined the whole map of England (about 19.5 KB, a third of the page);
// now it shows the shared, cacheable assets/icb-map.svg under its own
// outline.
const maxICBPage, maxLocatorMap = 64_000, 4_000

var locatorRE = regexp.MustCompile(`(?s)<svg class="locator-map".*?</svg>`)

// TestICBPageWeight checks every ICB page's size and that of its locator
// map, which must draw the shared map file rather than inline it.
func TestICBPageWeight(t *testing.T) {
	dir := siteDir(t)
	file, err := os.ReadFile(filepath.Join(dir, "assets", "icb-map.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(file, []byte(`<svg xmlns="http://www.w3.org/2000/svg"`)) || bytes.Count(file, []byte("<path ")) != 42 {
		t.Errorf("assets/icb-map.svg is not a standalone SVG of the 42 ICBs: %.80q", file)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "icbs", "*", "index.html"))
	if len(pages) != 42 {
		t.Fatalf("%d ICB pages, want 42", len(pages))
	}
	biggest := 0
	for _, p := range pages {
		html, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		biggest = max(biggest, len(html))
		if len(html) > maxICBPage {
			t.Errorf("%s: %d bytes, want at most %d", p, len(html), maxICBPage)
		}
		m := locatorRE.Find(html)
		switch {
		case m == nil:
			t.Errorf("%s: no locator map", p)
		case len(m) > maxLocatorMap:
			t.Errorf("%s: the locator map is %d bytes, want at most %d", p, len(m), maxLocatorMap)
		case !bytes.Contains(m, []byte(`<image href="../../assets/icb-map.svg"`)) || bytes.Count(m, []byte("<path ")) != 1:
			t.Errorf("%s: the locator map should show ../../assets/icb-map.svg under one outline: %.300q", p, m)
		}
	}
	t.Logf("biggest ICB page %d bytes; map file %d bytes", biggest, len(file))
}

// testLocatorMapOffline checks on an ICB page of the offline copy, opened
// from the file system, that the locator map shows the shared map file
// (its colours, light and dark) and the ICB's outline over it.
func testLocatorMapOffline(t *testing.T, ctx context.Context, page string) {
	for _, tt := range []struct {
		scheme          string
		base, highlight [3]uint8
	}{
		{"light", [3]uint8{0xcd, 0xe4, 0xe2}, [3]uint8{0x00, 0x4a, 0x50}},
		{"dark", [3]uint8{0x2b, 0x4a, 0x4d}, [3]uint8{0x7f, 0xd3, 0xcc}},
	} {
		media := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: tt.scheme}}}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, media); err != nil {
			t.Fatal(err)
		}
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(page),
			chromedp.WaitReady(chromedp.CSS("svg.locator-map")),
			chromedp.ScrollIntoView(chromedp.CSS("svg.locator-map")),
		)
		if err != nil {
			t.Fatal(err)
		}
		shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("svg.locator-map")))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		base, hl := countColour(img, tt.base), countColour(img, tt.highlight)
		// The map is 240 by 274 px; England fills about a third of it.
		if base < 5000 || hl < 50 {
			t.Errorf("%s: the locator map shows %d px of the map file's colour and %d px of the highlight; want at least 5000 and 50", tt.scheme, base, hl)
		}
	}
	chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
}

// countColour counts the pixels of img within a few levels of c.
func countColour(img image.Image, c [3]uint8) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r>>8, c[0]) && near(g>>8, c[1]) && near(bl>>8, c[2]) {
				n++
			}
		}
	}
	return n
}

func near(v uint32, c uint8) bool { return v+6 >= uint32(c) && v <= uint32(c)+6 }
