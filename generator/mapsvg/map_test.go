package mapsvg

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func realMap(t testing.TB) *Map {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "content", "organisations", "icb22_boundaries_simplified.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse("icb.geojson", data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRealMap(t *testing.T) {
	m := realMap(t)
	if n := len(m.Codes()); n != 42 {
		t.Fatalf("%d ICBs, want 42", n)
	}
	var full, again, loc bytes.Buffer
	opts := Options{Title: "Map", Href: func(code string) string { return "icbs/" + code + "/?a=1&b=2" }, Class: "map", Width: 600, IDPrefix: "m"}
	if err := m.SVG(&full, opts); err != nil {
		t.Fatal(err)
	}
	_ = m.SVG(&again, opts)
	if !bytes.Equal(full.Bytes(), again.Bytes()) {
		t.Error("two drawings differ")
	}
	s := full.String()
	for _, want := range []string{`<svg class="map"`, `<title id="m-title">Map</title>`, `href="icbs/QHG/?a=1&amp;b=2"`, `aria-label="Bedfordshire, Luton and Milton Keynes"`} {
		if !strings.Contains(s, want) {
			t.Errorf("map lacks %q", want)
		}
	}
	if strings.Contains(s, "style") {
		t.Error("the map has a style attribute or element")
	}
	if full.Len() > 100_000 {
		t.Errorf("the map is %d bytes; keep it under 100 KB", full.Len())
	}
	_ = m.SVG(&loc, Options{Title: "Where", Highlight: "QHG", Class: "loc", Width: 240, IDPrefix: "l"})
	if c := strings.Count(loc.String(), "is-current"); c != 1 {
		t.Errorf("highlight appears %d times, want 1", c)
	}
	if strings.Contains(loc.String(), "<a ") {
		t.Error("the locator map should not link")
	}
	t.Logf("full map %d bytes, locator %d bytes", full.Len(), loc.Len())
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"not json", `{`, "not valid GeoJSON"},
		{"no features", `{"features":[]}`, "no features"},
		{"no code", `{"features":[{"properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`, "feature 0 has no ICB22CDH"},
		{"bad type", `{"features":[{"properties":{"ICB22CDH":"Q1"},"geometry":{"type":"Point","coordinates":[0,0]}}]}`, `geometry "Point"`},
		{"duplicate", `{"features":[{"properties":{"ICB22CDH":"Q1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},{"properties":{"ICB22CDH":"Q1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`, "feature 1 has the code Q1 of feature 0"},
		{"empty", `{"features":[{"properties":{"ICB22CDH":"Q1"},"geometry":{"type":"MultiPolygon","coordinates":[]}}]}`, "has no coordinates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.geojson", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "x.geojson: ") {
				t.Errorf("error %v, want one naming the file and %q", err, tt.want)
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "content", "organisations", "icb22_boundaries_simplified.geojson"))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := Parse("x", data); err != nil {
			b.Fatal(err)
		}
	}
}
