// Package mapsvg draws the outlines of Integrated Care Boards as a small
// inline SVG map of England at build time: Parse projects and simplifies the
// GeoJSON boundaries once, and SVG draws them as often as pages need. File
// draws the whole map once as an image file, which a page's small SVG can
// show under one highlighted outline (Options.Base).
//
// The map is projected with a spherical transverse Mercator projection on
// the British National Grid's central meridian (2°W), fitted into a viewBox
// 1000 units wide with y growing downwards. Outlines are simplified with
// Douglas-Peucker to about one viewBox unit; borders shared by two ICBs are
// split at their junctions and simplified once, so neighbours still meet
// without gaps or overlaps.
package mapsvg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"sort"
	"strconv"

	"icsguide/generator/diag"
	"icsguide/generator/workers"
)

const (
	viewWidth = 1000 // width of the viewBox
	margin    = 4    // viewBox units kept clear around the outlines, for strokes
	tolerance = 1.0  // Douglas-Peucker tolerance, in viewBox units
	minArea   = 4.0  // rings enclosing fewer square viewBox units are dropped
	lon0      = -2.0 // central meridian of the projection, degrees
)

// Map holds projected, simplified ICB outlines ready to draw.
type Map struct {
	icbs   []icb // sorted by code
	height int   // height of the viewBox
}

// icb is one ICB ready to draw.
type icb struct {
	code, name string
	d          string  // SVG path data
	label      point   // the point inside the outline farthest from its edges
	room       float64 // how far that point is from the nearest edge
}

// labelRoom is how far, in viewBox units, from every edge of its outline a
// number's centre must be for it to fit inside (the stylesheet draws the
// numbers 30 units high).
const labelRoom = 19

// Options control how SVG draws a map.
type Options struct {
	// Title is the map's accessible name, drawn as its <title>. A map with
	// neither Title nor Href is hidden from assistive technology.
	Title string
	// Href, when set, makes each ICB a link to the address it returns for
	// the ICB's ODS code, named by the ICB's short name. ICBs for which it
	// returns "" are drawn without a link.
	Href func(code string) string
	// Order lists ODS codes in the order to draw the ICBs, which is the
	// order their links are reached with the Tab key. ICBs it leaves out
	// follow in code order. Empty draws them all in code order.
	Order []string
	// Highlight is the ODS code of an ICB to draw with the class
	// "icb is-current" (and last, so its outline is on top), or "".
	Highlight string
	// Class is the class attribute of the <svg> element, or "" for none.
	Class string
	// Width is the width attribute of the <svg> element; the height
	// attribute follows the map's aspect ratio. Zero leaves both out.
	Width int
	// Labels numbers the ICBs that Numbered lists, from 1 in its order,
	// each number drawn inside its outline, so that a key beside the map
	// can name them. The numbers are hidden from assistive technology,
	// which has the links' names.
	Labels bool
	// Base, when set, is the address of the image file File writes. The
	// SVG then shows that file under the outlines and draws only the
	// highlighted ICB, so pages share one cacheable file and each carries
	// only its own outline.
	Base string
	// IDPrefix starts the ids of the map's elements (the title's id is
	// IDPrefix+"-title"), so that maps on one page do not clash. Empty
	// means "mapsvg".
	IDPrefix string
}

// feature is what Parse needs of one GeoJSON feature.
type feature struct {
	Type       string
	Properties struct {
		Code  string `json:"ICB22CDH"`
		Name  string `json:"ICB22NM"`
		Short string `json:"ICB_SHORT_NM"`
	}
	Geometry *struct {
		Type        string
		Coordinates json.RawMessage
	}
}

// point is a projected position; after rounding it holds whole numbers.
type point struct{ x, y float64 }

func less(a, b point) bool { return a.x < b.x || a.x == b.x && a.y < b.y }

// ring is a closed ring of points without the repeated closing point.
type ring struct {
	pts  []point
	hole bool
}

