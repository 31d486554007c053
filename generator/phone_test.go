package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"icsguide/generator/internal/browsertest"
)

// Phone is the screen the layout tests use for a phone: 375 by 812 pixels.
const phoneWidth, phoneHeight = 375, 812

// serveSite serves the built site over HTTP for the browser tests.
func serveSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(siteDir(t))))
	t.Cleanup(srv.Close)
	return srv
}

// TestPhoneFirstScreen checks that on a phone every kind of page starts
// with its content: the h1 is in the first third of the screen, the side
// navigation is not shown (the "Menu" button is) and the breadcrumbs are
// one link, to the parent page. On a wide screen the side navigation and
// the breadcrumbs show, and the button not.
func TestPhoneFirstScreen(t *testing.T) {
	ctx, console := browsertest.Browser(t)
	srv := serveSite(t)
	type layout struct {
		H1Top   float64 `json:"h1"`
		SideNav bool    `json:"sidenav"`
		Menu    bool    `json:"menu"`
		Crumbs  int     `json:"crumbs"`
	}
	const measure = `(() => {
		const shown = el => !!el && el.checkVisibility({visibilityProperty: true});
		return {
			h1: document.querySelector("h1").getBoundingClientRect().top,
			sidenav: shown(document.querySelector(".layout > .sidenav")),
			menu: shown(document.querySelector(".menu-button")),
			crumbs: Array.from(document.querySelectorAll(".breadcrumbs li")).filter(shown).length,
		};
	})()`
	for _, page := range samplePages(t, siteDir(t)) {
		t.Run("/"+page, func(t *testing.T) {
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(phoneWidth, phoneHeight),
				chromedp.Navigate(srv.URL+"/"+page),
				chromedp.WaitReady(chromedp.CSS("h1")),
			)
			if err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](measure))
			if err != nil {
				t.Fatal(err)
			}
			if got.H1Top > phoneHeight/3 {
				t.Errorf("at %dx%d the h1 starts %.0f px down; want it in the first third (%d px)", phoneWidth, phoneHeight, got.H1Top, phoneHeight/3)
			}
			if got.SideNav || !got.Menu {
				t.Errorf("on a phone: side navigation shown %v, Menu button shown %v; want false, true", got.SideNav, got.Menu)
			}
			if got.Crumbs > 1 {
				t.Errorf("on a phone %d breadcrumbs are shown; want only the parent page", got.Crumbs)
			}
			for _, m := range console.Take() {
				t.Errorf("console error: %s", m)
			}
		})
	}

	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/explainers/"),
		chromedp.WaitReady(chromedp.CSS("h1")),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](measure))
	if err != nil {
		t.Fatal(err)
	}
	if !got.SideNav || got.Menu || got.Crumbs < 2 {
		t.Errorf("at 1280 px: side navigation shown %v, Menu button shown %v, %d breadcrumbs; want true, false, 2", got.SideNav, got.Menu, got.Crumbs)
	}
}

// TestMenuButton opens and closes the phone "Menu" with and without
// JavaScript, and follows a link in it; axe-core finds nothing wrong on a
// phone with the menu open.
func TestMenuButton(t *testing.T) {
	axe := readAxe(t)
	ctx, console := browsertest.Browser(t)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	srv := serveSite(t)
	const open = `document.querySelector(".menu-nav").checkVisibility()`

	for _, js := range []bool{true, false} {
		name := map[bool]string{true: "with JavaScript", false: "without JavaScript"}[js]
		t.Run(name, func(t *testing.T) {
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !js}); err != nil {
				t.Fatal(err)
			}
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(phoneWidth, phoneHeight),
				chromedp.Navigate(srv.URL+"/explainers/integrated-care-boards/"),
				chromedp.WaitVisible(chromedp.CSS(".menu-button")),
			)
			if err != nil {
				t.Fatal(err)
			}
			if isOpen, err := chromedp.Run(ctx, chromedp.Evaluate[bool](open)); err != nil || isOpen {
				t.Fatalf("the menu is open before it is pressed (%v)", err)
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".menu-button"))); err != nil {
				t.Fatal(err)
			}
			if err := browsertest.WaitJS(ctx, open, 5*time.Second); err != nil {
				t.Fatalf("pressing Menu does not show the sections: %v", err)
			}
			current, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(".menu-nav [aria-current]") || {}).textContent`))
			if err != nil || current != "Explainers" {
				t.Errorf("the menu marks %q as the current section, want Explainers (%v)", current, err)
			}
			if js {
				// Escape closes it and puts focus back on the button.
				if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
					t.Fatal(err)
				}
				if err := browsertest.WaitJS(ctx, `!(`+open+`) && document.activeElement === document.querySelector(".menu-button")`, 5*time.Second); err != nil {
					t.Errorf("Escape does not close the menu: %v", err)
				}
			} else {
				// The button closes it again.
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".menu-button"))); err != nil {
					t.Fatal(err)
				}
				if err := browsertest.WaitJS(ctx, `!(`+open+`)`, 5*time.Second); err != nil {
					t.Errorf("pressing Menu again does not close it: %v", err)
				}
				// A link in the menu leads to its section.
				err := chromedp.Do(ctx,
					chromedp.Click(chromedp.CSS(".menu-button")),
					chromedp.Click(chromedp.CSS(`.menu-nav a[href$="glossary/"]`)),
					chromedp.WaitReady(chromedp.CSS("dl.glossary")),
				)
				if err != nil {
					t.Errorf("following the glossary link in the menu: %v", err)
				}
			}
		})
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	icbs, _ := filepath.Glob(filepath.Join(siteDir(t), "icbs", "*", "index.html"))
	if len(icbs) == 0 {
		t.Fatal("no ICB pages")
	}
	rel, _ := filepath.Rel(siteDir(t), filepath.Dir(icbs[0]))
	testAxe(t, ctx, console, axe, phoneWidth, srv.URL+"/"+filepath.ToSlash(rel)+"/")
	for _, m := range console.Take() {
		t.Errorf("console error: %s", m)
	}
}
