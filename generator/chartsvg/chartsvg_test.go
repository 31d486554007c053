package chartsvg

import (
	"math"
	"strings"
	"testing"
)

func TestSVG(t *testing.T) {
	nan := math.NaN()
	svg := string(SVG(Chart{
		ID: "c1", Title: "Plans & <more>", Desc: "A said \"up\"", Labels: []string{"2019", "2020", "2021", "2022"}, Unit: "%",
		Series: []Series{{Name: "Area", Values: []float64{10, nan, 30, 40}}, {Name: "England", Values: []float64{20, 20, 20, 20}}},
	}))
	for _, want := range []string{
		`role="img" aria-labelledby="c1-title c1-desc"`,
		`<title id="c1-title">Plans &amp; &lt;more&gt;</title>`,
		`<desc id="c1-desc">A said &#34;up&#34;</desc>`,
		`>2021</text>`, `>40%</text>`, `>Area</text>`, `>England</text>`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q:\n%s", want, svg)
		}
	}
	area := svg[strings.Index(svg, "chart-series-1"):strings.Index(svg, "chart-series-2")]
	// The gap splits the area's line: one line of two points (2021-2022)
	// and the legend's line; 2019 stands alone as a marker.
	if n := strings.Count(area, "<polyline"); n != 2 {
		t.Errorf("area series has %d lines, want 2 (the gap splits it):\n%s", n, area)
	}
	if n := strings.Count(area, "<circle"); n != 4 {
		t.Errorf("area series has %d markers, want 4 (3 points and the legend)", n)
	}
	if strings.Contains(svg, "NaN") || strings.Contains(svg, "style=") {
		t.Error("chart has NaN coordinates or style attributes")
	}
}

func TestNiceStepAndLabel(t *testing.T) {
	for _, tt := range []struct{ raw, want float64 }{{0.3, 0.5}, {7, 10}, {12, 20}, {23, 25}, {180000, 200000}, {0, 1}} {
		if got := niceStep(tt.raw); got != tt.want {
			t.Errorf("niceStep(%v) = %v, want %v", tt.raw, got, tt.want)
		}
	}
	for _, tt := range []struct {
		v, step float64
		want    string
	}{{100000, 50000, "100,000"}, {2.5, 0.5, "2.5"}, {75, 25, "75"}, {-20000, 10000, "-20,000"}} {
		if got := label(tt.v, tt.step); got != tt.want {
			t.Errorf("label(%v, %v) = %q, want %q", tt.v, tt.step, got, tt.want)
		}
	}
}
