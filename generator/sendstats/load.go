package sendstats

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/orgdata"
)

// The DfE files Load reads, inside content.StreamDir, and the table of
// council code changes, inside content/.
const (
	CaseloadCSV   = "caseload.csv"
	TimelinessCSV = "timeliness_20_week.csv"
	RequestsCSV   = "requests.csv"
	DesignatedCSV = "sen2_dmo_dco.csv"
	ChangesPath   = orgdata.Dir + "/la_code_changes.csv"
)

// Designated officer statuses DfE uses in sen2_dmo_dco.csv.
var statuses = []string{"Yes", "No", "Recruiting", "Not returned", "n/a"}

// change is a row of la_code_changes.csv.
type change struct {
	oldCode, oldName, newCode, kind string
	effective                       time.Time
	line                            int
}

// spec says which rows and columns of a DfE file are used.
type spec struct {
	name  string
	topic string   // breakdown_topic of the rows used; "" for every row
	cols  []string // value columns
}

var specs = []spec{
	{CaseloadCSV, "All EHC plans", []string{"ehcplans"}},
	{TimelinessCSV, "All EHC plans issued", []string{"plans_issued_den", "plans_issued_within_20_weeks", "plans_issued_den_ex", "plans_issued_20_weeks_ex"}},
	{RequestsCSV, "All requests for EHC needs assessments", []string{"requests_received_in_year", "requests_decided_not_to_assess"}},
	{DesignatedCSV, "", []string{"des_med_off", "des_clin_off", "des_so_care_off"}},
}

// keyCols are the columns every DfE file needs.
var keyCols = []string{"time_period", "geographic_level", "new_la_code", "la_name"}

// row is what is kept of one used row: its values in spec order.
type row struct {
	council *Council
	counts  []Value
	texts   []string
}

// table is what is kept of one file: rows by period, and England's.
type table struct {
	file    string
	years   []Year
	rows    map[string][]row // period to council rows
	england map[string][]Value
	first   map[string]int // period to the line of its first row
}

// Load reads the DfE files (content paths to files in fsys, as
// content.Source.Streams holds them) and the code changes table (from
// data, content paths to bytes), for the councils of org. display is the
// content folder's name in messages. A site with none of the files has no
// SEND figures: Load returns nil and no error.
func Load(org *orgdata.Data, fsys fs.FS, streams map[string]string, data map[string][]byte, display string) (*Data, diag.List) {
	var errs diag.List
	found := false
	for _, sp := range specs {
		if _, ok := streams[content.StreamDir+"/"+sp.name]; ok {
			found = true
		}
	}
	if !found || org == nil {
		return nil, nil
	}
	d := &Data{byCode: map[string]*Council{}, ICBs: map[*orgdata.ICB]*Group{}, Regions: map[*orgdata.Region]*Group{}}
	for _, a := range org.Authorities {
		if a.Tier == "upper" {
			c := &Council{Code: a.Code, Name: a.Name, Authority: a}
			d.Councils = append(d.Councils, c)
			d.byCode[a.Code] = c
		}
	}
	changes := readChanges(d, data, display, &errs)
	tables := make([]*table, len(specs))
	fileErrs := make([]diag.List, len(specs))
	var wg sync.WaitGroup
	for i, sp := range specs {
		file := display + "/" + content.StreamDir + "/" + sp.name
		name, ok := streams[content.StreamDir+"/"+sp.name]
		if !ok {
			errs.Addf(file, 0, 0, "this file is missing: it is one of the DfE files the SEND figures are built from, so restore it")
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			tables[i] = readTable(d, changes, sp, file, fsys, name, &fileErrs[i])
		}()
	}
	wg.Wait()
	for _, e := range fileErrs {
		errs.Merge(e)
	}
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	d.fill(tables, changes)
	d.group(org)
	return d, nil
}

