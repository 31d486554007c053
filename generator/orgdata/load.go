package orgdata

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"icsguide/generator/diag"
)

// The ONS tables Load reads, inside Dir.
const (
	regionsCSV = "nhs_regions.csv"
	icbsCSV    = "icbs.csv"
	utlaCSV    = "utla23_to_icb22.csv"
	ladCSV     = "lad22_to_icb22.csv"
	lookupCSV  = "lad22_lad23_utla23_england.csv"
)

// loader carries what Load needs while it reads.
type loader struct {
	files       map[string][]byte
	display     string
	errs        diag.List
	d           *Data
	authorities map[string]*Authority
	named       map[*Authority]string // where each authority's name was first read, "file line N"
	regionRows  map[*Region]regionRow
	icbsOK      bool            // icbs.csv was found, its header is right and every row could be read
	left        map[string]bool // the ONS and ODS codes in rows of icbs.csv left out because of a problem
}

// regionRow is a region's row in nhs_regions.csv, kept to check it against
// the region's ICBs.
type regionRow struct {
	t        *table
	r        row
	icbCount int
}

// mapping is what was read from one authority-to-ICB table.
type mapping struct {
	t       *table
	codeCol string         // the column of authority codes
	clean   bool           // the table was read without any problem
	first   map[string]row // authority code to its first row
}

// Load reads the organisation data from files (content path to bytes, e.g.
// "organisations/icbs.csv" or "organisations/icbs/QHG.yaml"; other entries
// are ignored), checking the ICBs' assessments against the checklist's
// items. display is the content folder's name in
// messages, which name files as display+"/"+path. Every problem found is
// returned; the Data holds whatever could be read and is never nil.
func Load(files map[string][]byte, display string, items Items) (*Data, diag.List) {
	l := &loader{files: files, display: display, d: &Data{byODS: map[string]*ICB{}},
		authorities: map[string]*Authority{}, named: map[*Authority]string{}, regionRows: map[*Region]regionRow{},
		left: map[string]bool{}}
	regions, regionsOK := l.readRegions()
	before := len(l.errs)
	l.readICBs(regions, regionsOK)
	icbsClean := l.icbsOK && len(l.errs) == before
	if icbsClean {
		l.checkRegions()
	}
	upper := l.readMapping(utlaCSV, "utla23", "upper")
	lower := l.readMapping(ladCSV, "lad22", "lower")
	l.readLookup(upper, lower)
	l.checkICBs(upper, lower, icbsClean)
	l.sort()
	l.readOverlays(items)
	return l.d, l.errs.Sorted()
}

// readRegions reads nhs_regions.csv. It returns the regions by ONS code,
// and whether the file was found with the right header.
func (l *loader) readRegions() (map[string]*Region, bool) {
	t := readCSV(l.files, l.display, regionsCSV, &l.errs,
		"nhs_region_ons_code", "nhs_region_ods_code", "nhs_region_name", "icb_count", "pop_mid2020_all_ages")
	regions := map[string]*Region{}
	byODS, bySlug := map[string]*Region{}, map[string]*Region{}
	for _, r := range t.rows {
		reg := &Region{
			ONSCode:    t.text(&l.errs, r, "nhs_region_ons_code"),
			ODSCode:    t.text(&l.errs, r, "nhs_region_ods_code"),
			Name:       t.text(&l.errs, r, "nhs_region_name"),
			Population: t.number(&l.errs, r, "pop_mid2020_all_ages"),
			Line:       r.line,
		}
		icbCount := t.number(&l.errs, r, "icb_count")
		reg.Slug = slugOf(reg.Name)
		switch {
		case reg.ONSCode == "" || reg.ODSCode == "" || reg.Name == "":
			continue
		case regions[reg.ONSCode] != nil:
			t.errorf(&l.errs, r, "nhs_region_ons_code", "the region code %s is used twice (first on line %d): each region needs its own row",
				reg.ONSCode, regions[reg.ONSCode].Line)
			continue
		case byODS[reg.ODSCode] != nil:
			t.errorf(&l.errs, r, "nhs_region_ods_code", "the region code %s is used twice (first on line %d): each region needs its own row",
				reg.ODSCode, byODS[reg.ODSCode].Line)
			continue
		case bySlug[reg.Slug] != nil:
			t.errorf(&l.errs, r, "nhs_region_name", "the region name %q is too like %q on line %d: the two would have the same page address",
				reg.Name, bySlug[reg.Slug].Name, bySlug[reg.Slug].Line)
			continue
		}
		regions[reg.ONSCode], byODS[reg.ODSCode], bySlug[reg.Slug] = reg, reg, reg
		l.regionRows[reg] = regionRow{t, r, icbCount}
		l.d.Regions = append(l.d.Regions, reg)
	}
	return regions, t.ok && !t.broken
}

