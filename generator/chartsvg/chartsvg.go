// Package chartsvg draws small line charts as inline SVG at build time, so
// pages show them with no script in the browser. Colours come from the
// stylesheet through class names, which keeps charts readable in dark mode
// and in print; series differ in dash and marker shape as well as colour.
package chartsvg

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strconv"
)

// Series is one line of a chart.
type Series struct {
	Name   string
	Values []float64 // one per label; NaN where there is no figure
}

// Chart is a line chart with a label per point along the bottom.
type Chart struct {
	ID     string   // unique in the page; prefixes the ids of the title and description
	Title  string   // what the chart shows, read first by screen readers
	Desc   string   // the text alternative: what the chart says in words
	Labels []string // along the horizontal axis
	Series []Series // at most four
	Unit   string   // appended to the numbers on the vertical axis, e.g. "%"
}

// The drawing's size in SVG units and its margins.
const (
	width, plotHeight   = 560, 200
	left, right, bottom = 64, 16, 36
	plotWidth           = width - left - right
	legendRow           = 18 // height of a row of the legend, above the plot
	markerSize          = 4.0
	maxSeries           = 4
	tickCount           = 5
	emptyRange          = 1.0
)

// SVG writes the chart as an <svg> element.
func SVG(c Chart) template.HTML {
	var b bytes.Buffer
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, emptyRange
	}
	if len(c.Series) > maxSeries {
		c.Series = c.Series[:maxSeries]
	}
	top := legendRow*len(c.Series) + 14
	height := top + plotHeight + bottom
	step := niceStep((hi - lo) / (tickCount - 1))
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step
	if hi == lo {
		hi = lo + step
	}
	y := func(v float64) float64 { return float64(top+plotHeight) - (v-lo)/(hi-lo)*plotHeight }
	x := func(i int) float64 {
		if len(c.Labels) < 2 {
			return left + plotWidth/2
		}
		return left + float64(i)*plotWidth/float64(len(c.Labels)-1)
	}
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg">`, width, height, c.ID, c.ID)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, c.ID, esc(c.Title), c.ID, esc(c.Desc))
	b.WriteString(`<g class="chart-grid">`)
	for v := lo; v <= hi+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%s" y2="%s"/>`, left, width-right, num(y(v)), num(y(v)))
	}
	b.WriteString(`</g><g class="chart-axis">`)
	for v := lo; v <= hi+step/2; v += step {
		fmt.Fprintf(&b, `<text x="%d" y="%s" text-anchor="end">%s%s</text>`, left-6, num(y(v)+4), esc(label(v, step)), esc(c.Unit))
	}
	for i, l := range c.Labels {
		fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="middle">%s</text>`, num(x(i)), height-bottom+20, esc(l))
	}
	b.WriteString(`</g>`)
	for si, s := range c.Series {
		fmt.Fprintf(&b, `<g class="chart-series chart-series-%d">`, si+1)
		var pts []string
		flush := func() {
			if len(pts) > 1 {
				b.WriteString(`<polyline points="`)
				for i, p := range pts {
					if i > 0 {
						b.WriteByte(' ')
					}
					b.WriteString(p)
				}
				b.WriteString(`"/>`)
			}
			pts = pts[:0]
		}
		for i, v := range s.Values {
			if math.IsNaN(v) || i >= len(c.Labels) {
				flush()
				continue
			}
			pts = append(pts, num(x(i))+","+num(y(v)))
		}
		flush()
		for i, v := range s.Values {
			if !math.IsNaN(v) && i < len(c.Labels) {
				marker(&b, si, x(i), y(v))
			}
		}
		// The legend: a short line with the marker, then the name.
		lx, ly := float64(left), legendRow*(si+1)
		fmt.Fprintf(&b, `<polyline points="%s,%d %s,%d"/>`, num(lx), ly-4, num(lx+28), ly-4)
		marker(&b, si, lx+14, float64(ly-4))
		fmt.Fprintf(&b, `<text class="chart-legend" x="%s" y="%d">%s</text>`, num(lx+36), ly, esc(s.Name))
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// marker draws a point: a circle, square, triangle or diamond by series.
func marker(b *bytes.Buffer, series int, x, y float64) {
	r := markerSize
	switch series % maxSeries {
	case 0:
		fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="%s"/>`, num(x), num(y), num(r))
	case 1:
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s"/>`, num(x-r), num(y-r), num(2*r), num(2*r))
	case 2:
		fmt.Fprintf(b, `<polygon points="%s,%s %s,%s %s,%s"/>`, num(x), num(y-r-1), num(x+r+1), num(y+r), num(x-r-1), num(y+r))
	default:
		fmt.Fprintf(b, `<polygon points="%s,%s %s,%s %s,%s %s,%s"/>`, num(x), num(y-r-1), num(x+r+1), num(y), num(x), num(y+r+1), num(x-r-1), num(y))
	}
}

// niceStep rounds a raw step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// label writes an axis number with as many decimals as the step needs.
func label(v, step float64) string {
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step)))
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if decimals == 0 && math.Abs(v) >= 10000 {
		n := []byte(s)
		var out []byte
		for i, ch := range n {
			if i > 0 && (len(n)-i)%3 == 0 && n[i-1] != '-' {
				out = append(out, ',')
			}
			out = append(out, ch)
		}
		s = string(out)
	}
	return s
}

// num writes a coordinate with at most one decimal place.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }
