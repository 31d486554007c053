package main

import (
	"html"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
	"icsguide/generator/internal/testsite"
)

// This file checks the SEND figures on the built site against DfE's files,
// worked out again here without the generator's code: every council's and
// ICB's figures in the CSV downloads and on the ICB pages, and England's
// against the check figures in DfE's data README.

const dfeDir = "../content/organisations/dfe-send-statistics/"

// fig is a recomputed figure: a number, or why there is none.
type fig struct {
	n    float64
	why  string // "", "not available" or "not comparable"
	pct  bool
	sign bool
}

func (f fig) csv() string {
	switch {
	case f.why != "":
		return f.why
	case f.pct:
		return strconv.FormatFloat(math.Round(f.n*10)/10, 'f', 1, 64)
	}
	return strconv.FormatInt(int64(math.Round(f.n)), 10)
}

// page is the figure as pages show it: 1,234, 45.9% or +80.4%.
func (f fig) page() string {
	if f.why != "" || f.pct {
		s := f.csv()
		if f.why == "" {
			s += "%"
			if f.sign && math.Round(f.n*10) > 0 {
				s = "+" + s
			}
		}
		return s
	}
	return commas(f.csv())
}

func ratio(a, b fig) fig {
	switch {
	case a.why == "not comparable" || b.why == "not comparable":
		return fig{why: "not comparable"}
	case a.why != "" || b.why != "" || b.n == 0:
		return fig{why: "not available"}
	}
	return fig{n: a.n / b.n * 100, pct: true}
}

// dfeRows reads a DfE file's rows with the given breakdown_topic ("" for
// all) at the levels National and Local authority.
func dfeRows(t *testing.T, name, topic string) []map[string]string {
	t.Helper()
	_, rows := csvFile(t, dfeDir+name)
	var out []map[string]string
	for _, m := range rows {
		if (topic == "" || m["breakdown_topic"] == topic) && (m["geographic_level"] == "National" || m["geographic_level"] == "Local authority") {
			out = append(out, m)
		}
	}
	return out
}

// sendData is DfE's figures by measure, council code (or "England") and
// year, with the years of each measure.
type sendData struct {
	vals    map[string]map[string]map[int]fig
	years   map[string][]int
	formed  map[string]time.Time // councils formed by a merge or split, with the date
	recoded map[string]string    // old code to new code
}

func (s *sendData) get(measure, code string, year int) fig {
	if v, ok := s.vals[measure][code][year]; ok {
		return v
	}
	if d, ok := s.formed[code]; ok && time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Before(d) {
		return fig{why: "not comparable"}
	}
	return fig{why: "not available"}
}

func readSend(t *testing.T) *sendData {
	s := &sendData{vals: map[string]map[string]map[int]fig{}, years: map[string][]int{}, formed: map[string]time.Time{}, recoded: map[string]string{}}
	for _, ch := range readCSV(t, "la_code_changes.csv") {
		if ch["kind"] == "recode" {
			s.recoded[ch["old_code"]] = ch["new_code"]
			continue
		}
		d, _ := time.Parse("2006-01-02", ch["effective"])
		if prev, ok := s.formed[ch["new_code"]]; !ok || d.Before(prev) {
			s.formed[ch["new_code"]] = d
		}
	}
	for _, src := range []struct {
		file, topic string
		cols        map[string]string // measure to column
	}{
		{"caseload.csv", "All EHC plans", map[string]string{"plans": "ehcplans"}},
		{"timeliness_20_week.csv", "All EHC plans issued", map[string]string{"issued": "plans_issued_den", "within": "plans_issued_within_20_weeks",
			"issuedEx": "plans_issued_den_ex", "withinEx": "plans_issued_20_weeks_ex"}},
		{"requests.csv", "All requests for EHC needs assessments", map[string]string{"requests": "requests_received_in_year", "refused": "requests_decided_not_to_assess"}},
	} {
		seen := map[int]bool{}
		for _, r := range dfeRows(t, src.file, src.topic) {
			y, _ := strconv.Atoi(r["time_period"])
			if y > 9999 {
				y = y%100 + 2000 // 201819 is January 2019
			}
			if !seen[y] {
				seen[y] = true
				for m := range src.cols {
					s.years[m] = append(s.years[m], y)
				}
			}
			code := r["new_la_code"]
			if r["geographic_level"] == "National" {
				code = "England"
			}
			if c, ok := s.recoded[code]; ok {
				code = c
			}
			for m, col := range src.cols {
				if s.vals[m] == nil {
					s.vals[m] = map[string]map[int]fig{}
				}
				if s.vals[m][code] == nil {
					s.vals[m][code] = map[int]fig{}
				}
				v := strings.ReplaceAll(r[col], ",", "")
				n, err := strconv.Atoi(v)
				if err != nil {
					s.vals[m][code][y] = fig{why: "not available"}
					continue
				}
				s.vals[m][code][y] = fig{n: float64(n)}
			}
		}
		for m := range src.cols {
			sort.Ints(s.years[m])
		}
	}
	return s
}

