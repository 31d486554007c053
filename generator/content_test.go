package main

import (
	"regexp"
	"strings"
	"testing"

	"icsguide/generator/content"
	"icsguide/generator/urlpath"
)

// TestGuidanceContent checks the repository's own guidance: every
// explainer has sources, review dates, a description and links to at least
// two other pages; the checklist and glossary are complete.
func TestGuidanceContent(t *testing.T) {
	src, errs := content.Load(content.DirFS(".."), "content")
	if len(errs) > 0 {
		t.Fatalf("the content has errors:\n%v", errs)
	}
	linkRE := regexp.MustCompile(`\]\(([^)#\s]+\.md)(#[^)]*)?\)`)
	explainers := 0
	for path, p := range src.Pages {
		if !strings.HasPrefix(path, "explainers/") || p.IsSection {
			continue
		}
		explainers++
		if len(p.Sources) == 0 {
			t.Errorf("%s lists no sources", p.File)
		}
		if p.Reviewed.IsZero() || p.ReviewDue.IsZero() {
			t.Errorf("%s lacks reviewed or review_due", p.File)
		}
		if p.Description == "" || len(p.Audience) == 0 {
			t.Errorf("%s lacks a description or audience", p.File)
		}
		targets := map[string]bool{}
		for _, m := range linkRE.FindAllStringSubmatch(string(p.Body), -1) {
			if target, ok := urlpath.Resolve(path, m[1]); ok && target != path {
				targets[target] = true
			}
		}
		if len(targets) < 2 {
			t.Errorf("%s links to %d other pages, want at least 2", p.File, len(targets))
		}
	}
	if explainers < 16 {
		t.Errorf("%d explainers, want at least 16", explainers)
	}
	items := 0
	for _, a := range src.Checklist.Areas {
		items += len(a.Items)
	}
	if items < 20 || len(src.Checklist.Areas) != 4 {
		t.Errorf("%d checklist items in %d areas, want at least 20 in 4", items, len(src.Checklist.Areas))
	}
	if len(src.Glossary) < 40 {
		t.Errorf("%d glossary terms, want at least 40", len(src.Glossary))
	}
}
