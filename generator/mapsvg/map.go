// Package mapsvg draws the outlines of Integrated Care Boards as a small
// inline SVG map of England, at build time: the GeoJSON is projected and
// simplified once, then drawn as often as pages need it.
package mapsvg

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// viewWidth is the width of the map in SVG units.
const viewWidth = 1000

// Map holds projected, simplified ICB outlines ready to draw.
type Map struct {
	features []feature // sorted by code
	height   int
}

type feature struct {
	code, name string
	path       string // SVG path data
}

// Options control how a map is drawn.
type Options struct {
	Title     string                   // the map's accessible name
	Href      func(code string) string // when set, each ICB links to the address it returns
	Highlight string                   // ODS code of the ICB to highlight, or ""
	Class     string                   // class of the <svg> element
	Width     int                      // width attribute; the height follows
	IDPrefix  string                   // prefix of the ids used, unique on the page
}

type geoJSON struct {
	Features []struct {
		Properties map[string]any `json:"properties"`
		Geometry   struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

type point struct{ x, y float64 }

// Parse reads GeoJSON of ICB outlines (properties ICB22CDH and ICB_SHORT_NM
// or ICB22NM). name is used in error messages.
func Parse(name string, data []byte) (*Map, error) {
	var g geoJSON
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("%s: not valid GeoJSON: %v", name, err)
	}
	if len(g.Features) == 0 {
		return nil, fmt.Errorf("%s: no features", name)
	}
	type raw struct {
		code, name string
		polys      [][][]point // polygons of rings of lon/lat
	}
	var raws []raw
	minLon, maxLon, minLat, maxLat := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	seen := map[string]int{}
	for i, f := range g.Features {
		code, _ := f.Properties["ICB22CDH"].(string)
		if code == "" {
			return nil, fmt.Errorf("%s: feature %d has no ICB22CDH code", name, i)
		}
		if prev, dup := seen[code]; dup {
			return nil, fmt.Errorf("%s: feature %d has the code %s of feature %d", name, i, code, prev)
		}
		seen[code] = i
		label, _ := f.Properties["ICB_SHORT_NM"].(string)
		if label == "" {
			label, _ = f.Properties["ICB22NM"].(string)
		}
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("%s: feature %d (%s): bad coordinates: %v", name, i, code, err)
			}
			polys = [][][][2]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
				return nil, fmt.Errorf("%s: feature %d (%s): bad coordinates: %v", name, i, code, err)
			}
		default:
			return nil, fmt.Errorf("%s: feature %d (%s): geometry %q is not a Polygon or MultiPolygon", name, i, code, f.Geometry.Type)
		}
		r := raw{code: code, name: label}
		for _, poly := range polys {
			var rings [][]point
			for _, ring := range poly {
				var pts []point
				for _, c := range ring {
					pts = append(pts, point{c[0], c[1]})
					minLon, maxLon = math.Min(minLon, c[0]), math.Max(maxLon, c[0])
					minLat, maxLat = math.Min(minLat, c[1]), math.Max(maxLat, c[1])
				}
				rings = append(rings, pts)
			}
			r.polys = append(r.polys, rings)
		}
		if len(r.polys) == 0 {
			return nil, fmt.Errorf("%s: feature %d (%s) has no coordinates", name, i, code)
		}
		raws = append(raws, r)
	}
	// Equirectangular projection, shrinking longitude by the cosine of the
	// middle latitude, so England keeps its shape; y grows downwards.
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	scale := viewWidth / ((maxLon - minLon) * k)
	m := &Map{height: int(math.Ceil((maxLat - minLat) * scale))}
	project := func(p point) point {
		return point{(p.x - minLon) * k * scale, (maxLat - p.y) * scale}
	}
	for _, r := range raws {
		var d strings.Builder
		for _, poly := range r.polys {
			for _, ring := range poly {
				pts := make([]point, len(ring))
				for i, p := range ring {
					pts[i] = project(p)
				}
				writeRing(&d, simplify(pts, 0.8))
			}
		}
		m.features = append(m.features, feature{code: r.code, name: r.name, path: d.String()})
	}
	sort.Slice(m.features, func(i, j int) bool { return m.features[i].code < m.features[j].code })
	return m, nil
}

