package mapsvg

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"icsguide/generator/diag"
)

// boundaries is the ICB boundary file the site uses.
const boundaries = "../../content/organisations/icb22_boundaries_simplified.geojson"

func readBoundaries(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(boundaries)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func realMap(t testing.TB) *Map {
	t.Helper()
	m, err := Parse(boundaries, readBoundaries(t))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func draw(t testing.TB, m *Map, o Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := m.SVG(&b, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// linked and locator are drawn as the site draws its two kinds of map.
var (
	linked = Options{
		Title: "Map of England's Integrated Care Boards",
		Href:  func(code string) string { return "../icbs/" + code + "/?a=1&b=\"2\"" },
		Class: "england-map", Width: 600, IDPrefix: "map",
	}
	locator = Options{
		Title:     "Map of England with <Hertfordshire & West Essex> highlighted",
		Highlight: "QM7", Class: "locator-map", Width: 240, IDPrefix: "loc",
	}
)

func TestRealCodes(t *testing.T) {
	codes := realMap(t).Codes()
	if len(codes) != 42 {
		t.Fatalf("%d codes, want 42", len(codes))
	}
	if !slices.IsSorted(codes) {
		t.Errorf("codes not sorted: %v", codes)
	}
	for _, c := range []string{"QE1", "QHG", "QM7", "QYG"} {
		if !slices.Contains(codes, c) {
			t.Errorf("no %s among %v", c, codes)
		}
	}
}

func TestRealSVG(t *testing.T) {
	m := realMap(t)
	tests := []struct {
		name      string
		o         Options
		want      []string // substrings the SVG must have
		wantNot   []string // substrings it must not have
		links     int
		current   int
		maxBytes  int
		lastClass string // class of the last path
	}{
		{
			name: "linked",
			o:    linked,
			want: []string{
				`<svg class="england-map" viewBox="0 0 1000 1142" width="600" height="685" role="group" aria-labelledby="map-title"><title id="map-title">Map of England&#39;s Integrated Care Boards</title>`,
				`<a href="../icbs/QHG/?a=1&amp;b=&#34;2&#34;"><title>Bedfordshire, Luton and Milton Keynes</title><path class="icb" d="m`,
			},
			links: 42, maxBytes: 30_000, lastClass: "icb",
		},
		{
			name: "locator",
			o:    locator,
			want: []string{
				`<svg class="locator-map" viewBox="0 0 1000 1142" width="240" height="274" role="img" aria-labelledby="loc-title"><title id="loc-title">Map of England with &lt;Hertfordshire &amp; West Essex&gt; highlighted</title>`,
			},
			wantNot: []string{"<a "},
			current: 1, maxBytes: 25_000, lastClass: "icb is-current",
		},
		{
			name:    "linked and highlighted",
			o:       Options{Title: "ICBs", Href: linked.Href, Highlight: "QHG"},
			want:    []string{`<svg viewBox="0 0 1000 1142" role="group" aria-labelledby="mapsvg-title">`, `<a href="../icbs/QHG/?a=1&amp;b=&#34;2&#34;"><title>Bedfordshire, Luton and Milton Keynes</title><path class="icb is-current" d="m`},
			wantNot: []string{"width=", "class=\"\""},
			links:   42, current: 1, maxBytes: 30_000, lastClass: "icb is-current",
		},
		{
			name: "some unlinked",
			o: Options{Title: "ICBs", Href: func(code string) string {
				if code < "QM" {
					return ""
				}
				return code + ".html"
			}},
			want:  []string{`<a href="QYG.html">`},
			links: 28, maxBytes: 30_000, lastClass: "icb",
		},
		{
			name:     "decorative",
			o:        Options{Highlight: "nothing"},
			want:     []string{`<svg viewBox="0 0 1000 1142" aria-hidden="true">`},
			wantNot:  []string{"<title", "role=", "aria-labelledby", "<a "},
			maxBytes: 25_000, lastClass: "icb",
		},
	}
	pathRE := regexp.MustCompile(`<path class="([^"]*)" d="([^"]*)"/>`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := draw(t, m, tt.o)
			t.Logf("%d bytes", len(s))
			if len(s) > tt.maxBytes {
				t.Errorf("%d bytes, want at most %d", len(s), tt.maxBytes)
			}
			if !strings.HasPrefix(s, "<svg ") || !strings.HasSuffix(s, "</svg>") {
				t.Errorf("not one <svg> element: %.60q...%q", s, s[len(s)-20:])
			}
			for _, w := range tt.want {
				if !strings.Contains(s, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, w := range append(tt.wantNot, "style", "xlink", "xmlns") {
				if strings.Contains(s, w) {
					t.Errorf("has %q", w)
				}
			}
			if n := strings.Count(s, "<a href="); n != tt.links {
				t.Errorf("%d links, want %d", n, tt.links)
			}
			if n := strings.Count(s, "</a>"); n != tt.links {
				t.Errorf("%d </a>, want %d", n, tt.links)
			}
			if n := strings.Count(s, "is-current"); n != tt.current {
				t.Errorf("is-current %d times, want %d", n, tt.current)
			}
			paths := pathRE.FindAllStringSubmatch(s, -1)
			if len(paths) != 42 {
				t.Fatalf("%d paths, want 42", len(paths))
			}
			if got := paths[41][1]; got != tt.lastClass {
				t.Errorf("last path has class %q, want %q", got, tt.lastClass)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	data := readBoundaries(t)
	var out []string
	for range 2 {
		m, err := Parse(boundaries, data)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, draw(t, m, linked), draw(t, m, locator), draw(t, m, linked))
	}
	for i := 1; i < len(out); i++ {
		if want := out[i%3]; out[i] != want {
			t.Errorf("drawing %d differs from drawing %d", i, i%3)
		}
	}
}

// compactPath is path data as appendRing writes it: rings of "m", pairs of
// whole numbers parted by a space or by the minus sign, and "z".
var compactPath = regexp.MustCompile(`^(m-?[0-9]+([ -][0-9]+)*z)+$`)

// rings decodes path data into rings of absolute points.
func rings(t *testing.T, d string) [][]point {
	t.Helper()
	if !compactPath.MatchString(d) {
		t.Fatalf("path data not compact: %.80q", d)
	}
	var out [][]point
	var start point
	for _, r := range strings.Split(strings.TrimSuffix(d, "z"), "z") {
		nums := regexp.MustCompile(`-?[0-9]+`).FindAllString(r, -1)
		if len(nums)%2 != 0 {
			t.Fatalf("odd count of numbers in %q", r)
		}
		at, ring := start, []point(nil)
		for i := 0; i < len(nums); i += 2 {
			dx, _ := strconv.Atoi(nums[i])
			dy, _ := strconv.Atoi(nums[i+1])
			at = point{at.x + float64(dx), at.y + float64(dy)}
			ring = append(ring, at)
		}
		start = ring[0]
		out = append(out, ring)
	}
	return out
}

// TestOutlines checks the drawn outlines: inside the viewBox, every ring a
// real one running clockwise, no repeated points, and borders between
// neighbours drawn the same from both sides, in opposite directions.
func TestOutlines(t *testing.T) {
	m := realMap(t)
	type edge struct{ a, b point }
	owner := map[edge]string{}
	points := 0
	for _, c := range m.icbs {
		for _, r := range rings(t, c.d) {
			points += len(r)
			if len(r) < 3 || signedArea(r) < minArea {
				t.Errorf("%s: ring of %d points with area %g", c.code, len(r), signedArea(r))
			}
			for i, p := range r {
				q := r[(i+1)%len(r)]
				if p == q {
					t.Errorf("%s: repeated point %v", c.code, p)
				}
				if p.x < 0 || p.x > viewWidth || p.y < 0 || p.y > float64(m.height) {
					t.Errorf("%s: point %v outside the viewBox", c.code, p)
				}
				if prev, ok := owner[edge{p, q}]; ok {
					t.Errorf("%s and %s both run from %v to %v", prev, c.code, p, q)
				}
				owner[edge{p, q}] = c.code
			}
		}
	}
	shared := 0
	for e := range owner {
		if _, ok := owner[edge{e.b, e.a}]; ok {
			shared++
		}
	}
	t.Logf("%d points, %d edges, %d of them on borders between ICBs", points, len(owner), shared)
	if shared < len(owner)/2 {
		t.Errorf("only %d of %d edges are drawn from both sides", shared, len(owner))
	}
}

// feat returns a GeoJSON feature with the given properties and geometry.
func feat(props, geomType, coords string) string {
	return fmt.Sprintf(`{"type":"Feature","properties":{%s},"geometry":{"type":%q,"coordinates":%s}}`, props, geomType, coords)
}

// collection returns a FeatureCollection with one feature a line.
func collection(features ...string) string {
	return "{\"type\":\"FeatureCollection\",\"features\":[\n" + strings.Join(features, ",\n") + "\n]}\n"
}

const (
	west   = `[[[-2,52],[-1,52],[-1,53],[-2,53],[-2,52]]]`
	east   = `[[[-1,52],[0,52],[0,53],[-1,53],[-1,52]]]`
	square = `[[[-3,50],[-2,50],[-2,51],[-3,51],[-3,50]],[[-2.6,50.4],[-2.6,50.6],[-2.4,50.6],[-2.4,50.4],[-2.6,50.4]]]`
)

func props(code string) string {
	return fmt.Sprintf(`"ICB22CDH":%q,"ICB22NM":"NHS %s Integrated Care Board","ICB_SHORT_NM":"%s"`, code, code, code)
}

func TestSmall(t *testing.T) {
	src := collection(
		feat(props("QB"), "Polygon", east),
		feat(props("QA"), "MultiPolygon", "["+west+","+square+"]"),
	)
	m, err := Parse("small.geojson", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Codes(); !slices.Equal(got, []string{"QA", "QB"}) {
		t.Errorf("codes %v", got)
	}
	got := draw(t, m, Options{Title: "Two", Href: func(c string) string { return c + "/" }, Highlight: "QA", Width: 100, IDPrefix: "t"})
	want := `<svg viewBox="0 0 1000 1605" width="100" height="161" role="group" aria-labelledby="t-title"><title id="t-title">Two</title>
<a href="QB/"><title>QB</title><path class="icb" d="m670 540-7-529 318-7 15 529z"/></a>
<a href="QA/"><title>QA</title><path class="icb is-current" d="m670 540-326 2 0-529 319-2zm-666 1059 7-530 333 3 0 529zm138-211 67 1 1-106-67-1z"/></a>
</svg>`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	r := rings(t, m.icbs[0].d)
	if len(r) != 3 || signedArea(r[0]) <= 0 || signedArea(r[1]) <= 0 || signedArea(r[2]) >= 0 {
		t.Errorf("QA's outer rings should run clockwise and its hole the other way: %v", r)
	}
}

func TestParseErrors(t *testing.T) {
	ok := feat(props("Q1"), "Polygon", west)
	tests := []struct{ name, src, want string }{
		{"not JSON", "{\n\"type\":\"FeatureCollection\",\n\"features\":[}", "x.geojson:3: invalid JSON: invalid character '}'"},
		{"bad feature JSON", collection(ok, `{"type":"Feature",}`), "x.geojson:3: feature 1: invalid JSON: invalid character '}'"},
		{"cut short", `{"type":"FeatureCollection","features":[` + ok, "x.geojson:1: invalid JSON: unexpected end of data"},
		{"array", `[]`, "x.geojson: not a GeoJSON FeatureCollection"},
		{"feature", ok, "x.geojson: not a GeoJSON FeatureCollection"},
		{"no features", `{"type":"FeatureCollection","features":[]}`, "x.geojson: no features"},
		{"features not array", `{"type":"FeatureCollection","features":{}}`, "x.geojson: features is not an array"},
		{"trailing data", collection(ok) + "[]", "x.geojson:4: data after the FeatureCollection"},
		{"not a feature", collection(ok, `{"type":"Point","properties":{"ICB22CDH":"Q2","ICB22NM":"b"}}`), `x.geojson:3: feature 1 (Q2): type is "Point", not "Feature"`},
		{"no code", collection(ok, feat(`"ICB22NM":"b"`, "Polygon", east)), "x.geojson:3: feature 1: no ICB22CDH code"},
		{"code not string", collection(feat(`"ICB22CDH":5`, "Polygon", east)), "x.geojson:2: feature 0: json: cannot unmarshal number"},
		{"no name", collection(feat(`"ICB22CDH":"Q2"`, "Polygon", east)), "x.geojson:2: feature 0 (Q2): no ICB_SHORT_NM or ICB22NM name"},
		{"no geometry", collection(`{"type":"Feature","properties":{"ICB22CDH":"Q2","ICB_SHORT_NM":"b"},"geometry":null}`), "x.geojson:2: feature 0 (Q2): no geometry"},
		{"no coordinates", collection(`{"type":"Feature","properties":{"ICB22CDH":"Q2","ICB_SHORT_NM":"b"},"geometry":{"type":"Polygon"}}`), "x.geojson:2: feature 0 (Q2): no coordinates"},
		{"point", collection(ok, feat(props("Q2"), "Point", "[-1,52]")), `x.geojson:3: feature 1 (Q2): geometry type "Point" is not Polygon or MultiPolygon`},
		{"empty polygon", collection(feat(props("Q2"), "Polygon", "[]")), "x.geojson:2: feature 0 (Q2): empty coordinates: a polygon has no rings"},
		{"empty multipolygon", collection(feat(props("Q2"), "MultiPolygon", "[]")), "x.geojson:2: feature 0 (Q2): empty coordinates"},
		{"empty ring", collection(feat(props("Q2"), "MultiPolygon", "[[[]]]")), "x.geojson:2: feature 0 (Q2): empty coordinates: a ring has 0 positions"},
		{"bad coordinates", collection(feat(props("Q2"), "Polygon", "[[1,2]]")), "x.geojson:2: feature 0 (Q2): bad Polygon coordinates"},
		{"short position", collection(feat(props("Q2"), "Polygon", "[[[1],[2],[3],[1]]]")), "x.geojson:2: feature 0 (Q2): position [1] is not a WGS84"},
		{"grid reference", collection(feat(props("Q2"), "Polygon", "[[[400000,200000],[400001,200000],[400001,200001],[400000,200000]]]")), "x.geojson:2: feature 0 (Q2): position [400000 200000] is not a WGS84"},
		{"duplicate", collection(ok, feat(props("Q2"), "Polygon", east), ok), "x.geojson:4: feature 2 (Q1): the code is also used by feature 0"},
		{"no area", collection(feat(props("Q2"), "Polygon", "[[[-1,52],[-1,52],[-1,52],[-1,52]]]")), "x.geojson: the outlines have no area"},
		{"too small", collection(ok, feat(props("Q2"), "Polygon", "[[[-1.5,52.5],[-1.5001,52.5],[-1.5,52.5001],[-1.5,52.5]]]")), "x.geojson:3: feature 1 (Q2): the outline is too small to draw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse("x.geojson", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; codes %v", m.Codes())
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error\n%v\nwant one starting\n%s", err, tt.want)
			}
			// The position is a field of the error, not only text in it.
			var de *diag.Error
			wantLine := 0
			if n, _, ok := strings.Cut(strings.TrimPrefix(tt.want, "x.geojson:"), ":"); ok {
				wantLine, _ = strconv.Atoi(n)
			}
			if !errors.As(err, &de) || de.Path != "x.geojson" || de.Line != wantLine || strings.HasPrefix(de.Msg, "x.geojson") {
				t.Errorf("error %#v, want a *diag.Error in x.geojson at line %d", err, wantLine)
			}
		})
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestSVGWriteError(t *testing.T) {
	if err := realMap(t).SVG(failWriter{}, linked); err != io.ErrClosedPipe {
		t.Errorf("error %v, want %v", err, io.ErrClosedPipe)
	}
}

func BenchmarkParse(b *testing.B) {
	data := readBoundaries(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(boundaries, data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSVG(b *testing.B) {
	m := realMap(b)
	for b.Loop() {
		if err := m.SVG(io.Discard, linked); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFileAndBase checks the shared map file and a locator map drawn over
// it: the file is a standalone image of every ICB with its own colours; the
// locator map shows it and draws only the highlighted outline.
func TestFileAndBase(t *testing.T) {
	m := realMap(t)
	f := string(m.File())
	for _, w := range []string{`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1142"><style>`, "prefers-color-scheme:dark", "@media print"} {
		if !strings.Contains(f, w) {
			t.Errorf("file lacks %q", w)
		}
	}
	if n := strings.Count(f, `<path d="m`); n != 42 {
		t.Errorf("file has %d outlines, want 42", n)
	}
	o := locator
	o.Base = "../../assets/icb-map.svg?a&b"
	s := draw(t, m, o)
	want := `<title id="loc-title">Map of England with &lt;Hertfordshire &amp; West Essex&gt; highlighted</title>
<image href="../../assets/icb-map.svg?a&amp;b" width="1000" height="1142"/>
<path class="icb is-current" d="m`
	if !strings.Contains(s, want) {
		t.Errorf("locator map lacks %q:\n%.400s", want, s)
	}
	if n := strings.Count(s, "<path "); n != 1 {
		t.Errorf("locator map has %d outlines, want 1", n)
	}
	if len(s) > 2_000 {
		t.Errorf("locator map is %d bytes, want at most 2,000", len(s))
	}
}

// TestLabels checks the numbers drawn on the map: one for each ICB that
// Numbered lists, in its order, hidden from assistive technology; and that
// an outline's label point is the middle of a square.
func TestLabels(t *testing.T) {
	m := realMap(t)
	order := []string{"QWE", "QHM", "QKS"} // South West London is too small to number
	numbered := m.Numbered(order)
	if len(numbered) < 30 || len(numbered) == 42 {
		t.Fatalf("%d ICBs numbered; want most, not all", len(numbered))
	}
	if numbered[0] != "QHM" || numbered[1] != "QKS" || slices.Contains(numbered, "QWE") {
		t.Errorf("numbered %v; want QHM, QKS first and no QWE", numbered[:3])
	}
	o := linked
	o.Order, o.Labels = order, true
	s := draw(t, m, o)
	g := s[strings.Index(s, `<g class="icb-labels" aria-hidden="true">`):]
	if n := strings.Count(g, "<text "); n != len(numbered) {
		t.Errorf("%d numbers drawn, want %d", n, len(numbered))
	}
	if !strings.Contains(g, ">1</text>") || !strings.Contains(g, ">"+strconv.Itoa(len(numbered))+"</text>") {
		t.Errorf("numbers do not run from 1 to %d", len(numbered))
	}
	if strings.Contains(draw(t, m, linked), "<text") {
		t.Error("numbers drawn without Labels")
	}

	square := [][]point{{{0, 0}, {100, 0}, {100, 100}, {0, 100}}}
	p, room := labelPoint(square)
	if math.Abs(p.x-50) > 1 || math.Abs(p.y-50) > 1 || math.Abs(room-50) > 1 {
		t.Errorf("square: label at %v with room %.1f; want (50, 50) and 50", p, room)
	}
	// A square with a square hole in its middle: the label goes in a
	// corner, as far from the outer edges as from the hole's corner
	// (x = (30-x)√2, so about 17.6).
	holed := append(square, []point{{30, 30}, {30, 70}, {70, 70}, {70, 30}})
	p, room = labelPoint(holed)
	if inside(holed, p) < 0 || room < 17 || room > 18 {
		t.Errorf("holed square: label at %v with room %.1f; want a corner, about 17.6 from the edges", p, room)
	}
}