// readChanges reads la_code_changes.csv: old council codes by code.
func readChanges(d *Data, data map[string][]byte, display string, errs *diag.List) map[string][]change {
	file := display + "/" + ChangesPath
	src, ok := data[ChangesPath]
	if !ok {
		errs.Addf(file, 0, 0, "this file is missing: it says which council codes in the DfE files changed since 2019, so restore it")
		return nil
	}
	s := newStream(file, bytes.NewReader(src), errs, "old_code", "old_name", "new_code", "new_name", "effective", "kind")
	if s == nil {
		return nil
	}
	out := map[string][]change{}
	for s.Next() {
		if !s.split() {
			continue
		}
		c := change{oldCode: s.Get("old_code"), oldName: s.Get("old_name"), newCode: s.Get("new_code"), kind: s.Get("kind"), line: s.line}
		var err error
		c.effective, err = time.Parse(time.DateOnly, s.Get("effective"))
		if err != nil {
			s.Errorf("effective", "effective must be a date written YYYY-MM-DD, not %q", s.Get("effective"))
			continue
		}
		switch {
		case c.kind != "recode" && c.kind != "merge" && c.kind != "split":
			s.Errorf("kind", "kind must be recode, merge or split, not %q", c.kind)
			continue
		case d.byCode[c.newCode] == nil:
			s.Errorf("new_code", "%s is not a council in %s/utla23_to_icb22.csv: new_code must be a council that exists now", c.newCode, orgdata.Dir)
			continue
		case d.byCode[c.oldCode] != nil:
			s.Errorf("old_code", "%s is still a council in %s/utla23_to_icb22.csv: old_code must be a code no longer used", c.oldCode, orgdata.Dir)
			continue
		}
		out[c.oldCode] = append(out[c.oldCode], c)
	}
	for code, cs := range out {
		if len(cs) > 1 && slices.ContainsFunc(cs, func(c change) bool { return c.kind == "recode" }) {
			errs.Addf(file, cs[1].line, 0, "%s has a recode and another change: a recode is the same area under a new code, so it can have only one row", code)
		}
	}
	return out
}

// readTable streams one DfE file, keeping the rows it uses.
func readTable(d *Data, changes map[string][]change, sp spec, file string, fsys fs.FS, name string, errs *diag.List) *table {
	f, err := fsys.Open(name)
	if err != nil {
		errs.Addf(file, 0, 0, "cannot read: %v", err)
		return nil
	}
	defer f.Close()
	return readFrom(d, changes, sp, file, f, errs)
}

// readFrom reads a DfE file from r; see readTable.
func readFrom(d *Data, changes map[string][]change, sp spec, file string, r io.Reader, errs *diag.List) *table {
	cols := append(append([]string(nil), keyCols...), sp.cols...)
	if sp.topic != "" {
		cols = append(cols, "breakdown_topic")
	}
	before := len(*errs)
	s := newStream(file, r, errs, cols...)
	if s == nil {
		return nil
	}
	t := &table{file: file, rows: map[string][]row{}, england: map[string][]Value{}, first: map[string]int{}}
	topic := []byte(sp.topic)
	seen := map[[2]string]int{} // period and council code to line
	periods := map[string]Year{}
	for s.Next() {
		if sp.topic != "" && !s.Has(topic) {
			continue
		}
		if !s.split() || (sp.topic != "" && s.Get("breakdown_topic") != sp.topic) {
			continue
		}
		level := s.Get("geographic_level")
		if level != "National" && level != "Local authority" {
			continue
		}
		period := s.Get("time_period")
		y, ok := periods[period]
		if !ok {
			if y, ok = parsePeriod(period); !ok {
				s.Errorf("time_period", "time_period must be a calendar year such as 2024 or an academic year such as 202425, not %q", period)
				continue
			}
			periods[period] = y
			t.first[period] = s.line
		}
		var rw row
		good := true
		for _, c := range sp.cols {
			if sp.name == DesignatedCSV {
				v := s.Get(c)
				if v != "" && v != "x" && !slices.Contains(statuses, v) {
					s.Errorf(c, "%s must be one of %s (or x when not available), not %q", c, strings.Join(statuses, ", "), v)
					good = false
				}
				rw.texts = append(rw.texts, v)
				continue
			}
			v, ok := s.Count(c)
			good = good && ok
			rw.counts = append(rw.counts, v)
		}
		if !good {
			continue
		}
		if level == "National" {
			if _, dup := t.england[period]; dup {
				s.Errorf("geographic_level", "a second National row for %s: keep one", period)
			}
			t.england[period] = rw.counts
			continue
		}
		code, name := s.Get("new_la_code"), s.Get("la_name")
		c := d.byCode[code]
		if c == nil {
			cs := changes[code]
			switch {
			case len(cs) == 0:
				s.Errorf("new_la_code", "the council code %s (%s) matches no council in %s/utla23_to_icb22.csv and is not an old code in %s", code, name, orgdata.Dir, ChangesPath)
				continue
			case cs[0].kind != "recode":
				continue // a council merged or split since: its figures are not carried over
			}
			c = d.byCode[cs[0].newCode]
		}
		key := [2]string{period, c.Code}
		if prev, dup := seen[key]; dup {
			s.Errorf("new_la_code", "a second row for %s in %s (the first is on line %d): keep one", c.Name, period, prev)
			continue
		}
		seen[key] = s.line
		rw.council = c
		t.rows[period] = append(t.rows[period], rw)
	}
	for _, y := range periods {
		t.years = append(t.years, y)
	}
	sort.Slice(t.years, func(i, j int) bool { return t.years[i].Year < t.years[j].Year })
	if len(t.years) == 0 {
		errs.Addf(file, 0, 0, "the file has no rows to use: the figures come from its rows with breakdown_topic %q", sp.topic)
		return nil
	}
	if len(*errs) > before {
		return nil // a council's row may be among those in error
	}
	latest := t.years[len(t.years)-1].Period
	have := map[*Council]bool{}
	for _, rw := range t.rows[latest] {
		have[rw.council] = true
	}
	for _, c := range d.Councils {
		if !have[c] {
			errs.Addf(file, t.first[latest], 0, "the rows for the latest year (%s) start here, but none is for %s (%s): every council needs a row in the latest year", latest, c.Name, c.Code)
		}
	}
	if _, ok := t.england[latest]; !ok && sp.name != DesignatedCSV {
		errs.Addf(file, t.first[latest], 0, "the latest year (%s) has no National row: England's figures come from it", latest)
	}
	return t
}

