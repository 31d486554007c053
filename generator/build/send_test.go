package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"icsguide/generator/internal/testsite"
)

// TestRebuildAfterDfEEdit edits a figure in one of DfE's files, as the
// preview does, and checks the ICB page shows the new total.
func TestRebuildAfterDfEEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole site twice")
	}
	dir := t.TempDir()
	testsite.CopySite(t, filepath.Join("..", ".."), dir)
	b := New(Options{Source: dir, Preview: true})
	res, errs := b.Build()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	total := func(res *Result) string {
		page := string(res.Files["icbs/dorset/index.html"])
		i := strings.Index(page, "EHC plans in January 2025</th><td class=\"num\">")
		if i < 0 {
			t.Fatal("no EHC plans on the Dorset page")
		}
		page = page[i+len("EHC plans in January 2025</th><td class=\"num\">"):]
		return page[:strings.Index(page, "<")]
	}
	before := total(res)
	path := filepath.Join(dir, "content", "organisations", "dfe-send-statistics", "caseload.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "202425,") && strings.Contains(l, ",E06000059,") && strings.Contains(l, ",All EHC plans,All EHC plans,") {
			f := strings.Split(l, ",")
			f[12] += "0" // ten times as many
			lines[i] = strings.Join(f, ",")
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	res, errs = b.Rebuild(Change{"content/organisations/dfe-send-statistics/caseload.csv"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if after := total(res); after == before {
		t.Errorf("Dorset's total is still %s after the edit", after)
	}
}
