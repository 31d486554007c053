package orgdata

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"icsguide/generator/diag"
)

// testItems is a small checklist with the items strategy.forward-plan
// and strategy.send-lead.
func testItems(*testing.T) Items {
	return Items{
		Has:     func(id string) bool { return id == "strategy.forward-plan" || id == "strategy.send-lead" },
		File:    "content/checklists/checklist.yaml",
		Example: "strategy.forward-plan",
	}
}

// realFiles reads the organisation data kept in content/organisations.
func realFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	root := filepath.Join("..", "..", "content")
	err := filepath.WalkDir(filepath.Join(root, Dir), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// readRows reads a real CSV file as maps from column to value.
func readRows(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "content", Dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		r := map[string]string{}
		for i, h := range recs[0] {
			r[h] = rec[i]
		}
		rows = append(rows, r)
	}
	return rows
}

func loadReal(t *testing.T) *Data {
	t.Helper()
	d, errs := Load(realFiles(t), "content", testItems(t))
	if len(errs) > 0 {
		t.Fatalf("errors in the real data:\n%v", errs)
	}
	return d
}

func TestRealDataCounts(t *testing.T) {
	d := loadReal(t)
	if len(d.ICBs) != 42 {
		t.Errorf("%d ICBs, want 42", len(d.ICBs))
	}
	if len(d.Regions) != 7 {
		t.Errorf("%d regions, want 7", len(d.Regions))
	}
	tiers := map[string]int{}
	for _, a := range d.Authorities {
		tiers[a.Tier]++
	}
	if tiers["upper"] != 153 || tiers["lower"] != 181 || len(d.Authorities) != 334 {
		t.Errorf("authorities by tier = %v (%d in all), want 153 upper and 181 lower", tiers, len(d.Authorities))
	}
	for _, tt := range []struct {
		region string
		icbs   int
	}{
		{"London", 5}, {"South East", 6}, {"South West", 7}, {"East of England", 6},
		{"North West", 3}, {"Midlands", 11}, {"North East and Yorkshire", 4},
	} {
		i := slices.IndexFunc(d.Regions, func(r *Region) bool { return r.Name == tt.region })
		if i < 0 {
			t.Errorf("no region %s", tt.region)
			continue
		}
		if r := d.Regions[i]; len(r.ICBs) != tt.icbs {
			t.Errorf("%s has %d ICBs, want %d", tt.region, len(r.ICBs), tt.icbs)
		}
	}
}

func TestRealDataPopulations(t *testing.T) {
	d := loadReal(t)
	total := 0
	for _, row := range readRows(t, "icbs.csv") {
		icb := d.ICB(row["icb_ods_code"])
		if icb == nil {
			t.Errorf("no ICB %s", row["icb_ods_code"])
			continue
		}
		for _, f := range []struct {
			col string
			got int
		}{
			{"pop_mid2020_all_ages", icb.Population},
			{"pop_mid2020_0_17", icb.Population0to17},
			{"pop_mid2020_0_25", icb.Population0to25},
			{"sub_icb_location_count", icb.SubICBLocations},
		} {
			if want, _ := strconv.Atoi(row[f.col]); f.got != want {
				t.Errorf("%s %s = %d, want %d", icb.ODSCode, f.col, f.got, want)
			}
		}
		if icb.Name != row["icb_name"] || icb.ONSCode != row["icb_ons_code"] || icb.ONSCode2024 != row["icb_ons_code_apr2024"] ||
			icb.Region.Name != row["nhs_region_name"] {
			t.Errorf("%s = %+v, want the row %v", icb.ODSCode, icb, row)
		}
		total += icb.Population
	}
	if total != 56550138 {
		t.Errorf("the ICBs' populations add up to %d, want 56550138", total)
	}
	for _, r := range d.Regions {
		sum := 0
		for _, icb := range r.ICBs {
			sum += icb.Population
		}
		if sum != r.Population {
			t.Errorf("%s: its ICBs add up to %d people, the region to %d", r.Name, sum, r.Population)
		}
	}
}

