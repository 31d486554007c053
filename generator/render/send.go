package render

import (
	"html/template"
	"math"
	"strconv"
	"strings"

	"icsguide/generator/chartsvg"
	"icsguide/generator/orgdata"
	"icsguide/generator/sendstats"
)

// Trend is a chart of DfE's SEND figures and the table it was drawn from.
type Trend struct {
	SVG     template.HTML
	Caption string
	Head    []string
	Rows    [][]string // the first cell of each row is the year
}

// SENDPlansTrend charts EHC plans in January for an area (g, called name)
// beside England, both as an index of the first year both are known (=100).
// With no area it charts England's counts. id must be unique in the page.
func (v *View) SENDPlansTrend(id, name string, g *sendstats.Group) *Trend {
	d := v.Site.Send
	if d == nil {
		return nil
	}
	years := d.PlanYears
	labels := yearLabels(years)
	eng := d.England.Plans
	if g == nil {
		t := &Trend{Caption: "EHC plans in force in January, England", Head: []string{"January", "EHC plans"}}
		var vals []float64
		for i, y := range years {
			vals = append(vals, known(eng[i]))
			t.Rows = append(t.Rows, []string{y.Label, eng[i].Whole()})
		}
		t.SVG = chartsvg.SVG(chartsvg.Chart{ID: id, Title: t.Caption, Labels: labels,
			Desc:   "England: " + eng[0].Whole() + " EHC plans in " + years[0].Label + ", " + sendstats.Latest(eng).Whole() + " in " + sendstats.Final(years).Label + ".",
			Series: []chartsvg.Series{{Name: "England", Values: vals}}})
		return t
	}
	base := -1
	for i := range years {
		if g.Plans[i].Known() && eng[i].Known() {
			base = i
			break
		}
	}
	if base < 0 {
		return nil
	}
	index := func(vs []sendstats.Value, i int) sendstats.Value {
		return sendstats.Ratio(vs[i], vs[base])
	}
	t := &Trend{
		Caption: "EHC plans in January, " + name + " and England, as an index (" + years[base].Label + " = 100)",
		Head:    []string{"January", name + ": EHC plans", name + ": index", "England: EHC plans", "England: index"},
	}
	var area, england []float64
	for i, y := range years {
		a, e := index(g.Plans, i), index(eng, i)
		area, england = append(area, known(a)), append(england, known(e))
		t.Rows = append(t.Rows, []string{y.Label, g.Plans[i].Whole(), indexText(a), eng[i].Whole(), indexText(e)})
	}
	last := len(years) - 1
	desc := name + ": " + indexText(index(g.Plans, last)) + " in " + years[last].Label + ". England: " +
		indexText(index(eng, last)) + ". Both are " + years[base].Label + " = 100."
	if base > 0 {
		desc += " Earlier years are not comparable."
	}
	t.SVG = chartsvg.SVG(chartsvg.Chart{ID: id, Title: t.Caption, Desc: desc, Labels: labels,
		Series: []chartsvg.Series{{Name: name, Values: area}, {Name: "England", Values: england}}})
	return t
}

// SENDTimelyTrend charts the share of new EHC plans issued within 20 weeks
// for an area beside England; with no area, England's share with and
// without exceptions.
func (v *View) SENDTimelyTrend(id, name string, g *sendstats.Group) *Trend {
	d := v.Site.Send
	if d == nil {
		return nil
	}
	years := d.IssueYears
	e := &d.England
	t := &Trend{}
	var s1, s2 []float64
	var first, final sendstats.Value
	if g == nil {
		t.Caption = "New EHC plans issued within 20 weeks, England, per cent of plans issued in the calendar year"
		t.Head = []string{"Year", "Including exceptions", "Excluding exceptions"}
		name = "Including exceptions"
		for i, y := range years {
			s1, s2 = append(s1, known(e.Timely(i))), append(s2, known(e.TimelyEx(i)))
			t.Rows = append(t.Rows, []string{y.Label, e.Timely(i).Percent(), e.TimelyEx(i).Percent()})
		}
		first, final = e.Timely(0), e.LatestTimely()
	} else {
		t.Caption = "New EHC plans issued within 20 weeks, " + name + " and England, per cent of plans issued in the calendar year"
		t.Head = []string{"Year", name, "England"}
		for i, y := range years {
			s1, s2 = append(s1, known(g.Timely(i))), append(s2, known(e.Timely(i)))
			t.Rows = append(t.Rows, []string{y.Label, g.Timely(i).Percent(), e.Timely(i).Percent()})
		}
		first, final = g.Timely(0), g.LatestTimely()
	}
	last := len(years) - 1
	desc := name + ": " + first.Percent() + " in " + years[0].Label + ", " + final.Percent() + " in " + years[last].Label + ". "
	other := "England"
	if g == nil {
		other = "Excluding exceptions"
		desc += other + ": " + e.TimelyEx(0).Percent() + " in " + years[0].Label + ", " + e.LatestTimelyEx().Percent() + " in " + years[last].Label + "."
	} else {
		desc += other + ": " + e.Timely(0).Percent() + " in " + years[0].Label + ", " + e.LatestTimely().Percent() + " in " + years[last].Label + "."
	}
	t.SVG = chartsvg.SVG(chartsvg.Chart{ID: id, Title: t.Caption, Desc: desc, Labels: yearLabels(years), Unit: "%",
		Series: []chartsvg.Series{{Name: name, Values: s1}, {Name: other, Values: s2}}})
	return t
}

// yearLabels are the labels along a chart's axis: the year alone.
func yearLabels(years []sendstats.Year) []string {
	out := make([]string, len(years))
	for i, y := range years {
		out[i] = strconv.Itoa(y.Year)
	}
	return out
}

// known is a figure for a chart: NaN when it is not known.
func known(v sendstats.Value) float64 {
	if !v.Known() {
		return math.NaN()
	}
	return v.N
}

// indexText writes an index to one decimal place, or why it is unknown.
func indexText(v sendstats.Value) string {
	return strings.TrimSuffix(v.Percent(), "%")
}

// SENDArea is an area's figures with its name, for the partial
// "send-summary".
type SENDArea struct {
	Name  string
	Group *sendstats.Group
	Data  *sendstats.Data
}

// SENDArea pairs an area's figures with its name.
func (v *View) SENDArea(name string, g *sendstats.Group) SENDArea {
	return SENDArea{Name: name, Group: g, Data: v.Site.Send}
}

// ICBTable is a table of ICBs' SEND figures, for the partial
// "send-icb-table".
type ICBTable struct {
	ID, Caption string
	Data        *sendstats.Data
	Rows        []ICBRow
}

// ICBRow is one ICB in an ICBTable.
type ICBRow struct {
	ICB     *orgdata.ICB
	Link    string // relative address of its page from the current page
	Region  string
	Figures *sendstats.Group
	WithDCO int
}

// SENDICBTable lists the SEND figures of the given ICBs.
func (v *View) SENDICBTable(id, caption string, icbs []*orgdata.ICB) *ICBTable {
	d := v.Site.Send
	if d == nil {
		return nil
	}
	t := &ICBTable{ID: id, Caption: caption, Data: d}
	for _, icb := range icbs {
		g := d.ICB(icb)
		if g == nil {
			continue
		}
		row := ICBRow{ICB: icb, Region: icb.Region.Name, Figures: g, WithDCO: d.WithDCO(g)}
		if p := v.Site.ICBPage(icb); p != nil {
			row.Link = v.Link(p.URL)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
