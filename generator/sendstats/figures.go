// Package sendstats reads the Department for Education's statistics on
// education, health and care (EHC) plans, kept as published in
// content/organisations/dfe-send-statistics, and works out the figures the
// site shows for each council, Integrated Care Board (ICB), NHS England
// region and England. Every problem in the files is reported with its file
// and line.
package sendstats

import (
	"math"
	"strconv"
	"time"

	"icsguide/generator/orgdata"
)

// State says whether a figure is known.
type State uint8

// The states of a figure.
const (
	OK            State = iota
	NotAvailable        // DfE publishes no figure (x, an empty cell or no row)
	NotComparable       // the council did not yet exist in its present form
)

// Value is one figure for one year. For an area made of parts of councils it
// is an estimate and may not be a whole number.
type Value struct {
	N     float64
	State State
}

// Known reports whether the figure is known.
func (v Value) Known() bool { return v.State == OK }

// Year is one period of a file: January of a year (EHC plans) or a calendar
// year (everything else).
type Year struct {
	Period string // the file's time_period, e.g. "202425" or "2024"
	Year   int    // 2025 for "202425" (January 2025), 2024 for "2024"
	Label  string // "January 2025" or "2024"
}

// Figures are the counts for one area, each by the years of its file.
type Figures struct {
	Plans              []Value // EHC plans in January (caseload.csv), by Data.PlanYears
	Issued, Within     []Value // new plans issued in the calendar year, and within 20 weeks, by Data.IssueYears
	IssuedEx, WithinEx []Value // the same, excluding plans where an exception applied
	Requests, Refused  []Value // requests for an assessment, and those refused, by Data.RequestYears
}

// Council is one of the 153 councils responsible for education and SEND.
type Council struct {
	Code, Name string
	Authority  *orgdata.Authority
	Figures
	DMO, DCO, DSCO []string // status by Data.DesignatedYears, "" when no row
	OldCodes       []string // other codes its figures were published under (recodes)
	FormedFrom     []string // for a council made by a merge or split: the old councils' names, "(part)" after one split
	Formed         string   // the date it was formed, YYYY-MM-DD, for FormedFrom
}

// Part is a council's place in an ICB or region: Share is the share of its
// figures counted there.
type Part struct {
	Council *Council
	Share   float64 // 1 for a whole council
}

// Group is an ICB or a region: its councils' figures added up.
type Group struct {
	Parts []Part // largest share first, then by name
	Figures
	Estimate bool // some council is split, so the totals are estimates
}

// SplitParts are the parts that are shares of a council.
func (g *Group) SplitParts() []Part {
	var out []Part
	for _, p := range g.Parts {
		if p.Share < 1 {
			out = append(out, p)
		}
	}
	return out
}

// Data is everything the site shows from the DfE files.
type Data struct {
	Release                                              int // the reporting year, from the latest January in caseload.csv
	PlanYears, IssueYears, RequestYears, DesignatedYears []Year
	Councils                                             []*Council // sorted by name
	England                                              Figures    // DfE's national rows
	ICBs                                                 map[*orgdata.ICB]*Group
	Regions                                              map[*orgdata.Region]*Group
	byCode                                               map[string]*Council
}

// Council returns the council with an ONS code, or nil.
func (d *Data) Council(code string) *Council { return d.byCode[code] }

// ICB returns the figures of an ICB, or nil.
func (d *Data) ICB(icb *orgdata.ICB) *Group { return d.ICBs[icb] }

// Region returns the figures of an NHS England region, or nil.
func (d *Data) Region(r *orgdata.Region) *Group { return d.Regions[r] }

// Latest returns the last value of a series.
func Latest(vs []Value) Value {
	if len(vs) == 0 {
		return Value{State: NotAvailable}
	}
	return vs[len(vs)-1]
}

// Ratio is a/b as a percentage; unknown when either is unknown or b is 0.
func Ratio(a, b Value) Value {
	switch {
	case a.State == NotComparable || b.State == NotComparable:
		return Value{State: NotComparable}
	case !a.Known() || !b.Known() || b.N == 0:
		return Value{State: NotAvailable}
	}
	return Value{N: a.N / b.N * 100}
}

// Timely is the share of new plans issued within 20 weeks in year i.
func (f *Figures) Timely(i int) Value { return Ratio(f.Within[i], f.Issued[i]) }

// TimelyEx is the same share, leaving out plans where an exception applied.
func (f *Figures) TimelyEx(i int) Value { return Ratio(f.WithinEx[i], f.IssuedEx[i]) }

// RefusedShare is the share of requests for an assessment refused in year i.
func (f *Figures) RefusedShare(i int) Value { return Ratio(f.Refused[i], f.Requests[i]) }

// Growth is the change in EHC plans from the first January to the last, in
// per cent.
func (f *Figures) Growth() Value {
	if len(f.Plans) == 0 {
		return Value{State: NotAvailable}
	}
	r := Ratio(Latest(f.Plans), f.Plans[0])
	if r.Known() {
		r.N -= 100
	}
	return r
}

// Index is EHC plans in January of year i as a multiple of the first year,
// times 100.
func (f *Figures) Index(i int) Value { return Ratio(f.Plans[i], f.Plans[0]) }