func TestRealDataAuthorities(t *testing.T) {
	d := loadReal(t)
	for _, a := range d.Authorities {
		if len(a.Parts) == 0 {
			t.Errorf("%s (%s) lies in no ICB", a.Name, a.Code)
		}
		total := 0.0
		for i, p := range a.Parts {
			total += p.Share
			if p.Authority != a || p.Split != (len(a.Parts) > 1) {
				t.Errorf("%s part %d = %+v", a.Name, i, p)
			}
			if i > 0 && p.Share > a.Parts[i-1].Share {
				t.Errorf("%s: parts not largest share first", a.Name)
			}
		}
		if math.Abs(total-1) > 0.002 {
			t.Errorf("%s: shares add up to %f", a.Name, total)
		}
		if (a.Tier == "lower") != (a.Parent != nil) {
			t.Errorf("%s (%s, %s tier) has parent %v", a.Name, a.Code, a.Tier, a.Parent)
		}
		if a.Parent != nil && a.Parent.Tier != "upper" {
			t.Errorf("%s sits in %s, which is not upper tier", a.Name, a.Parent.Name)
		}
	}
	if !slices.IsSortedFunc(d.Authorities, func(a, b *Authority) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("authorities not sorted by name")
	}
	// The 17 districts abolished on 1 April 2023, by the unitary council
	// that replaced them.
	former := map[string][]string{}
	for _, a := range d.Authorities {
		if a.Former {
			former[a.Parent.Name] = append(former[a.Parent.Name], a.Name)
		}
	}
	wantFormer := map[string][]string{
		"Cumberland":              {"Allerdale", "Carlisle", "Copeland"},
		"Westmorland and Furness": {"Barrow-in-Furness", "Eden", "South Lakeland"},
		"North Yorkshire":         {"Craven", "Hambleton", "Harrogate", "Richmondshire", "Ryedale", "Scarborough", "Selby"},
		"Somerset":                {"Mendip", "Sedgemoor", "Somerset West and Taunton", "South Somerset"},
	}
	if fmt.Sprint(former) != fmt.Sprint(wantFormer) {
		t.Errorf("former districts = %v, want %v", former, wantFormer)
	}
	for _, tt := range []struct {
		name  string
		lists func(*ICB) []Share
		want  []string
	}{
		{"lower tier", func(i *ICB) []Share { return i.LowerTier }, []string{
			"Buckinghamshire", "Copeland", "Craven", "Hart", "North Hertfordshire", "Vale of White Horse",
			"Guildford", "Runnymede", "Surrey Heath", "Waverley", "Chichester", "East Suffolk"}},
		{"upper tier", func(i *ICB) []Share { return i.UpperTier }, []string{
			"Buckinghamshire", "Cumberland", "Westmorland and Furness", "North Yorkshire", "Essex", "Hampshire",
			"Hertfordshire", "Oxfordshire", "Suffolk", "Surrey", "West Sussex"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			split := map[string]bool{}
			for _, icb := range d.ICBs {
				for _, sh := range tt.lists(icb) {
					if sh.Split {
						split[sh.Authority.Name] = true
					}
				}
			}
			var got []string
			for n := range split {
				got = append(got, n)
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("split authorities = %q, want %q", got, want)
			}
		})
	}
}

func TestRealDataICBs(t *testing.T) {
	d := loadReal(t)
	if !slices.IsSortedFunc(d.ICBs, func(a, b *ICB) int { return strings.Compare(a.ShortName, b.ShortName) }) {
		t.Error("ICBs not sorted by short name")
	}
	for _, icb := range d.ICBs {
		if len(icb.UpperTier) == 0 || len(icb.LowerTier) == 0 {
			t.Errorf("%s has %d upper-tier and %d lower-tier authorities", icb.Name, len(icb.UpperTier), len(icb.LowerTier))
		}
		for i := 1; i < len(icb.UpperTier); i++ {
			if icb.UpperTier[i].Population > icb.UpperTier[i-1].Population {
				t.Errorf("%s: upper tier not largest first", icb.Name)
			}
		}
		if !slices.IsSortedFunc(icb.LowerTier, func(a, b Share) int { return strings.Compare(a.Authority.Name, b.Authority.Name) }) {
			t.Errorf("%s: lower tier not sorted by name", icb.Name)
		}
		if !slices.Contains(icb.Region.ICBs, icb) {
			t.Errorf("%s is not among the ICBs of %s", icb.Name, icb.Region.Name)
		}
		// Every ICB has its overlay file for editors (what they record in
		// it is checked by the loader, which loadReal requires to pass).
		if want := "content/organisations/icbs/" + icb.ODSCode + ".yaml"; icb.Overlay.File != want {
			t.Errorf("%s: overlay file %q, want %q", icb.ODSCode, icb.Overlay.File, want)
		}
	}
	for _, tt := range []struct{ ods, slug, region string }{
		{"QHG", "bedfordshire-luton-and-milton-keynes", "east-of-england"},
		{"QMJ", "north-central-london", "london"},
		{"QHM", "north-east-and-north-cumbria", "north-east-and-yorkshire"},
	} {
		icb := d.ICB(tt.ods)
		if icb == nil || icb.Slug != tt.slug || icb.Region.Slug != tt.region {
			t.Errorf("ICB(%q) = %+v, want slug %s in %s", tt.ods, icb, tt.slug, tt.region)
		}
	}
	if d.ICB("QZZ") != nil {
		t.Error("ICB(QZZ) is not nil")
	}
}