// readICBs reads icbs.csv, placing each ICB in its region. regionsOK says
// whether nhs_regions.csv could be read, so that an unknown region is a
// problem.
func (l *loader) readICBs(regions map[string]*Region, regionsOK bool) {
	t := readCSV(l.files, l.display, icbsCSV, &l.errs,
		"icb_ons_code", "icb_ods_code", "icb_name", "icb_short_name", "icb_ons_code_apr2024",
		"nhs_region_ons_code", "nhs_region_ods_code", "nhs_region_name",
		"sub_icb_location_count", "pop_mid2020_all_ages", "pop_mid2020_0_17", "pop_mid2020_0_25")
	byONS, bySlug := map[string]*ICB{}, map[string]*ICB{}
	for _, r := range t.rows {
		icb := &ICB{
			ONSCode:         t.text(&l.errs, r, "icb_ons_code"),
			ODSCode:         t.text(&l.errs, r, "icb_ods_code"),
			Name:            t.text(&l.errs, r, "icb_name"),
			ShortName:       t.text(&l.errs, r, "icb_short_name"),
			ONSCode2024:     t.get(r, "icb_ons_code_apr2024"),
			SubICBLocations: t.number(&l.errs, r, "sub_icb_location_count"),
			Population:      t.number(&l.errs, r, "pop_mid2020_all_ages"),
			Population0to17: t.number(&l.errs, r, "pop_mid2020_0_17"),
			Population0to25: t.number(&l.errs, r, "pop_mid2020_0_25"),
			Line:            r.line,
		}
		icb.Slug = slugOf(icb.ShortName)
		l.left[icb.ONSCode], l.left[icb.ODSCode] = true, true
		regionCode := t.text(&l.errs, r, "nhs_region_ons_code")
		icb.Region = regions[regionCode]
		switch {
		case icb.ONSCode == "" || icb.ODSCode == "" || icb.Name == "" || icb.ShortName == "" || regionCode == "":
			continue
		case l.d.byODS[icb.ODSCode] != nil:
			t.errorf(&l.errs, r, "icb_ods_code", "the ODS code %s is used twice (first on line %d): each ICB needs its own row and code",
				icb.ODSCode, l.d.byODS[icb.ODSCode].Line)
			continue
		case byONS[icb.ONSCode] != nil:
			t.errorf(&l.errs, r, "icb_ons_code", "the ONS code %s is used twice (first on line %d): each ICB needs its own row and code",
				icb.ONSCode, byONS[icb.ONSCode].Line)
			continue
		case bySlug[icb.Slug] != nil:
			t.errorf(&l.errs, r, "icb_short_name", "the short name %q is too like %q on line %d: the two would have the same page address",
				icb.ShortName, bySlug[icb.Slug].ShortName, bySlug[icb.Slug].Line)
			continue
		case icb.Region == nil:
			if regionsOK {
				t.errorf(&l.errs, r, "nhs_region_ons_code", "the region %s is not in %s: use the code of a region listed there", regionCode, regionsCSV)
			}
			continue
		}
		if ods := t.get(r, "nhs_region_ods_code"); ods != icb.Region.ODSCode {
			t.errorf(&l.errs, r, "nhs_region_ods_code", "the region %s has the ODS code %s in %s, not %q", regionCode, icb.Region.ODSCode, regionsCSV, ods)
		}
		if name := t.get(r, "nhs_region_name"); name != icb.Region.Name {
			t.errorf(&l.errs, r, "nhs_region_name", "the region %s is called %q in %s, not %q", regionCode, icb.Region.Name, regionsCSV, name)
		}
		delete(l.left, icb.ONSCode)
		delete(l.left, icb.ODSCode)
		icb.Region.ICBs = append(icb.Region.ICBs, icb)
		l.d.byODS[icb.ODSCode], byONS[icb.ONSCode], bySlug[icb.Slug] = icb, icb, icb
		l.d.ICBs = append(l.d.ICBs, icb)
	}
	l.icbsOK = t.ok && !t.broken
}

