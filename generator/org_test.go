package main

import (
	"encoding/csv"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"icsguide/generator/internal/testsite"
)

func readCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	_, rows := csvFile(t, filepath.Join("..", "content", "organisations", name))
	return rows
}

// csvFile reads a CSV file (with or without a byte order mark): its header
// and its rows by column name.
func csvFile(t *testing.T, path string) ([]string, []map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs[0][0] = strings.TrimPrefix(recs[0][0], "\ufeff")
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

// commas formats a whole number as the pages do: 1,234,567.
func commas(s string) string {
	n, _ := strconv.Atoi(s)
	out := strconv.Itoa(n)
	for i := len(out) - 3; i > 0; i -= 3 {
		out = out[:i] + "," + out[i:]
	}
	return out
}

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

// TestICBPagesMatchData checks every ICB page against icbs.csv: name,
// codes, region and populations, and its local authorities.
func TestICBPagesMatchData(t *testing.T) {
	dir := siteDir(t)
	utlas := readCSV(t, "utla23_to_icb22.csv")
	for _, icb := range readCSV(t, "icbs.csv") {
		slug := strings.Trim(slugRE.ReplaceAllString(strings.ToLower(icb["icb_short_name"]), "-"), "-")
		data, err := os.ReadFile(filepath.Join(dir, "icbs", slug, "index.html"))
		if err != nil {
			t.Errorf("no page for %s: %v", icb["icb_name"], err)
			continue
		}
		page := html.UnescapeString(string(data))
		for _, want := range []string{
			"<h1>" + icb["icb_name"] + "</h1>",
			"<code>" + icb["icb_ods_code"] + "</code>",
			"<code>" + icb["icb_ons_code"] + "</code>",
			icb["nhs_region_name"] + "</a>",
			commas(icb["pop_mid2020_all_ages"]),
			commas(icb["pop_mid2020_0_25"]),
			commas(icb["pop_mid2020_0_17"]),
			`data-item-id="`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks %q", icb["icb_short_name"], want)
			}
		}
		for _, u := range utlas {
			// Each council links to its entry in the A to Z of councils.
			if u["icb22cdh"] == icb["icb_ods_code"] && !strings.Contains(page, `#council-`+u["utla23cd"]+`">`+u["utla23nm"]+`</a>`) {
				t.Errorf("%s page lacks the council %s", icb["icb_short_name"], u["utla23nm"])
			}
		}
	}
	index, err := os.ReadFile(filepath.Join(dir, "icbs", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(index), `<tr data-region=`); n != 42 {
		t.Errorf("the ICB index lists %d ICBs, want 42", n)
	}
	svg := string(index)
	if i := strings.Index(svg, `<svg class="england-map"`); i >= 0 {
		svg = svg[i:]
		svg = svg[:strings.Index(svg, "</svg>")]
	}
	if n := strings.Count(svg, `<a href="`); n != 42 {
		t.Errorf("the map links %d ICBs, want 42", n)
	}
	regions, _ := filepath.Glob(filepath.Join(dir, "regions", "*", "index.html"))
	if len(regions) != 7 {
		t.Errorf("%d region pages, want 7", len(regions))
	}
}

// TestFindYourICB checks that every local authority in the data is listed,
// each with a link to an ICB page that exists.
func TestFindYourICB(t *testing.T) {
	dir := siteDir(t)
	data, err := os.ReadFile(filepath.Join(dir, "find-your-icb", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(data))
	names := map[string]bool{}
	for _, r := range readCSV(t, "utla23_to_icb22.csv") {
		names[r["utla23nm"]] = true
	}
	for _, r := range readCSV(t, "lad22_to_icb22.csv") {
		names[r["lad22nm"]] = true
	}
	itemRE := regexp.MustCompile(`(?s)<li data-name="([^"]*)"[^>]*>(.*?)</li>`)
	listed := map[string]bool{}
	for _, m := range itemRE.FindAllStringSubmatch(page, -1) {
		listed[m[1]] = true
		links := regexp.MustCompile(`href="\.\./icbs/([^"]+)/"`).FindAllStringSubmatch(m[2], -1)
		if len(links) == 0 {
			t.Errorf("%s has no link to an ICB", m[1])
		}
		for _, l := range links {
			if _, err := os.Stat(filepath.Join(dir, "icbs", l[1], "index.html")); err != nil {
				t.Errorf("%s links to a missing ICB page %s", m[1], l[1])
			}
		}
	}
	for n := range names {
		if !listed[n] {
			t.Errorf("%s is not listed", n)
		}
	}
	if len(listed) < 300 {
		t.Errorf("only %d councils listed", len(listed))
	}
}

// TestDataNotice checks that every page showing organisation data says how
// old the data is and links to the page on what has changed since.
func TestDataNotice(t *testing.T) {
	dir := siteDir(t)
	pages := []string{"icbs/", "regions/", "find-your-icb/"}
	for _, glob := range []string{"icbs/*/index.html", "regions/*/index.html"} {
		m, _ := filepath.Glob(filepath.Join(dir, glob))
		if len(m) < 7 {
			t.Fatalf("only %d pages match %s", len(m), glob)
		}
		for _, p := range m {
			rel, _ := filepath.Rel(dir, filepath.Dir(p))
			pages = append(pages, filepath.ToSlash(rel)+"/")
		}
	}
	for _, p := range pages {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		depth := strings.Count(p, "/")
		link := `<a href="` + strings.Repeat("../", depth) + `explainers/changes-since-2022/">What has changed since 2022</a>`
		page := string(data)
		if !strings.Contains(page, "as set up in July 2022") || !strings.Contains(page, link) {
			t.Errorf("%s lacks the notice of the data's date with %s", p, link)
		}
	}
}

// TestFormerDistricts checks that the 17 districts abolished on 1 April
// 2023 are listed as former districts, each leading to its ICB.
func TestFormerDistricts(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(siteDir(t), "find-your-icb", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(data))
	itemRE := regexp.MustCompile(`(?s)<li data-name="([^"]*)"[^>]*>(.*?)</li>`)
	items := map[string]string{}
	for _, m := range itemRE.FindAllStringSubmatch(page, -1) {
		items[m[1]] = m[2]
	}
	former := 0
	for _, r := range readCSV(t, "lad22_lad23_utla23_england.csv") {
		item, ok := items[r["lad22nm"]]
		if !ok {
			t.Errorf("%s is not listed", r["lad22nm"])
			continue
		}
		isFormer := r["lad22cd"] != r["lad23cd"]
		note := "(former district council, part of " + r["utla23nm"] + " since 1 April 2023)"
		if strings.Contains(item, note) != isFormer {
			t.Errorf("%s: former = %v, but its entry is %q", r["lad22nm"], isFormer, item)
		}
		if isFormer {
			former++
			if !strings.Contains(item, `href="../icbs/`) {
				t.Errorf("former district %s does not lead to an ICB", r["lad22nm"])
			}
		}
	}
	if former != 17 {
		t.Errorf("%d former districts, want 17", former)
	}
}

// TestMapErrorLine breaks one outline in a copy of the site's map: the
// check names the map file and the line of the feature.
func TestMapErrorLine(t *testing.T) {
	dir := t.TempDir()
	testsite.CopySite(t, "..", dir)
	path := filepath.Join(dir, "content", "organisations", "icb22_boundaries_simplified.geojson")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n") // one feature a line, from line 2
	lines[6] = strings.Replace(lines[6], `"type":"Polygon"`, `"type":"Point"`, 1)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("check", "--source", dir)
	want := `content/organisations/icb22_boundaries_simplified.geojson:7: feature 5 (`
	if code != 1 || !strings.Contains("\n"+stderr, "\n"+want) || !strings.Contains(stderr, `): geometry type "Point" is not Polygon or MultiPolygon`) {
		t.Errorf("exit %d, errors:\n%s\nwant %s...", code, stderr, want)
	}
}