// A small consistent data set: two regions, three ICBs, Hertfordshire
// split between two of them.
const (
	regionsHeader = "nhs_region_ons_code,nhs_region_ods_code,nhs_region_name,icb_count,pop_mid2020_all_ages\n"
	miniRegions   = regionsHeader +
		"E40000003,Y56,London,1,300\n" +
		"E40000007,Y61,East of England,2,700\n"
	icbsHeader = "icb_ons_code,icb_ods_code,icb_name,icb_short_name,icb_ons_code_apr2024,nhs_region_ons_code,nhs_region_ods_code,nhs_region_name," +
		"sub_icb_location_count,pop_mid2020_all_ages,pop_mid2020_0_17,pop_mid2020_0_25\n"
	icbQMJ   = "E54000028,QMJ,NHS North Central London Integrated Care Board,North Central London,E54000028,E40000003,Y56,London,1,300,60,90\n"
	icbQHG   = `E54000024,QHG,"NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board","Bedfordshire, Luton and Milton Keynes",E54000024,E40000007,Y61,East of England,1,400,80,120` + "\n"
	icbQM7   = "E54000025,QM7,NHS Hertfordshire and West Essex Integrated Care Board,Hertfordshire and West Essex,E54000025,E40000007,Y61,East of England,1,300,60,90\n"
	miniICBs = icbsHeader + icbQMJ + icbQHG + icbQM7

	utlaHeader = "utla23cd,utla23nm,icb22cd,icb22cdh,icb22nm,lsoa11_count,pop_mid2020_all_ages,pop_mid2020_0_17,pop_mid2020_0_25," +
		"share_of_utla_population,utla_icb_count,utla_is_split\n"
	miniUTLA = utlaHeader +
		"E09000007,Camden,E54000028,QMJ,NHS North Central London Integrated Care Board,1,300,60,90,1,1,FALSE\n" +
		"E06000032,Luton,E54000024,QHG,NHS Bedfordshire Luton and Milton Keynes Integrated Care Board,1,250,50,75,1,1,FALSE\n" +
		"E10000015,Hertfordshire,E54000025,QM7,NHS Hertfordshire and West Essex Integrated Care Board,1,300,60,90,0.6667,2,TRUE\n" +
		"E10000015,Hertfordshire,E54000024,QHG,NHS Bedfordshire Luton and Milton Keynes Integrated Care Board,1,150,30,45,0.3333,2,TRUE\n"
	ladHeader = "lad22cd,lad22nm,icb22cd,icb22cdh,icb22nm,lsoa11_count,pop_mid2020_all_ages,pop_mid2020_0_17,pop_mid2020_0_25," +
		"share_of_lad_population,lad_icb_count,lad_is_split\n"
	miniLAD = ladHeader +
		"E09000007,Camden,E54000028,QMJ,NHS North Central London Integrated Care Board,1,300,60,90,1,1,FALSE\n" +
		"E06000032,Luton,E54000024,QHG,NHS Bedfordshire Luton and Milton Keynes Integrated Care Board,1,250,50,75,1,1,FALSE\n" +
		"E07000096,Dacorum,E54000025,QM7,NHS Hertfordshire and West Essex Integrated Care Board,1,200,40,60,1,1,FALSE\n" +
		"E07000099,North Hertfordshire,E54000025,QM7,NHS Hertfordshire and West Essex Integrated Care Board,1,100,20,30,0.4,2,TRUE\n" +
		"E07000099,North Hertfordshire,E54000024,QHG,NHS Bedfordshire Luton and Milton Keynes Integrated Care Board,1,150,30,45,0.6,2,TRUE\n"
	lookupHeader = "lad22cd,lad22nm,lad23cd,lad23nm,utla23cd,utla23nm\n"
	miniLookup   = lookupHeader +
		"E06000032,Luton,E06000032,Luton,E06000032,Luton\n" +
		"E07000096,Dacorum,E07000096,Dacorum,E10000015,Hertfordshire\n" +
		"E07000099,North Hertfordshire,E07000099,North Hertfordshire,E10000015,Hertfordshire\n" +
		"E09000007,Camden,E09000007,Camden,E09000007,Camden\n"
	miniOverlay = `# Editorial fields for NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board.
website: https://www.blmkhealthandcareparntership.example/
joint_forward_plan:
integrated_care_strategy:
send_executive_lead: Chief Nursing Officer
checked: 2026-01-31
notes:
assessments:
  strategy.forward-plan:
    status: in-progress
    evidence: https://example.org/plan
    date: 2026-01-30
    note: A draft is out for comment.
`
)