// checkRegions checks each row of nhs_regions.csv against the region's ICBs
// in icbs.csv.
func (l *loader) checkRegions() {
	for _, reg := range l.d.Regions {
		rr := l.regionRows[reg]
		if rr.icbCount != len(reg.ICBs) {
			rr.t.errorf(&l.errs, rr.r, "icb_count", "icb_count is %d, but %s has %d ICBs in %s", rr.icbCount, icbsCSV, len(reg.ICBs), reg.Name)
		}
		sum := 0
		for _, icb := range reg.ICBs {
			sum += icb.Population
		}
		if sum != reg.Population {
			rr.t.errorf(&l.errs, rr.r, "pop_mid2020_all_ages", "the population is %d, but the ICBs of %s in %s add up to %d",
				reg.Population, reg.Name, icbsCSV, sum)
		}
	}
}

// readMapping reads an authority-to-ICB table: name is its file name,
// prefix the start of its column names ("utla23" or "lad22") and tier the
// tier of the authorities it lists. The upper-tier table must be read
// first, so that an authority in both tables is upper tier and its Parts
// come from the upper-tier table.
func (l *loader) readMapping(name, prefix, tier string) mapping {
	short := strings.TrimRight(prefix, "0123456789") // "utla" or "lad"
	codeCol, nameCol := prefix+"cd", prefix+"nm"
	shareCol, countCol, splitCol := "share_of_"+short+"_population", short+"_icb_count", short+"_is_split"
	before := len(l.errs)
	t := readCSV(l.files, l.display, name, &l.errs, codeCol, nameCol, "icb22cd", "icb22cdh",
		"pop_mid2020_all_ages", "pop_mid2020_0_25", shareCol, countCol, splitCol)
	m := mapping{t: t, codeCol: codeCol, first: map[string]row{}}

	// A piece is one row: the part of an authority in one ICB.
	type piece struct {
		r        row
		share    Share
		count    int  // the row's ICB count
		countSet bool // the ICB count could be read
		split    bool // the row's split flag
		splitSet bool // the split flag could be read
	}
	var pieces []*piece
	byCode := map[string][]*piece{}
	dropped := map[string]bool{} // authorities with a row left out
	seen := map[[2]string]int{}  // authority and ICB codes to line
	for _, r := range t.rows {
		code, aName := t.text(&l.errs, r, codeCol), t.text(&l.errs, r, nameCol)
		ons, ods := t.text(&l.errs, r, "icb22cd"), t.text(&l.errs, r, "icb22cdh")
		p := &piece{r: r, count: t.number(&l.errs, r, countCol), share: Share{
			Population:      t.number(&l.errs, r, "pop_mid2020_all_ages"),
			Population0to25: t.number(&l.errs, r, "pop_mid2020_0_25"),
			Share:           t.fraction(&l.errs, r, shareCol),
			ICB:             l.d.byODS[ods],
		}}
		_, p.countSet = wholeNumber(t.get(r, countCol))
		p.split, p.splitSet = t.boolean(&l.errs, r, splitCol)
		if code == "" || aName == "" {
			continue
		}
		if _, has := m.first[code]; !has {
			m.first[code] = r
		}
		switch {
		case ons == "" || ods == "":
			dropped[code] = true
			continue
		case p.share.ICB == nil:
			// An ICB whose row in icbs.csv has a problem is not reported again.
			if l.icbsOK && !l.left[ods] && !l.left[ons] {
				t.errorf(&l.errs, r, "icb22cdh", "%s is mapped to the ICB %s, but no ICB has that ODS code in %s", aName, ods, icbsCSV)
			}
			dropped[code] = true
			continue
		case p.share.ICB.ONSCode != ons:
			t.errorf(&l.errs, r, "icb22cd", "the ICB %s has the ONS code %s in %s, not %s", ods, p.share.ICB.ONSCode, icbsCSV, ons)
			dropped[code] = true
			continue
		case seen[[2]string{code, ods}] != 0:
			t.errorf(&l.errs, r, codeCol, "%s (%s) is mapped to the ICB %s twice (first on line %d): merge the two rows",
				aName, code, ods, seen[[2]string{code, ods}])
			dropped[code] = true
			continue
		}
		seen[[2]string{code, ods}] = r.line
		p.share.Authority = l.authority(t, r, nameCol, code, aName, tier)
		byCode[code] = append(byCode[code], p)
		pieces = append(pieces, p)
	}

	// Check each authority's rows against each other, unless one was left out.
	for code, ps := range byCode {
		if dropped[code] {
			continue
		}
		total := 0.0
		for _, p := range ps {
			total += p.share.Share
			if p.countSet && p.count != len(ps) {
				t.errorf(&l.errs, p.r, countCol, "%s is %d, but %s (%s) has %s in this file",
					countCol, p.count, p.share.Authority.Name, code, rows(len(ps)))
			}
			if p.splitSet && p.split != (len(ps) > 1) {
				t.errorf(&l.errs, p.r, splitCol, "%s is %s, but %s (%s) has %s in this file",
					splitCol, t.get(p.r, splitCol), p.share.Authority.Name, code, rows(len(ps)))
			}
		}
		if math.Abs(total-1) > 0.002 {
			t.errorf(&l.errs, ps[0].r, shareCol, "the shares of %s (%s) in its ICBs add up to %.4f, not 1",
				ps[0].share.Authority.Name, code, total)
		}
	}

	for _, p := range pieces {
		sh := p.share
		sh.Split = len(byCode[sh.Authority.Code]) > 1
		if tier == "upper" {
			sh.ICB.UpperTier = append(sh.ICB.UpperTier, sh)
		} else {
			sh.ICB.LowerTier = append(sh.ICB.LowerTier, sh)
		}
		if sh.Authority.Tier == tier {
			sh.Authority.Parts = append(sh.Authority.Parts, sh)
		}
	}
	m.clean = t.ok && len(l.errs) == before
	return m
}

