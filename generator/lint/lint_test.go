package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/tools/txtar"

	"icsguide/generator/content"
	"icsguide/generator/diag"
	"icsguide/generator/markdown"
)

// TestRules runs one archive per rule in testdata. Each archive holds pages,
// or site settings for the contact rule (warned* must be warned, clean* and
// off* must not be), and a file
// "want" listing every warning of that rule as "file:line:col: text", where
// text is a part of the message. The archive's comment may set "today:
// YYYY-MM-DD" and "abbrs: ABC DEF" (the glossary's abbreviations).
func TestRules(t *testing.T) {
	names := map[string]bool{"lint-ignore": true, ContactRule: true}
	for _, r := range Rules {
		names[r.Name] = true
	}
	for name := range names {
		t.Run(name, func(t *testing.T) {
			a, err := txtar.ParseFile(filepath.Join("testdata", name+".txtar"))
			if err != nil {
				t.Fatalf("every rule needs a test archive: %v", err)
			}
			cfg := Config{Today: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), Abbrs: map[string]bool{}}
			for _, line := range strings.Split(string(a.Comment), "\n") {
				if v, ok := strings.CutPrefix(line, "today: "); ok {
					cfg.Today, err = time.Parse("2006-01-02", v)
					if err != nil {
						t.Fatal(err)
					}
				}
				if v, ok := strings.CutPrefix(line, "abbrs: "); ok {
					for _, a := range strings.Fields(v) {
						cfg.Abbrs[a] = true
					}
				}
			}
			var got, want []string
			kinds := map[string]bool{}
			for _, f := range a.Files {
				if f.Name == "want" {
					for _, l := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
						if l = strings.TrimSpace(l); l != "" {
							want = append(want, l)
						}
					}
					continue
				}
				warns, errs := check(f.Name, f.Data, cfg)
				if len(errs) > 0 {
					t.Fatalf("%s: %v", f.Name, errs)
				}
				kind := strings.TrimRight(strings.TrimSuffix(f.Name, filepath.Ext(f.Name)), "0123456789-")
				kind, _, _ = strings.Cut(kind, "-")
				kinds[kind] = true
				warned := false
				for _, w := range warns {
					if !strings.HasSuffix(w.Msg, "["+name+"]") {
						continue
					}
					warned = true
					got = append(got, fmt.Sprintf("%s:%d:%d: %s", w.Path, w.Line, w.Col, w.Msg))
				}
				switch kind {
				case "warned":
					if !warned {
						t.Errorf("%s: no %s warning", f.Name, name)
					}
				case "clean", "off":
					if warned {
						t.Errorf("%s: warned, but should not be", f.Name)
					}
				default:
					t.Errorf("%s: name files warned*, clean* or off*", f.Name)
				}
			}
			for _, k := range []string{"warned", "clean", "off"} {
				if !kinds[k] && name != "lint-ignore" {
					t.Errorf("the archive has no %s*.md page", k)
				}
			}
			if len(got) != len(want) {
				t.Errorf("got %d warnings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
			}
			for _, w := range want {
				pos, part, _ := strings.Cut(w, ": ")
				if !slices.ContainsFunc(got, func(g string) bool {
					return strings.HasPrefix(g, pos+": ") && strings.Contains(g, part)
				}) {
					t.Errorf("no warning %q; got:\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

// check runs the checks on one file of an archive: a page (.md) or the
// site settings (.yaml).
func check(name string, src []byte, cfg Config) (diag.List, diag.List) {
	if strings.HasSuffix(name, ".yaml") {
		s, errs := content.ParseSettings(name, src)
		return Site(s, name, src), errs
	}
	p, errs := content.ParsePage(name, name, src)
	if len(errs) > 0 {
		return nil, errs
	}
	return checkPage(p, cfg), nil
}

// checkPage checks a page on the site converter's parse of its body, as a
// build does.
func checkPage(p *content.Page, cfg Config) diag.List {
	var out diag.List
	markdown.New(nil).Convert(p.Body, markdown.Options{Path: p.Path, File: p.File, Line: p.BodyLine,
		Inspect: func(doc ast.Node, _ []byte) { out = Page(p, doc, cfg) }})
	return out
}

func TestRulesAreDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{ContactRule}
	for _, r := range Rules {
		names = append(names, r.Name)
	}
	for _, n := range names {
		if !strings.Contains(string(readme), "| `"+n+"` |") {
			t.Errorf("the README does not list the rule %s", n)
		}
	}
}

func TestEndsSentence(t *testing.T) {
	for _, tc := range []struct {
		word string
		want bool
	}{
		{"end.", true}, {"end?", true}, {"end!", true}, {"end", false},
		{`end."`, true}, {"end.’", true}, {"end?”", true}, {"end.)", true}, {"end.**", true}, {"end._", true},
		{"e.g.", false}, {"J.", false}, {"”", false}, {"", false}, {"end”", false},
	} {
		if got := endsSentence([]byte(tc.word)); got != tc.want {
			t.Errorf("endsSentence(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
}