// miniFiles returns the small data set as Load takes it.
func miniFiles() map[string][]byte {
	return map[string][]byte{
		"organisations/nhs_regions.csv":                []byte(miniRegions),
		"organisations/icbs.csv":                       []byte(miniICBs),
		"organisations/utla23_to_icb22.csv":            []byte(miniUTLA),
		"organisations/lad22_to_icb22.csv":             []byte(miniLAD),
		"organisations/lad22_lad23_utla23_england.csv": []byte(miniLookup),
		"organisations/icbs/QHG.yaml":                  []byte(miniOverlay),
		"organisations/README.md":                      []byte("ignored"),
		"pages/other.csv":                              []byte("ignored"),
	}
}

func TestMiniData(t *testing.T) {
	files := miniFiles()
	// A byte-order mark and Windows line endings are accepted.
	files["organisations/icbs.csv"] = []byte("\xef\xbb\xbf" + strings.ReplaceAll(miniICBs, "\n", "\r\n"))
	d, errs := Load(files, "content", testItems(t))
	if len(errs) > 0 {
		t.Fatalf("errors:\n%v", errs)
	}
	var names []string
	for _, icb := range d.ICBs {
		names = append(names, icb.ODSCode+":"+icb.Slug)
	}
	if want := []string{"QHG:bedfordshire-luton-and-milton-keynes", "QM7:hertfordshire-and-west-essex", "QMJ:north-central-london"}; !slices.Equal(names, want) {
		t.Errorf("ICBs = %q, want %q", names, want)
	}
	if d.Regions[0].Name != "East of England" || len(d.Regions[0].ICBs) != 2 || d.Regions[0].ICBs[0].ODSCode != "QHG" {
		t.Errorf("first region = %+v", d.Regions[0])
	}
	var auth []string
	for _, a := range d.Authorities {
		parent := ""
		if a.Parent != nil {
			parent = ">" + a.Parent.Name
		}
		auth = append(auth, a.Name+":"+a.Tier+parent)
	}
	if want := []string{"Camden:upper", "Dacorum:lower>Hertfordshire", "Hertfordshire:upper", "Luton:upper",
		"North Hertfordshire:lower>Hertfordshire"}; !slices.Equal(auth, want) {
		t.Errorf("authorities = %q, want %q", auth, want)
	}
	qhg := d.ICB("QHG")
	var upper, lower []string
	for _, sh := range qhg.UpperTier {
		upper = append(upper, sh.Authority.Name+":"+strconv.Itoa(sh.Population)+":"+strconv.FormatBool(sh.Split))
	}
	for _, sh := range qhg.LowerTier {
		lower = append(lower, sh.Authority.Name+":"+strconv.Itoa(sh.Population)+":"+strconv.FormatBool(sh.Split))
	}
	if want := []string{"Luton:250:false", "Hertfordshire:150:true"}; !slices.Equal(upper, want) {
		t.Errorf("QHG upper tier = %q, want %q", upper, want)
	}
	if want := []string{"Luton:250:false", "North Hertfordshire:150:true"}; !slices.Equal(lower, want) {
		t.Errorf("QHG lower tier = %q, want %q", lower, want)
	}
	herts := d.Authorities[2]
	if len(herts.Parts) != 2 || herts.Parts[0].ICB.ODSCode != "QM7" || herts.Parts[0].Share != 0.6667 || herts.Parts[1].Population0to25 != 45 {
		t.Errorf("Hertfordshire parts = %+v", herts.Parts)
	}
	o := qhg.Overlay
	if o.File != "content/organisations/icbs/QHG.yaml" || o.Website != "https://www.blmkhealthandcareparntership.example/" ||
		o.SENDExecutiveLead != "Chief Nursing Officer" || o.Checked.ISO() != "2026-01-31" || o.JointForwardPlan != "" {
		t.Errorf("QHG overlay = %+v", o)
	}
	a := o.Assessments["strategy.forward-plan"]
	if a.Status != "in-progress" || a.Evidence != "https://example.org/plan" || a.Date.ISO() != "2026-01-30" ||
		a.Note != "A draft is out for comment." || a.Line != 9 {
		t.Errorf("assessment = %+v", a)
	}
	if qhg.Status("strategy.forward-plan") != "in-progress" || qhg.Status("strategy.send-lead") != "not-assessed" {
		t.Errorf("statuses = %q, %q", qhg.Status("strategy.forward-plan"), qhg.Status("strategy.send-lead"))
	}
	got := qhg.Progress([]string{"strategy.forward-plan", "strategy.send-lead"})
	if want := map[string]int{"not-assessed": 1, "not-started": 0, "in-progress": 1, "determined": 0}; !mapsEqual(got, want) {
		t.Errorf("progress = %v, want %v", got, want)
	}
	if qm7 := d.ICB("QM7"); qm7.Overlay.File != "" || qm7.Status("strategy.forward-plan") != "not-assessed" {
		t.Errorf("QM7 without a file: overlay %+v", qm7.Overlay)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestBadData replaces one file of the small data set and checks that the
// problem is reported at the right file and line.
func TestBadData(t *testing.T) {
	tests := []struct {
		name string
		file string // inside organisations/
		body string // "" removes the file
		line int
		col  int // 0: not checked
		word string
	}{
		{"missing file", "nhs_regions.csv", "", 0, 0, "missing"},
		{"missing column", "nhs_regions.csv", "nhs_region_ons_code,nhs_region_name,icb_count,pop_mid2020_all_ages\nE40000003,London,1,300\n", 1, 0,
			`no column "nhs_region_ods_code"`},
		{"ragged row", "icbs.csv", icbsHeader + icbQMJ + "E54000024,QHG,NHS Bedfordshire\n" + icbQM7, 3, 0, "number of values"},
		{"bare quote", "nhs_regions.csv", regionsHeader + "E40000003,Y56,Lon\"don,1,300\nE40000007,Y61,East of England,2,700\n", 2, 18, "double quotes"},
		{"unclosed quote", "lad22_lad23_utla23_england.csv", lookupHeader + "E06000032,\"Luton,E06000032,Luton,E06000032,Luton\n", 2, 0, "not closed"},
		{"bad number", "icbs.csv", icbsHeader + icbQMJ + strings.Replace(icbQHG, ",400,", ",4OO,", 1) + icbQM7, 3, 163, "whole number"},
		{"empty field", "icbs.csv", icbsHeader + strings.Replace(icbQMJ, ",QMJ,", ",,", 1) + icbQHG + icbQM7, 2, 11, "empty"},
		{"duplicate ODS code", "icbs.csv", miniICBs + strings.Replace(icbQM7, "E54000025", "E54000099", 1), 5, 11, "twice"},
		{"duplicate ONS code", "icbs.csv", miniICBs + strings.Replace(icbQM7, ",QM7,", ",QZZ,", 1), 5, 1, "twice"},
		{"duplicate region code", "nhs_regions.csv", miniRegions + "E40000003,Y99,Elsewhere,0,0\n", 4, 1, "twice"},
		{"ICB in unknown region", "icbs.csv", icbsHeader + icbQMJ + icbQHG + strings.Replace(icbQM7, "E40000007", "E40000099", 1), 4, 0, "not in nhs_regions.csv"},
		{"unknown ICB in upper-tier mapping", "utla23_to_icb22.csv", miniUTLA + "E06000055,Bedford,E54000024,QXX,Nowhere,1,0,0,0,1,1,FALSE\n", 6, 29, "no ICB"},
		{"unknown ICB in district mapping", "lad22_to_icb22.csv", strings.Replace(miniLAD, "E54000025,QM7", "E54000025,QZZ", 1), 4, 0, "no ICB"},
		{"wrong ONS code in mapping", "lad22_to_icb22.csv", strings.Replace(miniLAD, "E54000025,QM7", "E54000099,QM7", 1), 4, 0, "ONS code"},
		{"split flag wrong", "lad22_to_icb22.csv", strings.Replace(miniLAD, "0.6,2,TRUE", "0.6,2,FALSE", 1), 6, 0, "lad_is_split"},
		{"shares do not add up", "utla23_to_icb22.csv", strings.Replace(miniUTLA, "0.3333", "0.2333", 1), 4, 0, "add up"},
		{"unmapped authority", "lad22_lad23_utla23_england.csv", miniLookup + "E07000098,Hertsmere,E07000098,Hertsmere,E10000015,Hertfordshire\n", 6, 1,
			"mapped to no ICB"},
		{"overlay for unknown ICB", "icbs/QZZ.yaml", "website:\n", 1, 0, "no ICB has the ODS code QZZ"},
		{"overlay named in lowercase", "icbs/qhg.yaml", "website:\n", 1, 0, "capital letters"},
		{"overlay ending .yml", "icbs/QHG.yml", "website:\n", 0, 0, "rename"},
		{"unknown overlay key", "icbs/QHG.yaml", "website:\nwebiste: https://example.org/\n", 2, 1, "unknown key"},
		{"bad status", "icbs/QHG.yaml", "assessments:\n  strategy.forward-plan:\n    status: done\n", 3, 13, "not-started"},
		{"missing status", "icbs/QHG.yaml", "assessments:\n  strategy.forward-plan:\n    note: Soon.\n", 2, 3, "needs a status"},
		{"empty status", "icbs/QHG.yaml", "assessments:\n  strategy.forward-plan:\n    status:\n", 2, 3, "needs a status"},
		{"unknown item id", "icbs/QHG.yaml", "assessments:\n  strategy.nope:\n    status: determined\n", 2, 3, "not the id of a checklist item"},
		{"bad URL", "icbs/QHG.yaml", "checked:\nwebsite: www.example.org\n", 2, 10, "https://"},
		{"placeholder URL", "icbs/QHG.yaml", "joint_forward_plan: https://...\n", 1, 21, "web address"},
		{"bad evidence URL", "icbs/QHG.yaml", "assessments:\n  strategy.send-lead:\n    status: determined\n    evidence: ftp://example.org/\n", 4, 15, "web address"},
		{"bad date", "icbs/QHG.yaml", "checked: 2026-02-30\n", 1, 10, "real date"},
		{"wrong type", "icbs/QHG.yaml", "notes:\n  - one\n  - two\n", 2, 3, "single piece of text"},
		{"assessments not a mapping", "icbs/QHG.yaml", "assessments: [strategy.forward-plan]\n", 1, 14, "checklist item ids"},
		{"YAML syntax error", "icbs/QHG.yaml", "website: https://example.org/\nnotes: \"unclosed\n", 2, 0, "YAML syntax"},
		{"tab in YAML", "icbs/QHG.yaml", "assessments:\n\tstrategy.forward-plan:\n", 2, 0, "tab"},
		{"not UTF-8", "icbs/QHG.yaml", "notes: caf\xe9\n", 1, 11, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := miniFiles()
			if tt.body == "" {
				delete(files, Dir+"/"+tt.file)
			} else {
				files[Dir+"/"+tt.file] = []byte(tt.body)
			}
			_, errs := Load(files, "content", testItems(t))
			if !hasError(errs, "content/organisations/"+tt.file, tt.line, tt.col, tt.word) {
				t.Errorf("no error at %s:%d:%d with %q; got:\n%v", tt.file, tt.line, tt.col, tt.word, errs)
			}
		})
	}
}

// TestBadDataOtherFile covers problems reported in a file other than the
// one changed.
func TestBadDataOtherFile(t *testing.T) {
	tests := []struct {
		name       string
		file, body string
		errFile    string
		line       int
		word       string
	}{
		{"authority missing from lookup", "lad22_lad23_utla23_england.csv",
			strings.Replace(miniLookup, "E07000096,Dacorum,E07000096,Dacorum,E10000015,Hertfordshire\n", "", 1),
			"lad22_to_icb22.csv", 4, "is not in lad22_lad23_utla23_england.csv"},
		{"ICB with no authorities", "utla23_to_icb22.csv",
			strings.Replace(miniUTLA, "E09000007,Camden,E54000028,QMJ,NHS North Central London Integrated Care Board,1,300,60,90,1,1,FALSE\n", "", 1),
			"icbs.csv", 2, "no local authorities"},
		{"region count wrong", "icbs.csv", icbsHeader + icbQHG + icbQM7 + strings.Replace(icbQMJ, "E40000003,Y56,London", "E40000007,Y61,East of England", 1),
			"nhs_regions.csv", 2, "icb_count is 1"},
		{"ICB population wrong", "icbs.csv", icbsHeader + icbQMJ + strings.Replace(icbQHG, ",400,", ",401,", 1) + icbQM7,
			"nhs_regions.csv", 3, "add up to 701"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := miniFiles()
			files[Dir+"/"+tt.file] = []byte(tt.body)
			_, errs := Load(files, "content", testItems(t))
			if !hasError(errs, "content/organisations/"+tt.errFile, tt.line, 0, tt.word) {
				t.Errorf("no error at %s:%d with %q; got:\n%v", tt.errFile, tt.line, tt.word, errs)
			}
		})
	}
}

