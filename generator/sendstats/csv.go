package sendstats

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"

	"icsguide/generator/orgdata"
)

// The downloads the build writes, as site paths.
const (
	CouncilCSVPath = "data/send-by-council.csv"
	ICBCSVPath     = "data/send-by-icb.csv"
)

// column is one figure column of a download.
type column struct {
	name  string
	value func(f *Figures) Value
	pct   bool
}

// columns are the figure columns, one per measure and year, in the order
// the pages show them.
func (d *Data) columns() []column {
	var cols []column
	for i, y := range d.PlanYears {
		cols = append(cols, column{"ehc_plans_january_" + strconv.Itoa(y.Year), func(f *Figures) Value { return f.Plans[i] }, false})
	}
	cols = append(cols, column{"ehc_plans_change_since_january_" + strconv.Itoa(d.PlanYears[0].Year) + "_pc", (*Figures).Growth, true})
	for i, y := range d.IssueYears {
		s := strconv.Itoa(y.Year)
		cols = append(cols,
			column{"new_plans_issued_" + s, func(f *Figures) Value { return f.Issued[i] }, false},
			column{"new_plans_issued_within_20_weeks_" + s, func(f *Figures) Value { return f.Within[i] }, false},
			column{"pc_within_20_weeks_" + s, func(f *Figures) Value { return f.Timely(i) }, true},
			column{"pc_within_20_weeks_excluding_exceptions_" + s, func(f *Figures) Value { return f.TimelyEx(i) }, true})
	}
	for i, y := range d.RequestYears {
		s := strconv.Itoa(y.Year)
		cols = append(cols,
			column{"requests_for_assessment_" + s, func(f *Figures) Value { return f.Requests[i] }, false},
			column{"requests_refused_" + s, func(f *Figures) Value { return f.Refused[i] }, false},
			column{"pc_requests_refused_" + s, func(f *Figures) Value { return f.RefusedShare(i) }, true})
	}
	return cols
}

// cell writes a figure for a spreadsheet: a whole number (an estimate is
// rounded), a percentage to one decimal place, or words when unknown.
func cell(v Value, pct bool) string {
	switch {
	case v.State == NotAvailable:
		return "not available"
	case v.State == NotComparable:
		return "not comparable"
	case pct:
		return strconv.FormatFloat(round1(v.N), 'f', 1, 64)
	}
	return strconv.FormatInt(int64(math.Round(v.N)), 10)
}

// CouncilCSV is the download of every council's figures: one row per
// council, in name order.
func (d *Data) CouncilCSV() []byte {
	cols := d.columns()
	last := Final(d.DesignatedYears).Year
	head := []string{"council_ons_code", "council_name", "icb_ods_codes", "old_codes_in_dfe_files"}
	for _, c := range cols {
		head = append(head, c.name)
	}
	for _, role := range []string{"dmo", "dco", "dsco"} {
		head = append(head, role+"_"+strconv.Itoa(last))
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(head)
	for _, c := range d.Councils {
		var icbs []string
		for _, p := range c.Authority.Parts {
			icbs = append(icbs, p.ICB.ODSCode)
		}
		rec := []string{c.Code, c.Name, strings.Join(icbs, " "), strings.Join(c.OldCodes, " ")}
		for _, col := range cols {
			rec = append(rec, cell(col.value(&c.Figures), col.pct))
		}
		for _, vs := range [][]string{c.DMO, c.DCO, c.DSCO} {
			rec = append(rec, vs[len(vs)-1])
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// ICBCSV is the download of every ICB's figures: one row per ICB, in the
// order of org.ICBs.
func (d *Data) ICBCSV(org *orgdata.Data) []byte {
	cols := d.columns()
	head := []string{"icb_ons_code", "icb_ods_code", "icb_name", "nhs_region_name", "councils", "estimate",
		"councils_with_dco_" + strconv.Itoa(Final(d.DesignatedYears).Year)}
	for _, c := range cols {
		head = append(head, c.name)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(head)
	for _, icb := range org.ICBs {
		g := d.ICB(icb)
		estimate := "no"
		if g.Estimate {
			estimate = "yes: includes a share of a council split between ICBs, in proportion to where its 0 to 25 year olds live (ONS, mid-2020)"
		}
		rec := []string{icb.ONSCode, icb.ODSCode, icb.Name, icb.Region.Name, strconv.Itoa(len(g.Parts)), estimate, strconv.Itoa(d.WithDCO(g))}
		for _, col := range cols {
			rec = append(rec, cell(col.value(&g.Figures), col.pct))
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}
