package sendstats

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/orgdata"
)

// testOrg is two ICBs in one region with four councils: One (in A), Two
// (split: 3 in 4 of its 0 to 25 year olds in A), New (in B, formed in 2021
// by a split of Old County) and Renamed (in B, recoded from E10000002).
func testOrg() *orgdata.Data {
	a := &orgdata.ICB{ODSCode: "QAA", ShortName: "Area A", ONSCode: "E54000001", Name: "NHS Area A Integrated Care Board"}
	b := &orgdata.ICB{ODSCode: "QBB", ShortName: "Area B", ONSCode: "E54000002", Name: "NHS Area B Integrated Care Board"}
	r := &orgdata.Region{Name: "Region", ICBs: []*orgdata.ICB{a, b}}
	a.Region, b.Region = r, r
	d := &orgdata.Data{ICBs: []*orgdata.ICB{a, b}, Regions: []*orgdata.Region{r}}
	add := func(code, name string, parts ...orgdata.Share) {
		au := &orgdata.Authority{Code: code, Name: name, Tier: "upper"}
		for _, p := range parts {
			p.Authority, p.Split = au, len(parts) > 1
			au.Parts = append(au.Parts, p)
			p.ICB.UpperTier = append(p.ICB.UpperTier, p)
		}
		d.Authorities = append(d.Authorities, au)
	}
	add("E06000001", "One", orgdata.Share{ICB: a, Population0to25: 100, Share: 1})
	add("E06000002", "Two", orgdata.Share{ICB: a, Population0to25: 300, Share: 0.7}, orgdata.Share{ICB: b, Population0to25: 100, Share: 0.3})
	add("E06000003", "New", orgdata.Share{ICB: b, Population0to25: 50, Share: 1})
	add("E06000004", "Renamed", orgdata.Share{ICB: b, Population0to25: 50, Share: 1})
	return d
}

const (
	head     = "\ufefftime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,breakdown_topic,breakdown,"
	caseload = head + "ehcplans,other\n" +
		"201920,Academic year,National,E92000001,England,,,,,,All EHC plans,All EHC plans,1000,1\n" +
		"201920,Academic year,Regional,E92000001,England,E12000001,North East,,,,All EHC plans,All EHC plans,900,1\n" +
		"201920,Academic year,Local authority,E92000001,England,E12000001,North East,E06000001,801,One,All EHC plans,All EHC plans,100,1\n" +
		"201920,Academic year,Local authority,E92000001,England,E12000001,North East,E06000001,801,One,Age,Under 5,7,1\n" +
		"201920,Academic year,Local authority,E92000001,England,E12000001,North East,E06000002,802,Two,All EHC plans,All EHC plans,\"200\",1\n" +
		"201920,Academic year,Local authority,E92000001,England,E12000001,North East,E10000001,803,Old County,All EHC plans,All EHC plans,300,1\n" +
		"201920,Academic year,Local authority,E92000001,England,E12000001,North East,E10000002,804,Renamed,All EHC plans,All EHC plans,400,1\n" +
		"202021,Academic year,National,E92000001,England,,,,,,All EHC plans,All EHC plans,\"1,500\",1\n" +
		"202021,Academic year,Local authority,E92000001,England,E12000001,North East,E06000001,801,One,All EHC plans,All EHC plans,150,1\n" +
		"202021,Academic year,Local authority,E92000001,England,E12000001,North East,E06000002,802,Two,All EHC plans,All EHC plans,x,1\n" +
		"202021,Academic year,Local authority,E92000001,England,E12000001,North East,E06000003,805,New,All EHC plans,All EHC plans,350,1\n" +
		"202021,Academic year,Local authority,E92000001,England,E12000001,North East,E06000004,804,Renamed,All EHC plans,All EHC plans,,1\n"
	timeliness = head + "plans_issued_den,plans_issued_within_20_weeks,plans_issued_den_ex,plans_issued_20_weeks_ex\n" +
		"2024,Calendar year,National,E92000001,England,,,,,,All EHC plans issued,All EHC plans issued,100,50,80,40\n" +
		"2024,Calendar year,Local authority,E92000001,England,,,E06000001,801,One,All EHC plans issued,All EHC plans issued,10,5,8,4\n" +
		"2024,Calendar year,Local authority,E92000001,England,,,E06000002,802,Two,All EHC plans issued,All EHC plans issued,20,10,0,0\n" +
		"2024,Calendar year,Local authority,E92000001,England,,,E06000003,805,New,All EHC plans issued,All EHC plans issued,30,15,30,15\n" +
		"2024,Calendar year,Local authority,E92000001,England,,,E10000002,804,Renamed,All EHC plans issued,All EHC plans issued,40,20,40,20\n"
	requests = head + "requests_received_in_year,requests_decided_not_to_assess\n" +
		"2024,Calendar year,National,E92000001,England,,,,,,All requests for EHC needs assessments,All requests for EHC needs assessments,400,100\n" +
		"2024,Calendar year,Local authority,E92000001,England,,,E06000001,801,One,All requests for EHC needs assessments,All requests for EHC needs assessments,40,10\n" +
		"2024,Calendar year,Local authority,E92000001,England,,,E06000002,802,Two,All requests for EHC needs assessments,All requests for EHC needs assessments,80,20\n" +
		"2024,Calendar year,Local authority,E92000001,England,,,E06000003,805,New,All requests for EHC needs assessments,All requests for EHC needs assessments,120,30\n" +
		"2024,Calendar year,Local authority,E92000001,England,,,E06000004,804,Renamed,All requests for EHC needs assessments,All requests for EHC needs assessments,160,40\n"
	designated = "\ufefftime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,des_med_off,des_clin_off,des_so_care_off\n" +
		"2024,Calendar year,Local authority,E92000001,England,,,E06000001,801,One,Yes,Yes,n/a\n" +
		"2025,Calendar year,Local authority,E92000001,England,,,E06000001,801,One,Not returned,Yes,Yes\n" +
		"2025,Calendar year,Local authority,E92000001,England,,,E06000002,802,Two,No,Recruiting,No\n" +
		"2025,Calendar year,Local authority,E92000001,England,,,E06000003,805,New,Yes,No,n/a\n" +
		"2025,Calendar year,Local authority,E92000001,England,,,E10000002,804,Renamed,Yes,Yes,Yes\n"
	changes = "old_code,old_name,new_code,new_name,effective,kind,note\n" +
		"E10000001,Old County,E06000003,New,2021-04-01,split,county split\n" +
		"E10000002,Renamed,E06000004,Renamed,2020-04-01,recode,same area\n"
)

