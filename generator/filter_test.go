package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"icsguide/generator/internal/browsertest"
)

// TestFindYourICBFilter types into the A to Z filter: a name matches from
// the start of one of its words, and when nothing matches, help is shown.
func TestFindYourICBFilter(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	srv := serveSite(t)
	shown := func(name string) bool {
		t.Helper()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Array.from(document.querySelectorAll("#la-list li[data-name]")).some(li => li.dataset.name === `+strconv.Quote(name)+` && !li.hidden)`))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/find-your-icb/"),
		chromedp.WaitVisible(chromedp.CSS("#la-filter")),
		chromedp.SendKeys(chromedp.CSS("#la-filter"), "hull"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `document.getElementById("la-filter-count").textContent.includes("shown")`, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if !shown("Kingston upon Hull, City of") || shown("Solihull") {
		t.Errorf(`"hull": Kingston upon Hull shown %v, Solihull shown %v; want true, false`, shown("Kingston upon Hull, City of"), shown("Solihull"))
	}

	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#la-filter"), ""), chromedp.SendKeys(chromedp.CSS("#la-filter"), "zzq"))
	if err != nil {
		t.Fatal(err)
	}
	if err := browsertest.WaitJS(ctx, `!document.getElementById("la-filter-help").hidden && document.querySelector(".az").hidden`, 5*time.Second); err != nil {
		t.Errorf("no help shown (and the A to Z letters not hidden) when nothing matches: %v", err)
	}
	count, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("la-filter-count").textContent`))
	if err != nil || !strings.Contains(count, "No council matches") {
		t.Errorf("count when nothing matches: %q (%v)", count, err)
	}
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}

// TestRegionFilter chooses a region above the ICB table: the choice goes
// into the address and is kept on reload, the caption and a status message
// give the number of ICBs shown.
func TestRegionFilter(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	srv := serveSite(t)
	const rows = `Array.from(document.querySelectorAll("#icb-table tbody tr")).filter(tr => !tr.hidden).length`
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/icbs/"),
		chromedp.WaitVisible(chromedp.CSS("#region-filter")),
		chromedp.SetValue(chromedp.CSS("#region-filter"), "london"),
	)
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[any](`document.getElementById("region-filter").dispatchEvent(new Event("change"))`))
	}
	if err != nil {
		t.Fatal(err)
	}
	address, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if err != nil || address != "?region=london" {
		t.Errorf("address after choosing London: %q, want ?region=london (%v)", address, err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](rows))
	if err != nil || n < 1 || n >= 42 {
		t.Fatalf("%d rows shown for London (%v)", n, err)
	}
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("region-filter-count").textContent`))
	caption, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("icb-table-caption").textContent`))
	if !strings.Contains(status, "Showing "+strconv.Itoa(n)+" of 42") || !strings.HasPrefix(caption, strconv.Itoa(n)+" Integrated Care Boards in London") {
		t.Errorf("%d rows shown, but the status says %q and the caption %q", n, status, caption)
	}

	// Reloaded (or shared), the address shows the same region.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#region-filter"))); err != nil {
		t.Fatal(err)
	}
	again, err := chromedp.Run(ctx, chromedp.Evaluate[int](rows))
	value, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("region-filter").value`))
	if err != nil || again != n || value != "london" {
		t.Errorf("after a reload: %d rows and region %q; want %d and london (%v)", again, value, n, err)
	}
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}