// columns are the recomputed figures of an area (council code, or parts
// with shares), keyed by the download's column names.
func (s *sendData) columns(parts map[string]float64) map[string]fig {
	sum := func(m string, y int) fig {
		out := fig{}
		for code, share := range parts {
			v := s.get(m, code, y)
			switch {
			case v.why == "not comparable" || out.why == "not comparable":
				out = fig{why: "not comparable"}
			case v.why != "" || out.why != "":
				out = fig{why: "not available"}
			default:
				out.n += v.n * share
			}
		}
		return out
	}
	cols := map[string]fig{}
	py := s.years["plans"]
	for _, y := range py {
		cols["ehc_plans_january_"+strconv.Itoa(y)] = sum("plans", y)
	}
	g := ratio(sum("plans", py[len(py)-1]), sum("plans", py[0]))
	if g.why == "" {
		g.n -= 100
	}
	g.sign = true
	cols["ehc_plans_change_since_january_"+strconv.Itoa(py[0])+"_pc"] = g
	for _, y := range s.years["issued"] {
		ys := strconv.Itoa(y)
		cols["new_plans_issued_"+ys] = sum("issued", y)
		cols["new_plans_issued_within_20_weeks_"+ys] = sum("within", y)
		cols["pc_within_20_weeks_"+ys] = ratio(sum("within", y), sum("issued", y))
		cols["pc_within_20_weeks_excluding_exceptions_"+ys] = ratio(sum("withinEx", y), sum("issuedEx", y))
	}
	for _, y := range s.years["requests"] {
		ys := strconv.Itoa(y)
		cols["requests_for_assessment_"+ys] = sum("requests", y)
		cols["requests_refused_"+ys] = sum("refused", y)
		cols["pc_requests_refused_"+ys] = ratio(sum("refused", y), sum("requests", y))
	}
	return cols
}

// builtCSV reads a download from the built site, by its first column.
func builtCSV(t *testing.T, dir, name string) ([]string, map[string]map[string]string) {
	t.Helper()
	head, rows := csvFile(t, filepath.Join(dir, "data", name))
	byCode := map[string]map[string]string{}
	for _, r := range rows {
		byCode[r[head[0]]] = r
	}
	return head, byCode
}