// rows says "1 row" or "n rows".
func rows(n int) string {
	if n == 1 {
		return "1 row"
	}
	return strconv.Itoa(n) + " rows"
}

// authority returns the authority with a code, making it with the tier
// given if it is new, and checks that its name agrees with earlier rows.
func (l *loader) authority(t *table, r row, nameCol, code, name, tier string) *Authority {
	a := l.authorities[code]
	if a == nil {
		a = &Authority{Code: code, Name: name, Tier: tier}
		l.authorities[code] = a
		l.named[a] = fmt.Sprintf("%s line %d", t.name, r.line)
		l.d.Authorities = append(l.d.Authorities, a)
		return a
	}
	l.checkName(t, r, nameCol, a, name)
	return a
}

// checkName reports a row whose nameCol names an authority differently from
// where it was first read.
func (l *loader) checkName(t *table, r row, nameCol string, a *Authority, name string) {
	if name != a.Name {
		t.errorf(&l.errs, r, nameCol, "%s is called %q here but %q in %s: use one spelling", a.Code, name, a.Name, l.named[a])
	}
}

// readLookup reads lad22_lad23_utla23_england.csv, which says which
// upper-tier authority each 2022 district sits in. When the tables involved
// were read without problems, it checks that every authority in it is
// mapped to an ICB and that every mapped authority is in it.
func (l *loader) readLookup(upper, lower mapping) {
	before := len(l.errs)
	t := readCSV(l.files, l.display, lookupCSV, &l.errs, "lad22cd", "lad22nm", "lad23cd", "utla23cd", "utla23nm")
	ladLines, utlaSeen := map[string]int{}, map[string]bool{}
	for _, r := range t.rows {
		ladCode, ladName := t.text(&l.errs, r, "lad22cd"), t.text(&l.errs, r, "lad22nm")
		utlaCode, utlaName := t.text(&l.errs, r, "utla23cd"), t.text(&l.errs, r, "utla23nm")
		if ladCode == "" || ladName == "" || utlaCode == "" || utlaName == "" {
			continue
		}
		if prev, dup := ladLines[ladCode]; dup {
			t.errorf(&l.errs, r, "lad22cd", "%s (%s) has two rows (first on line %d): keep one", ladName, ladCode, prev)
			continue
		}
		ladLines[ladCode] = r.line
		if _, mapped := lower.first[ladCode]; !mapped && lower.clean {
			t.errorf(&l.errs, r, "lad22cd", "%s (%s) is mapped to no ICB: add its rows to %s", ladName, ladCode, ladCSV)
		}
		if _, mapped := upper.first[utlaCode]; !mapped && upper.clean && !utlaSeen[utlaCode] {
			t.errorf(&l.errs, r, "utla23cd", "%s (%s) is mapped to no ICB: add its rows to %s", utlaName, utlaCode, utlaCSV)
		}
		utlaSeen[utlaCode] = true
		lad, utla := l.authorities[ladCode], l.authorities[utlaCode]
		if lad != nil {
			l.checkName(t, r, "lad22nm", lad, ladName)
		}
		if utla != nil && utla != lad {
			l.checkName(t, r, "utla23nm", utla, utlaName)
		}
		switch {
		case lad == nil || utla == nil || lad == utla:
		case lad.Tier == "upper":
			t.errorf(&l.errs, r, "utla23cd", "%s (%s) is an upper-tier authority in %s, so it cannot sit inside %s",
				ladName, ladCode, utlaCSV, utlaName)
		default:
			lad.Parent = utla
			// A district whose 2023 successor is the unitary council itself
			// was abolished on 1 April 2023 (Cumbria, North Yorkshire, Somerset).
			lad.Former = t.get(r, "lad23cd") == utlaCode
		}
	}
	if !t.ok || len(l.errs) != before {
		return
	}
	for code, r := range lower.first {
		if _, listed := ladLines[code]; !listed {
			lower.t.errorf(&l.errs, r, lower.codeCol, "%s (%s) is not in %s: add its row there, naming the upper-tier authority it sits in",
				lower.t.get(r, "lad22nm"), code, lookupCSV)
		}
	}
	for code, r := range upper.first {
		if !utlaSeen[code] {
			upper.t.errorf(&l.errs, r, upper.codeCol, "%s (%s) is not in %s: add a row there for each 2022 district in it",
				upper.t.get(r, "utla23nm"), code, lookupCSV)
		}
	}
}

