// Package orgdata reads the organisation data: the ONS tables of Integrated
// Care Boards, NHS England regions and local authorities, as published, and
// one YAML file of editorial fields per ICB. It checks that they agree and
// reports every problem with its file and line.
package orgdata

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"icsguide/generator/content"
	"icsguide/generator/diag"
)

// Dir is the folder inside content/ that holds the organisation data.
const Dir = "organisations"

// Statuses lists the allowed assessment statuses in order.
var Statuses = []string{"not-assessed", "not-started", "in-progress", "determined"}

// Data is the organisation data, cross-linked.
type Data struct {
	ICBs        []*ICB       // sorted by ShortName
	Regions     []*Region    // sorted by Name
	Authorities []*Authority // every local authority once, sorted by Name then Code
	byODS       map[string]*ICB
}

// ICB returns the ICB with an ODS code, or nil.
func (d *Data) ICB(odsCode string) *ICB { return d.byODS[odsCode] }

// ICB is one Integrated Care Board.
type ICB struct {
	ONSCode, ODSCode, Name, ShortName, ONSCode2024 string
	Slug                                           string // from ShortName, for its page's address
	Region                                         *Region
	SubICBLocations                                int
	Population, Population0to17, Population0to25   int     // ONS mid-2020
	UpperTier                                      []Share // county and unitary councils (education and SEND), largest piece first
	LowerTier                                      []Share // district councils of 2022, by name
	Overlay                                        Overlay // editorial fields; zero without a file
	Line                                           int     // line in icbs.csv
}

// Share is the piece of a local authority that lies in one ICB.
type Share struct {
	Authority       *Authority
	ICB             *ICB
	Population      int     // people in this piece, mid-2020
	Population0to25 int     // of whom aged 0 to 25
	Share           float64 // share of the authority's population in this ICB, 0 to 1
	Split           bool    // the authority lies in more than one ICB
}

// Region is one NHS England region.
type Region struct {
	ONSCode, ODSCode, Name, Slug string
	Population                   int
	ICBs                         []*ICB // sorted by ShortName
	Line                         int
}

// Authority is a local authority.
type Authority struct {
	Code, Name string
	Tier       string     // "upper" (county, unitary, London borough: responsible for SEND) or "lower" (district)
	Parent     *Authority // the upper-tier authority a district sits in; nil otherwise
	Parts      []Share    // the ICBs it lies in, largest share first
}

// Overlay is the editorial fields of one ICB, from organisations/icbs/<ODS code>.yaml.
type Overlay = content.Overlay

// Assessment is what is recorded about one checklist item for one ICB.
type Assessment = content.Assessment

// Status returns the recorded status of a checklist item, "not-assessed"
// when nothing is recorded.
func (i *ICB) Status(itemID string) string {
	if a, ok := i.Overlay.Assessments[itemID]; ok && a.Status != "" {
		return a.Status
	}
	return "not-assessed"
}

// Progress counts this ICB's items per status for the item ids given.
func (i *ICB) Progress(itemIDs []string) map[string]int {
	out := map[string]int{}
	for _, id := range itemIDs {
		out[i.Status(id)]++
	}
	return out
}

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

// Slug makes a lowercase, hyphenated name for an address.
func Slug(name string) string {
	return strings.Trim(slugRE.ReplaceAllString(strings.ToLower(name), "-"), "-")
}

// table is a CSV file read with its header checked.
type table struct {
	file string
	rows []row
}

type row struct {
	line   int
	fields map[string]string
}

// loader carries what Load needs while it reads.
type loader struct {
	files   map[string][]byte
	display string
	errs    diag.List
}

func (l *loader) file(rel string) string { return l.display + "/" + Dir + "/" + rel }

// readCSV reads one CSV file and checks that it has the columns wanted.
func (l *loader) readCSV(rel string, cols ...string) *table {
	t := &table{file: l.file(rel)}
	src, ok := l.files[Dir+"/"+rel]
	if !ok {
		l.errs.Addf(t.file, 0, 0, "this file is missing")
		return t
	}
	src, bad := content.Normalize(t.file, src)
	if bad != nil {
		l.errs = append(l.errs, *bad)
		return t
	}
	r := csv.NewReader(bytes.NewReader(src))
	header, err := r.Read()
	if err != nil {
		l.errs.Addf(t.file, 1, 0, "cannot read the header row: %v", plainCSV(err))
		return t
	}
	index := map[string]int{}
	for i, h := range header {
		index[h] = i
	}
	for _, c := range cols {
		if _, ok := index[c]; !ok {
			l.errs.Addf(t.file, 1, 0, "the header has no column %q", c)
		}
	}
	r.FieldsPerRecord = len(header)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			l.errs.Addf(t.file, pe.Line, pe.Column, "%s", plainCSV(err))
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		if err != nil {
			l.errs.Addf(t.file, 0, 0, "%v", err)
			break
		}
		line, _ := r.FieldPos(0)
		f := map[string]string{}
		for _, c := range cols {
			if i, ok := index[c]; ok {
				f[c] = strings.TrimSpace(rec[i])
			}
		}
		t.rows = append(t.rows, row{line: line, fields: f})
	}
	return t
}