// LatestPlans is EHC plans in the last January.
func (f *Figures) LatestPlans() Value { return Latest(f.Plans) }

// LatestTimely is the share of new plans issued within 20 weeks in the last
// year.
func (f *Figures) LatestTimely() Value { return f.Timely(len(f.Issued) - 1) }

// LatestTimelyEx is the same, leaving out plans where an exception applied.
func (f *Figures) LatestTimelyEx() Value { return f.TimelyEx(len(f.Issued) - 1) }

// LatestRequests is the number of requests for an assessment in the last
// year.
func (f *Figures) LatestRequests() Value { return Latest(f.Requests) }

// LatestRefusedShare is the share of requests refused in the last year.
func (f *Figures) LatestRefusedShare() Value { return f.RefusedShare(len(f.Requests) - 1) }

// FirstPlan is the first January of the EHC plan figures.
func (d *Data) FirstPlan() Year { return d.PlanYears[0] }

// LastPlan is the last January of the EHC plan figures.
func (d *Data) LastPlan() Year { return Final(d.PlanYears) }

// LastIssue is the last year of the figures on new plans issued.
func (d *Data) LastIssue() Year { return Final(d.IssueYears) }

// LastRequest is the last year of the figures on requests for assessment.
func (d *Data) LastRequest() Year { return Final(d.RequestYears) }

// LastDesignated is the last year of the designated officer figures.
func (d *Data) LastDesignated() Year { return Final(d.DesignatedYears) }

// Final returns the last year of a list.
func Final(ys []Year) Year { return ys[len(ys)-1] }

// Officer is what a council last reported about one designated officer.
type Officer struct {
	Status string // Yes, No or Recruiting; "" if never reported
	Year   string // the year it was reported
	Latest string // what the latest year's row says, which may be "Not returned"
}

// Text describes the status for reading: "Yes (2025)".
func (o Officer) Text() string {
	if o.Status == "" {
		return "Not reported"
	}
	return o.Status + " (" + o.Year + ")"
}

// Officer returns what a council last reported about its Designated Medical
// Officer ("DMO"), Designated Clinical Officer ("DCO") or Designated Social
// Care Officer ("DSCO").
func (d *Data) Officer(c *Council, role string) Officer {
	vs := map[string][]string{"DMO": c.DMO, "DCO": c.DCO, "DSCO": c.DSCO}[role]
	var o Officer
	if len(vs) > 0 {
		o.Latest = vs[len(vs)-1]
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if v := vs[i]; v == "Yes" || v == "No" || v == "Recruiting" {
			o.Status, o.Year = v, d.DesignatedYears[i].Label
			break
		}
	}
	return o
}

// FirstDSCO is the first year in which councils reported on a Designated
// Social Care Officer: earlier years say n/a.
func (d *Data) FirstDSCO() Year {
	for i, y := range d.DesignatedYears {
		for _, c := range d.Councils {
			if v := c.DSCO[i]; v != "" && v != "n/a" && v != "x" {
				return y
			}
		}
	}
	return Final(d.DesignatedYears)
}

// WithDCO counts the councils of a group whose row for the latest year says
// they have a Designated Clinical Officer.
func (d *Data) WithDCO(g *Group) int {
	n := 0
	for _, p := range g.Parts {
		if len(p.Council.DCO) > 0 && p.Council.DCO[len(p.Council.DCO)-1] == "Yes" {
			n++
		}
	}
	return n
}

// FormedNote says when a council made by a merge or split was formed, or
// "" for other councils.
func (c *Council) FormedNote() string {
	if len(c.FormedFrom) == 0 {
		return ""
	}
	t, _ := time.Parse(time.DateOnly, c.Formed)
	names := c.FormedFrom[0]
	for i, n := range c.FormedFrom[1:] {
		if i == len(c.FormedFrom)-2 {
			names += " and " + n
		} else {
			names += ", " + n
		}
	}
	council := "the old councils of "
	if len(c.FormedFrom) == 1 {
		council = "the old council of "
	}
	return c.Name + " was formed on " + t.Format("2 January 2006") + " from " + council + names +
		". Figures for earlier years are for the old councils and cannot be carried over, so they are shown as not comparable."
}

// Whole formats a count for reading: 1,234; an estimate is rounded first.
func (v Value) Whole() string {
	switch v.State {
	case NotAvailable:
		return "not available"
	case NotComparable:
		return "not comparable"
	}
	s := strconv.FormatInt(int64(math.Round(v.N)), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// SortKey is the figure for sorting a table, "" when unknown.
func (v Value) SortKey() string {
	if !v.Known() {
		return ""
	}
	return strconv.FormatFloat(v.N, 'f', 3, 64)
}

// Percent formats a percentage with one decimal place: 45.9%.
func (v Value) Percent() string {
	switch v.State {
	case NotAvailable:
		return "not available"
	case NotComparable:
		return "not comparable"
	}
	return strconv.FormatFloat(round1(v.N), 'f', 1, 64) + "%"
}

// Change formats a change in per cent with its sign: +80.4%.
func (v Value) Change() string {
	s := v.Percent()
	if v.Known() && round1(v.N) > 0 {
		s = "+" + s
	}
	return s
}

// round1 rounds to one decimal place, halves away from zero.
func round1(f float64) float64 { return math.Round(f*10) / 10 }