// checkICBs checks that each ICB has local authorities in both
// authority-to-ICB tables and that their populations add up to the ICB's,
// where the tables involved were read without problems.
func (l *loader) checkICBs(upper, lower mapping, icbsClean bool) {
	file := l.display + "/" + Dir + "/" + icbsCSV
	for _, icb := range l.d.ICBs {
		for _, m := range []struct {
			mapping
			shares []Share
		}{{upper, icb.UpperTier}, {lower, icb.LowerTier}} {
			if !m.clean {
				continue
			}
			if len(m.shares) == 0 {
				l.errs.Addf(file, icb.Line, 0, "%s has no local authorities in %s: every ICB needs at least one row there",
					icb.Name, m.t.name)
				continue
			}
			sum := 0
			for _, sh := range m.shares {
				sum += sh.Population
			}
			if icbsClean && sum != icb.Population {
				l.errs.Addf(file, icb.Line, 0, "the population of %s is %d, but its local authorities in %s add up to %d",
					icb.Name, icb.Population, m.t.name, sum)
			}
		}
	}
}

// sort puts everything in its documented order.
func (l *loader) sort() {
	d := l.d
	byName := func(a, b *Authority) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Code, b.Code))
	}
	slices.SortFunc(d.Authorities, byName)
	for _, a := range d.Authorities {
		slices.SortStableFunc(a.Parts, func(x, y Share) int {
			return cmp.Or(cmp.Compare(y.Share, x.Share), strings.Compare(x.ICB.ShortName, y.ICB.ShortName))
		})
	}
	for _, icb := range d.ICBs {
		slices.SortStableFunc(icb.UpperTier, func(x, y Share) int {
			return cmp.Or(cmp.Compare(y.Population, x.Population), byName(x.Authority, y.Authority))
		})
		slices.SortStableFunc(icb.LowerTier, func(x, y Share) int { return byName(x.Authority, y.Authority) })
	}
	byShortName := func(a, b *ICB) int { return strings.Compare(a.ShortName, b.ShortName) }
	slices.SortFunc(d.ICBs, byShortName)
	slices.SortFunc(d.Regions, func(a, b *Region) int { return strings.Compare(a.Name, b.Name) })
	for _, r := range d.Regions {
		slices.SortFunc(r.ICBs, byShortName)
	}
}