// parsed is one feature with its outline projected but not yet simplified.
type parsed struct {
	code, name string
	rings      []ring
	line       int    // where the feature starts in the file
	what       string // "feature N (CODE): ", which starts its errors
}

// Parse reads a GeoJSON FeatureCollection of ICB boundaries (WGS84
// longitude and latitude, Polygon or MultiPolygon geometries, properties
// ICB22CDH and ICB_SHORT_NM or ICB22NM). Its error is a *diag.Error in the
// file name, with a line when the problem has one, and a message such as
// "feature N (CODE): problem", N counting from 0.
func Parse(name string, data []byte) (*Map, error) {
	feats, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	if len(feats) == 0 {
		return nil, &diag.Error{Path: name, Msg: "no features"}
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, f := range feats {
		for _, r := range f.rings {
			for _, p := range r.pts {
				minX, maxX = math.Min(minX, p.x), math.Max(maxX, p.x)
				minY, maxY = math.Min(minY, p.y), math.Max(maxY, p.y)
			}
		}
	}
	if maxX == minX || maxY == minY {
		return nil, &diag.Error{Path: name, Msg: "the outlines have no area"}
	}
	scale := (viewWidth - 2*margin) / (maxX - minX)
	m := &Map{height: int(math.Ceil((maxY-minY)*scale)) + 2*margin}
	for _, f := range feats {
		for _, r := range f.rings {
			for i, p := range r.pts {
				r.pts[i] = point{margin + (p.x-minX)*scale, margin + (p.y-minY)*scale}
			}
		}
	}
	junction := junctions(feats)
	rings := make([][][]point, len(feats)) // each ICB's rings as drawn
	for _, f := range feats {
		var d []byte
		var at point // current point of the path so far
		var kept [][]point
		for _, r := range f.rings {
			pts := clean(simplifyRing(r.pts, junction))
			area := signedArea(pts)
			if len(pts) < 3 || math.Abs(area) < minArea {
				continue
			}
			// Outer rings run clockwise on screen and holes the other
			// way, so the default nonzero fill rule leaves holes empty.
			if (area < 0) != r.hole {
				for i, j := 1, len(pts)-1; i < j; i, j = i+1, j-1 {
					pts[i], pts[j] = pts[j], pts[i]
				}
			}
			d = appendRing(d, at, pts)
			at = pts[0]
			kept = append(kept, pts)
		}
		if len(d) == 0 {
			return nil, &diag.Error{Path: name, Line: f.line, Msg: f.what + "the outline is too small to draw"}
		}
		rings[len(m.icbs)] = kept
		m.icbs = append(m.icbs, icb{code: f.code, name: f.name, d: string(d)})
	}
	workers.Each(len(m.icbs), func(i int) { m.icbs[i].label, m.icbs[i].room = labelPoint(rings[i]) })
	sort.Slice(m.icbs, func(i, j int) bool { return m.icbs[i].code < m.icbs[j].code })
	return m, nil
}

// decode reads the features of a FeatureCollection and projects their
// outlines, checking what Parse needs.
func decode(name string, data []byte) ([]parsed, error) {
	line := func(off int64) int { return 1 + bytes.Count(data[:off], []byte("\n")) }
	var off int64   // where the feature being read starts
	var what string // "feature N: " while one is read
	fail := func(err error) error {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			return &diag.Error{Path: name, Line: line(se.Offset), Msg: what + "invalid JSON: " + err.Error()}
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return &diag.Error{Path: name, Line: line(int64(len(data))), Msg: what + "invalid JSON: unexpected end of data"}
		}
		return &diag.Error{Path: name, Line: line(off), Msg: what + err.Error()}
	}
	notCollection := &diag.Error{Path: name, Msg: "not a GeoJSON FeatureCollection"}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil {
		return nil, fail(err)
	} else if tok != json.Delim('{') {
		return nil, notCollection
	}
	var feats []parsed
	seen := map[string]int{}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, fail(err)
		}
		switch key {
		case "type":
			var typ string
			if err := dec.Decode(&typ); err != nil || typ != "FeatureCollection" {
				return nil, notCollection
			}
		case "features":
			if tok, err := dec.Token(); err != nil {
				return nil, fail(err)
			} else if tok != json.Delim('[') {
				return nil, &diag.Error{Path: name, Msg: "features is not an array"}
			}
			for i := 0; dec.More(); i++ {
				off = dec.InputOffset() // before the comma and spaces
				for off < int64(len(data)) && bytes.IndexByte([]byte(", \t\r\n"), data[off]) >= 0 {
					off++
				}
				what = fmt.Sprintf("feature %d: ", i)
				var f feature
				if err := dec.Decode(&f); err != nil {
					return nil, fail(err)
				}
				p, err := toParsed(f)
				if p.code != "" {
					what = fmt.Sprintf("feature %d (%s): ", i, p.code)
				}
				if err != nil {
					return nil, fail(err)
				}
				if prev, dup := seen[p.code]; dup {
					return nil, fail(fmt.Errorf("the code is also used by feature %d", prev))
				}
				seen[p.code] = i
				p.line, p.what = line(off), what
				feats = append(feats, p)
			}
			off, what = 0, ""
			if _, err := dec.Token(); err != nil {
				return nil, fail(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fail(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &diag.Error{Path: name, Line: line(dec.InputOffset()), Msg: "data after the FeatureCollection"}
	}
	return feats, nil
}

// toParsed checks one feature and projects its outline.
func toParsed(f feature) (parsed, error) {
	p := parsed{code: f.Properties.Code, name: f.Properties.Short}
	if p.name == "" {
		p.name = f.Properties.Name
	}
	switch {
	case f.Type != "Feature":
		return p, fmt.Errorf("type is %q, not \"Feature\"", f.Type)
	case p.code == "":
		return p, errors.New("no ICB22CDH code")
	case p.name == "":
		return p, errors.New("no ICB_SHORT_NM or ICB22NM name")
	case f.Geometry == nil:
		return p, errors.New("no geometry")
	case len(f.Geometry.Coordinates) == 0:
		return p, errors.New("no coordinates")
	}
	var polys [][][][]float64
	var err error
	switch f.Geometry.Type {
	case "Polygon":
		var poly [][][]float64
		err = json.Unmarshal(f.Geometry.Coordinates, &poly)
		polys = [][][][]float64{poly}
	case "MultiPolygon":
		err = json.Unmarshal(f.Geometry.Coordinates, &polys)
	default:
		return p, fmt.Errorf("geometry type %q is not Polygon or MultiPolygon", f.Geometry.Type)
	}
	if err != nil {
		return p, fmt.Errorf("bad %s coordinates: %v", f.Geometry.Type, err)
	}
	for _, poly := range polys {
		if len(poly) == 0 {
			return p, errors.New("empty coordinates: a polygon has no rings")
		}
		for k, positions := range poly {
			if len(positions) < 4 {
				return p, fmt.Errorf("empty coordinates: a ring has %d positions, not at least 4", len(positions))
			}
			r := ring{hole: k > 0}
			for _, pos := range positions[:len(positions)-1] { // the last repeats the first
				if len(pos) < 2 || math.Abs(pos[0]-lon0) > 60 || math.Abs(pos[1]) > 80 {
					return p, fmt.Errorf("position %v is not a WGS84 longitude and latitude near Britain", pos)
				}
				r.pts = append(r.pts, project(pos[0], pos[1]))
			}
			p.rings = append(p.rings, r)
		}
	}
	if len(p.rings) == 0 {
		return p, errors.New("empty coordinates")
	}
	return p, nil
}

// project maps a longitude and latitude in degrees with a spherical
// transverse Mercator projection on the meridian lon0, y growing south.
func project(lon, lat float64) point {
	l, f := (lon-lon0)*math.Pi/180, lat*math.Pi/180
	return point{math.Atanh(math.Cos(f) * math.Sin(l)), -math.Atan2(math.Tan(f), math.Cos(l))}
}

// junctions finds the points where a border between outlines starts or
// ends: those whose neighbours are not the same wherever they occur.
func junctions(feats []parsed) map[point]bool {
	type pair struct{ a, b point }
	neighbours := map[point]pair{}
	junction := map[point]bool{}
	for _, f := range feats {
		for _, r := range f.rings {
			n := len(r.pts)
			for i, p := range r.pts {
				nb := pair{r.pts[(i+n-1)%n], r.pts[(i+1)%n]}
				if less(nb.b, nb.a) {
					nb.a, nb.b = nb.b, nb.a
				}
				if old, ok := neighbours[p]; !ok {
					neighbours[p] = nb
				} else if old != nb {
					junction[p] = true
				}
			}
		}
	}
	return junction
}

// simplifyRing simplifies a closed ring arc by arc between junctions, so a
// border shared with another ring comes out the same in both. It returns
// the kept points, unrounded and without the closing point.
func simplifyRing(pts []point, junction map[point]bool) []point {
	// Start at a junction, or at the least point when there is none, so
	// that the same ring gives the same result wherever it starts.
	start := 0
	for i, p := range pts {
		if junction[p] {
			start = i
			break
		}
		if less(p, pts[start]) {
			start = i
		}
	}
	n := len(pts)
	loop := make([]point, n+1)
	for i := range loop {
		loop[i] = pts[(start+i)%n]
	}
	keep := make([]bool, n+1)
	a := 0
	for b := 1; b <= n; b++ {
		if b == n || junction[loop[b]] {
			keep[a], keep[b] = true, true
			douglasPeucker(loop, a, b, keep)
			a = b
		}
	}
	var out []point
	for i, p := range loop[:n] {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

// douglasPeucker marks in keep the points of pts[a:b] that are needed to
// follow it within tolerance. Ties go to the least point, so an arc gives
// the same result in either direction.
func douglasPeucker(pts []point, a, b int, keep []bool) {
	best, at := tolerance, -1
	for i := a + 1; i < b; i++ {
		d := distance(pts[i], pts[a], pts[b])
		if d > best || d == best && at >= 0 && less(pts[i], pts[at]) {
			best, at = d, i
		}
	}
	if at < 0 {
		return
	}
	keep[at] = true
	douglasPeucker(pts, a, at, keep)
	douglasPeucker(pts, at, b, keep)
}

// distance is how far p lies from the segment's line through a and b, or
// from a when they are the same point.
func distance(p, a, b point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	if dx == 0 && dy == 0 {
		return math.Hypot(p.x-a.x, p.y-a.y)
	}
	return math.Abs(dy*p.x-dx*p.y+b.x*a.y-b.y*a.x) / math.Hypot(dx, dy)
}

// clean rounds a closed ring to whole units and drops repeated points.
func clean(pts []point) []point {
	out := pts[:0]
	for _, p := range pts {
		p = point{math.Round(p.x), math.Round(p.y)}
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	for len(out) > 1 && out[len(out)-1] == out[0] {
		out = out[:len(out)-1]
	}
	return out
}

// signedArea is the shoelace area of a closed ring: positive when it runs
// clockwise on screen (y down).
func signedArea(pts []point) float64 {
	var s float64
	for i, p := range pts {
		q := pts[(i+1)%len(pts)]
		s += p.x*q.y - q.x*p.y
	}
	return s / 2
}

// appendRing appends a closed ring as relative path data: "m" from the
// current point at (the origin for the first ring), the implicit relative
// lineto of its other points, and "z".
func appendRing(d []byte, at point, pts []point) []byte {
	d = append(d, 'm')
	for _, p := range pts {
		d = appendNum(d, p.x-at.x)
		d = appendNum(d, p.y-at.y)
		at = p
	}
	return append(d, 'z')
}

// appendNum appends a whole number, with a space only where it is needed
// to part it from the number before.
func appendNum(d []byte, f float64) []byte {
	if c := d[len(d)-1]; f >= 0 && c >= '0' && c <= '9' {
		d = append(d, ' ')
	}
	return strconv.AppendInt(d, int64(f), 10)
}

// Codes returns the ODS codes (ICB22CDH) of the ICBs on the map, sorted.
func (m *Map) Codes() []string {
	out := make([]string, len(m.icbs))
	for i, c := range m.icbs {
		out[i] = c.code
	}
	return out
}

// SVG writes the map as one <svg> element to inline in HTML. It uses class
// attributes only, never styles: "icb" on each outline, "icb is-current" on
// the highlighted one. A linking map is a group of links named by the
// title; a map without links is an image with the title as its name.
func (m *Map) SVG(w io.Writer, o Options) error {
	esc := html.EscapeString
	var b bytes.Buffer
	b.WriteString("<svg")
	if o.Class != "" {
		b.WriteString(` class="` + esc(o.Class) + `"`)
	}
	fmt.Fprintf(&b, ` viewBox="0 0 %d %d"`, viewWidth, m.height)
	if o.Width > 0 {
		fmt.Fprintf(&b, ` width="%d" height="%d"`, o.Width, (o.Width*m.height+viewWidth/2)/viewWidth)
	}
	switch {
	case o.Href != nil:
		b.WriteString(` role="group"`)
	case o.Title != "":
		b.WriteString(` role="img"`)
	default:
		b.WriteString(` aria-hidden="true"`)
	}
	if o.Title != "" {
		prefix := o.IDPrefix
		if prefix == "" {
			prefix = "mapsvg"
		}
		id := esc(prefix + "-title")
		b.WriteString(` aria-labelledby="` + id + `"><title id="` + id + `">` + esc(o.Title) + "</title>\n")
	} else {
		b.WriteString(">\n")
	}
	if o.Base != "" {
		fmt.Fprintf(&b, `<image href="%s" width="%d" height="%d"/>`+"\n", esc(o.Base), viewWidth, m.height)
	}
	var current *icb
	for _, c := range m.ordered(o.Order) {
		if c.code == o.Highlight {
			current = c
		} else if o.Base == "" {
			writeICB(&b, c, "icb", o.Href)
		}
	}
	if current != nil {
		writeICB(&b, current, "icb is-current", o.Href)
	}
	if o.Labels {
		b.WriteString(`<g class="icb-labels" aria-hidden="true">` + "\n")
		for i, c := range m.numbered(o.Order) {
			fmt.Fprintf(&b, `<text x="%.0f" y="%.0f">%d</text>`+"\n", c.label.x, c.label.y, i+1)
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>")
	_, err := w.Write(b.Bytes())
	return err
}

// fileStyle colours the map File writes, as an image cannot use the page's
// stylesheet: the colours of site.css's --map and --map-edge, light, dark and
// in print.
const fileStyle = `path{fill:#cde4e2;stroke:#fff;stroke-width:1px;stroke-linejoin:round;vector-effect:non-scaling-stroke}` +
	`@media (prefers-color-scheme:dark){path{fill:#2b4a4d;stroke:#111a1c}}` +
	`@media print{path{fill:#e6e6e6;stroke:#fff}}`

// File returns the map as a standalone SVG image file: every ICB drawn
// alike, coloured by its own stylesheet, with no title, as the page that
// shows it names it.
func (m *Map) File() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d"><style>%s</style>`+"\n", viewWidth, m.height, fileStyle)
	for i := range m.icbs {
		b.WriteString(`<path d="` + m.icbs[i].d + `"/>` + "\n")
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// Numbered returns the ODS codes of the ICBs whose number fits inside
// their outline, in the order given (as for Options.Order): the ICB with
// the number n is the n-th.
func (m *Map) Numbered(order []string) []string {
	var out []string
	for _, c := range m.numbered(order) {
		out = append(out, c.code)
	}
	return out
}

func (m *Map) numbered(order []string) []*icb {
	var out []*icb
	for _, c := range m.ordered(order) {
		if c.room >= labelRoom {
			out = append(out, c)
		}
	}
	return out
}

// labelPoint finds, to within a unit, the point inside the rings (outer
// rings and holes, by the even-odd rule) farthest from their edges, and
// that distance: where a label sits best. It splits the rings' bounds into
// squares and keeps splitting only those that could hold a better point
// (the "polylabel" method).
func labelPoint(rings [][]point) (point, float64) {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, r := range rings {
		for _, p := range r {
			minX, maxX = math.Min(minX, p.x), math.Max(maxX, p.x)
			minY, maxY = math.Min(minY, p.y), math.Max(maxY, p.y)
		}
	}
	type square struct {
		c    point
		h, d float64 // half its side; how far its centre lies inside (negative: outside)
	}
	mk := func(x, y, h float64) square { return square{point{x, y}, h, inside(rings, point{x, y})} }
	best := mk((minX+maxX)/2, (minY+maxY)/2, 0)
	side := math.Max(math.Min(maxX-minX, maxY-minY), 1)
	var todo []square
	for y := minY; y < maxY; y += side {
		for x := minX; x < maxX; x += side {
			todo = append(todo, mk(x+side/2, y+side/2, side/2))
		}
	}
	for len(todo) > 0 {
		q := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if q.d > best.d {
			best = q
		}
		// No point in the square lies farther inside than its centre
		// plus half its diagonal.
		if q.d+q.h*math.Sqrt2 <= best.d+1 {
			continue
		}
		h := q.h / 2
		for _, o := range [4][2]float64{{-1, -1}, {1, -1}, {-1, 1}, {1, 1}} {
			todo = append(todo, mk(q.c.x+o[0]*h, q.c.y+o[1]*h, h))
		}
	}
	return best.c, math.Max(best.d, 0)
}

// inside returns how far p lies from the nearest edge of the rings:
// positive when it is inside them (by the even-odd rule), negative when
// outside.
func inside(rings [][]point, p point) float64 {
	in, near := false, math.Inf(1)
	for _, r := range rings {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			if (a.y > p.y) != (b.y > p.y) && p.x < a.x+(p.y-a.y)*(b.x-a.x)/(b.y-a.y) {
				in = !in
			}
			near = math.Min(near, segmentDistance(p, a, b))
		}
	}
	if !in {
		return -near
	}
	return near
}

// segmentDistance is how far p lies from the segment from a to b.
func segmentDistance(p, a, b point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l))
	}
	return math.Hypot(p.x-a.x-t*dx, p.y-a.y-t*dy)
}

// ordered returns the ICBs with those named in order first, in its order.
func (m *Map) ordered(order []string) []*icb {
	rank := make(map[string]int, len(order))
	for i, code := range order {
		if _, dup := rank[code]; !dup {
			rank[code] = i
		}
	}
	out := make([]*icb, len(m.icbs))
	for i := range m.icbs {
		out[i] = &m.icbs[i]
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, iok := rank[out[i].code]
		rj, jok := rank[out[j].code]
		if iok != jok {
			return iok
		}
		return iok && ri < rj
	})
	return out
}

// writeICB writes one ICB's outline; when href gives an address, as a link
// whose <title> names the ICB for assistive technology and as a tooltip.
func writeICB(b *bytes.Buffer, c *icb, class string, href func(string) string) {
	var url string
	if href != nil {
		url = href(c.code)
	}
	if url != "" {
		b.WriteString(`<a href="` + html.EscapeString(url) + `"><title>` + html.EscapeString(c.name) + "</title>")
	}
	b.WriteString(`<path class="` + class + `" d="` + c.d + `"/>`)
	if url != "" {
		b.WriteString("</a>")
	}
	b.WriteByte('\n')
}