// parsePeriod reads a time_period: "2024" is the calendar year 2024,
// "202425" is January 2025 (the academic year 2024/25).
func parsePeriod(p string) (Year, bool) {
	switch len(p) {
	case 4:
		y, err := strconv.Atoi(p)
		return Year{Period: p, Year: y, Label: p}, err == nil && y > 1900
	case 6:
		a, err1 := strconv.Atoi(p[:4])
		b, err2 := strconv.Atoi(p[4:])
		if err1 != nil || err2 != nil || (a+1)%100 != b {
			return Year{}, false
		}
		return Year{Period: p, Year: a + 1, Label: fmt.Sprintf("January %d", a+1)}, true
	}
	return Year{}, false
}

// fill puts each table's rows into the councils' and England's figures.
// A council with no row in a year is not comparable when it was formed by
// a merge or split after the year began, and otherwise not available.
func (d *Data) fill(tables []*table, changes map[string][]change) {
	formed := map[*Council]change{}
	var all []change
	for _, cs := range changes {
		all = append(all, cs...)
	}
	slices.SortFunc(all, func(a, b change) int { return a.line - b.line })
	for _, ch := range all {
		c := d.byCode[ch.newCode]
		if ch.kind == "recode" {
			c.OldCodes = append(c.OldCodes, ch.oldCode)
			continue
		}
		if _, ok := formed[c]; !ok {
			formed[c] = ch
		}
		name := ch.oldName
		if ch.kind == "split" {
			name += " (part)"
		}
		if !slices.Contains(c.FormedFrom, name) {
			c.FormedFrom = append(c.FormedFrom, name)
		}
	}
	for c, ch := range formed {
		c.Formed = ch.effective.Format(time.DateOnly)
	}
	missing := func(c *Council, y Year) Value {
		if ch, ok := formed[c]; ok {
			start := time.Date(y.Year, time.January, 1, 0, 0, 0, 0, time.UTC)
			if start.Before(ch.effective) {
				return Value{State: NotComparable}
			}
		}
		return Value{State: NotAvailable}
	}
	for i, t := range tables {
		years := t.years
		switch specs[i].name {
		case CaseloadCSV:
			d.PlanYears = years
			d.Release = years[len(years)-1].Year
		case TimelinessCSV:
			d.IssueYears = years
		case RequestsCSV:
			d.RequestYears = years
		case DesignatedCSV:
			d.DesignatedYears = years
		}
		for _, c := range d.Councils {
			series := seriesOf(&c.Figures, specs[i].name)
			for j := range series {
				*series[j] = make([]Value, len(years))
			}
			if specs[i].name == DesignatedCSV {
				c.DMO, c.DCO, c.DSCO = make([]string, len(years)), make([]string, len(years)), make([]string, len(years))
			}
			for yi, y := range years {
				for j := range series {
					(*series[j])[yi] = missing(c, y)
				}
			}
		}
		england := seriesOf(&d.England, specs[i].name)
		for j := range england {
			*england[j] = make([]Value, len(years))
		}
		for yi, y := range years {
			for j := range england {
				(*england[j])[yi] = Value{State: NotAvailable}
				if vs, ok := t.england[y.Period]; ok {
					(*england[j])[yi] = vs[j]
				}
			}
			for _, rw := range t.rows[y.Period] {
				if specs[i].name == DesignatedCSV {
					rw.council.DMO[yi], rw.council.DCO[yi], rw.council.DSCO[yi] = rw.texts[0], rw.texts[1], rw.texts[2]
					continue
				}
				for j, s := range seriesOf(&rw.council.Figures, specs[i].name) {
					(*s)[yi] = rw.counts[j]
				}
			}
		}
	}
}

