package orgdata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"icsguide/generator/content"
)

// realFiles reads the organisation data kept in content/.
func realFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	root := filepath.Join("..", "..", "content")
	err := filepath.WalkDir(filepath.Join(root, Dir), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func testChecklist(t *testing.T) *content.Checklist {
	t.Helper()
	c, errs := content.ParseChecklist("checklist.yaml", "checklists", []byte(`areas:
  - id: strategy
    title: Strategy
    items:
      - id: strategy.plan
        question: Q?
        why: W.
        source: S.
`))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return c
}

func TestRealData(t *testing.T) {
	d, errs := Load(realFiles(t), "content", testChecklist(t))
	if len(errs) > 0 {
		t.Fatalf("errors in the real data:\n%v", errs)
	}
	if len(d.ICBs) != 42 || len(d.Regions) != 7 {
		t.Fatalf("%d ICBs and %d regions, want 42 and 7", len(d.ICBs), len(d.Regions))
	}
	want := map[string]int{"London": 5, "South East": 6, "South West": 7, "East of England": 6, "North West": 3, "Midlands": 11, "North East and Yorkshire": 4}
	total := 0
	for _, r := range d.Regions {
		if len(r.ICBs) != want[r.Name] {
			t.Errorf("%s has %d ICBs, want %d", r.Name, len(r.ICBs), want[r.Name])
		}
		sum := 0
		for _, icb := range r.ICBs {
			sum += icb.Population
		}
		if sum != r.Population {
			t.Errorf("%s: ICB populations add up to %d, the region's is %d", r.Name, sum, r.Population)
		}
		total += sum
	}
	if total != 56550138 {
		t.Errorf("England's population adds up to %d, want 56,550,138", total)
	}
	var upper, lower, splitUpper, splitLower int
	for _, a := range d.Authorities {
		if len(a.Parts) == 0 {
			t.Errorf("%s lies in no ICB", a.Name)
		}
		split := len(a.Parts) > 1
		switch a.Tier {
		case "upper":
			upper++
			if split {
				splitUpper++
			}
		case "lower":
			lower++
			if split {
				splitLower++
			}
			if a.Parent == nil {
				t.Errorf("district %s has no county", a.Name)
			}
		}
	}
	if upper != 153 || splitUpper != 11 {
		t.Errorf("%d upper-tier authorities (%d split), want 153 (11 split)", upper, splitUpper)
	}
	if splitLower == 0 || lower == 0 {
		t.Errorf("%d districts, %d split", lower, splitLower)
	}
	if icb := d.ICB("QHG"); icb == nil || icb.Slug != "bedfordshire-luton-and-milton-keynes" || icb.Status("strategy.plan") != "not-assessed" {
		t.Errorf("QHG = %+v", icb)
	}
}

// TestBadData changes one file of the real data and checks the error.
func TestBadData(t *testing.T) {
	tests := []struct {
		name, file, body string
		want             string // "file:line: words"
	}{
		{"ragged row", "icbs.csv", "icb_ons_code,icb_ods_code,icb_name,icb_short_name,icb_ons_code_apr2024,nhs_region_ons_code,nhs_region_ods_code,nhs_region_name,sub_icb_location_count,pop_mid2020_all_ages,pop_mid2020_0_17,pop_mid2020_0_25\nE54000024,QHG,Name\n",
			"organisations/icbs.csv:2:"},
		{"bare quote", "nhs_regions.csv", "nhs_region_ons_code,nhs_region_ods_code,nhs_region_name,icb_count,pop_mid2020_all_ages\nE40000003,Y56,Lon\"don,5,9002488\n",
			"organisations/nhs_regions.csv:2:"},
		{"missing column", "nhs_regions.csv", "nhs_region_ons_code,nhs_region_name\nE40000003,London\n",
			`organisations/nhs_regions.csv:1: the header has no column "nhs_region_ods_code"`},
		{"bad number", "nhs_regions.csv", "nhs_region_ons_code,nhs_region_ods_code,nhs_region_name,icb_count,pop_mid2020_all_ages\nE40000003,Y56,London,5,lots\n",
			"organisations/nhs_regions.csv:2: pop_mid2020_all_ages must be a whole number"},
		{"duplicate region", "nhs_regions.csv", "nhs_region_ons_code,nhs_region_ods_code,nhs_region_name,icb_count,pop_mid2020_all_ages\nE40000003,Y56,London,5,1\nE40000003,Y56,London,5,1\n",
			"organisations/nhs_regions.csv:3: region code E40000003 is used twice (first on line 2)"},
		{"unknown ICB in mapping", "utla23_to_icb22.csv", "utla23cd,utla23nm,icb22cd,icb22cdh,icb22nm,lsoa11_count,pop_mid2020_all_ages,pop_mid2020_0_17,pop_mid2020_0_25,share_of_utla_population,utla_icb_count,utla_is_split\nE06000001,Hartlepool,E54000999,QZZ,Nowhere,1,1,1,1,1,1,FALSE\n",
			"organisations/utla23_to_icb22.csv:2: Hartlepool is mapped to the ICB QZZ (E54000999), which is not in icbs.csv"},
		{"overlay for unknown ICB", "icbs/QZZ.yaml", "website: https://example.org\n",
			`organisations/icbs/QZZ.yaml:1: no ICB has the ODS code "QZZ"`},
		{"unknown overlay key", "icbs/QHG.yaml", "webiste: https://example.org\n",
			`organisations/icbs/QHG.yaml:1:1: unknown key "webiste"`},
		{"bad URL", "icbs/QHG.yaml", "website: example.org\n",
			"organisations/icbs/QHG.yaml:1:10: website must be a full web address"},
		{"bad date", "icbs/QHG.yaml", "checked: 2026-13-01\n",
			"organisations/icbs/QHG.yaml:1:10: checked: \"2026-13-01\" is not a real date"},
		{"unknown item", "icbs/QHG.yaml", "assessments:\n  strategy.nope:\n    status: determined\n",
			`organisations/icbs/QHG.yaml:2:3: "strategy.nope" is not a checklist item id`},
		{"bad status", "icbs/QHG.yaml", "assessments:\n  strategy.plan:\n    status: done\n",
			`organisations/icbs/QHG.yaml:3:13: status "done" is not one of: not-assessed, not-started, in-progress, determined`},
		{"YAML syntax", "icbs/QHG.yaml", "website: [oops\n",
			"organisations/icbs/QHG.yaml:1: YAML syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := realFiles(t)
			files[Dir+"/"+tt.file] = []byte(tt.body)
			_, errs := Load(files, "content", testChecklist(t))
			if !strings.Contains(errs.Error(), "content/"+tt.want) {
				t.Errorf("errors lack %q:\n%v", "content/"+tt.want, errs)
			}
		})
	}
	t.Run("unmapped authority", func(t *testing.T) {
		files := realFiles(t)
		lad := string(files[Dir+"/lad22_to_icb22.csv"])
		lines := strings.Split(lad, "\n")
		var kept []string
		for _, l := range lines {
			if !strings.HasPrefix(l, "E06000001,") {
				kept = append(kept, l)
			}
		}
		files[Dir+"/lad22_to_icb22.csv"] = []byte(strings.Join(kept, "\n"))
		_, errs := Load(files, "content", testChecklist(t))
		if !strings.Contains(errs.Error(), "content/organisations/lad22_lad23_utla23_england.csv:2: Hartlepool (E06000001) is mapped to no ICB") {
			t.Errorf("errors:\n%v", errs)
		}
	})
	t.Run("good overlay", func(t *testing.T) {
		files := realFiles(t)
		files[Dir+"/icbs/QHG.yaml"] = []byte("website: https://example.org/\nassessments:\n  strategy.plan:\n    status: in-progress\n    date: 2026-01-31\n")
		d, errs := Load(files, "content", testChecklist(t))
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		icb := d.ICB("QHG")
		if icb.Overlay.Website != "https://example.org/" || icb.Status("strategy.plan") != "in-progress" || icb.Progress([]string{"strategy.plan"})["in-progress"] != 1 {
			t.Errorf("overlay = %+v", icb.Overlay)
		}
	})
}