// TestSENDFiguresMatchDfE recomputes every council's and ICB's figures from
// DfE's files and compares them with the downloads and the ICB pages.
func TestSENDFiguresMatchDfE(t *testing.T) {
	dir := siteDir(t)
	s := readSend(t)
	utlas := readCSV(t, "utla23_to_icb22.csv")
	total25 := map[string]float64{}
	for _, u := range utlas {
		n, _ := strconv.ParseFloat(u["pop_mid2020_0_25"], 64)
		total25[u["utla23cd"]] += n
	}
	head, councils := builtCSV(t, dir, "send-by-council.csv")
	if len(councils) != 153 {
		t.Errorf("send-by-council.csv has %d councils, want 153", len(councils))
	}
	if head[0] != "council_ons_code" || head[1] != "council_name" {
		t.Errorf("send-by-council.csv starts %v", head[:2])
	}
	icbParts := map[string]map[string]float64{}
	icbCouncils := map[string][]string{}
	for _, u := range utlas {
		code := u["utla23cd"]
		row := councils[code]
		if row == nil {
			t.Errorf("send-by-council.csv has no row for %s %s", code, u["utla23nm"])
			continue
		}
		n, _ := strconv.ParseFloat(u["pop_mid2020_0_25"], 64)
		if icbParts[u["icb22cdh"]] == nil {
			icbParts[u["icb22cdh"]] = map[string]float64{}
		}
		icbParts[u["icb22cdh"]][code] = n / total25[code]
		icbCouncils[u["icb22cdh"]] = append(icbCouncils[u["icb22cdh"]], code)
		for col, want := range s.columns(map[string]float64{code: 1}) {
			if got := row[col]; got != want.csv() {
				t.Errorf("%s %s: %s is %q, DfE's files give %q", code, u["utla23nm"], col, got, want.csv())
			}
		}
	}
	_, icbs := builtCSV(t, dir, "send-by-icb.csv")
	if len(icbs) != 42 {
		t.Errorf("send-by-icb.csv has %d ICBs, want 42", len(icbs))
	}
	lastPlans := "ehc_plans_january_" + strconv.Itoa(s.years["plans"][len(s.years["plans"])-1])
	growth := "ehc_plans_change_since_january_" + strconv.Itoa(s.years["plans"][0]) + "_pc"
	lastTimely := "pc_within_20_weeks_" + strconv.Itoa(s.years["issued"][len(s.years["issued"])-1])
	lastRefused := "pc_requests_refused_" + strconv.Itoa(s.years["requests"][len(s.years["requests"])-1])
	for _, icb := range readCSV(t, "icbs.csv") {
		row := icbs[icb["icb_ons_code"]]
		if row == nil {
			t.Errorf("send-by-icb.csv has no row for %s", icb["icb_name"])
			continue
		}
		parts := icbParts[icb["icb_ods_code"]]
		estimate := false
		for _, sh := range parts {
			estimate = estimate || sh < 1
		}
		if strings.HasPrefix(row["estimate"], "yes") != estimate {
			t.Errorf("%s: estimate is %q, want %v", icb["icb_short_name"], row["estimate"], estimate)
		}
		cols := s.columns(parts)
		for col, want := range cols {
			if got := row[col]; got != want.csv() {
				t.Errorf("%s: %s is %q, DfE's files give %q", icb["icb_short_name"], col, got, want.csv())
			}
		}
		slug := strings.Trim(slugRE.ReplaceAllString(strings.ToLower(icb["icb_short_name"]), "-"), "-")
		data, err := os.ReadFile(filepath.Join(dir, "icbs", slug, "index.html"))
		if err != nil {
			t.Error(err)
			continue
		}
		page := html.UnescapeString(string(data))
		for _, col := range []string{lastPlans, growth, lastTimely, lastRefused} {
			if want := `<td class="num">` + cols[col].page() + `</td><td class="num">`; !strings.Contains(page, want) {
				t.Errorf("%s page lacks the ICB's %s %q", icb["icb_short_name"], col, cols[col].page())
			}
		}
		for _, code := range icbCouncils[icb["icb_ods_code"]] {
			one := s.columns(map[string]float64{code: 1})
			i := strings.Index(page, `<tr id="send-`+code+`">`)
			if i < 0 {
				t.Errorf("%s page has no SEND row for council %s", icb["icb_short_name"], code)
				continue
			}
			tr := page[i : i+strings.Index(page[i:], "</tr>")]
			for _, col := range []string{lastPlans, growth, lastTimely, "pc_within_20_weeks_excluding_exceptions_" + lastTimely[len(lastTimely)-4:], lastRefused} {
				if !strings.Contains(tr, `<td class="num">`+one[col].page()+`</td>`) {
					t.Errorf("%s page: council %s lacks %s %q in %s", icb["icb_short_name"], code, col, one[col].page(), tr)
				}
			}
		}
	}
}