// seriesOf returns the series of f that a file fills, in the order of
// the file's value columns.
func seriesOf(f *Figures, name string) []*[]Value {
	switch name {
	case CaseloadCSV:
		return []*[]Value{&f.Plans}
	case TimelinessCSV:
		return []*[]Value{&f.Issued, &f.Within, &f.IssuedEx, &f.WithinEx}
	case RequestsCSV:
		return []*[]Value{&f.Requests, &f.Refused}
	}
	return nil
}

// group adds up the councils of each ICB and region. A council split
// between ICBs counts in each with the share of its 0 to 25 year olds who
// live there (ONS, mid-2020), which makes the totals estimates.
func (d *Data) group(org *orgdata.Data) {
	share := func(sh orgdata.Share) float64 {
		total := 0
		for _, p := range sh.Authority.Parts {
			total += p.Population0to25
		}
		if !sh.Split || total == 0 {
			return 1
		}
		return float64(sh.Population0to25) / float64(total)
	}
	for _, icb := range org.ICBs {
		g := &Group{}
		for _, sh := range icb.UpperTier {
			if c := d.byCode[sh.Authority.Code]; c != nil {
				g.Parts = append(g.Parts, Part{Council: c, Share: share(sh)})
			}
		}
		d.ICBs[icb] = g.add()
	}
	for _, r := range org.Regions {
		shares := map[*Council]float64{}
		var order []*Council
		for _, icb := range r.ICBs {
			for _, sh := range icb.UpperTier {
				c := d.byCode[sh.Authority.Code]
				if c == nil {
					continue
				}
				if _, ok := shares[c]; !ok {
					order = append(order, c)
				}
				shares[c] += share(sh)
			}
		}
		g := &Group{}
		for _, c := range order {
			s := shares[c]
			if s > 0.999999 {
				s = 1
			}
			g.Parts = append(g.Parts, Part{Council: c, Share: s})
		}
		d.Regions[r] = g.add()
	}
}

// add sorts the parts and adds up their figures: a year in which any part
// is unknown is unknown for the group.
func (g *Group) add() *Group {
	slices.SortStableFunc(g.Parts, func(a, b Part) int {
		return cmp.Or(cmp.Compare(b.Share, a.Share), strings.Compare(a.Council.Name, b.Council.Name))
	})
	for _, p := range g.Parts {
		if p.Share < 1 {
			g.Estimate = true
		}
	}
	if len(g.Parts) == 0 {
		return g
	}
	first := &g.Parts[0].Council.Figures
	for _, name := range []string{CaseloadCSV, TimelinessCSV, RequestsCSV} {
		for j, dst := range seriesOf(&g.Figures, name) {
			n := len(*seriesOf(first, name)[j])
			*dst = make([]Value, n)
			for yi := 0; yi < n; yi++ {
				sum := Value{}
				for _, p := range g.Parts {
					v := (*seriesOf(&p.Council.Figures, name)[j])[yi]
					switch {
					case v.State > sum.State:
						sum = Value{State: v.State}
					case sum.State == OK:
						sum.N += v.N * p.Share
					}
				}
				(*dst)[yi] = sum
			}
		}
	}
	return g
}