func plainCSV(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			return "this row has a different number of fields from the header"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return `a " appears inside a field that is not quoted: quote the whole field and double the "`
		case errors.Is(pe.Err, csv.ErrQuote):
			return `a quoted field is not closed or has text after its closing "`
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// text returns a required field, reporting it when empty.
func (l *loader) text(t *table, r row, col string) string {
	v := r.fields[col]
	if v == "" {
		l.errs.Addf(t.file, r.line, 0, "%s is empty", col)
	}
	return v
}

// number returns a whole-number field.
func (l *loader) number(t *table, r row, col string) int {
	n, err := strconv.Atoi(r.fields[col])
	if err != nil {
		l.errs.Addf(t.file, r.line, 0, "%s must be a whole number, not %q", col, r.fields[col])
	}
	return n
}

// fraction returns a share between 0 and 1.
func (l *loader) fraction(t *table, r row, col string) float64 {
	f, err := strconv.ParseFloat(r.fields[col], 64)
	if err != nil || f < 0 || f > 1 {
		l.errs.Addf(t.file, r.line, 0, "%s must be a number from 0 to 1, not %q", col, r.fields[col])
	}
	return f
}

// Load reads the organisation data from files (content path to bytes, e.g.
// "organisations/icbs.csv"), checking it against the checklist. display is
// the content folder's name in messages.
func Load(files map[string][]byte, display string, checklist *content.Checklist) (*Data, diag.List) {
	l := &loader{files: files, display: display}
	d := &Data{byODS: map[string]*ICB{}}
	regions := map[string]*Region{}
	rt := l.readCSV("nhs_regions.csv", "nhs_region_ons_code", "nhs_region_ods_code", "nhs_region_name", "pop_mid2020_all_ages")
	for _, r := range rt.rows {
		reg := &Region{ONSCode: l.text(rt, r, "nhs_region_ons_code"), ODSCode: l.text(rt, r, "nhs_region_ods_code"),
			Name: l.text(rt, r, "nhs_region_name"), Population: l.number(rt, r, "pop_mid2020_all_ages"), Line: r.line}
		reg.Slug = Slug(reg.Name)
		if prev := regions[reg.ONSCode]; prev != nil {
			l.errs.Addf(rt.file, r.line, 0, "region code %s is used twice (first on line %d)", reg.ONSCode, prev.Line)
			continue
		}
		regions[reg.ONSCode] = reg
		d.Regions = append(d.Regions, reg)
	}
	it := l.readCSV("icbs.csv", "icb_ons_code", "icb_ods_code", "icb_name", "icb_short_name", "icb_ons_code_apr2024",
		"nhs_region_ons_code", "sub_icb_location_count", "pop_mid2020_all_ages", "pop_mid2020_0_17", "pop_mid2020_0_25")
	byONS := map[string]*ICB{}
	for _, r := range it.rows {
		icb := &ICB{
			ONSCode: l.text(it, r, "icb_ons_code"), ODSCode: l.text(it, r, "icb_ods_code"), Name: l.text(it, r, "icb_name"),
			ShortName: l.text(it, r, "icb_short_name"), ONSCode2024: r.fields["icb_ons_code_apr2024"],
			SubICBLocations: l.number(it, r, "sub_icb_location_count"), Population: l.number(it, r, "pop_mid2020_all_ages"),
			Population0to17: l.number(it, r, "pop_mid2020_0_17"), Population0to25: l.number(it, r, "pop_mid2020_0_25"), Line: r.line,
		}
		icb.Slug = Slug(icb.ShortName)
		if prev := d.byODS[icb.ODSCode]; prev != nil {
			l.errs.Addf(it.file, r.line, 0, "ODS code %s is used twice (first on line %d)", icb.ODSCode, prev.Line)
			continue
		}
		if prev := byONS[icb.ONSCode]; prev != nil {
			l.errs.Addf(it.file, r.line, 0, "ONS code %s is used twice (first on line %d)", icb.ONSCode, prev.Line)
			continue
		}
		icb.Region = regions[r.fields["nhs_region_ons_code"]]
		if icb.Region == nil {
			l.errs.Addf(it.file, r.line, 0, "region %q is not in nhs_regions.csv", r.fields["nhs_region_ons_code"])
			continue
		}
		icb.Region.ICBs = append(icb.Region.ICBs, icb)
		d.byODS[icb.ODSCode], byONS[icb.ONSCode] = icb, icb
		d.ICBs = append(d.ICBs, icb)
	}
	authorities := map[string]*Authority{}
	upper := l.readShares(d, authorities, "utla23_to_icb22.csv", "utla23", "share_of_utla_population", "utla_is_split", "upper")
	lower := l.readShares(d, authorities, "lad22_to_icb22.csv", "lad22", "share_of_lad_population", "lad_is_split", "lower")
	lt := l.readCSV("lad22_lad23_utla23_england.csv", "lad22cd", "lad22nm", "utla23cd", "utla23nm")
	for _, r := range lt.rows {
		if !upper[r.fields["utla23cd"]] {
			l.errs.Addf(lt.file, r.line, 0, "%s (%s) is mapped to no ICB in utla23_to_icb22.csv", r.fields["utla23nm"], r.fields["utla23cd"])
		}
		a := authorities[r.fields["lad22cd"]]
		if !lower[r.fields["lad22cd"]] {
			l.errs.Addf(lt.file, r.line, 0, "%s (%s) is mapped to no ICB in lad22_to_icb22.csv", r.fields["lad22nm"], r.fields["lad22cd"])
			continue
		}
		if up := authorities[r.fields["utla23cd"]]; up != nil && up != a && a.Tier == "lower" {
			a.Parent = up
		}
	}
	for _, icb := range d.ICBs {
		if len(icb.UpperTier) == 0 {
			l.errs.Addf(it.file, icb.Line, 0, "%s has no local authorities in utla23_to_icb22.csv", icb.Name)
		}
		sort.SliceStable(icb.UpperTier, func(i, j int) bool { return icb.UpperTier[i].Population > icb.UpperTier[j].Population })
		sort.SliceStable(icb.LowerTier, func(i, j int) bool { return icb.LowerTier[i].Authority.Name < icb.LowerTier[j].Authority.Name })
	}
	for _, a := range authorities {
		sort.SliceStable(a.Parts, func(i, j int) bool { return a.Parts[i].Share > a.Parts[j].Share })
		d.Authorities = append(d.Authorities, a)
	}
	sort.Slice(d.Authorities, func(i, j int) bool {
		a, b := d.Authorities[i], d.Authorities[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Code < b.Code
	})
	sort.Slice(d.ICBs, func(i, j int) bool { return d.ICBs[i].ShortName < d.ICBs[j].ShortName })
	sort.Slice(d.Regions, func(i, j int) bool { return d.Regions[i].Name < d.Regions[j].Name })
	for _, r := range d.Regions {
		sort.Slice(r.ICBs, func(i, j int) bool { return r.ICBs[i].ShortName < r.ICBs[j].ShortName })
	}
	l.readOverlays(d, checklist)
	return d, l.errs
}

// readShares reads an authority-to-ICB table (prefix "utla23" or "lad22")
// and returns the codes of the authorities it maps.
func (l *loader) readShares(d *Data, authorities map[string]*Authority, rel, prefix, shareCol, splitCol, tier string) map[string]bool {
	seen := map[string]bool{}
	t := l.readCSV(rel, prefix+"cd", prefix+"nm", "icb22cd", "icb22cdh", "pop_mid2020_all_ages", "pop_mid2020_0_25", shareCol, splitCol)
	for _, r := range t.rows {
		code, name := l.text(t, r, prefix+"cd"), l.text(t, r, prefix+"nm")
		seen[code] = true
		icb := d.byODS[r.fields["icb22cdh"]]
		if icb == nil || icb.ONSCode != r.fields["icb22cd"] {
			l.errs.Addf(t.file, r.line, 0, "%s is mapped to the ICB %s (%s), which is not in icbs.csv", name, r.fields["icb22cdh"], r.fields["icb22cd"])
			continue
		}
		a := authorities[code]
		if a == nil {
			a = &Authority{Code: code, Name: name, Tier: tier}
			authorities[code] = a
		}
		sh := Share{Authority: a, ICB: icb, Population: l.number(t, r, "pop_mid2020_all_ages"),
			Population0to25: l.number(t, r, "pop_mid2020_0_25"), Share: l.fraction(t, r, shareCol),
			Split: strings.EqualFold(r.fields[splitCol], "TRUE")}
		if a.Tier != tier { // a unitary: listed in both tables, kept once as upper tier
			if tier == "lower" {
				continue
			}
			a.Tier = tier
		}
		switch tier {
		case "upper":
			icb.UpperTier = append(icb.UpperTier, sh)
			a.Parts = append(a.Parts, sh)
		case "lower":
			icb.LowerTier = append(icb.LowerTier, sh)
			a.Parts = append(a.Parts, sh)
		}
	}
	return seen
}

// readOverlays reads organisations/icbs/<ODS code>.yaml files.
func (l *loader) readOverlays(d *Data, checklist *content.Checklist) {
	var names []string
	for p := range l.files {
		if path.Dir(p) == Dir+"/icbs" && (path.Ext(p) == ".yaml" || path.Ext(p) == ".yml") {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	for _, p := range names {
		file := l.display + "/" + p
		code := strings.TrimSuffix(path.Base(p), path.Ext(p))
		icb := d.byODS[code]
		if icb == nil {
			l.errs.Addf(file, 1, 0, "no ICB has the ODS code %q in icbs.csv: name the file after an ICB's ODS code, e.g. QHG.yaml", code)
			continue
		}
		ov, errs := content.ParseOverlay(file, l.files[p], checklist, Statuses)
		l.errs.Merge(errs)
		icb.Overlay = ov
	}
}