// simplify drops points closer than tol to the line between their
// neighbours (Douglas-Peucker), then rounds to whole units.
func simplify(pts []point, tol float64) []point {
	if len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	var rec func(a, b int)
	rec = func(a, b int) {
		best, at := 0.0, -1
		for i := a + 1; i < b; i++ {
			if d := distance(pts[i], pts[a], pts[b]); d > best {
				best, at = d, i
			}
		}
		if at >= 0 && best > tol {
			keep[at] = true
			rec(a, at)
			rec(at, b)
		}
	}
	rec(0, len(pts)-1)
	var out []point
	for i, p := range pts {
		if !keep[i] {
			continue
		}
		p = point{math.Round(p.x), math.Round(p.y)}
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	return out
}

// distance is how far p lies from the line through a and b.
func distance(p, a, b point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	if dx == 0 && dy == 0 {
		return math.Hypot(p.x-a.x, p.y-a.y)
	}
	return math.Abs(dy*p.x-dx*p.y+b.x*a.y-b.y*a.x) / math.Hypot(dx, dy)
}

// writeRing writes a closed ring as compact relative path data.
func writeRing(d *strings.Builder, pts []point) {
	if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) < 3 {
		return
	}
	d.WriteString("M" + num(pts[0].x) + " " + num(pts[0].y) + "l")
	for i := 1; i < len(pts); i++ {
		dx, dy := pts[i].x-pts[i-1].x, pts[i].y-pts[i-1].y
		if i > 1 && dx >= 0 {
			d.WriteByte(' ')
		}
		d.WriteString(num(dx))
		if dy >= 0 {
			d.WriteByte(' ')
		}
		d.WriteString(num(dy))
	}
	d.WriteByte('z')
}

func num(f float64) string { return strconv.Itoa(int(f)) }

// Codes returns the ODS codes of the ICBs on the map, sorted.
func (m *Map) Codes() []string {
	out := make([]string, len(m.features))
	for i, f := range m.features {
		out[i] = f.code
	}
	return out
}

// SVG writes the map as an <svg> element for inlining in HTML. It uses
// classes only (no style attributes): "icb", and "icb is-current" for the
// highlighted ICB, which is drawn last so its outline shows.
func (m *Map) SVG(w io.Writer, o Options) error {
	esc := html.EscapeString
	var b strings.Builder
	titleID := o.IDPrefix + "-title"
	width := o.Width
	if width == 0 {
		width = viewWidth
	}
	height := width * m.height / viewWidth
	role := ` role="img"`
	if o.Href != nil {
		role = ` role="group"`
	}
	fmt.Fprintf(&b, `<svg class="%s" viewBox="0 0 %d %d" width="%d" height="%d"%s aria-labelledby="%s"><title id="%s">%s</title>`,
		esc(o.Class), viewWidth, m.height, width, height, role, esc(titleID), esc(titleID), esc(o.Title))
	var current *feature
	for i := range m.features {
		f := &m.features[i]
		if f.code == o.Highlight {
			current = f
			continue
		}
		m.writeFeature(&b, f, "icb", o)
	}
	if current != nil {
		m.writeFeature(&b, current, "icb is-current", o)
	}
	b.WriteString("</svg>")
	_, err := io.WriteString(w, b.String())
	return err
}

func (m *Map) writeFeature(b *strings.Builder, f *feature, class string, o Options) {
	esc := html.EscapeString
	if o.Href != nil {
		if href := o.Href(f.code); href != "" {
			fmt.Fprintf(b, `<a href="%s" aria-label="%s"><path class="%s" d="%s"/></a>`, esc(href), esc(f.name), class, f.path)
			return
		}
	}
	fmt.Fprintf(b, `<path class="%s" d="%s"/>`, class, f.path)
}