// load loads the files (name to text, changes under ChangesPath).
func load(t *testing.T, files map[string]string) (*Data, string) {
	d, _, errs := loadOrg(t, files)
	return d, errs
}

// loadOrg is load, also returning the organisation data used.
func loadOrg(t *testing.T, files map[string]string) (*Data, *orgdata.Data, string) {
	t.Helper()
	fsys, streams, data := fstest.MapFS{}, map[string]string{}, map[string][]byte{}
	for name, text := range files {
		if name == ChangesPath {
			data[name] = []byte(text)
			continue
		}
		fsys["dfe/"+name] = &fstest.MapFile{Data: []byte(text)}
		streams[content.StreamDir+"/"+name] = "dfe/" + name
	}
	org := testOrg()
	d, errs := Load(org, fsys, streams, data, "content")
	return d, org, errs.Error()
}

func goodFiles() map[string]string {
	return map[string]string{CaseloadCSV: caseload, TimelinessCSV: timeliness, RequestsCSV: requests,
		DesignatedCSV: designated, ChangesPath: changes}
}

func TestLoadFigures(t *testing.T) {
	d, org, errs := loadOrg(t, goodFiles())
	if errs != "" {
		t.Fatal(errs)
	}
	c := map[string]*Council{}
	for _, x := range d.Councils {
		c[x.Name] = x
	}
	tests := []struct {
		name string
		got  Value
		want string
	}{
		{"England plans, first year", d.England.Plans[0], "1,000"},
		{"England plans, quoted with a thousands separator", d.England.Plans[1], "1,500"},
		{"quoted number", c["Two"].Plans[0], "200"},
		{"x is not available", c["Two"].Plans[1], "not available"},
		{"an empty cell is not available", c["Renamed"].Plans[1], "not available"},
		{"a recode carries over", c["Renamed"].Plans[0], "400"},
		{"a split does not carry over", c["New"].Plans[0], "not comparable"},
		{"after the split", c["New"].Plans[1], "350"},
		{"an ICB with an unknown year", d.ICBs[icbByCode(d, "QAA")].Plans[1], "not available"},
		{"an ICB adds up its councils, a share of a split one", d.ICBs[icbByCode(d, "QAA")].Plans[0], "250"},
		{"a year before a council existed", d.ICBs[icbByCode(d, "QBB")].Plans[0], "not comparable"},
	}
	for _, tt := range tests {
		if got := tt.got.Whole(); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	b := d.ICBs[icbByCode(d, "QBB")]
	if !b.Estimate || d.ICBs[icbByCode(d, "QAA")].Estimate != true {
		t.Error("ICBs with a share of a split council are not marked as estimates")
	}
	if sp := b.SplitParts(); len(sp) != 1 || sp[0].Council.Name != "Two" || sp[0].Share != 0.25 {
		t.Errorf("Area B's split parts: %+v", sp)
	}
	// Area B: a quarter of Two (20 issued, 10 in time) with New and Renamed.
	if got, want := b.LatestTimely().Percent(), "50.0%"; got != want {
		t.Errorf("Area B timeliness %s, want %s", got, want)
	}
	if got, want := b.Issued[0].N, 75.0; got != want {
		t.Errorf("Area B plans issued %v, want %v", got, want)
	}
	if got, want := c["Two"].LatestTimelyEx().Percent(), "not available"; got != want {
		t.Errorf("no plans without exceptions: %s, want %s", got, want)
	}
	if got, want := d.England.LatestRefusedShare().Percent(), "25.0%"; got != want {
		t.Errorf("England refused %s, want %s", got, want)
	}
	if o := d.Officer(c["One"], "DMO"); o.Text() != "Yes (2024)" || o.Latest != "Not returned" {
		t.Errorf("last reported DMO: %+v", o)
	}
	if got := d.FirstDSCO().Year; got != 2025 {
		t.Errorf("first DSCO year %d", got)
	}
	if got := d.WithDCO(b); got != 1 {
		t.Errorf("councils with a DCO in B: %d, want 1 (Renamed)", got)
	}
	if d.Release != 2021 || d.LastPlan().Label != "January 2021" {
		t.Errorf("release %d, last plans %q", d.Release, d.LastPlan().Label)
	}
	if !strings.Contains(c["New"].FormedNote(), "formed on 1 April 2021 from the old council of Old County (part)") {
		t.Errorf("formed note: %q", c["New"].FormedNote())
	}
	for _, r := range d.Regions {
		if r.Estimate || len(r.Parts) != 4 {
			t.Errorf("the region holds every council whole: estimate %v, %d parts", r.Estimate, len(r.Parts))
		}
	}
	csv := string(d.CouncilCSV())
	for _, want := range []string{
		"council_ons_code,council_name,icb_ods_codes,old_codes_in_dfe_files,ehc_plans_january_2020,ehc_plans_january_2021,",
		"E06000003,New,QBB,,not comparable,350,not comparable,30,15,50.0,50.0,120,30,25.0,Yes,No,n/a\n",
		"E06000002,Two,QAA QBB,,200,not available,",
	} {
		if !strings.Contains(csv, want) {
			t.Errorf("council CSV lacks %q:\n%s", want, csv)
		}
	}
	icbs := string(d.ICBCSV(org))
	if n := strings.Count(icbs, "\n"); n != 3 {
		t.Errorf("ICB CSV has %d lines, want 3:\n%s", n, icbs)
	}
}

// icbByCode finds the ICB of d with an ODS code.
func icbByCode(d *Data, ods string) *orgdata.ICB {
	for icb := range d.ICBs {
		if icb.ODSCode == ods {
			return icb
		}
	}
	return nil
}

func TestLoadErrors(t *testing.T) {
	file := "content/" + content.StreamDir + "/"
	tests := []struct {
		name, file, from, to, want string
	}{
		{"not a number", CaseloadCSV, "One,All EHC plans,All EHC plans,150", "One,All EHC plans,All EHC plans,15O",
			file + CaseloadCSV + ":10:123: ehcplans must be a whole number (or x when not available), not \"15O\""},
		{"negative", TimelinessCSV, "Two,All EHC plans issued,All EHC plans issued,20", "Two,All EHC plans issued,All EHC plans issued,-20",
			file + TimelinessCSV + ":4:"},
		{"unknown council", RequestsCSV, "E06000004,804", "E06000099,804",
			file + RequestsCSV + ":6:56: the council code E06000099 (Renamed) matches no council"},
		{"missing column", RequestsCSV, "requests_decided_not_to_assess", "refused",
			file + RequestsCSV + ":1: the header row has no column \"requests_decided_not_to_assess\""},
		{"no row in the latest year", CaseloadCSV, "E06000003,805,New", "E10000001,805,Old County",
			file + CaseloadCSV + ":9: the rows for the latest year (202021) start here, but none is for New (E06000003)"},
		{"two rows for a council", DesignatedCSV, "E10000002,804", "E06000003,804",
			file + DesignatedCSV + ":6:56: a second row for New in 2025 (the first is on line 5)"},
		{"a recode's old and new code in one year", TimelinessCSV, "E06000003,805,New", "E06000004,805,New",
			file + TimelinessCSV + ":6:"},
		{"unknown status", DesignatedCSV, "Recruiting,No", "Maybe,No",
			file + DesignatedCSV + ":4:"},
		{"unclosed quote", CaseloadCSV, "\"200\"", "\"200",
			file + CaseloadCSV + ":6:123: a value in double quotes is not closed on its line"},
		{"too few values", RequestsCSV, "Two,All requests for EHC needs assessments,All requests for EHC needs assessments,80,20", "Two,All requests for EHC needs assessments,All requests for EHC needs assessments,80",
			file + RequestsCSV + ":4: this row has 13 values but the header row has 14 columns"},
		{"bad period", TimelinessCSV, "2024,Calendar year,Local authority,E92000001,England,,,E06000001", "2O24,Calendar year,Local authority,E92000001,England,,,E06000001",
			file + TimelinessCSV + ":3:1: time_period must be"},
		{"bad change kind", ChangesPath, "recode,same", "rename,same",
			"content/" + ChangesPath + ":3:"},
		{"change to no council", ChangesPath, "E06000003,New", "E06000009,New",
			"content/" + ChangesPath + ":2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := goodFiles()
			if !strings.Contains(files[tt.file], tt.from) {
				t.Fatalf("%s has no %q", tt.file, tt.from)
			}
			files[tt.file] = strings.Replace(files[tt.file], tt.from, tt.to, 1)
			d, errs := load(t, files)
			if d != nil || !strings.Contains(errs, tt.want) {
				t.Errorf("errors:\n%s\nwant %q", errs, tt.want)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		files := goodFiles()
		delete(files, RequestsCSV)
		if _, errs := load(t, files); !strings.Contains(errs, file+RequestsCSV+": this file is missing") {
			t.Errorf("errors:\n%s", errs)
		}
	})
	t.Run("no files: no figures", func(t *testing.T) {
		if d, errs := load(t, map[string]string{ChangesPath: changes}); d != nil || errs != "" {
			t.Errorf("got %v, %s", d, errs)
		}
	})
}

func TestWholeNumber(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{{"0", 0, true}, {"1234", 1234, true}, {"1,234", 1234, true}, {"12,345,678", 12345678, true},
		{"1,23", 0, false}, {",123", 0, false}, {"1234,567", 0, false}, {"", 0, false}, {"1.5", 0, false}, {"-3", 0, false}} {
		if n, ok := wholeNumber(tt.in); n != tt.want && ok || ok != tt.ok {
			t.Errorf("wholeNumber(%q) = %d, %v", tt.in, n, ok)
		}
	}
}

func TestSplit(t *testing.T) {
	var errs diag.List
	s := newStream("f.csv", strings.NewReader("\ufeffa,b,c\nx,\"say \"\"hi\"\", then go\",\"1,234\"\n"), &errs, "a", "b", "c")
	if s == nil || !s.Next() || !s.split() {
		t.Fatalf("cannot read: %v", errs)
	}
	if got := s.Get("b"); got != `say "hi", then go` {
		t.Errorf("quoted value %q", got)
	}
	if v, ok := s.Count("c"); !ok || v.N != 1234 {
		t.Errorf("quoted number %v %v", v, ok)
	}
	if s.Next() {
		t.Error("a record after the last line")
	}
}

// BenchmarkLoad reads the site's own DfE files.
func BenchmarkLoad(b *testing.B) {
	src, errs := content.Load(content.DirFS(filepath.Join("..", "..")), "content")
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	cl := src.Checklist
	items := orgdata.Items{Has: func(id string) bool { return cl.Item(id) != nil }, File: cl.File, Example: cl.FirstItemID()}
	org, errs := orgdata.Load(src.Data, "content", items)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := Load(org, src.FS, src.Streams, src.Data, "content"); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