// hasError reports whether errs has an error at path:line (and col, unless
// it is 0) whose message contains word.
func hasError(errs diag.List, path string, line, col int, word string) bool {
	for _, e := range errs {
		if e.Path == path && e.Line == line && (col == 0 || e.Col == col) && strings.Contains(e.Msg, word) {
			return true
		}
	}
	return false
}

func TestNoItems(t *testing.T) {
	_, errs := Load(miniFiles(), "content", Items{})
	if !hasError(errs, "content/organisations/icbs/QHG.yaml", 9, 3, `"strategy.forward-plan" is not the id of a checklist item: use an id from the checklist`) {
		t.Errorf("errors:\n%v", errs)
	}
}

// TestUnknownItemHint checks that an unknown item id is reported with the
// checklist's file and an id that would do.
func TestUnknownItemHint(t *testing.T) {
	files := miniFiles()
	files["organisations/icbs/QHG.yaml"] = []byte("assessments:\n  strategy.no-such-item: {status: determined}\n")
	_, errs := Load(files, "content", testItems(t))
	want := `"strategy.no-such-item" is not the id of a checklist item: use an id from the checklist in content/checklists/checklist.yaml, such as strategy.forward-plan`
	if !hasError(errs, "content/organisations/icbs/QHG.yaml", 2, 3, want) {
		t.Errorf("errors:\n%v", errs)
	}
}

// FuzzLoad checks that Load never panics, whatever one CSV file and one
// overlay file hold.
func FuzzLoad(f *testing.F) {
	f.Add(miniLAD, miniOverlay)
	f.Add(miniUTLA, "assessments:\n  strategy.send-lead: {status: determined}\n")
	f.Fuzz(func(t *testing.T, csvBody, yamlBody string) {
		files := miniFiles()
		files["organisations/lad22_to_icb22.csv"] = []byte(csvBody)
		files["organisations/icbs/QHG.yaml"] = []byte(yamlBody)
		d, _ := Load(files, "content", testItems(t))
		if d == nil {
			t.Fatal("Load returned nil data")
		}
	})
}