// TestSENDEnglandCheckFigures checks England's figures, from DfE's national
// rows, against the check figures in DfE's data README, on the overview
// page.
func TestSENDEnglandCheckFigures(t *testing.T) {
	s := readSend(t)
	eng := s.columns(map[string]float64{"England": 1})
	for col, want := range map[string]string{
		"ehc_plans_january_2025":                       "638745",
		"ehc_plans_january_2019":                       "353995",
		"pc_within_20_weeks_2024":                      "45.9",
		"pc_within_20_weeks_excluding_exceptions_2024": "46.4",
		"pc_within_20_weeks_2019":                      "58.7",
		"requests_refused_2024":                        "38889",
		"requests_for_assessment_2024":                 "154489",
		"pc_requests_refused_2024":                     "25.2",
	} {
		if got := eng[col].csv(); got != want {
			t.Errorf("England %s: DfE's files give %s, the check figure is %s", col, got, want)
		}
	}
	data, err := os.ReadFile(filepath.Join(siteDir(t), "send-data", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(data))
	for _, want := range []string{"638,745", "353,995", "45.9%", "46.4%", "58.7%", "25.2%", "154,489",
		`href="../data/send-by-icb.csv"`, `href="../data/send-by-council.csv"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the overview page lacks %q", want)
		}
	}
	if n := strings.Count(page, `<th scope="row" data-sort=`); n != 42 {
		t.Errorf("the overview's ICB table has %d rows, want 42", n)
	}
}

// TestSENDCorruptRowFailsBuild corrupts one figure in a copy of the site:
// the build names the file and line and leaves the last output alone.
func TestSENDCorruptRowFailsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site twice")
	}
	dir := t.TempDir()
	testsite.CopySite(t, "..", dir)
	if code, _, stderr := runCLI("build", "--source", dir); code != 0 {
		t.Fatalf("build failed:\n%s", stderr)
	}
	out := filepath.Join(dir, "public")
	before := treeHash(t, out)
	path := filepath.Join(dir, "content", "organisations", "dfe-send-statistics", "caseload.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	line := 0
	for i, l := range lines {
		if strings.Contains(l, ",Local authority,") && strings.Contains(l, ",All EHC plans,All EHC plans,") {
			f := strings.Split(l, ",")
			f[12] = "12O" // a letter O for a zero
			lines[i], line = strings.Join(f, ","), i+1
			break
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("build", "--source", dir)
	want := "content/organisations/dfe-send-statistics/caseload.csv:" + strconv.Itoa(line) + ":"
	if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, `not "12O"`) {
		t.Errorf("exit %d, errors:\n%s\nwant %s... not \"12O\"", code, stderr, want)
	}
	if treeHash(t, out) != before {
		t.Error("a failed build changed public/")
	}
}

// TestSENDTableSorts clicks a column heading of the overview's table of
// ICBs: the rows sort by that column, up then down, and say so.
func TestSENDTableSorts(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(siteDir(t))))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/send-data/"), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	click := `(() => {
		const t = document.getElementById("send-icb-table");
		t.tHead.rows[0].cells[2].querySelector("button").click();
		return [t.tHead.rows[0].cells[2].getAttribute("aria-sort")].concat(
			Array.from(t.tBodies[0].rows, r => r.cells[2].getAttribute("data-sort")));
	})()`
	for _, want := range []string{"ascending", "descending"} {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](click))
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != want || len(got) != 43 {
			t.Fatalf("aria-sort %q with %d rows, want %s with 42", got[0], len(got)-1, want)
		}
		prev := math.Inf(-1)
		if want == "descending" {
			prev = math.Inf(1)
		}
		for _, v := range got[1:] {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil || (want == "ascending" && n < prev) || (want == "descending" && n > prev) {
				t.Fatalf("rows not in %s order: %v", want, got[1:])
			}
			prev = n
		}
	}
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}

// TestSENDFindYourICBLinks checks that every council and district in the A
// to Z links to its council's row of SEND figures on an ICB page.
func TestSENDFindYourICBLinks(t *testing.T) {
	dir := siteDir(t)
	data, err := os.ReadFile(filepath.Join(dir, "find-your-icb", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	items := regexp.MustCompile(`(?s)<li data-name="([^"]*)"[^>]*>(.*?)</li>`).FindAllStringSubmatch(string(data), -1)
	link := regexp.MustCompile(`href="\.\./icbs/([^"#]+)/#(send-E[0-9]{8})"`)
	pages := map[string]string{}
	for _, it := range items {
		m := link.FindStringSubmatch(it[2])
		if m == nil {
			t.Errorf("%s has no link to SEND figures", it[1])
			continue
		}
		page, ok := pages[m[1]]
		if !ok {
			b, err := os.ReadFile(filepath.Join(dir, "icbs", m[1], "index.html"))
			if err != nil {
				t.Errorf("%s links to a missing page %s", it[1], m[1])
				continue
			}
			page = string(b)
			pages[m[1]] = page
		}
		if !strings.Contains(page, `<tr id="`+m[2]+`">`) {
			t.Errorf("%s links to #%s, which is not a row on %s", it[1], m[2], m[1])
		}
	}
	if len(items) < 300 {
		t.Errorf("only %d councils listed", len(items))
	}
}
